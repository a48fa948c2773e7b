"""The generator API: one call per batch, never one per value.

A generator turns ``n`` (the batch size), a numpy ``Generator`` owned by the host and a
context into ``n`` values. The host decides the batch boundaries and seeds each batch from
``SeedSequence(seed, spawn_key=(table, column, batch))``, so a generator that draws only
from ``rng`` is deterministic whatever the number of workers.

Values come back in one of these shapes (the host renders them for the column's type):

* a numpy array: integers, floats, booleans, ``datetime64`` (date/timestamp columns) or
  ``timedelta64`` (time of day for ``time`` columns);
* a list or object array of ``str`` already in PostgreSQL's text form (``'{a,b}'``,
  ``'2024-01-02'``); ``None`` is NULL. This is also what JSON-speaking generators return.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar, get_args, get_origin

from pydantic import BaseModel, ConfigDict

from pgmock_sdk.lazy import np
from pgmock_sdk.pgtypes import PgType

if TYPE_CHECKING:
    from numpy.typing import NDArray

Values = "np.ndarray | Sequence[Any]"


class Params(BaseModel):
    """Base for generator and distribution parameters: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class NoParams(Params):
    """For generators that take no parameters."""


# Classes name their parameter model ``Params``; this alias lets annotations inside
# those classes still refer to the base model.
ParamsModel = Params

# The parameter model of a Generator[P] or Distribution[P]: ``self.params`` is a P.
P = TypeVar("P", bound=Params)


def bind_params(cls: type, base: type) -> None:
    """Tie ``cls.Params`` to the type argument ``cls`` gives ``base`` (``Generator[X]``).

    A class that sets no ``Params`` of its own gets ``X``; one that sets both gets a
    ``TypeError`` at definition time unless its ``Params`` is ``X`` or a subclass. Classes
    that subclass ``base`` without a type argument keep whatever ``Params`` they set.
    """
    for parent in cls.__dict__.get("__orig_bases__", ()):
        origin = get_origin(parent)
        if not (isinstance(origin, type) and issubclass(origin, base)):
            continue
        models = [a for a in get_args(parent) if isinstance(a, type) and issubclass(a, Params)]
        if len(models) != 1:
            continue  # still generic (Generator[P]): a subclass names the model
        (model,) = models
        own = cls.__dict__.get("Params")
        if own is None:
            cls.Params = model  # type: ignore[attr-defined]
        elif not (isinstance(own, type) and issubclass(own, model)):
            raise TypeError(
                f"{cls.__qualname__}.Params is {getattr(own, '__qualname__', own)!s}, but the "
                f"class is declared {origin.__name__}[{model.__qualname__}]"
            )


@dataclass(frozen=True)
class ColumnInfo:
    """What a generator knows about the column it fills."""

    schema: str
    table: str
    name: str
    type: PgType
    nullable: bool = True
    unique: bool = False
    row_count: int = 0
    locale: str = "en_US"
    # A 64-bit key derived from the seed and the column's identity, the same for every
    # batch: use it for bijections that must span the whole table (unique values).
    key: int = 0
    # A 64-bit key derived from the seed and the table only, the same for every column of
    # the table: columns that must agree row by row (a person's first name and gender, a
    # city and its postal code) derive their shared choices from it and the row number.
    # 0 when the column is not part of a generated table (a generator used on its own).
    table_key: int = 0
    # The schema file that declared the column (None for templates and tests): relative
    # paths in parameters (a script, a program) resolve against its directory.
    schema_file: str | None = None

    @property
    def base_dir(self) -> Path:
        """The directory relative paths in parameters are resolved against."""
        return Path(self.schema_file).resolve().parent if self.schema_file else Path.cwd()

    @property
    def qualified_table(self) -> str:
        return self.table if self.schema == "public" else f"{self.schema}.{self.table}"

    @property
    def path(self) -> str:
        return f"{self.qualified_table}.{self.name}"


class Sampler(Protocol):
    """A distribution bound to its parameters, as the host hands it to generators."""

    name: str

    def sample(self, n: int, rng: np.random.Generator, offset: int) -> NDArray[np.float64]: ...

    def choose(
        self, n: int, rng: np.random.Generator, k: int, offset: int
    ) -> NDArray[np.int64]: ...


@dataclass
class GenContext:
    """Per-batch context.

    ``offset`` is the table row index of the batch's first value, so ``offset + i`` is a
    stable row number for index-derived values. ``rows`` holds the columns of this batch
    that were generated before this one (read-only), as their generators made them (a
    TextMatrix or Labels, which a generator returns only when the host sets ``labels``,
    reads as its list of strings): ``nulls`` says which of their rows the output holds
    as NULL (a boolean array per column that has any). ``distribution`` is set when the
    schema gives the column one.
    ``row_index`` is set when the numbers unique values derive from are not ``offset,
    offset + 1, …``: the table rows the host asks a ``row_pure`` generator about (see
    Generator.row_pure), or for a column unique only within each parent's rows (a key
    ``(flight_id, seat_no)``) the rows' numbers within their parent, below
    ``column.row_count`` (the largest parent's rows).
    """

    column: ColumnInfo
    offset: int
    rows: Mapping[str, Any] = field(default_factory=dict)
    distribution: Sampler | None = None
    nulls: Mapping[str, Any] = field(default_factory=dict)
    # The numbers unique values derive from when they are not offset, offset + 1, …: the
    # table rows asked of a ``row_pure`` generator, or rows' numbers within their parent.
    row_index: NDArray[np.int64] | None = None
    # When the table's rows are laid out parent by parent (``rowCount: {"per": …}``): each
    # row's 1-based place among its parent's rows (sort orders, line numbers). Read-only:
    # the chunk's columns share one array (copy it to change it).
    parent_position: NDArray[np.int64] | None = None
    # Set when the host takes a ``pgmock_sdk.textmatrix.Labels`` batch: a generator
    # picking every value from a few strings may return the picks and the strings instead
    # of a list (the host renders each string once). Unset, return the values as usual.
    labels: bool = False

    def row_numbers(self, n: int) -> NDArray[np.int64]:
        """The numbers to derive unique values from: distinct numbers give distinct
        values. ``offset … offset+n-1`` unless ``row_index`` is set (then not
        necessarily ascending)."""
        if self.row_index is not None:
            return self.row_index
        return np.arange(self.offset, self.offset + n, dtype=np.int64)


