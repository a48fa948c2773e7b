"""Text-like generators: random words, choice among given values, constant, enum labels."""

from __future__ import annotations

from functools import cache, cached_property
from typing import TYPE_CHECKING, Any, cast

from pydantic import Field, model_validator

from pgmock_builtins._vec import (
    Vocabulary,
    concat,
    str_lengths,
    suffix_width,
    unique_codes,
    unique_suffixes,
    words_text,
)
from pgmock_builtins.numeric_gen import keyed_range
from pgmock_sdk import ColumnInfo, GenContext, Generator, Params
from pgmock_sdk.lazy import LazyModule, np
from pgmock_sdk.pgtypes import INTEGER_TYPES, NUMERIC_TYPES, TEMPORAL_TYPES, TEXT_TYPES
from pgmock_sdk.roles import VALUE_LIST
from pgmock_sdk.textmatrix import Labels

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from pgmock_builtins import _wordlists
else:
    # Word lists load when a column of random words is made, not with enum and choice.
    _wordlists = LazyModule("pgmock_builtins._wordlists")

TEXT_KEYS = frozenset(TEXT_TYPES)


@cache
def _letters() -> Vocabulary:
    """A tiny vocabulary for columns too short for real words (char(1), varchar(2))."""
    return Vocabulary.of("abcdefghijklmnopqrstuvwxyz")


class UniqueText:
    """Room for an index-derived suffix that makes text unique under a length limit.

    ``base_len`` is the room left for the readable part (None: unlimited; 0: the value
    is the suffix alone). Used by every generator that appends ``' 0042'``-style suffixes.
    """

    def __init__(self, column: ColumnInfo, sep: str = " ") -> None:
        self.column = column
        self.sep = sep
        self.width = suffix_width(column.row_count)
        limit = column.type.length
        self.capacity: int | None = None
        self.base_len: int | None = None
        # A column too short for decimal suffixes of its rows (iso varchar(2), 249 rows)
        # holds codes of letters (AB), or of letters and digits (Q7), instead.
        self.alphabet: bytes | None = None
        if limit is not None:
            if limit < self.width:
                self.width = limit
                self.capacity = 10**limit
                if self.capacity < column.row_count:
                    letters = 26**limit >= column.row_count
                    self.alphabet = _LETTERS_AZ if letters else _DIGITS_AZ
                    self.capacity = len(_DIGITS_AZ) ** limit
            self.base_len = max(0, limit - self.width - len(sep))

    def apply(self, base: list[str], ctx: GenContext, n: int) -> list[str]:
        if self.alphabet is not None:
            suffix = unique_codes(ctx, n, self.column.key, self.width, self.alphabet)
        else:
            suffix = unique_suffixes(ctx, n, self.column.key, self.width)
        if self.base_len == 0:
            return suffix
        return concat(base, self.sep, suffix)


_LETTERS_AZ = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_DIGITS_AZ = b"0123456789" + _LETTERS_AZ


# --------------------------------------------------------------------------- text


class TextParams(Params):
    min_words: int = Field(1, ge=1, le=1000, description="Fewest words per value.")
    max_words: int = Field(6, ge=1, le=1000, description="Most words per value.")
    capitalize: bool = Field(False, description="Capitalize the first word.")

    @model_validator(mode="after")
    def _order(self) -> TextParams:
        if self.min_words > self.max_words:
            raise ValueError("min_words must not be greater than max_words")
        return self


