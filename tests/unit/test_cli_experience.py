"""The command line as a newcomer meets it: listings, flags anywhere, help that helps."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
import textwrap
from importlib import metadata
from pathlib import Path

from clihelp import pgmock

DISTRIBUTION_PLUGIN = """
    import numpy as np
    from pydantic import Field
    from pgmock_sdk import Distribution, Params, hookimpl

    class StepParams(Params):
        height: float = Field(1.0, description="Height of the step.")

    class Step(Distribution[StepParams]):
        '''Every value is height.'''

        name = "step"

        def sample(self, n, rng, offset):
            return np.full(n, self.params.height)

    @hookimpl
    def pgmock_register_distributions(registry):
        registry.add_distribution(Step)
"""


def _distribution_plugin(tmp_path: Path) -> Path:
    plugin = tmp_path / "step_plugin.py"
    plugin.write_text(textwrap.dedent(DISTRIBUTION_PLUGIN))
    return plugin


def test_distributions_lists_the_registry_with_parameters(tmp_path: Path) -> None:
    listing = json.loads(pgmock("distributions", "--json").stdout)
    by_name = {d["name"].removeprefix("distributions."): d for d in listing}
    assert {"uniform", "normal", "zipf", "weighted"} <= set(by_name)
    zipf = by_name["zipf"]
    assert zipf["plugin"] == "distributions" and zipf["kind"] == "discrete"
    assert set(zipf["params"]["properties"]) == {"s", "n_ranks"}
    assert "Zipf" in zipf["summary"]
    assert "mean" in by_name["normal"]["location_params"]
    text = pgmock("distributions").stdout.decode()
    zipf_line = next(line for line in text.splitlines() if line.startswith("distributions.zipf "))
    assert "params: s, n_ranks" in zipf_line
    # A plugin's distribution is listed as soon as the plugin is loaded.
    plugin = _distribution_plugin(tmp_path)
    listed = json.loads(pgmock("--plugin", str(plugin), "distributions", "--json").stdout)
    step = next(d for d in listed if d["name"] == "step_plugin.step")
    assert step["plugin"] == "step_plugin"
    assert step["params"]["properties"]["height"]["description"] == "Height of the step."


def test_global_options_may_follow_the_command(tmp_path: Path) -> None:
    out = tmp_path / "csv"
    pgmock(
        "generate", "--template", "shop", "--scale", "0.01", "-F", "csv", "--plugin",
        "csv-writer", "-f", str(out),
    )  # fmt: skip
    assert (out / "public.users.csv").read_text().startswith("id,")
    plugin = _distribution_plugin(tmp_path)
    listed = json.loads(pgmock("distributions", f"--plugin={plugin}", "--json").stdout)
    assert "step_plugin.step" in {d["name"] for d in listed}
    # --debug after the command shows the traceback as it does before it.
    bad = tmp_path / "boom_plugin.py"
    bad.write_text("raise RuntimeError('boom')\n")
    proc = pgmock("validate", "--debug", "--plugin", str(bad), "x.json", check=False)
    assert proc.returncode == 2 and b"Traceback" in proc.stderr and b"boom" in proc.stderr
    # After "--" nothing is an option: a file named --debug stays a file name.
    proc = pgmock("validate", "--", "--debug", check=False)
    assert proc.returncode == 2 and b"Traceback" not in proc.stderr
    assert b"--debug" in proc.stderr


def test_schema_without_flags_explains_the_format(tmp_path: Path) -> None:
    guide = pgmock("schema").stdout.decode()
    for key in ("version", "database", "seed", "plugins", "extensions", "types", "tables"):
        assert f"\n  {key} " in guide, key
    assert "pgmock schema --json-schema" in guide and "pgmock distributions" in guide
    # The example is valid as printed and generates.
    lines = guide.splitlines()
    start = lines.index("  {")
    example = "\n".join(lines[start : lines.index("  }", start) + 1])
    path = tmp_path / "example.json"
    path.write_text(example)
    assert json.loads(example)["version"] == "1.1"
    assert b"OK" in pgmock("validate", str(path)).stdout
    assert b"COPY public.orders" in pgmock("generate", str(path)).stdout


def test_version_lists_the_plugins_a_run_loads(tmp_path: Path) -> None:
    from pgmock import __version__

    lines = pgmock("--version").stdout.decode().splitlines()
    assert lines[0] == f"pgmock, version {__version__}"
    listed = {line.split()[0]: line.split()[1:] for line in lines[1:]}
    assert {"core", "faker", "pg-dump", "sql"} <= set(listed)
    assert listed["faker"] == ["pgmockdb", __version__]
    plugin = _distribution_plugin(tmp_path)
    named = pgmock("-V", "--plugin", "csv-writer", "--plugin", str(plugin), "--plugin", "no:faker")
    listed = {line.split()[0]: line for line in named.stdout.decode().splitlines()[1:]}
    assert "faker" not in listed
    assert f"pgmock-csv-writer {metadata.version('pgmock-csv-writer')}" in listed["csv-writer"]
    assert str(plugin) in listed["step_plugin"] and "(loaded)" in listed["step_plugin"]
    # A plugin that does not import is listed as broken: --version still answers.
    broken = pgmock("--version", "--plugin", "no_such_module_xyz")
    assert b"no_such_module_xyz" in broken.stdout and b"broken" in broken.stdout


def test_completion_scripts_complete_commands_and_flags() -> None:
    script = pgmock("completion", "bash").stdout
    assert b"_PGMOCK_COMPLETE=bash_complete" in script
    syntax = subprocess.run(["bash", "-n"], input=script, capture_output=True)
    assert syntax.returncode == 0, syntax.stderr
    # The script, sourced into bash, asks pgmock for candidates: commands, then flags.
    bindir = str(Path(sys.executable).parent)
    assert (Path(bindir) / "pgmock").exists()
    env = {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}"}
    run = subprocess.run(
        ["bash", "-c", 'source /dev/stdin; for w in gen "generate --for"; do '
         "COMP_WORDS=(pgmock $w); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=(); "
         '_pgmock_completion pgmock; echo "${COMPREPLY[*]}"; done'],
        input=script, capture_output=True, env=env, timeout=120,
    )  # fmt: skip
    assert run.stdout.decode().splitlines() == ["generate generators", "--format"], run.stderr
    assert b"fish_complete" in pgmock("completion", "fish").stdout
    assert b"compdef" in pgmock("completion", "zsh").stdout
    assert pgmock("completion", "tcsh", check=False).returncode == 2


def _on_terminal(*args: str) -> tuple[int, str]:
    """Run pgmock with its stderr on a pseudo-terminal; the exit code and what it showed."""
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PGMOCK_")}
    env.update(TERM="xterm-256color", COLUMNS="160")
    proc = subprocess.Popen(
        [sys.executable, "-m", "pgmock", *args],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave, env=env,
    )  # fmt: skip
    os.close(slave)
    shown = b""
    while True:
        try:
            block = os.read(master, 65536)
        except OSError:  # EIO: the child closed its end
            break
        if not block:
            break
        shown += block
    os.close(master)
    return proc.wait(timeout=600), shown.decode()


TABLE_LINE = re.compile(r"^pgmock: (\S+): ([\d,]+) rows, [\d,.]+ (B|kB|MB|GB), \d+\.\d\d s$")


def test_progress_is_live_on_a_terminal_and_silent_on_a_pipe(tmp_path: Path) -> None:
    tty_out, pipe_out = tmp_path / "tty.sql", tmp_path / "pipe.sql"
    code, shown = _on_terminal("generate", "--template", "shop", "-f", str(tty_out), "-v")
    assert code == 0, shown
    assert "\x1b[" in shown  # a live display: redrawn in place
    assert "8000/8000" in shown and "100%" in shown and "ETA" in shown and "/s" in shown
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown).replace("\r", "\n")
    tables = {m[1]: m[2] for m in map(TABLE_LINE.match, plain.splitlines()) if m}
    assert tables == {"users": "1,000", "sales.orders": "5,000", "sales.order_tags": "2,000"}
    # -q on a terminal: nothing but the result.
    code, shown = _on_terminal("generate", "--template", "shop", "-f", str(tty_out), "-q")
    assert code == 0 and shown == "", shown
    # On a pipe: no display; -v lists the tables, no control codes; the output is the same.
    proc = pgmock("generate", "--template", "shop", "-f", str(pipe_out))
    assert proc.stderr == b""
    verbose = pgmock("generate", "--template", "shop", "-v").stderr.decode().splitlines()
    assert [line for line in verbose if not TABLE_LINE.match(line)] == []
    assert {TABLE_LINE.match(line)[1] for line in verbose} == set(tables)  # type: ignore[index]
    assert tty_out.read_bytes() == pipe_out.read_bytes()
    assert pgmock("generate", "--template", "shop", "-v", "-q", check=False).returncode == 2
