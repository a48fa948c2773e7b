"""ArrayGenerator set up on a column of a given array type, without a host.

``make("mood[]", params)`` builds the generator, ``gen(g, n)`` draws one batch. Used by
tests/{unit,restore}/types/test_types_arrays.py.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from pgmock_builtins.array_gen import ArrayGenerator
from pgmock_sdk import ColumnInfo, GenContext, PgType, UserType, parse_type

MOOD = UserType("public", "mood", "enum", ("sad", "ok", "so-so happy"))


def pgtype(name: str) -> PgType:
    if name.startswith("mood"):
        return PgType("mood", array_dims=name.count("[]"), user=MOOD)
    return parse_type(name)


def make(type_name: str, params: dict[str, Any] | None = None) -> ArrayGenerator:
    col = ColumnInfo("public", "t", "c", pgtype(type_name), row_count=1000)
    return ArrayGenerator(ArrayGenerator.Params.model_validate(params or {}), col)


def gen(g: ArrayGenerator, n: int, seed: int = 1, offset: int = 0, dist: Any = None) -> list[Any]:
    ctx = GenContext(g.column, offset, {}, dist)
    out = g.generate(n, np.random.default_rng(seed), ctx)
    assert len(out) == n
    return out
