"""plan / generate --dry-run, preview, --profile and --watch as a user meets them."""

from __future__ import annotations

import json
import os
import pstats
import signal
import subprocess
import sys
import time
from pathlib import Path

from pgmock_sdk.testing import copy_rows

from clihelp import pgmock, terminal_sigint

SKEWED = {
    "version": "1.0",
    "seed": 3,
    "tables": {
        "films": {
            "rowCount": 200,
            "columns": {
                "id": {"type": "serial", "primaryKey": True},
                "code": {"type": "smallint", "unique": True, "generator": "integer",
                         "params": {"min": 1, "max": 220}},
                "rank": {"type": "integer", "unique": True, "generator": "integer"},
            },
        },
        "rentals": {
            "rowCount": 3000,
            "columns": {
                "id": {"type": "serial", "primaryKey": True},
                "film_id": {"type": "integer", "references": "films.id",
                            "distribution": {"name": "zipf", "s": 1.6}},
                "days": {"type": "integer",
                         "distribution": {"name": "normal", "mean": 5, "stddev": 2}},
            },
        },
        "reviews": {
            "rowCount": {"per": "films", "min": 0, "max": 4},
            "columns": {
                "id": {"type": "serial", "primaryKey": True},
                "film_id": {"type": "integer", "references": "films.id"},
            },
        },
        "countries": {
            "rowCount": 20,
            "fixed": True,
            "columns": {
                "id": {"type": "serial", "primaryKey": True},
                "code": {"type": "integer", "unique": True, "generator": "integer",
                         "params": {"min": 1, "max": 20}},
            },
        },
    },
}  # fmt: skip


def _schema(tmp_path: Path, doc: dict[str, object] = SKEWED) -> Path:
    path = tmp_path / "schema.json"
    path.write_text(json.dumps(doc))
    return path


def test_plan_lists_the_toc_rows_estimates_and_warnings(tmp_path: Path) -> None:
    schema = _schema(tmp_path)
    out = pgmock("plan", str(schema), "--scale", "1.05").stdout.decode()
    assert "; Selected TOC Entries:" in out
    toc = [line for line in out.splitlines() if line[:1].isdigit() and "; " in line]
    assert any(line.endswith("TABLE DATA public rentals postgres") for line in toc)
    assert "films" in out and "rowCount × --scale 1.05" in out and "rowCount, fixed" in out
    # the warnings that save a failed run
    assert "films.code: 210 unique values use 95% of the 220" in out
    assert "films.rank" not in out  # its values follow the row count: no limit
    assert "countries.code" not in out  # a fixed list: made as written at any scale
    assert "rentals: one films row gets" in out and "film_id" in out
    assert "--scale 1.05 leaves the tables marked fixed as written: countries (20)" in out
    # nothing written, and generate --dry-run says the same
    assert sorted(p.name for p in tmp_path.iterdir()) == ["schema.json"]
    dry = pgmock("generate", str(schema), "--scale", "1.05", "--dry-run", "-f", "x.sql").stdout
    assert dry.decode().splitlines()[:20] == out.splitlines()[:20]
    assert not (tmp_path / "x.sql").exists() and not Path("x.sql").exists()


def test_plan_json_estimates_near_the_real_output(tmp_path: Path) -> None:
    schema = _schema(tmp_path)
    for fmt in ("p", "c"):
        report = json.loads(pgmock("plan", str(schema), "-F", fmt, "--json").stdout)
        by_table = {t["table"]: t for t in report["tables"]}
        assert by_table["rentals"]["rows"] == 3000 and by_table["rentals"]["source"] == "rowCount"
        assert by_table["countries"]["source"] == "fixed"
        reviews = by_table["reviews"]
        assert reviews["source"] == "per_parent" and reviews["parent"] == "films"
        assert reviews["parents"] == 200 and 0 <= reviews["min"] <= reviews["max"] <= 4
        assert reviews["rows"] == round(reviews["mean"] * 200)
        assert [e["desc"] for e in report["toc"]].count("TABLE DATA") == 4
        assert all(t["sample_rows"] <= 2000 and t["seconds"] > 0 for t in report["tables"])
        out = tmp_path / f"real.{fmt}"
        pgmock("generate", str(schema), "-F", fmt, "-f", str(out))
        real = out.stat().st_size
        assert 0.7 * real < report["total"]["bytes"] < 1.3 * real, (report["total"], real)


