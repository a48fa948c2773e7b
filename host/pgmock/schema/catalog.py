"""A live database as a schema: its catalog read with psycopg 3 and written out as DDL,
which the SQL source (``schema-sql``) then reads like any ``schema.sql``.

Going through DDL keeps one reader of PostgreSQL's objects: what the SQL source carries,
refuses or notes, it does for a live database too. The DDL is built from the server's
own deparsers (``format_type``, ``pg_get_constraintdef``, ``pg_get_indexdef``,
``pg_get_viewdef``, ``pg_get_functiondef``, ``pg_get_triggerdef``, ``pg_get_expr``), so
it is what ``pg_dump -s`` would print.

What is read — the system catalogs only, in one read-only transaction: schemas,
extensions, types (enum, domain, composite, range), tables and partitions, columns,
defaults, identity and generated columns, constraints, indexes, sequences owned by
columns, views, materialized views, functions and procedures, triggers, rules, policies
and comments. With ``stats``: ``pg_class.reltuples`` (row counts) and ``pg_stats.null_frac``
(the fraction of NULLs per column), written as ``-- pgmock:`` hints. Never read: a row
of any table, ``pg_stats``' value columns (most common values, histogram bounds), roles
and their passwords, grants, settings.
"""

from __future__ import annotations

from typing import Any

from pgmock.errors import UsageError

__all__ = ["catalog_ddl"]

# Objects of the user: not the system's, not an extension's.
_USER_NS = (
    "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp_)'"
)


def _not_extension(classid: str, oid: str) -> str:
    return (
        f"NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '{classid}'::regclass "
        f"AND d.objid = {oid} AND d.deptype = 'e')"
    )


def catalog_ddl(url: str, *, schemas: tuple[str, ...] = (), stats: bool = False) -> str:
    """The database at ``url`` as DDL text, objects in an order the SQL source applies."""
    try:
        import psycopg
    except ImportError:
        raise UsageError(
            "reading a live database needs psycopg 3: pip install 'pgmockdb[live]'"
        ) from None
    try:
        conn = psycopg.connect(url, autocommit=False, connect_timeout=30)
    except psycopg.Error as exc:
        raise UsageError(f"cannot connect to the database: {str(exc).strip()}") from None
    with conn:
        conn.execute("SET TRANSACTION READ ONLY")
        # as pg_dump does: the deparsers then qualify every name they print
        conn.execute("SELECT pg_catalog.set_config('search_path', '', true)")
        try:
            return _Reader(conn, schemas, stats).ddl()
        except psycopg.Error as exc:
            raise UsageError(f"reading the catalog failed: {str(exc).strip()}") from None
        finally:
            conn.rollback()


