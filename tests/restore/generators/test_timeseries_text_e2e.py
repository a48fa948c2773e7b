"""Event times, metrics, reviews and product names through the command line, restored
into a real PostgreSQL and checked there by SQL."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pgmock_builtins import markov_gen as mg

from clihelp import pgmock
from pgharness import PgCluster
from restored import restore, serial_table

SCHEMA: dict[str, Any] = {
    "version": "1.0",
    "seed": 11,
    "tables": {
        "products": {
            "rowCount": 3000,
            "columns": {
                "id": {"type": "serial", "primaryKey": True},
                "product_name": {"type": "varchar(60)", "unique": True},  # inferred
                "price": {"type": "numeric(8,2)"},
            },
        },
        "reviews": {
            "rowCount": 25000,
            "columns": {
                "id": {"type": "bigserial", "primaryKey": True},
                "product_id": {"type": "integer", "references": "products.id"},
                "created_at": {
                    "type": "timestamptz",
                    "generator": "event_time",
                    "params": {
                        "start": "2024-01-01T00:00:00Z",
                        "end": "2024-06-30T23:59:59Z",
                        "daily_amplitude": 0.9,
                        "daily_peak": "14:00",
                        "business_days": True,
                        "weekend_factor": 0.2,
                        "holidays": ["2024-03-15"],
                        "holiday_factor": 0.05,
                        "bursts": 2,
                        "noise": 0.2,
                    },
                },
                "response_ms": {
                    "type": "numeric(8,1)",
                    "generator": "metric",
                    "params": {
                        "time_column": "created_at",
                        "base": 200,
                        "daily_amplitude": 80,
                        "noise": 5,
                        "min": 1,
                    },
                },
                "stars": {
                    "type": "smallint",
                    "generator": "integer",
                    "params": {"min": 1, "max": 5},
                },
                "body": {
                    "type": "varchar(300)",
                    "generator": "review",
                    "params": {"rating_column": "stars"},
                },
                "title": {"type": "text", "generator": "headline"},
            },
        },
    },
}


@pytest.fixture(scope="module")
def restored(pg: PgCluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One database for the module's read-only checks (generating twice takes a while)."""
    tmp_path = tmp_path_factory.mktemp("reviews")
    schema = tmp_path / "reviews.json"
    schema.write_text(json.dumps(SCHEMA))
    serial, parallel = tmp_path / "serial.sql", tmp_path / "parallel.sql"
    pgmock("generate", str(schema), "-f", str(serial))
    pgmock("generate", str(schema), "-f", str(parallel), "--jobs", "2")
    # Worker processes build the event-time intensity on their own: same bytes.
    assert serial.read_bytes() == parallel.read_bytes()
    db = pg.create_db()
    try:
        pg.restore_plain(serial, db)
        yield db
    finally:
        pg.drop_db(db)


def _num(pg: PgCluster, db: str, sql: str) -> float:
    return float(pg.scalar(sql, db) or 0)


def test_event_times_restore_with_declared_patterns(pg: PgCluster, restored: str) -> None:
    db = restored
    assert _num(pg, db, "SELECT count(*) FROM reviews") == 25000
    backwards = (
        "SELECT count(*) FROM (SELECT created_at < lag(created_at) OVER (ORDER BY id) b "
        "FROM reviews) s WHERE b"
    )
    assert _num(pg, db, backwards) == 0  # rows are the events in time order
    assert pg.scalar("SELECT min(created_at) >= '2024-01-01Z' FROM reviews", db) == "t"
    assert pg.scalar("SELECT max(created_at) <= '2024-06-30 23:59:59Z' FROM reviews", db) == "t"
    peak = pg.scalar(
        "SELECT extract(hour FROM created_at AT TIME ZONE 'UTC')::int FROM reviews "
        "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1",
        db,
    )
    assert peak in ("13", "14")
    weekend = _num(
        pg,
        db,
        "SELECT avg((extract(isodow FROM created_at AT TIME ZONE 'UTC') >= 6)::int) FROM reviews",
    )
    assert weekend == pytest.approx(2 * 0.2 / (5 + 2 * 0.2), abs=0.02)
    per_day = (
        "SELECT count(*) FILTER (WHERE d = '2024-03-15') / "
        "(count(*) FILTER (WHERE extract(isodow FROM d) < 6 AND d <> '2024-03-15') "
        " / count(DISTINCT d) FILTER (WHERE extract(isodow FROM d) < 6 AND d <> '2024-03-15'))"
        "::float FROM (SELECT (created_at AT TIME ZONE 'UTC')::date d FROM reviews) s"
    )
    assert _num(pg, db, per_day) < 0.2  # the holiday (a Friday) is nearly empty


def test_metric_follows_the_event_clock(pg: PgCluster, restored: str) -> None:
    swing = _num(
        pg,
        restored,
        "SELECT avg(response_ms) FILTER (WHERE h IN (13, 14)) - "
        "avg(response_ms) FILTER (WHERE h IN (1, 2)) FROM "
        "(SELECT response_ms, extract(hour FROM created_at AT TIME ZONE 'UTC') h FROM reviews) s",
    )
    # 80 * (cos(-0.5h) - cos(11.5h)) averaged over the hours: about 2 * 80 * 0.96.
    assert 140 < swing < 165
    assert _num(pg, restored, "SELECT min(response_ms) FROM reviews") >= 1


def test_reviews_follow_stars_and_fit(pg: PgCluster, restored: str) -> None:
    sections = mg.read_corpus("reviews.txt")

    def words(section: str) -> set[str]:
        return {w.lower().strip(".,!?") for line in sections[section] for w in line.split()}

    only_negative = words("negative") - words("positive") - words("neutral")
    rows = pg.query("SELECT stars, body, title FROM reviews", restored)
    negative_hits = {s: 0 for s in range(1, 6)}
    per_stars = {s: 0 for s in range(1, 6)}
    for stars, body, title in rows:
        assert body and title and len(body) <= 300
        tokens = {w.lower().strip(".,!?") for w in body.split()}
        per_stars[int(stars or 0)] += 1
        negative_hits[int(stars or 0)] += bool(tokens & only_negative)
    assert negative_hits[4] == negative_hits[5] == negative_hits[3] == 0
    assert negative_hits[1] / per_stars[1] > 0.5 and negative_hits[2] / per_stars[2] > 0.5


def test_product_names_unique_in_postgres(pg: PgCluster, restored: str) -> None:
    # The restore already enforced the UNIQUE constraint; the names look like products.
    assert _num(pg, restored, "SELECT count(DISTINCT product_name) FROM products") == 3000
    assert _num(pg, restored, "SELECT max(length(product_name)) FROM products") <= 60
    names = [r[0] or "" for r in pg.query("SELECT product_name FROM products", restored)]
    assert all(re.fullmatch(r"[A-Z][\w'.\- ]+", n) for n in names)
    nouns = tuple(mg.product_words().nouns[:-1])
    assert all(n.endswith(nouns) for n in names)  # no edition below 186,823 rows


def test_weekend_factor_alone_thins_the_weekends(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    """Before: weekend_factor did nothing unless business_days was set too."""
    at = {"type": "timestamp", "generator": "event_time", "params": {"weekend_factor": 0.1}}
    restore(pg, pgdb, tmp_path, {"tables": {"events": serial_table(20000, at=at)}})
    weekend = pg.scalar("SELECT avg((extract(isodow FROM at) >= 6)::int) FROM events", pgdb)
    # 2 of 7 days at a tenth of the rate: 0.2 / 5.2 ≈ 3.8 % of the events (28.6 % before)
    assert 0.025 < float(weekend or 1) < 0.055
