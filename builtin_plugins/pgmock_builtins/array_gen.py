"""Array columns, of any number of dimensions: a core element generator fills every
element of a batch in one call, then the flat values are cut into per-row nested lists
(``islice`` over one iterator per nesting level, no Python loop per row); the host renders
them as array literals (``{{1,2},{3,4}}``). Elements of a composite type come from the
generator the host resolves for the element type (:mod:`pgmock_sdk.nested`: the
composite's fields resolved like columns), under ``params.element``.

Each row gets its own rectangular shape (PostgreSQL requires sub-arrays of matching
dimensions); the outermost length may follow the column's distribution.
"""

from __future__ import annotations

import dataclasses
import math
from itertools import islice, repeat
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import Field, PrivateAttr, ValidationError, field_validator, model_validator

from pgmock_builtins.numeric_gen import explicit
from pgmock_builtins.scalar_generators import SCALAR_GENERATORS
from pgmock_builtins.text_gen import TextGenerator
from pgmock_sdk import ColumnInfo, GenContext, Generator, Params, PgType
from pgmock_sdk.nested import FieldResolver, FieldSpec, NestedGenerator, ResolvedField

if TYPE_CHECKING:
    from numpy.typing import NDArray

# The element generator of each element type: every scalar core generator that is some
# type's default, so that type's arrays are generated too.
ELEMENT_CLASSES: tuple[type[Generator], ...] = tuple(
    cls for cls in SCALAR_GENERATORS if cls.default_for
)

ELEMENT_GENERATORS: dict[str, type[Generator]] = {
    key: cls for cls in ELEMENT_CLASSES for key in sorted(cls.default_for)
}

# PostgreSQL's limit (MAXDIM).
MAX_DIMS = 6
# Elements of one value, over all its dimensions. A batch of 10,000 rows holds them all
# at once: 1,000 elements a value take 1.4 GB for a batch, 10,000 about ten times that.
MAX_ELEMENTS = 10_000


class ArrayKeys(frozenset[str]):
    """Array type keys, listed one-dimensional (``int4[]``); membership also holds for the
    same element type with up to six dimensions (``int4[][]``), so the generator matches
    every array of its element types while ``pgmock generators`` lists each once."""

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        base = key
        dims = 0
        while base.endswith("[]"):
            base, dims = base[:-2], dims + 1
        return 1 <= dims <= MAX_DIMS and frozenset.__contains__(self, base + "[]")


# Element types without a core generator whose elements the host resolves (nested).
NESTED_ELEMENTS = frozenset({"composite"})
ARRAY_KEYS = ArrayKeys(k + "[]" for k in (*ELEMENT_GENERATORS, *NESTED_ELEMENTS))


_SCALARS_BY_NAME: dict[str, type[Generator]] = {cls.name: cls for cls in SCALAR_GENERATORS}


def element_class(elem_type: PgType, name: str | None, path: str) -> type[Generator]:
    """The generator class filling elements of ``elem_type``: the core generator ``name``
    (``core.`` prefix optional) when given, else the element type's default.

    The one place that decides what an array's elements are made of.
    """
    if name is not None:
        short = name.removeprefix("core.")
        core = _SCALARS_BY_NAME
        cls = core.get(short)
        if cls is None:
            raise ValueError(
                f"{path}: element_generator: no core generator named {name!r} "
                f"(core generators: {', '.join(sorted(core))})"
            )
        if not cls.accepts(elem_type):
            raise ValueError(
                f"{path}: element_generator: core.{short} cannot fill {elem_type} elements "
                f"(it fills: {', '.join(sorted(cls.pg_types))})"
            )
        return cls
    found = ELEMENT_GENERATORS.get(elem_type.key)
    if found is None:
        raise ValueError(f"{path}: no element generator for {elem_type}")
    return found


Bounds = tuple[int, int]


def _dim_bounds(dim: int | list[int]) -> Bounds:
    return (dim, dim) if isinstance(dim, int) else (dim[0], dim[1])


# Element types whose one-dimensional arrays are sets by default (tags, features, labels).
_SET_LIKE = frozenset({"text", "varchar", "bpchar", "citext", "name", "enum"})


