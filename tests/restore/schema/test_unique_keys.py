"""Keys of every spelling hold on the data: primary keys and UNIQUE constraints over
foreign keys, unique indexes, keys under children-per-parent counts (issue 12, 1–2)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from key_schemas import fk, junction
from pgharness import PgCluster
from restored import restore, serial_table, validate


@pytest.mark.parametrize(
    "row_count",
    [
        {"per": "movies", "min": 1, "max": 10},
        {"per": "movies", "count": 5},
        {"per": "movies", "distribution": {"name": "poisson", "lambda": 6}},
        # as many as there are people: every movie casts everyone
        {"per": "movies", "count": 30},
    ],
    ids=["min-max", "count", "poisson", "count-is-all"],
)
def test_junction_key_under_children_per_parent_restores(
    pg: PgCluster, pgdb: str, tmp_path: Path, row_count: dict[str, Any]
) -> None:
    """Before: each movie's rows drew people as if the table had no parents, so pairs
    repeated and movie_cast_pkey failed on restore."""
    restore(pg, pgdb, tmp_path, junction(row_count))
    rows, pairs = pg.query(
        "SELECT count(*), count(DISTINCT (person_id, movie_id)) FROM movie_cast", pgdb
    )[0]
    assert rows == pairs and int(rows or 0) > 200
    # the counts per movie are still the drawn ones, and movies cast different people
    sets = pg.query(
        "SELECT string_agg(person_id::text, ',' ORDER BY person_id) FROM movie_cast "
        "GROUP BY movie_id",
        pgdb,
    )
    if row_count.get("count") != 30:
        assert len({s for (s,) in sets}) > 150


def test_junction_key_spreads_people_over_movies(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    restore(pg, pgdb, tmp_path, junction({"per": "movies", "count": 3}, people=1000))
    # 600 rows over 1000 people: a keyed permutation per movie, not the first people
    used = int(pg.scalar("SELECT count(DISTINCT person_id) FROM movie_cast", pgdb) or 0)
    assert used > 400


def test_drawn_counts_are_capped_with_a_warning(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    schema = junction({"per": "movies", "distribution": {"name": "poisson", "lambda": 8}}, 10)
    proc = validate(tmp_path, schema)
    assert proc.returncode == 0, proc.stderr
    assert "tables.movie_cast.rowCount.distribution:" in proc.stderr
    assert "drew more children than the key allows and get 10" in proc.stderr
    restore(pg, pgdb, tmp_path, schema)
    most = pg.scalar(
        "SELECT max(n) FROM (SELECT count(*) n FROM movie_cast GROUP BY movie_id) c", pgdb
    )
    assert most == "10"


def test_unique_indexes_are_enforced(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    """Before: a unique index was written into the dump but the data ignored it."""
    schema = {
        "tables": {
            "staff": {
                **serial_table(
                    3000,
                    manager_id={"type": "integer", "references": "managers.id"},
                    grade={"type": "integer", "generator": "integer", "params": {"max": 1_000_000}},
                    badge={"type": "varchar(12)"},
                ),
                "indexes": [
                    {"columns": ["manager_id"], "unique": True},
                    {"columns": ["grade"], "unique": True},
                    {"columns": ["badge", "grade"], "unique": True, "name": "badge_grade"},
                ],
            },
            "managers": serial_table(4000),
        }
    }
    restore(pg, pgdb, tmp_path, schema)
    counts = pg.query(
        "SELECT count(*), count(DISTINCT manager_id), count(DISTINCT grade) FROM staff", pgdb
    )[0]
    assert counts == ("3000", "3000", "3000")
    assert pg.scalar("SELECT count(*) FROM pg_indexes WHERE indexname = 'badge_grade'", pgdb) == "1"


def test_unique_on_a_timestamp_and_two_foreign_keys(
    pg: PgCluster, pgdb: str, tmp_path: Path
) -> None:
    """Before: the UNIQUE constraint was refused (the timestamp, made with "after", cannot
    be unique) while the same columns as a unique index were accepted and not kept."""
    moment = {"type": "timestamp", "after": "users.created_at"}
    schema = {
        "tables": {
            "users": serial_table(40, created_at={"type": "timestamp"}),
            "rooms": serial_table(40),
            "visits": {
                **serial_table(1500, user_id=fk("users.id"), room_id=fk("rooms.id"), at=moment),
                "unique": [["at", "user_id", "room_id"]],
            },
            "visits_ix": {
                **serial_table(1500, user_id=fk("users.id"), room_id=fk("rooms.id"), at=moment),
                "indexes": [{"columns": ["at", "user_id", "room_id"], "unique": True}],
            },
        }
    }
    restore(pg, pgdb, tmp_path, schema)
    for table in ("visits", "visits_ix"):
        pairs = pg.scalar(f"SELECT count(DISTINCT (user_id, room_id)) FROM {table}", pgdb)
        assert pairs == "1500"
        late = pg.scalar(
            f"SELECT count(*) FROM {table} v JOIN users u ON u.id = v.user_id "
            "WHERE v.at <= u.created_at",
            pgdb,
        )
        assert late == "0"


def test_a_key_unique_within_each_parent(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    """Before: UNIQUE (flight_id, seat_no) asked for 20,000 distinct seat numbers of a
    varchar(2), which has room for 36**2 codes; a seat only has to be unique on its
    flight."""
    schema = {
        "seed": 2,
        "tables": {
            "flights": serial_table(200),
            "boarding_passes": {
                **serial_table(
                    0, flight_id=fk("flights.id", nullable=False), seat_no={"type": "varchar(2)"}
                ),
                "rowCount": {"per": "flights", "min": 80, "max": 120},
                "unique": [["flight_id", "seat_no"]],
            },
        },
    }
    restore(pg, pgdb, tmp_path, schema)
    rows, pairs, seats = pg.query(
        "SELECT count(*), count(DISTINCT (flight_id, seat_no)), count(DISTINCT seat_no) "
        "FROM boarding_passes",
        pgdb,
    )[0]
    assert rows == pairs and int(rows or 0) > 16_000
    assert int(seats or 0) <= 120
    # flights do not all list their seats in the same order
    firsts = pg.scalar(
        "SELECT count(DISTINCT seat_no) FROM (SELECT DISTINCT ON (flight_id) seat_no "
        "FROM boarding_passes ORDER BY flight_id, id) f",
        pgdb,
    )
    assert int(firsts or 0) > 50


def test_short_unique_codes(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    """Before: a unique varchar(2) of 249 rows was refused (core.text: 100 values)."""
    schema = {
        "tables": {
            "countries": serial_table(
                249, iso={"type": "varchar(2)", "unique": True}, iso3={"type": "char(3)"}
            ),
            "codes": serial_table(1200, code={"type": "varchar(2)", "unique": True}),
        }
    }
    restore(pg, pgdb, tmp_path, schema)
    rows = pg.query(
        "SELECT count(DISTINCT iso), bool_and(iso ~ '^[A-Z]{2}$') FROM countries "
        "UNION ALL SELECT count(DISTINCT code), bool_and(code ~ '^[0-9A-Z]{2}$') FROM codes",
        pgdb,
    )
    assert rows == [("249", "t"), ("1200", "t")]


def _partial(where: str, *columns: str) -> dict[str, Any]:
    return {"columns": list(columns), "unique": True, "where": where}


def _partial_schema() -> dict[str, Any]:
    flag = {"type": "boolean"}
    return {
        "seed": 4,
        "tables": {
            "users": serial_table(200),
            "stores": {
                **serial_table(30, default=flag),
                "indexes": [_partial('"default"', "default")],
            },
            # one default address per user, among 2,000 addresses of 200 users
            "emails": {
                **serial_table(2000, user_id=fk("users.id"), is_default=flag),
                "indexes": [_partial("is_default", "user_id")],
            },
            "products": {
                **serial_table(
                    3000,
                    slug={"type": "text", "generator": "product_name"},
                    deleted_at={"type": "timestamptz", "nullRatio": 0.8},
                    kind={"type": "text", "generator": "choice", "params": {"values": ["a", "b"]}},
                    code={"type": "varchar(12)", "generator": "username"},
                    master={"type": "boolean"},
                    user_id=fk("users.id"),
                ),
                "indexes": [
                    _partial("deleted_at IS NULL", "slug"),
                    _partial("kind = 'a'", "code"),
                    _partial("master = true AND deleted_at IS NULL", "user_id"),
                ],
            },
            # children per parent: the first rate of a shipment may be the selected one
            "rates": {
                **serial_table(0, user_id=fk("users.id"), selected=flag),
                "rowCount": {"per": "users", "min": 1, "max": 6},
                "indexes": [_partial("selected", "user_id")],
            },
            # a key of two foreign keys drawn distinct, and one of them selected once
            "offers": {
                **serial_table(1500, user_id=fk("users.id"), store_id=fk("stores.id"), best=flag),
                "unique": [["user_id", "store_id"]],
                "indexes": [_partial("best IS TRUE", "user_id")],
            },
        },
    }


def test_partial_unique_indexes_hold(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    """Partial unique indexes of the common shapes hold on the data, so the restore
    builds them (before: the flags and keys were drawn as if the index had no WHERE, and
    pg_restore failed on index_email_addresses_one_default of the issue tracker)."""
    proc = validate(tmp_path, _partial_schema())
    assert proc.returncode == 0, proc.stderr
    restore(pg, pgdb, tmp_path, _partial_schema())
    flags = pg.query(
        """SELECT (SELECT count(*) FROM stores WHERE "default"),
                  (SELECT count(DISTINCT user_id) FROM emails WHERE is_default),
                  (SELECT count(*) FROM emails WHERE NOT is_default),
                  (SELECT count(DISTINCT user_id) FROM emails),
                  (SELECT count(*) FROM rates WHERE selected),
                  (SELECT count(*) FROM offers WHERE best),
                  (SELECT count(*) FROM products WHERE master AND deleted_at IS NULL)""",
        pgdb,
    )[0]
    store_defaults, default_users, others, users, selected, best, masters = map(int, flags)
    # the flags are still there where the index allows them, and the keys keep their spread
    assert store_defaults <= 1
    assert 60 < default_users <= 200 and others > 1000 and users == 200
    assert 40 < selected <= 200 and 0 < best <= 200 and 40 < masters <= 200
