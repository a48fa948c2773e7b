"""A test plugin whose generator hands the host exactly the values a schema lists.

Loaded with ``pgmock --plugin tests/support/values_plugin.py``. Row ``i`` gets
``values[i % len(values)]``; with ``dtype`` the batch is a numpy array of that dtype
(``float64``, ``datetime64[us]``, ``timedelta64[M]`` …), else a list of the JSON values
as they are (``str``, numbers, ``None`` for NULL, lists for arrays). Used by the escaping,
identifier and value tests to feed the host adversarial values through every path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from pydantic import Field

from pgmock_sdk import ColumnInfo, GenContext, Generator, Params, hookimpl

#: What a schema's "plugins" list or ``pgmock --plugin`` names to load this plugin.
PLUGIN_PATH = str(Path(__file__).resolve())


def given(type_: str, values: list[Any], **extra: Any) -> dict[str, Any]:
    """A schema column of ``type_`` filled with ``values`` by this plugin's generator."""
    return {"type": type_, "generator": "given", "params": {"values": values}, **extra}


class GivenParams(Params):
    values: list[Any] = Field(..., min_length=1, description="Row i gets values[i % len].")
    dtype: str | None = Field(None, description="numpy dtype of the batch (default: a list).")
    nul: str | None = Field(
        None, description="Text standing for a NUL character (a schema cannot hold one)."
    )


def _with_nul(value: Any, marker: str) -> Any:
    if isinstance(value, str):
        return value.replace(marker, "\x00")
    if isinstance(value, list):
        return [_with_nul(v, marker) for v in value]
    if isinstance(value, dict):
        return {k: _with_nul(v, marker) for k, v in value.items()}
    return value


class GivenGenerator(Generator):
    """The listed values, cycled over the rows."""

    name = "given"
    pg_types = frozenset({"*"})
    Params = GivenParams

    def __init__(self, params: GivenParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        values = params.values if params.nul is None else _with_nul(params.values, params.nul)
        if params.dtype is None:
            self.pool: Any = np.empty(len(values), dtype=object)
            self.pool[:] = values
        else:
            self.pool = np.array(values, dtype=params.dtype)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> Any:
        picked = self.pool[ctx.row_numbers(n) % len(self.pool)]
        return picked.tolist() if picked.dtype == object else picked


@hookimpl
def pgmock_register_generators(registry: Any) -> None:
    registry.add_generator(GivenGenerator)
