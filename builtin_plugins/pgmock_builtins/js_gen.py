"""The ``js`` plugin: column generators written in JavaScript, run in a sandboxed V8.

A column names the code inline or in a file in the schema's folder::

    {"generator": "js", "params": {"code": "(n, random) => Array.from({length: n}, …)"}}
    {"generator": "js", "params": {"file": "generators/sku.js", "options": {"prefix": "SKU"}}}

The code evaluates to a function, or defines ``function generate(n, random, rows,
options, ctx)``. It is called once per batch and returns an array of ``n`` JSON values:
strings (PostgreSQL text form), numbers, booleans, ``null``, and objects/arrays for json
and array columns; they are checked against the column type. ``random`` is a seeded
generator (``random()``, ``random.int(lo, hi)``, ``random.choice(items, weights)``,
``random.normal(mean, sd)``, ``random.bool(p)``), reseeded for every batch from the host's
numpy RNG, and ``Math.random`` is the same source, so the output is deterministic under
``--seed``. ``rows`` holds earlier columns of the batch the code mentions by name, ``ctx``
the batch's row offset and the column.

The sandbox is a bare V8 isolate per column (mini-racer): no file system, network or
timers, in a process of its own whose memory the operating system caps
(:mod:`pgmock_builtins._js_engine`). Every call, the top level included, has a time and a
memory limit. ``pgmock validate`` parses the code and never runs it; a ``file`` outside
the schema's folder needs ``--allow-files`` (:mod:`pgmock_sdk.trust`). mini-racer is an
optional dependency (``pip install pgmockdb[js]``), needed only when a schema uses this
generator.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import Field, model_validator

from pgmock_builtins import _js_engine
from pgmock_builtins._child import Child
from pgmock_builtins._jsonvalues import (
    check_values,
    clip,
    column_json,
    first_duplicate,
    mentioned,
    rows_json,
    short,
)
from pgmock_sdk import ColumnInfo, GenContext, Generator, Params
from pgmock_sdk.trust import resolve_file

if TYPE_CHECKING:
    pass

INSTALL_HINT = "unavailable: pip install pgmockdb[js]"
# The largest JavaScript file or inline code accepted.
MAX_SOURCE_BYTES = 16 << 20
# Seconds the engine process gets, beyond a call's own timeout, to start and answer.
_ENGINE_GRACE = 30.0

# "file:line: message" as mini-racer reports the first line of an exception.
_FIRST_LINE = re.compile(r"^(?P<file>.*?):(?P<line>\d+): (?P<msg>.*)$")


class JsParams(Params):
    code: str | list[str] | None = Field(
        None,
        description="JavaScript (a list of strings is joined with newlines): a function, or "
        "a script defining function generate(n, random, rows, options, ctx).",
    )
    file: str | None = Field(
        None,
        description="A .js file holding that code, relative to the schema file (outside "
        "the schema's folder only with --allow-files).",
    )
    options: dict[str, Any] = Field(
        default_factory=dict, description="Passed to the function as its 4th argument."
    )
    rows: list[str] | None = Field(
        None,
        description="Earlier columns to pass in rows (default: the ones the code mentions).",
    )
    timeout: float = Field(10.0, gt=0, le=3600, description="Seconds one batch may take.")
    max_memory: int = Field(
        256,
        ge=16,
        le=65536,
        description="Megabytes of JavaScript heap the code may use; as much again outside "
        "the heap (ArrayBuffers, long strings).",
    )

    @model_validator(mode="after")
    def _one_source(self) -> JsParams:
        if (self.code is None) == (self.file is None):
            raise ValueError('give exactly one of "code" and "file"')
        return self


def load_mini_racer() -> None:
    """Check that mini-racer imports (a ValueError names the extra). It is imported, not
    started: V8 runs in the engine process only."""
    try:
        import py_mini_racer  # noqa: F401
    except ImportError as exc:
        raise ValueError(f"{INSTALL_HINT} ({exc})") from None


class JavaScriptError(RuntimeError):
    """JavaScript that failed or broke the generator contract; the message names file:line."""


def js_error_text(message: str, source_name: str, fallback_line: int) -> str:
    """mini-racer's exception text as ``"TypeError: … (at sku.js:3)"``.

    The location is the innermost stack frame in the user's code; an error raised in the
    prelude (a bad ``random.int`` call) is reported at the caller's line. The source line
    itself is not quoted: it may come from a file the user did not write.
    """
    lines = message.splitlines()
    head = _FIRST_LINE.match(lines[0]) if lines else None
    what = head.group("msg") if head else (lines[0] if lines else "unknown error")
    if head and head.group("file") == source_name:
        line = int(head.group("line"))
    else:
        frame = re.search(re.escape(source_name) + r":(\d+):\d+", message)
        line = int(frame.group(1)) if frame else fallback_line
    return f"{clip(what)} (at {source_name}:{line})"


def syntax_error_text(message: str, source_name: str) -> str:
    """A syntax error of ``new Function(body)``: ``"SyntaxError: … (at sku.js:3)"``. Its
    first line is ``file:line: message`` for the body alone (V8 may not have read the
    body's sourceURL yet), counted from the function's two header lines."""
    lines = message.splitlines()
    head = _FIRST_LINE.match(lines[0]) if lines else None
    if head is None:
        return f"{clip(lines[0] if lines else 'syntax error')} (in {source_name})"
    line = max(int(head.group("line")) - _js_engine.FUNCTION_HEADER_LINES, 1)
    return f"{clip(head.group('msg'))} (at {source_name}:{line})"


class Engine(Child):
    """The JavaScript engine process (:mod:`pgmock_builtins._js_engine`): one per pgmock
    process, serving every JavaScript column and the syntax checks."""

    def __init__(self) -> None:
        code = (
            f"import sys; sys.path[:0] = {json.dumps(sys.path)}; "
            "from pgmock_builtins._js_engine import main; main()"
        )
        super().__init__(
            [sys.executable, "-c", code], Path.cwd(), "the JavaScript engine", JavaScriptError
        )
        self._next_id = 0
        hello, _ = self._exchange(None, b"", _ENGINE_GRACE, "its start")
        if not hello.get("ok"):
            self.kill()
            raise JavaScriptError(f"cannot start the JavaScript engine: {hello.get('error')}")

    def new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def request(
        self, header: dict[str, Any], payload: bytes, timeout: float, what: str, memory: int
    ) -> tuple[dict[str, Any], bytes]:
        """One request and its answer; a dead engine is reported as what killed it."""
        try:
            return self._exchange({**header, "size": len(payload)}, payload, timeout, what)
        except JavaScriptError as exc:
            if self.alive:
                raise
            text = self.stderr_text().lower()
            reason = (
                f"ran out of memory (params.max_memory is {memory} MB; raise it)"
                if "out of memory" in text or "allocation fail" in text
                else f"crashed{self.exit_note()}"
            )
            raise JavaScriptError(
                f"the JavaScript engine stopped while running {what}: {reason}"
            ) from exc.__cause__
        except BaseException:
            self.kill()  # Ctrl-C while a script runs: stopping the process stops it at once
            raise

    def _exchange(
        self, header: dict[str, Any] | None, payload: bytes, timeout: float, what: str
    ) -> tuple[dict[str, Any], bytes]:
        deadline = time.monotonic() + timeout + _ENGINE_GRACE
        if header is not None:
            self.send(json.dumps(header).encode() + b"\n" + payload, deadline, what)
        answer = json.loads(self.read_line(deadline, what))
        size = int(answer.get("size", 0))
        return answer, self.read_exact(size, deadline, what) if size else b""


_ENGINES: dict[int, Engine] = {}


def engine() -> Engine:
    """This process's engine, started on first use (again after a crash)."""
    current = _ENGINES.get(os.getpid())
    if current is None or not current.alive:
        current = _ENGINES[os.getpid()] = Engine()
    return current


@atexit.register
def _stop_engines() -> None:
    for eng in list(_ENGINES.values()):
        eng.kill()


class JsGenerator(Generator[JsParams]):
    """JavaScript from the schema or a .js file, one call per batch in a sandboxed V8
    (needs pgmockdb[js])."""

    name = "js"
    pg_types = frozenset({"*"})
    fork_safe = False
    # The code's promise, not pgmock's: with ctx.column.unique it must make distinct
    # values (from ctx.offset); each batch is checked, PostgreSQL checks the rest.
    supports_unique = True

    def __init__(self, params: JsParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        load_mini_racer()
        if params.file is not None:
            # Asked first: a file outside the schema's folder is not even opened.
            path = resolve_file(column, params.file)
            self.source = read_source(path, params.file)
            self.source_name = _safe_name(params.file)
        else:
            code = params.code if isinstance(params.code, str) else "\n".join(params.code or ())
            if len(code.encode("utf-8", "surrogatepass")) > MAX_SOURCE_BYTES:
                raise ValueError(f"the code is longer than {MAX_SOURCE_BYTES >> 20} MiB")
            self.source = code
            schema = os.path.basename(column.schema_file) if column.schema_file else "schema"
            self.source_name = _safe_name(f"{schema}#{column.path}.code")
        check_syntax(self.source, self.source_name)
        self._engine: Engine | None = None
        self._id = 0
        self._line = 1

    def _loaded(self) -> Engine:
        current = engine()
        if self._engine is current and self._id:
            return current
        p = self.params
        self._id = current.new_id()
        header = {
            "op": "load",
            "id": self._id,
            "options": p.options,
            "column": column_json(self.column),
            "max_memory": p.max_memory,
            "timeout": p.timeout,
        }
        script = _as_script(self.source) + f"\n//# sourceURL={self.source_name}"
        answer, _ = current.request(
            header, _utf8(script), p.timeout, f"the top level of {self.source_name}", p.max_memory
        )
        if not answer.get("ok"):
            raise JavaScriptError("loading failed: " + self._failure(answer, 1))
        self._engine, self._line = current, int(answer["line"])
        return current

    def _failure(self, answer: dict[str, Any], line: int) -> str:
        p = self.params
        at = f"{self.source_name}:{line}"
        kind = answer.get("kind")
        if kind == "timeout":
            return f"timed out after {p.timeout:g} s (the code at {at}; raise params.timeout)"
        if kind == "oom":
            return (
                f"used more than {p.max_memory} MB of memory (the code at {at}; "
                "raise params.max_memory)"
            )
        if kind == "contract":
            return f"the function at {at} {clip(str(answer.get('error')))}"
        if kind == "thrown":
            frame = re.search(re.escape(self.source_name) + r":(\d+):\d+", answer["stack"])
            where = f"{self.source_name}:{frame.group(1) if frame else line}"
            return f"{clip(answer['error'])} (at {where})"
        return js_error_text(str(answer.get("error")), self.source_name, line)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[Any]:
        p = self.params
        current = self._loaded()
        seed = rng.integers(0, 2**32, size=4, dtype=np.uint64).tolist()
        names = p.rows if p.rows is not None else mentioned(ctx.rows, self.source)
        header = {
            "op": "run",
            "id": self._id,
            "n": n,
            "seed": seed,
            "offset": ctx.offset,
            "timeout": p.timeout,
            "max_memory": p.max_memory,
        }
        what = f"rows {ctx.offset}..{ctx.offset + n - 1}"
        answer, payload = current.request(
            header, _utf8(rows_json(ctx.rows, names)), p.timeout, what, p.max_memory
        )
        if not answer.get("ok"):
            raise JavaScriptError(self._failure(answer, self._line))
        values: list[Any] = json.loads(payload)
        at = f"{self.source_name}:{self._line}"
        if self.column.unique:
            dup = first_duplicate(values)
            if dup is not None:
                raise JavaScriptError(
                    f"the function at {at} returned {short(dup)} twice in one batch of "
                    "a unique column (derive unique values from ctx.offset)"
                )
        problem = check_values(values, self.column, ctx.offset, payload)
        if problem is not None:
            raise JavaScriptError(f"the function at {at} returned {problem}")
        return values

    def close(self) -> None:
        current, self._engine = self._engine, None
        if current is not None and current.alive and self._id:
            current.request({"op": "close", "id": self._id}, b"", 10, "closing", 0)
        self._id = 0


def read_source(path: Path, name: str) -> str:
    """A JavaScript file's text: a regular file, at most MAX_SOURCE_BYTES of UTF-8. Errors
    say what is wrong with it, never what is in it."""
    try:
        if not path.is_file():
            what = "no such file" if not path.exists() else "not a regular file"
            raise ValueError(f"cannot read {name} ({path}): {what}")
        if path.stat().st_size > MAX_SOURCE_BYTES:
            raise ValueError(f"{name} is larger than {MAX_SOURCE_BYTES >> 20} MiB")
        data = path.read_bytes()
    except OSError as exc:
        raise ValueError(f"cannot read {name} ({path}): {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{name} is not UTF-8 text (byte {exc.start})") from None


def _safe_name(name: str) -> str:
    # The name goes into a "//# sourceURL=" comment: a line break in it would end the
    # comment and run the rest as code. Only plain characters pass.
    return re.sub(r"[^\w.#/@:+-]", "_", name)


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _as_script(source: str) -> str:
    # An anonymous "function (n) {…}" is an expression, not a statement: parenthesize it
    # on the same lines, so line numbers stay those of the file.
    if re.match(r"\s*(async\s+)?function\s*\*?\s*\(", source):
        return "(" + source + "\n)"
    return source


_CHECKED: dict[tuple[str, str], str | None] = {}


def check_syntax(source: str, name: str) -> None:
    """Parse (never run) the code, so ``pgmock validate`` reports syntax errors with a line.

    The engine compiles it with ``new Function(code)``: the code is the *string argument*,
    parsed as one function body, so it cannot close the body and run (``}); … (function
    () {`` is a syntax error) — nothing of it executes. V8 itself parses, so what it accepts
    is exactly what will load.
    """
    key = (source, name)
    if key not in _CHECKED:
        body = _as_script(source) + f"\n//# sourceURL={name}"
        answer, _ = engine().request(
            {"op": "parse"}, _utf8(body), _js_engine.PARSE_TIMEOUT, f"parsing {name}", 0
        )
        if answer.get("ok"):
            _CHECKED[key] = None
        elif answer.get("kind") == "error":
            _CHECKED[key] = f"JavaScript {syntax_error_text(str(answer.get('error')), name)}"
        else:
            _CHECKED[key] = f"JavaScript in {name} could not be parsed ({answer.get('kind')})"
    problem = _CHECKED[key]
    if problem is not None:
        raise ValueError(problem)


GENERATORS: tuple[type[Generator], ...] = (JsGenerator,)
