"""The mimesis generators set up on a column, without a host: ``make``, ``gen`` and
``pool_of`` (a generator's vocabulary). Used by tests/{unit,restore}/generators/test_mimesis_gen.py.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from pgmock_builtins import mimesis_gen
from pgmock_sdk import GenContext, Generator

from generator_setup import column

BY_NAME = {cls.name: cls for cls in mimesis_gen.GENERATORS}


def make(
    name: str,
    type_name: str = "text",
    *,
    locale: str = "en_US",
    unique: bool = False,
    rows: int = 1000,
    params: dict[str, Any] | None = None,
) -> Generator:
    cls = BY_NAME[name]
    info = column(type_name, unique=unique, rows=rows, locale=locale, key=1234)
    return cls(cls.Params.model_validate(params or {}), info)


def gen(g: Generator, n: int, seed: int = 1, offset: int = 0) -> list[str]:
    values = g.generate(n, np.random.default_rng(seed), GenContext(g.column, offset))
    assert isinstance(values, list)
    return values


def pool_of(g: Generator) -> set[str]:
    return set(g.pool.values.tolist())  # type: ignore[attr-defined]
