"""Semantic validation: everything the models cannot check on their own.

All problems are collected, each with its JSON path, and raised together, so one run of
``pgmock validate`` shows every mistake. Nothing here generates data.
"""

from __future__ import annotations

import contextlib
import difflib
import re
from dataclasses import replace
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from pgmock.errors import Problem, SchemaError
from pgmock.generate import composite, json_template
from pgmock.plugins.registry import Entry, LookupFailed, Registry
from pgmock.schema import model
from pgmock.schema.expr import ExprError, columns_of, parse_expr
from pgmock.schema.overrides import apply_row_overrides
from pgmock.schema.resolved import (
    AfterRef,
    DistributionChoice,
    GeneratorChoice,
    ParentRef,
    RColumn,
    ResolvedSchema,
    RForeignKey,
    RIndex,
    RTable,
)
from pgmock.schema.units import convert_temporal_params, interval_seconds
from pgmock.sql import domains
from pgmock.sql.names import MAX_IDENTIFIER_BYTES, identifier_bytes, truncate_identifier
from pgmock.sql.typenames import type_name_clashes
from pgmock_sdk import ColumnInfo, Distribution, Generator, Params, PgType, UserType
from pgmock_sdk.pgtypes import (
    EXTENSION_TYPES,
    GEOMETRIC_TYPES,
    INT_RANGES,
    INTEGER_TYPES,
    NUMERIC_TYPES,
    TEMPORAL_TYPES,
    TEXT_TYPES,
    TypeParseError,
    known_type_names,
    parse_type,
)
from pgmock_sdk.sqlnames import quote_ident

DEFAULT_SEED = 0


_TYPE_SPEC: TypeAdapter[model.TypeSpec] = TypeAdapter(model.TypeSpec)


# Types without a default b-tree ordering, so no range can be built over them.
_NO_ORDER = {"json", "xml"} | GEOMETRIC_TYPES
# String types a foreign key cannot pair although their values are alike: PostgreSQL
# finds no implicit cast from the referencing type to the key's (checked on PostgreSQL 15).
_FK_REFUSED_STRINGS = {("name", "bpchar"), ("citext", "bpchar"), ("citext", "name")} | {
    (t, "citext") for t in TEXT_TYPES - {"citext"}
}
# A "generated" column has no values in the dump: PostgreSQL computes it on restore.
_COMPUTED = '"{}" is computed by PostgreSQL ("generated"), so pgmock has no values of it'


def pydantic_problems(
    file: str, exc: ValidationError, prefix: str = "", root: type[BaseModel] | None = None
) -> list[Problem]:
    """Problems from a pydantic error; ``root`` is the model validated (default: the file)."""
    problems = []
    for err in exc.errors():
        # Tagged-union branch names (``__per__``) are not part of the user's JSON path.
        err["loc"] = tuple(
            p
            for p in err["loc"]
            if not (isinstance(p, str) and p.startswith("__") and p.endswith("__"))
        )
        loc = ".".join(str(p) for p in err["loc"])
        path = ".".join(p for p in (prefix, loc) if p)
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "unknown key"
            parent_fields = _allowed_keys(err["loc"], root or model.SchemaFile)
            if parent_fields:
                close = difflib.get_close_matches(str(err["loc"][-1]), parent_fields, n=1)
                msg += f' — did you mean "{close[0]}"?' if close else ""
                msg += f" (allowed: {', '.join(parent_fields)})"
        elif err["type"] == "missing":
            msg = "required key is missing"
        problems.append(Problem(file, path, msg))
    return problems


def _allowed_keys(loc: tuple[Any, ...], root: type[BaseModel]) -> list[str]:
    """The keys allowed where an unknown key was found, for the error message."""
    cls: type[BaseModel] = root
    if root is not model.SchemaFile:
        return sorted(root.model_fields) if len(loc) == 1 else []
    steps = list(loc[:-1])
    i = 0
    while i < len(steps):
        step = steps[i]
        if cls is model.SchemaFile and step == "tables":
            cls, i = model.Table, i + 2
        elif cls is model.SchemaFile and step == "types":
            kinds = model.EnumTypeSpec, model.CompositeTypeSpec, model.DomainTypeSpec
            return sorted({f for k in (*kinds, model.RangeTypeSpec) for f in k.model_fields})
        elif cls is model.SchemaFile and step == "database":
            cls, i = model.Database, i + 1
        elif cls is model.Table and step == "columns":
            cls, i = model.Column, i + 2
        elif cls is model.Table and step == "foreignKeys":
            cls, i = model.ForeignKey, i + 2
        elif cls is model.Table and step == "indexes":
            cls, i = model.Index, i + 2
        elif cls is model.ForeignKey and step == "references":
            cls, i = model.FkTarget, i + 1
        elif cls is model.Column and step == "references":
            cls, i = model.ColumnRef, i + 1
        else:
            return []
    return sorted(cls.model_fields)


def split_table_key(key: str) -> tuple[str, str]:
    schema, _, name = key.rpartition(".")
    return (schema or "public", name)


def _split_column_ref(ref: str) -> tuple[str, str] | None:
    table, dot, column = ref.rpartition(".")
    return (table, column) if dot and table and column else None


