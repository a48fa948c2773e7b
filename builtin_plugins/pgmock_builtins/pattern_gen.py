"""``core.pattern``: codes in a fixed shape, as Faker's ``bothify`` makes them.

``#`` is a digit, ``%`` a digit 1–9, ``?`` an upper-case letter, ``^`` a hex digit; a
backslash takes the next character as it is; anything else stays. A column gets one
pattern or a weighted choice of several (VAT numbers of several countries). Rows are
built as a byte matrix — a template row per pattern with the drawn characters set
column by column — so no string is made per row; a unique column numbers its rows
through a keyed permutation of the pattern's values, read as mixed-radix digits. A
unique column's list numbers the patterns' values one pattern after the other, which
keeps the rows distinct only when no two patterns can make the same value (of another
length, or a position where their characters differ): a list that could is refused.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

from pydantic import Field, model_validator

from pgmock_builtins.numeric_gen import keyed_range
from pgmock_sdk import ColumnInfo, GenContext, Generator, Params
from pgmock_sdk.lazy import np
from pgmock_sdk.pgtypes import TEXT_TYPES
from pgmock_sdk.textmatrix import TextMatrix

if TYPE_CHECKING:
    from numpy.typing import NDArray

_ALPHABETS = {
    "#": b"0123456789",
    "%": b"123456789",
    "?": b"ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "^": b"0123456789abcdef",
}


def parse_pattern(pattern: str) -> list[tuple[str, bytes | None]]:
    """The pattern's characters: (literal, None) or (placeholder, its alphabet)."""
    out: list[tuple[str, bytes | None]] = []
    escaped = False
    for ch in pattern:  # once per pattern, when the column is set up
        if escaped:
            out.append((ch, None))
            escaped = False
        elif ch == "\\":
            escaped = True
        else:
            out.append((ch, _ALPHABETS.get(ch)))
    if escaped:
        raise ValueError(f"pattern {pattern!r} ends in a lone backslash")
    return out


class PatternParams(Params):
    pattern: str | list[str] = Field(
        description="The shape of a value: # a digit, % a digit 1-9, ? an upper-case letter, "
        "^ a hex digit, \\\\ before a character keeps it; others stay as they are "
        '("##-#######", "DE#########"). A list: one of them a row.',
    )
    weights: list[float] | None = Field(
        None, description="How often each pattern of the list is picked (default: equally)."
    )

    @model_validator(mode="after")
    def _check(self) -> PatternParams:
        patterns = self.patterns
        if not patterns or any(not p for p in patterns):
            raise ValueError("pattern must not be empty")
        for p in patterns:
            if not p.isascii():
                raise ValueError(f"pattern {p!r} is not ASCII (its values are a byte each)")
            if not any(alphabet for _, alphabet in parse_pattern(p)):
                raise ValueError(
                    f"pattern {p!r} has no placeholder (# % ? ^): use core.constant or "
                    "core.choice for fixed values"
                )
        if self.weights is not None:
            if len(self.weights) != len(patterns):
                raise ValueError(
                    f"weights has {len(self.weights)} entries for {len(patterns)} patterns"
                )
            if any(w < 0 for w in self.weights) or sum(self.weights) <= 0:
                raise ValueError("weights must be non-negative and not all zero")
        return self

    @property
    def patterns(self) -> list[str]:
        return [self.pattern] if isinstance(self.pattern, str) else list(self.pattern)


