"""The contract, as a property: every schema ``validate`` accepts restores, and holds.

:func:`schemas` is a hypothesis strategy of random *valid-looking* schemas built from the
features of the format: single and composite primary keys, foreign keys (composite ones,
self-references with ``maxDepth``, cycles, nullable ones), children-per-parent counts in
every form, uniqueness of columns, column lists and indexes over FK and non-FK columns,
``from``, ``after``, ``cases`` on enum/boolean/text/integer columns, CHECKs, domains and
user types (enum, composite, range). Each draw also says which feature combinations it
used (*tags*) and which output variant to write.

:class:`Contract` runs one schema through the whole promise: ``pgmock validate``; if it
accepts, ``pgmock generate`` in the drawn variant, a restore into a fresh database of a
real PostgreSQL (``pg_restore -e`` or ``psql -v ON_ERROR_STOP=1``), semantic checks in
SQL (``from`` copies the parent's value, ``after`` is later, ``cases`` fire, counts per
parent and tree depths hold), and ``pgmock verify`` as a second, database-free oracle.
Anything but "rejected by validate" or "all good" is a failure with a *signature* (its
stage and normalized message) that tells distinct bugs apart.

:data:`KNOWN_BUGS` lists, in one place, the combinations that fail today (issue 12); the
CI profile draws around them and each has a minimal reproduction that
tests/restore/test_contract.py runs as a strict xfail. :data:`FIXED_BUGS` keeps the
reproductions of those fixed since, which must pass. :func:`minimize` shrinks a
failing schema greedily (tables, columns, constraints, keys, counts) while it keeps its
signature, for bench/contract_fuzz.py.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import strategies as st

from pgmock.cli import cli

from pgharness import PgCluster

# ------------------------------------------------------------------ known bugs

ISSUE = "issue 12"


@dataclass(frozen=True)
class KnownBug:
    """A feature combination that breaks the contract today, with a minimal schema."""

    tag: str
    what: str
    schema: dict[str, Any]
    variant: tuple[str, ...] = ("-F", "p")
    signature: str = ""  # the stage the minimal schema fails in


def _t(columns: dict[str, Any], **rest: Any) -> dict[str, Any]:
    return {"columns": columns, **rest}


_PARENTS = {
    "people": _t({"id": {"type": "serial", "primaryKey": True}}, rowCount=20),
    "movies": _t({"id": {"type": "serial", "primaryKey": True}}, rowCount=10),
}

#: Combinations that fail today: none known (the ones found are in FIXED_BUGS).
KNOWN_BUGS: dict[str, KnownBug] = {}

#: Reproductions of bugs fixed since this test found or was told of them: each must pass.
FIXED_BUGS: dict[str, KnownBug] = {
    bug.tag: bug
    for bug in [
        KnownBug(
            "per-parent-fk-key",
            f"{ISSUE} (1): a key made of FK columns under children-per-parent counts "
            "repeats pairs; the primary key's index fails on restore",
            {
                "version": "1.0",
                "tables": {
                    **_PARENTS,
                    "movie_cast": _t(
                        {
                            "person_id": {"type": "integer", "references": "people.id"},
                            "movie_id": {"type": "integer", "references": "movies.id"},
                        },
                        rowCount={"per": "movies", "count": 3},
                        primaryKey=["person_id", "movie_id"],
                    ),
                },
            },
            signature="restore",
        ),
        KnownBug(
            "unique-index",
            f"{ISSUE} (2): a unique index over several columns that are not unique by "
            "construction is not enforced on the data; CREATE UNIQUE INDEX fails on restore "
            "(one column alone is generated unique since issue 16)",
            {
                "version": "1.0",
                "tables": {
                    "staff": _t(
                        {
                            "id": {"type": "serial", "primaryKey": True},
                            "grade": {
                                "type": "integer",
                                "generator": "core.integer",
                                "params": {"min": 1, "max": 40},
                            },
                            "level": {
                                "type": "integer",
                                "generator": "core.integer",
                                "params": {"min": 1, "max": 40},
                            },
                        },
                        rowCount=3000,
                        indexes=[{"columns": ["grade", "level"], "unique": True}],
                    )
                },
            },
            signature="restore",
        ),
        KnownBug(
            "index-name-clash",
            "found by this property test: two indexes on the same columns get the same "
            'name; the second CREATE INDEX fails ("relation … already exists")',
            {
                "version": "1.0",
                "tables": {
                    "items": _t(
                        {
                            "id": {"type": "serial", "primaryKey": True},
                            "price": {"type": "integer"},
                        },
                        rowCount=3,
                        indexes=[{"columns": ["price"]}, {"columns": ["price"], "method": "hash"}],
                    )
                },
            },
            signature="restore",
        ),
        KnownBug(
            "free-check",
            f"{ISSUE} (corpus): a column CHECK the generator's parameters do not imply is "
            "written into the dump but not respected by the data",
            {
                "version": "1.0",
                "tables": {
                    "offers": _t(
                        {
                            "id": {"type": "serial", "primaryKey": True},
                            "discount": {
                                "type": "numeric(4,2)",
                                "check": "discount >= 0 AND discount <= 1",
                            },
                        },
                        rowCount=50,
                    )
                },
            },
            signature="restore",
        ),
        KnownBug(
            "typed-default",
            f"{ISSUE} (corpus): a default cast to a user type ('G'::mpaa_rating) fails on "
            "restore: pg_dump's empty search_path does not find the unqualified type",
            {
                "version": "1.0",
                "types": {"rating": {"enum": ["G", "PG"]}},
                "tables": {
                    "films": _t(
                        {
                            "id": {"type": "serial", "primaryKey": True},
                            "rating": {"type": "rating", "default": "'G'::rating"},
                        },
                        rowCount=3,
                    )
                },
            },
            signature="restore",
        ),
        KnownBug(
            "from-fk",
            f"{ISSUE} (3): 'from' on a foreign-key column is ignored: the value is not the "
            "parent row's",
            {
                "version": "1.0",
                "tables": {
                    "customers": _t({"id": {"type": "serial", "primaryKey": True}}, rowCount=20),
                    "orders": _t(
                        {
                            "id": {"type": "serial", "primaryKey": True},
                            "customer_id": {"type": "integer", "references": "customers.id"},
                        },
                        rowCount=30,
                    ),
                    "invoices": _t(
                        {
                            "id": {"type": "serial", "primaryKey": True},
                            "order_id": {"type": "integer", "references": "orders.id"},
                            "customer_id": {
                                "type": "integer",
                                "references": "customers.id",
                                "from": "orders.customer_id",
                            },
                        },
                        rowCount=40,
                    ),
                },
            },
            signature="semantics",
        ),
        KnownBug(
            "cases-boolean",
            f"{ISSUE} (4): 'cases' whose 'on' column is boolean never fires",
            {
                "version": "1.0",
                "tables": {
                    "flags": _t(
                        {
                            "id": {"type": "serial", "primaryKey": True},
                            "active": {"type": "boolean"},
                            "note": {
                                "type": "text",
                                "generator": "core.constant",
                                "params": {"value": "x"},
                                "cases": {"on": "active", "values": {"true": None}},
                            },
                        },
                        rowCount=40,
                    )
                },
            },
            signature="semantics",
        ),
        KnownBug(
            "cases-integer",
            "found by this property test: 'cases' whose 'on' column is an integer never "
            "fires either (as issue 12 (4) for booleans)",
            {
                "version": "1.0",
                "tables": {
                    "tickets": _t(
                        {
                            "id": {"type": "serial", "primaryKey": True},
                            "level": {
                                "type": "integer",
                                "generator": "core.integer",
                                "params": {"min": 1, "max": 2},
                            },
                            "note": {
                                "type": "text",
                                "generator": "core.constant",
                                "params": {"value": "x"},
                                "cases": {"on": "level", "values": {"1": None}},
                            },
                        },
                        rowCount=40,
                    )
                },
            },
            signature="semantics",
        ),
        KnownBug(
            "maxdepth-few-rows",
            "found by this property test: a self-reference with maxDepth in a table of no "
            "more rows than maxDepth makes row 1 its own parent (no root, a cycle)",
            {
                "version": "1.0",
                "tables": {
                    "categories": _t(
                        {
                            "id": {"type": "serial", "primaryKey": True},
                            "parent_id": {
                                "type": "integer",
                                "references": "categories.id",
                                "nullable": True,
                                "maxDepth": 2,
                            },
                        },
                        rowCount=2,
                    )
                },
            },
            signature="semantics",
        ),
    ]
}

# ------------------------------------------------------------------ the strategy

VARIANTS: list[tuple[str, ...]] = [
    ("-F", "p"),
    ("-F", "p", "--inserts"),
    ("-F", "p", "--rows-per-insert", "4", "-j", "2"),
    ("-F", "c"),
    ("-F", "c", "--column-inserts"),
    ("-F", "c", "-j", "2"),
    ("-F", "d"),
    ("-F", "t"),
]

ENUM = {"mood": {"enum": ["sad", "ok", "happy"]}}
DOMAIN = {"posint": {"domain": "integer", "check": "VALUE > 0"}}
TEXT_DOMAIN = {"code5": {"domain": "text", "check": "length(VALUE) <= 5"}}
COMPOSITE = {"addr": {"composite": {"street": "text", "zip": "varchar(10)"}}}
RANGE = {"floatrange": {"range": "float8"}}


@dataclass
class _Key:
    """How other tables reference a table: its key columns and their types."""

    columns: list[str]
    types: list[str]
    serial: bool  # numbered 1..n (serial or identity)


@dataclass
class _Table:
    name: str
    spec: dict[str, Any]
    key: _Key | None
    values: dict[str, str] = field(default_factory=dict)  # generated value columns: kind
    fks: dict[str, _Table] = field(default_factory=dict)  # first FK column -> parent
    may_be_empty: bool = False  # its row count may come out 0


@dataclass
class Drawn:
    """One example: the schema, the combinations it uses, the output variant."""

    schema: dict[str, Any]
    tags: frozenset[str]
    variant: tuple[str, ...]

    def __repr__(self) -> str:  # hypothesis prints this for a failing example
        return (
            f"Drawn(tags={sorted(self.tags)}, variant={self.variant},\n"
            f"schema={json.dumps(self.schema, indent=1)})"
        )


_KEY_KINDS = ["serial", "serial", "identity", "uuid", "seq", "pair", "pair", "fk_seq", "fk_seq",
              "none"]  # fmt: skip
_VALUE_KINDS = ["int", "num", "text", "varchar", "bool", "ts", "enum", "domain", "email",
                "composite", "range"]  # fmt: skip


class _Builder:
    """Draws one schema, table by table; each table may use the ones before it (and,
    through a nullable FK, the serial key of a later one: a cycle)."""

    def __init__(self, draw: st.DrawFn, avoid: frozenset[str]) -> None:
        self.draw = draw
        self.avoid = avoid
        self.tags: set[str] = set()
        self.types: dict[str, Any] = {}
        self.tables: list[_Table] = []
        self.names: list[str] = []
        self.kinds: list[str] = []
        self.referenced_later: set[int] = set()  # tables a cycle FK points at: not empty

    def use(self, tag: str) -> bool:
        """Whether a combination may be drawn (and record it when it is)."""
        if tag in self.avoid:
            return False
        self.tags.add(tag)
        return True

    def maybe(self, p: float = 0.5) -> bool:
        return bool(self.draw(st.integers(0, 99)) < p * 100)

    def pick(self, options: list[Any]) -> Any:
        return self.draw(st.sampled_from(options))

    # -------------------------------------------------------------- the schema

    def build(self) -> dict[str, Any]:
        count = self.pick([1, 2, 3, 3, 4, 4])
        self.names = [
            f"t{i}" if i == 0 or not self.maybe(0.2) else f"app.t{i}" for i in range(count)
        ]
        self.kinds = [self.pick(_KEY_KINDS) for _ in range(count)]
        for i in range(count):
            self.table(i)
        schema: dict[str, Any] = {"version": "1.0", "seed": self.draw(st.integers(0, 5))}
        if self.types:
            order = ["mood", "posint", "code5", "addr", "floatrange"]
            schema["types"] = {k: self.types[k] for k in order if k in self.types}
        schema["tables"] = {t.name: t.spec for t in self.tables}
        return schema

    # -------------------------------------------------------------- a table

    def table(self, index: int) -> None:
        name = self.names[index]
        spec: dict[str, Any] = {"columns": {}}
        cols = spec["columns"]
        me = _Table(name, spec, None)
        parents = [t for t in self.tables if t.key is not None]
        if "fk-into-empty" in self.avoid:
            parents = [t for t in parents if not t.may_be_empty]
        kind = self.kinds[index]
        if (kind == "pair" and len(parents) < 2) or (kind == "fk_seq" and not parents):
            kind = self.kinds[index] = "serial"
        if kind == "serial":
            cols["id"] = {"type": "serial", "primaryKey": True}
            me.key = _Key(["id"], ["integer"], True)
        elif kind == "identity":
            cols["id"] = {
                "type": "integer",
                "identity": self.pick(["always", "by default"]),
                "primaryKey": True,
            }
            me.key = _Key(["id"], ["integer"], True)
        elif kind == "uuid":
            cols["id"] = {"type": "uuid", "primaryKey": True}
            me.key = _Key(["id"], ["uuid"], False)
        elif kind == "seq":
            cols["id"] = {
                "type": "integer",
                "generator": "core.sequence",
                "params": {"start": self.pick([1, 100])},
                "primaryKey": True,
            }
            me.key = _Key(["id"], ["integer"], False)
        elif kind == "pair":
            a, b = self.draw(st.permutations(parents))[:2]
            ka, kb = self.fk(me, a, nullable=False), self.fk(me, b, nullable=False)
            spec["primaryKey"] = ka + kb
            self.use("fk-key")
            me.key = _Key(ka + kb, [*a.key.types, *b.key.types], False)  # type: ignore[union-attr]
        elif kind == "fk_seq":
            p = self.pick(parents)
            kp = self.fk(me, p, nullable=False)
            cols["n"] = {"type": "integer", "generator": "core.sequence"}
            spec["primaryKey"] = [*kp, "n"]
            me.key = _Key([*kp, "n"], [*p.key.types, "integer"], False)  # type: ignore[union-attr]
        for _ in range(self.draw(st.integers(0, 2))):
            self.more_fk(me, index, parents)
        self.value_columns(me)
        self.row_count(me)
        depth = cols.get("parent_id", {}).get("maxDepth")
        count = spec["rowCount"]
        few = depth is not None and (isinstance(count, dict) or count <= depth)
        if few and not self.use("maxdepth-few-rows"):
            del cols["parent_id"]["maxDepth"]
        self.uniques(me)
        self.tables.append(me)

    def fk(self, me: _Table, parent: _Table, nullable: bool) -> list[str]:
        """Columns of *me* referencing *parent*'s key; their names."""
        assert parent.key is not None
        cols = me.spec["columns"]
        base = parent.name.split(".")[-1]
        names = []
        for kcol, ktype in zip(parent.key.columns, parent.key.types):
            col = f"{base}_{kcol}"
            while col in cols:
                col += "x"
            cols[col] = {"type": ktype}
            names.append(col)
            if nullable:
                cols[col]["nullable"] = True
        if len(names) == 1:
            cols[names[0]]["references"] = f"{parent.name}.{parent.key.columns[0]}"
            if nullable:
                cols[names[0]]["nullRatio"] = self.pick([0.1, 0.5])
            elif self.maybe(0.2):
                cols[names[0]]["distribution"] = {"name": "zipf", "s": 1.3}
        else:
            self.use("composite-fk")
            me.spec.setdefault("foreignKeys", []).append(
                {
                    "columns": names,
                    "references": {"table": parent.name, "columns": list(parent.key.columns)},
                }
            )
        me.fks[names[0]] = parent
        if parent.may_be_empty:
            self.tags.add("fk-into-empty")
        return names

    def more_fk(self, me: _Table, index: int, parents: list[_Table]) -> None:
        cols = me.spec["columns"]
        choice = self.pick(["earlier", "earlier", "self", "later"])
        if choice == "earlier" and parents:
            nullable = self.maybe(0.3)
            if nullable:
                self.use("nullable-fk")
            composite = [p for p in parents if len(p.key.columns) > 1]  # type: ignore[union-attr]
            pool = composite if composite and self.maybe(0.4) else parents
            self.fk(me, self.pick(pool), nullable=nullable)
        elif choice == "self" and me.key is not None and me.key.serial:
            if "parent_id" not in cols and self.use("self-ref"):
                cols["parent_id"] = {
                    "type": "integer",
                    "references": f"{me.name}.id",
                    "nullable": True,
                }
                if self.maybe(0.7):
                    cols["parent_id"]["maxDepth"] = self.draw(st.integers(1, 3))
        elif choice == "later" and index + 1 < len(self.names):
            later = index + 1
            if self.kinds[later] in ("serial", "identity") and self.use("cycle"):
                self.referenced_later.add(later)
                col = f"t{later}_ref"
                if col not in cols:
                    cols[col] = {
                        "type": "integer",
                        "references": f"{self.names[later]}.id",
                        "nullable": True,
                        "nullRatio": 0.2,
                    }

    # -------------------------------------------------------------- value columns

    def value_columns(self, me: _Table) -> None:
        cols = me.spec["columns"]
        for i in range(self.draw(st.integers(1, 4))):
            kind = self.pick(_VALUE_KINDS)
            name = f"{kind}{i}"
            cols[name] = self.value_column(kind, name)
            me.values[name] = kind
        self.after(me)
        self.copy_from(me)
        self.cases(me)
        if self.maybe(0.3):
            self.table_check(me)

    def value_column(self, kind: str, name: str) -> dict[str, Any]:
        col: dict[str, Any]
        if kind == "int":
            lo, hi = self.pick([(0, 100), (1, 10), (-50, 50)])
            col = {"type": "integer", "generator": "core.integer", "params": {"min": lo, "max": hi}}
            self.column_check(col, name, lo, hi)
        elif kind == "num":
            col = {
                "type": "numeric(8,2)",
                "generator": "core.decimal",
                "params": {"min": 0, "max": 500},
            }
            self.column_check(col, name, 0, 500)
        elif kind == "text":
            col = {"type": "text", "generator": "core.text", "params": {"max_words": 3}}
        elif kind == "varchar":
            col = {
                "type": "varchar(8)",
                "generator": "core.choice",
                "params": {"values": ["red", "green", "blue"]},
            }
        elif kind == "bool":
            col = {"type": "boolean"}
        elif kind == "ts":
            col = {
                "type": "timestamptz",
                "generator": "core.timestamp",
                "params": {"start": "2020-01-01", "end": "2021-01-01"},
            }
            if self.maybe(0.3):
                col["default"] = "now()"
        elif kind == "enum":
            self.types.update(ENUM)
            col = {"type": "mood"}
            if self.maybe(0.3) and self.use("typed-default"):
                col["default"] = "'ok'::mood"
        elif kind == "domain":
            self.use("domain")
            if self.maybe():
                self.types.update(DOMAIN)
                col = {"type": "posint"}
            else:
                self.types.update(TEXT_DOMAIN)
                col = {"type": "code5"}
        elif kind == "email":
            col = {"type": "varchar(120)", "generator": "email"}
            if self.maybe(0.7) and self.use("unique-column"):
                col["unique"] = True
        elif kind == "composite":
            self.use("user-type")
            self.types.update(COMPOSITE)
            col = {"type": "addr"}
        else:
            self.use("user-type")
            self.types.update(RANGE)
            col = {"type": "floatrange"}
        if kind != "email" and self.maybe(0.2):
            col["nullRatio"] = 0.3
        return col

    def column_check(self, col: dict[str, Any], name: str, lo: int, hi: int) -> None:
        if not self.maybe(0.4):
            return
        if self.maybe(0.7):  # implied by the generator's parameters
            self.use("check")
            col["check"] = self.pick(
                [
                    f"{name} >= {lo}",
                    f"{name} BETWEEN {lo} AND {hi}",
                    f"{name} <= {hi} AND {name} >= {lo}",
                ]
            )
        elif self.use("free-check"):  # no parameters: pgmock must honour the CHECK itself
            del col["params"], col["generator"]
            col["check"] = f"{name} >= {lo} AND {name} <= {lo + 1}"

    def table_check(self, me: _Table) -> None:
        cols = me.spec["columns"]
        bounded = [c for c, k in me.values.items() if k in ("int", "num") and "params" in cols[c]]
        if bounded:
            c = self.pick(bounded)
            me.spec.setdefault("checks", []).append(
                f"{c} >= {cols[c]['params']['min']} OR {c} IS NULL"
            )
            self.use("table-check")

    def after(self, me: _Table) -> None:
        if not self.maybe(0.35):
            return
        own = [c for c, k in me.values.items() if k == "ts"]
        theirs = [
            f"{p.name}.{c}"
            for p in me.fks.values()
            if len(p.key.columns) == 1  # type: ignore[union-attr]
            for c, k in p.values.items()
            if k == "ts"
        ]
        targets = theirs if theirs and (not own or self.maybe()) else own
        if not targets or not self.use("after"):
            return
        target = self.pick(targets)
        spec: Any = target if self.maybe() else {"column": target, "within": "2 hours"}
        cols = me.spec["columns"]
        cols[f"after{len(cols)}"] = {"type": "timestamptz", "after": spec}

    def copy_from(self, me: _Table) -> None:
        if not self.maybe(0.35):
            return
        cols = me.spec["columns"]
        parents = [p.name for p in me.fks.values()]
        sources = [
            (p, c)
            for p in me.fks.values()
            if len(p.key.columns) == 1 and parents.count(p.name) == 1  # type: ignore[union-attr]
            for c, k in p.values.items()
            if k in ("int", "text", "enum", "bool", "varchar")
        ]
        if sources and self.use("from"):
            p, c = self.pick(sources)
            cols[f"from{len(cols)}"] = {
                "type": p.spec["columns"][c]["type"],
                "from": f"{p.name}.{c}",
            }
        if not self.maybe(0.4):
            return
        # 'from' on an FK column: the key of a parent's parent, copied along the chain
        # (an invoice's customer is its order's customer)
        for mid in list(me.fks.values()):
            if parents.count(mid.name) != 1:
                continue
            for mid_col, grand in mid.fks.items():
                if "references" not in mid.spec["columns"][mid_col] or grand is mid:
                    continue
                if any(p is grand for p in me.fks.values()) or not self.use("from-fk"):
                    return
                added = self.fk(me, grand, nullable=False)
                cols[added[0]]["from"] = f"{mid.name}.{mid_col}"
                cols[added[0]].pop("distribution", None)
                return

    def cases(self, me: _Table) -> None:
        if not self.maybe(0.35):
            return
        cols = me.spec["columns"]
        ons = [(c, k) for c, k in me.values.items() if k in ("enum", "bool", "varchar", "int")]
        if not ons:
            return
        on, kind = self.pick(ons)
        if kind == "bool" and not self.use("cases-boolean"):
            return
        if kind == "int" and not self.use("cases-integer"):
            return
        keys = {"enum": ["sad", "happy"], "bool": ["true", "false"],
                "varchar": ["red", "blue"], "int": ["1", "2"]}[kind]  # fmt: skip
        if kind == "int":
            cols[on]["params"] = {"min": 0, "max": 3}
            cols[on].pop("check", None)
        self.use("cases")
        cols[f"case{len(cols)}"] = {
            "type": "text",
            "generator": "core.constant",
            "params": {"value": "other"},
            "cases": {
                "on": on,
                "values": {
                    keys[0]: None,
                    keys[1]: {"generator": "core.constant", "params": {"value": "k"}},
                },
            },
        }

    # -------------------------------------------------------------- counts and keys

    def row_count(self, me: _Table) -> None:
        cols = me.spec["columns"]
        strict = [c for c in me.fks if not cols[c].get("nullable")]
        key = me.spec.get("primaryKey", [])
        fk_cols = {c for c, spec in cols.items() if "references" in spec} | {
            c for fk in me.spec.get("foreignKeys", []) for c in fk["columns"]
        }
        fk_key = len(key) > 1 and set(key) <= fk_cols
        index = len(self.tables)
        if strict and index not in self.referenced_later and self.maybe(0.5):
            allowed = self.use("per-parent-fk-key") if fk_key else self.use("per-parent")
            if allowed:
                parent = me.fks[self.pick(strict)]
                per: dict[str, Any] = {"per": parent.name}
                form = self.pick(["count", "minmax", "poisson"])
                if form == "count":
                    per["count"] = self.draw(st.integers(0, 3))
                    me.may_be_empty = per["count"] == 0
                elif form == "minmax":
                    lo = self.draw(st.integers(0, 2))
                    per.update(min=lo, max=lo + self.draw(st.integers(0, 3)))
                    me.may_be_empty = lo == 0
                else:
                    per["distribution"] = {"name": "poisson", "lambda": self.pick([0.5, 2, 4])}
                    me.may_be_empty = True
                me.may_be_empty = me.may_be_empty or parent.may_be_empty
                me.spec["rowCount"] = per
                return
        sizes = [1, 7, 25, 60] if index in self.referenced_later else [0, 1, 7, 25, 60]
        me.spec["rowCount"] = self.pick(sizes)
        me.may_be_empty = me.spec["rowCount"] == 0

    def uniques(self, me: _Table) -> None:
        cols = me.spec["columns"]
        values = list(me.values)
        singles = [c for c in me.fks if "references" in cols[c] and not cols[c].get("nullable")]
        if singles and self.maybe(0.3) and self.use("table-unique-fk"):
            seq = f"u{len(cols)}"
            cols[seq] = {"type": "integer", "generator": "core.sequence"}
            me.spec.setdefault("unique", []).append([self.pick(singles), seq])
        if values and self.maybe(0.3):
            self.index(me, [self.pick(values)], unique=False)
        if self.maybe(0.25):
            if me.key is not None and self.maybe():
                self.use("unique-index-on-key")
                self.index(me, list(me.key.columns), unique=True)
            elif values and self.use("unique-index"):
                self.index(me, [self.pick(values)], unique=True)

    def index(self, me: _Table, columns: list[str], unique: bool) -> None:
        indexes = me.spec.setdefault("indexes", [])
        if any(ix["columns"] == columns for ix in indexes) and not self.use("index-name-clash"):
            return
        indexes.append({"columns": columns, "unique": True} if unique else {"columns": columns})