class Resolver:
    def __init__(self, registry: Registry, file: str, origin: dict[str, str] | None = None):
        self.registry = registry
        self.file = file
        self.origin = origin or {}
        self.problems: list[Problem] = []
        # The schema's user types, by key (for types named inside parameters: JSON leaves).
        self.user_types: dict[str, UserType] = {}
        # Accepted but worth saying (a domain CHECK pgmock cannot verify).
        self.warnings: list[str] = []

    def file_of(self, path: str) -> str:
        """The file that declared what ``path`` points into (several files may be merged)."""
        for key in sorted(self.origin, key=len, reverse=True):
            if path == f"tables.{key}" or path.startswith(f"tables.{key}."):
                return self.origin[key]
        return self.file

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(self.file_of(path), path, message))

    # -- entry point ---------------------------------------------------------------------

    def resolve(
        self,
        raw: Any,
        seed_override: int | None = None,
        rows: dict[str, int] | None = None,
        scale: float | None = None,
    ) -> ResolvedSchema:
        """Validate and resolve; ``rows``/``scale`` (--rows, --scale) apply before the checks
        that depend on row counts, so an override cannot slip past them."""
        parsed = self._parse(raw)
        if parsed is None:
            raise SchemaError(self.problems)
        top, tables = parsed
        locale = top.database.locale.split(".")[0]
        user_types = self._user_types(top.types)
        self.user_types = user_types
        resolved_tables: dict[str, RTable] = {}
        for key, table in tables.items():
            rt = self._table(key, table, user_types, locale)
            if rt is not None:
                resolved_tables[key] = rt
        self._foreign_keys(resolved_tables, tables)
        self._tables = resolved_tables
        seed = seed_override if seed_override is not None else top.seed
        seed = DEFAULT_SEED if seed is None else seed
        apply_row_overrides(resolved_tables, rows or {}, scale)
        self.seed = seed
        self._children_per_parent(resolved_tables, tables, seed, set(rows or {}))
        for rt in resolved_tables.values():
            self._generators(rt, tables[rt.key])
        self._row_counts(resolved_tables)
        self._type_names(list(top.types), user_types, resolved_tables)
        if self.problems:
            raise SchemaError(self.problems)
        return ResolvedSchema(
            database=top.database.name,
            encoding="UTF8",
            locale=locale,
            owner=top.database.owner,
            seed=seed,
            extensions=_needed_extensions(top.extensions, resolved_tables, user_types),
            user_types=user_types,
            tables=resolved_tables,
            plugins=list(top.plugins),
            source=self.file,
            raw=raw,
            warnings=list(self.warnings),
        )

    def _parse(self, raw: Any) -> tuple[model.SchemaFile, dict[str, model.Table]] | None:
        """Validate the structure; on problems keep checking the parts that are well formed."""
        try:
            top = model.SchemaFile.model_validate(raw)
            return top, dict(top.tables)
        except ValidationError as exc:
            for p in pydantic_problems(self.file, exc):
                self.problem(p.path, p.message)
        if not isinstance(raw, dict) or not isinstance(raw.get("tables"), dict):
            return None
        good: dict[str, model.Table] = {}
        for key, table in raw["tables"].items():
            try:
                good[key] = model.Table.model_validate(table)
            except ValidationError:
                continue  # already reported above
        settings = model.SchemaFile.model_construct(
            version="1.0",
            database=model.Database(),
            seed=None,
            plugins=[],
            extensions=[],
            types={},
            tables=good,
        )
        with contextlib.suppress(ValidationError):  # reported above
            settings.database = model.Database.model_validate(raw.get("database", {}))
        types = raw.get("types", {})
        if isinstance(types, dict):
            # One broken type must not turn every column using another into "unknown type".
            for key, spec in types.items():
                try:
                    settings.types[key] = _TYPE_SPEC.validate_python(spec)
                except ValidationError:
                    continue
        return settings, good

    # -- types -------------------------------------------------------------------------

    def _user_types(self, types: dict[str, model.TypeSpec]) -> dict[str, UserType]:
        """User types in declaration order: a type may use the types declared before it."""
        out: dict[str, UserType] = {}
        for key, spec in types.items():
            schema, name = split_table_key(key)
            path = f"types.{key}"
            if key.lower() in known_type_names():
                self.problem(path, f'"{key}" is a built-in type name')
                continue
            self._check_identifier(path, "type", name)
            ut = self._user_type(path, schema, name, spec, out)
            if ut is None:
                continue
            out[key.lower()] = ut
            if schema != "public":
                out[f"{schema}.{name}".lower()] = ut
        return out

    def _user_type(
        self, path: str, schema: str, name: str, spec: model.TypeSpec, known: dict[str, UserType]
    ) -> UserType | None:
        if isinstance(spec, model.EnumTypeSpec):
            return UserType(schema=schema, name=name, kind="enum", labels=tuple(spec.enum))
        if isinstance(spec, model.CompositeTypeSpec):
            attrs = []
            for field_name, spelling in spec.composite.items():
                ftype = self._parse_type(f"{path}.composite.{field_name}", spelling, known)
                if ftype is not None and ftype.serial:
                    self.problem(f"{path}.composite.{field_name}", "a field cannot be serial")
                elif ftype is not None:
                    attrs.append((field_name, ftype))
            if len(attrs) != len(spec.composite):
                return None
            return UserType(schema=schema, name=name, kind="composite", attributes=tuple(attrs))
        if isinstance(spec, model.DomainTypeSpec):
            base = self._parse_type(f"{path}.domain", spec.domain, known)
            if base is None:
                return None
            if base.user is not None or base.serial or base.is_array:
                self.problem(
                    f"{path}.domain",
                    "a domain's base must be a built-in scalar type (integer, varchar(20), …)",
                )
                return None
            domain = UserType(
                schema=schema,
                name=name,
                kind="domain",
                base=base,
                check=spec.check,
                not_null=spec.notNull,
            )
            issue = domains.check_issue(domain)
            if issue is not None and issue[0]:
                self.problem(f"{path}.check", issue[1])
            elif issue is not None:
                self.warnings.append(f"{self.file_of(path)}: {path}.check: {issue[1]}")
            return domain
        sub = self._parse_type(f"{path}.range", spec.range, known)
        if sub is None:
            return None
        if sub.is_array or sub.serial or sub.range_subtype is not None or sub.name in _NO_ORDER:
            self.problem(f"{path}.range", f"{sub} cannot be a range subtype (it needs an order)")
            return None
        return UserType(schema=schema, name=name, kind="range", base=sub)

    def _parse_type(
        self, path: str, spelling: str, user_types: dict[str, UserType]
    ) -> PgType | None:
        try:
            return parse_type(spelling, user_types)
        except TypeParseError as exc:
            self.problem(path, str(exc))
        except KeyError as exc:
            name = str(exc.args[0])
            close = difflib.get_close_matches(name, [*known_type_names(), *user_types], n=1)
            hint = f' — did you mean "{close[0]}"?' if close else ""
            self.problem(
                path,
                f'unknown type "{spelling}"{hint} (declare custom types under "types")',
            )
        return None

    # -- tables and columns -------------------------------------------------------------

    def _identity_generated(
        self, path: str, col: model.Column, pgtype: PgType, is_key: bool
    ) -> None:
        """What identity and generated columns cannot be combined with."""
        other = (
            *("generator", "params", "distribution", "nullRatio", "maxDepth"),
            *("default", "expr", "from_", "cases", "after", "references"),
        )
        if col.identity is not None:
            if pgtype.name not in INTEGER_TYPES or pgtype.is_array or pgtype.serial:
                self.problem(
                    f"{path}.identity",
                    f"identity columns are smallint, integer or bigint, not {col.type}",
                )
            if col.generated is not None:
                self.problem(f"{path}.generated", "a column is identity or generated, not both")
            if col.nullable:
                self.problem(f"{path}.nullable", "an identity column is NOT NULL")
        if col.generated is not None:
            if not col.generated.strip():
                self.problem(f"{path}.generated", "give the SQL expression to compute")
            if is_key or col.unique:
                self.problem(
                    f"{path}.generated",
                    "pgmock cannot make a computed column unique; drop the key or "
                    "generate the column instead",
                )
        if col.identity is None and col.generated is None:
            return
        what = "identity" if col.identity is not None else "generated"
        for key in other:
            value = getattr(col, key)
            # "generator": "", "params": {} and "nullRatio": 0 ask for nothing.
            if value is not None and (value or key not in ("generator", "params", "nullRatio")):
                spelled = key.rstrip("_")
                self.problem(
                    f"{path}.{spelled}",
                    f"{what} columns are filled by PostgreSQL's rules; remove {spelled!r}",
                )

    def _check_identifier(self, path: str, what: str, ident: str) -> None:
        """PostgreSQL cuts identifiers to 63 bytes, so two long names could collide."""
        size = identifier_bytes(ident)
        if size > MAX_IDENTIFIER_BYTES:
            self.problem(
                path,
                f"{what} name {ident[:20]!r}… is {size} bytes; PostgreSQL identifiers are at "
                f"most {MAX_IDENTIFIER_BYTES} bytes (it would cut the name)",
            )

    def _table(
        self, key: str, table: model.Table, user_types: dict[str, UserType], locale: str
    ) -> RTable | None:
        base = f"tables.{key}"
        schema, name = split_table_key(key)
        if not name or "." in schema:
            self.problem(base, 'table keys are "name" or "schema.name"')
            return None
        for what, ident, path in (
            ("schema", schema, base),
            ("table", name, base),
            *(("column", c, f"{base}.columns.{c}") for c in table.columns),
        ):
            self._check_identifier(path, what, ident)
        pk_cols = [c for c, col in table.columns.items() if col.primaryKey]
        if pk_cols and table.primaryKey:
            self.problem(
                f"{base}.primaryKey",
                f"primary key given twice: table primaryKey and column(s) {', '.join(pk_cols)}",
            )
        primary_key = list(table.primaryKey or pk_cols)
        for i, c in enumerate(primary_key):
            if c not in table.columns:
                self.problem(f"{base}.primaryKey.{i}", self._no_column(c, key, table))
        uniques = [list(u) for u in table.unique]
        for i, u in enumerate(uniques):
            for j, c in enumerate(u):
                if c not in table.columns:
                    self.problem(f"{base}.unique.{i}.{j}", self._no_column(c, key, table))
        single_unique = {u[0] for u in uniques if len(u) == 1}
        if len(primary_key) == 1:
            single_unique.add(primary_key[0])
        columns: dict[str, RColumn] = {}
        for cname, col in table.columns.items():
            cpath = f"{base}.columns.{cname}"
            pgtype = self._parse_type(f"{cpath}.type", col.type, user_types)
            if pgtype is None:
                continue
            is_key = cname in primary_key
            if col.nullable and is_key:
                self.problem(f"{cpath}.nullable", "a primary key column cannot be nullable")
            nullable = (not is_key) if col.nullable is None else col.nullable
            no_null = domains.null_forbidden(pgtype)
            if no_null is not None and (col.nullable or col.nullRatio):
                which = "nullRatio" if col.nullRatio else "nullable"
                self.problem(f"{cpath}.{which}", f"domain {no_null.qualified} does not allow NULL")
            elif col.nullRatio and pgtype.serial:
                self.problem(f"{cpath}.nullRatio", "a serial column is NOT NULL")
            elif col.nullRatio and not nullable:
                self.problem(f"{cpath}.nullRatio", "nullRatio needs a nullable column")
            nullable = nullable and no_null is None
            if pgtype.serial and col.generator:
                self.problem(
                    f"{cpath}.generator",
                    "serial columns are numbered 1..rowCount; "
                    "use an integer type to choose a generator",
                )
            default = col.default
            self._identity_generated(cpath, col, pgtype, is_key or cname in single_unique)
            if pgtype.name in _NO_ORDER and (is_key or col.unique or cname in single_unique):
                self.problem(
                    f"{cpath}.unique" if col.unique else f"{cpath}.type",
                    f"{pgtype} has no b-tree equality, so PostgreSQL cannot build a "
                    "primary key or unique constraint on it",
                )
            columns[cname] = RColumn(
                name=cname,
                # a domain's CHECK may narrow what is generated (length(VALUE) <= 8)
                type=domains.generation_type(pgtype),
                nullable=nullable and not pgtype.serial and col.identity is None,
                null_ratio=col.nullRatio or 0.0,
                unique=col.unique or cname in single_unique,
                primary_key=is_key,
                default=None if default is None else _sql_default(default),
                check=col.check,
                comment=col.comment,
                locale=(col.locale or locale).split(".")[0],
                unique_constraint=col.unique,
                # An identity on a wrong type is reported above; do not number it.
                identity=col.identity
                if pgtype.name in INTEGER_TYPES and not pgtype.is_array
                else None,
                generated=col.generated,
            )
        indexes = []
        for i, idx in enumerate(table.indexes):
            for j, c in enumerate(idx.columns):
                if c not in table.columns:
                    self.problem(f"{base}.indexes.{i}.columns.{j}", self._no_column(c, key, table))
            iname = idx.name or _index_name(name, idx.columns)
            indexes.append(RIndex(list(idx.columns), idx.unique, iname, idx.method))
        return RTable(
            key=key,
            schema=schema,
            name=name,
            row_count=table.rowCount if isinstance(table.rowCount, int) else 0,
            columns=columns,
            primary_key=primary_key,
            uniques=uniques,
            fks=[],
            indexes=indexes,
            checks=list(table.checks),
            comment=table.comment,
            schema_file=_schema_file(self.file_of(base)),
        )

    def _no_column(self, column: str, table_key: str, table: model.Table) -> str:
        close = difflib.get_close_matches(column, list(table.columns), n=1)
        hint = f' — did you mean "{close[0]}"?' if close else ""
        return f'table "{table_key}" has no column "{column}"{hint}'

    # -- foreign keys --------------------------------------------------------------------

    def _foreign_keys(self, tables: dict[str, RTable], raw: dict[str, model.Table]) -> None:
        for key, rt in tables.items():
            base = f"tables.{key}"
            specs: list[tuple[str, list[str], str, list[str], str | None, str | None]] = []
            for cname, col in raw[key].columns.items():
                if col.references is None:
                    continue
                path = f"{base}.columns.{cname}.references"
                if isinstance(col.references, str):
                    parts = _split_column_ref(col.references)
                    if parts is None:
                        self.problem(path, 'write "table.column" (or {"table": …, "column": …})')
                        continue
                    ref_table, ref_col = parts
                else:
                    ref_table, ref_col = col.references.table, col.references.column
                specs.append((path, [cname], ref_table, [ref_col], None, None))
            for i, fk in enumerate(raw[key].foreignKeys):
                path = f"{base}.foreignKeys.{i}"
                for j, c in enumerate(fk.columns):
                    if c not in raw[key].columns:
                        self.problem(f"{path}.columns.{j}", self._no_column(c, key, raw[key]))
                specs.append(
                    (
                        path,
                        list(fk.columns),
                        fk.references.table,
                        list(fk.references.columns),
                        fk.name,
                        fk.onDelete,
                    )
                )
            for path, cols, ref_table, ref_cols, fk_name, on_delete in specs:
                self._one_fk(tables, raw, rt, path, cols, ref_table, ref_cols, fk_name, on_delete)

    def _one_fk(
        self,
        tables: dict[str, RTable],
        raw: dict[str, model.Table],
        rt: RTable,
        path: str,
        cols: list[str],
        ref_table: str,
        ref_cols: list[str],
        fk_name: str | None,
        on_delete: str | None,
    ) -> None:
        if ref_table not in raw:
            close = difflib.get_close_matches(ref_table, list(raw), n=1)
            hint = f' — did you mean "{close[0]}"?' if close else ""
            self.problem(path, f'references unknown table "{ref_table}"{hint}')
            return
        parent = tables.get(ref_table)
        if parent is None:
            return  # the parent has its own problems, reported elsewhere
        if len(cols) != len(ref_cols):
            self.problem(path, f"{len(cols)} column(s) reference {len(ref_cols)} column(s)")
            return
        ok = True
        for c, rc in zip(cols, ref_cols):
            if rc not in raw[ref_table].columns:
                self.problem(path, self._no_column(rc, ref_table, raw[ref_table]))
                ok = False
                continue
            child_col, parent_col = rt.columns.get(c), parent.columns.get(rc)
            if child_col is None or parent_col is None:
                ok = False
                continue
            if not child_col.has_data or not parent_col.has_data:
                # PostgreSQL allows both, but pgmock has no values of a computed column
                # to pick parents from or to fill in.
                which = f"{rt.key}.{c}" if not child_col.has_data else f"{ref_table}.{rc}"
                self.problem(path, f"{which} is a generated column; a foreign key cannot use it")
                ok = False
                continue
            if not _fk_types_compatible(child_col.type, parent_col.type):
                self.problem(
                    path,
                    f"type mismatch: {rt.key}.{c} is {child_col.type.display()} but "
                    f"{ref_table}.{rc} is {parent_col.type.display()}",
                )
                ok = False
        if not ok:
            return
        keys = [parent.primary_key, *parent.uniques]
        keys += [[c] for c, col in parent.columns.items() if col.unique_constraint]
        if not any(sorted(k) == sorted(ref_cols) for k in keys):
            self.problem(
                path,
                f"{ref_table}({', '.join(ref_cols)}) is not a primary key or unique; "
                "a foreign key must reference one",
            )
            return
        name = fk_name or truncate_identifier(f"{rt.name}_{'_'.join(cols)}_fkey")
        fk = RForeignKey(cols, ref_table, ref_cols, name, on_delete)
        rt.fks.append(fk)
        for c in cols:
            col = rt.columns[c]
            if col.fk is not None:
                self.problem(path, f"column {c} is already filled by another foreign key")
            col.fk = fk

    # -- children per parent --------------------------------------------------------------

    def _children_per_parent(
        self,
        tables: dict[str, RTable],
        raw: dict[str, model.Table],
        seed: int,
        overridden: set[str],
    ) -> None:
        """Row counts of ``{"per": parent}`` tables, parents first (chains allowed)."""
        pending: dict[str, model.PerParent] = {}
        for k in tables:
            spec = raw[k].rowCount
            if isinstance(spec, model.PerParent):
                pending[k] = spec
        while pending:
            ready = [k for k, spec in pending.items() if spec.per not in pending or spec.per == k]
            if not ready:
                for k in sorted(pending):
                    self.problem(
                        f"tables.{k}.rowCount.per",
                        "rowCount per-parent definitions form a cycle: "
                        + " -> ".join(sorted(pending)),
                    )
                return
            for key in sorted(ready):
                self._one_per_parent(key, pending.pop(key), tables, overridden)

    def _one_per_parent(
        self, key: str, spec: model.PerParent, tables: dict[str, RTable], overridden: set[str]
    ) -> None:
        path = f"tables.{key}.rowCount"
        table = tables[key]
        if key in overridden:
            self.problem(
                path,
                "--rows cannot set a table whose rowCount is per parent; "
                f"change the parent ({spec.per}) instead",
            )
            return
        if spec.per not in tables:
            close = difflib.get_close_matches(spec.per, list(tables), n=1)
            hint = f' — did you mean "{close[0]}"?' if close else ""
            self.problem(f"{path}.per", f'unknown table "{spec.per}"{hint}')
            return
        fk = next((f for f in table.fks if f.ref_table == spec.per), None)
        if fk is None or spec.per == key:
            self.problem(f"{path}.per", f'needs a foreign key from "{key}" to "{spec.per}"')
            return
        dist = None
        if spec.distribution is not None:
            dist = self._bind_distribution(f"{path}.distribution", spec.distribution)
            if dist is None:
                return
        import numpy as np

        from pgmock.generate.children import child_counts

        counts = child_counts(tables[spec.per].row_count, spec, dist, self.seed, key)
        table.per_parent = fk
        table.per_cumulative = np.cumsum(counts)
        table.row_count = int(counts.sum())

    # -- generators ----------------------------------------------------------------------

    def _generators(self, rt: RTable, raw: model.Table) -> None:
        for cname, col in rt.columns.items():
            path = f"tables.{rt.key}.columns.{cname}"
            spec = raw.columns[cname]
            if col.fk is not None:
                if spec.generator:
                    self.problem(
                        f"{path}.generator",
                        "foreign key columns take their values from the referenced table; "
                        "remove the generator",
                    )
                if spec.distribution is not None:
                    col.fk.distribution = self._parent_distribution(path, spec.distribution)
                if spec.maxDepth is not None:
                    self._tree(path, rt, col, spec.maxDepth)
                continue
            if col.is_serial or not col.has_data:
                continue
            if spec.after is not None:
                col.after = self._after(path, rt, col, spec)
                continue
            if spec.expr is not None:
                col.expr = self._expr(path, rt, col, spec)
                continue
            if spec.from_ is not None:
                col.copy_from = self._copy_from(path, rt, col, spec)
                continue
            choice = self._choose_generator(path, col, spec, rt)
            if choice is None:
                continue
            col.generator = choice
            if spec.distribution is not None:
                col.distribution = self._distribution(path, col, spec.distribution, choice)
            self._check_unique(path, rt, col, choice)
            if spec.cases is not None:
                self._cases(path, rt, col, spec.cases)
        self._check_composite_keys(rt)
        self._check_group_params(rt)

    def _after(self, path: str, rt: RTable, col: RColumn, spec: model.Column) -> AfterRef | None:
        """``after``: a parent's column through an FK, or an earlier column of this row."""
        apath = f"{path}.after"
        after = spec.after if isinstance(spec.after, model.AfterSpec) else None
        ref = after.column if after else str(spec.after)
        within_text = after.within if after else "30 days"
        if spec.generator:
            self.problem(f"{path}.generator", '"after" columns are computed; remove the generator')
        if col.type.name not in ("date", "timestamp", "timestamptz") or col.type.is_array:
            self.problem(apath, f"needs a date or timestamp column, not {col.type.display()}")
            return None
        try:
            within = interval_seconds(within_text)
        except ValueError as exc:
            self.problem(apath, str(exc))
            return None
        if within <= 0:
            self.problem(apath, '"within" must be a positive interval')
            return None
        names = list(rt.columns)
        table_key, dot, column = ref.rpartition(".")
        fk = None
        target: RColumn | None
        if dot:
            found = self._parent_column(apath, rt, col, table_key, column)
            if found is None:
                return None
            fk, target = found
        else:
            column = ref
            target = rt.columns.get(column)
            if target is not None and names.index(column) > names.index(col.name):
                self.problem(apath, f'"{column}" must be declared before {col.name}')
                return None
        if target is None:
            self.problem(apath, f'no column "{ref}"')
            return None
        if not target.has_data:
            self.problem(apath, _COMPUTED.format(ref))
            return None
        if target.type.name not in ("date", "timestamp", "timestamptz") or target.is_serial:
            self.problem(apath, f'"{ref}" is not a date or timestamp column')
            return None
        if target.fk is not None:
            self.problem(
                apath, f'"{ref}" is a foreign key column; refer to a column filled by a generator'
            )
            return None
        if target.generator is not None and getattr(
            target.generator.params, "infinity_ratio", None
        ):
            self.problem(apath, f'"{ref}" can be infinity, and nothing comes after infinity')
            return None
        return AfterRef(column, fk, within)

    def _tree(self, path: str, rt: RTable, col: RColumn, depth: int) -> None:
        """``maxDepth``: a self-reference laid out as a tree (roots have no parent)."""
        fk = col.fk
        assert fk is not None
        if fk.ref_table != rt.key:
            self.problem(f"{path}.maxDepth", "maxDepth needs a reference to the same table")
        elif not all(rt.columns[c].nullable for c in fk.columns):
            self.problem(
                f"{path}.maxDepth", "the roots of a tree have no parent: make the column nullable"
            )
        elif fk.distribution is not None:
            self.problem(
                f"{path}.maxDepth", "maxDepth and a parent distribution cannot be combined"
            )
        else:
            fk.max_depth = depth

    def _cases(self, path: str, rt: RTable, col: RColumn, spec: model.CasesSpec) -> None:
        """``cases``: per value of an earlier column, another generator, or NULL."""
        cpath = f"{path}.cases"
        names = list(rt.columns)
        on = rt.columns.get(spec.on)
        if on is None:
            self.problem(f"{cpath}.on", self._no_column_in(spec.on, rt))
            return
        if names.index(spec.on) > names.index(col.name):
            self.problem(f"{cpath}.on", f'"{spec.on}" must be declared before {col.name}')
            return
        if col.unique:
            self.problem(cpath, "a unique column cannot take its values from cases")
            return
        if not on.has_data:
            self.problem(f"{cpath}.on", _COMPUTED.format(spec.on))
            return
        if on.fk is not None or on.is_serial:
            self.problem(f"{cpath}.on", f'"{spec.on}" must be a column filled by a generator')
            return
        labels = on.type.user.labels if on.type.user and on.type.key == "enum" else None
        col.cases_on = spec.on
        for value, case in spec.values.items():
            vpath = f"{cpath}.values.{value}"
            if labels is not None and value not in labels:
                close = difflib.get_close_matches(value, list(labels), n=1)
                hint = f' — did you mean "{close[0]}"?' if close else ""
                self.problem(vpath, f'"{value}" is not a label of {on.type.display()}{hint}')
                continue
            if case is None:
                col.cases[value] = None
                continue
            variant = replace(
                col, cases={}, cases_on=None, distribution=None, null_ratio=case.nullRatio or 0.0
            )
            if case.nullRatio and not col.nullable:
                self.problem(f"{vpath}.nullRatio", "nullRatio needs a nullable column")
            as_column = model.Column(
                type=col.type.display(), generator=case.generator, params=case.params
            )
            choice = self._choose_generator(vpath, variant, as_column, rt)
            if choice is None:
                continue
            variant.generator = choice
            if case.distribution is not None:
                variant.distribution = self._distribution(vpath, variant, case.distribution, choice)
            col.cases[value] = variant
        if None in col.cases.values() and not col.nullable:
            self.problem(cpath, "a null case needs a nullable column")

    def _expr(self, path: str, rt: RTable, col: RColumn, spec: model.Column) -> Any:
        """``expr``: arithmetic over earlier generated numeric columns of the row."""
        epath = f"{path}.expr"
        if spec.generator:
            self.problem(f"{path}.generator", '"expr" columns are computed; remove the generator')
        if col.type.name not in NUMERIC_TYPES or col.type.is_array:
            self.problem(epath, f"needs a numeric column, not {col.type.display()}")
            return None
        try:
            tree = parse_expr(str(spec.expr))
        except ExprError as exc:
            self.problem(epath, str(exc))
            return None
        names = list(rt.columns)
        for name in columns_of(tree):
            other = rt.columns.get(name)
            if other is None:
                self.problem(epath, self._no_column_in(name, rt))
            elif names.index(name) > names.index(col.name):
                self.problem(epath, f'"{name}" must be declared before {col.name}')
            elif not other.has_data:
                self.problem(epath, _COMPUTED.format(name))
            elif other.type.name not in NUMERIC_TYPES or other.fk is not None:
                self.problem(epath, f'"{name}" is not a generated numeric column')
        return tree

    def _copy_from(
        self, path: str, rt: RTable, col: RColumn, spec: model.Column
    ) -> ParentRef | None:
        """``from``: the value of a parent's column, through the FK that picked the parent."""
        fpath = f"{path}.from"
        if spec.generator:
            self.problem(f"{path}.generator", '"from" columns are copied; remove the generator')
        table_key, dot, column = str(spec.from_).rpartition(".")
        fk = next((f for f in rt.fks if f.ref_table == table_key), None) if dot else None
        if fk is None:
            self.problem(
                fpath, f'write "parent_table.column" for a table {rt.key} has a foreign key to'
            )
            return None
        found = self._parent_column(fpath, rt, col, table_key, column)
        if found is None:
            return None
        fk, target = found
        if not target.has_data:
            self.problem(fpath, _COMPUTED.format(spec.from_))
            return None
        if target.fk is not None or target.is_serial:
            self.problem(fpath, f'"{spec.from_}" is not filled by a generator')
            return None
        if not _same_family(col.type, target.type) and not (
            col.type.name in NUMERIC_TYPES and target.type.name in NUMERIC_TYPES
        ):
            self.problem(fpath, f"{col.type.display()} cannot hold {target.type.display()}")
            return None
        return ParentRef(column, fk)

    def _parent_column(
        self, path: str, rt: RTable, col: RColumn, table_key: str, column: str
    ) -> tuple[RForeignKey, RColumn] | None:
        """The FK from ``rt`` to ``table_key`` (declared before ``col``) and its column."""
        fk = next((f for f in rt.fks if f.ref_table == table_key), None)
        if fk is None:
            self.problem(
                path, f'"{table_key}.{column}": {rt.key} has no foreign key to "{table_key}"'
            )
            return None
        names = list(rt.columns)
        if any(names.index(c) > names.index(col.name) for c in fk.columns):
            self.problem(
                path,
                f"declare the foreign key column(s) {', '.join(fk.columns)} before {col.name}",
            )
            return None
        target = self._tables[table_key].columns.get(column)
        if target is None:
            self.problem(path, self._no_column_in(column, self._tables[table_key]))
            return None
        return fk, target

    def _no_column_in(self, column: str, table: RTable) -> str:
        close = difflib.get_close_matches(column, list(table.columns), n=1)
        hint = f' — did you mean "{close[0]}"?' if close else ""
        return f'table "{table.key}" has no column "{column}"{hint}'

    def _lookup_distribution(self, dpath: str, name: str) -> Entry[type[Distribution]] | None:
        try:
            return self.registry.distributions.resolve(name)
        except LookupFailed as exc:
            self.problem(f"{dpath}.name", exc.message)
            return None

    def _bind_distribution(
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
            for p in pydantic_problems(self.file, exc, dpath, cls.Params):
                self.problem(p.path, f"{entry.qualified}: {p.message}")
            return None
        return DistributionChoice(cls, entry.qualified, bound)

    def _parent_distribution(
        self, path: str, spec: model.DistributionSpec
    ) -> DistributionChoice | None:
        """A distribution on an FK column skews which parents are picked (zipf …)."""
        dpath = f"{path}.distribution"
        entry = self._lookup_distribution(dpath, spec.name)
        if entry is None:
            return None
        if entry.obj.choose is Distribution.choose:
            self.problem(
                dpath,
                f"distribution {entry.qualified} cannot pick parent rows; use one that picks "
                "among categories (uniform, zipf, weighted, …)",
            )
            return None
        return self._bind_distribution(dpath, spec, entry)

    def _choose_generator(
        self, path: str, col: RColumn, spec: model.Column, table: RTable
    ) -> GeneratorChoice | None:
        gens = self.registry.generators
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
        if spec.generator:
            try:
                entry = gens.resolve(spec.generator)
            except LookupFailed as exc:
                self.problem(f"{path}.generator", exc.message)
                return None
            cls = entry.obj
            if not cls.accepts(col.type):
                accepted = ", ".join(sorted(cls.pg_types))
                self.problem(
                    f"{path}.generator",
                    f"generator {entry.qualified} cannot fill type {col.type.display()} "
                    f"(it fills: {accepted})",
                )
                return None
            inferred = False
        else:
            found = infer_generator(self.registry, col.name, col.type)
            if found is None:
                self.problem(
                    f"{path}.type",
                    f"no generator can fill type {col.type.display()}; "
                    'set "generator" (see: pgmock generators)',
                )
                return None
            entry = found
            cls, inferred = entry.obj, True
        try:
            params = cls.Params.model_validate(raw_params)
        except ValidationError as exc:
            for p in pydantic_problems(self.file, exc, f"{path}.params", cls.Params):
                self.problem(p.path, f"{entry.qualified}: {p.message}")
            return None
        fitted = self._domain_params(path, col, cls, params)
        if fitted is None:
            return None
        choice = GeneratorChoice(cls, entry.qualified, fitted, inferred)
        try:
            # Generators check what their parameters cannot (an email in varchar(8)).
            cls(fitted, column_info(col, 0, table))
        except ValueError as exc:
            self.problem(
                f"{path}.generator" if spec.generator else f"{path}.type",
                f"{entry.qualified}: {exc}",
            )
            return None
        return choice

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
            self.problem(
                f"{path}.params" if user else f"{path}.type",
                f"domain {domain.qualified} CHECK ({domain.check}): {exc}",
            )
            return None

    def _distribution(
        self, path: str, col: RColumn, spec: model.DistributionSpec, gen: GeneratorChoice
    ) -> DistributionChoice | None:
        dpath = f"{path}.distribution"
        entry = self._lookup_distribution(dpath, spec.name)
        if entry is None:
            return None
        if not gen.cls.supports_distribution:
            self.problem(dpath, f"generator {gen.qualified} does not take a distribution")
            return None
        cls = entry.obj
        raw_params = spec.params
        if col.type.name in TEMPORAL_TYPES:
            try:
                raw_params = convert_temporal_params(
                    raw_params, cls.location_params, cls.scale_params, col.type.name == "date"
                )
            except ValueError as exc:
                self.problem(dpath, str(exc))
                return None
        choice = self._bind_distribution(dpath, spec, entry, raw_params)
        if choice is not None and col.type.user is not None and col.type.user.kind == "enum":
            issue = cls(choice.params).validate_for(len(col.type.user.labels))
            if issue:
                self.problem(dpath, issue)
        return choice

    def _check_unique(self, path: str, rt: RTable, col: RColumn, gen: GeneratorChoice) -> None:
        if not col.unique:
            return
        if not gen.cls.supports_unique:
            self.problem(
                path,
                f"unique values requested but generator {gen.qualified} cannot guarantee "
                "them; choose a generator that supports unique values (pgmock generators)",
            )
            return
        try:
            # Unique suffixes widen with the row count: a column long enough for 1,000
            # unique user names can be too short for 1,000,000 (username in varchar(5)).
            instance = gen.cls(gen.params, column_info(col, rt.row_count, rt))
        except ValueError as exc:
            self.problem(path, f"{gen.qualified}: {rt.row_count:,} unique values: {exc}")
            return
        size = _domain_size(instance)
        if size is not None and size < rt.row_count:
            self.problem(
                path,
                f"{rt.row_count:,} unique values requested, but generator {gen.qualified} "
                f"can produce only {size:,} distinct values for {col.type.display()}",
            )

    def _check_group_params(self, rt: RTable) -> None:
        """Columns of one group must agree on what the group shares. A generator lists
        such params in ``group_params`` (faker's person columns: ``female_ratio`` decides
        which rows are women, for the gender column and the first-name column alike); the
        columns whose generators list the same ones and whose ``group`` param is equal
        form a group."""
        groups: dict[tuple[tuple[str, ...], Any], list[tuple[str, Params]]] = {}
        for cname, col in rt.columns.items():
            gen = col.generator
            shared = tuple(getattr(gen.cls, "group_params", ())) if gen is not None else ()
            if gen is None or not shared:
                continue
            key = (shared, getattr(gen.params, "group", None))
            groups.setdefault(key, []).append((cname, gen.params))
        for (shared, group), members in groups.items():
            first, first_params = members[0]
            for param in shared:
                want = getattr(first_params, param)
                for cname, params in members[1:]:
                    got = getattr(params, param)
                    if got != want:
                        self.problem(
                            f"tables.{rt.key}.columns.{cname}.params.{param}",
                            f"{param} is {got!r}{_default(params, param)} here but "
                            f"{want!r}{_default(first_params, param)} in column {first} of "
                            f"the same group {group!r}; give every column of the group the "
                            "same value",
                        )

    def _check_composite_keys(self, rt: RTable) -> None:
        """Composite keys get uniqueness from one of their generated columns."""
        for key_cols in [rt.primary_key, *rt.uniques]:
            if len(key_cols) < 2 or any(c not in rt.columns for c in key_cols):
                continue
            cols = [rt.columns[c] for c in key_cols]
            if any(c.unique or c.is_serial for c in cols):
                continue
            path = f"tables.{rt.key}"
            candidates = [
                c for c in cols if c.fk is None and c.generator and c.generator.cls.supports_unique
            ]
            if candidates:
                # Making one member unique makes the tuple unique, by construction.
                chosen = candidates[-1]
                chosen.unique = True
                gen = chosen.generator
                assert gen is not None
                size = domain_size(gen, chosen, rt.row_count)
                if size is not None and size < rt.row_count:
                    self.problem(
                        f"{path}.columns.{chosen.name}",
                        f"composite key ({', '.join(key_cols)}) needs {rt.row_count:,} distinct "
                        f"values of {chosen.name}, but {gen.qualified} has only {size:,}",
                    )
                continue
            if all(c.fk is not None for c in cols):
                continue  # FK-only keys draw distinct parent combinations (see engine)
            self.problem(
                path,
                f"cannot guarantee the composite key ({', '.join(key_cols)}) is unique: give "
                "one of its columns a generator that supports unique values",
            )

    # -- row counts ----------------------------------------------------------------------

    def _type_names(
        self, keys: list[str], user_types: dict[str, UserType], tables: dict[str, RTable]
    ) -> None:
        """Type names PostgreSQL would refuse (a table's row type, a multirange type)."""
        declared = [(k, user_types[k.lower()]) for k in keys if k.lower() in user_types]
        rows = [(t.key, t.schema, t.name) for t in tables.values()]
        for path, message in type_name_clashes(declared, rows):
            self.problem(path, message)

    def _row_counts(self, tables: dict[str, RTable]) -> None:
        for rt in tables.values():
            for col in rt.columns.values():
                if col.is_serial:
                    hi = INT_RANGES[col.type.name][1]
                    if rt.row_count > hi:
                        self.problem(
                            f"tables.{rt.key}.rowCount",
                            f"{rt.row_count:,} rows do not fit "
                            f"{'identity' if col.identity else 'serial'} column {col.name} "
                            f"({col.type.display()} stops at {hi:,})",
                        )
            for fk in rt.fks:
                parent = tables[fk.ref_table]
                nullable = all(rt.columns[c].nullable for c in fk.columns)
                if parent.row_count == 0 and rt.row_count > 0 and not nullable:
                    self.problem(
                        f"tables.{rt.key}.rowCount",
                        f"{rt.row_count:,} rows need parents in {fk.ref_table}, "
                        "which has rowCount 0",
                    )
            self._fk_only_keys(rt, tables)

    def _fk_only_keys(self, rt: RTable, tables: dict[str, RTable]) -> None:
        for key_cols in [rt.primary_key, *rt.uniques]:
            cols = [rt.columns.get(c) for c in key_cols]
            if len(key_cols) < 1 or any(c is None or c.fk is None for c in cols):
                continue
            fks = {id(c.fk): c.fk for c in cols if c is not None and c.fk is not None}
            combos = 1
            for fk in fks.values():
                combos *= tables[fk.ref_table].row_count
            if combos < rt.row_count:
                self.problem(
                    f"tables.{rt.key}.rowCount",
                    f"{rt.row_count:,} rows need distinct ({', '.join(key_cols)}), but the "
                    f"referenced tables allow only {combos:,} combinations",
                )


def column_info(col: RColumn, rows: int, table: RTable | None = None) -> ColumnInfo:
    """What a generator sees of a column, for checks made before generation."""
    return ColumnInfo(
        schema=table.schema if table else "public",
        table=table.name if table else "?",
        name=col.name,
        type=col.type,
        nullable=col.nullable,
        unique=col.unique,
        row_count=rows,
        locale=col.locale,
        schema_file=table.schema_file if table else None,
    )


def _schema_file(file: str) -> str | None:
    return None if file.startswith("template:") else file


def _default(params: Params, name: str) -> str:
    return "" if name in params.model_fields_set else " (the default)"


def domain_size(gen: GeneratorChoice, col: RColumn, rows: int) -> int | None:
    try:
        instance = gen.cls(gen.params, column_info(col, rows))
    except Exception:  # a generator that cannot be made here has no known bound
        return None
    return _domain_size(instance)


def _domain_size(instance: Generator) -> int | None:
    try:
        return instance.domain_size()
    except Exception:  # a generator that cannot tell has no known bound
        return None


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


def _same_family(a: PgType, b: PgType) -> bool:
    """Values of one can stand for the other: integers, strings, or one type."""
    if a.array_dims != b.array_dims:
        return False
    if a.name in INTEGER_TYPES and b.name in INTEGER_TYPES:
        return True
    if a.name in TEXT_TYPES and b.name in TEXT_TYPES:
        return True
    return a.name == b.name


def _fk_types_compatible(child: PgType, parent: PgType) -> bool:
    """Whether PostgreSQL accepts a foreign key from ``child`` to ``parent``."""
    return _same_family(child, parent) and (child.name, parent.name) not in _FK_REFUSED_STRINGS


def _sql_default(value: str | int | float | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _index_name(table: str, columns: list[str]) -> str:
    return truncate_identifier(f"{table}_{'_'.join(columns)}_idx")


def _needed_extensions(
    listed: list[str], tables: dict[str, RTable], user_types: dict[str, UserType]
) -> list[str]:
    """The schema's extensions plus those its column and user types need (citext): the
    database a dump comes from has them, so the dump creates them."""
    types = [c.type for t in tables.values() for c in t.columns.values()]
    for ut in user_types.values():
        types.extend(t for _, t in ut.attributes)
        if ut.base is not None:
            types.append(ut.base)
    needed = (EXTENSION_TYPES.get(t.name) for t in types)
    return list(dict.fromkeys([*listed, *(e for e in needed if e is not None)]))


__all__ = ["Resolver", "infer_generator", "quote_ident", "split_table_key"]
