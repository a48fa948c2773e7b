"""Which generator fills a column, with which parameters and distribution.

A column names its generator, or one is inferred (:mod:`.inference`): by the rules
plugins register (table, column name, type), the generators' ``column_names``, else
the type's default (``Generator.default_for``); the first candidate that fits the column
wins. A
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

from pgmock.plugins.registry import Entry, GeneratorEntry, LookupFailed, Registry
from pgmock.schema import model
from pgmock.schema.inference import Candidate, Inference
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
from pgmock_sdk.inference import kind_matches, table_nouns
from pgmock_sdk.nested import NestedGenerator
from pgmock_sdk.pgtypes import INT_RANGES, TEMPORAL_TYPES
from pgmock_sdk.roles import VALUE_LIST

__all__ = ["GeneratorChooser", "infer_generator", "listed_values"]


def _within_type(params: Mapping[str, Any], pgtype: PgType) -> Mapping[str, Any] | None:
    """A rule's ``min``/``max`` narrowed to what the column's number type holds (a price
    rule up to 10,000 in numeric(4,2) stops at 99.99); None when nothing is left."""
    if "min" not in params and "max" not in params:
        return params
    if pgtype.is_array:
        return params
    lo: float
    hi: float
    precision, scale = pgtype.precision_scale
    if pgtype.name in INT_RANGES:
        lo, hi = INT_RANGES[pgtype.name]
    elif pgtype.name == "numeric" and precision is not None:
        hi = 10.0 ** (precision - scale) - 10.0 ** -max(scale, 0)
        lo = -hi
    else:
        return params
    out = dict(params)
    if out.get("max") is not None:
        out["max"] = min(out["max"], hi)
    if out.get("min") is not None:
        out["min"] = max(out["min"], lo)
    if out.get("min") is not None and out.get("max") is not None and out["min"] > out["max"]:
        return None
    return out


# A rule distribution's centre, by distribution name.
_CENTRES = {"normal": "mean", "lognormal": "median"}


def _moved_into(
    dist: Mapping[str, Any], rule_params: Mapping[str, Any], fitted: Params
) -> dict[str, Any] | None:
    """A rule's distribution for the range its column holds after CHECKs and the type.

    A column's CHECK may narrow a rule's range past the distribution's centre: a score
    out of 100, normal(70, 15), in a column CHECKed to 1..5 drew every value at 5. Then
    the distribution moves with the range (the centre and spread keep their place in
    it, normal(3.8, 0.6)); one that cannot be moved is dropped (values uniform in the
    range). A centre still inside the range keeps the distribution as it is: a price
    rule's bound of 10,000 narrowed by numeric(4,2) says nothing about typical prices.
    """
    lo, hi = getattr(fitted, "min", None), getattr(fitted, "max", None)
    key = _CENTRES.get(str(dist.get("name")))
    if lo is None or hi is None or key is None or key not in dist:
        return dict(dist)
    lo, hi, centre = float(lo), float(hi), float(dist[key])
    if lo <= centre <= hi:
        return dict(dist)
    rlo, rhi = rule_params.get("min"), rule_params.get("max")
    if rlo is None or rhi is None or float(rhi) <= float(rlo) or hi <= lo:
        return None
    ratio = (hi - lo) / (float(rhi) - float(rlo))
    moved = dict(dist)
    # rounded to what a person would write: explain shows the parameters
    moved[key] = float(f"{lo + (centre - float(rlo)) * ratio:.4g}")
    if "stddev" in moved:
        moved["stddev"] = float(f"{float(moved['stddev']) * ratio:.4g}")
    return moved


def _for_role(registry: Registry, role: str) -> GeneratorEntry | None:
    """The first generator (by qualified name) that takes ``role`` (pgmock_sdk.roles)."""
    return next((e for e in registry.generators if role in e.spec.roles), None)


def infer_generator(
    registry: Registry, column: str, pgtype: PgType, table: str = ""
) -> GeneratorEntry | None:
    """The first inference candidate's generator for a column of ``table`` (its rules,
    column names, type default): what a column with no generator gets when it fits."""
    first = next(Inference(registry).candidates(table, column, pgtype), None)
    return None if first is None else first.entry


class GeneratorChooser:
    """Chooses generators and distributions for the columns of one schema."""

    def __init__(
        self, registry: Registry, problems: Problems, user_types: dict[str, UserType]
    ) -> None:
        self.registry = registry
        self.problems = problems
        self.user_types = user_types
        self.inference = Inference(registry)
        # Every table of the schema (rules may ask what else it holds); the resolver sets it.
        self.tables: tuple[str, ...] = ()
        self.table_map: dict[str, RTable] = {}

    # -- generators ----------------------------------------------------------------------

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
    ) -> GeneratorChoice | None:
        """The generator of ``col``: ``generator`` (a name) with ``params``, else inferred.
        ``path`` is the JSON path of the column's (or nested field's) declaration,
        ``params_path`` that of its parameters (default ``path + ".params"``);
        ``wants_distribution``: the schema gives the column a distribution, so an inferred
        generator must take one."""
        params_path = params_path or f"{path}.params"
        entry = self._extension(col.type, generator, params)
        if entry is not None:
            why = f"its parameters need {entry.qualified}"
            return self._bind(path, params_path, col, table, entry, params, generator, why)
        if generator:
            entry = self._named(path, col, generator)
            if entry is None:
                return None
            return self._bind(path, params_path, col, table, entry, params, generator, "explicit")
        if not params:
            # A domain or column whose CHECK lists its values (VALUE IN (…), status IN
            # (…)) is filled from them; a unique one when they are enough for its rows
            # (plans named 'Free', 'Starter', 'Pro', 'Enterprise').
            values = listed_values(col)
            if col.unique and values is not None and len(set(values)) < table.row_count:
                values = None
            role = _for_role(self.registry, VALUE_LIST) if values is not None else None
            if role is not None and values is not None:
                why = "its CHECK lists its values"
                listed: dict[str, Any] = {"values": values}
                weights = grade_weights(col.name, values)
                if weights is not None:
                    listed["weights"] = weights
                    why += ", letter grades weighted as a class's are"
                return self._bind(path, params_path, col, table, role, listed, None, why)
        return self._inferred(path, params_path, col, table, params, wants_distribution)

    def _inferred(
        self,
        path: str,
        params_path: str,
        col: RColumn,
        table: RTable,
        params: Mapping[str, Any],
        wants_distribution: bool,
    ) -> GeneratorChoice | None:
        """The first candidate (:mod:`.inference`) that fits the column: its parameters
        (the rule's, under the schema's own) validate, the generator accepts the column,
        makes enough unique values when it must, and takes the schema's distribution.
        Candidates that do not fit leave no problem behind, but when the column's name
        picked one and only the type's default fits, a warning says why the name was not
        followed; when none fits, the first is bound again so that its problems are
        reported."""
        parents = tuple(fk.ref_table for fk in table.fks)
        primary_key = table.primary_key == [col.name] and col.fk is None
        candidates = list(
            self.inference.candidates(
                table.key, col.name, col.type, parents, self.tables, primary_key
            )
        )
        if not candidates:
            self.problems.add(
                f"{path}.type",
                f"no generator can fill type {col.type.display()}; "
                'set "generator" (see: pgmock generators)',
            )
            return None
        found, warned = len(self.problems.found), len(self.problems.warnings)
        passed_over: tuple[Candidate, str] | None = None
        for cand in candidates:
            if wants_distribution and not cand.entry.obj.supports_distribution:
                continue
            fitted_rule = _within_type(self._placed(cand.params, col, table), col.type)
            if fitted_rule is None:
                continue
            merged = {**fitted_rule, **params}
            choice = self._bind(
                path, params_path, col, table, cand.entry, merged, None, cand.why, cand
            )
            if wants_distribution and choice is not None:
                choice.rule_distribution = None  # the schema's distribution wins
            if (
                choice is not None
                and self._fits(col, table, choice)
                and (choice.rule_distribution is None or self.rule_distribution(path, col, choice))
            ):
                if passed_over is not None and cand.default:
                    skipped, reason = passed_over
                    self.problems.warn(
                        f"{path}.type",
                        f"{skipped.entry.qualified} (inferred from the column name) does not "
                        f"fit: {reason}; filled by {cand.entry.qualified} instead",
                    )
                return choice
            if passed_over is None and cand.by_name:
                label = f"{cand.entry.qualified}: "
                messages = [p.message.removeprefix(label) for p in self.problems.found[found:]]
                reason = "; ".join(messages) or (
                    f"it cannot make {table.row_count:,} unique values"
                    if col.unique
                    else "its parameters do not fit the column"
                )
                passed_over = (cand, reason)
            del self.problems.found[found:]
            del self.problems.warnings[warned:]
        first = candidates[0]
        merged = {**first.params, **params}
        return self._bind(path, params_path, col, table, first.entry, merged, None, first.why)

    def _placed(self, params: Mapping[str, Any], col: RColumn, table: RTable) -> dict[str, Any]:
        """A rule's parameters with its placeholders filled: parent_column with the parent
        column it finds ("country.country"), row_column with an earlier column of the row
        ("title"), table_letters with the table's initials ("P"); left out when there is
        none."""
        out: dict[str, Any] = {}
        for name, value in params.items():
            found: str | None
            if isinstance(value, dict) and "$parent" in value:
                found = self._parent_column(value["$parent"], value["$column"], col, table)
            elif isinstance(value, dict) and "$row" in value:
                kinds = tuple(value.get("$kinds", ("text",)))
                found = _row_column(value["$row"], kinds, col, table)
            elif isinstance(value, dict) and "$without" in value:
                if not _row_has(value["$without"], col, table):
                    out[name] = True
                continue
            elif isinstance(value, dict) and "$letters" in value:
                found = _table_letters(value["$letters"], table)
            else:
                out[name] = value
                continue
            if found is not None:
                out[name] = found
        return out

    def _parent_column(self, noun: str, column: str, col: RColumn, table: RTable) -> str | None:
        noun_re, column_re = re.compile(noun), re.compile(column)
        for fk in table.fks:  # FK columns are generated before the others of a row
            parent = self.table_map.get(fk.ref_table)
            if parent is None or parent is table:
                continue
            if not any(noun_re.fullmatch(n) for n in table_nouns(fk.ref_table)):
                continue
            for pcol in parent.columns.values():
                if pcol.has_data and pcol.fk is None and column_re.fullmatch(pcol.name.lower()):
                    return f"{fk.ref_table}.{pcol.name}"
        return None

    @staticmethod
    def _fits(col: RColumn, table: RTable, choice: GeneratorChoice) -> bool:
        """Whether an inferred generator can make the column's unique values."""
        if not col.unique:
            return True
        if not choice.cls.supports_unique:
            return False
        try:
            instance = choice.cls(choice.params, column_info(col, table.row_count, table))
            size = instance.domain_size()
        except Exception:  # what cannot be made or sized here is left to the checks
            return False
        return size is None or size >= table.row_count

    def _bind(
        self,
        path: str,
        params_path: str,
        col: RColumn,
        table: RTable,
        entry: GeneratorEntry,
        raw_params: Mapping[str, Any],
        generator: str | None,
        why: str,
        candidate: Candidate | None = None,
    ) -> GeneratorChoice | None:
        """``entry`` with ``raw_params`` validated, fitted to domains and checked by the
        generator itself; problems are reported under ``path``."""
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
        rule_distribution = None
        if candidate is not None and candidate.distribution is not None:
            rule_distribution = _moved_into(candidate.distribution, candidate.params, fitted)
        rule = None
        if candidate is not None and candidate.rule is not None:
            rule = candidate.rule.describe()
        return GeneratorChoice(
            cls, entry.qualified, fitted, not generator, why, rule_distribution, rule
        )

    def unique_instead(self, path: str, col: RColumn, table: RTable) -> GeneratorChoice | None:
        """For a column of a key whose inferred generator cannot make unique values: the
        generator inferred for it as a unique column (None: none, or it named its own
        generator or parameters)."""
        gen = col.generator
        if gen is None or not gen.inferred or gen.params.model_fields_set or col.cases_on:
            return None
        if listed_values(col) is not None:
            return None  # its values are the ones a CHECK allows
        was = col.unique
        col.unique = True
        try:
            choice = self.choose(path, col, table, None, {})
        finally:
            col.unique = was
        return choice if choice is not None and choice.cls.supports_unique else None

    def can_infer(self, name: str, pgtype: PgType) -> bool:
        """Whether a column of this name and type gets a generator without naming one."""
        return next(self.inference.candidates("", name, pgtype), None) is not None

    def _extension(
        self, pgtype: PgType, generator: str | None, params: Mapping[str, Any]
    ) -> GeneratorEntry | None:
        """A nested generator standing in for the type's default generator (named or
        inferred) because ``params`` need it (NestedGenerator.extends)."""
        if generator:
            try:
                named = self.registry.generators.resolve(generator)
            except LookupFailed:
                return None
            if not named.spec.is_default_for(pgtype.key):
                return None
        for entry in self.registry.generators:
            if not (entry.spec.nested and pgtype.key in entry.spec.extends_default_for):
                continue
            cls = entry.obj
            if issubclass(cls, NestedGenerator) and cls.extends(params):
                return entry
        return None

    def _named(self, path: str, col: RColumn, generator: str) -> GeneratorEntry | None:
        """The generator named; it must fill the column's type."""
        try:
            entry: GeneratorEntry = self.registry.generators.resolve(generator)
        except LookupFailed as exc:
            self.problems.add(f"{path}.generator", exc.message)
            return None
        if not entry.accepts(col.type):
            accepted = ", ".join(sorted(entry.spec.pg_types))
            self.problems.add(
                f"{path}.generator",
                f"generator {entry.qualified} cannot fill type {col.type.display()} "
                f"(it fills: {accepted})",
            )
            return None
        return entry

    def _domain_params(
        self, path: str, params_path: str, col: RColumn, cls: type[Generator], params: Params
    ) -> Params | None:
        """``params`` narrowed to the bounds of the column's domain CHECK (min/max,
        start/end, also of array elements) and of the column's own CHECKs, so values fit
        them by construction."""
        elem = col.type.element if col.type.is_array else col.type
        domain = elem.domain
        if domain is not None:
            user = params.model_dump(exclude_unset=True)
            try:
                fitted = domains.fitted_params(cls, user, col.type)
                if fitted is not None:
                    params = cls.Params.model_validate(fitted)
            except (ValueError, TypeError) as exc:
                self.problems.add(
                    params_path if user else f"{path}.type",
                    f"domain {domain.qualified} CHECK ({domain.check}): {exc}",
                )
                return None
        for check in col.checks:
            user = params.model_dump(exclude_unset=True)
            try:
                fitted = domains.fitted_params(cls, user, col.type, check.bounds)
                if fitted is not None:
                    params = cls.Params.model_validate(fitted)
            except (ValueError, TypeError) as exc:
                self.problems.add(
                    params_path if user else f"{path}.check", f"CHECK ({check.text}): {exc}"
                )
                return None
        return params

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
        if choice is None:
            return None
        # The generator picks among categories (choose) or draws numbers (sample): the
        # distribution must be able to, with these parameters, or generate would fail.
        try:
            categories = gen.cls(gen.params, column_info(col, 0)).distribution_categories()
        except ValueError:
            return choice  # the generator's own problem, reported where it was chosen
        sampler = cls(choice.params)
        issue = (
            sampler.validate_numbers() if categories is None else sampler.validate_for(categories)
        )
        if issue:
            self.problems.add(dpath, f"{gen.qualified} cannot draw through it: {issue}")
            return None
        return choice

    def rule_distribution(
        self, path: str, col: RColumn, gen: GeneratorChoice
    ) -> DistributionChoice | None:
        """The distribution an inference rule gives an inferred generator (None: none, or
        the column is unique, whose values are a permutation)."""
        if gen.rule_distribution is None or col.unique:
            return None
        spec = model.DistributionSpec.model_validate(gen.rule_distribution)
        return self.distribution(path, col, spec, gen)

    def parent_distribution(
        self, path: str, spec: model.DistributionSpec, parents: int
    ) -> DistributionChoice | None:
        """A distribution on an FK column skews which of ``parents`` rows are picked."""
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
        choice = self.bind_distribution(dpath, spec, entry)
        issue = (
            None
            if choice is None or not parents
            else entry.obj(choice.params).validate_for(parents)
        )
        if issue:
            self.problems.add(dpath, f"over the {parents:,} parent rows: {issue}")
            return None
        return choice

    def count_distribution(
        self, dpath: str, spec: model.DistributionSpec
    ) -> DistributionChoice | None:
        """A distribution drawing numbers that are not a column's (children per parent)."""
        choice = self.bind_distribution(dpath, spec)
        issue = None if choice is None else choice.cls(choice.params).validate_numbers()
        if issue:
            self.problems.add(dpath, issue)
            return None
        return choice

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


