"""Inferred data restored into PostgreSQL and checked there: ranges, lifecycle order,
set-like arrays, and search vectors equal to the server's to_tsvector('simple', …)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from clihelp import pgmock
from pgharness import PgCluster

SCHEMA: dict[str, Any] = {
    "version": "1.0",
    "seed": 11,
    "types": {"mpaa": {"enum": ["G", "PG", "PG-13", "R", "NC-17"]}},
    "tables": {
        "language": {
            "rowCount": 6,
            "columns": {
                "language_id": {"type": "serial", "primaryKey": True},
                "name": {"type": "character(20)", "unique": True},
            },
        },
        "film": {
            "rowCount": 3000,
            "columns": {
                "film_id": {"type": "serial", "primaryKey": True},
                "title": {"type": "varchar(255)", "unique": True},
                "description": {"type": "text"},
                "release_year": {"type": "integer", "check": "release_year BETWEEN 1901 AND 2155"},
                "language_id": {"type": "integer", "references": "language.language_id"},
                "rental_duration": {"type": "smallint"},
                "rental_rate": {"type": "numeric(4,2)"},
                "length": {"type": "smallint"},
                "replacement_cost": {"type": "numeric(5,2)"},
                "ratings": {"type": "mpaa[]"},
                "special_features": {"type": "text[]"},
                "fulltext": {"type": "tsvector"},
            },
        },
        "rental": {
            "rowCount": 8000,
            "columns": {
                "rental_id": {"type": "serial", "primaryKey": True},
                "film_id": {"type": "integer", "references": "film.film_id"},
                "rental_date": {"type": "timestamp"},
                "return_date": {"type": "timestamp"},
                "active": {"type": "integer"},
                "created_at": {"type": "timestamptz"},
                "updated_at": {"type": "timestamptz"},
                "deleted_at": {"type": "timestamptz"},
            },
        },
        "payment": {
            "rowCount": 8000,
            "columns": {
                "payment_id": {"type": "serial", "primaryKey": True},
                "rental_id": {"type": "integer", "references": "rental.rental_id"},
                "amount": {"type": "numeric(5,2)"},
            },
        },
    },
}


def _one(pg: PgCluster, db: str, sql: str) -> str | None:
    return pg.query(sql, db)[0][0]


def test_inferred_values_restore_plausibly(tmp_path: Path, pg: PgCluster, pgdb: str) -> None:
    path = tmp_path / "rentals.json"
    path.write_text(json.dumps(SCHEMA))
    pg.restore_plain(pgmock("generate", str(path)).stdout, pgdb)

    def count(sql: str) -> int:
        return int(_one(pg, pgdb, sql) or 0)

    # numbers in the ranges their names say
    assert count("SELECT count(*) FROM film WHERE length NOT BETWEEN 46 AND 185") == 0
    assert count("SELECT count(*) FROM film WHERE release_year NOT BETWEEN 1950 AND 2025") == 0
    assert count("SELECT count(*) FROM film WHERE rental_duration NOT BETWEEN 3 AND 7") == 0
    assert count("SELECT count(*) FROM film WHERE rental_rate NOT IN (0.99, 2.99, 4.99)") == 0
    assert count("SELECT count(*) FROM film WHERE replacement_cost NOT BETWEEN 9.99 AND 29.99") == 0
    assert count("SELECT count(*) FROM rental WHERE active NOT IN (0, 1)") == 0
    assert count("SELECT count(*) FROM payment WHERE amount NOT BETWEEN 0.99 AND 50") == 0
    median = float(
        _one(pg, pgdb, "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY amount) FROM payment")
        or 0
    )
    assert 3 < median < 7
    # lookup rows and titles are distinct
    assert count("SELECT count(DISTINCT name) FROM language") == 6
    assert count("SELECT count(DISTINCT title) FROM film") == 3000
    # lifecycle order within a row; later stages NULL where not reached
    assert count("SELECT count(*) FROM rental WHERE return_date < rental_date") == 0
    assert count("SELECT count(*) FROM rental WHERE updated_at < created_at") == 0
    assert count("SELECT count(*) FROM rental WHERE deleted_at < updated_at") == 0
    open_rentals = count("SELECT count(*) FROM rental WHERE return_date IS NULL")
    assert 0 < open_rentals < 800
    deleted = count("SELECT count(*) FROM rental WHERE deleted_at IS NOT NULL")
    assert 200 < deleted < 1600
    # set-like arrays repeat no element
    for column in ("ratings", "special_features"):
        repeated = count(
            f"SELECT count(*) FROM film WHERE cardinality({column}) <> "
            f"(SELECT count(DISTINCT e) FROM unnest({column}) e)"
        )
        assert repeated == 0, column
    assert count("SELECT count(*) FROM film WHERE cardinality(ratings) > 5") == 0
    # the search vector is the server's own for the row's text
    differ = count(
        "SELECT count(*) FROM film WHERE fulltext <> "
        "to_tsvector('simple', concat_ws(' ', title, description))"
    )
    assert differ == 0
    assert count("SELECT count(*) FROM film WHERE fulltext @@ to_tsquery('simple', 'the')") > 0
