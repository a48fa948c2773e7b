"""A stranger's helpdesk DDL (Zendesk-like), no hints, restored and queried.

Each assertion is something the first try got wrong: organizations named like
codenames ("Emerald Grove") beside another company's domain, teams, macros and service
levels named like codenames or articles ("Inside the Sleeping Moon"), a thousand of
each, product tags (organic, vegan), a first reply years before the ticket was opened,
due dates at random, and a ticket resolved in fewer minutes than it was answered in."""

from __future__ import annotations

from pathlib import Path

from pgmock_builtins.terms_gen import vocabulary

from pgharness import PgCluster
from pgtools import restore_ddl

DDL = """
CREATE TYPE ticket_status AS ENUM ('new', 'open', 'pending', 'on_hold', 'solved', 'closed');
CREATE TYPE ticket_priority AS ENUM ('low', 'normal', 'high', 'urgent');

CREATE TABLE organizations (
    id bigserial PRIMARY KEY,
    name varchar(255) NOT NULL UNIQUE,
    domain varchar(255),
    plan varchar(20) NOT NULL DEFAULT 'free'
        CHECK (plan IN ('free', 'team', 'business', 'enterprise')),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id bigserial PRIMARY KEY,
    organization_id bigint REFERENCES organizations(id) ON DELETE SET NULL,
    email varchar(320) NOT NULL UNIQUE,
    full_name varchar(200) NOT NULL,
    role varchar(16) NOT NULL DEFAULT 'end_user' CHECK (role IN ('end_user', 'agent', 'admin')),
    time_zone varchar(64) NOT NULL DEFAULT 'UTC',
    phone varchar(32),
    last_login_at timestamptz,
    suspended boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE groups (
    id serial PRIMARY KEY,
    name varchar(100) NOT NULL UNIQUE,
    description text
);

CREATE TABLE group_memberships (
    group_id integer NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    is_default boolean NOT NULL DEFAULT false,
    PRIMARY KEY (group_id, user_id)
);

CREATE TABLE sla_policies (
    id serial PRIMARY KEY,
    title varchar(120) NOT NULL,
    priority ticket_priority NOT NULL,
    first_reply_minutes integer NOT NULL CHECK (first_reply_minutes > 0),
    resolution_minutes integer NOT NULL CHECK (resolution_minutes > 0)
);

CREATE TABLE tickets (
    id bigserial PRIMARY KEY,
    subject varchar(255) NOT NULL,
    description text NOT NULL,
    status ticket_status NOT NULL DEFAULT 'new',
    priority ticket_priority NOT NULL DEFAULT 'normal',
    channel varchar(16) NOT NULL CHECK (channel IN ('email', 'web', 'chat', 'phone', 'api')),
    requester_id bigint NOT NULL REFERENCES users(id),
    assignee_id bigint REFERENCES users(id),
    group_id integer REFERENCES groups(id),
    organization_id bigint REFERENCES organizations(id),
    sla_policy_id integer REFERENCES sla_policies(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    first_replied_at timestamptz,
    solved_at timestamptz,
    due_at timestamptz,
    CHECK (solved_at IS NULL OR solved_at >= created_at)
);

CREATE TABLE ticket_comments (
    id bigserial PRIMARY KEY,
    ticket_id bigint NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    author_id bigint NOT NULL REFERENCES users(id),
    body text NOT NULL,
    public boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tags (
    id serial PRIMARY KEY,
    name varchar(64) NOT NULL UNIQUE
);

CREATE TABLE ticket_tags (
    ticket_id bigint NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    tag_id integer NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (ticket_id, tag_id)
);

CREATE TABLE satisfaction_ratings (
    id bigserial PRIMARY KEY,
    ticket_id bigint NOT NULL UNIQUE REFERENCES tickets(id) ON DELETE CASCADE,
    score varchar(8) NOT NULL CHECK (score IN ('good', 'bad')),
    comment text,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE macros (
    id serial PRIMARY KEY,
    title varchar(200) NOT NULL,
    active boolean NOT NULL DEFAULT true,
    usage_count integer NOT NULL DEFAULT 0,
    created_by bigint REFERENCES users(id)
);
"""


def test_a_helpdesk_from_its_ddl_reads_like_one(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    restore_ddl(pg, pgdb, tmp_path, "helpdesk", DDL)

    def values(sql: str) -> list[str]:
        return [str(r[0]) for r in pg.query(sql, pgdb)]

    orgs = pg.query("SELECT name, domain FROM organizations", pgdb)
    assert len({name for name, _ in orgs}) == len(orgs) >= 100
    for name, domain in orgs:  # the domain is the company's: Summers-Hodges, summers-hodges.com
        spelled = "".join(c for c in str(name).lower() if c.isalpha())
        assert all(part in spelled for part in str(domain).removesuffix(".com").split("-"))

    for table, words in (
        ("groups", "support_team"),
        ("tags", "support_tag"),
        ("macros", "canned_response"),
        ("sla_policies", "sla_policy"),
    ):
        column = "title" if table in ("macros", "sla_policies") else "name"
        names = values(f"SELECT {column} FROM {table}")
        assert 5 <= len(names) <= 30 and len(set(names)) == len(names), (table, names)
        assert set(names) <= set(vocabulary(words)[0]), (table, names)

    ((early_reply, late_reply, solved_early, due_late, due_early),) = pg.query(
        """SELECT count(*) FILTER (WHERE first_replied_at < created_at),
                  count(*) FILTER (WHERE first_replied_at > created_at + interval '1 day'),
                  count(*) FILTER (WHERE solved_at < first_replied_at),
                  count(*) FILTER (WHERE due_at > created_at + interval '7 days'),
                  count(*) FILTER (WHERE due_at < created_at)
           FROM tickets""",
        pgdb,
    )
    assert [int(n) for n in (early_reply, late_reply, solved_early, due_late, due_early)] == [0] * 5
    ((answered, unanswered_solved),) = pg.query(
        "SELECT avg((first_replied_at IS NOT NULL)::int), "
        "count(*) FILTER (WHERE first_replied_at IS NULL AND solved_at IS NOT NULL) FROM tickets",
        pgdb,
    )
    assert 0.8 < float(answered) < 1 and int(unanswered_solved) == 0

    ((first, resolution),) = pg.query(
        "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY first_reply_minutes), "
        "percentile_cont(0.5) WITHIN GROUP (ORDER BY resolution_minutes) FROM sla_policies",
        pgdb,
    )
    assert float(first) < 120 < float(resolution)
