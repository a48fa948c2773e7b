"""Column and table CHECKs hold on the data (issue 12, 7): bounds and IN-lists steer the
generator, every batch is verified and failing rows redrawn; CHECKs over several columns
are redrawn on the column made last."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np

from pgmock.sql.check import compile_row_check
from pgmock_sdk import parse_type

from clihelp import pgmock
from pgharness import PgCluster
from restored import restore, serial_table, validate


def _shop() -> dict[str, Any]:
    return {
        "seed": 6,
        "tables": {
            "issues": serial_table(30),
            "order_details": {
                **serial_table(
                    20000,
                    # named: inference would give an order's discount 0-0.25 of its own
                    discount={
                        "type": "real",
                        "generator": "core.decimal",
                        "check": "discount >= 0 AND discount <= 1",
                    },
                    rate={"type": "numeric(4,2)", "check": "rate > 0 AND rate < 1"},
                    state={"type": "varchar(255)", "check": "state IN ('open', 'closed')"},
                    status={"type": "integer"},
                    # a generator named: its values are redrawn where they fail
                    lucky={
                        "type": "integer",
                        "generator": "integer",
                        "params": {"min": 0, "max": 1000},
                        "check": "lucky % 7 = 3",
                    },
                    start_date={"type": "date"},
                    end_date={"type": "date"},
                    lft={"type": "integer", "nullRatio": 0.2},
                    rgt={"type": "integer"},
                    from_id={"type": "integer", "references": "issues.id"},
                    to_id={"type": "integer", "references": "issues.id"},
                ),
                "checks": [
                    "status IN (0, 1, 2, 3)",
                    "end_date >= start_date",
                    "lft IS NULL OR rgt IS NULL OR lft < rgt",
                    "from_id <> to_id",
                ],
            },
        },
    }


def test_column_and_table_checks_hold(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    """Before: the CHECKs were written into the dump and the data ignored them, so the
    restore failed on the first one (discount up to 1000)."""
    proc = validate(tmp_path, _shop())
    assert proc.returncode == 0 and "warning" not in proc.stderr, proc.stderr
    restore(pg, pgdb, tmp_path, _shop())
    spread = pg.query(
        """SELECT count(DISTINCT state), count(DISTINCT status), min(discount), max(discount),
                  count(DISTINCT lucky), count(*) FILTER (WHERE end_date > start_date),
                  count(*) FILTER (WHERE lft IS NULL)
             FROM order_details""",
        pgdb,
    )[0]
    states, statuses, lo, hi, lucky, ordered, nulls = spread
    assert (states, statuses) == ("2", "4")
    assert 0 <= float(lo or -1) < 0.01 and 0.99 < float(hi or 0) <= 1
    assert int(lucky or 0) == 143  # every 7k+3 in 0..1000
    assert int(ordered or 0) > 19000 and 3500 < int(nulls or 0) < 4500


def test_a_key_of_two_foreign_keys_kept_unequal(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    """UNIQUE (from_id, to_id) with CHECK (from_id <> to_id): the pairs are drawn without
    the equal ones, so every one of the 30·29 pairs fits."""
    fk = {"type": "integer", "references": "issues.id"}
    schema = {
        "tables": {
            "issues": serial_table(30),
            "relations": {
                **serial_table(870, from_id=fk, to_id=fk),
                "unique": [["from_id", "to_id"]],
                "checks": ["from_id <> to_id"],
            },
        }
    }
    proc = validate(tmp_path, schema)
    assert proc.returncode == 0 and "warning" not in proc.stderr, proc.stderr
    restore(pg, pgdb, tmp_path, schema)
    assert pg.scalar("SELECT count(DISTINCT (from_id, to_id)) FROM relations", pgdb) == "870"


def test_an_order_against_a_unique_column(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    """ends_at > starts_at where starts_at is unique (a key): rows no redraw can meet (a
    start at the end of the range) get an end a little after their start."""
    schema = {
        "tables": {
            "slots": {
                **serial_table(
                    30000, starts_at={"type": "timestamptz"}, ends_at={"type": "timestamptz"}
                ),
                "unique": [["starts_at"]],
                "checks": ["ends_at > starts_at"],
            }
        }
    }
    restore(pg, pgdb, tmp_path, schema)
    late = pg.scalar("SELECT count(*) FROM slots WHERE ends_at <= starts_at", pgdb)
    assert late == "0"


def _ledger() -> dict[str, Any]:
    money = {"generator": "decimal", "params": {"min": 0, "max": 1000}}
    return {
        "seed": 3,
        "tables": {
            "ledger": {
                **serial_table(
                    5000,
                    a={"type": "numeric(12,2)", **money},
                    b={"type": "numeric(12,2)", **money},
                    c={"type": "numeric(12,2)", "expr": "a + b"},
                ),
                "checks": ["c = a + b", "c - b = a"],
            }
        },
    }


def test_numeric_checks_are_exact(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    """Before: numeric CHECKs were evaluated in floating point, so 240.01 + 282.09 was not
    522.10 and a fifth of the rows failed: generation refused them and verify reported
    correct data as violating ``c = a + b``."""
    dump = tmp_path / "dump.sql"
    restore(pg, pgdb, tmp_path, _ledger())
    assert pg.scalar("SELECT count(*) FROM ledger WHERE c = a + b AND c - b = a", pgdb) == "5000"
    # what the server holds, pgmock verify holds too
    proc = pgmock("verify", str(dump), "--schema", str(tmp_path / "schema.json"), check=False)
    assert proc.returncode == 0, proc.stdout.decode() + proc.stderr.decode()
    # and a cent off is still found
    text = dump.read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith("1\t"))
    a, b, c = line.split("\t")[1:]
    wrong = f"1\t{a}\t{b}\t{Decimal(c) + Decimal('0.01')}"
    dump.write_text(text.replace(line, wrong, 1), encoding="utf-8")
    proc = pgmock("verify", str(dump), "--schema", str(tmp_path / "schema.json"), check=False)
    report = proc.stdout.decode()
    assert proc.returncode == 1 and "row 1: (a, b, c)" in report and "2 violations" in report


def test_numeric_arithmetic_matches_the_server(pg: PgCluster, pgdb: str) -> None:
    """Division, rounding and casts to numeric(p,s) keep the scale the server gives them:
    a CHECK comparing with a stored quotient holds exactly where PostgreSQL's does."""
    rng = np.random.default_rng(5)
    pairs = [
        (f"{x:.2f}", f"{y:.3f}")
        for x, y in zip(rng.uniform(-1e4, 1e4, 300), rng.uniform(0.001, 50, 300), strict=True)
    ]
    values = ",".join(f"({x}::numeric, {y}::numeric)" for x, y in pairs)
    rows = pg.query(
        f"""SELECT a, b, a / b, round(a * b, 2), (a / b)::numeric(10,1), a % b
              FROM (VALUES {values}) v(a, b)""",
        pgdb,
    )
    types = {c: parse_type("numeric") for c in ("a", "b", "q", "r", "s", "m")}
    check = compile_row_check(
        "q = a / b AND r = round(a * b, 2) AND s = (a / b)::numeric(10,1) AND m = a % b", types
    )
    cols = {name: [row[i] for row in rows] for i, name in enumerate("abqrsm")}
    assert check.ok(cols, len(rows)).all()
    # one digit off in the last place of the quotient fails
    cols["q"] = [str(Decimal(q).next_plus()) for q in cols["q"]]
    assert not check.ok(cols, len(rows)).any()
