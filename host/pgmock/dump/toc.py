"""The dump's table of contents, built from a resolved schema as PostgreSQL 15's pg_dump would.

:func:`build_toc` turns a :class:`~pgmock.schema.resolved.ResolvedSchema` plus the data
streams of its tables into a :class:`~pgmock_sdk.toc.Dump`: the TOC entries (schemas,
extensions, enum types, tables, serial sequences, defaults, table data, sequence values,
constraints, indexes, foreign keys, comments) with pg_dump's text, order and dependencies.
Every writer prints or stores that one list.

The order follows ``pg_dump_sort.c``: objects are sorted by type priority, schema name and
object name (byte order), then a topological pass moves an object only where a dependency
forces it (pg_dump's ``TopoSort``, reproduced exactly). COMMENT and SEQUENCE OWNED BY entries
follow their object. Dump ids are 1..N in TOC order. Catalog ids are fake but deterministic:
the pg_catalog table OIDs pg_dump writes (``pg_class`` 1259 …) and object OIDs counted from
16384 in the order a restore would create them.

Names PostgreSQL would choose (``customer_pkey``, ``customer_email_key``,
``customer_id_seq``, ``customer_name_check``) come from the same rules as the server's
``ChooseRelationName``/``ChooseConstraintName``, including the 63-byte truncation and the
numbered suffix on a clash.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace

from pgmock.dump.partitions import partition_data, router_for
from pgmock.schema.resolved import (
    RColumn,
    ResolvedSchema,
    RForeignKey,
    RIndex,
    RObject,
    RPartition,
    RTable,
)
from pgmock.sql.names import (
    TakenNames,
    choose_constraint_name,
    choose_relation_name,
    index_name_addition,
)
from pgmock.sql.tokens import fully_parenthesized, qualify_casts, referenced_columns, tokens
from pgmock.sql.typenames import multirange_name
from pgmock_sdk import PgType, UserType
from pgmock_sdk.pgtypes import ExtensionType, display_name
from pgmock_sdk.sqlnames import qualify, quote_ident, quote_literal
from pgmock_sdk.toc import Dump, DumpInfo, Section, TableData, TocEntry

__all__ = ["FkCycle", "TocOptions", "build_toc", "constraint_names", "data_only_fk_cycles"]

# pg_catalog tables whose OIDs pg_dump stores as an entry's catalog "tableoid".
PG_CLASS = 1259
PG_NAMESPACE = 2615
PG_TYPE = 1247
PG_CONSTRAINT = 2606
PG_ATTRDEF = 2604
PG_EXTENSION = 3079
PG_PROC = 1255
PG_REWRITE = 2618
PG_TRIGGER = 2620
PG_POLICY = 3256
FIRST_OID = 16384  # FirstNormalObjectId

# Comments of the contrib extensions shipped with PostgreSQL 15 (their .control files).
EXTENSION_COMMENTS: dict[str, str] = {
    "adminpack": "administrative functions for PostgreSQL",
    "amcheck": "functions for verifying relation integrity",
    "autoinc": "functions for autoincrementing fields",
    "bloom": "bloom access method - signature file based index",
    "btree_gin": "support for indexing common datatypes in GIN",
    "btree_gist": "support for indexing common datatypes in GiST",
    "citext": "data type for case-insensitive character strings",
    "cube": "data type for multidimensional cubes",
    "dblink": "connect to other PostgreSQL databases from within a database",
    "dict_int": "text search dictionary template for integers",
    "dict_xsyn": "text search dictionary template for extended synonym processing",
    "earthdistance": "calculate great-circle distances on the surface of the Earth",
    "file_fdw": "foreign-data wrapper for flat file access",
    "fuzzystrmatch": "determine similarities and distance between strings",
    "hstore": "data type for storing sets of (key, value) pairs",
    "insert_username": "functions for tracking who changed a table",
    "intagg": "integer aggregator and enumerator (obsolete)",
    "intarray": "functions, operators, and index support for 1-D arrays of integers",
    "isn": "data types for international product numbering standards",
    "lo": "Large Object maintenance",
    "ltree": "data type for hierarchical tree-like structures",
    "moddatetime": "functions for tracking last modification time",
    "old_snapshot": "utilities in support of old_snapshot_threshold",
    "pageinspect": "inspect the contents of database pages at a low level",
    "pg_buffercache": "examine the shared buffer cache",
    "pg_freespacemap": "examine the free space map (FSM)",
    "pg_prewarm": "prewarm relation data",
    "pg_stat_statements": "track planning and execution statistics of all SQL statements executed",
    "pg_surgery": "extension to perform surgery on a damaged relation",
    "pg_trgm": "text similarity measurement and index searching based on trigrams",
    "pg_visibility": "examine the visibility map (VM) and page-level visibility info",
    "pg_walinspect": "functions to inspect contents of PostgreSQL Write-Ahead Log",
    "pgcrypto": "cryptographic functions",
    "pgrowlocks": "show row-level locking information",
    "pgstattuple": "show tuple-level statistics",
    "postgres_fdw": "foreign-data wrapper for remote PostgreSQL servers",
    "refint": "functions for implementing referential integrity (obsolete)",
    "seg": "data type for representing line segments or floating-point intervals",
    "sslinfo": "information about SSL certificates",
    "tablefunc": "functions that manipulate whole tables, including crosstab",
    "tcn": "Triggered change notifications",
    "tsm_system_rows": "TABLESAMPLE method which accepts number of rows as a limit",
    "tsm_system_time": "TABLESAMPLE method which accepts time in milliseconds as a limit",
    "unaccent": "text search dictionary that removes accents",
    "uuid-ossp": "generate universally unique identifiers (UUIDs)",
    "xml2": "XPath querying and XSLT",
}
# Extensions that install into a fixed schema; the rest go to public.
_EXTENSION_SCHEMAS = {"adminpack": "pg_catalog"}
# Created by initdb: pg_dump never dumps them.
_BUILTIN_EXTENSIONS = frozenset({"plpgsql"})

_ON_DELETE = {
    "cascade": " ON DELETE CASCADE",
    "restrict": " ON DELETE RESTRICT",
    "set null": " ON DELETE SET NULL",
    "set default": " ON DELETE SET DEFAULT",
    "no action": "",
}
_SEQUENCE_AS = {"int2": "    AS smallint\n", "int4": "    AS integer\n", "int8": ""}


@dataclass(frozen=True)
class TocOptions:
    """Which entries pg_dump's flags keep (``-s``, ``-a``, ``--inserts``, ``-t``/``-T``)."""

    schema_only: bool = False
    data_only: bool = False
    inserts: bool = False  # TABLE DATA gets no COPY statement
    no_indexes: bool = False
    no_constraints: bool = False  # no PK/UNIQUE/FK entries and no inline CHECKs
    # Table keys to dump (-t/-T already applied); None = all. As with pg_dump -t, only the
    # tables and what belongs to them are dumped: no schemas, types or extensions.
    include_tables: AbstractSet[str] | None = None
    # With include_tables: also keep every extension and the schemas and types the chosen
    # tables need, so the script restores into an empty database (pg_dump -t does not).
    self_contained: bool = False
    # --load-via-partition-root: a partition's rows are COPied into the partitioned table.
    load_via_partition_root: bool = False
    no_privileges: bool = False  # -x: no ACL entries (GRANT/REVOKE)


