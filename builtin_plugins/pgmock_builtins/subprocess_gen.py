"""The ``subprocess`` plugin and its one generator, ``process``: programs in any language.

``{"generator": "process", "params": {"command": ["./gen-codes", "--kind", "npi"]}}``
starts the program once per column (once per run for every column naming the same
command with ``"shared": true``) and talks newline-delimited JSON over its stdin/stdout
(docs/generator-protocol.md)::

    → {"protocol": 1, "id": 0, "column": {"table": …, "name": …, "type": …}, "params": {…}}
    ← {"ok": true, "id": 0}
    → {"id": 1, "n": 10000, "seed": 8172…, "offset": 0, "column": "public.t.c"}
    ← {"id": 1, "values": ["…", …]}

Running a program is the user's decision, never a schema's: the generator refuses to be
made without ``--allow-exec`` (:mod:`pgmock_sdk.trust`), so ``validate`` reports it as a
schema error and nothing runs. The seed comes from the host's numpy RNG for that batch
(below 2**53, exact in JavaScript), so a program whose output depends only on the request
is deterministic for any --jobs. Answers carry the request's ``id`` back (programs that
do not are checked for extra output instead), so a program that answers twice cannot
shift later batches. A program that exits, hangs past the timeout, writes invalid JSON,
an over-long line or the wrong number of values ends the run with an error naming it; its
output is never quoted (``--debug`` shows the end of its stderr), and the program is
always killed and reaped, on errors and Ctrl-C too (:mod:`pgmock_builtins._child`).
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import Field

from pgmock_builtins._child import Child
from pgmock_builtins._jsonvalues import (
    check_values,
    clip,
    column_json,
    first_duplicate,
    rows_json,
    short,
)
from pgmock_sdk import ColumnInfo, GenContext, Generator, Params
from pgmock_sdk.trust import require_exec

if TYPE_CHECKING:
    pass

PROTOCOL = 1


class ProcessParams(Params):
    command: list[str] = Field(
        min_length=1,
        description="Program and arguments (no shell). A program path with a slash is "
        "relative to the schema file; it runs in the schema file's directory. Needs "
        "--allow-exec.",
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
    """A generator program that failed or broke the protocol."""


class Program(Child):
    """A generator program: one JSON request line, one JSON answer line, matched by id."""

    def __init__(self, argv: list[str], cwd: Path, label: str) -> None:
        super().__init__(argv, cwd, label, ProcessError)
        self.greeted: set[str] = set()
        self._next_id = 0
        self._echoes_ids = False

    def ask(self, members: str, timeout: float, what: str) -> tuple[dict[str, Any], bytes]:
        """Send one request — ``members``, the JSON text of its fields, after its ``id`` —
        and read its answer: the object, and the line it was parsed from."""
        request_id = self._next_id
        self._next_id += 1
        if not self._echoes_ids and self.has_output():
            self.kill()
            raise self.error(
                f"wrote output before {what} was asked: it answered an earlier request "
                'twice? (echo each request\'s "id" in the answer)'
            )
        text = f'{{"id":{request_id},{members}}}'
        self.timeout_note = f"within {timeout:g} s (params.timeout)"
        deadline = time.monotonic() + timeout
        try:
            self.send(text.encode() + b"\n", deadline, what)
            line = self.read_line(deadline, what)
        except BaseException:
            self.kill()  # mid-request: the conversation cannot continue
            raise
        try:
            answer = json.loads(line)
        except (ValueError, UnicodeDecodeError) as exc:
            self.kill()
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "not UTF-8"
            raise self.error(
                f"answered {what} with a line that is not JSON ({reason}; {len(line):,} bytes)"
            ) from None
        if not isinstance(answer, dict):
            self.kill()
            raise self.error(f"answered {what} with a JSON {_kind(answer)}, not an object")
        if "id" in answer or self._echoes_ids:
            self._echoes_ids = True
            if answer.get("id") != request_id:
                self.kill()
                got = answer.get("id")
                raise self.error(
                    f"answered {what} (request {request_id}) with the answer to request "
                    f"{short(got)}: it answered twice or out of order"
                )
        if "error" in answer:
            self.kill()
            error = answer["error"]
            text = error if isinstance(error, str) else short(error, 300)
            raise self.error(f"reported an error for {what}: {clip(text)}")
        return answer, line


def _kind(value: Any) -> str:
    return {list: "array", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "number"
    )


# Shared children: (owner pid, argv, cwd) -> [child, number of generators using it].
_SHARED: dict[tuple[int, tuple[str, ...], str], list[Any]] = {}


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
        # Asked first: without --allow-exec nothing about the program is even looked up.
        require_exec(column, params.command, self.cwd)
        self.argv = resolve_program(params.command, self.cwd)
        label = shlex.join(params.command)
        self.label = label if len(label) <= 80 else label[:77] + "..."
        self._child: Program | None = None
        self._shared_key: tuple[int, tuple[str, ...], str] | None = None

    def _process(self) -> Program:
        child = self._child
        if child is not None and child.owner == os.getpid() and child.proc.returncode is None:
            return child
        p = self.params
        if p.shared:
            key = (os.getpid(), tuple(self.argv), str(self.cwd))
            slot = _SHARED.get(key)
            if slot is None or slot[0].proc.returncode is not None:
                slot = _SHARED[key] = [Program(self.argv, self.cwd, self.label), 0]
            slot[1] += 1
            child, self._shared_key = slot[0], key
        else:
            child = Program(self.argv, self.cwd, self.label)
        self._child = child
        return child

    def _greet(self, child: Program) -> None:
        path = self.column.path
        if path in child.greeted:
            return
        p = self.params
        hello = json.dumps(
            {"protocol": PROTOCOL, "column": column_json(self.column), "params": p.options},
            separators=(",", ":"),
        )[1:-1]
        answer, _ = child.ask(hello, p.timeout, f"the handshake for {path}")
        if answer.get("ok") is not True:
            child.kill()
            raise child.error(f'answered the handshake for {path} without "ok": true')
        child.greeted.add(path)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[Any]:
        p = self.params
        child = self._process()
        self._greet(child)
        seed = int(rng.integers(0, 2**53, dtype=np.int64))
        what = f"rows {ctx.offset}..{ctx.offset + n - 1}"
        column = json.dumps(column_id(self.column))
        request = f'"n":{n},"seed":{seed},"offset":{ctx.offset},"column":{column}'
        missing = [name for name in p.rows if name not in ctx.rows]
        if missing:
            raise ProcessError(
                f"params.rows names {', '.join(missing)}: only columns generated before "
                f"{self.column.name} can be sent ({', '.join(ctx.rows) or 'none'})"
            )
        if p.rows:
            request += f',"rows":{rows_json(ctx.rows, p.rows)}'
        answer, line = child.ask(request, p.timeout, what)
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
                    f"answered {short(dup)} twice for {what} of a unique column "
                    "(derive unique values from the offset)"
                )
        problem = check_values(values, self.column, ctx.offset, line)
        if problem is not None:
            raise child.error(f"answered {problem}")
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


GENERATORS: tuple[type[Generator], ...] = (ProcessGenerator,)
