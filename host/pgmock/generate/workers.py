"""Forked worker processes that make chunks, results handed back in task order.

multiprocessing.Pool was not up to an interrupted run: workers printed tracebacks on
Ctrl-C, ``terminate()`` could wait forever on a queue lock held by a dying worker, and
``imap`` queued every task at once, so results piled up in memory when the writer was
slower than the workers. Here each worker has a pipe of its own (no shared lock), at most
``window`` tasks are in flight, and :meth:`Workers.close` kills and reaps every worker at
once. Workers ignore SIGINT (a terminal's Ctrl-C reaches the whole process group; the main
process decides) and die with the main process if it is killed outright.

Workers are forked after the engine has prepared what they read (parent keys), so tasks
carry only a table key, a chunk index and a picklable function.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import pickle
import signal
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing import connection
from multiprocessing.connection import Connection
from typing import Any

__all__ = ["WorkerCrashed", "Workers"]

_END = object()

_PR_SET_PDEATHSIG = 1


class WorkerCrashed(RuntimeError):
    """A worker that died without answering (killed, or out of memory)."""


def _prctl() -> Callable[..., int] | None:
    """libc's prctl, looked up in the main process (find_library runs a program, which a
    freshly forked worker should not have to do before it is protected)."""
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        return ctypes.CDLL(name, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


def _serve(
    conn: Connection, run: Callable[[Any], Any], prctl: Callable[..., int] | None, parent: int
) -> None:
    if prctl is not None:
        # Linux SIGKILLs this worker when the main process dies (no orphans on kill -9).
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        return  # the main process died before the protection was in place
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        try:
            conn.send((True, run(task)))
        except BaseException as exc:  # reported to the main process, which raises it
            conn.send((False, _portable(exc)))


def _portable(exc: BaseException) -> BaseException:
    """``exc`` if it survives pickling both ways, else its text as a RuntimeError (an
    exception class whose __init__ takes other arguments than its args cannot be rebuilt
    in the main process, which would then report the TypeError instead)."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        text = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        return RuntimeError(text)


class Workers:
    """``jobs`` forked processes running ``run(task)``."""

    def __init__(self, jobs: int, run: Callable[[Any], Any]) -> None:
        self._conns: list[Connection] = []
        self._pids: list[int] = []
        prctl = _prctl()
        parent_pid = os.getpid()
        try:
            for _ in range(jobs):
                parent, child = connection.Pipe(duplex=True)
                pid = os.fork()
                if pid == 0:  # pragma: no cover - runs in the child
                    code = 0
                    try:
                        parent.close()
                        _serve(child, run, prctl, parent_pid)
                    except BaseException:
                        code = 1
                    finally:
                        os._exit(code)
                child.close()
                self._conns.append(parent)
                self._pids.append(pid)
        except BaseException:
            self.close()
            raise

    def imap(self, tasks: Iterable[Any], window: int | None = None) -> Iterator[Any]:
        """Results of ``tasks`` in their order, at most ``window`` of them in flight.

        Each worker holds up to two tasks, so it starts the next while the main process
        is still busy with a result (writing or compressing it)."""
        window = window or 3 * len(self._conns)
        pending = iter(tasks)
        queued: dict[Connection, deque[int]] = {c: deque() for c in self._conns}
        done: dict[int, Any] = {}
        next_index = sent = 0
        exhausted = False
        while True:
            for conn in sorted(self._conns, key=lambda c: len(queued[c])):
                if exhausted or sent - next_index >= window or len(queued[conn]) >= 2:
                    continue
                task = next(pending, _END)
                if task is _END:
                    exhausted = True
                    break
                conn.send(task)
                queued[conn].append(sent)
                sent += 1
            if next_index in done:
                ok, value = done.pop(next_index)
                if not ok:
                    # raised in task order: the error reported is the first failing
                    # chunk's, whichever worker finished first (same as under -j 1)
                    raise value
                yield value
                next_index += 1
                continue
            busy = [c for c in self._conns if queued[c]]
            if not busy:
                return
            for ready in connection.wait(busy):
                assert isinstance(ready, Connection)
                conn = ready
                try:
                    ok, value = conn.recv()
                except (EOFError, OSError):
                    raise WorkerCrashed(
                        "a worker process died while generating (killed, or out of memory)"
                    ) from None
                done[queued[conn].popleft()] = (ok, value)

    def close(self) -> None:
        """Kill every worker and reap it; safe to call twice, from an interrupt too."""
        for pid in self._pids:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        for conn in self._conns:
            with contextlib.suppress(OSError):
                conn.close()
        for pid in self._pids:
            with contextlib.suppress(ChildProcessError, OSError):
                os.waitpid(pid, 0)
        self._conns, self._pids = [], []
