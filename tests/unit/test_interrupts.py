"""Ctrl-C, SIGTERM and SIGKILL in the middle of a run: a quick exit with the signal's
code, no temporary output left behind, no worker or child program left running."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from clihelp import pgmock, terminal_sigint

BIG = {
    "version": "1.0",
    "tables": {
        "t": {
            "rowCount": 5_000_000,
            "columns": {
                "id": {"type": "serial", "primaryKey": True},
                "email": {"type": "text"},
                "note": {"type": "text", "generator": "sentence"},
            },
        }
    },
}


def _session(pid: int) -> list[int]:
    """Live (not zombie) processes of the session ``pid`` leads."""
    out = subprocess.run(["pgrep", "-s", str(pid)], capture_output=True, text=True).stdout
    return [p for p in map(int, out.split()) if not _zombie(p)]


def _start(tmp_path: Path, *args: str) -> subprocess.Popen[bytes]:
    schema = tmp_path / "big.json"
    schema.write_text(json.dumps(BIG))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PGMOCK_")}
    return subprocess.Popen(
        [sys.executable, "-m", "pgmock", "generate", str(schema), *args],
        stderr=subprocess.PIPE,
        env=env,
        cwd=tmp_path,
        start_new_session=True,  # its own process group, like a job in a terminal
        preexec_fn=terminal_sigint,
    )


def _wait_for_workers(proc: subprocess.Popen[bytes], count: int, tmp_path: Path) -> None:
    """Until the output is being written by ``count`` processes: well inside the run."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and (
        len(_session(proc.pid)) < count
        or not any(p.name.startswith(".") for p in tmp_path.iterdir())
    ):
        time.sleep(0.05)
    time.sleep(0.3)


@pytest.mark.parametrize("fmt", ["p", "c"])
@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize(
    ("sig", "code", "said"),
    [(signal.SIGINT, 130, "pgmock: interrupted"), (signal.SIGTERM, 143, "stopped by SIGTERM")],
)
def test_signal_stops_the_run_cleanly(
    tmp_path: Path, fmt: str, jobs: int, sig: signal.Signals, code: int, said: str
) -> None:
    out = tmp_path / "out"
    proc = _start(tmp_path, "-F", fmt, "-f", str(out), "-j", str(jobs))
    _wait_for_workers(proc, 1 + jobs if jobs > 1 else 1, tmp_path)
    if sig == signal.SIGINT:
        os.killpg(proc.pid, sig)  # a terminal sends Ctrl-C to the whole group
    else:
        proc.send_signal(sig)  # timeout(1), CI runners and Docker signal the main process
    started = time.monotonic()
    rc = proc.wait(timeout=10)
    took = time.monotonic() - started
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    assert rc == code, stderr
    assert took < 2.5
    assert stderr.strip().endswith(said) and "Traceback" not in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.json"]  # no temp file, no out
    assert _session(proc.pid) == []


def test_kill_9_takes_the_workers_along(tmp_path: Path) -> None:
    proc = _start(tmp_path, "-f", str(tmp_path / "out"), "-j", "2")
    _wait_for_workers(proc, 3, tmp_path)
    proc.kill()
    proc.wait(timeout=10)
    deadline = time.monotonic() + 5
    while _session(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _session(proc.pid) == []


GRANDPARENT = r"""
import json, os, subprocess, sys
open(sys.argv[1], "w").write(str(os.getpgrp()))
subprocess.Popen(["sleep", "300"])  # left running, as a careless program would
for line in sys.stdin:
    msg = json.loads(line)
    if "protocol" in msg:
        print(json.dumps({"ok": True}), flush=True)
    else:
        print(json.dumps({"values": [str(i) for i in range(msg["n"])]}), flush=True)
"""


def test_what_a_generator_program_leaves_running_is_stopped(tmp_path: Path) -> None:
    program = tmp_path / "gen.py"
    program.write_text(GRANDPARENT)
    pgid_file = tmp_path / "pgid"
    schema = {
        "version": "1.0",
        "tables": {
            "t": {
                "rowCount": 10,
                "columns": {
                    "c": {
                        "type": "text",
                        "generator": "process",
                        "params": {"command": [sys.executable, "gen.py", str(pgid_file)]},
                    }
                },
            }
        },
    }
    (tmp_path / "s.json").write_text(json.dumps(schema))
    done = pgmock(
        "generate", str(tmp_path / "s.json"), "--allow-exec", "-f", str(tmp_path / "out.sql")
    )
    assert done.returncode == 0
    group = pgid_file.read_text()
    left = subprocess.run(["pgrep", "-g", group], capture_output=True, text=True).stdout.split()
    assert [p for p in left if not _zombie(int(p))] == []


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True