def _row_column(
    patterns: list[str], kinds: tuple[str, ...], col: RColumn, table: RTable
) -> str | None:
    """The first column of one of ``kinds`` declared before ``col`` with values of its own
    whose name matches one of ``patterns`` (tried in order)."""
    earlier = table.columns_before(col.name)
    for pattern in patterns:
        compiled = re.compile(pattern)
        for other in earlier:
            if (
                other.has_data
                and other.fk is None
                and not other.type.is_array
                and kind_matches(kinds, other.type)
                and compiled.fullmatch(other.name.lower())
            ):
                return other.name
    return None


def _row_has(patterns: list[str], col: RColumn, table: RTable) -> bool:
    """Whether another column of the table with values of its own (not a foreign key)
    has a lower-cased name matching one of ``patterns``."""
    compiled = [re.compile(p) for p in patterns]
    return any(
        other.name != col.name
        and other.has_data
        and other.fk is None
        and any(c.fullmatch(other.name.lower()) for c in compiled)
        for other in table.columns.values()
    )


def _table_letters(count: int, table: RTable) -> str | None:
    """The first ``count`` ASCII letters of the table's singular noun, upper-cased."""
    letters = re.sub(r"[^a-z]", "", table_nouns(table.key)[0].lower())[:count]
    return letters.upper() or None


