"""The schema corpus (tests/corpus/): its DDL applies, its JSON translations restore, and
the plausibility checker runs on it.

The corpus is the yardstick of issues 13 (inference) and 16 (DDL import); see
tests/corpus/README.md. JSON schemas that pgmock accepts but cannot restore (or
rejects although they are valid) are kept, with a strict xfail naming the defect,
so these tests turn green when it is fixed.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from clihelp import pgmock
from corpus_index import CORPUS, JSON_SCHEMAS, SCHEMAS, SHAPES, checker
from pgharness import PgCluster, PsqlError

_USER = "nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg_toast%'"
_SHAPE_SQL = f"""
SELECT
 (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE relkind IN ('r', 'p') AND NOT relispartition AND {_USER}),
 (SELECT count(*) FROM pg_class WHERE relispartition AND relkind = 'r'),
 (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE relkind = 'v' AND {_USER}),
 (SELECT count(*) FROM pg_class WHERE relkind = 'm'),
 (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
   WHERE {_USER} AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                                   AND d.objid = p.oid AND d.deptype = 'e')),
 (SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal),
 (SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
   JOIN pg_namespace n ON n.oid = c.relnamespace WHERE i.indpred IS NOT NULL AND {_USER}),
 (SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
   JOIN pg_namespace n ON n.oid = c.relnamespace WHERE i.indexprs IS NOT NULL AND {_USER})
"""

#: Columns of the tables that are not partitions: what a JSON translation must match.
_COLUMNS_SQL = f"""
SELECT n.nspname || '.' || c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
       a.attnotnull::text
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
 WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND {_USER}
"""

#: Valid JSON schemas that pgmock rejects (input for issues 12 and 13).
KNOWN_REJECTED = {
    "airlines": "issue 12: validate rejects UNIQUE (flight_id, seat_no) of boarding_passes, "
    "asking 579,686 distinct seat_no although seats only repeat across flights",
    "eshop": "issues 12/13: validate rejects 4 uniqueness constraints: "
    "spree_countries.iso varchar(2) (core.text: 100 values for 249 rows), "
    "UNIQUE (option_type_id, name), UNIQUE (name, store_id), UNIQUE (variant_id, currency)",
    "issue_tracker": "issues 12/13: validate rejects UNIQUE (wiki_id, title) of wiki_pages",
}

#: JSON schemas that pgmock validates but whose dump PostgreSQL refuses (input for
#: issue 12), and the rejected ones.
KNOWN_FAILURES = {
    **KNOWN_REJECTED,
    "pagila": "issue 12: film_actor's composite primary key of two FKs under "
    '"rowCount": {"per": "film", …} gets duplicate pairs; film_actor_pkey fails',
    "northwind": "issue 12: column CHECKs are not honoured: order_details.discount "
    "(CHECK discount >= 0 AND discount <= 1) gets values up to 1000",
}


def _known(names: list[str], known: dict[str, str]) -> list[object]:
    """Parameters, the known failures marked: a rejection fails in clihelp.pgmock
    (AssertionError), a refused dump in psql (PsqlError)."""
    params: list[object] = []
    for name in names:
        if name not in known:
            params.append(name)
            continue
        raises = AssertionError if name in KNOWN_REJECTED else PsqlError
        mark = pytest.mark.xfail(reason=known[name], strict=True, raises=raises)
        params.append(pytest.param(name, marks=mark))
    return params


@pytest.mark.parametrize("name", SCHEMAS)
def test_ddl_applies_to_postgresql(pg: PgCluster, pgdb: str, name: str) -> None:
    pg.run_sql_file(CORPUS / name / "schema.sql", pgdb)
    [row] = pg.query(_SHAPE_SQL, pgdb)
    assert tuple(int(v or 0) for v in row) == SHAPES[name]


@pytest.mark.parametrize("name", JSON_SCHEMAS)
def test_json_translation_has_the_ddls_tables_and_columns(
    pg: PgCluster, pgdb: str, tmp_path: Path, name: str
) -> None:
    """Same tables, columns, types and NOT NULLs; uniqueness is left out of the
    JSON here so that the schemas pgmock rejects for it are compared too."""
    ddl_db = pg.create_db()
    try:
        pg.run_sql_file(CORPUS / name / "schema.sql", ddl_db)
        expected = set(pg.query(_COLUMNS_SQL, ddl_db))
    finally:
        pg.drop_db(ddl_db)
    spec = json.loads((CORPUS / name / "schema.json").read_text())
    relaxed = tmp_path / "schema.json"
    relaxed.write_text(json.dumps(checker().without_uniqueness(spec)))
    out = tmp_path / "schema.sql"
    pgmock("generate", str(relaxed), "-s", "-f", str(out))
    pg.restore_plain(out, pgdb)
    assert set(pg.query(_COLUMNS_SQL, pgdb)) == expected


@pytest.mark.parametrize("name", _known(JSON_SCHEMAS, KNOWN_FAILURES))
def test_json_schema_restores_in_plain_and_custom_format(
    pg: PgCluster, pgdb: str, tmp_path: Path, name: str
) -> None:
    schema = str(CORPUS / name / "schema.json")
    plain, custom = tmp_path / "dump.sql", tmp_path / "dump.custom"
    pgmock("generate", schema, "-f", str(plain))
    pgmock("generate", schema, "-Fc", "-f", str(custom))
    pg.restore_plain(plain, pgdb)
    custom_db = pg.create_db()
    try:
        subprocess.run(
            [str(pg.tool("pg_restore")), "-e", "-d", custom_db, str(custom)],
            check=True, capture_output=True, env=pg.env(), timeout=900,
        )  # fmt: skip
        count_sql = (
            "SELECT n.nspname || '.' || c.relname, c.reltuples FROM pg_class c "
            f"JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND {_USER}"
        )
        tables = [t for t, _ in pg.query(count_sql, pgdb)]
        for table in tables:
            assert table is not None
            quoted = ".".join(f'"{part}"' for part in table.split("."))
            sql = f"SELECT count(*) FROM {quoted}"
            assert pg.scalar(sql, pgdb) == pg.scalar(sql, custom_db), table
    finally:
        pg.drop_db(custom_db)


@pytest.mark.pg
def test_the_plausibility_checker_runs_on_a_corpus_schema() -> None:
    """It runs end to end; today's pgmock has findings, so exit 1 is expected."""
    script, schema = CORPUS / "check_plausibility.py", CORPUS / "chinook" / "schema.json"
    proc = subprocess.run(
        [sys.executable, str(script), str(schema), "--markdown"],
        capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert proc.returncode in (0, 1), proc.stderr
    lines = proc.stdout.splitlines()
    categories = "|".join(
        ("rejected", "restore", "person_name", "year", "duration", "flag", "amount", "measure",
         "lifecycle", "array_repeat", "geo_mixed", "geo_thin", "phone", "tsvector", "note")
    )  # fmt: skip
    findings = [ln for ln in lines if not ln.startswith(("summary:", "|")) and ln]
    for line in findings:
        assert re.match(rf"chinook: ({categories}): ", line), line
    assert any(ln.startswith("summary: chinook: ") for ln in lines)
    assert lines[-1].startswith("| chinook | ")
    assert (proc.returncode == 1) == bool(findings)
