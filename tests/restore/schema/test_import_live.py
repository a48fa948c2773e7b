"""``pgmock import postgresql://…``: a live database's catalog as a schema (issue 16),
against a real server started by the harness.

The round trip: the corpus DDL applied to a database, imported from its catalog,
generated as ``-Fc -s`` and restored into another database; that database's
``pg_dump -s`` equals what pg_dump's own dump and restore of the first database gives.
(That baseline, not the direct dump, because the server does not print some
expressions as a fixed point: ``status IN ('a', 'b')`` on a varchar column prints as
``… = ANY ((ARRAY['a'::varchar, …])::text[])``, which re-parses into another tree —
pg_dump → pg_restore shows the same difference; docs/import.md.)
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from clihelp import pgmock
from corpus_index import CORPUS, SCHEMAS
from pgharness import PgCluster

_RESTRICT = re.compile(r"^\\(un)?restrict \S+$", re.MULTILINE)


def url(pg: PgCluster, db: str) -> str:
    return f"postgresql:///{db}?host={pg.host}&port={pg.port}&user=postgres"


def schema_dump(pg: PgCluster, db: str, *flags: str) -> str:
    out = subprocess.run(
        [str(pg.tool("pg_dump")), "-s", *flags, db],
        check=True, capture_output=True, text=True, env=pg.env(), timeout=300,
    ).stdout  # fmt: skip
    return _RESTRICT.sub(r"\\\1restrict KEY", out)


def restore(pg: PgCluster, archive: Path, db: str) -> None:
    subprocess.run(
        [str(pg.tool("pg_restore")), "-e", "-d", db, str(archive)],
        check=True, capture_output=True, env=pg.env(), timeout=900,
    )  # fmt: skip


@pytest.fixture
def scratch(pg: PgCluster) -> Iterator[list[str]]:
    """Databases a test creates; dropped afterwards."""
    made: list[str] = []
    yield made
    for db in made:
        pg.drop_db(db)


# What the corpus DDL says in -- pgmock: comments, which a catalog does not hold
OVERLAYS = {
    "eshop": {
        "tables": {
            "spree_countries": {"rowCount": 100},
            "spree_option_values": {"columns": {"name": {"generator": "core.text"}}},
            "spree_taxonomies": {"columns": {"name": {"generator": "core.text"}}},
        }
    },
    "issue_tracker": {"tables": {"wiki_pages": {"columns": {"title": {"generator": "core.text"}}}}},
}


@pytest.mark.parametrize("name", SCHEMAS)
def test_live_database_round_trips(
    pg: PgCluster, tmp_path: Path, scratch: list[str], name: str
) -> None:
    source, restored, baseline = pg.create_db(), pg.create_db(), pg.create_db()
    scratch += [source, restored, baseline]
    pg.run_sql_file(CORPUS / name / "schema.sql", source)
    schema, archive = tmp_path / "schema.json", tmp_path / "dump.custom"
    overlay = []
    if name in OVERLAYS:
        (tmp_path / "overlay.json").write_text(json.dumps(OVERLAYS[name]))
        overlay = ["--overlay", str(tmp_path / "overlay.json")]
    pgmock("import", url(pg, source), *overlay, "-o", str(schema))
    pgmock("generate", str(schema), "-s", "-Fc", "-f", str(archive))
    restore(pg, archive, restored)
    own = tmp_path / "own.custom"
    subprocess.run(
        [str(pg.tool("pg_dump")), "-s", "-Fc", "-f", str(own), source],
        check=True, capture_output=True, env=pg.env(), timeout=300,
    )  # fmt: skip
    restore(pg, own, baseline)
    expected, got = schema_dump(pg, baseline), schema_dump(pg, restored)
    assert got.count("CREATE TABLE") == expected.count("CREATE TABLE") > 0
    assert got == expected


def test_stats_give_row_counts_and_null_fractions_never_values(
    pg: PgCluster, tmp_path: Path, scratch: list[str]
) -> None:
    db = pg.create_db()
    scratch.append(db)
    pg.psql(
        "-c",
        "CREATE TABLE person (id int PRIMARY KEY, secret text, nick text);"
        "INSERT INTO person SELECT g, 'private-' || (g % 3), CASE WHEN g % 4 = 0 THEN NULL"
        " ELSE 'nick-' || g END FROM generate_series(1, 2000) g;"
        "CREATE TABLE event (at date NOT NULL) PARTITION BY RANGE (at);"
        "CREATE TABLE event_a PARTITION OF event FOR VALUES FROM ('2024-01-01') TO ('2024-07-01');"
        "CREATE TABLE event_b PARTITION OF event FOR VALUES FROM ('2024-07-01') TO ('2025-01-01');"
        "INSERT INTO event SELECT date '2024-01-01' + g % 366 FROM generate_series(1, 300) g;"
        "ANALYZE person; ANALYZE event;",
        db=db,
    )
    out = tmp_path / "schema.json"
    pgmock("import", url(pg, db), "--stats", "-o", str(out))
    text = out.read_text()
    person = json.loads(text)["tables"]["person"]
    assert person["rowCount"] == 2000
    assert person["columns"]["nick"]["nullRatio"] == pytest.approx(0.25, abs=0.02)
    assert "nullRatio" not in person["columns"]["secret"]
    # a partitioned table's rows are its partitions'
    assert json.loads(text)["tables"]["event"]["rowCount"] == 300
    # pg_stats holds 'private-0' … as most common values: none of them is read
    assert "private" not in text and "nick-" not in text
    without = tmp_path / "plain.json"
    pgmock("import", url(pg, db), "-o", str(without))
    plain = json.loads(without.read_text())["tables"]["person"]
    assert plain["rowCount"] == 1000 and "nullRatio" not in plain["columns"]["nick"]


def test_objects_of_a_live_database_are_carried(
    pg: PgCluster, tmp_path: Path, scratch: list[str]
) -> None:
    db = pg.create_db()
    scratch.append(db)
    pg.psql(
        "-c",
        "CREATE SCHEMA app; COMMENT ON SCHEMA app IS 'the app';"
        "CREATE TYPE app.mood AS ENUM ('sad', 'happy');"
        "CREATE TABLE app.t (id serial PRIMARY KEY, m app.mood, n int CHECK (n > 0));"
        "CREATE VIEW app.v AS SELECT id FROM app.t;"
        "CREATE FUNCTION app.f() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;"
        "CREATE TRIGGER tr BEFORE INSERT ON app.t FOR EACH ROW EXECUTE FUNCTION app.f();"
        "ALTER TABLE app.t ENABLE ROW LEVEL SECURITY;"
        "CREATE POLICY p ON app.t USING (n > 1);",
        db=db,
    )
    out = tmp_path / "schema.json"
    pgmock("import", url(pg, db), "-o", str(out))
    doc = json.loads(out.read_text())
    assert doc["schemas"] == {"app": {"comment": "the app"}}
    assert doc["types"] == {"app.mood": {"enum": ["sad", "happy"]}}
    assert doc["tables"]["app.t"]["columns"]["id"] == {"type": "serial"}
    assert doc["tables"]["app.t"]["primaryKey"] == ["id"]
    kinds = sorted((o["kind"], o["name"]) for o in doc["objects"])
    assert kinds == [
        ("function", "app.f()"), ("policy", "app.p"), ("row security", "app.t"),
        ("trigger", "app.tr"), ("view", "app.v"),
    ]  # fmt: skip
    archive = tmp_path / "dump.custom"
    pgmock("generate", str(out), "-Fc", "-f", str(archive), "--rows", "app.t=50")
    restored = pg.create_db()
    scratch.append(restored)
    restore(pg, archive, restored)
    assert schema_dump(pg, restored) == schema_dump(pg, db)
    assert pg.scalar("SELECT count(*) FROM app.t", restored) == "50"