def test_plan_flags_belong_to_dry_run(tmp_path: Path) -> None:
    schema = _schema(tmp_path)
    proc = pgmock("generate", str(schema), "--json", check=False)
    assert proc.returncode == 2 and b"--dry-run" in proc.stderr
    proc = pgmock("generate", str(schema), "--dry-run", "--profile", check=False)
    assert proc.returncode == 2


def test_preview_shows_the_first_rows_generate_writes(tmp_path: Path) -> None:
    schema = _schema(tmp_path)
    previews = json.loads(pgmock("preview", str(schema), "-n", "7", "--json").stdout)
    dump = tmp_path / "dump.sql"
    pgmock("generate", str(schema), "-f", str(dump))
    sql = dump.read_text()
    for p in previews:
        assert [tuple(r) for r in p["first_rows"]] == copy_rows(sql, p["table"])[:7]
    rentals = next(p for p in previews if p["table"] == "rentals")
    days = next(s for s in rentals["summaries"] if s["column"] == "days")
    assert days["null_share"] == 0 and sum(days["histogram"]) == 3000
    assert days["requested"] and days["distribution"].startswith("normal(")
    film = next(s for s in rentals["summaries"] if s["column"] == "film_id")
    assert film["top"][0]["count"] > 300  # zipf: one film far ahead of the rest
    # -t picks a table without its parents; the terminal form has the same first row
    text = pgmock("preview", str(schema), "-t", "rentals", "-n", "2").stdout.decode()
    assert "rentals — first 2 of 3,000 rows" in text and "films —" not in text
    assert "requested normal(mean=5" in text


def test_profile_reports_phases_and_writes_a_cprofile_dump(tmp_path: Path) -> None:
    schema = _schema(tmp_path)
    stats = tmp_path / "run.prof"
    proc = pgmock(
        "generate", str(schema), "-F", "c", "-f", str(tmp_path / "d.dump"), "-j", "2",
        "--rows", "rentals=100000", "--profile-out", str(stats),
    )  # fmt: skip
    err = proc.stderr.decode()
    assert "running with -j 1" in err
    heading = next(x for x in err.splitlines() if x.strip().startswith("table "))
    assert heading.split() == [
        "table", "rows", "generate", "render", "format", "compress", "write",
    ]  # fmt: skip
    line = next(x for x in err.splitlines() if x.strip().startswith("rentals "))
    assert line.split()[1] == "100,000"
    assert any(x.strip().startswith("film_id") for x in err.splitlines())
    # without cProfile the compressors' time is told apart from the formatting
    plain = pgmock(
        "generate", str(schema), "-F", "c", "-f", str(tmp_path / "e.dump"),
        "--rows", "rentals=100000", "--profile",
    ).stderr.decode()  # fmt: skip
    rentals = next(x for x in plain.splitlines() if x.strip().startswith("rentals ")).split()
    generate, render, fmt, compress, write = map(float, rentals[2:])
    assert generate > 0 and fmt > 0 and compress > 0
    assert generate + render + fmt + compress + write < 60
    functions = pstats.Stats(str(stats)).stats  # type: ignore[attr-defined]
    assert any(name == "make_chunk" for (_, _, name) in functions)


STAMP_PLUGIN = """
from pgmock_sdk import Generator, Params, hookimpl

STAMP = "{stamp}"


class StampParams(Params):
    pass


class Stamp(Generator[StampParams]):
    # Every row the same text.

    name = "stamp"
    pg_types = frozenset({{"text"}})

    def generate(self, n, rng, ctx):
        return [STAMP] * n


@hookimpl
def pgmock_register_generators(registry):
    registry.add_generator(Stamp)
"""
NOTES = {
    "version": "1.0",
    "tables": {
        "notes": {
            "rowCount": 3,
            "columns": {
                "id": {"type": "serial", "primaryKey": True},
                "body": {"type": "text", "generator": "stamp"},
            },
        }
    },
}


