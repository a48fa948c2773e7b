"""The separately installed example plugin, used through ``pgmock --plugin``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from clihelp import pgmock
from pgharness import PgCluster

PATIENTS = {
    "version": "1.0",
    "seed": 3,
    "tables": {
        "patients": {
            "rowCount": 3000,
            "columns": {
                "id": {"type": "serial", "primaryKey": True},
                "mrn": {"type": "varchar(20)", "generator": "acme-healthcare.mrn", "unique": True},
                "diagnosis": {"type": "text", "generator": "icd10"},
                "name": {"type": "text"},
            },
        }
    },
}


@pytest.fixture
def patients_file(tmp_path: Path) -> Path:
    path = tmp_path / "patients.json"
    path.write_text(json.dumps(PATIENTS))
    return path


def test_plugin_is_listed_without_being_loaded() -> None:
    listing = json.loads(pgmock("plugins", "--json").stdout)
    acme = next(p for p in listing if p["name"] == "acme-healthcare")
    assert acme["distribution"] == "pgmock-acme-healthcare"
    assert acme["status"] == "available"
    assert next(p for p in listing if p["name"] == "sql")["status"] == "builtin"


def test_generate_with_plugin_restores(
    pg: PgCluster, pgdb: str, patients_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "patients.sql"
    pgmock("--plugin", "acme-healthcare", "generate", str(patients_file), "-f", str(out))
    pg.restore_plain(out, pgdb)
    rows = pg.query("SELECT mrn, diagnosis FROM patients", pgdb)
    assert len(rows) == 3000
    assert len({r[0] for r in rows}) == 3000
    assert all(re.fullmatch(r"MRN-\d{8}", r[0] or "") for r in rows)
    assert {r[1] for r in rows} >= {"I10", "E11.9"}


def test_without_the_plugin_the_generator_is_unknown(patients_file: Path) -> None:
    proc = pgmock("validate", str(patients_file), check=False)
    assert proc.returncode == 2
    assert b'unknown generator "acme-healthcare.mrn"' in proc.stderr


def test_plugin_named_in_the_schema_or_env(patients_file: Path, tmp_path: Path) -> None:
    pgmock("validate", str(patients_file), env={"PGMOCK_PLUGINS": "acme-healthcare"})
    with_list = tmp_path / "with_list.json"
    with_list.write_text(json.dumps({**PATIENTS, "plugins": ["pgmock-acme-healthcare"]}))
    pgmock("validate", str(with_list))
