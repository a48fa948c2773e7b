"""Helper processes a generator talks to: an external program, or the JavaScript engine.

Each runs in its own session (a terminal's Ctrl-C reaches pgmock, which stops it; killing
the session takes whatever it started along), with every pipe non-blocking and every wait
bounded by a deadline, so a child can never hang pgmock or make it grow without bound:

* an answer line longer than :data:`MAX_LINE_BYTES` is an error, not a bigger buffer;
* stderr is drained whenever pgmock waits on the child, and only its last
  :data:`STDERR_KEEP_BYTES` are kept (in memory: no spool file to fill a disk). They are
  never put in an error message — text from a program the user may not have written —
  but chained to the error as :class:`ChildStderr`, which ``--debug`` prints (escaped).

A child is always killed and reaped: after errors, at the end of the run, on Ctrl-C and
SIGTERM, and at exit for any left over.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import select
import signal
import subprocess
import time
from collections.abc import Mapping
from pathlib import Path

# An answer line longer than this ends the run: 10,000 values of 25 KiB each. A program
# writing without newlines used to grow pgmock without bound.
MAX_LINE_BYTES = 256 << 20
# The end of a child's stderr kept for --debug; the rest is read and dropped.
STDERR_KEEP_BYTES = 64 << 10
# Seconds a child gets to exit after the end of its input, before SIGKILL.
EXIT_GRACE = 3.0
_READ_SIZE = 1 << 20
# What could rewrite the terminal when --debug prints a child's stderr (lines are kept).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


class ChildStderr(Exception):
    """The end of a child's stderr, chained to its error (shown by ``--debug``)."""