def _without_repeats(
    items: list[Any], counts: NDArray[np.int64], n: int
) -> tuple[list[Any], list[NDArray[np.int64]]]:
    """Each row's elements without the later repeats of an element, and the new lengths:
    one sort over the batch, no loop per row."""
    rows = np.repeat(np.arange(n, dtype=np.int64), counts)
    arr = np.empty(len(items), dtype=object)
    arr[:] = items
    _, codes = np.unique(arr.astype(str), return_inverse=True)
    codes = codes.reshape(-1).astype(np.int64)
    key = rows * (int(codes.max()) + 1) + codes
    _, first = np.unique(key, return_index=True)
    keep = np.zeros(len(items), dtype=bool)
    keep[first] = True
    return arr[keep].tolist(), [np.bincount(rows[keep], minlength=n).astype(np.int64)]


class ArrayParams(Params):
    min_length: int = Field(
        0, ge=0, le=10_000, description="Fewest elements (of the outermost dimension)."
    )
    max_length: int = Field(
        4, ge=0, le=10_000, description="Most elements (of the outermost dimension)."
    )
    shape: list[int | list[int]] | None = Field(
        None,
        description="Length of every dimension, outermost first: a number, or [min, max] "
        "drawn per row ([[1, 3], 2]: one to three rows of two). Default: the outermost "
        "from min_length/max_length, inner ones max(min_length, 1)..max_length.",
    )
    element_generator: str | None = Field(
        None,
        description='A core generator for the elements ("sequence", "choice", "sentence" '
        "…); default the element type's own.",
    )
    element: dict[str, Any] | None = Field(
        None,
        description="Parameters of the element generator (text elements default to single "
        'words; composite elements: {"fields": {…}}).',
    )
    element_null_ratio: float = Field(0.0, ge=0.0, le=1.0, description="Share of NULL elements.")
    distinct: bool | None = Field(
        None,
        description="No element twice in one array, and no more elements than the element "
        "generator has distinct values. Default: for one-dimensional arrays of text or enum "
        "elements (sets of labels, tags, features); false allows repeats.",
    )
    # The element generator the host resolved, for element types of NESTED_ELEMENTS.
    _element: ResolvedField | None = PrivateAttr(None)

    @field_validator("shape")
    @classmethod
    def _shape(cls, shape: list[int | list[int]] | None) -> list[int | list[int]] | None:
        for dim in shape or ():
            if isinstance(dim, list) and len(dim) != 2:
                raise ValueError("each dimension is a length or [min, max]")
            lo, hi = _dim_bounds(dim)
            if not 0 <= lo <= hi <= 10_000:
                raise ValueError(f"dimension {dim}: lengths are 0..10000, min <= max")
        return shape

    @model_validator(mode="after")
    def _order(self) -> ArrayParams:
        if self.min_length > self.max_length:
            raise ValueError("min_length must not be greater than max_length")
        if self.shape is not None and ({"min_length", "max_length"} & self.model_fields_set):
            raise ValueError("give shape or min_length/max_length, not both")
        return self