class _Reader:
    def __init__(self, conn: Any, schemas: tuple[str, ...], stats: bool) -> None:
        self.conn = conn
        self.stats = stats
        self.version = conn.info.server_version
        self.ns = _USER_NS
        self.params: dict[str, Any] = {}
        if schemas:
            self.ns += " AND n.nspname = ANY(%(schemas)s)"
            self.params["schemas"] = list(schemas)
        self.out: list[str] = []

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        return list(self.conn.execute(sql, self.params).fetchall())

    def emit(self, text: str) -> None:
        self.out.append(text.rstrip().rstrip(";") + ";\n")

    def ddl(self) -> str:
        self.out.append("SELECT pg_catalog.set_config('search_path', '', false);\n")
        self._schemas()
        self._extensions()
        self._types()
        self._tables()
        self._constraints()
        self._indexes("'r', 'p'")
        self._sequences()
        self._functions()
        self._aggregates()
        self._views()
        self._indexes("'m'")
        self._triggers_rules_policies()
        self._comments()
        return "".join(self.out)

    # -- namespaces, extensions, types --------------------------------------------------

    def _schemas(self) -> None:
        for (name,) in self.rows(
            f"SELECT quote_ident(n.nspname) FROM pg_namespace n WHERE {self.ns} "
            f"AND n.nspname <> 'public' AND {_not_extension('pg_namespace', 'n.oid')} "
            "ORDER BY n.nspname"
        ):
            self.emit(f"CREATE SCHEMA {name}")

    def _extensions(self) -> None:
        for (name,) in self.rows(
            "SELECT quote_ident(extname) FROM pg_extension WHERE extname <> 'plpgsql' "
            "ORDER BY extname"
        ):
            self.emit(f"CREATE EXTENSION IF NOT EXISTS {name}")

    def _types(self) -> None:
        qname = "quote_ident(n.nspname) || '.' || quote_ident(t.typname)"
        base = (
            f"FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE {self.ns} "
            f"AND {_not_extension('pg_type', 't.oid')}"
        )
        for name, labels in self.rows(
            f"SELECT {qname}, (SELECT string_agg(quote_literal(e.enumlabel), ', ' "
            f"ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid) "
            f"{base} AND t.typtype = 'e' ORDER BY t.oid"
        ):
            self.emit(f"CREATE TYPE {name} AS ENUM ({labels or ''})")
        for name, subtype in self.rows(
            f"SELECT {qname}, (SELECT format_type(r.rngsubtype, NULL) FROM pg_range r "
            f"WHERE r.rngtypid = t.oid) {base} AND t.typtype = 'r' "
            "ORDER BY t.oid"
        ):
            self.emit(f"CREATE TYPE {name} AS RANGE (subtype = {subtype})")
        for name, fields in self.rows(
            f"SELECT {qname}, (SELECT string_agg(quote_ident(a.attname) || ' ' || "
            "format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum) FROM pg_attribute a "
            "WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) "
            f"{base} AND t.typtype = 'c' AND (SELECT c.relkind FROM pg_class c "
            "WHERE c.oid = t.typrelid) = 'c' ORDER BY t.oid"
        ):
            self.emit(f"CREATE TYPE {name} AS ({fields or ''})")
        for name, over, notnull, default, checks in self.rows(
            f"SELECT {qname}, format_type(t.typbasetype, t.typtypmod), t.typnotnull, "
            "t.typdefault, (SELECT string_agg('CONSTRAINT ' || quote_ident(c.conname) || ' ' "
            "|| pg_get_constraintdef(c.oid), ' ' ORDER BY c.conname) FROM pg_constraint c "
            "WHERE c.contypid = t.oid AND c.contype = 'c') "
            f"{base} AND t.typtype = 'd' ORDER BY t.oid"
        ):
            text = f"CREATE DOMAIN {name} AS {over}"
            if default is not None:
                text += f" DEFAULT {default}"
            if notnull:
                text += " NOT NULL"
            if checks:
                text += f" {checks}"
            self.emit(text)

    # -- tables ----------------------------------------------------------------------------

    def _tables(self) -> None:
        nulls: dict[tuple[str, str], float] = {}
        if self.stats:
            nulls = {
                (s, t + "." + a): float(f)
                for s, t, a, f in self.rows(
                    "SELECT n.nspname, c.relname, s.attname, s.null_frac FROM pg_stats s "
                    "JOIN pg_namespace n ON n.nspname = s.schemaname JOIN pg_class c "
                    f"ON c.relnamespace = n.oid AND c.relname = s.tablename WHERE {self.ns} "
                    "AND NOT s.inherited"
                )
            }
        tables = self.rows(
            "SELECT c.oid, n.nspname, c.relname, quote_ident(n.nspname) || '.' || "
            "quote_ident(c.relname), c.relkind, c.relispartition, "
            "CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END, "
            "CASE WHEN c.relispartition THEN (SELECT quote_ident(pn.nspname) || '.' || "
            "quote_ident(p.relname) FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent "
            "JOIN pg_namespace pn ON pn.oid = p.relnamespace WHERE i.inhrelid = c.oid) END, "
            "pg_get_expr(c.relpartbound, c.oid), "
            # a partitioned table holds no rows itself: its partitions' count (-1: never
            # analyzed, no hint)
            "CASE WHEN c.relkind = 'p' THEN (SELECT sum(greatest(p.reltuples, 0))::bigint "
            "FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhrelid WHERE i.inhparent = c.oid) "
            "ELSE c.reltuples::bigint END, c.relrowsecurity, "
            "c.relforcerowsecurity, c.relpersistence "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            f"WHERE c.relkind IN ('r', 'p') AND {self.ns} "
            f"AND {_not_extension('pg_class', 'c.oid')} ORDER BY c.relispartition, c.oid"
        )
        for (
            oid,
            nsp,
            rel,
            qname,
            kind,
            is_part,
            partkey,
            parent,
            bound,
            tuples,
            rls,
            force,
            _,
        ) in tables:
            if is_part:
                self.emit(f"CREATE TABLE {qname} PARTITION OF {parent} {bound}")
                continue
            columns = []
            for cname, ctype, notnull, default, identity, generated, collation in self.rows(
                "SELECT quote_ident(a.attname), format_type(a.atttypid, a.atttypmod), "
                "a.attnotnull, pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated, "
                "CASE WHEN a.attcollation <> t.typcollation THEN (SELECT quote_ident(cn.nspname)"
                " || '.' || quote_ident(co.collname) FROM pg_collation co JOIN pg_namespace cn "
                "ON cn.oid = co.collnamespace WHERE co.oid = a.attcollation) END "
                "FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
                "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                f"WHERE a.attrelid = {int(oid)} AND a.attnum > 0 AND NOT a.attisdropped "
                "ORDER BY a.attnum"
            ):
                text = f"    {cname} {ctype}"
                if collation:
                    text += f" COLLATE {collation}"
                if generated == "s":
                    text += f" GENERATED ALWAYS AS ({default}) STORED"
                elif identity in ("a", "d"):
                    text += " GENERATED {} AS IDENTITY".format(
                        "ALWAYS" if identity == "a" else "BY DEFAULT"
                    )
                elif default is not None:
                    text += f" DEFAULT {default}"
                if notnull:
                    text += " NOT NULL"
                frac = nulls.get((nsp, f"{rel}.{cname.strip(chr(34))}"))
                hint = f"  -- pgmock: null={round(frac, 4)}" if frac and not notnull else ""
                columns.append((text, hint))
            lines = []
            for n, (text, hint) in enumerate(columns):
                lines.append(text + ("," if n < len(columns) - 1 else "") + hint)
            head = ""
            if self.stats and tuples is not None and tuples >= 0:
                head = f"-- pgmock: rows={max(int(tuples), 1)}\n"
            body = "\n".join(lines)
            tail = f" PARTITION BY {partkey}" if kind == "p" else ""
            self.out.append(f"{head}CREATE TABLE {qname} (\n{body}\n){tail};\n")
            if rls:
                self.emit(f"ALTER TABLE {qname} ENABLE ROW LEVEL SECURITY")
            if force:
                self.emit(f"ALTER TABLE {qname} FORCE ROW LEVEL SECURITY")

    def _constraints(self) -> None:
        # keys first, then foreign keys (which need their parent's key), then the rest
        for qname, con, definition in self.rows(
            "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname), "
            "quote_ident(k.conname), pg_get_constraintdef(k.oid) FROM pg_constraint k "
            "JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            f"WHERE k.contype IN ('p', 'u', 'f', 'c', 'x') AND k.conislocal AND {self.ns} "
            f"AND k.conparentid = 0 AND c.relkind IN ('r', 'p') "
            f"AND {_not_extension('pg_class', 'c.oid')} "
            "ORDER BY position(k.contype::text IN 'puxcf'), k.oid"
        ):
            self.emit(f"ALTER TABLE ONLY {qname} ADD CONSTRAINT {con} {definition}")

    def _indexes(self, kinds: str) -> None:
        for (definition,) in self.rows(
            "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            f"WHERE {self.ns} AND c.relkind IN ({kinds}) "
            f"AND {_not_extension('pg_class', 'c.oid')} "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid "
            "AND k.contype IN ('p', 'u', 'x')) "
            "AND NOT EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = i.indexrelid) "
            "ORDER BY i.indexrelid"
        ):
            self.emit(definition)

    def _sequences(self) -> None:
        # Only the sequences of serial columns (owned, dependency 'a'); identity columns'
        # sequences are part of the column. Others are read so the SQL source can refuse
        # them with a reason, as for a schema.sql.
        for qname, owner in self.rows(
            "SELECT quote_ident(n.nspname) || '.' || quote_ident(s.relname), "
            "(SELECT quote_ident(tn.nspname) || '.' || quote_ident(t.relname) || '.' || "
            "quote_ident(a.attname) FROM pg_depend d JOIN pg_class t ON t.oid = d.refobjid "
            "JOIN pg_namespace tn ON tn.oid = t.relnamespace JOIN pg_attribute a "
            "ON a.attrelid = t.oid AND a.attnum = d.refobjsubid WHERE d.classid = "
            "'pg_class'::regclass AND d.objid = s.oid AND d.deptype = 'a') "
            "FROM pg_class s JOIN pg_namespace n ON n.oid = s.relnamespace "
            f"WHERE s.relkind = 'S' AND {self.ns} AND {_not_extension('pg_class', 's.oid')} "
            "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass "
            "AND d.objid = s.oid AND d.deptype = 'i') ORDER BY s.oid"
        ):
            self.emit(f"CREATE SEQUENCE {qname}")
            if owner:
                self.emit(f"ALTER SEQUENCE {qname} OWNED BY {owner}")

    # -- objects carried as SQL -------------------------------------------------------------

    def _functions(self) -> None:
        for (definition,) in self.rows(
            "SELECT pg_get_functiondef(p.oid) FROM pg_proc p "
            f"JOIN pg_namespace n ON n.oid = p.pronamespace WHERE {self.ns} "
            f"AND p.prokind IN ('f', 'p') AND {_not_extension('pg_proc', 'p.oid')} "
            "ORDER BY p.oid"
        ):
            self.emit(definition)

    def _aggregates(self) -> None:
        for signature, sfunc, stype, final, combine, init in self.rows(
            "SELECT p.oid::regprocedure::text, a.aggtransfn::regproc::text, "
            "format_type(a.aggtranstype, NULL), NULLIF(a.aggfinalfn, 0)::regproc::text, "
            "NULLIF(a.aggcombinefn, 0)::regproc::text, a.agginitval FROM pg_aggregate a "
            "JOIN pg_proc p ON p.oid = a.aggfnoid JOIN pg_namespace n ON n.oid = p.pronamespace "
            f"WHERE {self.ns} AND a.aggkind = 'n' AND {_not_extension('pg_proc', 'p.oid')} "
            "ORDER BY p.oid"
        ):
            parts = [f"SFUNC = {sfunc}", f"STYPE = {stype}"]
            if final:
                parts.append(f"FINALFUNC = {final}")
            if combine:
                parts.append(f"COMBINEFUNC = {combine}")
            if init is not None:
                parts.append(f"INITCOND = {_literal(init)}")
            self.emit(f"CREATE AGGREGATE {signature} ({', '.join(parts)})")

    def _views(self) -> None:
        for qname, kind, definition in self.rows(
            "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname), c.relkind, "
            "pg_get_viewdef(c.oid) FROM pg_class c JOIN pg_namespace n "
            f"ON n.oid = c.relnamespace WHERE c.relkind IN ('v', 'm') AND {self.ns} "
            f"AND {_not_extension('pg_class', 'c.oid')} ORDER BY c.oid"
        ):
            body = definition.strip().rstrip(";")
            if kind == "v":
                self.emit(f"CREATE VIEW {qname} AS\n{body}")
            else:
                self.emit(f"CREATE MATERIALIZED VIEW {qname} AS\n{body}\nWITH NO DATA")

    def _triggers_rules_policies(self) -> None:
        parent = "AND t.tgparentid = 0 " if self.version >= 130000 else ""
        for (definition,) in self.rows(
            "SELECT pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c "
            "ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            f"WHERE NOT t.tgisinternal {parent}AND {self.ns} ORDER BY t.oid"
        ):
            self.emit(definition)
        for (definition,) in self.rows(
            "SELECT pg_get_ruledef(r.oid) FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class "
            f"JOIN pg_namespace n ON n.oid = c.relnamespace WHERE r.rulename <> '_RETURN' "
            f"AND {self.ns} ORDER BY r.oid"
        ):
            self.emit(definition)
        for name, qname, permissive, cmd, roles, qual, check in self.rows(
            "SELECT quote_ident(p.polname), quote_ident(n.nspname) || '.' || "
            "quote_ident(c.relname), p.polpermissive, p.polcmd, "
            "(SELECT string_agg(CASE WHEN r = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(r))"
            " END, ', ') FROM unnest(p.polroles) r), pg_get_expr(p.polqual, p.polrelid), "
            "pg_get_expr(p.polwithcheck, p.polrelid) FROM pg_policy p JOIN pg_class c "
            f"ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE {self.ns} "
            "ORDER BY p.oid"
        ):
            command = {"r": "SELECT", "a": "INSERT", "w": "UPDATE", "d": "DELETE"}.get(cmd, "ALL")
            text = f"CREATE POLICY {name} ON {qname} AS "
            text += f"{'PERMISSIVE' if permissive else 'RESTRICTIVE'} FOR {command}"
            text += f" TO {roles or 'PUBLIC'}"
            if qual is not None:
                text += f" USING ({qual})"
            if check is not None:
                text += f" WITH CHECK ({check})"
            self.emit(text)

    def _comments(self) -> None:
        kinds = {"r": "TABLE", "p": "TABLE", "v": "VIEW", "m": "MATERIALIZED VIEW", "i": "INDEX"}
        for kind, qname, sub, text in self.rows(
            "SELECT c.relkind, quote_ident(n.nspname) || '.' || quote_ident(c.relname), "
            "(SELECT quote_ident(a.attname) FROM pg_attribute a WHERE a.attrelid = c.oid "
            "AND a.attnum = d.objsubid), d.description FROM pg_description d "
            "JOIN pg_class c ON c.oid = d.objoid AND d.classoid = 'pg_class'::regclass "
            f"JOIN pg_namespace n ON n.oid = c.relnamespace WHERE {self.ns} "
            "AND c.relkind IN ('r', 'p', 'v', 'm', 'i') "
            f"AND {_not_extension('pg_class', 'c.oid')} ORDER BY c.oid, d.objsubid"
        ):
            literal = _literal(text)
            if sub is not None:
                if kind in ("r", "p"):
                    self.emit(f"COMMENT ON COLUMN {qname}.{sub} IS {literal}")
            else:
                self.emit(f"COMMENT ON {kinds[kind]} {qname} IS {literal}")
        for qname, text in self.rows(
            "SELECT quote_ident(n.nspname), d.description FROM pg_description d "
            "JOIN pg_namespace n ON n.oid = d.objoid AND d.classoid = 'pg_namespace'::regclass "
            f"WHERE {self.ns} AND n.nspname <> 'public'"
        ):
            self.emit(f"COMMENT ON SCHEMA {qname} IS {_literal(text)}")
        for signature, text in self.rows(
            "SELECT p.oid::regprocedure::text, d.description FROM pg_description d "
            "JOIN pg_proc p ON p.oid = d.objoid AND d.classoid = 'pg_proc'::regclass "
            f"JOIN pg_namespace n ON n.oid = p.pronamespace WHERE {self.ns} "
            f"AND {_not_extension('pg_proc', 'p.oid')}"
        ):
            self.emit(f"COMMENT ON FUNCTION {signature} IS {_literal(text)}")


def _literal(text: str) -> str:
    return "E'" + text.replace("\\", "\\\\").replace("'", "''") + "'"
