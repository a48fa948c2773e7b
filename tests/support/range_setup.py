"""Range and multirange generators set up on a column, without a host, and the user range
types (``USER_RANGES``) their tests create.

``make("int4range", params)`` builds the generator, ``gen(g, n)`` draws one batch. Used by
tests/{unit,restore}/types/test_types_ranges.py.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from pgmock_builtins.range_gen import MultirangeGenerator, RangeGenerator
from pgmock_sdk import ColumnInfo, GenContext, Generator, PgType, UserType, parse_type

MOOD = UserType("public", "mood", "enum", ("sad", "ok happy", 'say "hi"', "a,b", "z\\"))
# user range type name -> (subtype PgType, the SQL that creates it)
USER_RANGES: dict[str, tuple[PgType, str]] = {
    "f8range": (parse_type("float8"), "CREATE TYPE f8range AS RANGE (subtype = float8);"),
    "f4range": (parse_type("real"), "CREATE TYPE f4range AS RANGE (subtype = real);"),
    "i2range": (parse_type("smallint"), "CREATE TYPE i2range AS RANGE (subtype = int2);"),
    "i4range": (parse_type("integer"), "CREATE TYPE i4range AS RANGE (subtype = int4);"),
    "nrange": (parse_type("numeric"), "CREATE TYPE nrange AS RANGE (subtype = numeric);"),
    "drange": (parse_type("date"), "CREATE TYPE drange AS RANGE (subtype = date);"),
    "timerange": (parse_type("time"), "CREATE TYPE timerange AS RANGE (subtype = time);"),
    "ttzrange": (parse_type("timetz"), "CREATE TYPE ttzrange AS RANGE (subtype = timetz);"),
    "tsr": (parse_type("timestamp"), "CREATE TYPE tsr AS RANGE (subtype = timestamp);"),
    "tstzr": (parse_type("timestamptz"), "CREATE TYPE tstzr AS RANGE (subtype = timestamptz);"),
    "moodrange": (
        PgType("mood", user=MOOD),
        "CREATE TYPE mood AS ENUM ('sad', 'ok happy', 'say \"hi\"', 'a,b', 'z\\');\n"
        "CREATE TYPE moodrange AS RANGE (subtype = mood);",
    ),
}


def pgtype(name: str) -> PgType:
    if name in USER_RANGES:
        sub = USER_RANGES[name][0]
        return PgType(name, user=UserType("public", name, "range", base=sub))
    return parse_type(name)


def make(type_name: str, params: dict[str, Any] | None = None) -> Generator:
    t = pgtype(type_name)
    cls: type[Generator] = MultirangeGenerator if "multirange" in type_name else RangeGenerator
    return cls(cls.Params.model_validate(params or {}), ColumnInfo("public", "t", "c", t))


def gen(g: Generator, n: int, seed: int = 1, offset: int = 0) -> list[str]:
    values = g.generate(n, np.random.default_rng(seed), GenContext(g.column, offset))
    assert isinstance(values, list) and len(values) == n
    return values
