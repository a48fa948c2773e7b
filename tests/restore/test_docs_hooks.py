"""docs/plugins.md and docs/generator-protocol.md stay true to the code."""

from __future__ import annotations

import inspect
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pgmock.plugins import hookspecs

from clihelp import EXAMPLES, ROOT, pgmock
from pgharness import PgCluster

PLUGINS_MD = ROOT / "docs" / "plugins.md"
PROTOCOL_MD = ROOT / "docs" / "generator-protocol.md"


def _annotation(value: Any) -> str:
    return value if isinstance(value, str) else inspect.formatannotation(value)


def _hookspecs() -> dict[str, Callable[..., Any]]:
    return {
        name: fn
        for name, fn in inspect.getmembers(hookspecs, inspect.isfunction)
        if name.startswith("pgmock_") and hasattr(fn, "pgmock_spec")
    }


def signature_text(name: str, fn: Callable[..., Any]) -> str:
    """``pgmock_register_generators(registry: Registry) -> None``, as the spec declares it."""
    sig = inspect.signature(fn)
    params = ", ".join(f"{p.name}: {_annotation(p.annotation)}" for p in sig.parameters.values())
    return f"{name}({params}) -> {_annotation(sig.return_annotation)}"


def test_every_hook_is_documented_with_its_exact_signature() -> None:
    text = PLUGINS_MD.read_text()
    documented = re.findall(r"^### `(pgmock_\w+)\((.*)\)(?: -> (.*))?`$", text, re.M)
    specs = _hookspecs()
    assert specs, "no hookspecs found"
    names = [name for name, _, _ in documented]
    assert sorted(names) == sorted(specs), "docs/plugins.md and hookspecs.py list other hooks"
    assert len(set(names)) == len(names), "a hook is documented twice"
    for name, params, ret in documented:
        assert f"{name}({params}) -> {ret}" == signature_text(name, specs[name])


def test_every_hook_parameter_is_described() -> None:
    text = PLUGINS_MD.read_text()
    for name, fn in _hookspecs().items():
        start = text.index(f"### `{name}(")
        following = re.search(r"\n#{2,3} ", text[start + 1 :])
        section = text[start : start + 1 + following.start() if following else None]
        for param in inspect.signature(fn).parameters:
            assert f"- `{param}`:" in section, f"{name}: parameter {param} is not described"
        # The spec's summary line, in Markdown's single backticks.
        summary = (fn.__doc__ or "").split("\n")[0].replace("``", "`")
        assert summary and summary in section, f"{name}: summary {summary!r} missing"


def test_the_protocol_example_session_is_what_the_program_answers() -> None:
    text = PROTOCOL_MD.read_text()
    block = text[text.index("## Trying a program by hand") :]
    lines = re.search(r"```\n(.*?)```", block, re.S)
    assert lines is not None
    shown = lines.group(1).splitlines()
    requests = re.findall(r"'(\{.*?\})'", shown[0] + shown[1])
    answers = [line for line in shown if line.startswith("{")]
    run = subprocess.run(
        [str(EXAMPLES / "generators" / "gen_codes.py")],
        input="".join(r + "\n" for r in requests).encode(),
        capture_output=True,
        check=True,
    )
    assert run.stdout.decode().splitlines() == answers


def _tutorial_files(target: Path) -> list[Path]:
    text = PLUGINS_MD.read_text()
    tutorial = text[text.index("## Tutorial") :]
    written = []
    for lang, body in re.findall(r"```(\w+)\n(.*?)```", tutorial, re.S):
        head = re.match(r"# (\S+)", body.splitlines()[0])
        if head and lang in ("toml", "python"):
            path = target / head.group(1)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(body)
            written.append(path)
    (target / "pgmock_acme_retail" / "__init__.py").write_text("")
    return written


def test_the_tutorial_package_passes_its_tests_and_restores(
    pg: PgCluster, pgdb: str, tmp_path: Path
) -> None:
    target = tmp_path / "pgmock-acme-retail"
    written = _tutorial_files(target)
    assert [p.name for p in written] == ["pyproject.toml", "plugin.py", "test_plugin.py"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PGMOCK_")}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=target,
        env=env,
        capture_output=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout.decode() + run.stderr.decode()
    assert b"2 passed" in run.stdout
    schema = tmp_path / "items.json"
    columns = {
        "id": {"type": "serial", "primaryKey": True},
        "sku": {"type": "varchar(12)", "generator": "sku", "unique": True},
    }
    schema.write_text(
        json.dumps(
            {"version": "1.0", "tables": {"items": {"rowCount": 30_000, "columns": columns}}}
        )
    )
    out = tmp_path / "items.sql"
    pgmock(
        "--plugin", "pgmock_acme_retail.plugin", "generate", str(schema), "-f", str(out),
        env={"PYTHONPATH": str(target)},
    )  # fmt: skip
    pg.restore_plain(out, pgdb)
    skus = [r[0] or "" for r in pg.query("SELECT sku FROM items", pgdb)]
    assert len(set(skus)) == 30_000
    assert all(re.fullmatch(r"(BK|TY|EL)-\d{4}-[A-Z]", s) for s in skus)
