"""Chunk tasks on a Dask cluster (``generate --engine dask``), byte-identical to ``--jobs``.

A chunk is a pure function of (schema, seed, table, chunk index), so it can be made on
any machine. The engine, once prepared (parent keys made, as before a fork), is pickled
once and handed to the workers as a task's result; every task is the ``--jobs`` task —
``(table, chunk, fn)``, ``fn`` formatting and compressing the chunk — run by
:meth:`Engine.work` on the worker's copy. The client submits tasks in chunk order, keeps
at most ``window`` in flight and takes results in that order, so its memory holds a
window of payloads whatever the table's size, and a slow writer holds the cluster back
(backpressure).

Workers must run the same pgmock, numpy, Faker and plugin versions as the client (the
bytes depend on them): they are compared before the first task and on every worker that
joins later; a mismatch is refused with the versions on both sides. Plugins given as a
local ``.py`` file travel with the pickled engine (by value); installed plugins must be
installed in the workers' environment.

Dask reschedules the tasks of a worker that dies (up to ``distributed.scheduler.
allowed-failures`` times); a rerun makes the same bytes. Generators that own a process
or a V8 isolate (JavaScript, ``process``) are not shipped: tables using them, and tables
whose FK ancestors use them, are made on the client, as ``--jobs`` keeps them in the main
process.
"""

from __future__ import annotations

import contextlib
import importlib.metadata as md
import logging
import os
import signal
import sys
import threading
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from pgmock import __version__
from pgmock.errors import PgmockError, PluginError, UsageError
from pgmock.plugins.discovery import HOST_DISTRIBUTION, PluginInfo

if TYPE_CHECKING:
    from pgmock.generate.engine import Engine

__all__ = [
    "DASK_MISSING",
    "ClusterError",
    "DaskBackend",
    "VersionMismatch",
    "require_dask",
    "version_problems",
    "versions_wanted",
]

DASK_MISSING = "--engine dask needs Dask, which is not installed: pip install 'pgmockdb[dask]'"

# Distributions whose versions the output bytes depend on (see dump/pipeline.provenance).
_CORE = ("numpy", "faker", "isal")


class ClusterError(PgmockError):
    """The scheduler cannot be reached, or the cluster lost a chunk for good."""


class VersionMismatch(PluginError):
    """A worker runs other versions of pgmock, numpy, Faker or a plugin than the client."""


def require_dask() -> None:
    """A one-line usage error (exit 2) when the ``dask`` extra is not installed."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise UsageError(DASK_MISSING) from None


def versions_wanted(plugins: Iterable[PluginInfo]) -> dict[str, str]:
    """Distribution → version, as installed here, of everything a chunk's bytes depend on:
    pgmock, numpy, Faker, ISA-L and the distributions of the loaded plugins."""
    wanted = {HOST_DISTRIBUTION: __version__}
    for dist in _CORE:
        try:
            wanted[dist] = md.version(dist)
        except md.PackageNotFoundError:
            continue
    for info in plugins:
        if info.distribution and info.version and info.status != "blocked":
            wanted[info.distribution] = info.version
    return wanted


def version_problems(wanted: Mapping[str, str]) -> list[str]:
    """What this process has that differs from *wanted* (runs on the workers)."""
    problems = []
    for dist, version in sorted(wanted.items()):
        try:
            have = md.version(dist)
        except md.PackageNotFoundError:
            have = "not installed"
        if have != version:
            problems.append(f"{dist} {have} (the client has {version})")
    return problems


def _mismatch_message(found: Mapping[str, list[str]]) -> str:
    where = "; ".join(f"worker {addr}: {', '.join(p)}" for addr, p in sorted(found.items()))
    return (
        f"Dask workers differ from this machine, so their chunks would differ: {where}. "
        "Install the same versions in the workers' environment (docs/dask.md)"
    )


# One unpickled engine per worker thread and run: tasks of a run share it (its caches
# are not thread-safe, so each thread of a multi-threaded worker has its own), and the
# client drops them when the run ends (_forget), so a long-lived cluster does not keep them.
_ENGINES: dict[tuple[int, str], Engine] = {}


def _engine_bytes(blob: bytes) -> bytes:
    return blob


def _run_chunk(blob: bytes, token: str, wanted: dict[str, str], task: Any) -> Any:
    """A chunk task on a worker: the run's engine (unpickled once) makes the chunk."""
    slot = (threading.get_ident(), token)
    engine = _ENGINES.get(slot)
    if engine is None:
        problems = version_problems(wanted)
        if problems:
            raise VersionMismatch(_mismatch_message({"(joined late)": problems}))
        import cloudpickle

        engine = _ENGINES[slot] = cloudpickle.loads(blob)
    return engine.work(task)


async def _forget(token: str) -> None:
    """Drop a finished run's engines (runs on every worker). A coroutine: a worker runs
    only those with ``wait=False`` (a plain function fails there with an assertion)."""
    for slot in [s for s in _ENGINES if s[1] == token]:
        _ENGINES.pop(slot, None)


