"""Uniqueness by construction at scale, through the engine: every built-in generator that
claims ``supports_unique`` fills a unique column of 300,000 rows (or its whole domain,
when smaller) in the engine's chunks without a duplicate, and ``pgmock validate`` says up
front when a column's domain is smaller than its table, naming the column and both numbers.

The timed version at tens of millions of rows is bench/unique_bench.py.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from pgmock.generate.engine import Engine
from pgmock.generate.plan import CHUNK_ROWS, make_plan
from pgmock.plugins.host import PluginHost, make_host
from pgmock.schema import resolve_schema
from pgmock.testing import run_generator
from pgmock_sdk import ColumnInfo, parse_type

from clihelp import pgmock

ROWS = 300_000
MOODS = ["sad", "ok", "happy", "elated", "calm"]


@dataclass(frozen=True)
class Case:
    generator: str
    type: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        extra = ",".join(f"{k}={v}" for k, v in self.params.items())
        return f"{self.generator}-{self.type}" + (f"-{extra}" if extra else "")


CASES = [
    Case("core.boolean", "bool"),
    Case("core.bit", "bit(20)"),
    Case("core.char", '"char"'),
    Case("core.choice", "text", {"values": ["red", "green", "blue", "red"]}),
    Case("core.constant", "text", {"value": "only"}),
    Case("core.date", "date", {"start": "1900-01-01", "end": "2099-12-31"}),
    Case("core.decimal", "numeric(12,2)", {"min": 0, "max": 5000}),
    Case("core.decimal", "float8", {"min": -100, "max": 100, "decimals": 3}),
    Case("core.enum", "mood"),
    Case("core.inet", "inet"),
    Case("core.inet", "cidr"),
    Case("core.inet", "text", {"network": "10.0.0.0/8"}),
    Case("core.integer", "int4"),
    Case("core.integer", "int8", {"min": -(2**63), "max": 2**63 - 1}),
    Case("core.integer", "int2", {"min": -32768, "max": 32767}),
    Case("core.interval", "interval", {"max": 86_400 * 10}),
    Case("core.macaddr", "macaddr"),
    Case("core.macaddr", "macaddr8"),
    Case("core.lsn", "pg_lsn"),
    Case("core.product_name", "citext"),
    Case("core.product_name", "varchar(60)"),
    Case("core.sequence", "int8", {"start": 1000, "step": 7}),
    Case("core.sequence", "varchar(20)", {"prefix": "INV-", "width": 8}),
    Case("core.text", "text"),
    Case("core.text", "citext", {"capitalize": True}),
    Case("core.text", "varchar(8)"),
    Case("core.text", "char(10)"),
    Case("core.time", "time", {"resolution": "ms"}),
    Case("core.time", "timetz"),
    Case("core.time", "time", {"step": 60}),
    Case("core.timestamp", "timestamptz"),
    Case("core.timestamp", "timestamp", {"resolution": "us"}),
    Case("core.uuid", "uuid"),
    Case("core.password_hash", "varchar(40)"),
    Case("core.position", "int8"),
    Case("core.uuid", "char(36)"),
    Case("core.term", "text", {"vocabulary": "department"}),
    Case("core.term", "varchar(40)", {"vocabulary": "codename"}),
    Case("core.work_title", "text", {"kind": "film"}),
    Case("core.work_title", "citext", {"kind": "course"}),
    Case("core.slug", "text", {"source_column": "title"}),
    Case("core.pattern", "char(6)", {"pattern": "?#####"}),
    Case("core.isbn", "char(13)"),
    Case("core.isbn", "varchar(10)"),
    Case("core.slug", "varchar(12)", {"source_column": "title"}),
    Case("faker.age", "int4", {"min": 0, "max": 120}),
    Case("faker.city", "text", {"world": True, "distinct": True}),
    Case("faker.country", "text", {"distinct": True}),
    Case("faker.country_code", "char(2)", {"distinct": True}),
    Case("faker.birth_date", "date"),
    Case("faker.company", "text"),
    Case("faker.domain", "text"),
    Case("faker.domain", "citext"),
    Case("faker.email", "varchar(255)"),
    Case("faker.email", "citext"),
    Case("faker.email", "varchar(24)"),
    Case("faker.price", "numeric(10,2)"),
    Case("faker.quantity", "int4", {"min": 1, "max": 50}),
    Case("faker.url", "text"),
    Case("faker.username", "varchar(64)"),
    Case("faker.username", "citext"),
    Case("faker.username", "varchar(8)"),
    *[
        Case(f"mimesis.{name}", type_name)
        for name in (
            "academic_degree",
            "blood_type",
            "dish",
            "drink",
            "language",
            "nationality",
            "occupation",
            "programming_language",
            "university",
        )
        for type_name in ("citext", "char(12)")
    ],
    Case("mimesis.university", "text"),
    Case("mimesis.occupation", "varchar(255)"),
]
EXEMPT = {
    # what a unique value is, is the user's program's business (docs/plugins.md)
    "js.js",
    "subprocess.process",
    # point has no b-tree equality: PostgreSQL has no unique point column (schema error)
    "core.point",
}


@cache
def _host() -> PluginHost:
    return make_host(env={})


def _schema(tables: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {"version": "1.0", "seed": 11, "types": {"mood": {"enum": MOODS}}, "tables": tables}


def _column(case: Case) -> dict[str, Any]:
    return {"type": case.type, "generator": case.generator, "params": case.params, "unique": True}


#: Columns a generator reads from the row, declared before it: a slug's titles, repeated
#: in every chunk, and one ending in a number later rows' suffixes reach.
BEFORE: dict[str, dict[str, Any]] = {
    "core.slug": {
        "title": {
            "type": "text",
            "generator": "core.choice",
            "params": {"values": ["Hello World", "Post", "Post 2", "Post-2", "Top 250000", "!"]},
        }
    },
}


def _columns(case: Case) -> dict[str, Any]:
    return {**BEFORE.get(case.generator, {}), "v": _column(case)}


def _domain(case: Case, rows: int) -> int | None:
    """The generator's own count of distinct values for a unique column of ``rows``."""
    if case.type == "mood":
        return len(MOODS)
    cls = _host().registry.generators.resolve(case.generator).obj
    info = ColumnInfo("public", "t", "v", parse_type(case.type), unique=True, row_count=rows)
    size: int | None = cls(cls.Params.model_validate(case.params), info).domain_size()
    return size