def test_watch_generates_again_when_the_schema_or_a_plugin_changes(tmp_path: Path) -> None:
    schema = _schema(tmp_path, NOTES)
    plugin = tmp_path / "stamp_plugin.py"
    plugin.write_text(STAMP_PLUGIN.format(stamp="first"))
    out = tmp_path / "out.sql"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PGMOCK_") or k == "PGMOCK_HOME"}
    command = [sys.executable, "-m", "pgmock", "generate", str(schema), "-f", str(out)]
    log = tmp_path / "stderr.txt"
    with log.open("wb") as stderr:
        proc = subprocess.Popen(
            [*command, "--plugin", str(plugin), "--watch"],
            stderr=stderr,
            env=env,
            preexec_fn=terminal_sigint,
        )

    def bodies() -> list[str | None]:
        return [row[1] for row in copy_rows(out.read_text(), "notes")]

    try:
        _wait_for(lambda: bodies() == ["first"] * 3)
        time.sleep(0.5)  # the watch starts after the first run
        changed = json.loads(json.dumps(NOTES))
        changed["tables"]["notes"]["rowCount"] = 5
        schema.write_text(json.dumps(changed))
        _wait_for(lambda: bodies() == ["first"] * 5)
        time.sleep(0.5)
        plugin.write_text(STAMP_PLUGIN.format(stamp="second"))  # imported anew
        _wait_for(lambda: bodies() == ["second"] * 5)
        # A broken schema is told, the last output stays, and the fix is picked up.
        time.sleep(0.5)
        schema.write_text('{"version": "1.0", "tables": {"notes": {"rowCount": "many"')
        _wait_for(lambda: "problem" in log.read_text())
        assert bodies() == ["second"] * 5
        changed["tables"]["notes"]["rowCount"] = 2
        schema.write_text(json.dumps(changed))
        _wait_for(lambda: bodies() == ["second"] * 2)
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    text = log.read_text()
    assert proc.returncode == 130, text
    assert "schema.json changed; generating again" in text
    assert "stamp_plugin.py changed; generating again" in text
    assert "Traceback" not in text and text.rstrip().endswith("pgmock: interrupted")


def _wait_for(ready: object, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if ready():  # type: ignore[operator]
                return
        except (OSError, AssertionError, ValueError):
            pass
        time.sleep(0.1)
    raise AssertionError("timed out")


def test_plan_names_fk_cycles_and_how_they_are_broken(tmp_path: Path) -> None:
    # Each key is made after the foreign key: a team's key needs a player's, which
    # needs a team's; one FK must be left NULL to make them.
    email_key = {"type": "text", "generator": "email", "primaryKey": True}
    cyclic = {
        "version": "1.0",
        "tables": {
            "teams": {
                "rowCount": 10,
                "columns": {
                    "captain_id": {"type": "text", "references": "players.id", "nullable": True},
                    "id": email_key,
                },
            },
            "players": {
                "rowCount": 50,
                "columns": {"team_id": {"type": "text", "references": "teams.id"}, "id": email_key},
            },
            "leagues": {"rowCount": 2, "columns": {"id": {"type": "serial", "primaryKey": True}}},
        },
    }
    report = json.loads(pgmock("plan", str(_schema(tmp_path, cyclic)), "--json").stdout)
    warnings = "\n".join(report["warnings"])
    # the cycle, its foreign keys, and the one left NULL to generate the keys
    assert "foreign keys form a cycle among players, teams (" in warnings
    assert "players(team_id) -> teams" in warnings and "teams(captain_id) -> players" in warnings
    assert "teams(captain_id) -> players closes a cycle of generated keys" in warnings
    assert "leagues" not in warnings