@dataclass(frozen=True)
class FkCycle:
    """Tables whose data cannot be ordered parents-first in a data-only dump."""

    tables: tuple[str, ...]  # table keys
    names: tuple[str, ...]  # bare table names, as pg_dump prints them

    def warning_lines(self, prog: str = "pgmock") -> list[str]:
        """pg_dump's stderr warning for this cycle, line by line."""
        if len(self.names) == 1:
            head = "there are circular foreign-key constraints on this table:"
        else:
            head = "there are circular foreign-key constraints among these tables:"
        return [
            f"{prog}: warning: {head}",
            *(f"{prog}: detail: {name}" for name in self.names),
            f"{prog}: hint: You might not be able to restore the dump without using "
            "--disable-triggers or temporarily dropping the constraints.",
            f"{prog}: hint: Consider using a full dump instead of a --data-only dump to "
            "avoid this problem.",
        ]


def _check_clause(expr: str) -> str:
    """``CHECK ((expr))``: pg_get_constraintdef's parentheses around a deparsed operator."""
    expr = expr.strip()
    return f"CHECK ({expr})" if fully_parenthesized(expr) else f"CHECK (({expr}))"


@dataclass
class _TableNames:
    """The names PostgreSQL gives a table's implicit objects."""

    sequences: dict[str, str]  # serial column -> sequence
    keys: list[tuple[str, str, list[str]]]  # (constraint name, PRIMARY KEY|UNIQUE, columns)
    checks: list[tuple[str, str]]  # (constraint name, expression)


def _column_unique_flags(schema: ResolvedSchema, rt: RTable) -> list[str]:
    """Columns declared ``unique: true`` (not those made unique only for generation)."""
    return [c for c, col in rt.columns.items() if col.unique_constraint]


def _domain_check_names(schema: ResolvedSchema) -> dict[tuple[str, str], str]:
    """(schema, domain) -> the name of its CHECK constraint (``<domain>_check``), chosen in
    declaration order like the server's ChooseConstraintName (unique in the schema)."""
    taken: dict[str, TakenNames] = {}
    out: dict[tuple[str, str], str] = {}
    for ut in schema.user_types.values():
        if ut.kind != "domain" or ut.check is None or (ut.schema, ut.name) in out:
            continue
        ns = taken.setdefault(ut.schema, TakenNames())
        con = choose_constraint_name(ut.name, None, "check", ns)
        ns.constraints.add(con)
        out[(ut.schema, ut.name)] = con
    return out


def _extension_types(schema: ResolvedSchema) -> dict[str, ExtensionType]:
    """The plugin-registered types the schema's columns and types use, by extension."""
    types = [c.type for t in schema.tables.values() for c in t.columns.values()]
    for ut in schema.user_types.values():
        types.extend(t for _, t in ut.attributes)
        if ut.base is not None:
            types.append(ut.base)
    return {t.ext.extension: t.ext for t in types if t.ext is not None}


def _name_objects(schema: ResolvedSchema) -> dict[str, _TableNames]:
    """Name every table's sequences, keys and checks, in declaration order, like the server."""
    taken: dict[str, TakenNames] = {}
    # Domains are created before the tables: their CHECK names are taken first.
    for (ns_name, _), con in _domain_check_names(schema).items():
        taken.setdefault(ns_name, TakenNames()).constraints.add(con)
    for rt in schema.tables.values():
        ns = taken.setdefault(rt.schema, TakenNames())
        ns.relations.add(rt.name)
        ns.relations.update(ix.name for ix in rt.indexes)
        ns.constraints.update(fk.name for fk in rt.fks)
        ns.constraints.update(n for n in rt.check_names if n)
        ns.constraints.update(rt.unique_names.values())
        ns.relations.update(rt.unique_names.values())
        if rt.primary_key_name:
            ns.constraints.add(rt.primary_key_name)
            ns.relations.add(rt.primary_key_name)
        for part in rt.partitions:
            taken.setdefault(part.schema, TakenNames()).relations.add(part.name)
    out: dict[str, _TableNames] = {}
    for rt in schema.tables.values():
        ns = taken[rt.schema]
        sequences = {}
        for col in rt.columns.values():
            if col.is_serial:
                seq = choose_relation_name(rt.name, col.name, "seq", ns, False)
                ns.relations.add(seq)
                sequences[col.name] = seq
        checks = []
        names: list[str | None] = [None] * sum(1 for c in rt.columns.values() if c.check)
        names += list(rt.check_names) + [None] * (len(rt.checks) - len(rt.check_names))
        exprs = [c.check for c in rt.columns.values() if c.check] + list(rt.checks)
        for expr, given in zip(exprs, names):
            if given:
                checks.append((given, expr))
                continue
            refs = referenced_columns(expr, rt.columns)
            con = choose_constraint_name(
                rt.name, refs.pop() if len(refs) == 1 else None, "check", ns
            )
            ns.constraints.add(con)
            checks.append((con, expr))
        keys = []
        specs: list[tuple[str, list[str]]] = []
        if rt.primary_key:
            specs.append(("PRIMARY KEY", list(rt.primary_key)))
        specs += [("UNIQUE", [c]) for c in _column_unique_flags(schema, rt)]
        specs += [("UNIQUE", list(u)) for u in rt.uniques]
        seen: list[list[str]] = []
        for kind, cols in specs:
            if cols in seen:
                continue  # the server drops a key identical to an earlier one
            seen.append(cols)
            given = (
                rt.primary_key_name if kind == "PRIMARY KEY" else rt.unique_names.get(tuple(cols))
            )
            if given:
                keys.append((given, kind, cols))
                continue
            if kind == "PRIMARY KEY":
                con = choose_relation_name(rt.name, None, "pkey", ns, True)
            else:
                con = choose_relation_name(rt.name, index_name_addition(cols), "key", ns, True)
            ns.relations.add(con)
            ns.constraints.add(con)
            keys.append((con, kind, cols))
        out[rt.key] = _TableNames(sequences, keys, checks)
    return out


def constraint_names(schema: ResolvedSchema) -> dict[str, _TableNames]:
    """Per table key, the names the dump gives its keys (``keys``: name, PRIMARY KEY or
    UNIQUE, columns) and CHECKs (``checks``: name, expression), as PostgreSQL names them."""
    return _name_objects(schema)


# ---------------------------------------------------------------------------
# Entries before dump ids are known
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Kind:
    """What an entry's desc decides: section, sort priority, catalog table, ts/am fields."""

    section: Section
    prio: int  # pg_dump_sort.c's dbObjectTypePriorities; only the relative order matters
    catalog: int = 0  # pg_catalog table holding the object; 0 = no OID of its own
    tablespace: str | None = None
    tableam: str | None = None