class ArrayGenerator(NestedGenerator[ArrayParams]):
    """Arrays of any dimension (int4[], text[][]), each row a rectangular shape, elements
    from the element type's core generator or a named one (composite elements: fields
    resolved like columns); the outermost length can follow a distribution."""

    name = "array"
    pg_types = ARRAY_KEYS
    default_for = ARRAY_KEYS
    supports_distribution = True

    @classmethod
    def resolve_fields(
        cls, params: ArrayParams, column: ColumnInfo, fields: FieldResolver, params_path: str
    ) -> ArrayParams | None:
        """Elements of a composite type: the host resolves them like a column of the
        element type, with ``params.element`` as their parameters."""
        elem_type = column.type.element
        if elem_type.key not in NESTED_ELEMENTS or params.element_generator is not None:
            return params
        path = f"{params_path}.element"
        element = fields.resolve(
            FieldSpec(path, column.name, elem_type, params=params.element or {}, params_path=path)
        )
        if element is None:
            return None
        out = params.model_copy()
        out._element = element
        return out

    def __init__(self, params: ArrayParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        dims = column.type.array_dims
        if not 1 <= dims <= MAX_DIMS:
            raise ValueError(f"{column.path}: arrays have 1 to {MAX_DIMS} dimensions")
        if params.shape is not None:
            if len(params.shape) != dims:
                raise ValueError(
                    f"{column.path}: shape has {len(params.shape)} dimensions, the column {dims}"
                )
            self.shape = [_dim_bounds(d) for d in params.shape]
        else:
            inner = (min(max(params.min_length, 1), params.max_length), params.max_length)
            self.shape = [(params.min_length, params.max_length)] + [inner] * (dims - 1)
        most = math.prod(hi for _, hi in self.shape)
        if most > MAX_ELEMENTS:
            sizes = " × ".join(f"{hi:,}" for _, hi in self.shape)
            raise ValueError(
                f"{column.path}: up to {most:,} elements a value ({sizes}); an array holds at "
                f"most {MAX_ELEMENTS:,} (lower max_length or the shape)"
            )
        elem_type = column.type.element
        info = dataclasses.replace(column, type=elem_type, unique=False)
        self.distinct = False  # composite elements: records, not labels
        if params._element is not None:
            self.element = params._element.make(info)
            # an element generator that cannot cross a fork keeps the table in-process
            self.__dict__["fork_safe"] = self.element.fork_safe
            return
        cls = element_class(elem_type, params.element_generator, column.path)
        raw = params.element
        if raw is None:
            single_word = cls is TextGenerator and params.element_generator is None
            raw = {"min_words": 1, "max_words": 1} if single_word else {}
        try:
            elem_params = cls.Params.model_validate(raw)
        except ValidationError as exc:
            raise ValueError(f"{column.path}: element parameters: {exc}") from None
        self.element = cls(elem_params, info)
        self._distinct_elements()

    def _distinct_elements(self) -> None:
        """Set-like arrays: no repeats, and no longer than the distinct elements allow."""
        distinct = self.params.distinct
        if distinct is None:
            elem = self.column.type.element.key
            distinct = len(self.shape) == 1 and (elem in _SET_LIKE)
        self.distinct = bool(distinct) and len(self.shape) == 1
        if not self.distinct:
            return
        try:
            size = self.element.domain_size()
        except Exception:  # an element generator that cannot tell has no known bound
            size = None
        if size is not None:
            lo, hi = self.shape[0]
            self.shape[0] = (min(lo, size), min(hi, size))

    def _lengths(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[np.ndarray]:
        """Per dimension, each row's length; a row with a zero length has zero in all."""
        lo, hi = self.shape[0]
        if ctx.distribution is not None:
            p = self.params
            bounded = explicit(p, "shape")
            lo = lo if bounded or explicit(p, "min_length") else 0
            hi = hi if bounded or explicit(p, "max_length") else 10_000
            x = np.rint(ctx.distribution.sample(n, rng, ctx.offset))
            outer = np.clip(x, lo, hi).astype(np.int64)
        else:
            outer = rng.integers(lo, hi, n, endpoint=True)
        lengths = [outer]
        for lo, hi in self.shape[1:]:
            lengths.append(rng.integers(lo, hi, n, endpoint=True))
        if len(lengths) > 1:
            # '{{},{}}' is not an array literal: an array without elements is just '{}'.
            empty = np.logical_or.reduce([d == 0 for d in lengths])
            lengths = [np.where(empty, 0, d) for d in lengths]
        return lengths

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[list[Any]]:
        p = self.params
        lengths = self._lengths(n, rng, ctx)
        counts = np.prod(lengths, axis=0) if lengths else np.zeros(n, np.int64)
        total = int(counts.sum())
        # Elements of different batches get disjoint positions (row-number based element
        # generators, like sequence, must not restart in every batch).
        most = min(max(math.prod(hi for _, hi in self.shape), 1), 1 << 20)
        sub = GenContext(self.element.column, offset=ctx.offset * most)
        values = self.element.generate(total, rng, sub) if total else []
        if isinstance(values, np.ndarray):
            # Python scalars for numbers (fast to re-read), numpy scalars for dates/times.
            items = values.tolist() if values.dtype.kind in "biuf" else list(values)
        else:
            items = list(values)
        if p.element_null_ratio > 0 and total:
            nulls = np.flatnonzero(rng.random(total) < p.element_null_ratio)
            if nulls.size:
                arr = np.empty(total, dtype=object)
                arr[:] = items
                arr[nulls] = None
                items = arr.tolist()
        if self.distinct and total:
            items, lengths = _without_repeats(items, counts, n)
        # Innermost lists first: at dimension k every row has prod(lengths[:k]) lists of
        # lengths[k] items each, in row order.
        nested: list[Any] = items
        for k in range(len(lengths) - 1, -1, -1):
            before = np.prod(lengths[:k], axis=0) if k else np.ones(n, np.int64)
            sizes = np.repeat(lengths[k], before).tolist()
            it = iter(nested)
            nested = list(map(list, map(islice, repeat(it), sizes)))
        return nested
