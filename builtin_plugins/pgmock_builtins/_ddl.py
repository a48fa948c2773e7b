# pglast types every AST field as Optional; which ones a statement of a given kind has
# set is PostgreSQL's grammar, not something the types can say, so these two checks
# would ask for an assert on nearly every field read.
# mypy: disable-error-code="union-attr,arg-type,list-item"
"""DDL statements applied to a schema document (the work of the ``sql`` source).

Each statement of pglast's parse is applied in order to a :class:`State`; what the format
holds becomes tables, types and keys, what it carries verbatim becomes ``objects``, and
the rest is a note (session settings, ownership) or a problem with its file and line.
Imported only when a ``.sql`` file is read: it needs pglast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pglast import ast, enums, parse_sql
from pglast.parser import ParseError
from pglast.stream import RawStream

from pgmock_builtins._hints import parse_hint
from pgmock_builtins._row_counts import infer_row_counts
from pgmock_sdk import SchemaSourceError
from pgmock_sdk.sqlnames import quote_ident

DEFAULT_ROWS = 1000


@dataclass
class _Table:
    key: str
    spec: dict[str, Any]
    line: int
    path: str


@dataclass
class State:
    """The schema built so far, statement by statement, across files."""

    search_path: list[str] = field(default_factory=lambda: ["public"])
    extensions: list[str] = field(default_factory=list)
    types: dict[str, Any] = field(default_factory=dict)
    tables: dict[str, _Table] = field(default_factory=dict)
    objects: list[dict[str, Any]] = field(default_factory=list)
    object_names: dict[str, str] = field(default_factory=dict)  # schema.name -> kind
    sequences: dict[str, dict[str, Any]] = field(default_factory=dict)
    schema_comments: dict[str, str] = field(default_factory=dict)
    problems: list[tuple[str, int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


_C = enums.ConstrType
_AT = enums.AlterTableType
_OBJ = enums.ObjectType
_FK_ACTION = {
    "a": "no action",
    "r": "restrict",
    "c": "cascade",
    "n": "set null",
    "d": "set default",
}
_SERIALS = {"int2": "smallserial", "int4": "serial", "int8": "bigserial"}
_INT_NAMES = {
    "smallint": "int2",
    "int2": "int2",
    "integer": "int4",
    "int": "int4",
    "int4": "int4",
    "bigint": "int8",
    "int8": "int8",
}
_COLUMN_KEYS = {"generator", "nullRatio", "maxDepth", "locale", "from", "after", "expr"}


def deparse(node: Any) -> str:
    return str(RawStream()(node))


def _type_text(type_name: ast.TypeName) -> str:
    text = re.sub(r"\bpg_catalog\.", "", deparse(type_name))
    names = _names(type_name.names)
    if len(names) == 2 and names[0] == "public":
        # the format writes public's types bare (pg_dump's public.citext, public.mood)
        text = text.replace("public.", "", 1)
    return text


def _names(items: Any) -> list[str]:
    return [getattr(i, "sval", str(i)) for i in items or ()]


class _File:
    def __init__(self, state: State, text: str, path: str) -> None:
        self.state = state
        self.text = text
        self.path = path
        self.hints: dict[int, dict[str, Any]] = {}
        for n, line in enumerate(text.splitlines(), start=1):
            m = _HINT_RE.search(line)
            if m:
                self.hints[n] = parse_hint(m.group(1))
        self.lines = text.splitlines()

    # -- positions -------------------------------------------------------------------

    def line(self, offset: int | None) -> int:
        if offset is None or offset < 0:
            return 0
        # pglast gives locations in characters of the text
        return self.text.count("\n", 0, offset) + 1

    def source(self, stmt: ast.RawStmt) -> str:
        start = stmt.stmt_location or 0
        end = start + stmt.stmt_len if stmt.stmt_len else len(self.text)
        return self.text[start:end].strip() + ";"

    def hint_at(self, line: int, above: bool = True) -> dict[str, Any]:
        """The ``-- pgmock:`` hints on ``line`` and the comment-only lines above it."""
        out: dict[str, Any] = {}
        n = line - 1
        while above and n >= 1 and self.lines[n - 1].strip().startswith("--"):
            out.update(self.hints.get(n, {}))
            n -= 1
        out.update(self.hints.get(line, {}))
        return out

    def problem(self, line: int, message: str) -> None:
        self.state.problems.append((self.path, line, message))

    def note(self, line: int, message: str) -> None:
        self.state.notes.append(f"{self.path}:{line}: {message}")


_HINT_RE = re.compile(r"--\s*pgmock:\s*(.*)$")


def apply_file(state: State, text: str, path: str) -> None:
    try:
        stmts = parse_sql(text)
    except ParseError as exc:
        # pglast's ParseError carries the character offset of the error as args[1]
        loc = exc.args[1] if len(exc.args) > 1 and isinstance(exc.args[1], int) else None
        line = text.count("\n", 0, loc) + 1 if loc is not None else None
        raise SchemaSourceError(f"invalid SQL: {exc.args[0]}", line, path=path) from None
    f = _File(state, text, path)
    for stmt in stmts:
        line = f.line(stmt.stmt_location or 0)
        # stmt_location may point at comments before the statement: skip to the code
        body = f.source(stmt)
        skipped = len(body) - len(body.lstrip())
        line += body[:skipped].count("\n")
        handler = _HANDLERS.get(type(stmt.stmt).__name__)
        if handler is None:
            kind = type(stmt.stmt).__name__
            f.problem(line, f"{_describe(kind)} is not supported: {_first_words(body)}")
            continue
        try:
            handler(f, stmt.stmt, line, stmt)
        except _Refused as exc:
            f.problem(line, str(exc))


class _Refused(Exception):
    pass


def _describe(kind: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", " ", kind.removesuffix("Stmt")).upper() or kind


def _first_words(body: str) -> str:
    words = " ".join(body.split())
    return words if len(words) <= 60 else words[:57] + "…"


# ---------------------------------------------------------------------------- names


def _key(state: State, schema: str | None, name: str) -> str:
    """A table or type key as the format writes it: bare in public, else schema.name."""
    if schema is None:
        schema = _lookup_schema(state, name)
    return name if schema == "public" else f"{schema}.{name}"


def _lookup_schema(state: State, name: str) -> str:
    for schema in state.search_path:
        key = name if schema == "public" else f"{schema}.{name}"
        if key in state.tables or key in state.types or f"{schema}.{name}" in state.object_names:
            return schema
    return state.search_path[0] if state.search_path else "public"


def _rel_key(state: State, rv: ast.RangeVar) -> str:
    return _key(state, rv.schemaname, rv.relname)


def _table(f: _File, rv: ast.RangeVar) -> dict[str, Any]:
    key = _rel_key(f.state, rv)
    t = f.state.tables.get(key)
    if t is None:
        raise _Refused(f'table "{key}" is not created earlier in the files')
    return t.spec


def _search_path(state: State) -> str | None:
    if state.search_path == []:
        return None
    return ", ".join(quote_ident(s) for s in state.search_path)


# ---------------------------------------------------------------------------- columns


def _column_type(f: _File, col: ast.ColumnDef) -> str:
    text = _type_text(col.typeName)
    names = _names(col.typeName.names)
    if len(names) == 1 and names[0] not in ("serial", "bigserial", "smallserial"):
        # a user type found through the search_path
        schema = _lookup_schema(f.state, names[0])
        key = _key(f.state, schema, names[0])
        if key in f.state.types and key != names[0]:
            text = text.replace(names[0], key, 1)
    return text


def _column(f: _File, spec: dict[str, Any], col: ast.ColumnDef, line: int) -> None:
    cname = col.colname
    out: dict[str, Any] = {"type": _column_type(f, col)}
    for con in col.constraints or ():
        _column_constraint(f, spec, cname, out, con)
    if col.collClause is not None:
        f.problem(line, f"column {cname}: COLLATE on a column is not in pgmock's format")
    hints = f.hint_at(f.line(col.location), above=True)
    _apply_column_hints(out, hints)
    spec["columns"][cname] = out


def _apply_column_hints(out: dict[str, Any], hints: dict[str, Any]) -> None:
    for key, value in hints.items():
        if key == "unique":
            out["unique"] = bool(value)
        elif key == "null":
            out["nullRatio"] = value
        elif key in _COLUMN_KEYS:
            out[key] = value
        elif key == "distribution":
            out.setdefault("distribution", {})["name"] = value
        elif key.startswith("distribution."):
            out.setdefault("distribution", {})[key.split(".", 1)[1]] = value
        elif key == "rows":
            continue
        else:
            out.setdefault("params", {})[key.removeprefix("params.")] = value


def _column_constraint(
    f: _File, spec: dict[str, Any], cname: str, out: dict[str, Any], con: ast.Constraint
) -> None:
    t = con.contype
    if t == _C.CONSTR_NOTNULL:
        out["nullable"] = False
    elif t == _C.CONSTR_NULL:
        out["nullable"] = True
    elif t == _C.CONSTR_DEFAULT:
        out["default"] = deparse(con.raw_expr)
    elif t == _C.CONSTR_PRIMARY:
        if con.conname and con.conname != f"{spec['$name']}_pkey":
            spec["primaryKey"] = [cname]
            spec["primaryKeyName"] = con.conname
        else:
            out["primaryKey"] = True
    elif t == _C.CONSTR_UNIQUE:
        if con.conname or con.nulls_not_distinct:
            entry: dict[str, Any] = {"columns": [cname]}
            if con.conname:
                entry["name"] = con.conname
            if con.nulls_not_distinct:
                entry["nullsNotDistinct"] = True
            spec["unique"].append(entry)
        else:
            out["unique"] = True
    elif t == _C.CONSTR_CHECK:
        expr = _check_text(f, con)
        if con.conname:
            spec["checks"].append({"name": con.conname, "check": expr})
        else:
            out["check"] = expr
    elif t == _C.CONSTR_FOREIGN:
        spec["$fks"].append(_foreign_key(f, con, [cname]))
    elif t == _C.CONSTR_IDENTITY:
        out["identity"] = "always" if con.generated_when == "a" else "by default"
    elif t == _C.CONSTR_GENERATED:
        out["generated"] = deparse(con.raw_expr)
    elif t in (_C.CONSTR_ATTR_DEFERRABLE, _C.CONSTR_ATTR_DEFERRED):
        fks = spec["$fks"]
        if fks:
            fks[-1]["deferrable"] = True
            if t == _C.CONSTR_ATTR_DEFERRED:
                fks[-1]["initiallyDeferred"] = True
    elif t in (_C.CONSTR_ATTR_NOT_DEFERRABLE, _C.CONSTR_ATTR_IMMEDIATE):
        return
    else:
        raise _Refused(f"column {cname}: constraint {t.name} is not in pgmock's format")


_CHECK = re.compile(r"(?i)\bCHECK\s*\(")


def _check_text(f: _File, con: ast.Constraint) -> str:
    """A CHECK's expression as written: pglast's deparse of pg_dump's
    ``(ARRAY['a'::varchar, …])::text[]`` is another expression tree, which the server
    would store and print differently."""
    start = con.location if isinstance(con.location, int) and con.location >= 0 else None
    m = _CHECK.search(f.text, start) if start is not None else None
    if m is None or m.start() - start > 200:  # type: ignore[operator]
        return deparse(con.raw_expr)
    depth, quote, i = 1, "", m.end()
    while i < len(f.text):
        ch = f.text[i]
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return " ".join(f.text[m.end() : i].split())
        i += 1
    return deparse(con.raw_expr)


def _foreign_key(f: _File, con: ast.Constraint, columns: list[str]) -> dict[str, Any]:
    fk: dict[str, Any] = {
        "columns": columns,
        "references": {
            "table": _rel_key(f.state, con.pktable),
            "columns": _names(con.pk_attrs) or None,
        },
    }
    if con.conname:
        fk["name"] = con.conname
    if con.fk_del_action and con.fk_del_action != "a":
        fk["onDelete"] = _FK_ACTION[con.fk_del_action]
    if con.fk_upd_action and con.fk_upd_action != "a":
        fk["onUpdate"] = _FK_ACTION[con.fk_upd_action]
    if con.fk_del_set_cols:
        fk["onDeleteColumns"] = _names(con.fk_del_set_cols)
    if con.fk_matchtype == "f":
        fk["match"] = "full"
    if con.deferrable:
        fk["deferrable"] = True
    if con.initdeferred:
        fk["initiallyDeferred"] = True
    if con.skip_validation:
        f.note(
            f.line(con.location),
            f"foreign key {con.conname or columns}: NOT VALID is dropped (the data holds)",
        )
    return fk


def _table_constraint(f: _File, spec: dict[str, Any], con: ast.Constraint) -> None:
    t = con.contype
    keys = _names(con.keys)
    if con.indexname:
        raise _Refused("a constraint USING INDEX is not in pgmock's format")
    if t == _C.CONSTR_PRIMARY:
        spec["primaryKey"] = keys
        if con.conname:
            spec["primaryKeyName"] = con.conname
        for c in keys:
            spec["columns"].get(c, {}).pop("primaryKey", None)
    elif t == _C.CONSTR_UNIQUE:
        if con.conname or con.nulls_not_distinct:
            entry: dict[str, Any] = {"columns": keys}
            if con.conname:
                entry["name"] = con.conname
            if con.nulls_not_distinct:
                entry["nullsNotDistinct"] = True
            spec["unique"].append(entry)
        else:
            spec["unique"].append(keys)
    elif t == _C.CONSTR_CHECK:
        expr = _check_text(f, con)
        spec["checks"].append({"name": con.conname, "check": expr} if con.conname else expr)
    elif t == _C.CONSTR_FOREIGN:
        spec["$fks"].append(_foreign_key(f, con, _names(con.fk_attrs)))
    elif t == _C.CONSTR_EXCLUSION:
        raise _Refused("EXCLUDE constraints are not in pgmock's format")
    else:
        raise _Refused(f"constraint {t.name} is not in pgmock's format")


# ---------------------------------------------------------------------------- statements


def _new_table(f: _File, key: str, name: str, line: int) -> dict[str, Any]:
    hints = f.hint_at(line)
    spec: dict[str, Any] = {
        "$name": name,
        "rowCount": hints.get("rows", DEFAULT_ROWS),
        "$rows": "rows" in hints,
        "columns": {},
        "unique": [],
        "checks": [],
        "$fks": [],
        "indexes": [],
    }
    for unknown in sorted(set(hints) - {"rows"}):
        f.problem(line, f"table {key}: hint {unknown!r} is not a table's; a table takes rows=N")
    return spec


def _create_table(f: _File, stmt: ast.CreateStmt, line: int, raw: ast.RawStmt) -> None:
    state = f.state
    rv = stmt.relation
    schema = rv.schemaname or (state.search_path[0] if state.search_path else "public")
    key = _key(state, schema, rv.relname)
    if key in state.tables:
        if stmt.if_not_exists:
            f.note(line, f"CREATE TABLE IF NOT EXISTS {key}: exists already, skipped")
            return
        raise _Refused(f'table "{key}" is created twice')
    if rv.relpersistence == "t":
        raise _Refused("temporary tables are not part of a dump")
    if stmt.partbound is not None:
        parents = stmt.inhRelations or ()
        parent = _table(f, parents[0])
        if stmt.tableElts:
            raise _Refused("a partition with columns or constraints of its own is not supported")
        bound = deparse(stmt.partbound)
        pname = rv.relname if schema == _schema_of(parent, state) else f"{schema}.{rv.relname}"
        parent.setdefault("partitions", {})[pname] = bound
        state.object_names[f"{schema}.{rv.relname}"] = "partition"
        return
    if stmt.inhRelations:
        raise _Refused("INHERITS (table inheritance) is not in pgmock's format")
    if stmt.ofTypename is not None:
        raise _Refused("typed tables (CREATE TABLE … OF type) are not in pgmock's format")
    spec = _new_table(f, key, rv.relname, line)
    spec["$schema"] = schema
    for elt in stmt.tableElts or ():
        if isinstance(elt, ast.ColumnDef):
            _column(f, spec, elt, line)
        elif isinstance(elt, ast.Constraint):
            _table_constraint(f, spec, elt)
        elif isinstance(elt, ast.TableLikeClause):
            _like(f, spec, elt)
        else:
            raise _Refused(f"{type(elt).__name__} in CREATE TABLE is not supported")
    if stmt.partspec is not None:
        spec["partitionBy"] = _partition_by(stmt.partspec)
        spec["$partkey"] = [el.name for el in stmt.partspec.partParams]
    if stmt.options:
        f.note(line, f"table {key}: storage parameters WITH (…) are not carried")
    state.tables[key] = _Table(key, spec, line, f.path)


def _schema_of(spec: dict[str, Any], state: State) -> str:
    return str(spec.get("$schema", "public"))


def _like(f: _File, spec: dict[str, Any], like: ast.TableLikeClause) -> None:
    source = _table(f, like.relation)
    opts = like.options or 0
    including_all = (
        opts & 0x7FFFFFFF == 0x7FFFFFFF or opts == enums.TableLikeOption.CREATE_TABLE_LIKE_ALL
    )
    for cname, col in source["columns"].items():
        copy = {"type": col["type"]}
        if col.get("nullable") is False or col.get("primaryKey"):
            copy["nullable"] = False
        if "default" in col and (opts & enums.TableLikeOption.CREATE_TABLE_LIKE_DEFAULTS):
            copy["default"] = col["default"]
        if "check" in col and (opts & enums.TableLikeOption.CREATE_TABLE_LIKE_CONSTRAINTS):
            copy["check"] = col["check"]
        if "comment" in col and (opts & enums.TableLikeOption.CREATE_TABLE_LIKE_COMMENTS):
            copy["comment"] = col["comment"]
        if copy["type"] in ("serial", "bigserial", "smallserial"):
            copy["type"] = {"serial": "integer", "bigserial": "bigint", "smallserial": "smallint"}[
                copy["type"]
            ]
            copy["nullable"] = False
        spec["columns"][cname] = copy
    if including_all or opts & enums.TableLikeOption.CREATE_TABLE_LIKE_INDEXES:
        raise _Refused("LIKE … INCLUDING INDEXES is not supported; list the keys instead")


def _partition_by(ps: ast.PartitionSpec) -> str:
    strategy = {"r": "RANGE", "l": "LIST", "h": "HASH"}[str(ps.strategy.value)]
    parts = []
    for el in ps.partParams:
        text = quote_ident(el.name) if el.name else f"({deparse(el.expr)})"
        if el.collation:
            text += " COLLATE " + ".".join(quote_ident(n) for n in _names(el.collation))
        if el.opclass:
            text += " " + ".".join(_names(el.opclass))
        parts.append(text)
    return f"{strategy} ({', '.join(parts)})"


def _alter_table(f: _File, stmt: ast.AlterTableStmt, line: int, raw: ast.RawStmt) -> None:
    if stmt.objtype not in (_OBJ.OBJECT_TABLE, _OBJ.OBJECT_FOREIGN_TABLE):
        kind = str(stmt.objtype.name).removeprefix("OBJECT_").lower()
        if all(c.subtype == _AT.AT_ChangeOwner for c in stmt.cmds):
            f.note(line, f"ALTER {kind} … OWNER TO: ownership is database.owner in a dump")
            return
        raise _Refused(f"ALTER {kind.upper()} is not supported")
    key = _rel_key(f.state, stmt.relation)
    qualified = f"{_schema_for(f, stmt.relation)}.{stmt.relation.relname}"
    if qualified in f.state.sequences and all(c.subtype == _AT.AT_ChangeOwner for c in stmt.cmds):
        # pg_dump -s writes "ALTER TABLE seq OWNER TO" for every sequence.
        f.note(line, "ALTER TABLE … OWNER TO on a sequence: ownership is database.owner in a dump")
        return
    if key not in f.state.tables and qualified in f.state.object_names:
        _carry_alter(f, stmt, line, raw)
        return
    spec = _table(f, stmt.relation)
    for cmd in stmt.cmds:
        t = cmd.subtype
        if t == _AT.AT_AddConstraint:
            _table_constraint(f, spec, cmd.def_)
        elif t == _AT.AT_AddColumn:
            _column(f, spec, cmd.def_, line)
        elif t == _AT.AT_ColumnDefault:
            col = _col(spec, cmd.name)
            if cmd.def_ is None:
                col.pop("default", None)
            else:
                col["default"] = deparse(cmd.def_)
        elif t == _AT.AT_SetNotNull:
            _col(spec, cmd.name)["nullable"] = False
        elif t == _AT.AT_DropNotNull:
            _col(spec, cmd.name)["nullable"] = True
        elif t == _AT.AT_DropColumn:
            if spec["columns"].pop(cmd.name, None) is None and not cmd.missing_ok:
                raise _Refused(f'table "{key}" has no column "{cmd.name}"')
        elif t == _AT.AT_AlterColumnType:
            _col(spec, cmd.name)["type"] = _type_text(cmd.def_.typeName)
        elif t == _AT.AT_AddIdentity:
            con = cmd.def_
            _col(spec, cmd.name)["identity"] = (
                "always" if con.generated_when == "a" else ("by default")
            )
            _col(spec, cmd.name)["nullable"] = False
        elif t == _AT.AT_DropConstraint:
            _drop_constraint(spec, cmd.name)
        elif t == _AT.AT_AttachPartition:
            part = cmd.def_
            pschema = _schema_for(f, part.name)
            pkey = _key(f.state, pschema, part.name.relname)
            child = f.state.tables.pop(pkey, None)
            if child is None:
                raise _Refused(f'partition "{pkey}" is not created earlier')
            name = pkey if pschema != _schema_of(spec, f.state) else part.name.relname
            spec.setdefault("partitions", {})[name] = deparse(part.bound)
            f.state.object_names[f"{pschema}.{part.name.relname}"] = "partition"
        elif t in (_AT.AT_EnableRowSecurity, _AT.AT_ForceRowSecurity):
            what = "ENABLE" if t == _AT.AT_EnableRowSecurity else "FORCE"
            q = _qualified_rel(f, stmt.relation)
            _add_object(
                f,
                "row security",
                _schema_for(f, stmt.relation),
                stmt.relation.relname,
                f"ALTER TABLE {q} {what} ROW LEVEL SECURITY;",
                table=key,
            )
        elif t == _AT.AT_ChangeOwner:
            f.note(line, "OWNER TO: ownership is database.owner in a dump")
        elif t in (_AT.AT_SetStatistics, _AT.AT_SetStorage, _AT.AT_ClusterOn):
            f.note(line, f"{t.name.removeprefix('AT_')}: a storage setting, not carried")
        else:
            raise _Refused(f"ALTER TABLE {t.name.removeprefix('AT_')} is not supported")


def _drop_constraint(spec: dict[str, Any], name: str) -> None:
    spec["$fks"] = [fk for fk in spec["$fks"] if fk.get("name") != name]
    spec["checks"] = [c for c in spec["checks"] if not (isinstance(c, dict) and c["name"] == name)]
    spec["unique"] = [
        u for u in spec["unique"] if not (isinstance(u, dict) and u.get("name") == name)
    ]
    if spec.get("primaryKeyName") == name:
        spec.pop("primaryKey", None)
        spec.pop("primaryKeyName", None)


def _col(spec: dict[str, Any], name: str) -> dict[str, Any]:
    col = spec["columns"].get(name)
    if col is None:
        raise _Refused(f'table "{spec["$name"]}" has no column "{name}"')
    return col


def _schema_for(f: _File, rv: ast.RangeVar) -> str:
    return rv.schemaname or _lookup_schema(f.state, rv.relname)


def _qualified_rel(f: _File, rv: ast.RangeVar) -> str:
    return f"{quote_ident(_schema_for(f, rv))}.{quote_ident(rv.relname)}"


def _carry_alter(f: _File, stmt: ast.AlterTableStmt, line: int, raw: ast.RawStmt) -> None:
    raise _Refused("ALTER TABLE on a view or materialized view is not supported")


def _create_index(f: _File, stmt: ast.IndexStmt, line: int, raw: ast.RawStmt) -> None:
    rv = stmt.relation
    key = _rel_key(f.state, rv)
    if key not in f.state.tables:
        schema = _schema_for(f, rv)
        if f"{schema}.{rv.relname}" in f.state.object_names:
            name = stmt.idxname or f"{rv.relname}_idx"
            _add_object(
                f,
                "index",
                schema,
                name,
                f.source(raw),
                table=f"{schema}.{rv.relname}",
                deps=[f"{schema}.{rv.relname}"],
            )
            return
        raise _Refused(f'table "{key}" is not created earlier in the files')
    spec = f.state.tables[key].spec
    if stmt.excludeOpNames:
        raise _Refused("exclusion indexes are not in pgmock's format")
    index: dict[str, Any] = {"columns": []}
    texts = _element_texts(f.source(raw), len(stmt.indexParams))
    for n, el in enumerate(stmt.indexParams):
        index["columns"].append(_index_element(el, texts[n] if texts else None))
    if stmt.idxname:
        index["name"] = stmt.idxname
    if stmt.unique:
        index["unique"] = True
    if stmt.accessMethod and stmt.accessMethod != "btree":
        index["method"] = stmt.accessMethod
    if stmt.indexIncludingParams:
        index["include"] = [el.name for el in stmt.indexIncludingParams]
    if stmt.whereClause is not None:
        where = re.search(r"(?is)\bWHERE\b(.*);$", f.source(raw))
        index["where"] = where.group(1).strip() if where else deparse(stmt.whereClause)
    if stmt.nulls_not_distinct:
        index["nullsNotDistinct"] = True
    if stmt.options:
        index["params"] = ", ".join(deparse(o) for o in stmt.options)
    if stmt.concurrent:
        f.note(line, "CREATE INDEX CONCURRENTLY: built like any index in a dump")
    spec["indexes"].append(index)


def _element_texts(sql: str, count: int) -> list[str] | None:
    """The source text of each element of CREATE INDEX's list, as written: pglast's
    deparse is not always what the server stores (``x AT TIME ZONE 'UTC'`` comes back as
    ``timezone('UTC', x)``, which the server keeps as a plain call)."""
    m = re.search(r"(?is)\bON\b\s+(?:ONLY\s+)?[^(]*?(?:\bUSING\s+\w+\s*)?\(", sql)
    if m is None:
        return None
    depth, start, parts, quote = 1, m.end(), [], ""
    i = start
    while i < len(sql) and depth:
        ch = sql[i]
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                parts.append(sql[start:i])
        elif ch == "," and depth == 1:
            parts.append(sql[start:i])
            start = i + 1
        i += 1
    parts = [p.strip() for p in parts]
    return parts if len(parts) == count else None


_ELEMENT_TAIL = re.compile(
    r"(?is)(\s+COLLATE\s+\S+)?(\s+[\w.]+_ops)?(\s+(ASC|DESC))?(\s+NULLS\s+(FIRST|LAST))?$"
)


def _index_element(el: ast.IndexElem, text: str | None = None) -> str | dict[str, Any]:
    out: dict[str, Any] = {}
    if el.name:
        out["column"] = el.name
    else:
        expr = deparse(el.expr)
        if text is not None:
            raw = _ELEMENT_TAIL.sub("", text).strip()
            expr = raw if raw else expr
        out["expression"] = expr
    if el.opclass:
        out["opclass"] = ".".join(_names(el.opclass))
    if el.collation:
        out["collation"] = ".".join(quote_ident(n) for n in _names(el.collation))
    if el.ordering == enums.SortByDir.SORTBY_DESC:
        out["order"] = "desc"
    if el.nulls_ordering == enums.SortByNulls.SORTBY_NULLS_FIRST:
        out["nulls"] = "first"
    elif el.nulls_ordering == enums.SortByNulls.SORTBY_NULLS_LAST:
        out["nulls"] = "last"
    return out["column"] if list(out) == ["column"] else out


def _comment(f: _File, stmt: ast.CommentStmt, line: int, raw: ast.RawStmt) -> None:
    t = stmt.objtype
    text = stmt.comment
    obj = stmt.object
    if t in (_OBJ.OBJECT_TABLE, _OBJ.OBJECT_COLUMN, _OBJ.OBJECT_INDEX):
        names = _names(obj)
        if t == _OBJ.OBJECT_COLUMN:
            *rel, column = names
        else:
            rel, column = names, None
        schema = rel[0] if len(rel) == 2 else None
        name = rel[-1]
        if t == _OBJ.OBJECT_INDEX:
            _comment_index(f, schema, name, text)
            return
        key = _key(f.state, schema, name)
        if key not in f.state.tables:
            _comment_partition(f, schema, name, text)
            return
        spec = f.state.tables[key].spec
        target = spec if column is None else _col(spec, column)
        _set_comment(target, text)
        return
    if t == _OBJ.OBJECT_SCHEMA:
        f.state.schema_comments[str(getattr(obj, "sval", obj))] = text or ""
        return
    if t in (
        _OBJ.OBJECT_VIEW,
        _OBJ.OBJECT_MATVIEW,
        _OBJ.OBJECT_FUNCTION,
        _OBJ.OBJECT_PROCEDURE,
        _OBJ.OBJECT_AGGREGATE,
        _OBJ.OBJECT_TRIGGER,
        _OBJ.OBJECT_POLICY,
        _OBJ.OBJECT_RULE,
    ):
        target_obj = _find_object(f, t, obj)
        if target_obj is None:
            raise _Refused("COMMENT ON an object not created earlier in the files")
        _set_comment(target_obj, text)
        return
    if t == _OBJ.OBJECT_EXTENSION:
        f.note(line, "COMMENT ON EXTENSION: the dump writes the extension's own comment")
        return
    raise _Refused(f"COMMENT ON {t.name.removeprefix('OBJECT_')} is not in pgmock's format")


def _set_comment(target: dict[str, Any], text: str | None) -> None:
    if text is None:
        target.pop("comment", None)
    else:
        target["comment"] = text


def _comment_index(f: _File, schema: str | None, name: str, text: str | None) -> None:
    for t in f.state.tables.values():
        for ix in t.spec["indexes"]:
            if ix.get("name") == name:
                _set_comment(ix, text)
                return
    for obj in f.state.objects:
        if obj["kind"] == "index" and obj["name"].rpartition(".")[2] == name:
            _set_comment(obj, text)
            return
    raise _Refused(f'COMMENT ON INDEX: index "{name}" is not created earlier')


def _comment_partition(f: _File, schema: str | None, name: str, text: str | None) -> None:
    for t in f.state.tables.values():
        parts = t.spec.get("partitions", {})
        for pname, bound in parts.items():
            if pname.rpartition(".")[2] == name:
                entry = bound if isinstance(bound, dict) else {"bound": bound}
                _set_comment(entry, text)
                parts[pname] = entry
                return
    raise _Refused(f'COMMENT ON TABLE: table "{name}" is not created earlier')


def _find_object(f: _File, t: Any, obj: Any) -> dict[str, Any] | None:
    kind = {
        _OBJ.OBJECT_VIEW: "view",
        _OBJ.OBJECT_MATVIEW: "materialized view",
        _OBJ.OBJECT_FUNCTION: "function",
        _OBJ.OBJECT_PROCEDURE: "procedure",
        _OBJ.OBJECT_AGGREGATE: "aggregate",
        _OBJ.OBJECT_TRIGGER: "trigger",
        _OBJ.OBJECT_POLICY: "policy",
        _OBJ.OBJECT_RULE: "rule",
    }[t]
    names = _names(obj.objname) if isinstance(obj, ast.ObjectWithArgs) else _names(obj)
    bare = names[-1]
    schema = names[0] if len(names) > 1 and kind not in ("trigger", "policy", "rule") else None
    for o in reversed(f.state.objects):
        oschema, _, oname = o["name"].partition("(")[0].rpartition(".")
        if o["kind"] == kind and oname == bare and (schema is None or oschema == schema):
            return o
    return None


def _add_object(
    f: _File,
    kind: str,
    schema: str,
    name: str,
    sql: str,
    *,
    table: str | None = None,
    deps: list[str] | None = None,
    populated: bool = True,
) -> dict[str, Any]:
    obj: dict[str, Any] = {"kind": kind, "name": f"{schema}.{name}", "sql": sql}
    if table is not None:
        obj["table"] = table
    if deps:
        seen = []
        for d in deps:
            if d not in seen and d != f"{schema}.{name.partition('(')[0]}":
                seen.append(d)
        obj["dependsOn"] = seen
    path = _search_path(f.state)
    if path is not None:
        obj["searchPath"] = path
    if kind == "materialized view" and not populated:
        obj["populated"] = False
    f.state.objects.append(obj)
    if kind not in ("trigger", "rule", "policy", "row security", "acl"):
        f.state.object_names[f"{schema}.{name.partition('(')[0]}"] = kind
    return obj


def _relations_used(f: _File, node: Any) -> list[str]:
    """Tables, views and functions of the schema that a query names (for dependsOn)."""
    found: list[str] = []
    ctes: set[str] = set()

    def visit(n: Any) -> None:
        if isinstance(n, ast.CommonTableExpr):
            ctes.add(n.ctename)
        if isinstance(n, ast.RangeVar) and not (n.schemaname is None and n.relname in ctes):
            found.append(_known(f, n.schemaname, n.relname))
        elif isinstance(n, ast.FuncCall):
            names = _names(n.funcname)
            found.append(_known(f, names[0] if len(names) > 1 else None, names[-1]))
        elif isinstance(n, ast.TypeName):
            names = _names(n.names)
            found.append(_known(f, names[0] if len(names) > 1 else None, names[-1]))
        if isinstance(n, ast.Node):
            for slot in getattr(n, "__slots__", ()):
                visit(getattr(n, slot, None))
        elif isinstance(n, (list, tuple)):
            for item in n:
                visit(item)

    visit(node)
    return [x for x in dict.fromkeys(found) if x]


def _known(f: _File, schema: str | None, name: str) -> str:
    schemas = [schema] if schema else f.state.search_path
    for s in schemas:
        key = name if s == "public" else f"{s}.{name}"
        if key in f.state.tables or key in f.state.types:
            return key
        if f"{s}.{name}" in f.state.object_names:
            return f"{s}.{name}"
    return ""


def _function(f: _File, stmt: ast.CreateFunctionStmt, line: int, raw: ast.RawStmt) -> None:
    names = _names(stmt.funcname)
    schema = names[0] if len(names) > 1 else (f.state.search_path or ["public"])[0]
    args = []
    for p in stmt.parameters or ():
        if p.mode in (
            enums.FunctionParameterMode.FUNC_PARAM_OUT,
            enums.FunctionParameterMode.FUNC_PARAM_TABLE,
        ):
            continue
        args.append(_type_text(p.argType))
    kind = "procedure" if stmt.is_procedure else "function"
    deps = _relations_used(f, [p.argType for p in stmt.parameters or ()] + [stmt.returnType])
    _add_object(f, kind, schema, f"{names[-1]}({', '.join(args)})", f.source(raw), deps=deps)


def _define(f: _File, stmt: ast.DefineStmt, line: int, raw: ast.RawStmt) -> None:
    if stmt.kind != _OBJ.OBJECT_AGGREGATE:
        raise _Refused(f"CREATE {stmt.kind.name.removeprefix('OBJECT_')} is not supported")
    names = _names(stmt.defnames)
    schema = names[0] if len(names) > 1 else (f.state.search_path or ["public"])[0]
    arglist = stmt.args[0] if stmt.args else ()
    args = [
        _type_text(a.argType) if isinstance(a, ast.FunctionParameter) else _type_text(a)
        for a in arglist or ()
    ]
    deps = []
    for d in stmt.definition or ():
        if d.defname in ("sfunc", "finalfunc", "combinefunc") and d.arg is not None:
            fn = _names(getattr(d.arg, "names", None)) or [deparse(d.arg)]
            deps.append(_known(f, fn[0] if len(fn) > 1 else None, fn[-1]))
    _add_object(
        f,
        "aggregate",
        schema,
        f"{names[-1]}({', '.join(args) or '*'})",
        f.source(raw),
        deps=[d for d in deps if d],
    )


def _view(f: _File, stmt: ast.ViewStmt, line: int, raw: ast.RawStmt) -> None:
    rv = stmt.view
    schema = rv.schemaname or (f.state.search_path or ["public"])[0]
    _add_object(f, "view", schema, rv.relname, f.source(raw), deps=_relations_used(f, stmt.query))


def _create_table_as(f: _File, stmt: ast.CreateTableAsStmt, line: int, raw: ast.RawStmt) -> None:
    if stmt.objtype != _OBJ.OBJECT_MATVIEW:
        raise _Refused("CREATE TABLE … AS: a table's rows come from pgmock; declare its columns")
    rv = stmt.into.rel
    schema = rv.schemaname or (f.state.search_path or ["public"])[0]
    _add_object(
        f,
        "materialized view",
        schema,
        rv.relname,
        f.source(raw),
        deps=_relations_used(f, stmt.query),
        populated=not stmt.into.skipData,
    )


def _on_relation(f: _File, rv: ast.RangeVar) -> tuple[str, str]:
    key = _rel_key(f.state, rv)
    schema = _schema_for(f, rv)
    if key in f.state.tables:
        return key, key
    if f"{schema}.{rv.relname}" in f.state.object_names:
        return f"{schema}.{rv.relname}", f"{schema}.{rv.relname}"
    raise _Refused(f'table "{key}" is not created earlier in the files')


def _trigger(f: _File, stmt: ast.CreateTrigStmt, line: int, raw: ast.RawStmt) -> None:
    table, dep = _on_relation(f, stmt.relation)
    fn = _names(stmt.funcname)
    deps = [dep, _known(f, fn[0] if len(fn) > 1 else None, fn[-1])]
    if stmt.isconstraint:
        raise _Refused("constraint triggers are not supported")
    _add_object(
        f,
        "trigger",
        _schema_for(f, stmt.relation),
        stmt.trigname,
        f.source(raw),
        table=table,
        deps=[d for d in deps if d],
    )


def _rule(f: _File, stmt: ast.RuleStmt, line: int, raw: ast.RawStmt) -> None:
    table, dep = _on_relation(f, stmt.relation)
    _add_object(
        f,
        "rule",
        _schema_for(f, stmt.relation),
        stmt.rulename,
        f.source(raw),
        table=table,
        deps=[dep, *_relations_used(f, stmt.actions)],
    )


def _policy(f: _File, stmt: ast.CreatePolicyStmt, line: int, raw: ast.RawStmt) -> None:
    table, dep = _on_relation(f, stmt.table)
    _add_object(
        f,
        "policy",
        _schema_for(f, stmt.table),
        stmt.policy_name,
        f.source(raw),
        table=table,
        deps=[dep],
    )


def _grant(f: _File, stmt: ast.GrantStmt, line: int, raw: ast.RawStmt) -> None:
    if stmt.targtype != enums.GrantTargetType.ACL_TARGET_OBJECT or stmt.objtype not in (
        _OBJ.OBJECT_TABLE,
        _OBJ.OBJECT_SEQUENCE,
        _OBJ.OBJECT_FUNCTION,
        _OBJ.OBJECT_SCHEMA,
    ):
        raise _Refused("only GRANT/REVOKE on tables, sequences, functions and schemas is carried")
    deps = []
    for o in stmt.objects or ():
        if isinstance(o, ast.RangeVar):
            deps.append(_known(f, o.schemaname, o.relname))
        elif isinstance(o, ast.ObjectWithArgs):
            n = _names(o.objname)
            deps.append(_known(f, n[0] if len(n) > 1 else None, n[-1]))
    kind = stmt.objtype.name.removeprefix("OBJECT_")
    target = ", ".join(d or "?" for d in deps)
    f.note(line, "GRANT/REVOKE is carried: the roles it names must exist where it is restored")
    _add_object(f, "acl", "public", f"{kind} {target}", f.source(raw), deps=[d for d in deps if d])


def _enum(f: _File, stmt: ast.CreateEnumStmt, line: int, raw: ast.RawStmt) -> None:
    names = _names(stmt.typeName)
    key = _type_key(f, names)
    f.state.types[key] = {"enum": _names(stmt.vals)}


def _type_key(f: _File, names: list[str]) -> str:
    schema = names[0] if len(names) > 1 else (f.state.search_path or ["public"])[0]
    return _key(f.state, schema, names[-1])


def _composite(f: _File, stmt: ast.CompositeTypeStmt, line: int, raw: ast.RawStmt) -> None:
    rv = stmt.typevar
    key = _type_key(f, [rv.schemaname, rv.relname] if rv.schemaname else [rv.relname])
    f.state.types[key] = {
        "composite": {c.colname: _column_type(f, c) for c in stmt.coldeflist or ()}
    }


def _domain(f: _File, stmt: ast.CreateDomainStmt, line: int, raw: ast.RawStmt) -> None:
    key = _type_key(f, _names(stmt.domainname))
    spec: dict[str, Any] = {"domain": _type_text(stmt.typeName)}
    for con in stmt.constraints or ():
        if con.contype == _C.CONSTR_CHECK:
            if "check" in spec:
                raise _Refused("a domain with several CHECKs is not in pgmock's format")
            spec["check"] = _check_text(f, con)
            default = f"{key.rpartition('.')[2]}_check"
            if con.conname and con.conname != default:
                f.note(line, f"domain {key}: CHECK name {con.conname} becomes {default}")
        elif con.contype == _C.CONSTR_NOTNULL:
            spec["notNull"] = True
        elif con.contype == _C.CONSTR_DEFAULT:
            raise _Refused("a domain DEFAULT is not in pgmock's format")
        elif con.contype != _C.CONSTR_NULL:
            raise _Refused(f"domain constraint {con.contype.name} is not supported")
    f.state.types[key] = spec


def _range(f: _File, stmt: ast.CreateRangeStmt, line: int, raw: ast.RawStmt) -> None:
    key = _type_key(f, _names(stmt.typeName))
    subtype = None
    for d in stmt.params or ():
        if d.defname == "subtype":
            subtype = _type_text(d.arg)
        elif d.defname != "multirange_type_name":
            raise _Refused(f"range option {d.defname} is not in pgmock's format")
    if subtype is None:
        raise _Refused("a range type needs its subtype")
    f.state.types[key] = {"range": subtype}


def _extension(f: _File, stmt: ast.CreateExtensionStmt, line: int, raw: ast.RawStmt) -> None:
    if stmt.extname not in f.state.extensions:
        f.state.extensions.append(stmt.extname)
    for opt in stmt.options or ():
        if opt.defname == "schema" and deparse(opt.arg).strip('"') != "public":
            f.note(line, f"extension {stmt.extname}: created in public by the dump")


def _schema(f: _File, stmt: ast.CreateSchemaStmt, line: int, raw: ast.RawStmt) -> None:
    if stmt.schemaElts:
        raise _Refused("CREATE SCHEMA with elements: create them in statements of their own")
    f.state.schema_comments.setdefault(stmt.schemaname, "")


def _sequence(f: _File, stmt: ast.CreateSeqStmt, line: int, raw: ast.RawStmt) -> None:
    rv = stmt.sequence
    schema = rv.schemaname or (f.state.search_path or ["public"])[0]
    f.state.sequences[f"{schema}.{rv.relname}"] = {"line": line, "file": f.path, "owned": None}


def _alter_sequence(f: _File, stmt: ast.AlterSeqStmt, line: int, raw: ast.RawStmt) -> None:
    rv = stmt.sequence
    schema = rv.schemaname or _lookup_schema(f.state, rv.relname)
    seq = f.state.sequences.get(f"{schema}.{rv.relname}")
    if seq is None:
        raise _Refused(f'sequence "{rv.relname}" is not created earlier')
    for opt in stmt.options or ():
        if opt.defname == "owned_by":
            seq["owned"] = _names(opt.arg)
        else:
            f.note(line, f"sequence {rv.relname}: {opt.defname} is not carried")


def _set(f: _File, stmt: ast.VariableSetStmt, line: int, raw: ast.RawStmt) -> None:
    if stmt.name == "search_path":
        f.state.search_path = [deparse(a).strip("'\"") for a in stmt.args or ()]
        f.state.search_path = [s for s in f.state.search_path if s and s != "pg_catalog"]
        return
    f.note(line, f"SET {stmt.name}: a session setting, not part of the schema")


def _select(f: _File, stmt: ast.SelectStmt, line: int, raw: ast.RawStmt) -> None:
    text = f.source(raw)
    m = re.search(r"set_config\s*\(\s*'search_path'\s*,\s*'([^']*)'", text)
    if m:
        f.state.search_path = [s.strip().strip('"') for s in m.group(1).split(",") if s.strip()]
        f.state.search_path = [s for s in f.state.search_path if s != "pg_catalog"]
        return
    raise _Refused("SELECT is a query, not part of a schema")


def _note_only(message: str) -> Any:
    def handler(f: _File, stmt: Any, line: int, raw: ast.RawStmt) -> None:
        f.note(line, message)

    return handler


def _refuse(message: str) -> Any:
    def handler(f: _File, stmt: Any, line: int, raw: ast.RawStmt) -> None:
        raise _Refused(message)

    return handler


_DATA = "data statements are not part of a schema: pgmock generates the rows"
_HANDLERS: dict[str, Any] = {
    "CreateStmt": _create_table,
    "AlterTableStmt": _alter_table,
    "IndexStmt": _create_index,
    "CommentStmt": _comment,
    "CreateFunctionStmt": _function,
    "DefineStmt": _define,
    "ViewStmt": _view,
    "CreateTableAsStmt": _create_table_as,
    "CreateTrigStmt": _trigger,
    "RuleStmt": _rule,
    "CreatePolicyStmt": _policy,
    "GrantStmt": _grant,
    "CreateEnumStmt": _enum,
    "CompositeTypeStmt": _composite,
    "CreateDomainStmt": _domain,
    "CreateRangeStmt": _range,
    "CreateExtensionStmt": _extension,
    "CreateSchemaStmt": _schema,
    "CreateSeqStmt": _sequence,
    "AlterSeqStmt": _alter_sequence,
    "VariableSetStmt": _set,
    "SelectStmt": _select,
    "TransactionStmt": _note_only("transaction control: the dump is applied as a whole"),
    "AlterOwnerStmt": _note_only("OWNER TO: ownership is database.owner in a dump"),
    "InsertStmt": _refuse(_DATA),
    "UpdateStmt": _refuse(_DATA),
    "DeleteStmt": _refuse(_DATA),
    "CopyStmt": _refuse(_DATA),
    "DoStmt": _refuse("DO blocks run code; pgmock does not run the DDL's code"),
}


# ---------------------------------------------------------------------------- output


def to_document(state: State) -> dict[str, Any]:
    """The schema document: version, extensions, types, tables, objects."""
    problems = state.problems
    _sequences_to_serials(state)
    tables: dict[str, Any] = {}
    for key, ref in state.tables.items():
        spec = ref.spec
        _partition_key_range(spec)
        out = {k: v for k, v in spec.items() if not k.startswith("$") and v not in ([], {})}
        fks = []
        for fk in spec["$fks"]:
            if fk["references"]["columns"] is None:
                parent = state.tables.get(fk["references"]["table"])
                pk = _primary_key(parent.spec) if parent else None
                if not pk:
                    parent_key = fk["references"]["table"]
                    why = "has no primary key" if parent else "is not created in the files"
                    problems.append(
                        (ref.path, ref.line, f"{key}: the foreign key's parent {parent_key} {why}")
                    )
                    continue
                fk = {**fk, "references": {**fk["references"], "columns": pk}}
            fks.append(fk)
        if fks:
            out["foreignKeys"] = fks
        out["rowCount"] = spec["rowCount"]
        tables[key] = out
    # counts from the schema's shape where no hint gave one
    infer_row_counts(tables, {key for key, ref in state.tables.items() if ref.spec["$rows"]})
    doc: dict[str, Any] = {"version": "1.0"}
    if state.extensions:
        doc["extensions"] = list(state.extensions)
    if state.types:
        doc["types"] = state.types
    doc["tables"] = tables
    if state.objects:
        doc["objects"] = state.objects
    comments = {k: {"comment": v} for k, v in state.schema_comments.items() if v}
    if comments:
        doc["schemas"] = comments
    return doc


_TEMPORAL = re.compile(r"(?i)^(date|timestamp(\(\d\))?( with(out)? time zone)?|timestamptz)$")


def _partition_key_range(spec: dict[str, Any]) -> None:
    """A RANGE-partitioned table's key column on dates or timestamps is generated within
    its partitions' bounds (unless a hint chose its values), so every row has a home."""
    keys = spec.get("$partkey") or []
    parts = spec.get("partitions") or {}
    if (
        len(keys) != 1
        or keys[0] is None
        or not str(spec.get("partitionBy", "")).startswith("RANGE")
    ):
        return
    col = spec["columns"].get(keys[0])
    if col is None or not _TEMPORAL.match(col["type"]) or "generator" in col or "params" in col:
        return
    lows, highs = [], []
    for bound in parts.values():
        text = bound if isinstance(bound, str) else bound["bound"]
        m = re.match(r"(?is)^FOR VALUES FROM \('([^']*)'\) TO \('([^']*)'\)$", text)
        if m is None:
            return  # DEFAULT, MINVALUE/MAXVALUE: nothing to narrow to
        lows.append(m.group(1))
        highs.append(m.group(2))
    if not lows:
        return
    import datetime as dt

    def instant(text: str) -> dt.datetime:
        t = dt.datetime.fromisoformat(text.strip().replace(" ", "T"))
        return t.astimezone(dt.timezone.utc).replace(tzinfo=None) if t.tzinfo else t

    start = min(instant(x) for x in lows)
    end = max(instant(x) for x in highs) - dt.timedelta(seconds=1)
    if col["type"].lower() == "date":
        col["params"] = {"start": start.date().isoformat(), "end": end.date().isoformat()}
    else:
        col["params"] = {"start": start.isoformat(), "end": end.isoformat()}


