"""Semantic validation: everything the models cannot check on their own.

One pass, in the order the answers depend on each other: the document (depth, text
PostgreSQL can store; problems there stop the pass), the structure (pydantic), user
types, each table on its own, foreign keys, row counts (--rows, --scale, per parent),
where each column's values come from, and the checks across tables. Every problem is
collected with its JSON path and raised together, so one run of ``pgmock validate`` shows
every mistake. Nothing here generates data.
"""

from __future__ import annotations

import contextlib
import copy
import functools
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter, ValidationError

from pgmock.errors import SchemaError
from pgmock.plugins.registry import Registry
from pgmock.schema import derived, model, relations
from pgmock.schema.checks import (
    check_group_params,
    check_row_counts,
    check_settings,
    check_type_names,
    check_unique,
    check_value_widths,
    partial_unique_keys,
    unique_composite_keys,
)
from pgmock.schema.columns import inert_value_keys
from pgmock.schema.document import check_document
from pgmock.schema.formats import CURRENT, check_format
from pgmock.schema.generators import GeneratorChooser
from pgmock.schema.kinds import kind_cases, no_building, outcome_cases
from pgmock.schema.lifecycle import (
    after_parents,
    billing_cycle,
    follows_parents,
    inferred_after,
    left_open,
    period_windows,
    status_cases,
)
from pgmock.schema.load import without_comments
from pgmock.schema.objects import resolve_objects
from pgmock.schema.overrides import apply_row_overrides
from pgmock.schema.problems import Problems, pydantic_problems
from pgmock.schema.provenance import Provenance
from pgmock.schema.resolved import RColumn, ResolvedSchema, RTable
from pgmock.schema.table_checks import check_row_checks
from pgmock.schema.tables import resolve_table
from pgmock.schema.types import resolve_user_types
from pgmock_sdk import UserType
from pgmock_sdk.pgtypes import extension_types

__all__ = ["DEFAULT_SEED", "Defaults", "Resolver"]

DEFAULT_SEED = 0


@dataclass(frozen=True)
class Defaults:
    """Settings from outside the schema: ``locale`` overrides ``database.locale`` (a
    variable or flag); ``*_default`` apply where the schema says nothing (config files)."""

    locale: str | None = None
    locale_default: str | None = None
    seed_default: int | None = None


@functools.cache
def _type_spec() -> TypeAdapter[model.TypeSpec]:
    # Built when a schema with a broken part is re-checked piece by piece, not at import.
    return TypeAdapter(model.TypeSpec)


