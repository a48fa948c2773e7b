"""``core.tier_price``: a plan's price that follows its tier (Free < Starter < Pro <
Enterprise).

The row's tier name (``tier_column``, generated earlier) is read word by word for a
known tier; the price is that tier's list price a month, give or take 15%, in whole
units less one minor unit ($18.99, 1899 cents), and 0 for a free plan. The list prices
are at least twice the one below, so a higher tier always costs more. Names are ranked
once per distinct name, not per row.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import Field

from pgmock_sdk import GenContext, Generator, Params
from pgmock_sdk.lazy import np
from pgmock_sdk.pgtypes import FLOAT_TYPES, INTEGER_TYPES

#: A tier word's rank; a name with none of them ranks in the middle (2).
RANKS = {
    "free": 0, "hobby": 1, "basic": 1, "starter": 1, "lite": 1, "personal": 1,
    "essential": 1, "essentials": 1, "standard": 2, "plus": 2, "growth": 3, "pro": 3,
    "professional": 3, "premium": 3, "team": 4, "business": 4, "scale": 4,
    "enterprise": 5, "unlimited": 5,
}  # fmt: skip
#: List prices a month by rank, in whole units: each at least twice the one below.
LIST_PRICES = (0, 9, 19, 49, 99, 499)
_WORDS = re.compile(r"[^a-z]+")


def tier_rank(name: str) -> int:
    """The rank of a tier name: its highest known word's, else the middle one."""
    ranks = [RANKS[w] for w in _WORDS.split(name.lower()) if w in RANKS]
    return max(ranks) if ranks else 2


class TierPriceParams(Params):
    tier_column: str = Field(
        description="The text column generated earlier in the row naming the plan's tier."
    )
    minor_units: bool | None = Field(
        None,
        description="Prices in minor units (cents, 1899) or whole ones (18.99; 19 in an "
        "integer column). Default: cents in an integer column, whole units in others.",
    )


class TierPriceGenerator(Generator[TierPriceParams]):
    """A plan's price by its tier (``tier_column``: Free, Starter, Pro, Enterprise …):
    the tier's list price a month (0, 9, 19, 49, 99, 499) give or take 15%, less one
    cent ($18.99), so a higher tier always costs more; in cents with ``minor_units``."""

    name = "tier_price"
    pg_types = INTEGER_TYPES | FLOAT_TYPES | {"numeric", "money"}
    column_params = ("tier_column",)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> Any:
        values = ctx.rows.get(self.params.tier_column)
        if values is None or len(values) != n:
            ranks = np.full(n, 2)  # used without its row: a middle tier
        else:
            given = np.array(values, dtype=object)
            given[given == None] = ""  # noqa: E711 (elementwise)
            names, where = np.unique(given.astype(str), return_inverse=True)
            ranks = np.array([tier_rank(str(v)) for v in names.tolist()])[where]
        listed = np.asarray(LIST_PRICES, dtype=np.float64)[ranks]
        whole = np.maximum(np.rint(listed * rng.uniform(0.85, 1.15, n)), 1.0)
        cents = np.where(listed > 0, whole * 100 - 1, 0).astype(np.int64)
        integer = self.column.type.name in INTEGER_TYPES
        minor = self.params.minor_units
        if minor or (minor is None and integer):
            return cents
        if integer:  # whole units asked of an integer column: the tier's price rounded
            return np.where(listed > 0, whole, 0).astype(np.int64)
        return cents / 100.0