_KINDS: dict[str, _Kind] = {
    "SCHEMA": _Kind(Section.PRE_DATA, 1, PG_NAMESPACE),
    "EXTENSION": _Kind(Section.PRE_DATA, 5, PG_EXTENSION),
    "TYPE": _Kind(Section.PRE_DATA, 6, PG_TYPE),
    "DOMAIN": _Kind(Section.PRE_DATA, 6, PG_TYPE),  # a type to pg_dump's sort (DO_TYPE)
    "TABLE": _Kind(Section.PRE_DATA, 20, PG_CLASS, "", "heap"),
    "SEQUENCE": _Kind(Section.PRE_DATA, 20, PG_CLASS),
    "DEFAULT": _Kind(Section.PRE_DATA, 23, PG_ATTRDEF),
    "TABLE DATA": _Kind(Section.DATA, 26),
    "SEQUENCE SET": _Kind(Section.DATA, 27),
    "CONSTRAINT": _Kind(Section.POST_DATA, 30, PG_CONSTRAINT, ""),
    "INDEX": _Kind(Section.POST_DATA, 31, PG_CLASS, ""),
    "FK CONSTRAINT": _Kind(Section.POST_DATA, 36, PG_CONSTRAINT),
    "FUNCTION": _Kind(Section.PRE_DATA, 8, PG_PROC),
    "PROCEDURE": _Kind(Section.PRE_DATA, 8, PG_PROC),
    "AGGREGATE": _Kind(Section.PRE_DATA, 9, PG_PROC),
    "VIEW": _Kind(Section.PRE_DATA, 20, PG_CLASS),
    "MATERIALIZED VIEW": _Kind(Section.PRE_DATA, 20, PG_CLASS, "", "heap"),
    "TABLE ATTACH": _Kind(Section.PRE_DATA, 21),
    "INDEX ATTACH": _Kind(Section.POST_DATA, 32),
    "RULE": _Kind(Section.POST_DATA, 34, PG_REWRITE),
    "TRIGGER": _Kind(Section.POST_DATA, 35, PG_TRIGGER),
    "POLICY": _Kind(Section.POST_DATA, 37, PG_POLICY),
    "ROW SECURITY": _Kind(Section.POST_DATA, 37, PG_CLASS),
    # pg_dump's last priority: refreshed after everything else (DO_REFRESH_MATVIEW).
    "MATERIALIZED VIEW DATA": _Kind(Section.POST_DATA, 99),
    "ACL": _Kind(Section.NONE, 0),
    # Printed right after their object, never sorted on their own.
    "SEQUENCE OWNED BY": _Kind(Section.PRE_DATA, 0),
    "COMMENT": _Kind(Section.NONE, 0),
}


@dataclass(eq=False)
class _Item:
    desc: str
    tag: str
    name: str  # the object's name, which pg_dump sorts by
    namespace: str | None
    owner: str | None
    defn: str | None
    drop: str | None = None
    deps: list[_Item] = field(default_factory=list)
    table: str | None = None  # key of the table the entry belongs to, for -t
    copy_stmt: str | None = None
    data: TableData | None = None
    attached: list[_Item] = field(default_factory=list)  # entries printed right after
    attnum: int = 0  # defaults sort by column number after their table's name
    rank: int = 0  # catalog order (OID, else creation order): the last tie-break
    oid: int = 0
    oid_of: _Item | None = None  # TABLE DATA carries its table's OID
    no_am: bool = False  # a partitioned table has no access method

    @property
    def kind(self) -> _Kind:
        return _KINDS[self.desc]

    def sort_key(self) -> tuple[int, bool, str, str, int, int]:
        ns = self.namespace
        return (self.kind.prio, ns is None, ns or "", self.name, self.attnum, self.rank)

    def entry(self, dump_id: int, deps: tuple[int, ...]) -> TocEntry:
        kind = self.kind
        oid = self.oid_of.oid if self.oid_of is not None else self.oid
        return TocEntry(
            dump_id,
            self.desc,
            self.tag,
            kind.section,
            namespace=self.namespace,
            owner=self.owner,
            defn=self.defn,
            drop_stmt=self.drop,
            copy_stmt=self.copy_stmt,
            deps=deps,
            tablespace=kind.tablespace,
            tableam=None if self.no_am else kind.tableam,
            catalog_id=(kind.catalog, oid),
            data=self.data,
        )


# -- the SQL pg_dump writes ---------------------------------------------------------------


def _create_table(
    rt: RTable,
    checks: list[tuple[str, str]],
    qualified: str | None = None,
    serial_defaults: Mapping[str, str] | None = None,
    casts: Mapping[str, str] | None = None,
) -> str:
    """pg_dump's CREATE TABLE: columns, then the CHECK constraints sorted by name.

    Defaults and CHECK expressions are printed as the schema wrote them: pg_dump prints the
    server's deparsed form (``'ok'::app.mood``, ``CHECK ((price > (0)::numeric))``), which
    pgmock cannot compute without a server. The fidelity test therefore restores a dump
    into PostgreSQL and compares it with pg_dump's dump of the result; schemas that spell
    expressions the way the server deparses them come out byte-identical. Casts to user
    types of ``public`` are qualified (``casts``: bare name -> qualified), as the server's
    text has them: a dump runs with an empty search_path.
    """
    casts = casts or {}
    lines = []
    for col in rt.columns.values():
        line = f"    {quote_ident(col.name)} {col.type.display()}"
        if col.generated is not None:
            expr = qualify_casts(col.generated, casts)
            line += f" GENERATED ALWAYS AS {_generated_expr(expr)} STORED"
        elif col.default is not None and not col.is_serial:
            line += f" DEFAULT {qualify_casts(col.default, casts)}"
        elif serial_defaults and col.name in serial_defaults:
            seq = quote_literal(serial_defaults[col.name])
            line += f" DEFAULT nextval({seq}::regclass)"
        if not col.nullable:
            line += " NOT NULL"
        lines.append(line)
    for name, expr in sorted(checks):
        check = _check_clause(qualify_casts(expr, casts))
        lines.append(f"    CONSTRAINT {quote_ident(name)} {check}")
    body = " (\n" + ",\n".join(lines) + "\n)" if lines else " (\n)"
    return f"CREATE TABLE {qualified or rt.qualified}{body};\n"


def _generated_expr(expr: str) -> str:
    """``(expr)`` as pg_dump prints a generation expression: pg_get_expr's text in
    parentheses, and that text has its own around an operator expression. pgmock cannot
    deparse, so a fully parenthesized expression, a function call, a name or a number
    stays bare and anything else is taken for an operator expression."""
    expr = expr.strip()
    toks = tokens(expr)
    if fully_parenthesized(expr) or (len(toks) == 1 and toks[0].kind in ("id", "qid", "num")):
        return f"({expr})"
    # a function call, its name maybe qualified: name(…) or schema.name(…)
    name_end = 3 if len(toks) > 3 and toks[1].is_op(".") else 1
    if (
        len(toks) > name_end
        and all(t.kind in ("id", "qid") for t in toks[:name_end:2])
        and toks[name_end].is_op("(")
        and toks[name_end].pos == toks[name_end - 1].pos + len(toks[name_end - 1].text)
        and fully_parenthesized(expr[toks[name_end].pos :])
    ):
        return f"({expr})"
    return f"(({expr}))"


def _create_sequence(qseq: str, type_name: str) -> str:
    return (
        f"CREATE SEQUENCE {qseq}\n{_SEQUENCE_AS[type_name]}    START WITH 1\n"
        "    INCREMENT BY 1\n    NO MINVALUE\n    NO MAXVALUE\n    CACHE 1;\n"
    )


def _add_constraint(qtable: str, name: str, clause: str, only: bool = True) -> tuple[str, str]:
    """(defn, drop) of a constraint added after the data (a foreign key of a partitioned
    table without ONLY: its partitions get it too)."""
    con = quote_ident(name)
    o = "ONLY " if only else ""
    return (
        f"ALTER TABLE {o}{qtable}\n    ADD CONSTRAINT {con} {clause};\n",
        f"ALTER TABLE {o}{qtable} DROP CONSTRAINT {con};\n",
    )


def _fk_actions(fk: RForeignKey) -> str:
    """What follows REFERENCES t(cols) in pg_get_constraintdef: MATCH, ON UPDATE, ON DELETE
    (with its columns), DEFERRABLE, INITIALLY DEFERRED."""
    out = " MATCH FULL" if fk.match_full else ""
    if fk.on_update and fk.on_update.lower() != "no action":
        out += " ON UPDATE" + _ON_DELETE[fk.on_update.lower()][len(" ON DELETE") :]
    if fk.on_delete and fk.on_delete.lower() != "no action":
        out += _ON_DELETE[fk.on_delete.lower()]
        if fk.on_delete_columns:
            out += f" ({_column_list(fk.on_delete_columns)})"
    if fk.deferrable:
        out += " DEFERRABLE"
    if fk.initially_deferred:
        out += " INITIALLY DEFERRED"
    return out


