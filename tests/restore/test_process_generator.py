"""External-process generators (the ``subprocess`` plugin), end to end with real programs."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from clihelp import EXAMPLES, pgmock
from pgharness import PgCluster

# A protocol-speaking program whose misbehaviour is chosen by its first argument.
CHILD = r"""
import json, os, sys, time
mode, log = sys.argv[1], sys.argv[2]
with open(log, "a") as fh:
    fh.write(f"start {os.getpid()}\n")
def say(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()
for line in sys.stdin:
    msg = json.loads(line)
    if "protocol" in msg:
        col = msg["column"]
        with open(log, "a") as fh:
            fh.write(f"hello {col['table']}.{col['name']} {col['type']} ")
            fh.write(json.dumps(msg["params"]) + "\n")
        if mode == "badhello":
            say({"ok": False, "error": "I only make NPIs"})
        else:
            say({"ok": True})
        continue
    n, seed, offset = msg["n"], msg["seed"], msg["offset"]
    if mode == "exit":
        for i in range(30):
            print(f"loading code table {i}", file=sys.stderr)
        print("fatal: code table is corrupt", file=sys.stderr)
        sys.exit(3)
    if mode == "hang":
        print("thinking very hard", file=sys.stderr, flush=True)
        time.sleep(600)
    if mode == "badjson":
        sys.stdout.write("values: 1, 2, 3\n")
        sys.stdout.flush()
        continue
    if mode == "count":
        say({"values": [1] * (n - 1)})
        continue
    if mode == "error":
        say({"error": "no codes left for kind X"})
        continue
    if mode == "dups":
        say({"values": ["same"] * n})
        continue
    rows = msg.get("rows", {})
    initials = [t[0] for t in rows.get("title", [])] or ["-"] * n
    say({"values": [f"{msg['column']}:{seed % 997}:{offset + i}:{initials[i]}" for i in range(n)]})
with open(log, "a") as fh:
    fh.write(f"eof {os.getpid()}\n")
"""


@pytest.fixture
def child(tmp_path: Path) -> Path:
    path = tmp_path / "child.py"
    path.write_text(CHILD)
    return path


def _proc(child: Path, mode: str, log: Path, **params: Any) -> dict[str, Any]:
    command = [sys.executable, child.name, mode, str(log)]
    return {"generator": "process", "params": {"command": command, **params}}


def _schema(columns: dict[str, Any], rows: int) -> dict[str, Any]:
    return {
        "version": "1.0",
        "seed": 9,
        "tables": {
            "books": {
                "rowCount": rows,
                "columns": {"id": {"type": "serial", "primaryKey": True}, **columns},
            }
        },
    }


def _write(directory: Path, schema: dict[str, Any]) -> Path:
    path = directory / "schema.json"
    path.write_text(json.dumps(schema, indent=2))
    return path


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


def _pids(log: Path, word: str = "start") -> list[int]:
    if not log.exists():
        return []
    return [int(line.split()[1]) for line in log.read_text().splitlines() if line.startswith(word)]


def test_protocol_values_restore_and_children_end_cleanly(
    pg: PgCluster, pgdb: str, tmp_path: Path, child: Path
) -> None:
    log = tmp_path / "log"
    schema = _schema(
        {
            "title": {"type": "text", "generator": "text"},
            "a": _proc(child, "ok", log, options={"kind": "x", "n": [1, 2]}, rows=["title"]),
            "b": {"type": "varchar(60)", **_proc(child, "ok", log, shared=True)},
            "c": {"type": "text", **_proc(child, "ok", log, shared=True)},
        },
        rows=25_000,
    )
    schema["tables"]["books"]["columns"]["a"]["type"] = "text"
    path = _write(tmp_path, schema)
    out = tmp_path / "books.sql"
    pgmock("generate", str(path), "--allow-exec", "-f", str(out))
    pg.restore_plain(out, pgdb)
    rows = pg.query("SELECT id, title, a, b, c FROM books ORDER BY id", pgdb)
    assert len(rows) == 25_000
    seeds: dict[str, set[str]] = {"a": set(), "b": set(), "c": set()}
    for rid, title, *values in rows:
        for name, value in zip("abc", values):
            column, seed, row, initial = (value or "").split(":")
            assert column == f"public.books.{name}"
            assert int(row) == int(rid) - 1
            seeds[name].add(seed)
            if name == "a":
                assert initial == (title or "")[0]  # rows: ["title"] was sent
    assert all(len(s) == 3 for s in seeds.values())  # one seed per 10,000-row batch
    # a: its own program; b and c share one. Each got one handshake per column, with
    # the column's type and the options; every program saw end of input and exited.
    starts = _pids(log)
    assert len(starts) == 2
    assert sorted(_pids(log, "eof")) == sorted(starts)
    hellos = sorted(line for line in log.read_text().splitlines() if line.startswith("hello"))
    assert hellos == [
        'hello books.a text {"kind": "x", "n": [1, 2]}',
        "hello books.b character varying(60) {}",
        "hello books.c text {}",
    ]
    assert not any(_alive(pid) for pid in starts)


def test_process_output_is_deterministic_for_any_jobs(tmp_path: Path, child: Path) -> None:
    log = tmp_path / "log"
    schema = _schema({"a": {"type": "text", **_proc(child, "ok", log)}}, rows=30_000)
    schema["tables"]["other"] = {
        "rowCount": 30_000,
        "columns": {"id": {"type": "serial", "primaryKey": True}, "email": {"type": "text"}},
    }
    path = _write(tmp_path, schema)
    outs = []
    for args in (["-j", "1"], ["-j", "2"], ["--seed", "10"]):
        out = tmp_path / f"out{len(outs)}.sql"
        pgmock("generate", str(path), "--allow-exec", "-f", str(out), *args)
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    assert outs[2] != outs[0]
    assert not any(_alive(pid) for pid in _pids(log))


def _fails(tmp_path: Path, column: dict[str, Any]) -> str:
    path = _write(tmp_path, _schema({"code": {"type": "text", **column}}, rows=30))
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
    err = _fails(tmp_path, _proc(child, mode, log))
    for text in expected:
        assert text in err
    # What the program wrote is never quoted: only its deliberate {"error": …} message.
    assert "values: 1, 2, 3" not in err and "code table" not in err
    assert len(err.splitlines()) == 1
    if mode == "exit":
        assert "(its stderr, 31 lines, is shown with --debug)" in err
    assert not any(_alive(pid) for pid in _pids(log))


def test_debug_shows_the_end_of_a_failed_programs_stderr(tmp_path: Path, child: Path) -> None:
    log = tmp_path / "log"
    path = _write(tmp_path, _schema({"code": {"type": "text", **_proc(child, "exit", log)}}, 30))
    proc = pgmock("--debug", "generate", str(path), "--allow-exec", check=False)
    err = proc.stderr.decode()
    assert proc.returncode == 1
    assert "ChildStderr: the end of the stderr of" in err
    assert "loading code table 29" in err and "fatal: code table is corrupt" in err


def test_unique_columns_are_checked_per_batch(tmp_path: Path, child: Path) -> None:
    log = tmp_path / "log"
    err = _fails(tmp_path, {**_proc(child, "dups", log), "unique": True})
    assert 'answered "same" twice for rows 0..29 of a unique column' in err
    assert "hello books.code text {}" in log.read_text()


def test_a_hanging_program_times_out_and_is_killed(tmp_path: Path, child: Path) -> None:
    log = tmp_path / "log"
    started = time.monotonic()
    err = _fails(tmp_path, _proc(child, "hang", log, timeout=0.5))
    assert time.monotonic() - started < 30
    assert "gave no answer to rows 0..29 within 0.5 s (params.timeout)" in err
    assert "thinking very hard" not in err and "shown with --debug" in err
    pids = _pids(log)
    assert len(pids) == 1 and not _alive(pids[0])


def test_missing_programs_are_schema_errors(tmp_path: Path) -> None:
    (tmp_path / "not-executable.sh").write_text("#!/bin/sh\n")
    path = _write(
        tmp_path,
        _schema(
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
    path = _write(tmp_path, _schema({"code": {"type": "text", **_proc(child, "hang", log)}}, 30))
    out = tmp_path / "never.sql"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PGMOCK_")}
    run = subprocess.Popen(
        [sys.executable, "-m", "pgmock", "generate", str(path), "--allow-exec", "-f", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while not _pids(log) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)  # the request is on its way; the program sleeps
        (pid,) = _pids(log)
        assert _alive(pid)
        os.kill(run.pid, signal.SIGINT)
        _, stderr = run.communicate(timeout=30)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
    assert run.returncode == 130
    assert stderr.endswith(b"pgmock: interrupted\n")
    assert not _alive(pid)
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".never")] == []


# ------------------------------------------------------------------ the examples/generators


def _luhn_npi_ok(npi: str) -> bool:
    digits = [int(c) for c in "80840" + npi]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return total % 10 == 0


def _isbn_ok(isbn: str) -> bool:
    return sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(isbn)) % 10 == 0


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_example_generators_restore(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    # examples/generators/books.json: JavaScript (file and inline), the Python program
    # and the Node program (shared, one with rows), paths relative to the schema file.
    schema = EXAMPLES / "generators" / "books.json"
    out, out2 = tmp_path / "a.sql", tmp_path / "b.sql"
    pgmock("generate", str(schema), "--allow-exec", "-f", str(out), cwd=tmp_path)
    pgmock("generate", str(schema), "--allow-exec", "-f", str(out2), "-j", "2", cwd=tmp_path)
    assert out.read_bytes() == out2.read_bytes()
    pg.restore_plain(out, pgdb)
    rows = pg.query(
        "SELECT id, title, format, sku, price, isbn, slug, editor_npi, print_lot "
        "FROM books ORDER BY id",
        pgdb,
    )
    assert len(rows) == 20_000
    prefixes = {"hardcover": "HC", "paperback": "PB", "ebook": "EB"}
    for rid, title, fmt, sku, price, isbn, slug, npi, lot in rows:
        assert sku and sku.startswith(f"{prefixes[fmt or '']}-{int(rid) - 1:07d}-")
        assert 4.99 <= float(price or 0) <= 34.99
        assert isbn and isbn.startswith("978") and _isbn_ok(isbn)
        words = "-".join((title or "").lower().split())
        assert slug == f"{words}-{rid}"
        assert npi and npi[0] in "12" and _luhn_npi_ok(npi)
        assert lot and lot.startswith(f"LOT-{int(rid) - 1:07d}-")
    assert len({r[7] for r in rows}) > 19_900  # random NPIs rarely collide