class TextGenerator(Generator[TextParams]):
    """Random words from the locale's vocabulary, never longer than varchar(n)/char(n);
    unique via an index-derived suffix.

    Words are joined the locale's way: with spaces, or without in Japanese (ja_JP),
    Chinese and Thai. Portuguese words come from a bundled list (Faker has none).
    """

    name = "text"
    pg_types = TEXT_KEYS
    default_for = TEXT_KEYS
    supports_unique = True

    def __init__(self, params: TextParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        self.unique = UniqueText(column) if column.unique else None
        limit = column.type.length
        if self.unique is not None:
            limit = self.unique.base_len
        self.max_len = limit
        # "" for languages written without spaces; dropping them only shortens a text
        self.connector = _wordlists.word_connector(column.locale)
        vocab = _wordlists.vocabulary(column.locale)
        if limit is not None and limit > 0:
            try:
                vocab = vocab.limited(limit)
            except ValueError:
                vocab = _letters()
        self.vocab = vocab

    def domain_size(self) -> int | None:
        if self.unique is not None:
            return self.unique.capacity
        if self.max_len is not None and self.vocab is _letters():
            return 26
        return None

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        p = self.params
        if self.max_len == 0:
            base: list[str] = []
        else:
            base = words_text(
                self.vocab,
                n,
                rng,
                (p.min_words, p.max_words),
                capitalize=p.capitalize,
                max_len=self.max_len,
            )
            if self.connector != " " and base:
                joined = np.strings.replace(
                    np.array(base, dtype=np.dtypes.StringDType()), " ", self.connector
                )
                base = joined.tolist()
        if self.unique is not None:
            return self.unique.apply(base, ctx, n)
        return base


# --------------------------------------------------------------------------- choice

Scalar = str | int | float | bool
_CHOICE_KEYS = (
    TEXT_KEYS
    | NUMERIC_TYPES
    | TEMPORAL_TYPES
    | {"bool", "uuid", "enum", "inet", "cidr", "macaddr", "json", "jsonb", "interval"}
)


def _value_array(values: list[Scalar], column: ColumnInfo) -> NDArray[Any]:
    """The values as one numpy array (bool, int64, float64 or object of str)."""
    kinds = {type(v) for v in values}
    if kinds == {bool}:
        return np.array(values, dtype=bool)
    if kinds <= {int} or (kinds <= {int, float} and column.type.name not in INTEGER_TYPES):
        return np.array(values)
    if kinds <= {int, float}:
        raise ValueError(f"{column.path}: {column.type} values must be whole numbers")
    if kinds == {str}:
        arr = np.empty(len(values), dtype=object)
        arr[:] = values
        limit = column.type.length
        if limit is not None and int(str_lengths(cast("list[str]", values)).max()) > limit:
            raise ValueError(f"{column.path}: a value is longer than {column.type} allows")
        # only an enum has labels (a domain is its base type to generators)
        user = column.type.user
        labels = user.labels if user is not None and column.type.key == "enum" else None
        if labels is not None:
            unknown = sorted(set(values) - set(labels))
            if unknown:
                raise ValueError(f"{column.path}: {unknown} are not labels of {column.type}")
        return arr
    raise ValueError(f"{column.path}: values must all be strings, all numbers or all booleans")


class ChoiceParams(Params):
    values: list[Scalar] = Field(..., min_length=1, description="The values to pick from.")
    weights: list[float] | None = Field(
        None, description="Relative weight of each value (same length as values)."
    )

    @model_validator(mode="after")
    def _weights(self) -> ChoiceParams:
        if self.weights is not None:
            if len(self.weights) != len(self.values):
                raise ValueError("weights must have one entry per value")
            if any(w < 0 for w in self.weights) or not sum(self.weights) > 0:
                raise ValueError("weights must be non-negative with a positive sum")
        return self


class ChoiceGenerator(Generator[ChoiceParams]):
    """One of the given values per row (uniform, weighted, or via a distribution's
    choose over the values in the given order); unique: each distinct value once."""

    name = "choice"
    pg_types = frozenset(_CHOICE_KEYS)
    supports_distribution = True
    supports_unique = True
    # the host fills a domain that lists its values (VALUE IN (…)) with this generator
    roles = frozenset({VALUE_LIST})

    def __init__(self, params: ChoiceParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        self.pool = _value_array(list(params.values), column)
        # strings the host may take as picks from them (GenContext.labels)
        self.labels: list[str] | None = (
            self.pool.tolist() if self.pool.dtype == object and len(self.pool) <= 4096 else None
        )
        # unique columns draw each distinct (positive-weight) value once
        weights = params.weights if params.weights is not None else [1.0] * len(params.values)
        live = dict.fromkeys(
            (type(v), v) for v, w in zip(params.values, weights, strict=True) if w > 0
        )
        self.distinct = _value_array([v for _, v in live], column)
        self.cdf: NDArray[np.float64] | None = None
        if params.weights is not None:
            cdf = np.cumsum(np.asarray(params.weights, dtype=np.float64))
            self.cdf = cdf / cdf[-1]

    def domain_size(self) -> int:
        return len(self.distinct)

    def distribution_categories(self) -> int:
        return len(self.pool)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> Any:
        k = len(self.pool)
        # A unique column with a distribution: validate allows only one that picks each
        # value once (sequential over at least as many values as rows).
        if self.column.unique and ctx.distribution is None:
            out = self.distinct[keyed_range(ctx, n, 0, len(self.distinct) - 1, self.column.key)]
            return out.tolist() if out.dtype == object else out
        if ctx.distribution is not None:
            idx = ctx.distribution.choose(n, rng, k, ctx.offset)
        elif self.cdf is not None:
            idx = np.searchsorted(self.cdf, rng.random(n), side="right")
        else:
            idx = rng.integers(0, k, n)
        if ctx.labels and self.labels is not None:
            return Labels(idx, self.labels)
        out = self.pool[idx]
        return out.tolist() if out.dtype == object else out


class ConstantParams(Params):
    value: Scalar | None = Field(..., description="The value of every row (null: NULL).")


class ConstantGenerator(Generator[ConstantParams]):
    """The same value in every row."""

    name = "constant"
    pg_types = frozenset(_CHOICE_KEYS)
    supports_unique = True  # for a single row; domain_size says so

    def __init__(self, params: ConstantParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        self.pool = None if params.value is None else _value_array([params.value], column)

    def domain_size(self) -> int:
        return 1

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> Any:
        if self.pool is None:
            return [None] * n
        out = np.repeat(self.pool, n)
        return out.tolist() if out.dtype == object else out


# --------------------------------------------------------------------------- enum


class EnumParams(Params):
    weights: list[float] | None = Field(
        None, description="Relative weight of each label, in the type's label order."
    )


class EnumGenerator(Generator[EnumParams]):
    """Labels of the column's enum type: uniform, weighted, or via a distribution's
    choose (labels ranked in declaration order); unique while rows <= labels."""

    name = "enum"
    pg_types = frozenset({"enum"})
    default_for = pg_types
    supports_unique = True
    supports_distribution = True

    def __init__(self, params: EnumParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        user = column.type.user
        if user is None or not user.labels:
            raise ValueError(f"{column.path}: {column.type} is not an enum with labels")
        self.label_list = list(user.labels)
        w = params.weights
        if w is not None and (len(w) != len(user.labels) or min(w) < 0 or not sum(w) > 0):
            raise ValueError(
                f"{column.path}: weights need one non-negative entry per label "
                f"({len(user.labels)}) and a positive sum"
            )

    # arrays made when generating: validating a schema builds the generator, not them
    @cached_property
    def labels(self) -> NDArray[np.object_]:
        labels = np.empty(len(self.label_list), dtype=object)
        labels[:] = self.label_list
        return labels

    @cached_property
    def cdf(self) -> NDArray[np.float64] | None:
        if self.params.weights is None:
            return None
        w = np.asarray(self.params.weights, dtype=np.float64)
        return np.cumsum(w) / w.sum()

    def domain_size(self) -> int:
        return len(self.label_list)

    def distribution_categories(self) -> int:
        return len(self.label_list)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str] | Labels:
        k = len(self.labels)
        if self.column.unique:
            idx = keyed_range(ctx, n, 0, k - 1, self.column.key)
        elif ctx.distribution is not None:
            idx = ctx.distribution.choose(n, rng, k, ctx.offset)
        elif self.cdf is not None:
            idx = np.searchsorted(self.cdf, rng.random(n), side="right")
        else:
            idx = rng.integers(0, k, n)
        if ctx.labels:  # the host renders each label once and gathers their bytes
            return Labels(idx, self.labels)
        return self.labels[idx].tolist()