def _element_names(ix: RIndex) -> list[str]:
    """The names PostgreSQL gives an index's columns (FigureIndexColname): a column's own,
    a function call's function name, else "expr"."""
    if ix.elements is None:
        return list(ix.columns)
    out = []
    for el in ix.elements:
        toks = tokens(el)
        if toks and toks[0].kind == "qid":
            out.append(toks[0].text[1:-1].replace('""', '"'))
        elif toks and toks[0].kind == "id" and not (len(toks) > 1 and toks[1].is_op(".")):
            out.append(toks[0].text.lower())
        else:
            out.append("expr")
    return out


def _create_index(ix: RIndex, qtable: str, only: str) -> str:
    """pg_get_indexdef's shape: UNIQUE, ON [ONLY], USING, elements, INCLUDE, NULLS NOT
    DISTINCT, WITH (…), WHERE (…)."""
    unique = "UNIQUE " if ix.unique else ""
    elements = ", ".join(ix.elements) if ix.elements is not None else _column_list(ix.columns)
    name = quote_ident(ix.name)
    defn = f"CREATE {unique}INDEX {name} ON {only}{qtable} USING {ix.method} ({elements})"
    if ix.include:
        defn += f" INCLUDE ({_column_list(ix.include)})"
    if ix.nulls_not_distinct:
        defn += " NULLS NOT DISTINCT"
    if ix.params:
        defn += f" WITH ({ix.params})"
    if ix.where:
        where = ix.where.strip()
        defn += f" WHERE {where}" if fully_parenthesized(where) else f" WHERE ({where})"
    return defn + ";\n"


def _column_list(columns: Iterable[str]) -> str:
    return ", ".join(quote_ident(c) for c in columns)


def _taken_relations(
    schema: ResolvedSchema, names: Mapping[str, _TableNames]
) -> dict[str, TakenNames]:
    """Per schema, the relation names the dump's tables, keys, indexes and sequences use."""
    taken: dict[str, TakenNames] = {}
    for rt in schema.tables.values():
        ns = taken.setdefault(rt.schema, TakenNames())
        ns.relations.add(rt.name)
        ns.relations.update(ix.name for ix in rt.indexes)
        ns.relations.update(names[rt.key].sequences.values())
        ns.relations.update(con for con, _, _ in names[rt.key].keys)
        for part in rt.partitions:
            taken.setdefault(part.schema, TakenNames()).relations.add(part.name)
    return taken


def _split(key: str) -> tuple[str, str]:
    schema, _, name = key.rpartition(".")
    return schema or "public", name


def _object_qualified(obj: RObject) -> str:
    """The object's qualified name, with its argument list for functions."""
    bare, paren, args = obj.name.partition("(")
    return qualify(obj.schema, bare) + paren + args


_DROP = {
    "FUNCTION": "FUNCTION",
    "PROCEDURE": "PROCEDURE",
    "AGGREGATE": "AGGREGATE",
    "VIEW": "VIEW",
    "MATERIALIZED VIEW": "MATERIALIZED VIEW",
    "INDEX": "INDEX",
}


def _drop(desc: str, q: str, name: str, table_q: str | None) -> str | None:
    """pg_dump's drop statement; pg_restore builds a function's ALTER … OWNER from it."""
    if desc in _DROP:
        return f"DROP {_DROP[desc]} {q};\n"
    if desc in ("TRIGGER", "RULE", "POLICY"):
        return f"DROP {desc} {quote_ident(name)} ON {table_q};\n"
    if desc == "ROW SECURITY":
        return f"ALTER TABLE {table_q} DISABLE ROW LEVEL SECURITY;\n"
    return None


def _comment_target(desc: str, q: str, name: str, table_q: str | None) -> str:
    if desc in ("TRIGGER", "RULE", "POLICY"):
        return f"{desc} {quote_ident(name)} ON {table_q}"
    return f"{desc} {q}"


def _comment_tag(desc: str, name: str, table_q: str | None) -> str:
    """A COMMENT entry's tag: the object's kind and unqualified name (``FUNCTION f(integer)``,
    ``TRIGGER t ON public.film``)."""
    bare, paren, args = name.partition("(")
    if table_q is not None and desc != "INDEX":
        return f"{desc} {quote_ident(name)} ON {table_q}"
    return f"{desc} {quote_ident(bare)}{paren}{args}"


def _with_no_data(sql: str) -> str:
    """pg_dump creates a materialized view empty and refreshes it after the data."""
    body = sql.rstrip().rstrip(";").rstrip()
    upper = body.upper()
    for tail in ("WITH NO DATA", "WITH DATA"):
        if upper.endswith(tail) and upper[: -len(tail)].rstrip() != upper[: -len(tail)]:
            body = body[: -len(tail)].rstrip()
            break
    return f"{body}\n  WITH NO DATA;\n"


