"""An events-and-tickets DDL with no hints: what the first try got wrong, pinned.

Events titled like blog posts ("A Guide to Strange Whispers") and filed under product
categories, ticket types named after issue types ("Bug", "Refactoring") two to a
thousand tickets each, events lasting months, tickets checked in before they were bought.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from resolving import first_chunk, resolve

from pgmock_builtins.terms_gen import vocabulary
from pgmock_builtins.titles_gen import all_titles


def _table(**columns: Any) -> dict[str, Any]:
    return {"rowCount": 400, "columns": {"id": {"type": "serial", "primaryKey": True}, **columns}}


def test_an_event_has_an_event_s_title_and_category_and_lasts_hours_or_days() -> None:
    events = {"events": _table(
        title={"type": "varchar(255)", "nullable": False},
        category={"type": "varchar(50)", "nullable": False},
        starts_at={"type": "timestamptz", "nullable": False},
        ends_at={"type": "timestamptz", "nullable": False},
    )}  # fmt: skip
    table = resolve(events).tables["events"]
    title = table.columns["title"].generator
    assert title is not None and title.params.kind == "event"  # type: ignore[attr-defined]
    rows = first_chunk(events, "events")
    assert set(rows["title"]) <= set(all_titles("event", 255).tolist())
    assert set(rows["category"]) <= set(vocabulary("event_category")[0])
    hours = [
        (np.datetime64(end[:19]) - np.datetime64(start[:19])).astype("m8[h]").astype(int)
        for start, end in zip(rows["starts_at"], rows["ends_at"])
    ]
    assert min(hours) >= 0 and max(hours) <= 72, (min(hours), max(hours))


def test_ticket_types_are_tiers_with_tickets_to_sell() -> None:
    schema = {
        "events": _table(title={"type": "text"}),
        "ticket_types": {**_table(
            event_id={"type": "integer", "references": "events.id"},
            name={"type": "varchar(100)", "nullable": False},
            quantity={"type": "integer", "nullable": False},
        ), "rowCount": 800},
    }  # fmt: skip
    rows = first_chunk(schema, "ticket_types")
    assert set(rows["name"]) <= set(vocabulary("ticket_tier")[0])
    assert "General Admission" in rows["name"]  # drawn by weight, repeats across events
    quantity = np.array(rows["quantity"], dtype=int)
    assert quantity.min() >= 10 and 100 < np.median(quantity) < 400


def test_a_ticket_is_checked_in_after_it_was_bought() -> None:
    tickets = {"tickets": _table(
        purchased_at={"type": "timestamptz", "nullable": False},
        checked_in_at={"type": "timestamptz"},
    )}  # fmt: skip
    after = resolve(tickets).tables["tickets"].columns["checked_in_at"].after
    assert after is not None and after.column == "purchased_at"
    rows = first_chunk(tickets, "tickets")
    pairs = [(b, c) for b, c in zip(rows["purchased_at"], rows["checked_in_at"]) if c]
    assert 0.5 * 400 < len(pairs) < 400  # some never came
    assert all(b <= c for b, c in pairs)