class Generator(Generic[P]):
    """Base class of every value generator, generic over its parameter model.

    Subclasses set ``name`` (identifier-like; the host qualifies it as ``plugin.name``),
    ``pg_types`` (type keys it can fill: ``int4``, ``text``, ``text[]``, ``enum``, or ``*``),
    their parameters, and implement :meth:`generate`. ``class Email(Generator[EmailParams])``
    makes ``EmailParams`` the ``Params`` model the host validates a schema's ``params``
    with, and types ``self.params`` as an ``EmailParams``. Setting ``Params = EmailParams``
    on a plain ``Generator`` subclass works too (``self.params`` is then untyped).
    """

    name: ClassVar[str]
    pg_types: ClassVar[frozenset[str]] = frozenset()
    Params: ClassVar[type[ParamsModel]] = NoParams
    deterministic: ClassVar[bool] = True
    # True when the generator returns table-wide unique values when column.unique is set,
    # by construction (bijections, index-derived suffixes), never by retrying.
    supports_unique: ClassVar[bool] = False
    # True when it draws through ctx.distribution when the schema gives one.
    supports_distribution: ClassVar[bool] = False
    # Regexes fully matched (re.fullmatch) against the lower-cased column name, to infer
    # this generator when the schema names none (r"(.*_)?e?mail(_address)?"). Inference
    # also requires accepts(column type).
    column_names: ClassVar[tuple[str, ...]] = ()
    # Type keys (as in pg_types) for which this generator is the default when neither the
    # schema nor column_names pick one.
    default_for: ClassVar[frozenset[str]] = frozenset()
    # Parameters naming columns of the row generated before this one, which it reads from
    # ctx.rows: a column name or a list of names ("rating_column", "rows"). pgmock
    # validate checks each names an earlier column that has values in ctx.rows.
    column_params: ClassVar[tuple[str, ...]] = ()
    # False when the generator holds what cannot cross a fork (a V8 isolate, a child
    # process): the host then generates the tables using it in its main process, even
    # with --jobs. The output is the same either way.
    fork_safe: ClassVar[bool] = True
    # True when each value depends only on its row number (ctx.row_numbers), the column
    # and the parameters: not on rng, ctx.rows, ctx.distribution or the rest of the batch.
    # The host then computes a referenced key (a uuid primary key, say) for the rows a
    # child picks, instead of holding the parent's keys in memory. May be set per
    # instance (unique integers are a function of the row, random ones are not).
    row_pure: bool = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        bind_params(cls, Generator)

    def __init__(self, params: P, column: ColumnInfo) -> None:
        self.params: P = params
        self.column = column

    @classmethod
    def accepts(cls, pgtype: PgType) -> bool:
        return "*" in cls.pg_types or pgtype.key in cls.pg_types

    @classmethod
    def summary(cls) -> str:
        # The docstring's first paragraph, on one line.
        doc = (cls.__doc__ or "").strip()
        return " ".join(doc.split("\n\n")[0].split())

    def domain_size(self) -> int | None:
        """How many distinct values this generator can produce (None: unbounded)."""
        return None

    def distribution_categories(self) -> int | None:
        """How many categories ``ctx.distribution.choose`` picks among, for a generator
        that draws through a distribution that way (a choice among values, an enum's
        labels); None when it draws numbers (``sample``). The host checks the schema's
        distribution can do that before anything is generated."""
        return None

    @classmethod
    def parent_inputs(cls, params: Any) -> tuple[str, ...]:
        """Columns of parent rows the generator reads, as ``"table.column"``: each must be
        reachable through a foreign key of the column's table declared before the column;
        the host then puts the values of the parent rows that FK picked in ``ctx.rows``
        under the same key (a city that belongs to the row's country). Default: none."""
        return ()

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> Any:
        raise NotImplementedError

    def warm(self) -> None:
        """Build what every batch reads and each worker process would otherwise build for
        itself (a vocabulary, a bank of sentences). The host calls it in its main process
        before it forks local workers (``--jobs``), so they inherit it; it must not change
        what :meth:`generate` returns. Default: nothing."""

    def warm_state(self) -> Any:
        """What :meth:`warm` built, picklable, or None. A host with ``--jobs`` above 1
        warms generators in a helper process beside its main process and hands what this
        returns there to :meth:`adopt_warm` here (the two build side by side); None, or a
        generator that does not override :meth:`adopt_warm`, is warmed here instead.
        Default: None."""
        return None

    def adopt_warm(self, state: Any) -> None:
        """Take over what :meth:`warm_state` returned in another process, as if :meth:`warm`
        had run here; called only on generators that override it, never with None."""

    def close(self) -> None:
        """Release what :meth:`generate` acquired (a child process, a JS isolate).

        The host calls it once when generation ends, also after an error or Ctrl-C.
        Instances made only to validate a schema are never closed, so acquire lazily.
        """