class _Builder:
    """Every entry of the full dump, in creation order; filtering and sorting come later."""

    def __init__(
        self, schema: ResolvedSchema, data: Mapping[str, TableData] | None, opts: TocOptions
    ) -> None:
        self.schema = schema
        self.data: Mapping[str, TableData] = data or {}
        self.need_data = data is not None
        self.options = opts
        self.owner = schema.owner
        self.domain_checks = _domain_check_names(schema)
        self.names = _name_objects(schema)
        # bare names of public user types, qualified in casts of defaults and CHECKs
        self.casts = {
            ut.name.lower(): ut.qualified
            for ut in schema.user_types.values()
            if ut.schema == "public"
        }
        self.counter = itertools.count()
        self.items: list[_Item] = []
        self.schemas: dict[str, _Item] = {}
        self.extensions: dict[str, _Item] = {}
        self.types: dict[str, _Item] = {}
        self.tables: dict[str, _Item] = {}
        # (table key, column set) -> PK/UNIQUE constraint or unique index a FK can use
        self.keys: dict[tuple[str, frozenset[str]], _Item] = {}
        self.unique_indexes: dict[tuple[str, frozenset[str]], _Item] = {}
        # partitioned table key -> its partitions and their TABLE entries
        self.partitions: dict[str, list[tuple[RPartition, _Item]]] = {}
        self.sequence_items: dict[str, _Item] = {}  # qualified sequence -> SEQUENCE
        self.objects: dict[str, _Item] = {}  # "schema.name" of views, functions …
        self.taken = _taken_relations(schema, self.names)
        self.extension_types = _extension_types(schema)

    def add(self, item: _Item) -> _Item:
        item.rank = next(self.counter)
        self.items.append(item)
        return item

    def build(self) -> list[_Item]:
        for name in self.schema.schemas:
            q = quote_ident(name)
            defn, drop = f"CREATE SCHEMA {q};\n", f"DROP SCHEMA {q};\n"
            item = self.add(_Item("SCHEMA", name, name, None, self.owner, defn, drop))
            self.schemas[name] = item
            comment = self.schema.schema_comments.get(name)
            if comment is not None:
                defn = f"COMMENT ON SCHEMA {q} IS {quote_literal(comment)};\n"
                item.attached.append(
                    _Item("COMMENT", f"SCHEMA {q}", "", None, self.owner, defn, deps=[item])
                )
        for ext in self.schema.extensions:
            if ext not in _BUILTIN_EXTENSIONS and ext not in self.extensions:
                self._extension(ext)
        for ut in self.schema.user_types.values():
            if f"{ut.schema}.{ut.name}" in self.types:
                continue  # the same type under its qualified and its short name
            if ut.kind == "enum":
                self._enum(ut.schema, ut.name, ut.labels)
            elif ut.kind == "composite":
                self._composite(ut)
            elif ut.kind == "domain":
                self._domain(ut)
            elif ut.kind == "range":
                self._range(ut)
        for rt in self.schema.tables.values():
            self._table(rt)
        for rt in self.schema.tables.values():
            for fk in rt.fks:
                self._foreign_key(rt, fk)
        for obj in self.schema.objects:
            self._object(obj)
        return self.items

    # -- partitions ------------------------------------------------------------------

    def _partitions(
        self, rt: RTable, table: _Item, names: _TableNames, checks: list[tuple[str, str]]
    ) -> None:
        """pg_dump's partitions: a TABLE each with the parent's columns, defaults and
        CHECKs, and a TABLE ATTACH with its bound."""
        serials = {c: qualify(rt.schema, s) for c, s in names.sequences.items()}
        seqs = [self.sequence_items[q] for q in serials.values() if q in self.sequence_items]
        out = self.partitions.setdefault(rt.key, [])
        for part in rt.partitions:
            deps = self._in_schema(part.schema) + self._type_deps(rt.columns.values())
            item = self.add(
                _Item(
                    "TABLE",
                    part.name,
                    part.name,
                    part.schema,
                    self.owner,
                    _create_table(rt, checks, part.qualified, serials, self.casts),
                    f"DROP TABLE {part.qualified};\n",
                    deps=[*deps, table, *seqs],
                    table=rt.key,
                )
            )
            if part.comment is not None:
                defn = f"COMMENT ON TABLE {part.qualified} IS {quote_literal(part.comment)};\n"
                item.attached.append(
                    _Item(
                        "COMMENT",
                        f"TABLE {quote_ident(part.name)}",
                        "",
                        part.schema,
                        self.owner,
                        defn,
                        deps=[item],
                        table=rt.key,
                    )
                )
            defn = (
                f"ALTER TABLE ONLY {rt.qualified} ATTACH PARTITION {part.qualified} {part.bound};\n"
            )
            self.add(
                _Item(
                    "TABLE ATTACH",
                    part.name,
                    part.name,
                    part.schema,
                    self.owner,
                    defn,
                    deps=[item, table],
                    table=rt.key,
                )
            )
            out.append((part, item))

    def _partition_index_name(
        self, schema: str, table: str, addition: str | None, label: str
    ) -> str:
        """The name the server gives a partition's copy of an index (ChooseIndexName)."""
        taken = self.taken.setdefault(schema, TakenNames())
        name = choose_relation_name(table, addition, label, taken, label != "idx")
        taken.relations.add(name)
        return name

    def _index_attach(self, parent: str, part: RPartition, child: str, deps: list[_Item]) -> None:
        defn = f"ALTER INDEX {parent} ATTACH PARTITION {qualify(part.schema, child)};\n"
        self.add(
            _Item(
                "INDEX ATTACH",
                child,
                child,
                part.schema,
                self.owner,
                defn,
                deps=deps,
                table=deps[0].table,
            )
        )

    # -- raw SQL objects -----------------------------------------------------------------

    def _object(self, obj: RObject) -> None:
        desc = obj.kind.upper()
        if desc == "ACL" and self.options.no_privileges:
            return
        q = _object_qualified(obj)
        deps = self._in_schema(obj.schema) + self._object_deps(obj)
        table_q = tag = None
        if obj.table is not None:
            on = self.schema.tables.get(obj.table)
            table_q = on.qualified if on is not None else qualify(*_split(obj.table))
            table_name = on.name if on is not None else _split(obj.table)[1]
            if desc == "ROW SECURITY":
                tag = table_name
            elif desc != "INDEX":
                tag = f"{table_name} {obj.name}"
        defn = obj.sql
        if desc == "MATERIALIZED VIEW":
            defn = _with_no_data(defn)
        if obj.search_path is not None:
            defn = (
                f"SET search_path = {obj.search_path};\n{defn}"
                "SELECT pg_catalog.set_config('search_path', '', false);\n"
            )
        item = _Item(
            desc,
            tag or obj.name,
            obj.name.partition("(")[0] if tag is None else obj.name,
            None if desc == "ACL" else obj.schema,
            self.owner,
            defn,
            _drop(desc, q, obj.name, table_q),
            deps=deps,
            table=obj.table if obj.table in self.schema.tables else None,
        )
        if desc == "ACL":
            host = deps[-1] if deps else None
            if host is not None:
                item.desc, item.drop = "ACL", None
                host.attached.append(item)
                return
        self.add(item)
        if desc not in ("TRIGGER", "RULE", "POLICY", "ROW SECURITY", "ACL"):
            key = f"{obj.schema}.{obj.name.partition('(')[0]}"
            self.objects[key] = item
            if obj.schema == "public":
                self.objects.setdefault(key.removeprefix("public."), item)
        if obj.comment is not None:
            target = _comment_target(desc, q, obj.name, table_q)
            item.attached.append(
                _Item(
                    "COMMENT",
                    _comment_tag(desc, obj.name, table_q),
                    "",
                    obj.schema,
                    self.owner,
                    f"COMMENT ON {target} IS {quote_literal(obj.comment)};\n",
                    deps=[item],
                    table=item.table,
                )
            )
        if desc == "MATERIALIZED VIEW" and obj.populated and not self.options.schema_only:
            self.add(
                _Item(
                    "MATERIALIZED VIEW DATA",
                    obj.name,
                    obj.name,
                    obj.schema,
                    self.owner,
                    f"REFRESH MATERIALIZED VIEW {q};\n",
                    deps=[item],
                    oid_of=item,  # pg_dump: catalog id (0, the view's OID), post-data
                )
            )

    def _object_deps(self, obj: RObject) -> list[_Item]:
        """The entries an object's dependsOn (and its table) name, in that order."""
        out: list[_Item] = []
        names = list(obj.depends_on) + ([obj.table] if obj.table is not None else [])
        for name in names:
            for candidate in (name, f"public.{name}", name.removeprefix("public.")):
                item = (
                    self.tables.get(candidate)
                    or self.objects.get(candidate)
                    or self.types.get(candidate)
                    or self.extensions.get(candidate)
                    or self._partition_item(candidate)
                )
                if item is not None:
                    out.append(item)
                    break
        return out

    def _partition_item(self, name: str) -> _Item | None:
        for parts in self.partitions.values():
            for part, item in parts:
                if name in (part.name, f"{part.schema}.{part.name}"):
                    return item
        return None

    def _in_schema(self, schema: str) -> list[_Item]:
        item = self.schemas.get(schema)
        return [item] if item is not None else []

    def _extension(self, name: str) -> None:
        q = quote_ident(name)
        # a plugin's type says where its extension goes and the comment its .control has
        ext = self.extension_types.get(name)
        schema = ext.schema if ext is not None else _EXTENSION_SCHEMAS.get(name, "public")
        where = quote_ident(schema)
        defn = f"CREATE EXTENSION IF NOT EXISTS {q} WITH SCHEMA {where};\n"
        item = self.add(_Item("EXTENSION", name, name, None, None, defn, f"DROP EXTENSION {q};\n"))
        comment = ext.comment if ext is not None else EXTENSION_COMMENTS.get(name)
        if comment is not None:
            defn = f"COMMENT ON EXTENSION {q} IS {quote_literal(comment)};\n"
            item.attached.append(
                _Item("COMMENT", f"EXTENSION {q}", "", None, "", defn, deps=[item])
            )
        self.extensions[name] = item

    def _enum(self, schema: str, name: str, labels: Iterable[str]) -> None:
        qname = qualify(schema, name)
        body = ",\n".join(f"    {quote_literal(label)}" for label in labels)
        defn = f"CREATE TYPE {qname} AS ENUM (\n{body}\n);\n"
        self.types[f"{schema}.{name}"] = self.add(
            _Item(
                "TYPE",
                name,
                name,
                schema,
                self.owner,
                defn,
                f"DROP TYPE {qname};\n",
                deps=self._in_schema(schema),
            )
        )

    def _user_type(self, ut: UserType, desc: str, defn: str, uses: Iterable[PgType]) -> None:
        qname = qualify(ut.schema, ut.name)
        self.types[f"{ut.schema}.{ut.name}"] = self.add(
            _Item(
                desc,
                ut.name,
                ut.name,
                ut.schema,
                self.owner,
                defn,
                f"DROP {desc} {qname};\n",
                deps=self._in_schema(ut.schema) + self._type_deps(uses),
            )
        )

    def _composite(self, ut: UserType) -> None:
        """pg_dump's CREATE TYPE … AS (…): one tab-indented line per field."""
        body = ",\n".join(f"\t{quote_ident(name)} {t.display()}" for name, t in ut.attributes)
        defn = f"CREATE TYPE {ut.qualified} AS (\n{body}\n);\n"
        self._user_type(ut, "TYPE", defn, (t for _, t in ut.attributes))

    def _domain(self, ut: UserType) -> None:
        """pg_dump's CREATE DOMAIN: base type, NOT NULL, then the named CHECK on a new line."""
        assert ut.base is not None
        defn = f"CREATE DOMAIN {ut.qualified} AS {ut.base.display()}"
        if ut.not_null:
            defn += " NOT NULL"
        if ut.check is not None:
            con = self.domain_checks[(ut.schema, ut.name)]
            check = _check_clause(qualify_casts(ut.check, self.casts))
            defn += f"\n\tCONSTRAINT {quote_ident(con)} {check}"
        self._user_type(ut, "DOMAIN", defn + ";\n", (ut.base,))

    def _range(self, ut: UserType) -> None:
        """pg_dump's CREATE TYPE … AS RANGE: the subtype without modifiers (a range keeps
        none) and the multirange type PostgreSQL 14+ creates with it."""
        sub = ut.base
        assert sub is not None
        subtype = sub.user.qualified if sub.user is not None else display_name(sub.name)
        multi = qualify(ut.schema, multirange_name(ut.name))
        defn = (
            f"CREATE TYPE {ut.qualified} AS RANGE (\n    subtype = {subtype},\n"
            f"    multirange_type_name = {multi}\n);\n"
        )
        self._user_type(ut, "TYPE", defn, (sub,))

    def _type_deps(self, types: Iterable[PgType | RColumn]) -> list[_Item]:
        """The type (or extension) entries a table's columns or a type's parts use, one per
        use, as pg_dump lists them (an array depends on its element type)."""
        deps = []
        for t in types:
            pgtype = t.type if isinstance(t, RColumn) else t
            ut = pgtype.user
            if ut is not None:
                if f"{ut.schema}.{ut.name}" in self.types:
                    deps.append(self.types[f"{ut.schema}.{ut.name}"])
                continue
            ext = pgtype.extension
            if ext is not None and ext in self.extensions:
                deps.append(self.extensions[ext])
        return deps

    # -- a table and what belongs to it ---------------------------------------------------

    def _table(self, rt: RTable) -> None:
        names = self.names[rt.key]
        ns, q = rt.schema, rt.qualified
        checks = [] if self.options.no_constraints else names.checks
        deps = self._in_schema(ns) + self._type_deps(rt.columns.values())
        defn = _create_table(rt, checks, casts=self.casts)
        if rt.partition_by is not None:
            defn = defn[: -len(";\n")] + f"\nPARTITION BY {rt.partition_by};\n"
        table = self.add(
            _Item(
                "TABLE",
                rt.name,
                rt.name,
                ns,
                self.owner,
                defn,
                f"DROP TABLE {q};\n",
                deps=deps,
                table=rt.key,
                no_am=rt.partition_by is not None,
            )
        )
        self.tables[rt.key] = table
        if rt.comment is not None:
            self._comment(table, rt, f"TABLE {quote_ident(rt.name)}", f"TABLE {q}", rt.comment)
        for col in rt.columns.values():
            if col.comment is not None:
                qcol = quote_ident(col.name)
                tag = f"COLUMN {quote_ident(rt.name)}.{qcol}"
                self._comment(table, rt, tag, f"COLUMN {q}.{qcol}", col.comment)
        table_data = self.data.get(rt.key)
        rows = table_data.row_count if table_data is not None else rt.row_count
        for attnum, col in enumerate(rt.columns.values(), start=1):
            if col.name in names.sequences and col.identity is not None:
                self._identity(rt, table, col, names.sequences[col.name], rows)
            elif col.name in names.sequences:
                self._serial(rt, table, col, names.sequences[col.name], attnum, rows)
        if rt.partitions:
            self._partitions(rt, table, names, checks)
        if not self.options.schema_only and not rt.partitions:
            self._table_data(rt, table, table_data)
        elif not self.options.schema_only:
            for n, (part, part_table) in enumerate(self.partitions[rt.key]):
                routed = None
                if table_data is not None:
                    routed = partition_data(rt, table_data, n, self.options.load_via_partition_root)
                self._table_data(rt, part_table, routed, part)
        parts = self.partitions.get(rt.key, [])
        only = "ONLY " if parts else ""
        for con, clause, cols in names.keys:
            nnd = " NULLS NOT DISTINCT" if tuple(cols) in rt.nulls_not_distinct else ""
            body = f"{clause}{nnd} ({_column_list(cols)})"
            defn, drop = _add_constraint(q, con, body)
            item = self.add(
                _Item(
                    "CONSTRAINT",
                    f"{rt.name} {con}",
                    con,
                    ns,
                    self.owner,
                    defn,
                    drop,
                    deps=[table] * len(cols),
                    table=rt.key,
                )
            )
            self.keys.setdefault((rt.key, frozenset(cols)), item)
            for part, part_table in parts:
                label = "pkey" if clause == "PRIMARY KEY" else "key"
                addition = None if clause == "PRIMARY KEY" else index_name_addition(cols)
                child = self._partition_index_name(part.schema, part.name, addition, label)
                cdefn, cdrop = _add_constraint(part.qualified, child, body)
                child_item = self.add(
                    _Item(
                        "CONSTRAINT",
                        f"{part.name} {child}",
                        child,
                        part.schema,
                        self.owner,
                        cdefn,
                        cdrop,
                        deps=[part_table] * len(cols),
                        table=rt.key,
                    )
                )
                self._index_attach(qualify(ns, con), part, child, [item, child_item])
        for ix in rt.indexes:
            defn = _create_index(ix, q, only)
            item = self.add(
                _Item(
                    "INDEX",
                    ix.name,
                    ix.name,
                    ns,
                    self.owner,
                    defn,
                    f"DROP INDEX {qualify(ns, ix.name)};\n",
                    deps=[table] * max(1, len(ix.columns)),
                    table=rt.key,
                )
            )
            if ix.comment is not None:
                self._comment(
                    item,
                    rt,
                    f"INDEX {quote_ident(ix.name)}",
                    f"INDEX {qualify(ns, ix.name)}",
                    ix.comment,
                )
            if ix.unique and ix.where is None and not ix.has_expressions:
                self.unique_indexes.setdefault((rt.key, frozenset(ix.columns)), item)
            for part, part_table in parts:
                child = self._partition_index_name(
                    part.schema, part.name, index_name_addition(_element_names(ix)), "idx"
                )
                child_ix = replace(ix, name=child)
                child_item = self.add(
                    _Item(
                        "INDEX",
                        child,
                        child,
                        part.schema,
                        self.owner,
                        _create_index(child_ix, part.qualified, ""),
                        f"DROP INDEX {qualify(part.schema, child)};\n",
                        deps=[part_table] * max(1, len(ix.columns)),
                        table=rt.key,
                    )
                )
                self._index_attach(qualify(ns, ix.name), part, child, [item, child_item])

    def _comment(self, of: _Item, rt: RTable, tag: str, target: str, text: str) -> None:
        defn = f"COMMENT ON {target} IS {quote_literal(text)};\n"
        of.attached.append(
            _Item("COMMENT", tag, "", rt.schema, self.owner, defn, deps=[of], table=rt.key)
        )

    def _serial(
        self, rt: RTable, table: _Item, col: RColumn, seq: str, attnum: int, rows: int
    ) -> None:
        ns, q, owner = rt.schema, rt.qualified, self.owner
        qseq, qcol = qualify(ns, seq), quote_ident(col.name)
        sequence = self.add(
            _Item(
                "SEQUENCE",
                seq,
                seq,
                ns,
                owner,
                _create_sequence(qseq, col.type.name),
                f"DROP SEQUENCE {qseq};\n",
                deps=[*self._in_schema(ns), table],
                table=rt.key,
            )
        )
        self.sequence_items[qseq] = sequence
        defn = f"ALTER SEQUENCE {qseq} OWNED BY {q}.{qcol};\n"
        sequence.attached.append(
            _Item("SEQUENCE OWNED BY", seq, seq, ns, owner, defn, deps=[sequence], table=rt.key)
        )
        defn = (
            f"ALTER TABLE ONLY {q} ALTER COLUMN {qcol} SET DEFAULT "
            f"nextval({quote_literal(qseq)}::regclass);\n"
        )
        self.add(
            _Item(
                "DEFAULT",
                f"{rt.name} {col.name}",
                rt.name,
                ns,
                owner,
                defn,
                f"ALTER TABLE {q} ALTER COLUMN {qcol} DROP DEFAULT;\n",
                deps=[table, sequence, table],
                table=rt.key,
                attnum=attnum,
            )
        )
        self._sequence_set(rt, sequence, rows)

    def _identity(self, rt: RTable, table: _Item, col: RColumn, seq: str, rows: int) -> None:
        """pg_dump's identity sequence: an ALTER TABLE … ADD GENERATED … AS IDENTITY entry of
        kind SEQUENCE without a DROP (so no OWNER TO), no OWNED BY, no DEFAULT; the
        sequence keeps the column's type, so there is no ``AS`` line."""
        ns, owner = rt.schema, self.owner
        qseq = qualify(ns, seq)
        kind = "ALWAYS" if col.identity == "always" else "BY DEFAULT"
        defn = (
            f"ALTER TABLE {rt.qualified} ALTER COLUMN {quote_ident(col.name)} ADD GENERATED "
            f"{kind} AS IDENTITY (\n    SEQUENCE NAME {qseq}\n    START WITH 1\n"
            "    INCREMENT BY 1\n    NO MINVALUE\n    NO MAXVALUE\n    CACHE 1\n);\n"
        )
        sequence = self.add(
            _Item(
                "SEQUENCE",
                seq,
                seq,
                ns,
                owner,
                defn,
                deps=[*self._in_schema(ns), table],
                table=rt.key,
            )
        )
        self._sequence_set(rt, sequence, rows)

    def _sequence_set(self, rt: RTable, sequence: _Item, rows: int) -> None:
        """The sequence's value after the data: the next number is past the last row."""
        seq, ns = sequence.tag, rt.schema
        value = f"{rows}, true" if rows > 0 else "1, false"
        defn = f"SELECT pg_catalog.setval({quote_literal(qualify(ns, seq))}, {value});\n"
        self.add(
            _Item("SEQUENCE SET", seq, seq, ns, self.owner, defn, deps=[sequence], table=rt.key)
        )

    def _table_data(
        self,
        rt: RTable,
        table: _Item,
        table_data: TableData | None,
        part: RPartition | None = None,
    ) -> None:
        """A table's data; a partition's (``part``) is the parent's rows routed to it,
        loaded into the partition or, with --load-via-partition-root, into the parent."""
        included = self.options.include_tables
        if table_data is None and self.need_data and (included is None or rt.key in included):
            raise ValueError(f"no data for table {rt.key!r}")
        copy = None
        if not self.options.inserts:
            cols = table_data.columns if table_data is not None else []
            names = (
                [c.name for c in cols]
                if table_data is not None
                else [c.name for c in rt.columns.values() if c.has_data]
            )
            collist = f"({_column_list(names)})" if names else ""
            target = rt.qualified
            if part is not None and not self.options.load_via_partition_root:
                target = part.qualified if router_for(rt) is not None else rt.qualified
            copy = f"COPY {target} {collist} FROM stdin;\n"
        name, schema = (part.name, part.schema) if part is not None else (rt.name, rt.schema)
        self.add(
            _Item(
                "TABLE DATA",
                name,
                name,
                schema,
                self.owner,
                None,
                deps=[table],
                table=rt.key,
                copy_stmt=copy,
                data=table_data,
                oid_of=table,
            )
        )

    def _foreign_key(self, rt: RTable, fk: RForeignKey) -> None:
        parent_rt, parent = self.schema.tables[fk.ref_table], self.tables[fk.ref_table]
        wanted = (fk.ref_table, frozenset(fk.ref_columns))
        key = self.keys.get(wanted) or self.unique_indexes.get(wanted)
        clause = (
            f"FOREIGN KEY ({_column_list(fk.columns)}) REFERENCES "
            f"{parent_rt.qualified}({_column_list(fk.ref_columns)}){_fk_actions(fk)}"
        )
        defn, drop = _add_constraint(rt.qualified, fk.name, clause, only=not rt.partitions)
        own = self.tables[rt.key]
        deps = ([key] if key else []) + [parent] * len(fk.ref_columns) + [own] * len(fk.columns)
        self.add(
            _Item(
                "FK CONSTRAINT",
                f"{rt.name} {fk.name}",
                fk.name,
                rt.schema,
                self.owner,
                defn,
                drop,
                deps=deps,
                table=rt.key,
            )
        )


