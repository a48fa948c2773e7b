"""DDL imported with no hints reads like data, the newcomer's demo: ``pgmock generate
schema.sql -Fc`` restored and queried. Lookup tables hold their vocabulary (a dozen real
languages, not 1,000 rows ending in "Zulu II"), children scale from their parents, an
address's district belongs to its city and country (not a US state in Angola), and a
blog's slugs are its titles, its drafts unpublished."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from clihelp import pgmock
from corpus_index import CORPUS
from pgharness import PgCluster

# A vocabulary exhausted shows as a number or a Roman numeral after the word.
_SUFFIX = re.compile(r"\s(\d+|[IVX]+)$")


def _restore_ddl(pg: PgCluster, db: str, tmp_path: Path, name: str) -> None:
    archive = tmp_path / f"{name}.dump"
    pgmock("generate", str(CORPUS / name / "schema.sql"), "-Fc", "-f", str(archive))
    subprocess.run(
        [str(pg.tool("pg_restore")), "-e", "-d", db, str(archive)],
        check=True, capture_output=True, env=pg.env(), timeout=600,
    )  # fmt: skip


def _count(pg: PgCluster, db: str, table: str) -> int:
    return int(pg.scalar(f"SELECT count(*) FROM {table}", db) or 0)


def _names(pg: PgCluster, db: str, sql: str) -> list[str]:
    return [str(row[0]).strip() for row in pg.query(sql, db)]


def test_pagila_from_its_ddl_reads_like_a_rental_chain(
    pg: PgCluster, pgdb: str, tmp_path: Path
) -> None:
    """Before: every table had 1,000 rows, so ``language`` listed "Zulu II", "Afrikaans 13"
    and every address's district was a US state whatever its country."""
    _restore_ddl(pg, pgdb, tmp_path, "pagila")
    for table, low, high in (("language", 6, 20), ("category", 10, 25), ("country", 50, 200)):
        names = _names(
            pg, pgdb, f"SELECT {'country' if table == 'country' else 'name'} FROM {table}"
        )
        assert low <= len(names) <= high, (table, len(names))
        assert len(set(names)) == len(names), (table, names)
        suffixed = [n for n in names if _SUFFIX.search(n)]
        assert not suffixed, (table, suffixed)
    # a few stores and staff; children outnumber what they belong to
    assert _count(pg, pgdb, "store") <= 10 and _count(pg, pgdb, "staff") <= 10
    films, inventory, rentals = (_count(pg, pgdb, t) for t in ("film", "inventory", "rental"))
    assert films < inventory < rentals
    assert _count(pg, pgdb, "film_actor") > films
    # a district is its city's state where pgmock knows it, else the city itself
    rows = pg.query(
        """SELECT a.district, c.city, co.country
             FROM address a JOIN city c USING (city_id) JOIN country co USING (country_id)""",
        pgdb,
    )
    assert len(rows) == _count(pg, pgdb, "address")
    known = {"United States", "Germany", "France", "Japan", "Brazil"}
    stray = [r for r in rows if not (r[1] or "").startswith(r[0] or "-") and r[2] not in known]
    assert not stray, stray[:5]
    us_states = {"California", "Texas", "New York", "Florida", "Ohio", "Massachusetts"}
    foreign = [r for r in rows if r[0] in us_states and r[2] != "United States"]
    assert not foreign, foreign[:5]


