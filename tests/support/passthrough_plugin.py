"""A test plugin whose generator writes exactly the values the schema gives.

Loaded with ``pgmock --plugin tests/support/passthrough_plugin.py``. Row ``i`` gets
``params.values[i]``, so a test decides every value pgmock renders and can check that the
database holds exactly that value. ``params.as`` picks the shape the host receives, so
each of the host's render paths is exercised:

- ``raw``: the JSON values as they are (str, int, None, nested lists for arrays);
- ``float64`` / ``float32``: ``float.hex()`` strings (and ``"nan"``, ``"inf"``,
  ``"-inf"``) as a numpy float array, or a list of floats when some are None (NULL);
- ``decimal``: decimal strings as ``decimal.Decimal`` objects;
- ``datetime64[D]`` / ``datetime64[us]``: integers (days or microseconds since
  1970-01-01) as a numpy datetime64 array, None as NaT (NULL).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

import numpy as np
from pydantic import Field

from pgmock_sdk import ColumnInfo, GenContext, Generator, Params, hookimpl

_FLOAT_SPECIAL = {"nan": float("nan"), "inf": float("inf"), "-inf": float("-inf")}
_NAT = np.iinfo(np.int64).min  # numpy's NaT as an int64


def _float(text: str) -> float:
    return _FLOAT_SPECIAL[text] if text in _FLOAT_SPECIAL else float.fromhex(text)


class PassthroughParams(Params):
    values: list[Any] = Field(..., description="Row i gets values[i].")
    as_: Literal["raw", "float64", "float32", "decimal", "datetime64[D]", "datetime64[us]"] = Field(
        "raw", alias="as", description="The shape handed to the host."
    )


class PassthroughGenerator(Generator):
    """Exactly the given values, in order: row i gets values[i]."""

    name = "passthrough"
    pg_types = frozenset({"*"})
    Params = PassthroughParams

    def __init__(self, params: PassthroughParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        if column.row_count and column.row_count != len(params.values):
            raise ValueError(
                f"{column.path}: {len(params.values)} values for {column.row_count} rows"
            )
        self.values = self._convert(params)

    @staticmethod
    def _convert(params: PassthroughParams) -> Any:
        vals = params.values
        kind = params.as_
        if kind in ("float64", "float32"):
            floats = [None if v is None else _float(v) for v in vals]
            if any(v is None for v in floats):
                return floats  # Python floats and None: the host's per-value path
            return np.array(floats, dtype=np.float64 if kind == "float64" else np.float32)
        if kind == "decimal":
            return [None if v is None else Decimal(v) for v in vals]
        if kind.startswith("datetime64"):
            ints = np.array([_NAT if v is None else v for v in vals], dtype=np.int64)
            return ints.view(f"M8[{kind[11:-1]}]")
        return vals

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> Any:
        return self.values[ctx.offset : ctx.offset + n]


@hookimpl
def pgmock_register_generators(registry: Any) -> None:
    registry.add_generator(PassthroughGenerator)
