"""External-process generators (the ``subprocess`` plugin), end to end with real programs,
restored into a real PostgreSQL."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from clihelp import EXAMPLES, pgmock
from pgharness import PgCluster
from process_setup import books_schema, is_alive, logged_pids, process, write_child, write_schema


@pytest.fixture
def child(tmp_path: Path) -> Path:
    return write_child(tmp_path)


def test_protocol_values_restore_and_children_end_cleanly(
    pg: PgCluster, pgdb: str, tmp_path: Path, child: Path
) -> None:
    log = tmp_path / "log"
    schema = books_schema(
        {
            "title": {"type": "text", "generator": "text"},
            "a": process(child, "ok", log, options={"kind": "x", "n": [1, 2]}, rows=["title"]),
            "b": {"type": "varchar(60)", **process(child, "ok", log, shared=True)},
            "c": {"type": "text", **process(child, "ok", log, shared=True)},
        },
        rows=25_000,
    )
    schema["tables"]["books"]["columns"]["a"]["type"] = "text"
    path = write_schema(tmp_path, schema)
    out = tmp_path / "books.sql"
    pgmock("generate", str(path), "--allow-exec", "-f", str(out))
    pg.restore_plain(out, pgdb)
    rows = pg.query("SELECT id, title, a, b, c FROM books ORDER BY id", pgdb)
    assert len(rows) == 25_000
    seeds: dict[str, set[str]] = {"a": set(), "b": set(), "c": set()}
    for rid, title, *values in rows:
        for name, value in zip("abc", values):
            column, seed, row, initial = (value or "").split(":")
            assert column == f"public.books.{name}"
            assert int(row) == int(rid) - 1
            seeds[name].add(seed)
            if name == "a":
                assert initial == (title or "")[0]  # rows: ["title"] was sent
    assert all(len(s) == 3 for s in seeds.values())  # one seed per 10,000-row batch
    # a: its own program; b and c share one. Each got one handshake per column, with
    # the column's type and the options; every program saw end of input and exited.
    starts = logged_pids(log)
    assert len(starts) == 2
    assert sorted(logged_pids(log, "eof")) == sorted(starts)
    hellos = sorted(line for line in log.read_text().splitlines() if line.startswith("hello"))
    assert hellos == [
        'hello books.a text {"kind": "x", "n": [1, 2]}',
        "hello books.b character varying(60) {}",
        "hello books.c text {}",
    ]
    assert not any(is_alive(pid) for pid in starts)


# ------------------------------------------------------------------ the examples/generators


def _luhn_npi_ok(npi: str) -> bool:
    digits = [int(c) for c in "80840" + npi]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return total % 10 == 0


def _isbn_ok(isbn: str) -> bool:
    return sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(isbn)) % 10 == 0


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_example_generators_restore(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    # examples/generators/books.json: JavaScript (file and inline), the Python program
    # and the Node program (shared, one with rows), paths relative to the schema file.
    schema = EXAMPLES / "generators" / "books.json"
    out, out2 = tmp_path / "a.sql", tmp_path / "b.sql"
    pgmock("generate", str(schema), "--allow-exec", "-f", str(out), cwd=tmp_path)
    pgmock("generate", str(schema), "--allow-exec", "-f", str(out2), "-j", "2", cwd=tmp_path)
    assert out.read_bytes() == out2.read_bytes()
    pg.restore_plain(out, pgdb)
    rows = pg.query(
        "SELECT id, title, format, sku, price, isbn, slug, editor_npi, print_lot "
        "FROM books ORDER BY id",
        pgdb,
    )
    assert len(rows) == 20_000
    prefixes = {"hardcover": "HC", "paperback": "PB", "ebook": "EB"}
    for rid, title, fmt, sku, price, isbn, slug, npi, lot in rows:
        assert sku and sku.startswith(f"{prefixes[fmt or '']}-{int(rid) - 1:07d}-")
        assert 4.99 <= float(price or 0) <= 34.99
        assert isbn and isbn.startswith("978") and _isbn_ok(isbn)
        words = "-".join((title or "").lower().split())
        assert slug == f"{words}-{rid}"
        assert npi and npi[0] in "12" and _luhn_npi_ok(npi)
        assert lot and lot.startswith(f"LOT-{int(rid) - 1:07d}-")
    assert len({r[7] for r in rows}) > 19_900  # random NPIs rarely collide
