"""Composite columns: each field generated like a column of its own, a batch at a time.

For a column of a composite type (``{"composite": {"street": "text", "zip": "varchar(10)"}}``)
the host resolves one generator per field exactly as it does for columns
(:mod:`pgmock_sdk.nested`): by the field's name (``street`` → ``faker.street_address``),
else by its type; or as the column's ``params`` say::

    "params": {"fields": {"zip": {"generator": "faker.postal_code", "params": {}},
                          "note": {"nullRatio": 0.3}}}

Each field's batch comes back as PostgreSQL text (a field of a domain keeps to the domain,
a field of another composite type nests), and the rows are laid out as ``record_out``
prints them (:func:`pgmock_sdk.records.record_literals`). Arrays of composites are
``core.array``'s, with this generator for their elements.

Fields draw from their own streams, keyed by field name like columns are, so adding a
field does not change the others.
"""

from __future__ import annotations

import difflib
from typing import Any

import numpy as np
from pydantic import Field, PrivateAttr

from pgmock_sdk import ColumnInfo, GenContext, Params
from pgmock_sdk.nested import (
    BoundField,
    FieldResolver,
    FieldSpec,
    NestedGenerator,
    ResolvedField,
)
from pgmock_sdk.records import record_literals

__all__ = ["CompositeGenerator", "CompositeParams", "FieldParams"]


class FieldParams(Params):
    generator: str | None = Field(
        None, description="Generator of this field; inferred from its name and type when absent."
    )
    params: dict[str, Any] = Field(default_factory=dict, description="Its parameters.")
    distribution: dict[str, Any] | None = Field(
        None, description='Its distribution: {"name": …, and the parameters}.'
    )
    nullRatio: float = Field(0.0, ge=0.0, le=1.0, description="Share of NULL fields.")


class CompositeParams(Params):
    fields: dict[str, FieldParams] = Field(
        default_factory=dict,
        description='Per field: {"generator": …, "params": …, "distribution": …, '
        '"nullRatio": …}; fields not named are inferred.',
    )
    # The fields as the host resolved them (see resolve_fields).
    _resolved: tuple[ResolvedField, ...] | None = PrivateAttr(None)


class CompositeGenerator(NestedGenerator[CompositeParams]):
    """Composite values: each field from its own generator (inferred from the field's name
    and type, or set per field under params.fields), laid out as PostgreSQL prints rows."""

    name = "composite"
    pg_types = frozenset({"composite"})
    default_for = pg_types

    @classmethod
    def resolve_fields(
        cls, params: CompositeParams, column: ColumnInfo, fields: FieldResolver, params_path: str
    ) -> CompositeParams | None:
        user = column.type.user
        if user is None or user.kind != "composite" or column.type.is_array:
            return params  # refused by __init__, with the column's path
        names = [name for name, _ in user.attributes]
        ok = True
        for name in params.fields:
            if name not in names:
                close = difflib.get_close_matches(name, names, n=1)
                hint = f' — did you mean "{close[0]}"?' if close else ""
                fields.problem(
                    f"{params_path}.fields.{name}",
                    f'{user.qualified} has no field "{name}"{hint} (fields: {", ".join(names)})',
                )
                ok = False
        resolved = []
        for name, ftype in user.attributes:
            spec = params.fields.get(name) or FieldParams()
            field = fields.resolve(
                FieldSpec(
                    path=f"{params_path}.fields.{name}",
                    name=name,
                    type=ftype,
                    generator=spec.generator,
                    params=spec.params,
                    distribution=spec.distribution,
                    null_ratio=spec.nullRatio,
                )
            )
            if field is None:
                ok = False
            else:
                resolved.append(field)
        if not ok:
            return None
        out = params.model_copy()
        out._resolved = tuple(resolved)
        return out

    def __init__(self, params: CompositeParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        user = column.type.user
        if user is None or user.kind != "composite" or column.type.is_array:
            raise ValueError(f"{column.path}: {column.type} is not a composite type")
        if params._resolved is None:
            raise ValueError(f"{column.path}: the composite generator needs its fields resolved")
        self.fields: list[BoundField] = [f.bind(column) for f in params._resolved]
        # A field generator that cannot cross a fork keeps the whole table in-process.
        self.__dict__["fork_safe"] = all(f.fork_safe for f in self.fields)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        seed = int(rng.integers(0, 2**63))
        rows: dict[str, Any] = {}
        texts = []
        for f in self.fields:
            values, rendered = f.batch(n, seed, ctx, rows)
            rows[f.name] = values
            texts.append(rendered)
        return record_literals(texts, n, self.column.path, [f.name for f in self.fields])

    def close(self) -> None:
        for f in self.fields:
            f.close()
