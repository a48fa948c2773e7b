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
import sys
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from multiprocessing import connection
from multiprocessing.connection import Connection
from typing import Any

__all__ = ["Beside", "WorkerCrashed", "Workers"]

_END = object()

_PR_SET_PDEATHSIG = 1


class WorkerCrashed(RuntimeError):
    """A worker that died without answering (killed, or out of memory)."""


@cache
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


def _protect(prctl: Callable[..., int] | None, parent: int) -> bool:
    """In a freshly forked process: die with the main process (Linux SIGKILLs it then, no
    orphans on kill -9) and leave Ctrl-C to the main process; False when the main process
    already died before the protection was in place."""
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        return False
    # A terminal's Ctrl-C reaches the whole process group; the main process decides.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    return True


def _serve(
    conn: Connection, run: Callable[[Any], Any], prctl: Callable[..., int] | None, parent: int
) -> None:
    if not _protect(prctl, parent):
        return
    sent = 0.0  # seconds the previous reply took to send (blocked on a full socket)
    while True:
        waited = time.perf_counter()
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        started, cpu = time.perf_counter(), time.process_time()
        idle = started - waited
        try:
            value = run(task)
            times = (idle, time.perf_counter() - started, time.process_time() - cpu, sent)
            replied = time.perf_counter()
            if type(value) is bytes:
                # Chunk text: its bytes as they are, not pickled — a pickle is one more
                # copy on each side, and unpickling a fresh buffer the size of a chunk
                # page-faults all of it (3x the main process's time for a chunk's bytes).
                # They follow the header unframed: the main process reads them into a
                # buffer it keeps (see Workers._raw).
                conn.send_bytes(pickle.dumps((True, times, len(value), None)))
                _write_all(conn.fileno(), value)
            else:
                conn.send((True, times, None, value))
            sent = time.perf_counter() - replied
        except BaseException as exc:  # reported to the main process, which raises it
            conn.send((False, None, None, _portable(exc)))


_SOCKET_BUFFER = 4 << 20


def _widen(parent: Connection, child: Connection) -> None:
    """Room in the socket pair for a few chunks: a worker hands its chunk over and goes on
    to the next while the main process writes the previous one (the default 200 KiB
    made each worker wait for every chunk to be read)."""
    import socket

    for conn, option in ((child, socket.SO_SNDBUF), (parent, socket.SO_RCVBUF)):
        try:
            sock = socket.socket(fileno=os.dup(conn.fileno()))
        except OSError:
            continue
        with sock, contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, option, _SOCKET_BUFFER)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


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


@dataclass
class WorkerTimes:
    """Where one worker's time went (seconds)."""

    chunks: int = 0
    busy: float = 0.0  # making chunks (wall)
    cpu: float = 0.0  # making chunks (CPU)
    idle: float = 0.0  # waiting for a task
    sending: float = 0.0  # handing replies over (a full socket: the main process is behind)


@dataclass
class PoolTimes:
    """Where a pool's time went, for ``PGMOCK_WORKER_STATS`` (see docs/performance.md)."""

    workers: list[WorkerTimes]
    forked_at_cpu: float = 0.0  # the main process's CPU seconds before the fork
    started: float = field(default_factory=time.perf_counter)
    waiting: float = 0.0  # the main process waiting for a result
    receiving: float = 0.0  # the main process reading results
    cpu: float = 0.0  # the main process's CPU seconds since the fork (set by close)
    wall: float = 0.0  # seconds from the fork to close

    def report(self) -> str:
        lines = [
            f"pgmock: worker pool: {self.wall:.2f} s from fork to close; main process "
            f"{self.forked_at_cpu:.2f} CPU-s before the fork, {self.cpu:.2f} after "
            f"(waiting for results {self.waiting:.2f} s, receiving {self.receiving:.2f} s)"
        ]
        for i, w in enumerate(self.workers, 1):
            share = w.busy / self.wall if self.wall else 0.0
            lines.append(
                f"pgmock: worker {i}: {w.chunks} chunks, busy {w.busy:.2f} s "
                f"({share:.0%} of the pool's time, {w.cpu:.2f} CPU-s), waiting for a task "
                f"{w.idle:.2f} s, sending {w.sending:.2f} s"
            )
        return "\n".join(lines)


