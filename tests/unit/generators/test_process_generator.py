"""External-process generators (the ``subprocess`` plugin) with real programs: determinism,
misbehaving, hanging and missing programs, uniqueness, Ctrl-C — and every child reaped.
(tests/restore/generators/test_process_generator.py restores their values into
PostgreSQL.)"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from clihelp import pgmock, terminal_sigint
from process_setup import books_schema, is_alive, logged_pids, process, write_child, write_schema


@pytest.fixture
def child(tmp_path: Path) -> Path:
    return write_child(tmp_path)


def test_process_output_is_deterministic_for_any_jobs(tmp_path: Path, child: Path) -> None:
    log = tmp_path / "log"
    schema = books_schema({"a": {"type": "text", **process(child, "ok", log)}}, rows=30_000)
    schema["tables"]["other"] = {
        "rowCount": 30_000,
        "columns": {"id": {"type": "serial", "primaryKey": True}, "email": {"type": "text"}},
    }
    path = write_schema(tmp_path, schema)
    outs = []
    for args in (["-j", "1"], ["-j", "2"], ["--seed", "10"]):
        out = tmp_path / f"out{len(outs)}.sql"
        pgmock("generate", str(path), "--allow-exec", "-f", str(out), *args)
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    assert outs[2] != outs[0]
    assert not any(is_alive(pid) for pid in logged_pids(log))


def _fails(tmp_path: Path, column: dict[str, Any]) -> str:
    path = write_schema(tmp_path, books_schema({"code": {"type": "text", **column}}, rows=30))
    out = tmp_path / "never.sql"
    proc = pgmock("generate", str(path), "--allow-exec", "-f", str(out), check=False)
    assert proc.returncode == 1, proc.stderr
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".never")] == []
    err = proc.stderr.decode()
    assert "books.code: generator subprocess.process failed for rows 0..29" in err
    return err


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("exit", ["exited before answering rows 0..29 (exit status 3)"]),
        ("badjson", ["answered rows 0..29 with a line that is not JSON"]),
        ("count", ["answered 29 values for a batch of 30"]),
        ("error", ["reported an error for rows 0..29: no codes left for kind X"]),
        ("badhello", ["reported an error for the handshake for books.code: I only make NPIs"]),
    ],
)
def test_misbehaving_programs_end_the_run_clearly(
    tmp_path: Path, child: Path, mode: str, expected: list[str]
) -> None:
    log = tmp_path / "log"
    err = _fails(tmp_path, process(child, mode, log))
    for text in expected:
        assert text in err
    # What the program wrote is never quoted: only its deliberate {"error": …} message.
    assert "values: 1, 2, 3" not in err and "code table" not in err
    assert len(err.splitlines()) == 1
    if mode == "exit":
        assert "(its stderr, 31 lines, is shown with --debug)" in err
    assert not any(is_alive(pid) for pid in logged_pids(log))


def test_debug_shows_the_end_of_a_failed_programs_stderr(tmp_path: Path, child: Path) -> None:
    log = tmp_path / "log"
    column = {"type": "text", **process(child, "exit", log)}
    path = write_schema(tmp_path, books_schema({"code": column}, rows=30))
    proc = pgmock("--debug", "generate", str(path), "--allow-exec", check=False)
    err = proc.stderr.decode()
    assert proc.returncode == 1
    assert "ChildStderr: the end of the stderr of" in err
    assert "loading code table 29" in err and "fatal: code table is corrupt" in err


def test_unique_columns_are_checked_per_batch(tmp_path: Path, child: Path) -> None:
    log = tmp_path / "log"
    err = _fails(tmp_path, {**process(child, "dups", log), "unique": True})
    assert 'answered "same" twice for rows 0..29 of a unique column' in err
    assert "hello books.code text {}" in log.read_text()


def test_a_hanging_program_times_out_and_is_killed(tmp_path: Path, child: Path) -> None:
    log = tmp_path / "log"
    started = time.monotonic()
    err = _fails(tmp_path, process(child, "hang", log, timeout=0.5))
    assert time.monotonic() - started < 30
    assert "gave no answer to rows 0..29 within 0.5 s (params.timeout)" in err
    assert "thinking very hard" not in err and "shown with --debug" in err
    pids = logged_pids(log)
    assert len(pids) == 1 and not is_alive(pids[0])


def test_missing_programs_are_schema_errors(tmp_path: Path) -> None:
    (tmp_path / "not-executable.sh").write_text("#!/bin/sh\n")
    path = write_schema(
        tmp_path,
        books_schema(
            {
                "a": {"type": "text", "generator": "process", "params": {"command": ["./nope"]}},
                "b": {
                    "type": "text",
                    "generator": "process",
                    "params": {"command": ["./not-executable.sh"]},
                },
                "c": {
                    "type": "text",
                    "generator": "process",
                    "params": {"command": ["no-such-program-pgmock"]},
                },
                "d": {"type": "text", "generator": "process", "params": {"command": []}},
            },
            rows=10,
        ),
    )
    proc = pgmock("validate", str(path), "--allow-exec", check=False)
    err = proc.stderr.decode()
    assert proc.returncode == 2
    assert "columns.a.generator: subprocess.process: program ./nope not found" in err
    assert (
        "columns.b.generator: subprocess.process: program ./not-executable.sh is not executable"
        in err
    )
    assert 'program "no-such-program-pgmock" not found on PATH' in err
    assert "columns.d.params.command: subprocess.process:" in err


def test_ctrl_c_reaps_the_program_and_leaves_no_file(tmp_path: Path, child: Path) -> None:
    log = tmp_path / "log"
    path = write_schema(
        tmp_path, books_schema({"code": {"type": "text", **process(child, "hang", log)}}, 30)
    )
    out = tmp_path / "never.sql"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PGMOCK_")}
    run = subprocess.Popen(
        [sys.executable, "-m", "pgmock", "generate", str(path), "--allow-exec", "-f", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        preexec_fn=terminal_sigint,
    )
    try:
        deadline = time.monotonic() + 60
        while not logged_pids(log) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)  # the request is on its way; the program sleeps
        (pid,) = logged_pids(log)
        assert is_alive(pid)
        os.kill(run.pid, signal.SIGINT)
        _, stderr = run.communicate(timeout=30)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
    assert run.returncode == 130
    assert stderr.endswith(b"pgmock: interrupted\n")
    assert not is_alive(pid)
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".never")] == []