def test_chinook_lookups_hold_their_vocabulary(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    _restore_ddl(pg, pgdb, tmp_path, "chinook")
    for table in ("genre", "media_type"):
        names = _names(pg, pgdb, f"SELECT name FROM {table}")
        assert 3 <= len(names) <= 25 and len(set(names)) == len(names), (table, names)
        assert not [n for n in names if _SUFFIX.search(n)], (table, names)
    assert _count(pg, pgdb, "invoice_line") > _count(pg, pgdb, "invoice")


def test_northwind_integer_keys_are_numbered_from_one(
    pg: PgCluster, pgdb: str, tmp_path: Path
) -> None:
    # category_id smallint PRIMARY KEY (no serial, no default): 1..N as the application's
    # inserts numbered them, and the orders' keys point into that range
    _restore_ddl(pg, pgdb, tmp_path, "northwind")
    for table, key in (
        ("categories", "category_id"),
        ("orders", "order_id"),
        ("region", "region_id"),
    ):
        n = _count(pg, pgdb, table)
        low, high = pg.query(f"SELECT min({key}), max({key}) FROM {table}", pgdb)[0]
        assert (int(low), int(high)) == (1, n), (table, low, high, n)
    assert (
        pg.scalar(
            "SELECT max(category_id) <= (SELECT count(*) FROM categories) FROM products", pgdb
        )
        == "t"
    )
    # reports_to is a tree: a few heads, no one their own manager or their manager's
    heads = _count(pg, pgdb, "employees WHERE reports_to IS NULL")
    assert 1 <= heads < _count(pg, pgdb, "employees")
    chains = pg.scalar(
        "WITH RECURSIVE up(id, boss, depth) AS (SELECT employee_id, reports_to, 0 FROM employees"
        " UNION ALL SELECT up.id, e.reports_to, depth + 1 FROM up JOIN employees e"
        " ON e.employee_id = up.boss WHERE depth < 20) SELECT max(depth) FROM up",
        pgdb,
    )
    assert int(chains or 0) <= 3


def test_a_blog_from_its_ddl_reads_like_a_blog(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    """Before: slugs were random words and digits ("agency forget gas 0231"), published_at
    fell before created_at and was set on drafts, tags held 1,000 rows of "River
    Summit", and half the comments predated their post."""
    _restore_ddl(pg, pgdb, tmp_path, "blog")
    posts = _count(pg, pgdb, "posts")
    assert posts > 100
    # the slug is the title slugified (lower-case, other characters one '-', none at
    # the ends), a repeat numbered
    slugged = r"trim(both '-' from regexp_replace(lower(title), '[^a-z0-9]+', '-', 'g'))"
    stray = pg.query(
        f"SELECT title, slug FROM posts WHERE slug <> {slugged} "
        f"AND slug !~ ('^' || {slugged} || '-[0-9]+$') LIMIT 5",
        pgdb,
    )
    assert not stray, stray
    assert pg.scalar("SELECT count(DISTINCT slug) = count(*) FROM posts", pgdb) == "t"
    # nothing published before it was written; drafts not published, the others are
    assert _count(pg, pgdb, "posts WHERE published_at < created_at") == 0
    assert _count(pg, pgdb, "posts WHERE status = 'draft' AND published_at IS NOT NULL") == 0
    assert _count(pg, pgdb, "posts WHERE status <> 'draft' AND published_at IS NULL") == 0
    for status in ("draft", "published", "archived"):
        assert _count(pg, pgdb, f"posts WHERE status = '{status}'") > 0, status
    # a short list of topics, real words, each once
    tags = _names(pg, pgdb, "SELECT name FROM tags")
    assert 5 <= len(tags) <= 50 and len(set(tags)) == len(tags), tags
    assert all(re.fullmatch(r"[a-z]+( [a-z]+)?", t) for t in tags), tags
    assert {"programming", "travel", "python", "design", "food"} & set(tags)
    assert _count(pg, pgdb, "post_tags") > len(tags)
    # no comment written before its post (half of them were, before after_parent)
    early = "comments c JOIN posts p ON p.id = c.post_id WHERE c.created_at < p.created_at"
    assert _count(pg, pgdb, "comments") > 100 and _count(pg, pgdb, early) == 0
    # nor a post before its author signed up (created_at is declared after published_at)
    early = "posts p JOIN authors a ON a.id = p.author_id WHERE p.created_at < a.created_at"
    assert _count(pg, pgdb, early) == 0


def test_a_library_from_its_ddl_reads_like_a_library(
    pg: PgCluster, pgdb: str, tmp_path: Path
) -> None:
    """Before: ``isbn char(13)`` held random words and digits ("debate 1696"), half the
    loans were due before they were made or made before their member joined, and a
    member's ``joined_on`` had nothing to do with when their row was created."""
    _restore_ddl(pg, pgdb, tmp_path, "library")
    books = _count(pg, pgdb, "books")
    assert books > 100
    # every ISBN is 978/979 and twelve digits whose weighted sum (1, 3, 1, 3 …) with the
    # check digit is a multiple of 10
    bad = pg.query(
        "SELECT isbn FROM books WHERE isbn !~ '^97[89][0-9]{10}$' OR (SELECT sum("
        "substr(isbn, i, 1)::int * CASE WHEN i % 2 = 0 THEN 3 ELSE 1 END) FROM "
        "generate_series(1, 13) i) % 10 <> 0 LIMIT 5",
        pgdb,
    )
    assert not bad, bad
    assert _count(pg, pgdb, "books WHERE isbn LIKE '979%'") > 0
    # a loan is due after it was made, within four weeks; returns follow the loan
    loans = _count(pg, pgdb, "loans")
    assert loans > books
    early = "loans WHERE due_date <= (loaned_at AT TIME ZONE 'UTC')::date"
    late = "loans WHERE due_date > (loaned_at AT TIME ZONE 'UTC')::date + 28"
    assert _count(pg, pgdb, early) == 0 and _count(pg, pgdb, late) == 0
    assert _count(pg, pgdb, "loans WHERE returned_at < loaned_at") == 0
    # a loan is made after its member joined (1,069 of 2,000 were not), by the present
    joined = "loans l JOIN members m ON m.id = l.member_id WHERE l.loaned_at < m.created_at"
    assert _count(pg, pgdb, joined) == 0
    assert _count(pg, pgdb, "loans WHERE loaned_at >= TIMESTAMPTZ '2026-01-01 00:00Z'") == 0
    # a member joined the day their row was created
    members = _count(pg, pgdb, "members")
    same_day = "members WHERE joined_on = (created_at AT TIME ZONE 'UTC')::date"
    assert members > 100 and _count(pg, pgdb, same_day) == members


def test_an_hr_schema_from_its_ddl_reads_like_a_company(
    pg: PgCluster, pgdb: str, tmp_path: Path
) -> None:
    """Before: 1,000 projects beside 10 employees, planned projects that had started and
    ended years ago, a hire date unrelated to when the employee's row was created, and
    time booked before the hire and outside the project's dates."""
    _restore_ddl(pg, pgdb, tmp_path, "hr")
    employees, projects = _count(pg, pgdb, "employees"), _count(pg, pgdb, "projects")
    assert employees == 10 and 5 <= projects <= 50, (employees, projects)
    assert _count(pg, pgdb, "timesheets") > projects
    assert _count(pg, pgdb, "employees WHERE hire_date = created_at::date") == employees
    # a planned project starts after the data's present (the end of 2025), a completed or
    # cancelled one is over, an active one started in its last year
    present = "DATE '2026-01-01'"
    assert _count(pg, pgdb, f"projects WHERE status = 'planned' AND start_date < {present}") == 0
    over = f"projects WHERE status IN ('completed', 'cancelled') AND end_date >= {present}"
    assert _count(pg, pgdb, over) == 0
    assert _count(pg, pgdb, f"projects WHERE status = 'active' AND start_date >= {present}") == 0
    assert _count(pg, pgdb, "projects WHERE end_date < start_date") == 0
    # time is booked after the hire and within the project's dates (before: 25 of 60
    # timesheets before the hire, 57 outside the project), but for employees hired after
    # the project ended, whose time is booked on their first day
    sheets = (
        "timesheets t JOIN employees e ON e.id = t.employee_id"
        " JOIN projects p ON p.id = t.project_id WHERE "
    )
    assert _count(pg, pgdb, sheets + "t.work_date < e.hire_date") == 0
    assert _count(pg, pgdb, sheets + "t.work_date < p.start_date") == 0
    outside = "t.work_date > p.end_date AND e.hire_date <= p.end_date"
    assert _count(pg, pgdb, sheets + outside) == 0
    future = f"t.work_date >= {present} AND p.status <> 'planned'"
    assert _count(pg, pgdb, sheets + future) == 0