def _normal(value: str, type_name: str) -> str:
    """The value as the column's equality sees it (citext ignores case, char(n) trailing
    blanks), so 'Apple' and 'apple' count as a duplicate in a citext column."""
    if type_name == "citext":
        return value.casefold()
    if type_name.startswith("char("):
        return value.rstrip(" ")
    return value


def test_cases_cover_every_unique_capable_generator() -> None:
    claimed = {e.qualified for e in _host().registry.generators if e.obj.supports_unique}
    covered = {c.generator for c in CASES}
    assert claimed - EXEMPT == covered, (
        f"no case for {sorted(claimed - EXEMPT - covered)}; "
        f"cases for generators without unique support: {sorted(covered - claimed)}"
    )


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_unique_by_construction_through_the_engine(case: Case) -> None:
    domain = _domain(case, ROWS)
    rows = ROWS if domain is None else min(ROWS, domain)
    columns = _columns(case)
    raw = _schema({"t": {"rowCount": rows, "columns": columns}})
    schema = resolve_schema(raw, {}, ["unique.json"], _host().registry)
    plan = make_plan(schema)
    seen: set[str] = set()
    count = 0
    with Engine(plan) as engine:
        for chunk in engine.iter_chunks("t"):
            values = chunk.columns[list(columns).index("v")]
            assert len(values) == chunk.n <= CHUNK_ROWS
            assert None not in values
            seen.update(_normal(v, case.type) for v in values if v is not None)
            count += chunk.n
    assert count == rows
    assert len(seen) == rows, f"{rows - len(seen):,} duplicates among {rows:,} rows"


# --------------------------------------------------------------------------- validate

# Domains the generator knows and that do not grow with the row count, small enough for
# a rowCount the planner can hold.
_FINITE = [
    c for c in CASES if (d := _domain(c, ROWS)) is not None and d < 10**7 and d == _domain(c, d + 1)
]


def test_validate_names_each_column_whose_domain_is_too_small(tmp_path: Path) -> None:
    expected = {}
    tables = {}
    for i, case in enumerate(_FINITE):
        domain = _domain(case, ROWS)
        assert domain is not None
        tables[f"t{i}"] = {"rowCount": domain + 1, "columns": _columns(case)}
        expected[f"t{i}"] = (case, domain)
    assert len(expected) >= 20  # booleans, enums, dates, pools, …
    path = tmp_path / "small.json"
    path.write_text(json.dumps(_schema(tables)))
    proc = pgmock("validate", str(path), check=False)
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    for key, (case, domain) in expected.items():
        rows = domain + 1
        message = (
            f"{path}: tables.{key}.columns.v: {rows:,} unique values requested, but generator "
            f"{case.generator} can produce only {domain:,} distinct values"
        )
        assert message in err, f"{case.id}: no line {message!r} in:\n{err}"
    assert f"{len(expected)} problems found" in err


def test_validate_accepts_exactly_the_domain(tmp_path: Path) -> None:
    tables = {}
    for i, case in enumerate(_FINITE):
        domain = _domain(case, ROWS)
        assert domain is not None
        tables[f"t{i}"] = {"rowCount": domain, "columns": _columns(case)}
    path = tmp_path / "exact.json"
    path.write_text(json.dumps(_schema(tables)))
    proc = pgmock("validate", str(path), check=False)
    assert proc.returncode == 0, proc.stderr.decode()