class Resolver:
    """Resolves one (merged) schema; ``origin`` maps table keys to the file declaring them."""

    def __init__(
        self, registry: Registry, file: str, origin: dict[str, str] | Provenance | None = None
    ):
        self.registry = registry
        self.file = file
        self.problems = Problems(file, origin)

    def resolve(
        self,
        raw: Any,
        seed_override: int | None = None,
        rows: dict[str, int] | None = None,
        scale: float | None = None,
        defaults: Defaults | None = None,
    ) -> ResolvedSchema:
        """Validate and resolve; ``rows``/``scale`` (--rows, --scale) apply before the checks
        that depend on row counts, so an override cannot slip past them. ``defaults``: the
        seed and locale of the layers around the schema (config files below it, variables
        and flags above; see pgmock.config). Type spellings include the extension types
        the loaded plugins registered."""
        with extension_types(self.registry.type_spellings()):
            return self._resolve(raw, seed_override, rows, scale, defaults)

    def _resolve(
        self,
        raw: Any,
        seed_override: int | None,
        rows: dict[str, int] | None,
        scale: float | None,
        defaults: Defaults | None,
    ) -> ResolvedSchema:
        problems = self.problems
        if not check_document(problems, raw):
            raise SchemaError(problems.found)
        raw, bad_comments = without_comments(raw)
        for path in bad_comments:
            problems.add(path, "a $comment holds text (a note pgmock ignores)")
        if isinstance(raw, dict) and raw.get("mix") is not None:
            # Parts are combined when files are read (pgmock.schema.mix); a mix that got
            # here would have no effect.
            problems.add("mix", "a mix is combined when its file is read: give the file to "
                         "pgmock generate, not to another schema")  # fmt: skip
        readable, to_parse = self._format(raw)
        if not readable:
            raise SchemaError(problems.found)
        parsed = self._parse(to_parse)
        if parsed is None:
            raise SchemaError(problems.found)
        top, raw_tables = parsed
        check_settings(problems, top)
        defaults = defaults or Defaults()
        locale = top.database.locale
        if defaults.locale is not None:
            locale = defaults.locale
        elif "locale" not in top.database.model_fields_set and defaults.locale_default:
            locale = defaults.locale_default
        locale = locale.split(".")[0]
        user_types = resolve_user_types(problems, top.types)
        chooser = GeneratorChooser(self.registry, problems, user_types)
        tables: dict[str, RTable] = {}
        for key, table in raw_tables.items():
            rt = resolve_table(problems, key, table, user_types, locale)
            if rt is not None:
                tables[key] = rt
        relations.link_foreign_keys(problems, tables, raw_tables)
        chooser.tables = tuple(tables)
        chooser.table_map = tables
        seed = seed_override if seed_override is not None else top.seed
        seed = defaults.seed_default if seed is None else seed
        seed = DEFAULT_SEED if seed is None else seed
        apply_row_overrides(tables, rows or {}, scale)
        relations.children_per_parent(problems, chooser, tables, raw_tables, seed, set(rows or {}))
        for rt in tables.values():
            self._values(chooser, tables, rt, raw_tables[rt.key])
        after_parents(chooser.inference, tables, raw_tables)
        derived.check_key_copies(problems, tables)
        check_row_checks(problems, tables)
        check_row_counts(problems, tables)
        check_value_widths(problems, tables)
        check_type_names(problems, list(top.types), user_types, tables)
        extensions = _needed_extensions(top.extensions, tables, user_types)
        objects = resolve_objects(problems, top.objects, tables, user_types, extensions)
        if problems:
            raise SchemaError(problems.found)
        return ResolvedSchema(
            database=top.database.name,
            encoding="UTF8",
            locale=locale,
            owner=top.database.owner,
            seed=seed,
            extensions=extensions,
            user_types=user_types,
            tables=tables,
            plugins=list(top.plugins),
            source=self.file,
            raw=raw,
            warnings=list(problems.warnings),
            objects=objects,
            schema_comments={k: v.comment for k, v in top.schemas.items() if v.comment},
        )

    def _format(self, raw: Any) -> tuple[bool, Any]:
        """The format version checked: False for a newer format (its keys would only be
        reported as unknown, so nothing else is checked); and the document to parse, with
        a version already reported as wrong replaced so the model does not report it again."""
        bad = False
        for issue in check_format(raw):
            if issue.error:
                self.problems.add(issue.path, issue.message)
                if issue.newer:
                    return False, raw
                bad = bad or issue.path == "version"
            else:
                self.problems.warn(issue.path, issue.message)
        return True, ({**raw, "version": CURRENT} if bad else raw)

    def _parse(self, raw: Any) -> tuple[model.SchemaFile, dict[str, model.Table]] | None:
        """Validate the structure; on problems keep checking the parts that are well formed."""
        try:
            top = model.SchemaFile.model_validate(raw)
            return top, dict(top.tables)
        except ValidationError as exc:
            for p in pydantic_problems(self.file, exc):
                self.problems.add(p.path, p.message)
        if not isinstance(raw, dict) or not isinstance(raw.get("tables"), dict):
            return None
        good: dict[str, model.Table] = {}
        for key, table in raw["tables"].items():
            repaired = _repaired_table(table)
            if repaired is None:
                continue  # reported above
            good[key], dropped = repaired
            for column in dropped:
                self.problems.forget(key, column)
        settings = model.SchemaFile.model_construct(
            version="1.0",
            database=model.Database(),
            seed=None,
            plugins=[],
            extensions=[],
            types={},
            tables=good,
            objects=[],
            schemas={},
            mix=None,
        )
        with contextlib.suppress(ValidationError):  # reported above
            settings.database = model.Database.model_validate(raw.get("database", {}))
        types = raw.get("types", {})
        if isinstance(types, dict):
            # One broken type must not turn every column using another into "unknown type".
            for key, spec in types.items():
                try:
                    settings.types[key] = _type_spec().validate_python(spec)
                except ValidationError:
                    continue
        return settings, good

    def _values(
        self,
        chooser: GeneratorChooser,
        tables: dict[str, RTable],
        rt: RTable,
        raw: model.Table,
    ) -> None:
        """Where each column's values come from: a parent row, other columns, a generator."""
        problems = self.problems
        for cname, col in rt.columns.items():
            path = f"tables.{rt.key}.columns.{cname}"
            spec = raw.columns[cname]
            inert_value_keys(problems, path, col, spec)
            if col.fk is not None:
                self._from_parent(chooser, tables, path, rt, col, spec)
            elif col.is_serial or not col.has_data:
                continue
            elif spec.after is not None:
                col.after = derived.after(problems, tables, path, rt, col, spec)
            elif spec.expr is not None:
                col.expr = derived.expression(problems, path, rt, col, spec)
            elif spec.from_ is not None:
                col.copy_from = derived.copied_from(problems, tables, path, rt, col, spec)
            elif left_open(spec) and (inferred := inferred_after(chooser.inference, rt, col, spec)):
                col.after = inferred
                billing_cycle(tables, rt, col)
            else:
                self._generated(chooser, path, rt, col, spec)
                windows = period_windows(chooser.inference, rt, col, spec)
                if windows:
                    derived.inferred_cases(self.problems, chooser, path, rt, col, windows)
            if col.fk is None and col.has_data and not col.is_serial:
                # the first that applies gives the column its cases on another column
                (
                    status_cases(rt, col, spec)
                    or kind_cases(rt, col, spec)
                    or outcome_cases(rt, col, spec)
                )
                if (bare := no_building(rt, col, spec)) is not None:
                    derived.inferred_empty_cases(problems, chooser, path, rt, col, *bare)
        unique_composite_keys(
            problems,
            rt,
            tables,
            lambda col: chooser.unique_instead(f"tables.{rt.key}.columns.{col.name}", col, rt),
            lambda col: follows_parents(chooser.inference, rt, col, raw.columns[col.name]),
        )
        partial_unique_keys(problems, rt, tables)
        check_group_params(problems, rt)

    def _from_parent(
        self,
        chooser: GeneratorChooser,
        tables: dict[str, RTable],
        path: str,
        rt: RTable,
        col: RColumn,
        spec: model.Column,
    ) -> None:
        """A foreign key column: a distribution over the parents, a tree (maxDepth), or
        the parent another FK picked (from)."""
        fk = col.fk
        assert fk is not None
        if spec.generator:
            self.problems.add(
                f"{path}.generator",
                "foreign key columns take their values from the referenced table; "
                "remove the generator",
            )
        if spec.distribution is not None and rt.per_parent is fk:
            self.problems.add(
                f"{path}.distribution",
                f"the rows are laid out per {fk.ref_table} row (rowCount per), so a "
                "distribution over the parents has no effect; give rowCount one instead",
            )
        elif spec.distribution is not None:
            parents = tables[fk.ref_table].row_count
            fk.distribution = chooser.parent_distribution(path, spec.distribution, parents)
        if spec.maxDepth is not None:
            relations.tree(self.problems, path, rt, col, spec.maxDepth)
        elif relations.open_self_reference(rt, col, spec):
            # An employee is not their own manager, nor their manager's: a self-reference
            # the schema says nothing of is a tree, as maxDepth makes it.
            fk.max_depth = relations.DEFAULT_TREE_DEPTH
        if spec.from_ is not None:
            fk.copy = derived.copied_key(self.problems, tables, path, rt, col, spec)

    def _generated(
        self, chooser: GeneratorChooser, path: str, rt: RTable, col: RColumn, spec: model.Column
    ) -> None:
        """A column its generator fills: the generator, its distribution, unique values,
        and the other generators of its cases."""
        choice = chooser.choose(
            path,
            col,
            rt,
            spec.generator,
            spec.params,
            wants_distribution=spec.distribution is not None,
        )
        if choice is None:
            return
        col.generator = choice
        derived.read_columns(self.problems, path, rt, col, choice)
        if spec.distribution is not None:
            col.distribution = chooser.distribution(path, col, spec.distribution, choice)
        else:
            col.distribution = chooser.rule_distribution(path, col, choice)
        for ref in choice.cls.parent_inputs(choice.params):
            found = derived.parent_input(
                self.problems, chooser.table_map, f"{path}.params", rt, col, ref
            )
            if found is not None:
                col.inputs.append(found)
        check_unique(self.problems, path, rt, col, choice)
        if spec.cases is not None:
            derived.cases(self.problems, chooser, path, rt, col, spec.cases)


