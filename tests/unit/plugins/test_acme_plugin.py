"""The separately installed example plugin through ``pgmock --plugin``: listed without
being loaded, and named on the command line, in the schema or in the environment."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clihelp import pgmock
from sample_schemas import ACME_PATIENTS


@pytest.fixture
def patients_file(tmp_path: Path) -> Path:
    path = tmp_path / "patients.json"
    path.write_text(json.dumps(ACME_PATIENTS))
    return path


def test_plugin_is_listed_without_being_loaded() -> None:
    listing = json.loads(pgmock("plugins", "--json").stdout)
    acme = next(p for p in listing if p["name"] == "acme-healthcare")
    assert acme["distribution"] == "pgmock-acme-healthcare"
    assert acme["status"] == "available"
    assert next(p for p in listing if p["name"] == "sql")["status"] == "builtin"


def test_without_the_plugin_the_generator_is_unknown(patients_file: Path) -> None:
    proc = pgmock("validate", str(patients_file), check=False)
    assert proc.returncode == 2
    assert b'unknown generator "acme-healthcare.mrn"' in proc.stderr


def test_plugin_named_in_the_schema_or_env(patients_file: Path, tmp_path: Path) -> None:
    pgmock("validate", str(patients_file), env={"PGMOCK_PLUGINS": "acme-healthcare"})
    with_list = tmp_path / "with_list.json"
    with_list.write_text(json.dumps({**ACME_PATIENTS, "plugins": ["pgmock-acme-healthcare"]}))
    pgmock("validate", str(with_list))
