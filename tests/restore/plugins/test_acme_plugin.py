"""The separately installed example plugin, used through ``pgmock --plugin``; its output
restored into a real PostgreSQL."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from clihelp import pgmock
from pgharness import PgCluster
from sample_schemas import ACME_PATIENTS


@pytest.fixture
def patients_file(tmp_path: Path) -> Path:
    path = tmp_path / "patients.json"
    path.write_text(json.dumps(ACME_PATIENTS))
    return path


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
