"""The mimesis plugin: a schema restored into a real PostgreSQL whose values are read back
and checked against the pools."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from clihelp import pgmock
from mimesis_setup import make, pool_of
from pgharness import PgCluster

# --------------------------------------------------------------------------- PostgreSQL

ROWS = 400
STAFF = {
    "version": "1.0",
    "seed": 11,
    "database": {"locale": "de_DE.utf8"},
    "extensions": ["citext"],
    "tables": {
        "universities": {
            "rowCount": 60,
            "columns": {
                "id": {"type": "serial", "primaryKey": True},
                "name": {"type": "varchar(200)", "generator": "university", "unique": True},
            },
        },
        "staff": {
            "rowCount": ROWS,
            "columns": {
                "id": {"type": "serial", "primaryKey": True},
                "university_id": {"type": "integer", "references": "universities.id"},
                "occupation": {"type": "text", "generator": "mimesis.occupation"},
                "citizenship": {"type": "text", "params": {"gender": "female"}},
                "mother_tongue": {"type": "text"},
                "degree": {"type": "varchar(8)"},
                "programming_language": {"type": "text", "nullable": True, "nullRatio": 0.25},
                "favourite_food": {"type": "text", "locale": "ja_JP.utf8"},
                "drink": {"type": "citext"},
                "blood_type": {"type": "char(3)", "nullable": False},
            },
        },
    },
}


def _pool(name: str, type_name: str, locale: str, **params: Any) -> set[str]:
    return pool_of(make(name, type_name, locale=locale, params=params))


def test_schema_restores_into_postgresql_with_pool_values(
    pg: PgCluster, pgdb: str, tmp_path: Path
) -> None:
    src = tmp_path / "staff.json"
    src.write_text(json.dumps(STAFF))
    out = tmp_path / "staff.sql"
    pgmock("generate", str(src), "-f", str(out))
    pg.restore_plain(out, pgdb)

    unis = [r[0] for r in pg.query("SELECT name FROM universities", pgdb)]
    assert len(unis) == 60 == len(set(unis))
    assert set(unis) <= _pool("university", "varchar(200)", "de_DE")

    rows = pg.query(
        "SELECT occupation, citizenship, mother_tongue, degree, programming_language, "
        "favourite_food, drink::text, blood_type FROM staff",
        pgdb,
    )
    assert len(rows) == ROWS
    cols = list(zip(*rows))
    expected = [
        _pool("occupation", "text", "de_DE"),
        _pool("nationality", "text", "de_DE", gender="female"),
        _pool("language", "text", "de_DE"),
        _pool("academic_degree", "varchar(8)", "de_DE"),
        _pool("programming_language", "text", "de_DE"),
        _pool("dish", "text", "ja_JP"),
        _pool("drink", "citext", "de_DE"),
        # char(3) comes back blank-padded
        {v.ljust(3) for v in _pool("blood_type", "char(3)", "de_DE")},
    ]
    for values, pool in zip(cols, expected):
        present = {v for v in values if v is not None}
        assert present <= pool
        assert len(present) > 1
    male_only = _pool("nationality", "text", "de_DE", gender="male") - expected[1]
    assert male_only and not set(cols[1]) & male_only
    assert any(v is None for v in cols[4]) and not any(v is None for v in cols[7])
    assert any(not v.isascii() for v in cols[5] if v), "ja_JP dishes on that column"
    assert Counter(cols[7]).most_common(1)[0][0].strip() in {"O+", "A+"}
