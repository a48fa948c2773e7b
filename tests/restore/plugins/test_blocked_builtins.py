"""With optional built-ins blocked, pgmock still writes dumps PostgreSQL restores."""

from __future__ import annotations

import json
from pathlib import Path

from clihelp import pgmock
from pgharness import PgCluster

SCHEMA = {
    "version": "1.0",
    "seed": 5,
    "tables": {
        "people": {
            "rowCount": 300,
            "columns": {
                "id": {"type": "serial", "primaryKey": True},
                "email": {"type": "varchar(255)", "unique": True},
                "first_name": {"type": "text"},
                "city": {"type": "text"},
                "blood_type": {"type": "text"},
                "born": {"type": "date"},
                "score": {"type": "int4", "distribution": {"name": "normal", "mean": 50}},
            },
        }
    },
}


def test_no_faker_and_no_mimesis_still_restore(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    schema = tmp_path / "people.json"
    schema.write_text(json.dumps(SCHEMA))
    with_faker = pgmock("generate", str(schema)).stdout.decode()
    assert "@" in with_faker  # faker.email inferred for "email"
    out = tmp_path / "people.sql"
    pgmock(
        "--plugin", "no:faker", "--plugin", "no:mimesis", "generate", str(schema), "-f", str(out)
    )
    pg.restore_plain(out, pgdb)
    rows = pg.query("SELECT email, first_name, city, blood_type, born::text FROM people", pgdb)
    assert len(rows) == 300
    assert len({r[0] for r in rows}) == 300  # still unique, from core.text
    assert not any("@" in (r[0] or "") for r in rows)  # no e-mail vocabulary loaded
    assert pg.scalar("SELECT count(*) FROM people WHERE score IS NOT NULL", pgdb) == "300"


def test_plain_output_needs_no_pg_dump_plugin(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    schema = tmp_path / "people.json"
    schema.write_text(json.dumps(SCHEMA))
    out = tmp_path / "people.sql"
    env = {"PGMOCK_PLUGINS": "no:pg-dump,no:js,no:subprocess,no:templates,no:scaffold"}
    pgmock("generate", str(schema), "-f", str(out), env=env)
    assert out.read_bytes() == pgmock("generate", str(schema)).stdout  # the same bytes
    pg.restore_plain(out, pgdb)
    assert pg.scalar("SELECT count(DISTINCT email) FROM people", pgdb) == "300"