@st.composite
def schemas(draw: st.DrawFn, avoid: frozenset[str] = frozenset()) -> Drawn:
    """A random schema (and output variant); *avoid*: tags of combinations not to draw."""
    builder = _Builder(draw, avoid)
    schema = builder.build()
    return Drawn(schema, frozenset(builder.tags), draw(st.sampled_from(VARIANTS)))


# ------------------------------------------------------------------ semantic checks


def _split_ref(schema: dict[str, Any], ref: str) -> tuple[str, str] | None:
    """ "app.t1.col" → ("app.t1", "col") when the table exists."""
    table, _, col = ref.rpartition(".")
    return (table, col) if table in schema["tables"] else None


def _sql_table(key: str) -> str:
    ns, _, name = key.rpartition(".")
    return f'"{ns or "public"}"."{name}"'


def _fk_to(schema: dict[str, Any], table: str, parent: str) -> list[tuple[str, str]] | None:
    """The (child column, parent column) pairs of *table*'s only FK to *parent*."""
    spec = schema["tables"][table]
    found: list[list[tuple[str, str]]] = []
    for col, cspec in spec["columns"].items():
        ref = cspec.get("references")
        if isinstance(ref, dict):
            ref = f"{ref['table']}.{ref['column']}"
        if isinstance(ref, str):
            split = _split_ref(schema, ref)
            if split is not None and split[0] == parent:
                found.append([(col, split[1])])
    for fk in spec.get("foreignKeys", []):
        if fk["references"]["table"] == parent:
            found.append(list(zip(fk["columns"], fk["references"]["columns"])))
    return found[0] if len(found) == 1 else None


