"""Geometric generators: point, line, lseg, box, path, polygon and circle.

Coordinates are drawn as integers on a decimal grid (``units * 10**-decimals``) and
written in PostgreSQL's float8 output form directly, so a value reads back byte for byte:
PostgreSQL prints the shortest decimal that round-trips, and for a grid value with at
most 15 significant digits that is the grid decimal itself without trailing zeros
(``1.5``, ``-3``, ``0.25``; never ``-0``). Fixed notation holds while magnitudes stay in
[1e-4, 1e15), which the parameter limits guarantee (at most 4 decimals, bounds below
1e15). Every text is assembled from ``uint8`` digit matrices and ``str.join`` over whole
columns; no Python code runs per row.
"""

from __future__ import annotations

import math
from decimal import Decimal
from functools import lru_cache
from itertools import islice, repeat
from typing import TYPE_CHECKING, TypeVar

import numpy as np
from pydantic import Field, model_validator

from pgmock_builtins._vec import concat, digit_matrix, split_fixed
from pgmock_sdk import ColumnInfo, GenContext, Generator, Params
from pgmock_sdk.unique import permute_uint64

if TYPE_CHECKING:
    from collections.abc import Sequence

    from numpy.typing import NDArray

# float8 prints in fixed notation for decimal exponents in [-4, 15): the grid keeps to it.
MAX_DECIMALS = 4
_MAX_UNITS = 10**15


def grid_matrix(units: NDArray[np.int64], decimals: int) -> NDArray[np.uint8]:
    """PostgreSQL's float8 text of ``units * 10**-decimals`` (``|units| < 10**15``) as
    NUL-padded ASCII cells, one row per value.

    A sign cell, the integer digits with leading zeros dropped (one stays), a point and
    the fraction digits with trailing zeros dropped (the point too when none is left);
    dropped cells are NUL, which :func:`split_fixed` removes.
    """
    n = len(units)
    mag = np.abs(units)
    ip, fp = np.divmod(mag, 10**decimals)
    iw = len(str(int(ip.max()))) if n else 1
    mat = np.zeros((n, 1 + iw + (1 + decimals if decimals else 0)), np.uint8)
    mat[:, 0] = np.where(units < 0, np.uint8(ord("-")), np.uint8(0))
    idig = digit_matrix(ip, iw)
    lead = np.maximum.accumulate(idig != ord("0"), axis=1)
    lead[:, -1] = True
    mat[:, 1 : 1 + iw] = np.where(lead, idig, np.uint8(0))
    if decimals:
        mat[:, 1 + iw] = np.where(fp != 0, np.uint8(ord(".")), np.uint8(0))
        fdig = digit_matrix(fp, decimals)
        trail = np.maximum.accumulate((fdig != ord("0"))[:, ::-1], axis=1)[:, ::-1]
        mat[:, 2 + iw :] = np.where(trail, fdig, np.uint8(0))
    return mat


def grid_texts(units: NDArray[np.int64], decimals: int) -> list[str]:
    """PostgreSQL's float8 text of each ``units * 10**-decimals`` (see :func:`grid_matrix`)."""
    return split_fixed(grid_matrix(units, decimals))


# Grids of at most this many values are formatted once, as a lookup table.
_TABLE_LIMIT = 1 << 20


@lru_cache(maxsize=16)
def _grid_table(lo: int, hi: int, decimals: int) -> NDArray[np.uint8]:
    table = grid_matrix(np.arange(lo, hi + 1, dtype=np.int64), decimals)
    table.flags.writeable = False
    return table


def assemble(n: int, parts: Sequence[NDArray[np.uint8] | str]) -> list[str]:
    """Rows made of cell matrices and literal ASCII strings side by side, as strings."""
    cols = [
        np.broadcast_to(np.frombuffer(p.encode("ascii"), np.uint8), (n, len(p)))
        if isinstance(p, str)
        else p
        for p in parts
    ]
    return split_fixed(np.hstack(cols)) if n else []


def group_join(items: Sequence[str], counts: NDArray[np.int64], sep: str) -> list[str]:
    """Consecutive runs of ``counts[i]`` items joined by ``sep`` (islice over one iterator,
    so the per-row work is C code)."""
    it = iter(items)
    return list(map(sep.join, map(islice, repeat(it), counts.tolist())))


def _units(value: float, decimals: int, up: bool) -> int:
    """``value`` in grid units, rounded inwards (up for a lower bound)."""
    scaled = Decimal(repr(float(value))).scaleb(decimals)
    return math.ceil(scaled) if up else math.floor(scaled)


# --------------------------------------------------------------------------- params