class Child:
    """One child process and its pipes; only the process that started it uses it.

    Errors are raised as ``error_type(f"{label} {reason}")``.
    """

    def __init__(
        self,
        argv: list[str],
        cwd: Path,
        label: str,
        error_type: type[Exception],
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.label = label
        self.error_type = error_type
        self.timeout_note = "in time"  # how the deadline is set, for the timeout error
        self.owner = os.getpid()
        self._out = bytearray()
        self._err = bytearray()
        self._err_dropped = 0
        try:
            self.proc = subprocess.Popen(
                argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                cwd=cwd,
                env=None if env is None else dict(env),
                bufsize=0,
                start_new_session=True,
            )
        except OSError as exc:
            raise error_type(f"cannot start {label}: {exc.strerror or exc}") from None
        assert self.proc.stdin and self.proc.stdout and self.proc.stderr
        self._fds = (self.proc.stdin.fileno(), self.proc.stdout.fileno(), self.proc.stderr.fileno())
        for fd in self._fds:
            os.set_blocking(fd, False)
        _LIVE[id(self)] = self

    @property
    def alive(self) -> bool:
        return self.owner == os.getpid() and self.proc.returncode is None

    # -- talking -------------------------------------------------------------------------

    def send(self, data: bytes, deadline: float, what: str) -> None:
        fd = self._fds[0]
        view = memoryview(data)
        while view:
            self._wait(fd, deadline, what, write=True)
            try:
                sent = os.write(fd, view)
            except BlockingIOError:
                continue
            except (BrokenPipeError, OSError):
                raise self.error(f"closed its input before {what}{self.exit_note()}") from None
            view = view[sent:]

    def read_line(self, deadline: float, what: str, limit: int | None = None) -> bytes:
        """The next line of stdout, without its newline, at most ``limit`` (default
        :data:`MAX_LINE_BYTES`) bytes long."""
        limit = MAX_LINE_BYTES if limit is None else limit
        start = 0
        while True:
            end = self._out.find(b"\n", start)
            if end >= 0:
                if end > limit:
                    break
                line = bytes(self._out[:end])
                del self._out[: end + 1]
                return line
            if len(self._out) > limit:
                break
            start = len(self._out)
            self._fill(deadline, what)
        self.kill()
        raise self.error(
            f"answered {what} with a line longer than {limit >> 20} MiB (the limit of one "
            "answer; return fewer or shorter values)"
        )

    def read_exact(self, size: int, deadline: float, what: str) -> bytes:
        while len(self._out) < size:
            self._fill(deadline, what)
        data = bytes(self._out[:size])
        del self._out[:size]
        return data

    def has_output(self) -> bool:
        """Whether stdout holds data nobody asked for yet (read without waiting)."""
        if not self._out:
            with contextlib.suppress(BlockingIOError, OSError):
                chunk = os.read(self._fds[1], _READ_SIZE)
                self._out += chunk
        return bool(self._out)

    def _fill(self, deadline: float, what: str) -> None:
        fd = self._fds[1]
        self._wait(fd, deadline, what, write=False)
        try:
            chunk = os.read(fd, _READ_SIZE)
        except BlockingIOError:
            return
        if not chunk:
            raise self.error(f"exited before answering {what}{self.exit_note()}")
        self._out += chunk

    def _wait(self, fd: int, deadline: float, what: str, write: bool) -> None:
        """Until ``fd`` is ready, draining stderr meanwhile; past the deadline, kill."""
        err = self._fds[2]
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                self.kill()
                raise self.error(f"gave no answer to {what} {self.timeout_note}")
            readers = [err] if err >= 0 else []
            if write:
                ready_r, ready_w, _ = select.select(readers, [fd], [], left)
            else:
                ready_r, ready_w, _ = select.select([fd, *readers], [], [], left)
            if err in ready_r:
                self._drain_stderr()
            if fd in ready_w or fd in ready_r:
                return

    def _drain_stderr(self) -> None:
        try:
            chunk = os.read(self._fds[2], _READ_SIZE)
        except BlockingIOError:
            return
        except OSError:
            chunk = b""
        if not chunk:  # closed: stop watching it
            self._fds = (self._fds[0], self._fds[1], -1)
            return
        self._err += chunk
        excess = len(self._err) - STDERR_KEEP_BYTES
        if excess > 0:
            del self._err[:excess]
            self._err_dropped += excess

    # -- reporting -----------------------------------------------------------------------

    def exit_note(self) -> str:
        try:
            code = self.proc.wait(timeout=EXIT_GRACE)
        except subprocess.TimeoutExpired:
            self.kill()
            return ""
        if code < 0:
            with contextlib.suppress(ValueError):
                return f" (killed by {signal.Signals(-code).name})"
            return f" (killed by signal {-code})"
        return f" (exit status {code})"

    def stderr_text(self) -> str:
        """What was kept of stderr, drained up to now (without waiting)."""
        if self._fds[2] >= 0 and self.owner == os.getpid():
            for _ in range(64):  # up to 64 MiB left in the pipe by a dead child's session
                before = len(self._err) + self._err_dropped
                self._drain_stderr()
                if self._fds[2] < 0 or len(self._err) + self._err_dropped == before:
                    break
        return self._err.decode("utf-8", "replace")

    def error(self, reason: str) -> Exception:
        """``error_type`` for ``reason``; stderr is chained to it, not quoted in it."""
        text = self.stderr_text()
        exc = self.error_type(f"{self.label} {reason}" + _stderr_hint(text))
        if text:
            shown = _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
            exc.__cause__ = ChildStderr(f"the end of the stderr of {self.label}:\n{shown}")
        return exc

    # -- ending --------------------------------------------------------------------------

    def close(self) -> None:
        """End of input, a moment to exit (stderr drained meanwhile), then SIGKILL; the
        session is killed too, so nothing the child started outlives it."""
        if self.owner != os.getpid():
            return
        if self.proc.returncode is None:
            with contextlib.suppress(OSError):
                if self.proc.stdin is not None:
                    self.proc.stdin.close()
            deadline = time.monotonic() + EXIT_GRACE
            while self.proc.poll() is None and time.monotonic() < deadline:
                readers = [fd for fd in self._fds[1:] if fd >= 0]
                ready, _, _ = select.select(readers, [], [], 0.05) if readers else ([], [], [])
                if self._fds[2] in ready:
                    self._drain_stderr()
                if self._fds[1] in ready:
                    with contextlib.suppress(BlockingIOError, OSError):
                        if not os.read(self._fds[1], _READ_SIZE):
                            self._fds = (self._fds[0], -1, self._fds[2])
        self.kill()

    def kill(self) -> None:
        if self.owner != os.getpid():
            return
        with contextlib.suppress(OSError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        if self.proc.returncode is None:
            with contextlib.suppress(OSError):
                self.proc.kill()
        self.proc.wait()
        _LIVE.pop(id(self), None)
        self.stderr_text()  # what the child left in the pipe, before it is closed
        self._fds = (-1, -1, -1)
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            with contextlib.suppress(OSError):
                if stream is not None:
                    stream.close()


def _stderr_hint(text: str) -> str:
    if not text.strip():
        return ""
    lines = len(text.splitlines())
    return f" (its stderr, {lines} line{'s' if lines != 1 else ''}, is shown with --debug)"


# Every child started by this process, so none outlives it even without a close() call.
_LIVE: dict[int, Child] = {}


@atexit.register
def _kill_leftovers() -> None:
    for child in list(_LIVE.values()):
        child.kill()