class DaskBackend:
    """``--engine dask``: a scheduler address, or a LocalCluster of ``workers`` processes."""

    def __init__(
        self,
        scheduler: str | None = None,
        workers: int | None = None,
        plugins: Iterable[PluginInfo] = (),
        window: int | None = None,
    ) -> None:
        self.scheduler = scheduler
        self.workers = workers
        self.plugins = list(plugins)
        self.window = window

    def start(self, engine: Engine) -> DaskRunner:
        require_dask()
        return DaskRunner(self, engine)


class DaskRunner:
    """Tasks submitted to Dask in order, results taken in order, a bounded window."""

    def __init__(self, backend: DaskBackend, engine: Engine) -> None:
        import cloudpickle
        import dask
        from distributed import Client

        self._cluster: Any = None
        self._client: Any = None
        try:
            if backend.scheduler is None:
                self._cluster = _local_cluster()
                self._client = Client(self._cluster)
                workers = backend.workers or os.cpu_count() or 1
                with dask.config.set({"distributed.worker.multiprocessing-method": "forkserver"}):
                    self._cluster.scale(workers)
                    self._client.wait_for_workers(workers)
            else:
                try:
                    self._client = Client(backend.scheduler, timeout=30)
                except (OSError, TimeoutError) as exc:
                    raise ClusterError(
                        f"cannot reach the Dask scheduler at {backend.scheduler}: {exc}"
                    ) from None
            self._wanted = versions_wanted(backend.plugins)
            found = self._client.run(version_problems, self._wanted)
            bad = {addr: problems for addr, problems in found.items() if problems}
            if bad:
                raise VersionMismatch(_mismatch_message(bad))
            for info in backend.plugins:
                _ship_by_value(info, cloudpickle.register_pickle_by_value)
            self._token = uuid.uuid4().hex
            blob = cloudpickle.dumps(engine)
            # A task rather than scattered data: the scheduler keeps the bytes and makes
            # them again if the workers holding them die (scattered data would be lost).
            self._blob = self._client.submit(
                _engine_bytes, blob, key=f"pgmock-engine-{self._token}"
            )
            threads = sum(self._client.nthreads().values()) or 1
            self._window = backend.window or max(4, 2 * threads)
        except BaseException:
            self.close()
            raise

    def imap(self, tasks: Iterable[Any], window: int | None = None) -> Iterator[Any]:
        """Results in task order; a task is submitted only when one of the window has
        been taken, so a slow consumer slows the cluster down instead of filling memory."""
        from distributed.scheduler import KilledWorker

        window = window or self._window
        pending: deque[Any] = deque()
        it = iter(tasks)
        try:
            while True:
                while len(pending) < window:
                    task = next(it, None)
                    if task is None:
                        break
                    key = f"pgmock-{task[0]}-{task[1]}-{self._token}"
                    pending.append(
                        self._client.submit(
                            _run_chunk, self._blob, self._token, self._wanted, task, key=key
                        )
                    )
                if not pending:
                    return
                future = pending.popleft()
                try:
                    result = future.result()
                except KilledWorker as exc:
                    raise ClusterError(
                        f"a chunk task killed every Dask worker that ran it ({exc}); "
                        "see the workers' logs (out of memory?)"
                    ) from None
                del future  # the cluster may forget the result once we hold it
                yield result
        finally:
            for future in pending:
                future.cancel()

    def close(self) -> None:
        """Disconnect, and stop the LocalCluster we started; safe to call twice."""
        client, cluster = self._client, self._cluster
        self._client = self._cluster = None
        try:
            if client is not None:
                if cluster is None and hasattr(self, "_token"):
                    with contextlib.suppress(Exception):  # best effort: memory, not bytes
                        client.run(_forget, self._token, wait=False)  # never hangs a close
                client.close()
        finally:
            if cluster is not None:
                cluster.close()


def _local_cluster() -> Any:
    """A LocalCluster whose worker processes ignore SIGINT: a terminal's Ctrl-C reaches
    the whole process group and only this process decides (it stops the cluster), as with
    the forked --jobs workers. Workers are forked by multiprocessing's fork server, which
    is started with SIGINT ignored for a moment here: an ignored signal stays ignored
    across its exec, and its children inherit that (a Ctrl-C in that instant is lost;
    ignoring SIGINT while the whole cluster starts would lose it for seconds)."""
    import multiprocessing.forkserver

    import dask
    from distributed import LocalCluster
    from distributed.utils import get_mp_context

    with dask.config.set({"distributed.worker.multiprocessing-method": "forkserver"}):
        get_mp_context()  # sets the fork server's preloads (distributed) before it starts
        if threading.current_thread() is threading.main_thread():
            previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
            try:
                multiprocessing.forkserver.ensure_running()
            finally:
                signal.signal(signal.SIGINT, previous)
        # No workers yet: the caller holds the cluster before any process starts, so an
        # interrupt while they start stops them (see DaskRunner).
        return LocalCluster(
            n_workers=0,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # a free port: runs side by side must not share 8787
            silence_logs=logging.CRITICAL,  # failures reach the client as task errors
        )


def _ship_by_value(info: PluginInfo, register: Callable[[Any], None]) -> None:
    """A plugin loaded from a local file (no distribution) is pickled with its code, so
    workers need not have the file; installed plugins are imported there by name."""
    module = info.module
    if info.builtin or info.distribution or module is None:
        return
    if sys.modules.get(module.__name__) is module:
        register(module)