class Workers:
    """``jobs`` forked processes running ``run(task)``."""

    def __init__(self, jobs: int, run: Callable[[Any], Any]) -> None:
        self._conns: list[Connection] = []
        self._pids: list[int] = []
        # Replies still owed to an imap its caller stopped reading (an error raised, or a
        # generator dropped): the next imap reads and drops them first, in the pipe's
        # order, instead of taking them for its own tasks' results.
        self._owed: dict[Connection, int] = {}
        self._buffer = bytearray()  # chunk bytes are read into it (_raw)
        self.times = PoolTimes([WorkerTimes() for _ in range(jobs)], time.process_time())
        prctl = _prctl()
        parent_pid = os.getpid()
        try:
            for _ in range(jobs):
                parent, child = connection.Pipe(duplex=True)
                _widen(parent, child)
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
        # None marks a reply owed to an earlier imap: read, then dropped
        queued: dict[Connection, deque[int | None]] = {
            c: deque([None] * self._owed.pop(c, 0)) for c in self._conns
        }
        try:
            yield from self._results(pending, queued, window)
        finally:
            for conn, owed in queued.items():
                if owed:
                    self._owed[conn] = len(owed)

    def _results(
        self, pending: Iterator[Any], queued: dict[Connection, deque[int | None]], window: int
    ) -> Iterator[Any]:
        done: dict[int, Any] = {}
        next_index = sent = 0
        exhausted = False
        times = self.times
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
            waited = time.perf_counter()
            ready = connection.wait(busy)
            received = time.perf_counter()
            times.waiting += received - waited
            for answered in ready:
                assert isinstance(answered, Connection)
                index = queued[answered].popleft()
                reply = self._reply(answered)
                if index is not None:
                    done[index] = reply
            times.receiving += time.perf_counter() - received

    def _reply(self, conn: Connection) -> tuple[bool, Any]:
        try:
            # (ok, times, size, value): a size says the value follows as that many plain
            # bytes, so no value a task returns can be mistaken for that mark
            ok, spent, size, value = pickle.loads(conn.recv_bytes())
            if size is not None:
                value = self._raw(conn, size)
        except (EOFError, OSError):
            raise WorkerCrashed(
                "a worker process died while generating (killed, or out of memory)"
            ) from None
        if spent is not None:
            w = self.times.workers[self._conns.index(conn)]
            w.chunks += 1
            w.idle, w.busy, w.cpu, w.sending = (
                a + b for a, b in zip((w.idle, w.busy, w.cpu, w.sending), spent)
            )
        return ok, value

    def _raw(self, conn: Connection, size: int) -> bytes:
        """``size`` bytes from the worker's pipe, read into a buffer kept between replies:
        ``recv_bytes`` reads a chunk in pieces of the socket's size, each a fresh object
        copied into a growing BytesIO (3-4x the CPU of this for chunks of a few MB)."""
        if len(self._buffer) < size:
            self._buffer = bytearray(size)
        view = memoryview(self._buffer)[:size]
        fd, got = conn.fileno(), 0
        while got < size:
            read = os.readv(fd, [view[got:]])
            if not read:
                raise EOFError
            got += read
        return bytes(view)

    def close(self) -> None:
        """Kill every worker and reap it; safe to call twice, from an interrupt too."""
        if self._pids and os.environ.get("PGMOCK_WORKER_STATS"):
            t = self.times
            t.wall = time.perf_counter() - t.started
            t.cpu = time.process_time() - t.forked_at_cpu
            print(t.report(), file=sys.stderr)
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


class Beside:
    """``fn()`` run in a forked process while this one goes on (generators warmed side by
    side before the workers fork). :meth:`result` is what it returned, or None when it
    raised or died: the caller then does that work itself, and meets any error there."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        prctl = _prctl()
        parent = os.getpid()
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            code = 1
            try:
                os.close(read)
                if _protect(prctl, parent):
                    with os.fdopen(write, "wb") as out:
                        out.write(pickle.dumps(fn(), pickle.HIGHEST_PROTOCOL))
                    code = 0
            except BaseException:
                pass
            finally:
                os._exit(code)
        os.close(write)
        self._pid: int | None = pid
        self._read = read

    def result(self) -> Any:
        """Wait for the call's result (None when it failed)."""
        parts = []
        with os.fdopen(self._read, "rb") as source:
            self._read = -1
            while part := source.read(1 << 20):
                parts.append(part)
        ok = self._reap() == 0
        try:
            return pickle.loads(b"".join(parts)) if ok and parts else None
        except Exception:
            return None

    def _reap(self) -> int:
        pid, self._pid = self._pid, None
        if pid is None:
            return -1
        try:
            return os.waitpid(pid, 0)[1]
        except ChildProcessError:
            return -1

    def close(self) -> None:
        """Kill the process if it is still running and reap it; safe to call twice."""
        if self._pid is not None:
            with contextlib.suppress(OSError):
                os.kill(self._pid, signal.SIGKILL)
            self._reap()
        if self._read >= 0:
            os.close(self._read)
            self._read = -1
