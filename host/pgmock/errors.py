"""Errors the command line turns into messages and exit codes."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Characters that could end a message line, move the cursor, recolour the terminal or
# reorder text (C0/C1 controls, line and paragraph separators, bidi overrides), and lone
# surrogates, which cannot even be printed.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Zl", "Zp", "Cs"})
_BIDI = frozenset(range(0x202A, 0x202F)) | frozenset(range(0x2066, 0x206A))


def _escape(ch: str) -> str:
    if ch in "\n\t\r":
        return {"\n": "\\n", "\t": "\\t", "\r": "\\r"}[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def breaks_a_line(ch: str) -> bool:
    """Whether ``ch`` could end, hide or reorder a line of text (every such character is
    unprintable: ``str.isprintable()`` is the fast path for text without any)."""
    return unicodedata.category(ch) in _UNSAFE_CATEGORIES or ord(ch) in _BIDI


def one_line(text: str) -> str:
    """``text`` safe to print as (part of) one message line: control characters, line
    separators, bidi overrides and lone surrogates are shown escaped (``\\n``, ``\\x1b``),
    so text from a schema or from custom code cannot forge or hide ``pgmock:`` lines."""
    if text.isprintable():
        return text
    return "".join(_escape(ch) if breaks_a_line(ch) else ch for ch in text)


class PgmockError(Exception):
    """Base: a failure the user can act on; printed without a traceback."""

    exit_code = 1


class Interrupted(BaseException):
    """SIGTERM or SIGHUP, raised like KeyboardInterrupt so every cleanup runs."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class UsageError(PgmockError):
    """Bad flags or arguments."""

    exit_code = 2


class OutputError(PgmockError):
    """The output cannot be written (a full disk, a read-only file system, permissions)."""

    exit_code = 1


class PluginError(PgmockError):
    """A plugin that cannot be found, imported or registered."""

    exit_code = 2


class RegistryError(PluginError):
    """Two plugins claiming one name, or a name that resolves ambiguously."""


@dataclass(frozen=True)
class Problem:
    """One schema problem: where (file, JSON path and, when the source knows it, the
    line) and what was expected."""

    file: str
    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        # One line per problem, whatever names and messages the schema put in it.
        file = f"{self.file}:{self.line}" if self.line is not None else self.file
        where = f"{file}: {self.path}" if self.path else file
        return one_line(f"{where}: {self.message}")


class SchemaError(PgmockError):
    """Every problem found in a schema, reported in one pass."""

    exit_code = 2

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def __reduce__(self) -> tuple[type[SchemaError], tuple[list[Problem]]]:
        # Pickled across --jobs workers: rebuilt from the problems, not the joined text.
        return (SchemaError, (self.problems,))


class GeneratorError(PgmockError):
    """A generator that failed or broke its contract while producing a batch."""

    def __init__(self, column: str, generator: str, rows: tuple[int, int], seed: int, cause: str):
        self.column = column
        self.generator = generator
        # What __reduce__ hands back: a failure in a --jobs worker reaches the main process
        # pickled, and must arrive as this error, not as a TypeError about its arguments.
        self._args = (column, generator, rows, seed, cause)
        # The cause often quotes custom code (an exception message, a value): one line.
        super().__init__(
            one_line(
                f"{column}: generator {generator} failed for rows {rows[0]}..{rows[1] - 1} "
                f"(seed {seed}): {cause}"
            )
        )

    def __reduce__(self) -> tuple[type[GeneratorError], tuple[str, str, tuple[int, int], int, str]]:
        return (GeneratorError, self._args)
