"""A lifecycle stage may follow an earlier stage than the previous one
(``Stage.follows``): an invoice is paid after it was issued, mostly before it falls due,
not always after its due date."""

from __future__ import annotations

import numpy as np
import pytest
from resolving import resolve

from pgmock.generate.engine import Engine
from pgmock.generate.plan import make_plan
from pgmock_sdk.inference import Lifecycle, Stage

TS = {"type": "timestamptz"}


def test_an_invoice_is_paid_after_it_was_issued_mostly_before_it_is_due() -> None:
    schema = resolve({"invoices": {"rowCount": 2000, "columns": {
        "id": {"type": "serial", "primaryKey": True},
        "issued_at": {**TS, "nullable": False},
        "due_at": {**TS, "nullable": False},
        "paid_at": {**TS, "nullable": True},
    }}})  # fmt: skip
    cols = schema.tables["invoices"].columns
    assert cols["due_at"].after is not None and cols["due_at"].after.column == "issued_at"
    paid = cols["paid_at"].after
    assert paid is not None and paid.column == "issued_at"
    assert paid.within_seconds == 25 * 86400
    with Engine(make_plan(schema)) as engine:
        rows = engine.generate_chunk("invoices", 0)

    def moments(name: str) -> np.ndarray:
        return np.array([np.datetime64(v[:19]) if v else np.datetime64("NaT")
                         for v in rows[name]])  # fmt: skip

    issued, due, paid_at = moments("issued_at"), moments("due_at"), moments("paid_at")
    was_paid = ~np.isnat(paid_at)
    assert 0.6 < was_paid.mean() < 0.95
    assert (paid_at[was_paid] >= issued[was_paid]).all()
    early = (paid_at[was_paid] <= due[was_paid]).mean()
    assert 0.6 < early < 0.9  # late payers exist, but most pay on time


def test_a_stage_follows_only_an_earlier_stage() -> None:
    with pytest.raises(ValueError, match="not an earlier one"):
        Lifecycle("x", (Stage("a"), Stage("b", follows=1)))
    with pytest.raises(ValueError, match="index of an earlier stage"):
        Stage("a", follows=-1)
    Lifecycle("x", (Stage("a"), Stage("b"), Stage("c", follows=0)))


def test_a_ticket_is_answered_within_a_day_solved_later_and_due_within_a_week() -> None:
    schema = resolve({"tickets": {"rowCount": 2000, "columns": {
        "id": {"type": "serial", "primaryKey": True},
        "created_at": {**TS, "nullable": False},
        "first_replied_at": {**TS, "nullable": True},
        "solved_at": {**TS, "nullable": True},
        "due_at": {**TS, "nullable": True},
    }}})  # fmt: skip
    cols = schema.tables["tickets"].columns
    assert [cols[c].after.column for c in ("first_replied_at", "solved_at", "due_at")] == [
        "created_at", "first_replied_at", "created_at"
    ]
    with Engine(make_plan(schema)) as engine:
        rows = engine.generate_chunk("tickets", 0)

    def moments(name: str) -> np.ndarray:
        return np.array([np.datetime64(v[:19]) if v else np.datetime64("NaT")
                         for v in rows[name]])  # fmt: skip

    created, replied = moments("created_at"), moments("first_replied_at")
    solved, due = moments("solved_at"), moments("due_at")
    day, week = np.timedelta64(1, "D"), np.timedelta64(7, "D")
    answered = ~np.isnat(replied)
    assert 0.8 < answered.mean() < 1
    assert ((replied - created)[answered] <= day).all()
    assert ((replied - created)[answered] >= np.timedelta64(0, "s")).all()
    done = ~np.isnat(solved)
    assert not (done & ~answered).any()  # nothing is solved that was never answered
    assert (solved[done] >= replied[done]).all()
    assert ((due - created) <= week).all() and (due >= created).all()