class GeoParams(Params):
    min: float = Field(-100.0, description="Smallest coordinate (inclusive). Default -100.")
    max: float = Field(100.0, description="Largest coordinate (inclusive). Default 100.")
    decimals: int = Field(
        2,
        ge=0,
        le=MAX_DECIMALS,
        description="Decimal places of the coordinate grid (0..4). Default 2.",
    )

    @model_validator(mode="after")
    def _bounds(self) -> GeoParams:
        _check_grid(self.min, self.max, self.decimals, "min", "max")
        return self

    def grid(self) -> tuple[int, int]:
        """The coordinate bounds in grid units."""
        return _units(self.min, self.decimals, True), _units(self.max, self.decimals, False)


def _check_grid(lo: float, hi: float, decimals: int, lo_name: str, hi_name: str) -> None:
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise ValueError(f"{lo_name} and {hi_name} must be finite numbers")
    if lo > hi:
        raise ValueError(f"{lo_name} ({lo}) must not be greater than {hi_name} ({hi})")
    if max(abs(lo), abs(hi)) * 10**decimals >= _MAX_UNITS:
        raise ValueError(
            f"{lo_name}/{hi_name} with {decimals} decimals exceed 15 significant digits "
            "(PostgreSQL would print such values in exponent form or round them)"
        )
    if _units(lo, decimals, True) > _units(hi, decimals, False):
        raise ValueError(f"no value with {decimals} decimals lies in [{lo}, {hi}]")


_G = TypeVar("_G", bound=GeoParams)


class _GeoGenerator(Generator[_G]):
    """Shared coordinate drawing for the geometric generators."""

    def __init__(self, params: _G, column: ColumnInfo) -> None:
        super().__init__(params, column)
        self.lo, self.hi = params.grid()
        self.decimals = params.decimals
        self.table: NDArray[np.uint8] | None = None
        if self.hi - self.lo < _TABLE_LIMIT:
            # Every grid value's cells, gathered per value: far cheaper than digit math.
            self.table = _grid_table(self.lo, self.hi, self.decimals)

    def coords(self, shape: int | tuple[int, ...], rng: np.random.Generator) -> NDArray[np.int64]:
        return rng.integers(self.lo, self.hi, shape, endpoint=True, dtype=np.int64)

    def num(self, units: NDArray[np.int64]) -> NDArray[np.uint8]:
        """Cells of coordinates drawn in [lo, hi] (other values, radii: computed)."""
        if self.table is not None and (
            not len(units) or (int(units.min()) >= self.lo and int(units.max()) <= self.hi)
        ):
            return self.table[units - self.lo]
        return grid_matrix(units, self.decimals)

    def point_parts(self, xy: NDArray[np.int64]) -> list[NDArray[np.uint8] | str]:
        """The pieces of ``(x,y)`` for an (n, 2) unit array."""
        return ["(", self.num(xy[:, 0]), ",", self.num(xy[:, 1]), ")"]

    def points(self, xy: NDArray[np.int64]) -> list[str]:
        """``(x,y)`` texts of an (n, 2) unit array."""
        return assemble(len(xy), self.point_parts(xy))


# --------------------------------------------------------------------------- point


class PointGenerator(_GeoGenerator[GeoParams]):
    """Points (x,y) with coordinates uniform on a decimal grid in [min, max]; unique via a
    keyed permutation of the grid."""

    name = "point"
    pg_types = frozenset({"point"})
    default_for = pg_types
    supports_unique = True

    def domain_size(self) -> int:
        return (self.hi - self.lo + 1) ** 2

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        if not self.column.unique:
            return self.points(self.coords((n, 2), rng))
        side = self.hi - self.lo + 1
        size = min(side * side, 1 << 64)  # a capped domain still maps to distinct cells
        rows = ctx.row_numbers(n)
        if n and int(rows.max()) >= size:
            raise ValueError(f"{ctx.column.path}: only {size:,} distinct points on the grid")
        cell = permute_uint64(rows, size, self.column.key)
        # side <= 2 * 10**15 < 2**63, so both quotient and remainder fit int64
        gx, gy = np.divmod(cell, np.uint64(side))
        xy = np.stack([gx.astype(np.int64), gy.astype(np.int64)], axis=1) + self.lo
        return self.points(xy)


# --------------------------------------------------------------------------- line


