"""Nested fields at resolution time: the host's side of :mod:`pgmock_sdk.nested`.

A :class:`~pgmock_sdk.nested.NestedGenerator` declares its fields (a composite's
attributes, a JSON template's leaves, an array's elements); :class:`FieldScope` resolves
each one as the column it belongs to would be resolved, through the same
:class:`ColumnChooser`: generator named or inferred, parameters, domain bounds,
distribution, NULLs. Problems carry the field's JSON path. The resolved
:class:`FieldChoice` binds to a column through the generation stage's
:class:`~pgmock.generate.fields.FieldStream`: the resolver instantiates each generator
once to validate it, and a nested generator binds its fields when it is made.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from pgmock.generate.fields import FieldStream
from pgmock.plugins.registry import LookupFailed, Registry
from pgmock.schema.model import DistributionSpec
from pgmock.schema.problems import Problems
from pgmock.schema.resolved import DistributionChoice, GeneratorChoice, RColumn, RTable
from pgmock.schema.types import parse_spelling
from pgmock.sql.domains import generation_type, null_forbidden
from pgmock_sdk import ColumnInfo, Generator, PgType, UserType
from pgmock_sdk.nested import FieldSpec, GeneratorRef

__all__ = ["ColumnChooser", "FieldChoice", "FieldScope"]

M = TypeVar("M", bound=BaseModel)


class ColumnChooser(Protocol):
    """How a column's generator and distribution are chosen (the resolver's)."""

    def choose(
        self,
        path: str,
        col: RColumn,
        table: RTable,
        generator: str | None,
        params: Mapping[str, Any],
        params_path: str | None = None,
        *,
        wants_distribution: bool = False,
    ) -> GeneratorChoice | None: ...

    def distribution(
        self, path: str, col: RColumn, spec: DistributionSpec, gen: GeneratorChoice
    ) -> DistributionChoice | None: ...

    def can_infer(self, name: str, pgtype: PgType) -> bool: ...


@dataclass(frozen=True)
class FieldChoice:
    """A resolved nested field (a :class:`pgmock_sdk.nested.ResolvedField`)."""

    name: str  # the stream name
    type: PgType  # what its generator fills (a domain's CHECK may narrow it)
    choice: GeneratorChoice
    distribution: DistributionChoice | None
    null_ratio: float

    @property
    def generator(self) -> str:
        return self.choice.qualified

    def make(self, column: ColumnInfo) -> Generator:
        return self.choice.cls(self.choice.params, column)

    def bind(self, column: ColumnInfo) -> FieldStream:
        dist = self.distribution
        sampler = dist.cls(dist.params) if dist is not None else None
        return FieldStream(
            column, self.name, self.type, self.make, sampler, self.null_ratio, self.generator
        )


class FieldScope:
    """Resolves the nested fields of one column (a :class:`pgmock_sdk.nested.FieldResolver`)."""

    def __init__(
        self,
        chooser: ColumnChooser,
        registry: Registry,
        problems: Problems,
        user_types: dict[str, UserType],
        col: RColumn,
        table: RTable,
    ) -> None:
        self.chooser = chooser
        self.registry = registry
        self.problems = problems
        self.user_types = user_types
        self.col = col
        self.table = table

    def resolve(self, spec: FieldSpec) -> FieldChoice | None:
        path = spec.path
        gtype = generation_type(spec.type)
        no_null = null_forbidden(spec.type)
        if spec.null_ratio and no_null is not None:
            self.problem(f"{path}.nullRatio", f"domain {no_null.qualified} does not allow NULL")
            return None
        fcol = RColumn(
            name=spec.name,
            type=gtype,
            nullable=no_null is None,
            null_ratio=spec.null_ratio,
            unique=False,
            primary_key=False,
            default=None,
            check=None,
            comment=None,
            locale=self.col.locale,
        )
        if not spec.generator and not self.chooser.can_infer(spec.name, gtype):
            self.problem(
                path,
                f"no generator can fill field {spec.name} of type {spec.type.display()}; "
                'set "generator" (see: pgmock generators)',
            )
            return None
        choice = self.chooser.choose(
            path,
            fcol,
            self.table,
            spec.generator,
            spec.params,
            spec.params_path,
            wants_distribution=spec.distribution is not None,
        )
        if choice is None:
            return None
        dist = None
        if spec.distribution is not None:
            dspec = self.validate(f"{path}.distribution", DistributionSpec, spec.distribution)
            if dspec is None:
                return None
            dist = self.chooser.distribution(path, fcol, dspec, choice)
            if dist is None:
                return None
        return FieldChoice(spec.stream or spec.name, gtype, choice, dist, spec.null_ratio)

    def problem(self, path: str, message: str) -> None:
        self.problems.add(path, message)

    def parse_type(self, path: str, spelling: str) -> PgType | None:
        return parse_spelling(self.problems, path, spelling, self.user_types)

    def generator(self, path: str, name: str) -> GeneratorRef | None:
        try:
            entry = self.registry.generators.resolve(name)
        except LookupFailed as exc:
            self.problem(path, exc.message)
            return None
        return GeneratorRef(entry.qualified, entry.obj)

    def defaults_for(self, type_key: str) -> Sequence[GeneratorRef]:
        return [
            GeneratorRef(e.qualified, e.obj)
            for e in self.registry.generators
            if e.spec.is_default_for(type_key)
        ]

    def validate(self, path: str, model: type[M], raw: Any, label: str = "") -> M | None:
        try:
            return model.model_validate(raw)
        except ValidationError as exc:
            self.problems.pydantic(exc, path, model, label)
            return None
