"""Which generator fills a column, with which parameters and distribution.

A column names its generator, or one is inferred: by the column's name
(``Generator.column_names``), else the type's default (``Generator.default_for``). The
parameters are validated by the generator's model, narrowed to a domain's CHECK bounds,
and the generator is instantiated once so it can refuse what its parameters cannot
express (an e-mail in varchar(8)). Every problem names its JSON path.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from pgmock.generate import composite, json_template
from pgmock.plugins.registry import Entry, LookupFailed, Registry
from pgmock.schema import model
from pgmock.schema.problems import Problems
from pgmock.schema.resolved import (
    DistributionChoice,
    GeneratorChoice,
    RColumn,
    RTable,
    column_info,
)
from pgmock.schema.units import convert_temporal_params
from pgmock.sql import domains
from pgmock_sdk import Distribution, Generator, Params, PgType, UserType
from pgmock_sdk.pgtypes import TEMPORAL_TYPES

__all__ = ["GeneratorChooser", "infer_generator"]


def infer_generator(registry: Registry, column: str, pgtype: PgType) -> Any:
    """The built-in choice for a column with no generator: by name, then by type."""
    lowered = column.lower()
    entries = list(registry.generators)
    for entry in entries:
        cls: type[Generator] = entry.obj
        patterns = getattr(cls, "column_names", ())
        if patterns and cls.accepts(pgtype) and any(re.fullmatch(p, lowered) for p in patterns):
            return entry
    for entry in entries:
        cls = entry.obj
        if pgtype.key in getattr(cls, "default_for", frozenset()):
            return entry
    return None


class GeneratorChooser:
    """Chooses generators and distributions for the columns of one schema."""

    def __init__(
        self, registry: Registry, problems: Problems, user_types: dict[str, UserType]
    ) -> None:
        self.registry = registry
        self.problems = problems
        self.user_types = user_types

    # -- generators ----------------------------------------------------------------------

    def choose(
        self, path: str, col: RColumn, spec: model.Column, table: RTable
    ) -> GeneratorChoice | None:
        """The generator of ``col`` as ``spec`` asks (``path``: the column's JSON path)."""
        if not spec.generator and composite.host_fills(col.type):
            return composite.choose(self, path, col, spec, table)
        if json_template.host_fills(self.registry, col.type, spec):
            # a template with generator leaves or arrays: filled leaf by leaf by the host
            return json_template.choose(self, path, col, spec, table)
        raw_params = spec.params
        if not spec.generator and not spec.params and not col.unique:
            # A domain whose CHECK lists its values (VALUE IN (…)) is filled from them.
            values = domains.choice_values(col.type)
            if values is not None:
                spec = spec.model_copy(update={"generator": "core.choice"})
                raw_params = {"values": values}
        entry = self._entry(path, col, spec)
        if entry is None:
            return None
        cls = entry.obj
        try:
            params = cls.Params.model_validate(raw_params)
        except ValidationError as exc:
            self.problems.pydantic(exc, f"{path}.params", cls.Params, entry.qualified)
            return None
        fitted = self._domain_params(path, col, cls, params)
        if fitted is None:
            return None
        try:
            # Generators check what their parameters cannot (an email in varchar(8)).
            cls(fitted, column_info(col, 0, table))
        except ValueError as exc:
            where = f"{path}.generator" if spec.generator else f"{path}.type"
            self.problems.add(where, f"{entry.qualified}: {exc}")
            return None
        return GeneratorChoice(cls, entry.qualified, fitted, not spec.generator)

    def _entry(self, path: str, col: RColumn, spec: model.Column) -> Entry[type[Generator]] | None:
        """The generator named by ``spec`` (it must fill the type), else the inferred one."""
        if spec.generator:
            try:
                entry: Entry[type[Generator]] = self.registry.generators.resolve(spec.generator)
            except LookupFailed as exc:
                self.problems.add(f"{path}.generator", exc.message)
                return None
            if not entry.obj.accepts(col.type):
                accepted = ", ".join(sorted(entry.obj.pg_types))
                self.problems.add(
                    f"{path}.generator",
                    f"generator {entry.qualified} cannot fill type {col.type.display()} "
                    f"(it fills: {accepted})",
                )
                return None
            return entry
        found = infer_generator(self.registry, col.name, col.type)
        if found is None:
            self.problems.add(
                f"{path}.type",
                f"no generator can fill type {col.type.display()}; "
                'set "generator" (see: pgmock generators)',
            )
        return found

    def _domain_params(
        self, path: str, col: RColumn, cls: type[Generator], params: Params
    ) -> Params | None:
        """``params`` narrowed to the bounds of the column's domain CHECK (min/max,
        start/end, also of array elements), so values fit it by construction."""
        elem = col.type.element if col.type.is_array else col.type
        domain = elem.domain
        if domain is None:
            return params
        user = params.model_dump(exclude_unset=True)
        try:
            fitted = domains.fitted_params(cls, user, col.type)
            if fitted is None:
                return params
            return cls.Params.model_validate(fitted)
        except (ValueError, TypeError) as exc:
            self.problems.add(
                f"{path}.params" if user else f"{path}.type",
                f"domain {domain.qualified} CHECK ({domain.check}): {exc}",
            )
            return None

    # -- distributions -------------------------------------------------------------------

    def distribution(
        self, path: str, col: RColumn, spec: model.DistributionSpec, gen: GeneratorChoice
    ) -> DistributionChoice | None:
        """The distribution a column's generator draws through."""
        dpath = f"{path}.distribution"
        entry = self._lookup_distribution(dpath, spec.name)
        if entry is None:
            return None
        if not gen.cls.supports_distribution:
            self.problems.add(dpath, f"generator {gen.qualified} does not take a distribution")
            return None
        cls = entry.obj
        raw_params = spec.params
        if col.type.name in TEMPORAL_TYPES:
            try:
                raw_params = convert_temporal_params(
                    raw_params, cls.location_params, cls.scale_params, col.type.name == "date"
                )
            except ValueError as exc:
                self.problems.add(dpath, str(exc))
                return None
        choice = self.bind_distribution(dpath, spec, entry, raw_params)
        if choice is not None and col.type.user is not None and col.type.user.kind == "enum":
            issue = cls(choice.params).validate_for(len(col.type.user.labels))
            if issue:
                self.problems.add(dpath, issue)
        return choice

    def parent_distribution(
        self, path: str, spec: model.DistributionSpec
    ) -> DistributionChoice | None:
        """A distribution on an FK column skews which parents are picked (zipf …)."""
        dpath = f"{path}.distribution"
        entry = self._lookup_distribution(dpath, spec.name)
        if entry is None:
            return None
        if entry.obj.choose is Distribution.choose:
            self.problems.add(
                dpath,
                f"distribution {entry.qualified} cannot pick parent rows; use one that picks "
                "among categories (uniform, zipf, weighted, …)",
            )
            return None
        return self.bind_distribution(dpath, spec, entry)

    def bind_distribution(
        self,
        dpath: str,
        spec: model.DistributionSpec,
        entry: Entry[type[Distribution]] | None = None,
        params: dict[str, Any] | None = None,
    ) -> DistributionChoice | None:
        """Resolve a distribution and validate its parameters (``params`` if converted)."""
        entry = entry or self._lookup_distribution(dpath, spec.name)
        if entry is None:
            return None
        cls = entry.obj
        try:
            bound = cls.Params.model_validate(spec.params if params is None else params)
        except ValidationError as exc:
            self.problems.pydantic(exc, dpath, cls.Params, entry.qualified)
            return None
        return DistributionChoice(cls, entry.qualified, bound)

    def _lookup_distribution(self, dpath: str, name: str) -> Entry[type[Distribution]] | None:
        try:
            return self.registry.distributions.resolve(name)
        except LookupFailed as exc:
            self.problems.add(f"{dpath}.name", exc.message)
            return None
