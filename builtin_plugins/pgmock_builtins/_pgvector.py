"""pgvector's text form and its embeddings: the numpy side of the ``pgvector`` plugin
(``pgvector.py`` registers them without importing numpy).

Real embeddings are not uniform noise: they are unit vectors bunched around topics, so a
nearest-neighbour query finds a few close rows and an ivfflat index has lists worth
probing. ``embedding`` draws each row around one of ``clusters`` unit centres (fixed per
column, from its key, so every chunk and worker shares them), adds Gaussian noise of
norm about ``spread`` and normalises, all as one float matrix per batch. The type renders
such a matrix into pgvector's text form (``[0.12,-0.5,1]``) through one byte matrix,
with no Python code per row or value.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import Field

from pgmock_builtins._vec import digit_codes, split_fixed
from pgmock_sdk import ColumnInfo, GenContext, Generator, Params
from pgmock_sdk.pgtypes import PgType

if TYPE_CHECKING:
    from numpy.typing import NDArray

# pgvector's VECTOR_MAX_DIM (pgvector.MAX_DIMENSIONS; not imported: pgvector.py imports
# this module lazily, and the two would form an import cycle)
MAX_DIMENSIONS = 16_000
# Fraction digits the text form keeps: a float4 holds about 7 significant digits.
_DECIMALS = 7
# Values a batch renders at once: bounds the byte matrix (~20 bytes a value).
_BLOCK_VALUES = 1 << 18
# Beyond this a value's fixed-point units overflow int64; such values take repr.
_FIXED_LIMIT = 1e11


def vector_text(values: Any, pgtype: PgType, where: str) -> list[str | None]:
    """Rows of a float matrix (or lists of numbers, None for NULL) as pgvector text."""
    if isinstance(values, np.ndarray) and values.ndim == 2 and values.dtype.kind in "biuf":
        return _matrix_text(values.astype(np.float64, copy=False), pgtype)
    rows = values.tolist() if isinstance(values, np.ndarray) else list(values)
    present = [i for i, row in enumerate(rows) if row is not None]
    out: list[str | None] = [None] * len(rows)
    if not present:
        return out
    try:
        mat = np.array([rows[i] for i in present], dtype=np.float64)
    except (TypeError, ValueError):
        mat = np.empty(0)
    if mat.ndim != 2:
        raise ValueError(
            f"a {pgtype} value is a list of numbers (or a row of a float matrix), got "
            f"{_short(rows[present[0]])}"
        )
    for i, text in zip(present, _matrix_text(mat, pgtype)):
        out[i] = text
    return out


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _matrix_text(mat: NDArray[np.float64], pgtype: PgType) -> list[str | None]:
    n, dims = mat.shape
    if pgtype.modifiers and dims != pgtype.modifiers[0]:
        raise ValueError(f"expected {pgtype.modifiers[0]} dimensions, not {dims}")
    if dims == 0:
        raise ValueError("vector must have at least 1 dimension")
    if not np.isfinite(mat).all():
        kind = "NaN" if np.isnan(mat).any() else "infinite value"
        raise ValueError(f"{kind} not allowed in vector")
    step = max(1, _BLOCK_VALUES // dims)
    out: list[str | None] = []
    for start in range(0, n, step):  # blocks of rows: memory stays bounded
        out.extend(_block_text(mat[start : start + step]))
    return out


def _digit_table(count: int, width: int, strip: bool) -> NDArray[np.uint8]:
    """Row k: k's ``width`` zero-padded digits; with ``strip`` its trailing zeros NUL."""
    table = np.zeros((count, width), np.uint8)
    for k in range(count):
        text = str(k).zfill(width)
        if strip:
            text = text.rstrip("0")
        table[k, : len(text)] = np.frombuffer(text.encode(), np.uint8)
    return table


# The fraction's 7 digits as 3 + 4: the last four with trailing zeros dropped, the first
# three whole (rows 0-999) or, when the last four are all zero, dropped too (1000-1999).
_LOW = _digit_table(10_000, 4, strip=True)
_HIGH = np.concatenate([_digit_table(1000, 3, strip=False), _digit_table(1000, 3, strip=True)])


