"""``pgmock explain``: generator, parameters, distribution, why, and the values generate
writes — for a terminal and as JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from clihelp import pgmock

SCHEMA: dict[str, Any] = {
    "version": "1.0",
    "seed": 5,
    "tables": {
        "film": {
            "rowCount": 50,
            "columns": {
                "film_id": {"type": "serial", "primaryKey": True},
                "title": {"type": "text"},
                "length": {"type": "smallint"},
                "rating": {"type": "text", "generator": "choice", "params": {"values": ["G"]}},
                "created_at": {"type": "timestamp"},
                "updated_at": {"type": "timestamp"},
            },
        },
        "rental": {
            "rowCount": 80,
            "columns": {
                "rental_id": {"type": "serial", "primaryKey": True},
                "film_id": {"type": "integer", "references": "film.film_id"},
                "rental_date": {"type": "date"},
                "return_date": {"type": "date", "nullable": False},
            },
        },
    },
}


def _schema(tmp_path: Path) -> Path:
    path = tmp_path / "films.json"
    path.write_text(json.dumps(SCHEMA))
    return path


def _columns(report: list[dict[str, Any]], table: str) -> dict[str, dict[str, Any]]:
    entry = next(t for t in report if t["table"] == table)
    return {c["column"]: c for c in entry["columns"]}


def test_json_says_what_and_why(tmp_path: Path) -> None:
    out = pgmock("explain", str(_schema(tmp_path)), "--json", "--samples", "5").stdout
    report = json.loads(out)
    assert [t["table"] for t in report] == ["public.film", "public.rental"]
    film = _columns(report, "public.film")
    assert film["film_id"]["source"] == "serial"
    assert film["rating"]["why"] == "explicit"
    assert film["rating"]["params"] == {"values": ["G"]}
    length = film["length"]
    assert length["generator"] == "core.integer"
    assert length["why"].startswith("rule of plugin inference: a film's running time")
    assert "table ~ film" in length["rule"]
    assert length["distribution"]["name"] == "distributions.normal"
    assert all(46 <= int(v) <= 185 for v in length["samples"])
    assert len(length["samples"]) == 5
    updated = film["updated_at"]
    assert updated["source"] == "after" and updated["after"] == "created_at"
    assert updated["why"].startswith("lifecycle record")
    rental = _columns(report, "public.rental")
    assert rental["film_id"]["source"] == "foreign key"
    assert rental["film_id"]["references"] == "film(film_id)"
    assert rental["return_date"]["after"] == "rental_date"
    assert "null_ratio" not in rental["return_date"]  # NOT NULL: every rental returned


def test_samples_are_the_values_generate_writes(tmp_path: Path) -> None:
    path = _schema(tmp_path)
    report = json.loads(pgmock("explain", str(path), "--json", "--samples", "4").stdout)
    dump = pgmock("generate", str(path)).stdout.decode()
    block = re.search(r"COPY public\.film \((.*?)\) FROM stdin;\n(.*?)\n\\\.", dump, re.S)
    assert block is not None
    names = block.group(1).split(", ")
    rows = [line.split("\t") for line in block.group(2).splitlines()[:4]]
    film = _columns(report, "public.film")
    for i, name in enumerate(names):
        assert film[name]["samples"] == [r[i] for r in rows], name


def test_terminal_report_and_table_selection(tmp_path: Path) -> None:
    text = pgmock("explain", str(_schema(tmp_path)), "-t", "rental").stdout.decode()
    assert text.startswith("public.rental — 80 rows")
    assert "public.film" not in text
    assert re.search(r"return_date\s+date\s+after rental_date", text)
    assert "why: lifecycle rental" in text
    assert "e.g. " in text


def test_generate_explain_goes_to_stderr(tmp_path: Path) -> None:
    proc = pgmock("generate", str(_schema(tmp_path)), "--explain")
    assert proc.stdout.decode().startswith("--\n-- PostgreSQL database dump")
    assert "why: rule of plugin inference" in proc.stderr.decode()


def test_explain_of_a_bad_schema_is_a_schema_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"version": "1.0", "tables": {"t": {"rowCount": 1, "columns": {}}}}')
    proc = pgmock("explain", str(path), check=False)
    assert proc.returncode == 2
    assert b"Traceback" not in proc.stderr
