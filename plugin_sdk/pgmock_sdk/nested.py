"""Nested fields: generators whose values are built from other generators' values.

A composite value is made of fields, a JSON document of leaves, an array of elements;
each is filled by a generator chosen exactly like a column's. A :class:`NestedGenerator`
declares those fields while the schema is resolved, and the host resolves each one as it
resolves a column: the generator named or inferred from the field's name and type, its
parameters, distribution and nullRatio, a domain's bounds; every problem is reported with
its JSON path. At generation time the generator asks the resolved fields for a batch:
values and their PostgreSQL text, the domain's CHECK enforced, NULLs applied.

Two steps:

1. **Resolution.** The host validates the column's ``Params`` as for any generator, then
   calls ``cls.resolve_fields(params, column, fields, params_path)``. ``fields`` is a
   :class:`FieldResolver`: ``fields.resolve(FieldSpec(…))`` resolves one field (``None``
   when it has problems, already reported), ``fields.problem`` reports what the generator
   finds wrong itself, and ``parse_type``, ``generator``, ``defaults_for`` and
   ``validate`` read what a field's declaration names. Return the params holding the
   resolved fields (in a pydantic ``PrivateAttr``), or ``None`` once a problem is
   reported. The host then instantiates the generator with those params.
2. **Generation.** In ``__init__``, bind each resolved field to the column:
   ``field.bind(column)`` (or, for a field that is a part of ``column`` under another
   scope, ``field.bind(replace(column, key=derive_key(column.key, "…")))``). In
   ``generate``, draw one seed per batch (``int(rng.integers(0, 2**63))``) and call
   ``bound.batch(n, seed, ctx, rows)`` for each field; ``rows`` collects the values of
   the fields already made, by field name, for the next ones (as ``ctx.rows`` does for
   columns). Close the bound fields in ``close``.

Each field draws from its own stream, derived from the batch seed and the field's
``stream`` name, so adding a field does not change the others. Fields bound to the same
column info agree with each other as the columns of a row do (the street, city and
postal code of one address): they share a group key (``ColumnInfo.table_key``) derived
from that column info's ``key``.

The SDK never imports the host: these are the shapes the host implements.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar

from pgmock_sdk.generator import ColumnInfo, GenContext, Generator, P, Params
from pgmock_sdk.pgtypes import PgType

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "BoundField",
    "FieldResolver",
    "FieldSpec",
    "GeneratorRef",
    "NestedGenerator",
    "ResolvedField",
    "derive_key",
]

M = TypeVar("M", bound=Params)


def derive_key(key: int, name: str) -> int:
    """A 64-bit key for a part of a column (a field, an object of a document), derived
    from the column's ``ColumnInfo.key`` and the part's name."""
    return (key ^ zlib.crc32(name.encode("utf-8")) * 0x9E3779B97F4A7C15) % 2**64


@dataclass(frozen=True)
class FieldSpec:
    """A nested field as a generator asks the host to resolve it."""

    path: str
    """JSON path of the field's declaration: its problems are reported under it
    (``….params.fields.zip``, ``….params.fields.zip.generator``)."""
    name: str
    """The field's name: a generator is inferred from it and its type when none is named
    (``street`` → ``faker.street_address``)."""
    type: PgType
    """The field's type (``fields.parse_type`` reads a spelling; user types included)."""
    generator: str | None = None
    """The generator named in the declaration (``plugin.name`` or a short name)."""
    params: Mapping[str, Any] = field(default_factory=dict)
    """Its parameters, validated by its generator's model."""
    distribution: Mapping[str, Any] | None = None
    """``{"name": "normal", "mean": …}``: a distribution its generator draws through."""
    null_ratio: float = 0.0
    """Share of NULL values of this field (an error for a domain that forbids NULL)."""
    stream: str | None = None
    """Names the field's random stream and its values in messages; default ``name``.
    Fields of one column need distinct streams (a JSON leaf uses its path)."""
    params_path: str | None = None
    """Where the parameters are in the schema, when not at ``path + ".params"``."""