# ---------------------------------------------------------------------------
# Ordering: pg_dump's TopoSort and loop repair
# ---------------------------------------------------------------------------


def _topo_sort(before: list[list[int]]) -> tuple[list[int], list[int]]:
    """pg_dump's TopoSort over items already in sort order.

    ``before[i]`` lists the items that must precede item i. The output is filled from the
    end, always taking the highest-numbered item nothing else still waits for, so the
    input order changes only where a dependency forces it. Returns (order, stuck items).
    """
    n = len(before)
    waiting = [0] * n
    for deps in before:
        for j in deps:
            waiting[j] += 1
    heap = [-i for i in range(n) if waiting[i] == 0]
    heapq.heapify(heap)
    order: list[int] = []
    while heap:
        i = -heapq.heappop(heap)
        order.append(i)
        for j in before[i]:
            waiting[j] -= 1
            if waiting[j] == 0:
                heapq.heappush(heap, -j)
    order.reverse()
    return order, [i for i in range(n) if waiting[i]]


def _find_loop(
    start: int, before: list[list[int]], processed: set[int], failed: dict[int, int]
) -> list[int]:
    """The first dependency loop through *start*, searched like pg_dump's findLoop.

    Depth first along each item's dependencies in order; items already processed, already
    on the path, or known not to lead back to *start* are not entered.
    """
    path: list[int] = []
    on_path: set[int] = set()
    pending: list[Iterator[int]] = []
    obj: int | None = start
    while True:
        if obj is not None and not (obj in processed or obj in on_path or failed.get(obj) == start):
            path.append(obj)
            on_path.add(obj)
            if start in before[obj]:
                return path
            pending.append(iter(before[obj]))
        if not pending:
            return []
        obj = next(pending[-1], None)
        if obj is None:
            pending.pop()
            done = path.pop()
            on_path.discard(done)
            failed[done] = start


