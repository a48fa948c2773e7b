"""Column groups: columns of one table that agree row by row without reading each other.

A person's first name and gender, a city and its postal code, a company and its e-mail
domain are chosen once per row *and group*: every column of the group derives the same
choice from a keyed hash of (table key, group name, field, row number). So the columns
agree whatever their declaration order, chunk size or number of workers, and none of them
has to be generated before another.

``ColumnInfo.table_key`` (derived by the host from the seed and the table) keys the hash.
A column used outside a table (``table_key == 0``) draws the same numbers from its own
``rng`` instead: still deterministic, but then nothing is shared.
"""

from __future__ import annotations

import re
import zlib
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pgmock_sdk.lazy import np
from pgmock_sdk.unique import permute, scramble64

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from pgmock_builtins._vec import AliasTable
    from pgmock_sdk import ColumnInfo, GenContext

_MASK64 = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15
_TWO_M53 = 2.0**-53
_TWO_M32 = 2.0**-32
_LOW32 = 0xFFFFFFFF

# Columns named <role>_<something> (billing_city, shipping_zip, pickup_lat) form their own
# address group, so one table can hold a billing and a shipping address that do not agree
# with each other; columns without such a prefix share the group "address".
ADDRESS_ROLES = (
    "billing", "shipping", "home", "work", "mailing", "delivery", "invoice", "office",
    "business", "pickup", "dropoff", "origin", "destination", "ship", "bill", "sender",
    "recipient", "return", "warehouse", "store", "residence", "birth",
)  # fmt: skip
_ROLE = re.compile(rf"({'|'.join(ADDRESS_ROLES)})_\w+")


def address_group(column: str, given: str | None) -> str:
    """The group of an address/geo column: ``given``, else the column's role prefix, else
    "address"."""
    if given:
        return given
    m = _ROLE.fullmatch(column.lower())
    return m.group(1) if m else "address"


def _splitmix(x: int) -> int:
    x = (x + _GOLDEN) & _MASK64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK64
    return x ^ (x >> 31)


def _derive(key: int, label: str) -> int:
    return _splitmix(key ^ _splitmix(zlib.crc32(label.encode("utf-8"))))


# The columns of a group ask for the same fields of the same chunk one after another;
# remembering the last few results saves recomputing them (chunks are small: a few MB).
_RECENT: OrderedDict[tuple[int, int, int], NDArray[Any]] = OrderedDict()
_RECENT_MAX = 24


def _remember(slot: tuple[int, int, int], compute: Callable[[], NDArray[Any]]) -> NDArray[Any]:
    hit = _RECENT.get(slot)
    if hit is not None:
        _RECENT.move_to_end(slot)
        return hit
    out = compute()
    out.flags.writeable = False  # shared between columns: nobody may change it
    _RECENT[slot] = out
    if len(_RECENT) > _RECENT_MAX:
        _RECENT.popitem(last=False)
    return out


class RowStream:
    """Per-row random numbers of one group, one independent stream per field name."""

    def __init__(self, column: ColumnInfo, group: str) -> None:
        self.shared = column.table_key != 0
        self.key = _derive(column.table_key, group)

    def bits(
        self, field: str, n: int, rng: np.random.Generator, ctx: GenContext
    ) -> NDArray[np.uint64]:
        """64 random bits per row of the batch, the same for every column of the group."""
        if not self.shared:
            return rng.integers(0, _MASK64, n, dtype=np.uint64, endpoint=True)
        key = _derive(self.key, field)
        # the table's row numbers, not ctx.row_numbers(): a column unique within each
        # parent's rows still belongs to the row's person or place
        rows = np.arange(ctx.offset, ctx.offset + n, dtype=np.int64)
        return _remember((key, ctx.offset, n), lambda: scramble64(rows, key))

    def derived(
        self, name: str, n: int, ctx: GenContext, compute: Callable[[], NDArray[Any]]
    ) -> NDArray[Any]:
        """``compute()`` (a function of this stream's values for the batch), computed once
        for all columns of the group; ``name`` must say everything it depends on."""
        if not self.shared:
            return compute()
        return _remember((_derive(self.key, "=" + name), ctx.offset, n), compute)

    def uniform(
        self, field: str, n: int, rng: np.random.Generator, ctx: GenContext
    ) -> NDArray[np.float64]:
        """Uniform floats in [0, 1)."""
        return (self.bits(field, n, rng, ctx) >> np.uint64(11)).astype(np.float64) * _TWO_M53

    def below(
        self, field: str, k: int, n: int, rng: np.random.Generator, ctx: GenContext
    ) -> NDArray[np.int64]:
        """Uniform integers in [0, k) (k < 2**32)."""
        high = self.bits(field, n, rng, ctx) >> np.uint64(32)
        return ((high * np.uint64(k)) >> np.uint64(32)).astype(np.int64)

    def distinct(self, field: str, k: int, n: int, ctx: GenContext) -> NDArray[np.int64]:
        """Integers in [0, k) that differ from row to row across the table (k at least its
        rows): a keyed permutation of the row numbers, the same for every column of the
        group."""
        rows = np.arange(ctx.offset, ctx.offset + n, dtype=np.int64)
        return permute(rows, k, _derive(self.key, field))

    def weighted(
        self, field: str, table: AliasTable, n: int, rng: np.random.Generator, ctx: GenContext
    ) -> NDArray[np.int64]:
        """Indices drawn with an alias table's weights (slot and coin from one hash)."""
        return alias_draw(table, self.bits(field, n, rng, ctx))


def alias_draw(table: AliasTable, bits: NDArray[np.uint64]) -> NDArray[np.int64]:
    """Walker's alias draw from 64 random bits: high half picks the slot, low half the coin."""
    u32 = np.uint64(32)
    slot = (((bits >> u32) * np.uint64(len(table.prob))) >> u32).astype(np.int64)
    coin = (bits & np.uint64(_LOW32)).astype(np.float64) * _TWO_M32
    return np.where(coin < table.prob[slot], slot, table.alias[slot])