@pytest.mark.parametrize(
    ("case", "fits"),
    [
        (Case("faker.username", "varchar(5)"), 10_000),
        (Case("faker.email", "varchar(14)"), 10_000),
        # letter codes: 36**4 values fit 10,000 rows, not 10**7
        (Case("core.text", "varchar(4)"), 10_000),
        # a one-letter name, a 4-digit suffix and '.com' fit; 7 digits do not
        (Case("faker.domain", "varchar(10)"), 10_000),
        # and 'https://' and '/' around them
        (Case("faker.url", "varchar(19)"), 10_000),
        # AB1 … AB9999: the 10,000th number needs a seventh character
        (Case("core.sequence", "varchar(6)", {"prefix": "AB"}), 9_999),
        (Case("core.sequence", "char(8)", {"prefix": "N-", "width": 6}), 999_999),
    ],
    ids=lambda v: v.id if isinstance(v, Case) else str(v),
)
def test_validate_names_columns_too_short_for_their_row_count(
    tmp_path: Path, case: Case, fits: int
) -> None:
    """Unique suffixes widen with the row count: what fits 10,000 rows may not fit 10**7;
    sequences run out of digits."""
    path = tmp_path / "short.json"
    for rows, ok in ((fits, True), (10_000_000, False)):
        path.write_text(
            json.dumps(_schema({"t": {"rowCount": rows, "columns": {"v": _column(case)}}}))
        )
        proc = pgmock("validate", str(path), check=False)
        err = proc.stderr.decode()
        if ok:
            assert proc.returncode == 0, err
        else:
            assert proc.returncode == 2, f"{case.id}: {rows:,} rows validated:\n{err}"
            assert "tables.t.columns.v" in err and f"{rows:,}" in err, err


# --------------------------------------------------------------------------- text limits


@pytest.mark.parametrize(
    ("type_name", "params"),
    [
        ("varchar(6)", {"prefix": "AB"}),
        ("varchar(4)", {"start": 9990, "step": 3}),
        ("varchar(5)", {"prefix": "X", "width": 3, "start": 5, "step": 50}),
        ("varchar(4)", {"start": 50, "step": -7}),  # negative numbers need a sign
        ("char(3)", {"start": -5, "step": -1}),
        ("varchar(3)", {"prefix": "Q", "width": 3}),  # the padded width does not fit: none
    ],
    ids=str,
)
def test_text_sequence_domain_is_the_rows_that_fit(type_name: str, params: dict[str, Any]) -> None:
    """domain_size is exact: its rows fit the column, the next one does not."""
    case = Case("core.sequence", type_name, params)
    domain = _domain(case, 10)
    assert domain is not None
    cls = _host().registry.generators.resolve("core.sequence").obj
    info = ColumnInfo("public", "t", "v", parse_type(type_name), unique=True, row_count=domain + 1)
    values = run_generator(cls, domain + 1, params=params, column=info)
    limit = parse_type(type_name).length
    assert limit is not None
    assert all(len(v) <= limit for v in values[:domain]), values[:domain][-3:]
    assert len(values[domain]) > limit, values[domain]


@pytest.mark.parametrize(("limit", "ok"), [(3, False), (4, False), (5, True), (8, True)])
def test_domains_in_short_columns_keep_their_tld(limit: int, ok: bool) -> None:
    """A name cut to fit, never the TLD ('hoffm.com'); too short for one letter + '.com':
    an error when the generator is made, which pgmock validate reports."""
    cls = _host().registry.generators.resolve("faker.domain").obj
    info = ColumnInfo("public", "t", "v", parse_type(f"varchar({limit})"), locale="en_US")
    if not ok:
        with pytest.raises(ValueError, match=rf"varying\({limit}\) is too short for domains"):
            cls(cls.Params(), info)
        return
    values = run_generator(cls, 2000, column=info)
    assert all(re.fullmatch(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?\.com", v) for v in values), values[:5]
    assert max(map(len, values)) == limit


def test_urls_in_short_columns_drop_www_and_path_first() -> None:
    cls = _host().registry.generators.resolve("faker.url").obj
    wide = run_generator(cls, 3000, column=ColumnInfo("public", "t", "v", parse_type("text")))
    info = ColumnInfo("public", "t", "v", parse_type("varchar(20)"))
    short = run_generator(cls, 3000, column=info)
    url = re.compile(r"https://(www\.)?[a-z0-9-]+\.com/[a-z]*")
    assert all(url.fullmatch(v) and len(v) <= 20 for v in short), short[:5]
    assert any(v.startswith("https://www.") for v in short)
    assert max(map(len, wide)) > 20  # (the column does constrain them)
