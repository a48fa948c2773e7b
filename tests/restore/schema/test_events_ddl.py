"""A stranger's events-and-tickets DDL, no hints, restored and queried.

Each assertion is something the first try got wrong: ticket types named "Bug" and
"Refactoring" (the issue-tracker vocabulary), events filed under "Clothing" and lasting
months, tickets checked in before they were bought."""

from __future__ import annotations

from pathlib import Path

from pgmock_builtins.terms_gen import vocabulary

from pgharness import PgCluster
from pgtools import restore_ddl

DDL = """
CREATE TABLE events (
    id bigserial PRIMARY KEY,
    title varchar(255) NOT NULL,
    category varchar(50) NOT NULL,
    starts_at timestamptz NOT NULL,
    ends_at timestamptz NOT NULL
);
CREATE TABLE ticket_types (
    id bigserial PRIMARY KEY,
    event_id bigint NOT NULL REFERENCES events(id),
    name varchar(100) NOT NULL,
    price numeric(10,2) NOT NULL CHECK (price >= 0),
    quantity integer NOT NULL
);
CREATE TABLE tickets (
    id bigserial PRIMARY KEY,
    ticket_type_id bigint NOT NULL REFERENCES ticket_types(id),
    purchased_at timestamptz NOT NULL,
    checked_in_at timestamptz
);
"""


def test_events_and_tickets_from_their_ddl_read_like_them(
    pg: PgCluster, pgdb: str, tmp_path: Path
) -> None:
    restore_ddl(pg, pgdb, tmp_path, "events", DDL)

    tiers = {r[0] for r in pg.query("SELECT DISTINCT name FROM ticket_types", pgdb)}
    assert tiers <= set(vocabulary("ticket_tier")[0]) and "VIP" in tiers, tiers
    kinds = {r[0] for r in pg.query("SELECT DISTINCT category FROM events", pgdb)}
    assert kinds <= set(vocabulary("event_category")[0]), kinds
    longest = pg.query("SELECT max(ends_at - starts_at) <= interval '3 days' FROM events", pgdb)
    assert longest[0][0] == "t"
    early, checked, tickets = map(int, pg.query(
        "SELECT count(*) FILTER (WHERE checked_in_at < purchased_at),"
        " count(checked_in_at), count(*) FROM tickets", pgdb)[0])  # fmt: skip
    assert early == 0 and 0.5 * tickets < checked < tickets, (early, checked, tickets)