class PatternGenerator(Generator[PatternParams]):
    """Codes in a fixed shape (``##-#######``, ``DE#########``, ``####``): ``#`` a digit,
    ``?`` a letter, ``%`` a digit 1–9, ``^`` a hex digit; one pattern or a weighted list;
    unique by numbering the pattern's values in a keyed order."""

    name = "pattern"
    pg_types = frozenset(TEXT_TYPES)
    supports_unique = True

    def __init__(self, params: PatternParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        self.parsed = [parse_pattern(p) for p in params.patterns]
        limit = column.type.length
        if limit is not None:
            longest = max(len(p) for p in self.parsed)
            if longest > limit:
                raise ValueError(
                    f"{column.path}: a pattern makes {longest} characters, more than "
                    f"{column.type.display()} holds"
                )
        if column.unique and len(self.parsed) > 1:
            if params.weights is not None:
                raise ValueError(
                    f"{column.path}: weights have no effect on a unique column (its rows "
                    "number the patterns' values)"
                )
            for i, first in enumerate(self.parsed):
                for second in self.parsed[i + 1 :]:
                    if not _disjoint(first, second):
                        raise ValueError(
                            f"{column.path}: a unique column's patterns must not make the "
                            "same value (of the same length, every position can match)"
                        )

    @cached_property
    def plain(self) -> bool:
        """Whether COPY has nothing to escape in the values: only literals can hold such a
        character, and the SDK's TextMatrix knows which those are (asked when generating:
        validating a schema makes no arrays)."""
        literals = bytes(ord(c) for p in self.parsed for c, alphabet in p if alphabet is None)
        return TextMatrix(np.frombuffer(literals, np.uint8).reshape(1, -1)).plain

    def domain_size(self) -> int:
        return sum(map(_size, self.parsed))

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> TextMatrix:
        width = max(len(p) for p in self.parsed)
        out = np.zeros((n, width), np.uint8)
        if self.column.unique:  # the patterns' values numbered one pattern after another
            numbers = keyed_range(ctx, n, 0, self.domain_size() - 1, self.column.key)
            start = 0
            for parsed in self.parsed:
                size = _size(parsed)
                rows = np.flatnonzero((numbers >= start) & (numbers < start + size))
                self.fill(out, parsed, rows, rng, numbers[rows] - start)
                start += size
            return TextMatrix(out, plain=self.plain)
        if len(self.parsed) == 1:
            self.fill(out, self.parsed[0], np.arange(n), rng)
            return TextMatrix(out, plain=self.plain)
        weights = np.asarray(self.params.weights or [1.0] * len(self.parsed), np.float64)
        which = rng.choice(len(self.parsed), size=n, p=weights / weights.sum())
        for j, parsed in enumerate(self.parsed):  # once per pattern, not per row
            self.fill(out, parsed, np.flatnonzero(which == j), rng)
        return TextMatrix(out, plain=self.plain)

    @staticmethod
    def fill(
        out: NDArray[np.uint8],
        parsed: list[tuple[str, bytes | None]],
        rows: NDArray[np.int64],
        rng: np.random.Generator,
        numbers: NDArray[np.int64] | None = None,
    ) -> None:
        """Write ``parsed`` into ``rows`` of ``out``: literals as they are, placeholders
        drawn (or, for ``numbers``, its mixed-radix digits, the last placeholder
        changing fastest)."""
        m = len(rows)
        rest = numbers.copy() if numbers is not None else None
        for i in range(len(parsed) - 1, -1, -1):  # once per pattern character
            ch, alphabet = parsed[i]
            if alphabet is None:
                out[rows, i] = ord(ch)  # ASCII: the parameters say so
                continue
            table = np.frombuffer(alphabet, np.uint8)
            if rest is not None:
                picks: Any = rest % len(table)
                rest //= len(table)
            else:
                picks = rng.integers(0, len(table), m)
            out[rows, i] = table[picks]


Parsed = list[tuple[str, bytes | None]]  # a pattern's characters: literal, or alphabet


def _size(parsed: Parsed) -> int:
    """How many values a pattern makes."""
    count = 1
    for _, alphabet in parsed:
        count *= len(alphabet) if alphabet else 1
    return count


def _disjoint(first: Parsed, second: Parsed) -> bool:
    """Whether two patterns can never make the same value."""
    if len(first) != len(second):
        return True
    for (a, a_set), (b, b_set) in zip(first, second, strict=True):
        if not set(a_set or a.encode()) & set(b_set or b.encode()):
            return True
    return False