def _block_text(mat: NDArray[np.float64]) -> list[str]:
    """One byte matrix for the block: per value a sign, integer digits, a point and
    fraction digits (NUL where a digit is not shown), then "," or "]"; NULs dropped once.
    Digits come from lookup tables, a few gathers per block."""
    n, dims = mat.shape
    huge = np.abs(mat) >= _FIXED_LIMIT
    any_huge = bool(huge.any())
    units = np.rint((np.where(huge, 0.0, mat) if any_huge else mat) * 10**_DECIMALS)
    units = units.astype(np.int64)
    whole, frac = np.divmod(np.abs(units), 10**_DECIMALS)
    width = len(str(int(whole.max()))) if whole.size else 1
    cell = 1 + width + 1 + _DECIMALS + 1
    cells = np.zeros((n, dims, cell), np.uint8)
    cells[..., 0] = np.where(units < 0, ord("-"), 0)
    if width == 1:  # unit vectors: one digit, 0 or 1
        cells[..., 1] = digit_codes()[whole]
    else:
        x = whole
        for j in range(width - 1, -1, -1):
            x, d = np.divmod(x, 10)
            shown = (whole >= 10 ** (width - 1 - j)) | (j == width - 1)
            cells[..., 1 + j] = np.where(shown, digit_codes()[d], 0)
    cells[..., 1 + width] = np.where(frac > 0, ord("."), 0)
    high, low = np.divmod(frac.astype(np.int32), 10_000)
    cells[..., 2 + width : 5 + width] = _HIGH[high + np.where(low == 0, 1000, 0)]
    cells[..., 5 + width : 9 + width] = _LOW[low]
    cells[..., -1] = ord(",")
    cells[:, -1, -1] = ord("]")
    rows = np.empty((n, 1 + dims * cell), np.uint8)
    rows[:, 0] = ord("[")
    rows[:, 1:] = cells.reshape(n, dims * cell)
    out = split_fixed(rows)
    if any_huge:  # values past fixed point: their rows again, one repr per value
        for i in np.flatnonzero(huge.any(axis=1)).tolist():
            out[i] = "[" + ",".join(map(repr, mat[i].tolist())) + "]"
    return out


class EmbeddingParams(Params):
    clusters: int = Field(
        16, ge=1, le=100_000, description="Topics: the unit centres values gather around."
    )
    spread: float = Field(
        0.35,
        ge=0,
        le=10,
        description="Norm of the noise added to a centre before normalising (0: every value "
        "is its centre; 0.35: cosine distance about 0.06 to it; large: uniform on the sphere).",
    )
    dimensions: int | None = Field(
        None,
        ge=1,
        le=MAX_DIMENSIONS,
        description="Dimensions, for a vector column declared without them (vector(n) fixes them).",
    )
    # at most 6: a float4 (what pgvector stores) holds any 6 significant digits exactly,
    # so the server prints back the very text the dump holds
    decimals: int = Field(
        6, ge=1, le=6, description="Fraction digits written (fewer: a smaller dump)."
    )


class Embedding(Generator[EmbeddingParams]):
    """Unit-length embeddings gathered around topic centres, like a model's."""

    name = "embedding"
    pg_types = frozenset({"vector"})
    default_for = pg_types
    column_names = (r"(.*_)?(embeddings?|vectors?|vec|emb)",)

    def __init__(self, params: EmbeddingParams, column: ColumnInfo):
        super().__init__(params, column)
        mods = column.type.modifiers
        if mods and params.dimensions is not None:
            raise ValueError(
                f"dimensions: the column's type {column.type} fixes them; "
                "remove the parameter or the type's modifier"
            )
        if not mods and params.dimensions is None:
            raise ValueError(
                f"a {column.type} column without dimensions needs params.dimensions "
                "(or declare it as vector(n))"
            )
        self.dimensions = mods[0] if mods else int(params.dimensions or 0)
        self._centres: NDArray[np.float32] | None = None

    def centres(self) -> NDArray[np.float32]:
        """The column's topic centres: the same for every batch, chunk and worker."""
        if self._centres is None:
            rng = np.random.default_rng(np.random.SeedSequence(self.column.key))
            shape = (self.params.clusters, self.dimensions)
            self._centres = _unit(rng.standard_normal(shape, dtype=np.float32))
        return self._centres

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> NDArray[np.float64]:
        centres = self.centres()
        topic = rng.integers(0, len(centres), size=n)
        noise = rng.standard_normal((n, self.dimensions), dtype=np.float32)
        # per-component sd spread/sqrt(d): the noise vector's norm is about spread
        noise *= np.float32(self.params.spread / math.sqrt(self.dimensions))
        values = _unit(centres[topic] + noise).astype(np.float64)
        return np.round(values, self.params.decimals)


def _unit(mat: NDArray[np.float32]) -> NDArray[np.float32]:
    norms = np.linalg.norm(mat, axis=1, keepdims=True)
    norms[norms == 0] = 1  # a zero draw (measure zero) stays zero rather than NaN
    return mat / norms
