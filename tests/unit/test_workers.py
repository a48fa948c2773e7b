"""The worker pool hands back results, and errors, in task order; generators warm up
before it forks."""

from __future__ import annotations

import io
import os
import time
from typing import Any, ClassVar

import numpy as np
import pytest

from pgmock.dump.pipeline import Options, build_dump
from pgmock.generate import warming
from pgmock.generate.workers import Beside, Workers
from pgmock.plugins.host import make_host
from pgmock.schema import resolve_schema
from pgmock_sdk import (
    ColumnInfo,
    GenContext,
    Generator,
    NoParams,
    Params,
    Registrar,
    hookimpl,
)
from pgmock_sdk.pgtypes import parse_type


def _run(task: tuple[int, float, bool]) -> int:
    index, delay, fail = task
    time.sleep(delay)
    if fail:
        raise ValueError(f"task {index} failed")
    return index


def test_results_come_in_task_order() -> None:
    pool = Workers(2, _run)
    try:
        tasks = [(i, 0.05 if i % 2 == 0 else 0.0, False) for i in range(8)]
        assert list(pool.imap(tasks)) == list(range(8))
    finally:
        pool.close()


def test_the_first_failing_task_is_reported_not_the_first_to_fail() -> None:
    # task 1 fails at once, task 0 only after a while: under -j 1 task 0's error is the
    # one reported, and the message must not depend on which worker finished first
    pool = Workers(2, _run)
    try:
        tasks = [(0, 0.3, True), (1, 0.0, True), (2, 0.0, False)]
        with pytest.raises(ValueError, match="task 0 failed"):
            list(pool.imap(tasks))
    finally:
        pool.close()


def test_an_abandoned_imap_leaves_no_replies_for_the_next() -> None:
    # task 0 fails after its neighbours were sent: their replies are still on the way
    # when the error reaches the caller, and must not come back as the next call's results
    pool = Workers(2, _run)
    try:
        with pytest.raises(ValueError, match="task 0 failed"):
            list(pool.imap([(0, 0.2, True), (1, 0.0, False), (2, 0.0, False), (3, 0.1, False)]))
        assert list(pool.imap([(10, 0.0, False), (11, 0.0, False)])) == [10, 11]
        # a caller that stops reading after the first result
        results = pool.imap([(20, 0.0, False), (21, 0.1, False), (22, 0.1, False)])
        assert next(results) == 20
        results.close()
        assert list(pool.imap([(30, 0.0, False), (31, 0.0, False), (32, 0.0, False)])) == [
            30,
            31,
            32,
        ]
    finally:
        pool.close()


def _mixed(task: int) -> Any:
    """Bytes (sent as they are) and other values (pickled), an error now and then."""
    if task == 5:
        raise KeyError("five")
    if task % 2:
        return f"chunk {task} ".encode() * (50_000 * task)  # up to MBs: several reads
    if task == 8:
        return "raw"  # a str is a value, whatever it says
    if task == 6:
        return np.arange(3)  # compared with nothing on the way
    return ("piece", task, f"{task}".encode())


def test_bytes_and_other_values_come_back_whole_and_in_order() -> None:
    pool = Workers(2, _mixed)
    try:
        got = list(pool.imap(range(5)))
        assert got == [_mixed(i) for i in range(5)]
        assert type(got[1]) is bytes
        # an error after raw replies: still the task's own error, in order
        results = pool.imap(range(4, 9))
        assert next(results) == _mixed(4)
        with pytest.raises(KeyError, match="five"):
            next(results)
    finally:
        pool.close()


@pytest.mark.skipif(not os.path.exists("/proc/sys/net/core/rmem_max"), reason="Linux")
def test_the_pipes_hold_a_few_chunks() -> None:
    import socket

    pool = Workers(1, _mixed)
    try:
        conn = pool._conns[0]
        with socket.socket(fileno=os.dup(conn.fileno())) as sock:
            # the kernel reports twice what was set, within its maximum; its default is
            # about 200 KiB, less than one chunk
            room = sock.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF)
        with open("/proc/sys/net/core/rmem_max") as f:
            most = int(f.read())
        assert room >= min(4 << 20, most)
    finally:
        pool.close()


def test_no_value_a_task_returns_is_taken_for_the_bytes_mark() -> None:
    pool = Workers(2, _mixed)
    try:
        six, seven, eight = pool.imap(range(6, 9))
        assert six.tolist() == [0, 1, 2] and seven == _mixed(7) and eight == "raw"
    finally:
        pool.close()


