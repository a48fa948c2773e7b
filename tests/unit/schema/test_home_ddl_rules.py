"""A real-estate DDL with no hints: homes sold before they were listed and offers that
expired before they were made, pinned."""

from __future__ import annotations

from typing import Any

import numpy as np
from resolving import first_chunk, resolve


def _table(**columns: Any) -> dict[str, Any]:
    return {"rowCount": 400, "columns": {"id": {"type": "serial", "primaryKey": True}, **columns}}


def _days(first: str, then: str) -> int:
    return int((np.datetime64(then[:10]) - np.datetime64(first[:10])).astype(int))


def test_a_home_is_sold_after_it_was_listed() -> None:
    homes = {"properties": _table(
        listed_at={"type": "date", "nullable": False},
        sold_at={"type": "date"},
    )}  # fmt: skip
    rows = first_chunk(homes, "properties")
    gaps = [_days(a, b) for a, b in zip(rows["listed_at"], rows["sold_at"]) if b]
    assert 0.3 * 400 < len(gaps) < 0.9 * 400  # some are still on the market
    # under contract within 60 days, closed within 45 more (no pending column: both)
    assert min(gaps) >= 0 and max(gaps) <= 105, (min(gaps), max(gaps))


def test_an_offer_expires_within_two_weeks_of_being_made() -> None:
    offers = {"offers": _table(
        submitted_at={"type": "timestamptz", "nullable": False},
        expires_at={"type": "timestamptz", "nullable": False},
    )}  # fmt: skip
    after = resolve(offers).tables["offers"].columns["expires_at"].after
    assert after is not None and after.column == "submitted_at"
    rows = first_chunk(offers, "offers")
    gaps = [_days(a, b) for a, b in zip(rows["submitted_at"], rows["expires_at"])]
    assert min(gaps) >= 0 and max(gaps) <= 14
