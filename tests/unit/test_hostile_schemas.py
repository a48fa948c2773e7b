"""A schema from someone else: one hostile schema per attack (tests/unit/hostile), each
refused or held within its limit, with proof that nothing ran or was read.

The trust model is docs/security.md: a schema's plugins are installed plugins only;
programs run only with --allow-exec, files outside the schema's folder are read only with
--allow-files; validate never runs JavaScript; custom code stays within its memory and
its messages cannot forge pgmock's lines.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from clihelp import pgmock

HOSTILE = Path(__file__).parent / "hostile"
SECRET = "SECRET-CONTENT-4242"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The hostile corpus copied into tmp/schemas, with a secret file next to the folder."""
    target = tmp_path / "schemas"
    shutil.copytree(HOSTILE, target)
    (tmp_path / "secret.js").write_text(f"// {SECRET}\n(n) => Array(n).fill('{SECRET}')\n")
    return target


def _markers(root: Path) -> list[str]:
    return sorted(p.name for p in root.rglob("*.marker"))


def _run(folder: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    proc = pgmock(*args, check=False, cwd=folder, env=env)
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode()


# ------------------------------------------------------------------ plugins a schema names


@pytest.mark.parametrize(
    ("schema", "name"),
    [
        ("plugins_module.json", "hostile_plugin"),
        ("plugins_file.json", "./hostile_plugin.py"),
        ("plugins_stdlib.json", "this"),
    ],
)
@pytest.mark.parametrize("command", ["validate", "generate"])
def test_a_schema_cannot_import_modules_or_files_as_plugins(
    folder: Path, schema: str, name: str, command: str
) -> None:
    # The module is importable (on PYTHONPATH and in the working directory): only the
    # rule keeps it from being imported.
    code, out, err = _run(folder, command, schema, env={"PYTHONPATH": str(folder)})
    assert code == 2
    assert f'{schema}: plugins[0]: no installed plugin named "{name}"' in err
    assert "load a module or a .py file with --plugin or PGMOCK_PLUGINS" in err
    assert not (folder / "plugin.marker").exists()
    assert "Beautiful is better than ugly" not in out + err  # import this did not run


def test_the_user_may_still_load_a_local_plugin_file(folder: Path) -> None:
    plain = folder / "plain.json"
    plain.write_text((folder / "plugins_module.json").read_text().replace('"hostile_plugin"', ""))
    code, _, err = _run(folder, "--plugin", "./hostile_plugin.py", "validate", "plain.json")
    assert code == 0, err
    assert (folder / "plugin.marker").exists()  # the rule is about schemas, not the user


# ------------------------------------------------------------------------------ programs


@pytest.mark.parametrize(
    ("schema", "shown"),
    [
        ("exec_shell.json", "would run sh -c 'touch exec.marker;"),
        ("exec_relative.json", "would run ./make_marker.sh"),
    ],
)
@pytest.mark.parametrize("command", ["validate", "generate"])
def test_programs_run_only_with_allow_exec(
    folder: Path, schema: str, shown: str, command: str
) -> None:
    code, _, err = _run(folder, command, schema)
    assert code == 2
    assert f"{schema}: tables.t.columns.c.generator: subprocess.process: {shown}" in err
    assert "(--allow-exec or PGMOCK_ALLOW=exec)" in err
    assert _markers(folder) == []


def test_allow_exec_runs_the_program_and_validate_lists_it(folder: Path) -> None:
    code, out, err = _run(folder, "validate", "exec_relative.json", "--allow-exec")
    assert code == 0, err
    assert "this schema runs (allowed by --allow-exec):" in out
    assert f"  t.c: ./make_marker.sh (in {folder})" in out
    assert _markers(folder) == []  # validate lists, never runs
    code, _, err = _run(folder, "generate", "exec_relative.json", "-f", "out.sql")
    assert code == 2 and _markers(folder) == []
    _run(folder, "generate", "exec_relative.json", "-f", "out.sql", env={"PGMOCK_ALLOW": "exec"})
    assert _markers(folder) == ["exec.marker"]  # the opt-in works (the program then fails)


def test_verify_asks_for_the_same_opt_ins_and_runs_nothing(folder: Path) -> None:
    args = ("verify", "missing.dump", "--schema", "exec_relative.json")
    code, _, err = _run(folder, *args)
    assert code == 2 and "would run ./make_marker.sh" in err and "--allow-exec" in err
    code, _, err = _run(folder, *args, "--allow-exec")
    assert "would run" not in err and "missing.dump" in err  # the schema loaded
    assert _markers(folder) == []


def test_an_unknown_permission_is_a_usage_error(folder: Path) -> None:
    code, _, err = _run(folder, "validate", "exec_shell.json", env={"PGMOCK_ALLOW": "network"})
    assert code == 2
    assert "PGMOCK_ALLOW: unknown permission 'network' (known: exec, files)" in err


# --------------------------------------------------------------------------------- files


@pytest.mark.parametrize(
    ("schema", "shown"),
    [
        ("js_file_outside.json", "would read ../secret.js ("),
        ("js_file_absolute.json", "would read /etc/passwd (/etc/passwd), outside the schema's"),
        ("js_file_symlink.json", "would read link.js ("),
    ],
)
def test_files_outside_the_schemas_folder_need_allow_files(
    folder: Path, schema: str, shown: str
) -> None:
    (folder / "link.js").symlink_to(folder.parent / "secret.js")
    for command in ("validate", "generate"):
        code, out, err = _run(folder, command, schema)
        assert code == 2
        assert f"{schema}: tables.t.columns.c.generator: js.js: {shown}" in err
        assert "(--allow-files or PGMOCK_ALLOW=files)" in err
        assert SECRET not in out + err and "root:" not in out + err


def test_allow_files_reads_it_and_validate_lists_it(folder: Path) -> None:
    code, out, err = _run(folder, "validate", "js_file_outside.json", "--allow-files")
    assert code == 0, err
    secret = folder.parent / "secret.js"
    assert out.splitlines()[1:] == [
        "this schema reads (allowed by --allow-files):",
        f"  t.c: {secret}",
    ]
    code, out, err = _run(folder, "generate", "js_file_outside.json", "--allow-files")
    assert code == 0 and out.count(SECRET) == 30


def test_a_fifo_in_the_folder_is_refused_without_hanging(folder: Path) -> None:
    os.mkfifo(folder / "fifo.js")
    started = time.monotonic()
    code, _, err = _run(folder, "validate", "js_file_fifo.json")
    assert code == 2 and "cannot read fifo.js" in err and "not a regular file" in err
    assert time.monotonic() - started < 30


def test_a_syntax_error_in_a_file_quotes_no_line_of_it(folder: Path) -> None:
    (folder / "secret_syntax.js").write_text(f"// {SECRET}\nconst = 1; // {SECRET}\n")
    schema = folder / "syntax.json"
    schema.write_text(
        '{"version": "1.0", "tables": {"t": {"rowCount": 1, "columns": {"c": {"type": "text",'
        ' "generator": "js", "params": {"file": "secret_syntax.js"}}}}}}'
    )
    code, _, err = _run(folder, "validate", "syntax.json")
    assert code == 2
    assert "JavaScript SyntaxError: Unexpected token '=' (at secret_syntax.js:2)" in err
    assert SECRET not in err


# ------------------------------------------------------- JavaScript validate must not run


def test_code_cannot_close_the_syntax_check_and_run(folder: Path) -> None:
    started = time.monotonic()
    code, _, err = _run(folder, "validate", "js_break_out.json")
    assert code == 2
    assert "js.js: JavaScript SyntaxError" in err
    assert time.monotonic() - started < 30  # the loop after "})" never ran


def test_validate_parses_top_level_code_and_never_runs_it(folder: Path) -> None:
    started = time.monotonic()
    code, out, err = _run(folder, "validate", "js_top_level_loop.json")
    assert code == 0, err
    assert "OK" in out and time.monotonic() - started < 30
    # generate runs it, under the column's timeout
    code, _, err = _run(folder, "generate", "js_top_level_loop.json")
    assert code == 1
    assert "loading failed: timed out after 1 s" in err


def test_a_name_cannot_escape_the_source_url_comment(folder: Path) -> None:
    code, _, err = _run(folder, "generate", "js_source_url.json", "-f", "out.sql")
    if code == 2:  # a later check may refuse such a table name: then nothing ran either
        assert "timed out" not in err
        return
    assert code == 0, err  # the "while (true) {}" in the name stayed inside the comment


# ---------------------------------------------------------------------- JavaScript memory


def _peak(folder: Path, *args: str) -> tuple[int, str, int]:
    """Exit code, stderr and the peak RSS (MiB) of pgmock and every process it started."""
    probe = (
        "import resource, subprocess, sys\n"
        "proc = subprocess.run([sys.executable, '-m', 'pgmock', *sys.argv[1:]],"
        " capture_output=True)\n"
        "sys.stderr.buffer.write(proc.stderr)\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024\n"
        "print(proc.returncode, peak)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PGMOCK_")}
    run = subprocess.run(
        [sys.executable, "-c", probe, *args],
        capture_output=True,
        cwd=folder,
        env=env,
        timeout=300,
    )
    code, peak = run.stdout.split()
    return int(code), run.stderr.decode(), int(peak)


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        ("js_heap_top_level.json", "loading failed: used more than 64 MB of memory"),
        ("js_heap_in_batch.json", "used more than 64 MB of memory"),
        ("js_array_buffers.json", "RangeError: Array buffer allocation failed"),
        ("js_array_buffers_top_level.json", "RangeError: Array buffer allocation failed"),
        ("js_v8_abort.json", "the JavaScript engine stopped while running the top level of"),
    ],
)
def test_javascript_memory_is_capped_and_an_abort_is_a_clean_error(
    folder: Path, schema: str, message: str
) -> None:
    code, err, peak = _peak(folder, "generate", schema, "-f", "out.sql")
    assert code == 1, err
    assert "t.c: generator js.js failed" in err and message in err
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    # 3 GiB of ArrayBuffers were asked for; V8 reserves address space, not memory.
    assert peak < 600, f"peak RSS {peak} MiB"
    assert sorted(p.name for p in folder.iterdir() if "out.sql" in p.name) == []


