"""Array columns: a core element generator fills all elements of a batch in one call,
then the flat values are cut into per-row lists (``islice`` over one iterator, no Python
loop per row); the host renders them as array literals."""

from __future__ import annotations

import dataclasses
from itertools import islice, repeat
from typing import Any, cast

import numpy as np
from pydantic import Field, ValidationError, model_validator

from pgmock_builtins.binary_gen import InetGenerator, MacaddrGenerator, UuidGenerator
from pgmock_builtins.numeric_gen import BooleanGenerator, DecimalGenerator, IntegerGenerator
from pgmock_builtins.temporal_gen import (
    DateGenerator,
    IntervalGenerator,
    TimeGenerator,
    TimestampGenerator,
)
from pgmock_builtins.text_gen import EnumGenerator, TextGenerator
from pgmock_sdk import ColumnInfo, GenContext, Generator, Params

ELEMENT_GENERATORS: dict[str, type[Generator]] = {}
for _cls in (
    IntegerGenerator,
    DecimalGenerator,
    BooleanGenerator,
    TextGenerator,
    EnumGenerator,
    DateGenerator,
    TimestampGenerator,
    TimeGenerator,
    IntervalGenerator,
    UuidGenerator,
    InetGenerator,
    MacaddrGenerator,
):
    for _key in _cls.default_for:
        ELEMENT_GENERATORS[_key] = _cls

ARRAY_KEYS = frozenset(k + "[]" for k in ELEMENT_GENERATORS)


class ArrayParams(Params):
    min_length: int = Field(0, ge=0, le=10_000, description="Fewest elements per array.")
    max_length: int = Field(4, ge=0, le=10_000, description="Most elements per array.")
    element: dict[str, Any] | None = Field(
        None,
        description="Parameters of the element generator (the core default for the element "
        "type; text elements default to single words).",
    )

    @model_validator(mode="after")
    def _order(self) -> ArrayParams:
        if self.min_length > self.max_length:
            raise ValueError("min_length must not be greater than max_length")
        return self


class ArrayGenerator(Generator):
    """One-dimensional arrays of min_length..max_length elements from the element type's
    core generator."""

    name = "array"
    pg_types = ARRAY_KEYS
    default_for = ARRAY_KEYS
    Params = ArrayParams

    def __init__(self, params: ArrayParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        if column.type.array_dims != 1:
            raise ValueError(f"{column.path}: only one-dimensional arrays are generated")
        elem_type = column.type.element
        cls = ELEMENT_GENERATORS.get(elem_type.key)
        if cls is None:
            raise ValueError(f"{column.path}: no element generator for {elem_type}")
        raw = params.element
        if raw is None:
            raw = {"min_words": 1, "max_words": 1} if cls is TextGenerator else {}
        try:
            elem_params = cls.Params.model_validate(raw)
        except ValidationError as exc:
            raise ValueError(f"{column.path}: element parameters: {exc}") from None
        info = dataclasses.replace(column, type=elem_type, unique=False)
        self.element = cls(elem_params, info)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[list[Any]]:
        p = cast(ArrayParams, self.params)
        counts = rng.integers(p.min_length, p.max_length, n, endpoint=True)
        total = int(counts.sum())
        sub = GenContext(column=self.element.column, offset=0, rows={}, distribution=None)
        values = self.element.generate(total, rng, sub) if total else []
        if isinstance(values, np.ndarray):
            # Python scalars for numbers (fast to re-read), numpy scalars for dates/times.
            items = values.tolist() if values.dtype.kind in "biuf" else list(values)
        else:
            items = list(values)
        it = iter(items)
        return list(map(list, map(islice, repeat(it), counts.tolist())))