def _join(pairs: list[tuple[str, str]]) -> str:
    return " AND ".join(f'c."{a}" = p."{b}"' for a, b in pairs)


def semantic_checks(schema: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, SQL counting the rows that break it) for every ``from``, ``after``,
    ``cases`` with constant or NULL cases, per-parent count and ``maxDepth``."""
    checks: list[tuple[str, str]] = []
    for key, spec in schema["tables"].items():
        t = _sql_table(key)
        for col, cspec in spec["columns"].items():
            src = cspec.get("from")
            if isinstance(src, str) and (split := _split_ref(schema, src)) is not None:
                pairs = _fk_to(schema, key, split[0])
                if pairs is not None:
                    checks.append(
                        (
                            f"from{' (a foreign-key column)' if 'references' in cspec else ''}: "
                            f"{key}.{col} = {src}",
                            f"SELECT count(*) FROM {t} c JOIN {_sql_table(split[0])} p ON "
                            f'{_join(pairs)} WHERE c."{col}" IS DISTINCT FROM p."{split[1]}" '
                            # the parent's value before its nullRatio blanked it (schema.md)
                            f'AND p."{split[1]}" IS NOT NULL',
                        )
                    )
            after = cspec.get("after")
            if after is not None:
                target = after if isinstance(after, str) else after["column"]
                within = "30 days" if isinstance(after, str) else after.get("within", "30 days")
                late = (
                    f"x IS NOT NULL AND v IS NOT NULL AND "
                    f"NOT (x > v AND x <= v + interval '{within}')"
                )
                label = f"after: {key}.{col} after {target}"
                if (split := _split_ref(schema, target)) is not None:
                    pairs = _fk_to(schema, key, split[0])
                    if pairs is not None:
                        parent = _sql_table(split[0])
                        checks.append(
                            (
                                label,
                                f'SELECT count(*) FROM (SELECT c."{col}" AS x, p."{split[1]}" AS v '
                                f"FROM {t} c JOIN {parent} p ON {_join(pairs)}) q WHERE {late}",
                            )
                        )
                elif target in spec["columns"]:
                    checks.append(
                        (
                            label,
                            f'SELECT count(*) FROM (SELECT "{col}" AS x, "{target}" AS v '
                            f"FROM {t}) q WHERE {late}",
                        )
                    )
            cases = cspec.get("cases")
            if cases is not None:
                on = cases["on"]
                for value, case in cases["values"].items():
                    if case is None:
                        want = "NULL"
                    elif case.get("generator") in ("constant", "core.constant") and not case.get(
                        "nullRatio"
                    ):
                        want = "'" + str(case["params"]["value"]).replace("'", "''") + "'"
                    else:
                        continue
                    lit = value.replace("'", "''")
                    on_type = spec["columns"].get(on, {}).get("type", "?")
                    if on_type in schema.get("types", {}):
                        on_type = next(iter(schema["types"][on_type]))  # enum, domain …
                    checks.append(
                        (
                            f"cases on {on_type}: {key}.{col} when {on} = {value}",
                            f"SELECT count(*) FROM {t} WHERE \"{on}\" = '{lit}' AND "
                            f'"{col}"::text IS DISTINCT FROM {want}',
                        )
                    )
            depth = cspec.get("maxDepth")
            ref = cspec.get("references")
            if depth is not None and isinstance(ref, str):
                split = _split_ref(schema, ref)
                if split is not None and split[0] == key:
                    k = split[1]
                    checks.append(
                        (
                            f"maxDepth: {key}.{col} <= {depth}",
                            f'WITH RECURSIVE tree(k, depth) AS (SELECT "{k}", 0 FROM {t} WHERE '
                            f'"{col}" IS NULL UNION ALL SELECT x."{k}", tree.depth + 1 FROM {t} x '
                            f'JOIN tree ON x."{col}" = tree.k WHERE tree.depth < 100) '
                            f"SELECT (SELECT count(*) FROM tree WHERE depth > {depth}) + "
                            f"(SELECT count(*) FROM {t}) - (SELECT count(*) FROM tree)",
                        )
                    )
        per = spec.get("rowCount")
        if isinstance(per, dict) and "distribution" not in per:
            pairs = _fk_to(schema, key, per["per"])
            if pairs is not None:
                lo = per.get("count", per.get("min", 0))
                hi = per.get("count", per.get("max", 0))
                child = ", ".join(f'"{a}"' for a, _ in pairs)
                checks.append(
                    (
                        f"per-parent: {key} per {per['per']} in {lo}..{hi}",
                        f"SELECT count(*) FROM {_sql_table(per['per'])} p LEFT JOIN "
                        f"(SELECT {child}, count(*) AS n FROM {t} GROUP BY {child}) c "
                        f"ON {_join(pairs)} "
                        f"WHERE coalesce(c.n, 0) NOT BETWEEN {lo} AND {hi}",
                    )
                )
    return checks


# ------------------------------------------------------------------ one schema, end to end


@dataclass
class Outcome:
    """What happened to one schema: ``stage`` is rejected, ok, or where it broke."""

    stage: str  # rejected ok validate generate restore semantics verify
    detail: str = ""
    key: str = ""  # the normalized message that tells bugs apart
    verify_said: str = ""  # verify's verdict, also when an earlier stage broke

    @property
    def failed(self) -> bool:
        return self.stage not in ("rejected", "ok")

    @property
    def signature(self) -> str:
        return f"{self.stage}: {self.key}" if self.key else self.stage

    def describe(self) -> str:
        out = f"{self.signature}\n{self.detail}"
        if self.verify_said and self.stage != "verify":
            out += f"\nverify: {self.verify_said}"
        return out


_QUOTED = re.compile(r'"([^"]*)"')
_SUFFIXES = ("pkey", "key", "idx", "check", "fkey", "seq")


def _normalize(message: str) -> str:
    """A message with names and numbers abstracted, so one bug has one signature."""

    def name(m: re.Match[str]) -> str:
        text = m.group(1)
        for suffix in _SUFFIXES:
            if text.endswith(f"_{suffix}") or re.search(rf"_{suffix}\d*$", text):
                return f'"<{suffix}>"'
        return '"<name>"'

    message = _QUOTED.sub(name, message)
    message = re.sub(r"\b\d+(\.\d+)?\b", "N", message)
    message = re.sub(r"'[^']*'", "'…'", message)
    return message.strip()


def _first_error(stderr: str) -> str:
    for line in stderr.splitlines():
        if "ERROR:" in line:
            return line.split("ERROR:", 1)[1].strip()
    lines = [line for line in stderr.splitlines() if line.strip()]
    return lines[0] if lines else "(no message)"


def cli_run(*args: str) -> tuple[int, str, str]:
    """The pgmock command line in this process: exit code, stdout, stderr."""
    result = CliRunner().invoke(cli, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        return 99, "", f"{type(result.exception).__name__}: {result.exception}"
    return result.exit_code, result.stdout, result.stderr


class Contract:
    """Runs schemas through validate, generate, restore, semantic checks and verify."""

    def __init__(self, pg: PgCluster, work: Path) -> None:
        self.pg = pg
        self.work = work

    def check(self, schema: dict[str, Any], variant: tuple[str, ...]) -> Outcome:
        tmp = Path(tempfile.mkdtemp(dir=self.work))
        try:
            return self._check(schema, variant, tmp)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def _check(self, schema: dict[str, Any], variant: tuple[str, ...], tmp: Path) -> Outcome:
        path = tmp / "schema.json"
        path.write_text(json.dumps(schema), encoding="utf-8")
        code, _, err = cli_run("validate", str(path))
        if code == 2:
            return Outcome("rejected", err)
        if code != 0:
            return Outcome("validate", err, _normalize(_first_error(err)))
        dump = tmp / "dump"
        code, _, err = cli_run("generate", str(path), *variant, "-f", str(dump))
        if code != 0:
            return Outcome("generate", err, f"exit {code}: {_normalize(_first_error(err))}")
        verdict = self._verify(path, dump)
        db = self.pg.create_db()
        try:
            restored = self._restore(dump, variant, db)
            if restored is not None:
                return Outcome("restore", restored, _normalize(_first_error(restored)), verdict)
            for label, sql in semantic_checks(schema):
                try:
                    bad = int(self.pg.scalar(sql, db) or 0)
                except Exception as exc:  # a query that fails is reported, not hidden
                    return Outcome("semantics", f"{label}: {sql}\n{exc}", "query failed", verdict)
                if bad:
                    kind = label.split(":", 1)[0]
                    return Outcome("semantics", f"{label}: {bad} rows\n{sql}", kind, verdict)
        finally:
            self.pg.drop_db(db)
        if verdict:
            kinds = sorted({line.split(": ", 1)[0] for line in verdict.splitlines()})
            return Outcome("verify", verdict, ", ".join(kinds), verdict)
        return Outcome("ok")

    def _restore(self, dump: Path, variant: tuple[str, ...], db: str) -> str | None:
        """None when the dump restores, else the client's error output."""
        if variant[1] == "p":
            proc = self.pg.restore_plain(dump, db, check=False)
        else:
            proc = subprocess.run(
                [str(self.pg.tool("pg_restore")), "-e", "-d", db, str(dump)],
                capture_output=True,
                env=self.pg.env(),
                timeout=600,
            )
        if proc.returncode == 0:
            return None
        return proc.stderr.decode("utf-8", "replace")

    def _verify(self, schema: Path, dump: Path) -> str:
        """ "" when verify finds nothing, else one "kind: line" per violation."""
        code, out, err = cli_run("verify", str(dump), "--schema", str(schema), "--json")
        if code not in (0, 1):
            return f"verify refused: exit {code}: {err.strip()}"
        report = json.loads(out)
        return "\n".join(
            f"{v['kind']}: {v['table']}: {v['constraint']}: row {v['row']}: {v['detail']}"
            for v in report["violations"]
        )


