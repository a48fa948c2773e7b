"""``core.isbn``: book numbers that pass the check a library system runs on them.

An ISBN-13 is ``978`` or ``979``, nine digits and a check digit (weights 1, 3, 1, 3 …,
the sum a multiple of 10); ``979`` is followed by ``8`` here (979-8, the block in use for
books: 979-0 is the music ISMN), so about one in eleven books carries it, as newer ones
do. An ISBN-10 is nine digits and a check digit 0–9 or ``X`` (weights 10 … 1, the sum a
multiple of 11). Values are plain digits, the form a column declared ``char(13)`` or
``varchar(17)`` stores and compares (hyphens depend on each registration group's ranges;
an application adds them for display).

A unique column maps the row numbers through a keyed bijection of the number space, so
rows are distinct by construction in every chunk; otherwise numbers are drawn. Digits are
computed as a byte matrix, the check digit on its columns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field

from pgmock_builtins._vec import digit_codes, digit_matrix, marked_matrix, split_marked
from pgmock_sdk import ColumnInfo, GenContext, Generator, Params
from pgmock_sdk.lazy import np
from pgmock_sdk.pgtypes import TEXT_TYPES
from pgmock_sdk.unique import permute

if TYPE_CHECKING:
    from numpy.typing import NDArray

# ISBN-13 bodies: 978 and nine digits, then 9798 and eight.
_BODIES_978 = 10**9
_BODIES_979 = 10**8
_ISBN10_BODIES = 10**9


class IsbnParams(Params):
    digits: Literal[10, 13] | None = Field(
        None,
        description="13 (ISBN-13, 978/979) or 10 (ISBN-10, check digit 0-9 or X); default: "
        "13 where the column holds 13 characters, else 10.",
    )


class IsbnGenerator(Generator[IsbnParams]):
    """Valid ISBNs as plain digits: ISBN-13 (978 or 979-8, correct check digit) or ISBN-10
    where the column holds fewer than 13 characters; unique through a keyed bijection."""

    name = "isbn"
    pg_types = frozenset(TEXT_TYPES)
    supports_unique = True

    def __init__(self, params: IsbnParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        length = column.type.length
        self.digits = params.digits or (13 if length is None or length >= 13 else 10)
        if length is not None and length < self.digits:
            raise ValueError(
                f"an ISBN-{self.digits} has {self.digits} characters, more than the "
                f"column's {length}"
            )

    def domain_size(self) -> int:
        return _BODIES_978 + _BODIES_979 if self.digits == 13 else _ISBN10_BODIES

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        domain = self.domain_size()
        if self.column.unique:
            numbers = permute(ctx.row_numbers(n), domain, self.column.key)
        else:
            numbers = rng.integers(0, domain, n, dtype=np.int64)
        full = marked_matrix(n, self.digits)
        if self.digits == 13:
            _isbn13(numbers, full[:, 1:])
        else:
            _isbn10(numbers, full[:, 1:])
        return split_marked(full, nuls=False)


def _isbn13(numbers: NDArray[np.int64], out: NDArray[np.uint8]) -> None:
    newer = numbers >= _BODIES_978
    body = np.where(newer, 979_800_000_000 + (numbers - _BODIES_978), 978_000_000_000 + numbers)
    out[:, :12] = digit_matrix(body, 12)
    weights = np.tile(np.array([1, 3], np.int64), 6)
    total = (out[:, :12].astype(np.int64) - ord("0")) @ weights
    out[:, 12] = digit_codes()[(10 - total % 10) % 10]


def _isbn10(numbers: NDArray[np.int64], out: NDArray[np.uint8]) -> None:
    out[:, :9] = digit_matrix(numbers, 9)
    weights = np.arange(10, 1, -1, dtype=np.int64)
    total = (out[:, :9].astype(np.int64) - ord("0")) @ weights
    symbols = np.frombuffer(b"0123456789X", np.uint8)
    out[:, 9] = symbols[(11 - total % 11) % 11]