def _repaired_table(raw: Any) -> tuple[model.Table, list[str]] | None:
    """A table whose declaration has problems (reported already), with what is wrong
    taken out so the rest of it is still resolved and checked: an unknown or bad key is
    left out, a column that needs what is missing is dropped (its name is returned),
    a bad rowCount becomes 1. None when nothing is left to check."""
    if not isinstance(raw, dict):
        return None
    table = copy.deepcopy(raw)
    dropped: list[str] = []
    for _ in range(_REPAIR_ROUNDS):
        try:
            return model.Table.model_validate(table), dropped
        except ValidationError as exc:
            errors = exc.errors()
        for err in errors:
            loc = [p for p in err["loc"] if not (isinstance(p, str) and p.startswith("__"))]
            if loc and loc[0] == "rowCount":
                table["rowCount"] = 1
            elif len(loc) >= 2 and loc[0] == "columns" and isinstance(table.get("columns"), dict):
                column = str(loc[1])
                spec = table["columns"].get(column)
                if (err["type"] == "missing" and len(loc) == 3) or not isinstance(spec, dict):
                    table["columns"].pop(column, None)
                    dropped.append(column)
                else:
                    _drop(table, loc)
            elif loc and loc[0] != "columns":
                _drop(table, loc)
            else:
                return None
    return None


