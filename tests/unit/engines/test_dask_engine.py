"""--engine dask makes the same bytes as --jobs 1 and --jobs 2, in every format.

One LocalCluster of two worker processes serves the module (starting one costs seconds);
the command line reaches it with --scheduler. tests/restore/engines/test_dask_restore.py
restores the output of ``--engine dask`` with its own LocalCluster.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from clihelp import SUPPORT, pgmock, terminal_sigint
from dask_setup import digest, kitchen_sink

distributed = pytest.importorskip("distributed")

FORMATS = ["p", "c", "d", "t"]
FLAKY = {
    "version": "1.0",
    "tables": {"t": {"rowCount": 20_000, "columns": {"v": {"type": "text", "generator": "flaky"}}}},
}


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    )
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


def _make(tmp: Path, schema: Path, flags: list[str], fmt: str, *how: str) -> str:
    out = tmp / f"out-{fmt}-{'-'.join(how).replace('/', '_').replace(':', '_')}"
    pgmock(*flags, str(schema), f"-F{fmt}", "-f", str(out), *how)
    return digest(out)


@pytest.mark.parametrize("fmt", FORMATS)
def test_dask_output_is_identical_to_jobs(tmp_path: Path, scheduler: str, fmt: str) -> None:
    schema, flags = kitchen_sink(tmp_path)
    serial = _make(tmp_path, schema, flags, fmt, "--jobs", "1")
    assert _make(tmp_path, schema, flags, fmt, "--jobs", "2") == serial
    assert _make(tmp_path, schema, flags, fmt, "--scheduler", scheduler) == serial


def test_a_killed_worker_costs_a_retry_not_bytes(tmp_path: Path, scheduler: str) -> None:
    schema, flags = kitchen_sink(tmp_path, killer=True)
    serial = _make(tmp_path, schema, flags, "c", "--jobs", "1")
    assert not (tmp_path / "worker-killed").exists()
    # the plugin is a local file: it reaches the workers inside the pickled engine
    assert _make(tmp_path, schema, flags, "c", "--scheduler", scheduler) == serial
    assert (tmp_path / "worker-killed").exists()  # a worker really died mid-run


def test_a_generator_error_on_a_worker_is_one_line(tmp_path: Path, scheduler: str) -> None:
    (tmp_path / "flaky_plugin.py").write_text((SUPPORT / "flaky_plugin.py").read_text())
    schema = tmp_path / "flaky.json"
    schema.write_text(json.dumps(FLAKY))
    out = tmp_path / "out.dump"
    proc = pgmock(
        "--plugin", str(tmp_path / "flaky_plugin.py"), "generate", str(schema),
        "--scheduler", scheduler, "-Fc", "-f", str(out), check=False,
    )  # fmt: skip
    lines = proc.stderr.decode().strip().splitlines()
    assert proc.returncode == 1, lines
    assert len(lines) == 1 and "upstream service went away" in lines[0], lines
    assert sorted(p.name for p in tmp_path.iterdir()) == ["flaky.json", "flaky_plugin.py"]


def test_workers_with_other_versions_are_refused(scheduler: str) -> None:
    from pgmock.generate.cluster import DaskBackend, VersionMismatch
    from pgmock.plugins.discovery import PluginInfo

    ghost = PluginInfo("ghost", "pgmock_ghost", distribution="pgmock-ghost", version="1.0")
    with pytest.raises(VersionMismatch) as err:
        DaskBackend(scheduler, plugins=[ghost]).start(None)  # type: ignore[arg-type]
    message = str(err.value)
    assert "pgmock-ghost not installed (the client has 1.0)" in message
    assert message.count("worker tcp://") == 2  # every worker is named
    assert "same versions" in message


def test_without_dask_the_engine_says_what_to_install(tmp_path: Path) -> None:
    blocker = tmp_path / "blocked"
    blocker.mkdir()
    (blocker / "distributed.py").write_text("raise ImportError('blocked by the test')\n")
    env = {"PYTHONPATH": os.pathsep.join([str(blocker), *sys.path])}
    proc = pgmock(
        "generate", str(SUPPORT.parents[1] / "examples" / "shop.json"), "--engine", "dask",
        env=env, check=False,
    )  # fmt: skip
    assert proc.returncode == 2
    assert proc.stdout == b""
    assert proc.stderr.decode() == (
        "pgmock: --engine dask needs Dask, which is not installed: pip install 'pgmockdb[dask]'\n"
    )


BIG = {
    "version": "1.0",
    "tables": {
        "t": {
            "rowCount": 5_000_000,
            "columns": {
                "id": {"type": "serial", "primaryKey": True},
                "note": {"type": "text", "generator": "sentence"},
            },
        }
    },
}


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_a_lost_client_leaves_no_output(tmp_path: Path, scheduler: str, sig: int) -> None:
    schema = tmp_path / "big.json"
    schema.write_text(json.dumps(BIG))
    out = tmp_path / "out.dump"
    proc = subprocess.Popen(
        [sys.executable, "-m", "pgmock", "generate", str(schema), "-Fc", "-f", str(out),
         "--scheduler", scheduler],
        stderr=subprocess.PIPE, cwd=tmp_path,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not any(p.name.startswith(".") for p in tmp_path.iterdir()):  # writing, well inside
        assert proc.poll() is None and time.monotonic() < deadline, proc.stderr
        time.sleep(0.05)
    time.sleep(0.5)
    proc.send_signal(sig)
    proc.communicate(timeout=60)
    assert proc.returncode == -sig or proc.returncode == 128 + sig
    assert not out.exists()  # never a partial file under the output's name
    if sig == signal.SIGTERM:
        assert sorted(p.name for p in tmp_path.iterdir()) == ["big.json"]  # temp removed
    # the scheduler forgets the run's tasks once the client is gone
    with distributed.Client(scheduler) as client:
        deadline = time.monotonic() + 60
        while client.run_on_scheduler(_pgmock_tasks) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert client.run_on_scheduler(_pgmock_tasks) == 0


def _pgmock_tasks(dask_scheduler: Any) -> int:
    return sum(str(key).startswith("pgmock-") for key in dask_scheduler.tasks)


def test_ctrl_c_stops_the_local_cluster_in_one_line(tmp_path: Path) -> None:
    schema = tmp_path / "big.json"
    schema.write_text(json.dumps(BIG))
    out = tmp_path / "out.dump"
    proc = subprocess.Popen(
        [sys.executable, "-m", "pgmock", "generate", str(schema), "-Fc", "-f", str(out),
         "--engine", "dask", "-j", "2"],
        stderr=subprocess.PIPE, cwd=tmp_path, start_new_session=True,
        preexec_fn=terminal_sigint,
    )  # fmt: skip
    deadline = time.monotonic() + 90
    # the output is being written and both workers are up (the resource tracker too)
    while len(_session(proc.pid)) < 4 or not any(
        p.name.startswith(".") for p in tmp_path.iterdir()
    ):
        assert proc.poll() is None and time.monotonic() < deadline, proc.stderr
        time.sleep(0.1)
    time.sleep(1)
    os.killpg(proc.pid, signal.SIGINT)  # a terminal sends Ctrl-C to the whole group
    _, err = proc.communicate(timeout=60)
    assert (proc.returncode, err.decode()) == (130, "pgmock: interrupted\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.json"]
    deadline = time.monotonic() + 20
    while _session(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _session(proc.pid) == []  # no worker left running


def _session(pid: int) -> list[int]:
    """Live (not zombie) processes of the session ``pid`` leads."""
    out = subprocess.run(["pgrep", "-s", str(pid)], capture_output=True, text=True).stdout
    alive = []
    for p in map(int, out.split()):
        try:
            state = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.append(p)
    return alive


def _engines_held() -> int:
    from pgmock.generate import cluster

    return len(cluster._ENGINES)


def test_a_remote_cluster_drops_the_run_s_engines(tmp_path: Path, scheduler: str) -> None:
    schema, flags = kitchen_sink(tmp_path)
    with distributed.Client(scheduler) as client:
        # earlier tests' runs may have left theirs (a killed client cannot say goodbye)
        before = client.run(_engines_held)
        _make(tmp_path, schema, flags, "c", "--scheduler", scheduler)
        deadline = time.monotonic() + 10
        held = client.run(_engines_held)
        while held != before and time.monotonic() < deadline:
            time.sleep(0.1)  # the close sends the forget without waiting for it
            held = client.run(_engines_held)
    assert held == before


@pytest.mark.parametrize("compress", ["gzip", "none", "lz4", "zstd", "gzip:1"])
def test_workers_writing_the_directory_make_the_same_bytes(
    tmp_path: Path, scheduler: str, compress: str
) -> None:
    schema, flags = kitchen_sink(tmp_path)
    z = ["-Z", compress, "--target-version", "16"]
    serial = _make(tmp_path, schema, flags, "d", "--jobs", "1", *z)
    shared = _make(tmp_path, schema, flags, "d", "--scheduler", scheduler, *z, "--shared-output")
    assert shared == serial
    out = next(p for p in tmp_path.iterdir() if p.name.endswith("--shared-output"))
    # every part file was stitched and removed; only toc.dat and the data files remain
    assert all(p.name == "toc.dat" or p.name.endswith((".dat", ".gz", ".lz4", ".zst"))
               for p in out.iterdir()), sorted(p.name for p in out.iterdir())  # fmt: skip


def test_a_worker_that_cannot_see_the_output_directory_is_one_line(tmp_path: Path) -> None:
    from pgmock_builtins.writers.archive_data import chunk_part
    from pgmock_sdk import Chunk

    chunk = Chunk(offset=0, n=1, columns=[["x"]])
    with pytest.raises(FileNotFoundError) as caught:
        chunk_part("gzip", None, lambda c: "x\n", str(tmp_path / "gone" / ".3001.dat"), chunk)
    assert "every Dask worker must mount" in str(caught.value)
    assert str(tmp_path / "gone") in str(caught.value)


@pytest.mark.parametrize("how", [["-Fd"], ["-Fc", "--engine", "dask"]])
def test_shared_output_needs_dask_and_a_directory(tmp_path: Path, how: list[str]) -> None:
    schema, flags = kitchen_sink(tmp_path)
    out = tmp_path / "out"
    proc = pgmock(*flags, str(schema), *how, "-f", str(out), "--shared-output", check=False)
    assert proc.returncode == 2
    assert "--shared-output is for a directory format (-F d)" in proc.stderr.decode()
    assert not out.exists()
