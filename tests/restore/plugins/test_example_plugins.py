"""The example plugins, installed like third-party packages and used through --plugin."""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

from clihelp import pgmock
from pgharness import PgCluster

HEALTH: dict[str, Any] = {
    "version": "1.0",
    "seed": 8,
    "plugins": ["acme-healthcare"],
    "tables": {
        "patients": {
            "rowCount": 10_000,
            "columns": {
                "id": {"type": "serial", "primaryKey": True},
                "mrn": {"type": "varchar(12)", "unique": True},
            },
        },
        "prescriptions": {
            "rowCount": 30_000,
            "columns": {
                "id": {"type": "bigserial", "primaryKey": True},
                "patient_id": {"type": "integer", "references": "patients.id"},
                "prescriber_npi": {"type": "char(10)", "generator": "npi", "unique": True},
                "diagnosis_code": {"type": "varchar(8)"},
                "drug": {"type": "text", "params": {"strength": True}},
            },
        },
    },
}


def _npi_ok(npi: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed("80840" + npi)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def test_acme_healthcare_generators_restore(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    schema = tmp_path / "health.json"
    schema.write_text(json.dumps(HEALTH))
    out = tmp_path / "health.sql"
    # Named in the schema's "plugins" list; columns get generators from their names.
    pgmock("generate", str(schema), "-f", str(out), "-j", "2")
    pg.restore_plain(out, pgdb)
    mrns = [r[0] for r in pg.query("SELECT mrn FROM patients", pgdb)]
    assert len(set(mrns)) == 10_000 and all(re.fullmatch(r"MRN-\d{8}", m or "") for m in mrns)
    rows = pg.query("SELECT prescriber_npi, diagnosis_code, drug FROM prescriptions", pgdb)
    assert len(rows) == 30_000
    npis = [r[0] or "" for r in rows]
    assert len(set(npis)) == 30_000 and all(n[0] in "12" and _npi_ok(n) for n in npis)
    codes = Counter(r[1] for r in rows)
    assert codes.most_common(1)[0][0] == "I10" and len(codes) > 40
    drugs = Counter((r[2] or "").split(" ")[0] for r in rows)
    assert drugs.most_common(1)[0][0] in {"Atorvastatin", "Levothyroxine"}
    assert (
        pg.scalar(
            "SELECT count(*) FROM prescriptions WHERE drug !~ '^[A-Z][a-z]+( [a-z]+)? [0-9.]+ '",
            pgdb,
        )
        == "0"
    )


TRICKY = (
    "(n) => Array.from({length: n}, (_, i) => "
    "['plain', 'a,b', 'say \"hi\"', 'two\\nlines', '', null, ' pad ', 'back\\\\slash'][i % 8])"
)

SHOP: dict[str, Any] = {
    "version": "1.0",
    "seed": 3,
    "tables": {
        "users": {
            "rowCount": 2_000,
            "columns": {
                "id": {"type": "serial", "primaryKey": True},
                "email": {"type": "varchar(255)", "unique": True},
                "note": {"type": "text", "generator": "js", "params": {"code": TRICKY}},
                "born": {"type": "date"},
            },
        },
        "sales.orders": {
            "rowCount": 25_000,
            "columns": {
                "id": {"type": "bigserial", "primaryKey": True},
                "user_id": {"type": "integer", "references": "users.id"},
                "total": {"type": "numeric(10,2)"},
                "meta": {"type": "jsonb"},
                "tags": {"type": "text[]"},
            },
        },
    },
}


def test_csv_writer_output_loads_into_postgresql(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    schema = tmp_path / "shop.json"
    schema.write_text(json.dumps(SHOP))
    out = tmp_path / "shop-csv"
    pgmock(
        "--plugin", "csv-writer", "generate", str(schema), "-F", "csv", "-f", str(out), "-j", "2"
    )
    assert sorted(p.name for p in out.iterdir()) == [
        "load.sql",
        "public.users.csv",
        "sales.orders.csv",
    ]
    ddl = tmp_path / "ddl.sql"
    pgmock("generate", str(schema), "-s", "--no-constraints", "-f", str(ddl))
    pg.restore_plain(ddl, pgdb)
    load = subprocess.run(
        [str(pg.tool("psql")), "-X", "-v", "ON_ERROR_STOP=1", "-d", pgdb, "-f", "load.sql"],
        cwd=out,
        env=pg.env(),
        capture_output=True,
    )
    assert load.returncode == 0, load.stderr.decode()
    plain = tmp_path / "plain.sql"
    pgmock("generate", str(schema), "-f", str(plain))
    other = pg.create_db()
    try:
        pg.restore_plain(plain, other)
        for table, order in (("users", "id"), ("sales.orders", "id")):
            query = f"SELECT row_to_json(t)::text FROM {table} t ORDER BY {order}"
            assert pg.query(query, pgdb) == pg.query(query, other), table
    finally:
        pg.drop_db(other)
    notes = Counter(r[0] for r in pg.query("SELECT note FROM users", pgdb))
    assert notes["a,b"] == notes['say "hi"'] == notes["two\nlines"] == notes[""] == 250
    assert notes[None] == 250 and notes["back\\slash"] == 250