# How often each letter is given in a class, A to F (E where a school uses it): mostly
# As and Bs, few Ds and Fs. A letter's plus and minus share its weight.
_GRADE_SHARE = {"A": 34.0, "B": 30.0, "C": 18.0, "D": 7.0, "E": 3.0, "F": 8.0}
_LETTER_GRADE = re.compile(r"[A-F][+-]?")
_GRADE_COLUMN = re.compile(r"(\w+_)?(grade|letter_grade|mark)")


def grade_weights(column: str, values: list[str]) -> list[float] | None:
    """Weights of the values a CHECK lists for a grade column when they are letter grades
    from A to F (``'A', 'A-', 'B+' … 'F'``), else None: listed values are otherwise equally
    likely, and a class where as many fail as get an A reads wrong."""
    if not _GRADE_COLUMN.fullmatch(column.lower()) or len(values) < 4:
        return None
    if not all(_LETTER_GRADE.fullmatch(v) for v in values):
        return None
    letters = [v[0] for v in values]
    if "A" not in letters or not {"E", "F"} & set(letters):
        return None
    return [_GRADE_SHARE[letter] / letters.count(letter) for letter in letters]


def listed_values(col: RColumn) -> list[str] | None:
    """The values a CHECK lists for the column: its domain's, else its own."""
    values = domains.choice_values(col.type)
    if values is not None or col.type.user is not None:
        return values  # an enum's labels are its own generator's job
    for check in col.checks:
        values = domains.choice_values(col.type, check.bounds)
        if values is not None:
            return values
    return None