# ------------------------------------------------------------------ minimizing a failure


def _candidates(schema: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Smaller variants of *schema*, biggest cuts first (unused types cost nothing)."""
    tables = schema["tables"]
    used = json.dumps(tables)
    for name in list(schema.get("types", {})):
        if f'"{name}' not in used and f"'{name}" not in used:
            smaller = copy.deepcopy(schema)
            del smaller["types"][name]
            if not smaller["types"]:
                del smaller["types"]
            yield smaller
    for key in list(tables):
        if len(tables) > 1:
            smaller = copy.deepcopy(schema)
            del smaller["tables"][key]
            yield _without_table(smaller, key)
    for key, spec in tables.items():
        for list_key in ("indexes", "unique", "checks", "foreignKeys"):
            for i in range(len(spec.get(list_key, []))):
                smaller = copy.deepcopy(schema)
                entries = smaller["tables"][key][list_key]
                removed = entries.pop(i)
                if not entries:
                    del smaller["tables"][key][list_key]
                if list_key == "foreignKeys":
                    for col in removed["columns"]:
                        smaller["tables"][key]["columns"].pop(col, None)
                yield smaller
        count = spec.get("rowCount")
        if isinstance(count, dict):
            for fixed in (1, 5, 20):
                smaller = copy.deepcopy(schema)
                smaller["tables"][key]["rowCount"] = fixed
                yield smaller
        elif isinstance(count, int) and count > 1:
            for fewer in (1, count // 2):
                smaller = copy.deepcopy(schema)
                smaller["tables"][key]["rowCount"] = fewer
                yield smaller
        pk = set(spec.get("primaryKey", []))
        for col, cspec in spec["columns"].items():
            if col not in pk and not cspec.get("primaryKey") and len(spec["columns"]) > 1:
                smaller = copy.deepcopy(schema)
                del smaller["tables"][key]["columns"][col]
                yield smaller
            for opt in (
                "check",
                "default",
                "nullRatio",
                "distribution",
                "maxDepth",
                "after",
                "from",
                "cases",
                "unique",
                "nullable",
                "params",
                "generator",
            ):
                if opt in cspec:
                    smaller = copy.deepcopy(schema)
                    del smaller["tables"][key]["columns"][col][opt]
                    yield smaller
    for name in list(schema.get("types", {})):
        smaller = copy.deepcopy(schema)
        del smaller["types"][name]
        if not smaller["types"]:
            del smaller["types"]
        yield smaller
    if schema.get("seed"):
        smaller = copy.deepcopy(schema)
        smaller["seed"] = 0
        yield smaller


def _without_table(schema: dict[str, Any], gone: str) -> dict[str, Any]:
    """Drop what pointed at a removed table: FK columns, per-parent counts, from/after."""
    for spec in schema["tables"].values():
        cols = spec["columns"]
        for col in list(cols):
            ref = cols[col].get("references")
            if isinstance(ref, str) and ref.rpartition(".")[0] == gone:
                del cols[col]
                continue
            for opt in ("from", "after"):
                target = cols[col].get(opt)
                target = target["column"] if isinstance(target, dict) else target
                if isinstance(target, str) and target.rpartition(".")[0] == gone:
                    del cols[col][opt]
        fks = [fk for fk in spec.get("foreignKeys", []) if fk["references"]["table"] == gone]
        for fk in fks:
            spec["foreignKeys"].remove(fk)
            for col in fk["columns"]:
                cols.pop(col, None)
        if "foreignKeys" in spec and not spec["foreignKeys"]:
            del spec["foreignKeys"]
        count = spec.get("rowCount")
        if isinstance(count, dict) and count.get("per") == gone:
            spec["rowCount"] = 5
        known = set(cols)
        for list_key in ("indexes", "unique"):
            entries = [
                e
                for e in spec.get(list_key, [])
                if set(e["columns"] if isinstance(e, dict) else e) <= known
            ]
            if list_key in spec:
                spec[list_key] = entries
                if not entries:
                    del spec[list_key]
        if "primaryKey" in spec and not set(spec["primaryKey"]) <= known:
            del spec["primaryKey"]
    return schema


def minimize(
    contract: Contract,
    schema: dict[str, Any],
    variant: tuple[str, ...],
    signature: str,
    budget: int = 200,
    progress: Callable[[int, dict[str, Any]], None] | None = None,
) -> tuple[dict[str, Any], tuple[str, ...], int]:
    """The smallest schema (and the plainest variant) found that still fails with
    *signature*, and how many attempts it took."""
    attempts = 0
    for simpler in (("-F", "p"), ("-F", "c")):
        if simpler != variant and attempts < budget:
            attempts += 1
            if contract.check(schema, simpler).signature == signature:
                variant = simpler
                break
    changed = True
    while changed and attempts < budget:
        changed = False
        for candidate in _candidates(schema):
            if attempts >= budget:
                break
            attempts += 1
            if contract.check(candidate, variant).signature == signature:
                schema, changed = candidate, True
                if progress is not None:
                    progress(attempts, schema)
                break
    return schema, variant, attempts


# Which profile the contract test runs (PGMOCK_CONTRACT_PROFILE): "ci" draws around the
# known bugs, "long" draws everything.
PROFILE = os.environ.get("PGMOCK_CONTRACT_PROFILE", "ci")
AVOID = frozenset(KNOWN_BUGS) if PROFILE == "ci" else frozenset()
