"""CHECKs pgmock cannot evaluate or redraw for are reported by validate (issue 12, 7;
tests/restore/schema/test_table_checks.py restores the ones it holds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from clihelp import pgmock
from restored import serial_table, validate, write_schema


def test_checks_pgmock_cannot_evaluate_are_warnings(tmp_path: Path) -> None:
    schema = {
        "tables": {
            "people": {
                **serial_table(5, born={"type": "date", "check": "born < CURRENT_DATE"}),
                "checks": ["id > 0"],
            }
        }
    }
    proc = validate(tmp_path, schema)
    assert proc.returncode == 0
    assert (
        "tables.people.columns.born.check: pgmock cannot evaluate CURRENT_DATE in CHECK "
        "(born < CURRENT_DATE); the data is not verified against it"
    ) in proc.stderr


def test_a_check_naming_a_missing_column_is_an_error(tmp_path: Path) -> None:
    schema = {"tables": {"t": {**serial_table(5, a={"type": "integer"}), "checks": ["a < b"]}}}
    proc = validate(tmp_path, schema)
    assert proc.returncode == 2
    assert 'tables.t.checks.0: bad CHECK (a < b): the table has no column "b"' in proc.stderr


def test_a_check_pgmock_cannot_redraw_for_is_reported(tmp_path: Path) -> None:
    schema = {
        "tables": {
            "t": {
                **serial_table(50, y={"type": "integer"}, x={"type": "integer", "expr": "y - 1"}),
                "checks": ["x > y"],
            }
        }
    }
    proc = validate(tmp_path, schema)
    assert proc.returncode == 0
    assert "CHECK (x > y) is verified on every row but pgmock cannot redraw" in proc.stderr
    gen = pgmock("generate", str(write_schema(tmp_path, schema)), check=False)
    assert gen.returncode != 0 and "Traceback" not in gen.stderr.decode()
    assert "t: 50 row(s) of rows 1…50 fail CHECK (x > y), e.g. row 1 (" in gen.stderr.decode()


@pytest.mark.parametrize(
    ("exprs", "check"),
    [
        ({"total": "items + tax"}, "total = items + tax"),
        ({"total": "items + tax"}, "items + tax = total"),
        ({"net": "total - tax"}, "net + tax = total"),  # needs the algebra, not the text
        ({"sub": "seats * price"}, "sub = price * seats"),
        ({"sub": "seats * price", "total": "sub + tax"}, "total = tax + seats * price"),
    ],
)
def test_an_equality_the_exprs_make_true_is_not_reported(
    tmp_path: Path, exprs: dict[str, str], check: str
) -> None:
    names = {"items", "tax", "total", "net", "seats", "price", "sub"}
    # inputs first: an expr reads columns declared before it
    columns: dict[str, dict[str, str]] = {n: {"type": "bigint"} for n in sorted(names - set(exprs))}
    columns.update({n: {"type": "bigint", "expr": e} for n, e in exprs.items()})
    schema = {"tables": {"t": {**serial_table(50, **columns), "checks": [check]}}}
    proc = validate(tmp_path, schema)
    assert proc.returncode == 0, proc.stderr
    assert "cannot redraw" not in proc.stderr


@pytest.mark.parametrize("check", ["total = items + tax + 1", "total = items * tax"])
def test_an_equality_the_exprs_do_not_make_true_is_still_reported(
    tmp_path: Path, check: str
) -> None:
    columns = {"items": {"type": "bigint"}, "tax": {"type": "bigint"},
               "total": {"type": "bigint", "expr": "items + tax"}}  # fmt: skip
    schema = {"tables": {"t": {**serial_table(50, **columns), "checks": [check]}}}
    proc = validate(tmp_path, schema)
    assert "cannot redraw" in proc.stderr


def test_a_check_moments_between_make_true_is_not_reported(tmp_path: Path) -> None:
    # created ≤ first reply ≤ solved (a ticket's lifecycle): solved ≥ created holds through
    # the first reply, which is NULL only where solved is
    moment = {"type": "timestamptz"}
    schema = {"tables": {"tickets": {
        **serial_table(50, created_at={**moment, "nullable": False}, first_replied_at=moment,
                       solved_at=moment),
        "checks": ["solved_at IS NULL OR solved_at >= created_at"],
    }}}  # fmt: skip
    proc = validate(tmp_path, schema)
    assert proc.returncode == 0, proc.stderr
    assert "cannot redraw" not in proc.stderr


def test_a_check_a_nullable_moment_between_breaks_is_still_reported(tmp_path: Path) -> None:
    # c follows b, which may be NULL where c is not: c ≥ a is not held through b
    moment = {"type": "timestamptz"}
    schema = {"tables": {"t": {
        **serial_table(50, a={**moment, "nullable": False},
                       b={**moment, "nullable": True, "nullRatio": 0.5, "after": {"column": "a"}},
                       c={**moment, "nullable": False, "after": {"column": "b"}}),
        "checks": ["c >= a"],
    }}}  # fmt: skip
    proc = validate(tmp_path, schema)
    assert "CHECK (c >= a) is verified on every row but pgmock cannot redraw" in proc.stderr