def _sort(
    items: list[_Item], extra: Mapping[_Item, list[_Item]]
) -> tuple[list[_Item], list[list[_Item]]]:
    """Items in pg_dump's order, plus the FK loops among TABLE DATA items it had to break."""
    items = sorted(items, key=_Item.sort_key)
    index = {id(item): i for i, item in enumerate(items)}
    before = [
        [index[id(d)] for d in [*item.deps, *extra.get(item, ())] if id(d) in index]
        for item in items
    ]
    # findDependencyLoops visits stuck objects by dump id, i.e. in catalog order.
    catalog_order = [item.rank for item in items]
    loops: list[list[_Item]] = []
    while True:
        order, stuck = _topo_sort(before)
        if not stuck:
            return [items[i] for i in order], loops
        processed: set[int] = set()
        failed: dict[int, int] = {}
        fixed = False
        for obj in sorted(stuck, key=catalog_order.__getitem__):
            loop = _find_loop(obj, before, processed, failed)
            if not loop:
                processed.add(obj)
                continue
            if any(items[i].desc != "TABLE DATA" for i in loop):
                names = ", ".join(f"{items[i].desc} {items[i].tag}" for i in loop)
                raise RuntimeError(f"dependency loop among {names}")
            loops.append([items[i] for i in loop])
            drop = loop[1] if len(loop) > 1 else loop[0]
            before[loop[0]] = [j for j in before[loop[0]] if j != drop]
            processed.update(loop)
            fixed = True
        if not fixed:
            raise RuntimeError("dependency sort failed without a loop")


