"""The core and faker generators set up on a column, without a host.

``make("email", "varchar(40)", params, unique=True)`` builds a built-in generator (with the
``SETUPS`` column type and params when none are given), ``gen(g, n)`` draws one batch and
``rendered`` gives its PostgreSQL text. Used by
tests/{unit,restore}/generators/test_generators.py.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from pgmock.render.values import render_values
from pgmock_builtins import core_generators, faker_gen
from pgmock_sdk import ColumnInfo, GenContext, Generator, PgType, UserType, parse_type

ALL: tuple[type[Generator], ...] = (*core_generators.GENERATORS, *faker_gen.GENERATORS)
BY_NAME = {cls.name: cls for cls in ALL}
MOOD = UserType("public", "mood", "enum", ("sad", "ok", "happy", "ecstatic"))

# generator -> (column type, params) exercised by the generic contract tests
SETUPS: dict[str, tuple[str, dict[str, Any]]] = {
    "integer": ("int4", {}),
    "sequence": ("int8", {}),
    "position": ("int4", {}),
    "password_hash": ("varchar(64)", {}),
    "decimal": ("numeric(8,2)", {}),
    "boolean": ("bool", {}),
    "date": ("date", {}),
    "timestamp": ("timestamptz", {}),
    "time": ("time", {}),
    "interval": ("interval", {}),
    "text": ("varchar(40)", {}),
    "choice": ("text", {"values": ["a", "b", "c"]}),
    "constant": ("int4", {"value": 7}),
    "enum": ("mood", {}),
    "uuid": ("uuid", {}),
    "bytea": ("bytea", {}),
    "inet": ("inet", {}),
    "macaddr": ("macaddr", {}),
    "json": ("jsonb", {}),
    "xml": ("xml", {}),
    "array": ("text[]", {}),
    "range": ("tstzrange", {"empty_ratio": 0.1, "unbounded_ratio": 0.1}),
    "multirange": ("int4multirange", {}),
    "price": ("numeric(10,2)", {}),
    "quantity": ("int4", {}),
    "age": ("int2", {}),
    "birth_date": ("date", {}),
    "bit": ("bit(12)", {}),
    "varbit": ("bit varying(20)", {}),
    "char": ('"char"', {}),
    "lsn": ("pg_lsn", {}),
    "point": ("point", {}),
    "line": ("line", {}),
    "lseg": ("lseg", {}),
    "box": ("box", {}),
    "path": ("path", {}),
    "polygon": ("polygon", {}),
    "circle": ("circle", {}),
    "tsvector": ("tsvector", {}),
    "tsquery": ("tsquery", {}),
    "slug": ("varchar(120)", {"source_column": "title"}),
    "pattern": ("varchar(20)", {"pattern": "??-#####"}),
    "vat_number": ("varchar(20)", {"country_column": "country"}),
    "share": ("int4", {"of_column": "amount"}),
    "tier_price": ("int4", {"tier_column": "name"}),
}


def pgtype(name: str) -> PgType:
    if name.startswith("mood"):
        return PgType("mood", array_dims=name.count("[]"), user=MOOD)
    return parse_type(name)


def column(
    type_name: str,
    *,
    unique: bool = False,
    rows: int = 1000,
    key: int = 77,
    locale: str = "en_US",
    name: str = "c",
) -> ColumnInfo:
    """Column public.t.<name> of *type_name*, as the host describes it to a generator."""
    return ColumnInfo(
        "public",
        "t",
        name,
        pgtype(type_name),
        unique=unique,
        row_count=rows,
        locale=locale,
        key=key,
    )


def make(
    name: str, type_name: str | None = None, params: dict[str, Any] | None = None, **col: Any
) -> Generator:
    cls = BY_NAME[name]
    t, p = SETUPS.get(name, ("varchar(120)", {}))
    return cls(
        cls.Params.model_validate(params if params is not None else p),
        column(type_name or t, **col),
    )


def gen(g: Generator, n: int, seed: int = 1, offset: int = 0, dist: Any = None) -> Any:
    rng = np.random.default_rng(seed)
    return g.generate(n, rng, GenContext(g.column, offset, {}, dist))


def as_list(values: Any) -> list[Any]:
    return values.tolist() if isinstance(values, np.ndarray) else list(values)


def rendered(g: Generator, values: Any) -> list[str | None]:
    return render_values(values, g.column.type, g.column.path)