def test_worker_stats_say_where_each_process_spent_its_time(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PGMOCK_WORKER_STATS", "1")
    pool = Workers(2, _run)
    try:
        assert list(pool.imap([(i, 0.02, False) for i in range(10)])) == list(range(10))
    finally:
        pool.close()
    lines = capfd.readouterr().err.splitlines()
    assert lines[0].startswith("pgmock: worker pool: ")
    workers = [line for line in lines if line.startswith("pgmock: worker ") and "chunks" in line]
    assert len(workers) == 2
    assert sum(int(line.split(": ")[2].split()[0]) for line in workers) == 10
    assert sum(w.busy for w in pool.times.workers) >= 10 * 0.02
    pool.close()  # closing again prints nothing more
    assert capfd.readouterr().err == ""


class _Warmed(Generator[NoParams]):
    """Row numbers; records where warm() ran."""

    name = "warmed"
    pg_types = frozenset({"int4"})
    warmed_in: ClassVar[list[int]] = []

    def warm(self) -> None:
        type(self).warmed_in.append(os.getpid())

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> Any:
        return np.arange(ctx.offset, ctx.offset + n)


class _Plugin:
    @staticmethod
    @hookimpl
    def pgmock_register_generators(registry: Registrar) -> None:
        registry.add_generator(_Warmed)


def _copy_bytes(jobs: int) -> bytes:
    host = make_host(env={})
    host.add_plugin(_Plugin(), name="warmplug")
    host.register()
    raw = {
        "version": "1.0",
        "tables": {
            "t": {"rowCount": 25_000, "columns": {"v": {"type": "integer", "generator": "warmed"}}}
        },
    }
    schema = resolve_schema(raw, {}, ["s.json"], host.registry)
    out = io.BytesIO()
    with build_dump(schema, Options(data_only=True, jobs=jobs)) as (dump, options, _):
        host.registry.writer("p").obj().write(dump, out, options)
    return out.getvalue()


def test_generators_warm_once_in_the_main_process_before_workers_fork() -> None:
    _Warmed.warmed_in.clear()
    one = _copy_bytes(1)
    assert _Warmed.warmed_in == []  # no workers: nothing to share
    two = _copy_bytes(2)
    assert _Warmed.warmed_in == [os.getpid()]
    assert one == two


class _HandedParams(Params):
    step: int = 1


class _Handed(Generator[_HandedParams]):
    """Row numbers times ``step``; warm() makes the process id it ran in, which the main
    process adopts from a helper."""

    name = "handed"
    pg_types = frozenset({"int4"})
    main_pid: ClassVar[int] = 0
    fail_beside: ClassVar[bool] = False

    def __init__(self, params: _HandedParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        self.built_in: int | None = None

    def warm(self) -> None:
        if type(self).fail_beside and os.getpid() != type(self).main_pid:
            raise RuntimeError("only the main process can build this")
        time.sleep(0.05)  # long enough for the helper to start and take its share
        self.built_in = os.getpid()

    def warm_state(self) -> int | None:
        return self.built_in

    def adopt_warm(self, state: int) -> None:
        self.built_in = state

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> Any:
        return np.arange(ctx.offset, ctx.offset + n) * self.params.step


def _handed(count: int) -> list[_Handed]:
    int4 = parse_type("integer")
    return [
        _Handed(_HandedParams(step=i), ColumnInfo("public", "t", f"c{i}", int4))
        for i in range(count)
    ]


def test_a_helper_process_warms_part_of_the_generators_and_hands_it_over() -> None:
    _Handed.main_pid, _Handed.fail_beside = os.getpid(), False
    gens = _handed(12)
    warming.warm(gens, jobs=2)
    where = [gen.built_in for gen in gens]
    assert None not in where
    assert set(where) - {os.getpid()}  # some were built in the helper, then adopted here


def test_what_the_helper_cannot_build_the_main_process_builds() -> None:
    _Handed.main_pid, _Handed.fail_beside = os.getpid(), True
    gens = _handed(6)
    warming.warm(gens, jobs=2)
    assert [gen.built_in for gen in gens] == [os.getpid()] * 6


def test_one_job_warms_everything_here() -> None:
    _Handed.main_pid, _Handed.fail_beside = os.getpid(), False
    gens = _handed(4)
    warming.warm(gens, jobs=1)
    assert [gen.built_in for gen in gens] == [os.getpid()] * 4


def _fails() -> int:
    raise ValueError("no")


def test_beside_hands_back_a_result_or_none_when_the_call_failed() -> None:
    ok = Beside(lambda: {"pid": os.getpid()})
    try:
        got = ok.result()
    finally:
        ok.close()
    assert got is not None and got["pid"] != os.getpid()
    failed = Beside(_fails)
    try:
        assert failed.result() is None
    finally:
        failed.close()
    failed.close()  # twice is fine
