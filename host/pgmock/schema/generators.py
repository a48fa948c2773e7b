"""Which generator fills a column, with which parameters and distribution.

A column names its generator, or one is inferred: by the column's name
(``Generator.column_names``), else the type's default (``Generator.default_for``). A
nested generator may stand in for the type's default when the parameters need it
(``NestedGenerator.extends``: a JSON template with generator leaves), and a domain that
lists its values is filled by the generator taking the ``value_list`` role. The
parameters are validated by the generator's model and narrowed to a domain's CHECK
bounds; a nested generator's fields are resolved like columns (:mod:`.nested`); the
generator is then instantiated once so it can refuse what its parameters cannot express
(an e-mail in varchar(8)). Every problem names its JSON path.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from pgmock.plugins.registry import Entry, LookupFailed, Registry
from pgmock.schema import model
from pgmock.schema.nested import FieldScope
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
from pgmock_sdk.nested import NestedGenerator
from pgmock_sdk.pgtypes import TEMPORAL_TYPES
from pgmock_sdk.roles import VALUE_LIST

__all__ = ["GeneratorChooser", "infer_generator"]


def _for_role(registry: Registry, role: str) -> Entry[type[Generator]] | None:
    """The first generator (by qualified name) that takes ``role`` (pgmock_sdk.roles)."""
    return next((e for e in registry.generators if role in getattr(e.obj, "roles", ())), None)


def infer_generator(registry: Registry, column: str, pgtype: PgType, unique: bool = False) -> Any:
    """The built-in choice for a column with no generator: by name, then by type. A unique
    column passes over name matches that cannot make unique values (a UNIQUE ``name``
    column is not filled with people's names, which repeat) to the type's default."""
    lowered = column.lower()
    entries = list(registry.generators)
    for entry in entries:
        cls: type[Generator] = entry.obj
        patterns = getattr(cls, "column_names", ())
        if unique and not cls.supports_unique:
            continue
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
        self,
        path: str,
        col: RColumn,
        table: RTable,
        generator: str | None,
        params: Mapping[str, Any],
        params_path: str | None = None,
    ) -> GeneratorChoice | None:
        """The generator of ``col``: ``generator`` (a name) with ``params``, else inferred.
        ``path`` is the JSON path of the column's (or nested field's) declaration,
        ``params_path`` that of its parameters (default ``path + ".params"``)."""
        params_path = params_path or f"{path}.params"
        raw_params = params
        entry = self._extension(col.type, generator, params)
        if entry is None:
            if not generator and not params and not col.unique:
                # A domain whose CHECK lists its values (VALUE IN (…)) is filled from them.
                values = domains.choice_values(col.type)
                role = _for_role(self.registry, VALUE_LIST) if values is not None else None
                if role is not None:
                    generator, raw_params = role.qualified, {"values": values}
            entry = self._entry(path, col, generator)
        if entry is None:
            return None
        cls = entry.obj
        try:
            validated = cls.Params.model_validate(raw_params)
        except ValidationError as exc:
            self.problems.pydantic(exc, params_path, cls.Params, entry.qualified)
            return None
        fitted = self._domain_params(path, params_path, col, cls, validated)
        if fitted is None:
            return None
        if issubclass(cls, NestedGenerator):
            scope = FieldScope(self, self.registry, self.problems, self.user_types, col, table)
            fitted = cls.resolve_fields(fitted, column_info(col, 0, table), scope, params_path)
            if fitted is None:
                return None
        try:
            # Generators check what their parameters cannot (an email in varchar(8)).
            cls(fitted, column_info(col, 0, table))
        except ValueError as exc:
            where = f"{path}.generator" if generator else f"{path}.type"
            self.problems.add(where, f"{entry.qualified}: {exc}")
            return None
        return GeneratorChoice(cls, entry.qualified, fitted, not generator)

    def can_infer(self, name: str, pgtype: PgType) -> bool:
        """Whether a column of this name and type gets a generator without naming one."""
        return infer_generator(self.registry, name, pgtype) is not None

    def _extension(
        self, pgtype: PgType, generator: str | None, params: Mapping[str, Any]
    ) -> Entry[type[Generator]] | None:
        """A nested generator standing in for the type's default generator (named or
        inferred) because ``params`` need it (NestedGenerator.extends)."""
        if generator:
            try:
                named = self.registry.generators.resolve(generator)
            except LookupFailed:
                return None
            if pgtype.key not in named.obj.default_for:
                return None
        for entry in self.registry.generators:
            cls = entry.obj
            if (
                issubclass(cls, NestedGenerator)
                and pgtype.key in cls.extends_default_for
                and cls.extends(params)
            ):
                return entry
        return None

    def _entry(
        self, path: str, col: RColumn, generator: str | None
    ) -> Entry[type[Generator]] | None:
        """The generator named (it must fill the type), else the inferred one."""
        if generator:
            try:
                entry: Entry[type[Generator]] = self.registry.generators.resolve(generator)
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
        found = infer_generator(self.registry, col.name, col.type, col.unique)
        if found is None:
            self.problems.add(
                f"{path}.type",
                f"no generator can fill type {col.type.display()}; "
                'set "generator" (see: pgmock generators)',
            )
        return found

    def _domain_params(
        self, path: str, params_path: str, col: RColumn, cls: type[Generator], params: Params
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
                params_path if user else f"{path}.type",
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