def _primary_key(spec: dict[str, Any]) -> list[str] | None:
    if spec.get("primaryKey"):
        return list(spec["primaryKey"])
    flagged = [c for c, col in spec["columns"].items() if col.get("primaryKey")]
    return flagged or None


# nextval('seq'), nextval('seq'::regclass) and pglast's nextval(CAST('seq' AS regclass))
_NEXTVAL = re.compile(
    r"nextval\((?:CAST\()?'([^']+)'"
    r"(?:::(?:pg_catalog\.)?regclass| AS (?:pg_catalog\.)?regclass\))?\)"
)


def _sequences_to_serials(state: State) -> None:
    """pg_dump's spelling of a serial: a sequence OWNED BY the column and its default
    nextval('seq'::regclass) become the column's serial type again."""
    used: set[str] = set()
    for ref in state.tables.values():
        for col in ref.spec["columns"].values():
            default = str(col.get("default", ""))
            m = _NEXTVAL.fullmatch(default)
            if m is None:
                continue
            name = m.group(1).strip('"')
            schema, _, bare = name.rpartition(".")
            seq_key = f"{schema or _lookup_schema(state, bare)}.{bare}"
            if seq_key not in state.sequences:
                continue
            base = _INT_NAMES.get(col["type"].lower())
            if base is None:
                continue
            col["type"] = _SERIALS[base]
            col.pop("default", None)
            col.pop("nullable", None)
            used.add(seq_key)
    for seq_key, seq in state.sequences.items():
        if seq_key not in used:
            state.problems.append(
                (
                    seq["file"],
                    seq["line"],
                    f"sequence {seq_key} is no column's serial; sequences of their own are not "
                    "in pgmock's format",
                )
            )
