"""``core.share``: a part of a number of the row, as a tax is of the amount it is on.

The value is the row's ``of_column`` (generated earlier) times a share drawn uniformly
between ``min`` and ``max``, rounded down to the column's integer or decimal places: an
invoice's ``tax_cents`` is at most a quarter of its ``amount_cents``, never more than it.
With ``of_parent`` the number is the parent row's (``assignments.max_points``, the row its
foreign key picked): a submission's score of at most the assignment's points.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator

from pgmock_sdk import GenContext, Generator, Params
from pgmock_sdk.lazy import np
from pgmock_sdk.pgtypes import FLOAT_TYPES, INTEGER_TYPES


class ShareParams(Params):
    of_column: str | None = Field(
        None,
        description="The number generated earlier in the row this is a part of (an "
        "invoice's amount). Give it or of_parent.",
    )
    of_parent: str | None = Field(
        None,
        description='A parent\'s number this is a part of ("assignments.max_points", '
        "through a foreign key declared before this column): a score of at most the "
        "assignment's points.",
    )
    min: float = Field(0.0, ge=0, description="The smallest share of it.")
    max: float = Field(0.25, ge=0, description="The largest share of it.")

    @model_validator(mode="after")
    def _order(self) -> ShareParams:
        if self.min > self.max:
            raise ValueError("min must not be above max")
        if (self.of_column is None) == (self.of_parent is None):
            raise ValueError("give one of of_column (a number of the row) and of_parent")
        return self


class ShareGenerator(Generator[ShareParams]):
    """A part of a number of the row (``of_column``) or of its parent row (``of_parent``):
    it times a share drawn between ``min`` and ``max``, rounded down to the column's
    places (a tax of at most a quarter of the amount, a score of at most the assignment's
    points). A row whose number is NULL gets 0."""

    name = "share"
    pg_types = INTEGER_TYPES | FLOAT_TYPES | {"numeric"}
    column_params = ("of_column",)

    @classmethod
    def parent_inputs(cls, params: Any) -> tuple[str, ...]:
        return (params.of_parent,) if params.of_parent else ()

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> Any:
        values = ctx.rows.get(self.params.of_column or self.params.of_parent or "")
        if values is None or len(values) != n:
            base = np.full(n, 100.0)  # used without its row: a part of 100
        else:
            given = np.array(values, dtype=object)
            given[given == None] = 0  # noqa: E711 (elementwise)
            base = given.astype(np.float64)
        part = base * rng.uniform(self.params.min, self.params.max, n)
        t = self.column.type
        if t.name in INTEGER_TYPES:
            return np.floor(part).astype(np.int64)
        if t.name == "numeric":
            places = 10.0 ** (t.precision_scale[1] if t.precision_scale[1] is not None else 2)
            return np.floor(part * places) / places
        return part