class LineGenerator(_GeoGenerator[GeoParams]):
    """Lines {A,B,C} (Ax + By + C = 0) with coefficients on a decimal grid in [min, max];
    A and B are never both zero."""

    name = "line"
    pg_types = frozenset({"line"})
    default_for = pg_types

    def __init__(self, params: GeoParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        if self.lo == 0 == self.hi:
            raise ValueError(f"{column.path}: a line needs a non-zero coefficient in [min, max]")
        # the substitute for A when A and B both came out zero
        self.nonzero = self.hi if self.hi != 0 else self.lo

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        abc = self.coords((n, 3), rng)
        both_zero = (abc[:, 0] == 0) & (abc[:, 1] == 0)
        abc[both_zero, 0] = self.nonzero
        a, b, c = (self.num(abc[:, i]) for i in range(3))
        return assemble(n, ["{", a, ",", b, ",", c, "}"])


# --------------------------------------------------------------------------- lseg, box


class LsegGenerator(_GeoGenerator[GeoParams]):
    """Line segments [(x1,y1),(x2,y2)] with end points uniform on the grid in [min, max]."""

    name = "lseg"
    pg_types = frozenset({"lseg"})
    default_for = pg_types

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        xy = self.coords((n, 4), rng)
        return assemble(
            n, ["[", *self.point_parts(xy[:, :2]), ",", *self.point_parts(xy[:, 2:]), "]"]
        )


class BoxGenerator(_GeoGenerator[GeoParams]):
    """Boxes (x2,y2),(x1,y1) with corners on the grid in [min, max], written as
    PostgreSQL prints them: upper-right corner first."""

    name = "box"
    pg_types = frozenset({"box"})
    default_for = pg_types

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        xs = self.coords((n, 2), rng)
        ys = self.coords((n, 2), rng)
        high = np.stack([xs.max(axis=1), ys.max(axis=1)], axis=1)
        low = np.stack([xs.min(axis=1), ys.min(axis=1)], axis=1)
        return assemble(n, [*self.point_parts(high), ",", *self.point_parts(low)])


# --------------------------------------------------------------------------- path, polygon


class _PointsParams(GeoParams):
    min_points: int = Field(2, ge=1, le=10_000, description="Fewest points per value.")
    max_points: int = Field(5, ge=1, le=10_000, description="Most points per value.")

    @model_validator(mode="after")
    def _count_order(self) -> _PointsParams:
        if self.min_points > self.max_points:
            raise ValueError("min_points must not be greater than max_points")
        return self


class PathParams(_PointsParams):
    closed: bool | None = Field(
        None,
        description="true: closed paths ((…)), false: open paths [(…)]; default a mix.",
    )


class PolygonParams(_PointsParams):
    min_points: int = Field(3, ge=1, le=10_000, description="Fewest vertices per polygon.")
    max_points: int = Field(6, ge=1, le=10_000, description="Most vertices per polygon.")


_P = TypeVar("_P", bound=_PointsParams)


class _PointListGenerator(_GeoGenerator[_P]):
    def point_lists(self, n: int, rng: np.random.Generator) -> list[str]:
        """Each row's min_points..max_points points joined by commas (no brackets)."""
        p = self.params
        counts = rng.integers(p.min_points, p.max_points, n, endpoint=True)
        pts = self.points(self.coords((int(counts.sum()), 2), rng))
        return group_join(pts, counts, ",")


class PathGenerator(_PointListGenerator[PathParams]):
    """Paths of min_points..max_points points on the grid in [min, max]: open [(…),(…)] or
    closed ((…),(…)), a mix unless `closed` says which."""

    name = "path"
    pg_types = frozenset({"path"})
    default_for = pg_types

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        closed = self.params.closed
        inner = self.point_lists(n, rng)
        if closed is None:
            is_closed = rng.random(n) < 0.5
            opening = np.where(is_closed, "(", "[").tolist()
            closing = np.where(is_closed, ")", "]").tolist()
            return concat(opening, inner, closing)
        return concat("(" if closed else "[", inner, ")" if closed else "]")


class PolygonGenerator(_PointListGenerator[PolygonParams]):
    """Polygons ((x1,y1),…) of min_points..max_points vertices on the grid in [min, max]."""

    name = "polygon"
    pg_types = frozenset({"polygon"})
    default_for = pg_types

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        return concat("(", self.point_lists(n, rng), ")")


# --------------------------------------------------------------------------- circle


class CircleParams(GeoParams):
    min_radius: float = Field(1.0, ge=0, description="Smallest radius (inclusive). Default 1.")
    max_radius: float = Field(10.0, ge=0, description="Largest radius (inclusive). Default 10.")

    @model_validator(mode="after")
    def _radius(self) -> CircleParams:
        _check_grid(self.min_radius, self.max_radius, self.decimals, "min_radius", "max_radius")
        return self


class CircleGenerator(_GeoGenerator[CircleParams]):
    """Circles <(x,y),r>: centres on the grid in [min, max], radii on the grid in
    [min_radius, max_radius]."""

    name = "circle"
    pg_types = frozenset({"circle"})
    default_for = pg_types

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        p = self.params
        r_lo = _units(p.min_radius, p.decimals, True)
        r_hi = _units(p.max_radius, p.decimals, False)
        radius = rng.integers(r_lo, r_hi, n, endpoint=True, dtype=np.int64)
        centre = self.point_parts(self.coords((n, 2), rng))
        return assemble(n, ["<", *centre, ",", self.num(radius), ">"])


GEOMETRIC_GENERATORS: tuple[type[Generator], ...] = (
    PointGenerator,
    LineGenerator,
    LsegGenerator,
    BoxGenerator,
    PathGenerator,
    PolygonGenerator,
    CircleGenerator,
)