def _fk_data_deps(schema: ResolvedSchema, items: Iterable[_Item]) -> dict[_Item, list[_Item]]:
    """Data-only mode: each table's data waits for the data of the tables it references."""
    data = {item.table: item for item in items if item.desc == "TABLE DATA"}
    extra: dict[_Item, list[_Item]] = {}
    for key, item in data.items():
        assert key is not None
        for fk in sorted(schema.tables[key].fks, key=lambda f: f.name):
            parent = data.get(fk.ref_table)
            if parent is not None:  # pg_dump: only when both tables' data is dumped
                extra.setdefault(item, []).append(parent)
    return extra


# ---------------------------------------------------------------------------
# Public entry points
# ---------------------------------------------------------------------------


def _keep(item: _Item, options: TocOptions, needed: AbstractSet[_Item] = frozenset()) -> bool:
    chosen = options.include_tables
    if chosen is not None and item.table not in chosen and item not in needed:
        return False
    is_data = item.kind.section is Section.DATA
    if (options.data_only and not is_data) or (options.schema_only and is_data):
        return False
    if options.no_indexes and item.desc == "INDEX":
        return False
    return not (options.no_constraints and item.desc in ("CONSTRAINT", "FK CONSTRAINT"))


def _needed_objects(items: Iterable[_Item], tables: AbstractSet[str]) -> set[_Item]:
    """Extensions, plus the schemas and types the chosen tables' entries depend on."""
    needed = {item for item in items if item.desc == "EXTENSION"}
    todo = [item for item in items if item.table in tables]
    while todo:
        for dep in todo.pop().deps:
            if dep.table is None and dep not in needed:
                needed.add(dep)
                todo.append(dep)
    return needed


def _plan(
    schema: ResolvedSchema, data: Mapping[str, TableData] | None, options: TocOptions
) -> tuple[list[_Item], list[list[_Item]]]:
    """The kept items in TOC order, and the FK loops broken to get there."""
    if options.schema_only and options.data_only:
        raise ValueError("schema-only and data-only cannot be used together")
    items = _Builder(schema, data, options).build()
    # OIDs in the order a restore of the full dump would create the objects.
    full, _ = _sort(items, {})
    oids = itertools.count(FIRST_OID)
    for item in full:
        if item.kind.catalog:
            item.oid = next(oids)
    needed: set[_Item] = set()
    if options.include_tables is not None and options.self_contained:
        needed = _needed_objects(full, options.include_tables)
    kept = [item for item in full if _keep(item, options, needed)]
    for item in kept:
        item.rank = (item.oid_of.oid if item.oid_of is not None else item.oid) or item.rank
    extra = _fk_data_deps(schema, kept) if options.data_only else {}
    return _sort(kept, extra)


_SPECIAL_DEPS = frozenset({"TABLE DATA", "SEQUENCE SET", "SEQUENCE OWNED BY", "COMMENT"})
_SPECIAL = (
    ("STDSTRINGS", "SET standard_conforming_strings = 'on';\n"),
    ("SEARCHPATH", "SELECT pg_catalog.set_config('search_path', '', false);\n"),
)


def build_toc(
    schema: ResolvedSchema,
    data: Mapping[str, TableData],
    options: TocOptions,
    *,
    info: DumpInfo | None = None,
) -> Dump:
    """The TOC pg_dump 15 would write for the database *schema* describes, filled with *data*.

    *data* maps table keys to their row streams; every dumped table needs one unless
    ``schema_only``. *info* defaults to the schema's database name and encoding.

    Column defaults and CHECK expressions appear as the schema wrote them, where pg_dump
    would print the server's deparsed form; the fidelity test compares a restored
    database's pg_dump output with ours instead (see ``_create_table``).
    """
    ordered, _ = _plan(schema, data, options)
    if info is None:
        info = DumpInfo(database=schema.database, encoding=schema.encoding)
    encoding = f"SET client_encoding = {quote_literal(schema.encoding)};\n"
    entries = [TocEntry(1, "ENCODING", "ENCODING", Section.PRE_DATA, defn=encoding)]
    for n, (desc, defn) in enumerate(_SPECIAL, start=2):
        entries.append(TocEntry(n, desc, desc, Section.PRE_DATA, defn=defn))
    flat = [e for item in ordered for e in (item, *item.attached)]
    ids = {id(item): n for n, item in enumerate(flat, start=len(entries) + 1)}
    # pg_dump keeps the "special" dependencies of table data, sequence values and comments
    # even on objects left out (a -a dump's TABLE DATA still names its TABLE); such
    # objects get ids after the TOC's. Other dependencies only name dumped entries.
    absent = itertools.count(len(entries) + len(flat) + 1)
    for item in flat:
        if item.desc in _SPECIAL_DEPS:
            for d in item.deps:
                if id(d) not in ids:
                    ids[id(d)] = next(absent)
            deps = tuple(ids[id(d)] for d in item.deps)
        else:
            deps = tuple(ids[id(d)] for d in item.deps if id(d) in ids)
        entries.append(item.entry(ids[id(item)], deps))
    return Dump(info=info, entries=entries)


def data_only_fk_cycles(schema: ResolvedSchema, options: TocOptions) -> list[FkCycle]:
    """The FK cycles pg_dump would warn about, in its order; empty unless ``data_only``.

    build_toc breaks each cycle as pg_dump does, so those tables' data cannot all load
    parents-first: restoring needs ``--disable-triggers`` or dropping the constraints.
    """
    if not options.data_only:
        return []
    _, loops = _plan(schema, None, options)
    return [
        FkCycle(tuple(i.table or "" for i in loop), tuple(i.tag for i in loop)) for loop in loops
    ]
