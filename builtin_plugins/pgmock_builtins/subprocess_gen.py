"""The ``subprocess`` plugin and its one generator, ``process``: programs in any language.

``{"generator": "process", "params": {"command": ["./gen-codes", "--kind", "npi"]}}``
starts the program once per column (once per run for every column naming the same
command with ``"shared": true``) and talks newline-delimited JSON over its stdin/stdout
(docs/generator-protocol.md)::

    → {"protocol": 1, "column": {"table": …, "name": …, "type": …}, "params": {…options}}
    ← {"ok": true}
    → {"n": 10000, "seed": 8172…, "offset": 0, "column": "public.t.c"}
    ← {"values": ["…", …]}

The seed comes from the host's numpy RNG for that batch (below 2**53, exact in
JavaScript), so a program whose output depends only on the request is deterministic for
any --jobs. A program that exits, hangs past the timeout, writes invalid JSON or the
wrong number of values ends the run with an error quoting the end of its stderr; the
program is always killed and reaped, on errors and Ctrl-C too.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import select
import shlex
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import Field

from pgmock_builtins._jsonvalues import column_json, first_duplicate, rows_json
from pgmock_sdk import ColumnInfo, GenContext, Generator, Params, hookimpl

if TYPE_CHECKING:
    from pgmock_sdk import Registrar

PROTOCOL = 1
_READ_SIZE = 1 << 20
_STDERR_TAIL = 20  # lines of the child's stderr quoted in errors
_EXIT_GRACE = 3.0  # seconds a child gets to exit after end of input


class ProcessParams(Params):
    command: list[str] = Field(
        min_length=1,
        description="Program and arguments (no shell). A program path with a slash is "
        "relative to the schema file; it runs in the schema file's directory.",
    )
    options: dict[str, Any] = Field(
        default_factory=dict, description="Sent to the program as the handshake's params."
    )
    rows: list[str] = Field(
        default_factory=list, description="Earlier columns sent with every request."
    )
    shared: bool = Field(
        False, description="One process for every column with this command, for the run."
    )
    timeout: float = Field(
        30.0, gt=0, le=86400, description="Seconds to wait for the handshake or a batch."
    )


class ProcessError(RuntimeError):
    """A generator program that failed or broke the protocol (message quotes its stderr)."""


class Child:
    """One generator program and its pipes; only the process that started it uses it."""

    def __init__(self, argv: list[str], cwd: Path, label: str) -> None:
        self.label = label
        self.owner = os.getpid()
        # A file, not a pipe: a chatty program can never block on a full stderr pipe.
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        self._buf = bytearray()
        self.greeted: set[str] = set()
        try:
            # Own session: a terminal's Ctrl-C reaches pgmock, which stops the program;
            # killpg also takes down whatever the program started.
            self.proc = subprocess.Popen(
                argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._stderr,
                cwd=cwd,
                bufsize=0,
                start_new_session=True,
            )
        except OSError as exc:
            self._stderr.close()
            raise ProcessError(f"cannot start {label}: {exc.strerror or exc}") from None
        _LIVE[id(self)] = self

    # -- talking -------------------------------------------------------------------------

    def ask(self, message: dict[str, Any] | str, timeout: float, what: str) -> dict[str, Any]:
        """Send one request line (an object, or its JSON text) and read one answer object."""
        deadline = time.monotonic() + timeout
        text = message if isinstance(message, str) else json.dumps(message, separators=(",", ":"))
        try:
            self._send(text.encode() + b"\n", deadline, what)
            line = self._read_line(deadline, timeout, what)
        except BaseException:
            self.kill()  # mid-request: the conversation cannot continue
            raise
        try:
            answer = json.loads(line)
        except (ValueError, UnicodeDecodeError) as exc:
            self.kill()
            shown = line[:200].decode("utf-8", "replace")
            raise self.error(f"wrote invalid JSON in answer to {what}: {exc}: {shown!r}") from None
        if not isinstance(answer, dict):
            self.kill()
            raise self.error(f"answered {what} with {type(answer).__name__}, not a JSON object")
        if "error" in answer:
            self.kill()
            raise self.error(f"reported an error for {what}: {answer['error']}")
        return answer

    def _send(self, data: bytes, deadline: float, what: str) -> None:
        assert self.proc.stdin is not None
        fd = self.proc.stdin.fileno()
        view = memoryview(data)
        while view:
            self._wait(fd, deadline, what, write=True)
            try:
                sent = os.write(fd, view)
            except BrokenPipeError:
                raise self.error(f"closed its input before {what}{self._exit_note()}") from None
            view = view[sent:]

    def _read_line(self, deadline: float, timeout: float, what: str) -> bytes:
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        start = 0
        while True:
            end = self._buf.find(b"\n", start)
            if end >= 0:
                line = bytes(self._buf[:end])
                del self._buf[: end + 1]
                return line
            start = len(self._buf)
            self._wait(fd, deadline, what, write=False, timeout=timeout)
            chunk = os.read(fd, _READ_SIZE)
            if not chunk:
                raise self.error(f"exited before answering {what}{self._exit_note()}")
            self._buf += chunk

    def _wait(
        self, fd: int, deadline: float, what: str, write: bool, timeout: float | None = None
    ) -> None:
        left = deadline - time.monotonic()
        ready: tuple[list[int], list[int], list[int]] = ([], [], [])
        if left > 0:
            ready = (
                select.select([], [fd], [], left) if write else select.select([fd], [], [], left)
            )
        if not (ready[1] if write else ready[0]):
            self.kill()
            limit = f"{timeout:g} s" if timeout is not None else "the timeout"
            raise self.error(f"gave no answer to {what} within {limit} (params.timeout)")

    # -- ending ----------------------------------------------------------------------------

    def _exit_note(self) -> str:
        try:
            code = self.proc.wait(timeout=_EXIT_GRACE)
        except subprocess.TimeoutExpired:
            self.kill()
            return ""
        if code < 0:
            with contextlib.suppress(ValueError):
                return f" (killed by {signal.Signals(-code).name})"
            return f" (killed by signal {-code})"
        return f" (exit status {code})"

    def stderr_tail(self) -> str:
        try:
            self._stderr.seek(0, os.SEEK_END)
            size = self._stderr.tell()
            self._stderr.seek(max(0, size - 8192))
            data = self._stderr.read()
        except (OSError, ValueError):
            return ""
        lines = data.decode("utf-8", "replace").splitlines()[-_STDERR_TAIL:]
        return "\n".join(lines)

    def error(self, reason: str) -> ProcessError:
        message = f"{self.label} {reason}"
        tail = self.stderr_tail()
        if tail:
            indented = "\n".join("    " + line for line in tail.splitlines())
            message += f"\n  stderr of {self.label} (last lines):\n{indented}"
        else:
            message += f"; {self.label} wrote nothing on stderr"
        return ProcessError(message)

    def close(self) -> None:
        """End of input, a moment to exit, then SIGKILL; always reaped."""
        if self.owner == os.getpid() and self.proc.returncode is None:
            with contextlib.suppress(OSError):
                if self.proc.stdin is not None:
                    self.proc.stdin.close()
            try:
                self.proc.wait(timeout=_EXIT_GRACE)
            except subprocess.TimeoutExpired:
                self.kill()
        if self.owner == os.getpid():
            # Whatever the program left running in its session (a grandchild, a server it
            # forked) goes with it, also after a clean exit.
            with contextlib.suppress(OSError):
                os.killpg(self.proc.pid, signal.SIGKILL)
        self._release()
        self._stderr.close()  # kept open until now: errors quote it after a kill

    def kill(self) -> None:
        if self.owner != os.getpid():
            return
        if self.proc.returncode is None:
            with contextlib.suppress(OSError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                self.proc.kill()
        self.proc.wait()
        self._release()

    def _release(self) -> None:
        _LIVE.pop(id(self), None)
        for stream in (self.proc.stdin, self.proc.stdout):
            with contextlib.suppress(OSError):
                if stream is not None:
                    stream.close()


# Every child started by this process, so none outlives it even without a close() call.
_LIVE: dict[int, Child] = {}
# Shared children: (owner pid, argv, cwd) -> [child, number of generators using it].
_SHARED: dict[tuple[int, tuple[str, ...], str], list[Any]] = {}


@atexit.register
def _kill_leftovers() -> None:
    for child in list(_LIVE.values()):
        child.kill()


def column_id(column: ColumnInfo) -> str:
    """``schema.table.column``: how requests name their column (shared programs)."""
    return f"{column.schema}.{column.table}.{column.name}"


def resolve_program(command: list[str], base: Path) -> list[str]:
    """argv with the program found: a path with a slash is relative to ``base``."""
    program = command[0]
    if "/" in program:
        path = Path(program) if os.path.isabs(program) else base / program
        if not path.is_file():
            raise ValueError(f"program {program} not found ({path})")
        if not os.access(path, os.X_OK):
            raise ValueError(f"program {program} is not executable ({path}); chmod +x it")
        return [str(path), *command[1:]]
    found = shutil.which(program)
    if found is None:
        raise ValueError(f'program "{program}" not found on PATH')
    return [found, *command[1:]]


class ProcessGenerator(Generator[ProcessParams]):
    """Values from an external program speaking newline-delimited JSON on stdin/stdout
    (docs/generator-protocol.md)."""

    name = "process"
    pg_types = frozenset({"*"})
    fork_safe = False
    # The program's promise: with column.unique set in the handshake it must answer
    # distinct values (from the offset); each batch is checked, PostgreSQL checks the rest.
    supports_unique = True

    def __init__(self, params: ProcessParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        self.cwd = column.base_dir
        self.argv = resolve_program(params.command, self.cwd)
        label = shlex.join(params.command)
        self.label = label if len(label) <= 80 else label[:77] + "..."
        self._child: Child | None = None
        self._shared_key: tuple[int, tuple[str, ...], str] | None = None

    def _process(self) -> Child:
        child = self._child
        if child is not None and child.owner == os.getpid() and child.proc.returncode is None:
            return child
        p = self.params
        if p.shared:
            key = (os.getpid(), tuple(self.argv), str(self.cwd))
            slot = _SHARED.get(key)
            if slot is None or slot[0].proc.returncode is not None:
                slot = _SHARED[key] = [Child(self.argv, self.cwd, self.label), 0]
            slot[1] += 1
            child, self._shared_key = slot[0], key
        else:
            child = Child(self.argv, self.cwd, self.label)
        self._child = child
        return child

    def _greet(self, child: Child) -> None:
        path = self.column.path
        if path in child.greeted:
            return
        p = self.params
        hello = {"protocol": PROTOCOL, "column": column_json(self.column), "params": p.options}
        answer = child.ask(hello, p.timeout, f"the handshake for {path}")
        if answer.get("ok") is not True:
            child.kill()
            shown = json.dumps(answer)[:200]
            raise child.error(f'answered the handshake for {path} with {shown}, not {{"ok": true}}')
        child.greeted.add(path)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[Any]:
        p = self.params
        child = self._process()
        self._greet(child)
        seed = int(rng.integers(0, 2**53, dtype=np.int64))
        what = f"rows {ctx.offset}..{ctx.offset + n - 1}"
        column = json.dumps(column_id(self.column))
        request = f'{{"n":{n},"seed":{seed},"offset":{ctx.offset},"column":{column}'
        missing = [name for name in p.rows if name not in ctx.rows]
        if missing:
            raise ProcessError(
                f"params.rows names {', '.join(missing)}: only columns generated before "
                f"{self.column.name} can be sent ({', '.join(ctx.rows) or 'none'})"
            )
        request += f',"rows":{rows_json(ctx.rows, p.rows)}}}' if p.rows else "}"
        answer = child.ask(request, p.timeout, what)
        values = answer.get("values")
        if not isinstance(values, list):
            child.kill()
            raise child.error(f'answered {what} without a "values" array')
        if len(values) != n:
            child.kill()
            raise child.error(f"answered {len(values)} values for a batch of {n} ({what})")
        if self.column.unique:
            dup = first_duplicate(values)
            if dup is not None:
                raise child.error(
                    f"answered {json.dumps(dup)} twice for {what} of a unique column "
                    "(derive unique values from the offset)"
                )
        return values

    def close(self) -> None:
        child, self._child = self._child, None
        if child is None:
            return
        key, self._shared_key = self._shared_key, None
        if key is not None:
            slot = _SHARED.get(key)
            if slot is not None and slot[0] is child:
                slot[1] -= 1
                if slot[1] > 0:
                    return
                del _SHARED[key]
        child.close()


@hookimpl
def pgmock_register_generators(registry: Registrar) -> None:
    registry.add_generator(ProcessGenerator)