# Each round removes every problem pydantic reports; removing one may reveal another
# (a bad "type" value removed is then a missing "type").
_REPAIR_ROUNDS = 4


def _drop(tree: Any, loc: list[Any]) -> None:
    """Remove what ``loc`` points at (the deepest part of it that exists)."""
    node = tree
    for step in loc[:-1]:
        found = (isinstance(node, dict) and step in node) or (
            isinstance(node, list) and isinstance(step, int) and step < len(node)
        )
        if not found:
            return
        node = node[step]
    last = loc[-1]
    if isinstance(node, dict):
        node.pop(last, None)
    elif isinstance(node, list) and isinstance(last, int) and last < len(node):
        node.pop(last)


def _needed_extensions(
    listed: list[str], tables: dict[str, RTable], user_types: dict[str, UserType]
) -> list[str]:
    """The schema's extensions plus those its column and user types need (citext, and the
    extension types plugins register): the database a dump comes from has them, so the
    dump creates them."""
    types = [c.type for t in tables.values() for c in t.columns.values()]
    for ut in user_types.values():
        types.extend(t for _, t in ut.attributes)
        if ut.base is not None:
            types.append(ut.base)
    needed = (t.extension for t in types)
    return list(dict.fromkeys([*listed, *(e for e in needed if e is not None)]))
