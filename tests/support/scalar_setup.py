"""The bit, "char", pg_lsn, geometric and text-search generators set up on a column,
without a host.

``make(cls, "bit(12)", params)`` builds the generator, ``gen(g, n)`` draws one batch of
texts. Used by tests/{unit,restore}/types/test_types_scalars.py.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from pgmock_sdk import ColumnInfo, GenContext, Generator

import generator_setup


def column(
    type_name: str, *, unique: bool = False, rows: int = 1000, locale: str = "en_US"
) -> ColumnInfo:
    return generator_setup.column(type_name, unique=unique, rows=rows, locale=locale, key=4242)


def make(
    cls: type[Generator], type_name: str, params: dict[str, Any] | None = None, **col: Any
) -> Generator:
    return cls(cls.Params.model_validate(params or {}), column(type_name, **col))


def gen(g: Generator, n: int, seed: int = 1, offset: int = 0) -> list[str]:
    values = g.generate(n, np.random.default_rng(seed), GenContext(g.column, offset))
    assert len(values) == n
    assert all(isinstance(v, str) for v in values)
    return list(values)