@dataclass(frozen=True)
class GeneratorRef:
    """A registered generator: its qualified name and class."""

    qualified: str
    cls: type[Generator]


class BoundField(Protocol):
    """A resolved field bound to one column: what a generator calls per batch."""

    @property
    def name(self) -> str:
        """The field's stream name: the key of its values in ``rows``."""
        ...

    @property
    def column(self) -> ColumnInfo:
        """What the field's own generator sees."""
        ...

    @property
    def fork_safe(self) -> bool:
        """False when its generator cannot cross a fork (it holds a child process …)."""
        ...

    def batch(
        self, n: int, seed: int, ctx: GenContext, rows: Mapping[str, Any]
    ) -> tuple[Any, list[str | None]]:
        """``n`` values and their PostgreSQL text (``None``: NULL): drawn from a stream
        derived from ``seed`` and the field's name, rendered, redrawn where they fail the
        field's domain, NULLs applied to the text. ``ctx.offset`` numbers the rows;
        ``rows`` holds the batch's earlier fields for the field's generator."""
        ...

    def close(self) -> None: ...


class ResolvedField(Protocol):
    """A field the host resolved: its generator chosen, parameters validated."""

    @property
    def name(self) -> str:
        """The stream name."""
        ...

    @property
    def type(self) -> PgType:
        """What its values are generated as (a domain's CHECK may narrow the declared type)."""
        ...

    @property
    def generator(self) -> str:
        """Its generator's qualified name."""
        ...

    def bind(self, column: ColumnInfo) -> BoundField:
        """The field as a part of ``column``: its generator sees a column named
        ``column.name + "." + name`` with its key derived from ``column.key``."""
        ...

    def make(self, column: ColumnInfo) -> Generator:
        """Its generator for exactly ``column`` (the elements of an array use it: the
        array draws them from its own rng)."""
        ...


class FieldResolver(Protocol):
    """What the host offers a :class:`NestedGenerator` while its column is resolved."""

    def resolve(self, spec: FieldSpec) -> ResolvedField | None:
        """The field resolved like a column, or None (its problems are reported)."""
        ...

    def problem(self, path: str, message: str) -> None:
        """Report a problem at a JSON path (the schema is then refused)."""
        ...

    def parse_type(self, path: str, spelling: str) -> PgType | None:
        """A type spelling (``numeric(5,2)``, one of the schema's types), or None."""
        ...

    def generator(self, path: str, name: str) -> GeneratorRef | None:
        """A registered generator by name, or None (an unknown name is reported)."""
        ...

    def defaults_for(self, type_key: str) -> Sequence[GeneratorRef]:
        """The generators that are a type's default (``default_for``), by qualified name."""
        ...

    def validate(self, path: str, model: type[M], raw: Any, label: str) -> M | None:
        """``raw`` validated by ``model``; its errors reported under ``path`` as
        ``label: …``, then None."""
        ...


class NestedGenerator(Generator[P]):
    """A generator whose values are built from nested fields the host resolves; generic
    over its parameter model like :class:`~pgmock_sdk.Generator`."""

    # Type keys whose default generator this one stands in for when extends(params)
    # says so: parameters that extend the default's with what only nested fields can
    # fill (nested.json_template takes core.json's templates holding generator leaves).
    extends_default_for: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def extends(cls, params: Mapping[str, Any]) -> bool:
        """Whether these (raw) parameters of the type's default generator need this one."""
        return False

    @classmethod
    def resolve_fields(
        cls, params: P, column: ColumnInfo, fields: FieldResolver, params_path: str
    ) -> P | None:
        """Resolve the nested fields through ``fields``; ``params_path`` is the JSON path
        of ``params``. Return the params holding the resolved fields, or None once a
        problem is reported."""
        raise NotImplementedError