# ------------------------------------------------------------ what custom code says and returns


def test_a_javascript_message_cannot_forge_pgmock_lines(folder: Path) -> None:
    code, _, err = _run(folder, "generate", "js_forged_message.json")
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("pgmock: t.c: generator js.js failed")
    assert "\x1b" not in err and "\u2028" not in err
    assert "Error: \\x1b[2J\\npgmock: OK, nothing to see\\u2028" in err


def test_a_programs_error_message_cannot_forge_pgmock_lines(folder: Path) -> None:
    code, _, err = _run(folder, "generate", "process_forged_error.json", "--allow-exec")
    assert code == 1
    assert err.count("\n") == 1 and "\x1b" not in err and "\u202e" not in err
    assert "reported an error for rows 0..29: fine\\n\\x1b[1Apgmock: all good \\u202eevil" in err


@pytest.mark.parametrize(
    ("schema", "args", "message"),
    [
        (
            "js_wrong_type.json",
            (),
            "the function at js_wrong_type.json#t.c.code:1 returned for row 7 an object, which "
            "a column of type integer cannot hold",
        ),
        (
            "process_wrong_type.json",
            ("--allow-exec",),
            "python3 answers.py object answered for row 3 an object, which a column of type "
            "integer cannot hold",
        ),
    ],
)
def test_values_are_checked_against_the_column_type(
    folder: Path, schema: str, args: tuple[str, ...], message: str
) -> None:
    code, _, err = _run(folder, "generate", schema, *args, "-f", "out.sql")
    assert code == 1
    assert "pgmock: t.c: generator" in err and message in err
    assert not (folder / "out.sql").exists()


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        (
            "process_answers_twice.json",
            "wrote output before rows 10000..19999 was asked: it answered an earlier request "
            "twice?",
        ),
        (
            "process_answers_twice_with_ids.json",
            "answered rows 10000..19999 (request 2) with the answer to request 1: it answered "
            "twice or out of order",
        ),
    ],
)
def test_a_program_that_answers_twice_is_caught(folder: Path, schema: str, message: str) -> None:
    code, _, err = _run(folder, "generate", schema, "--allow-exec", "-f", "out.sql")
    assert code == 1
    assert message in err


def test_a_program_writing_without_newlines_is_capped(folder: Path) -> None:
    code, err, peak = _peak(folder, "generate", "process_stdout_flood.json", "--allow-exec")
    assert code == 1
    assert "answered the handshake for t.c with a line longer than 256 MiB" in err
    assert peak < 1024, f"peak RSS {peak} MiB"  # the cap, not the 3 GiB it grew to


def test_a_program_flooding_stderr_fills_neither_memory_nor_disk(
    folder: Path, tmp_path: Path
) -> None:
    spool = tmp_path / "tmp"
    spool.mkdir()
    os.environ["TMPDIR"] = str(spool)
    try:
        code, err, peak = _peak(folder, "generate", "process_stderr_flood.json", "--allow-exec")
    finally:
        del os.environ["TMPDIR"]
    assert code == 1
    assert "gave no answer to the handshake for t.c within 2 s (params.timeout)" in err
    assert "(its stderr, 1 line, is shown with --debug)" in err
    assert list(spool.iterdir()) == []  # nothing spooled to disk
    assert peak < 300, f"peak RSS {peak} MiB"
