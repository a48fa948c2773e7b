"""A stranger's DDL, no hints, restored and queried: a helpdesk and its billing.

Each assertion is something the first try got wrong: every satisfaction score 5 (a
CHECK narrowed a score out of 100), half the agents admins, locales of random words,
tickets titled like news, VAT numbers and card digits of random words, a two-letter
country cut from its name ("Un")."""

from __future__ import annotations

import re
from pathlib import Path

from pgmock_builtins.vat_gen import FORMATS

from pgharness import PgCluster
from pgtools import restore_ddl

DDL = """
CREATE TABLE agents (
    id serial PRIMARY KEY,
    full_name varchar(120) NOT NULL,
    is_admin boolean NOT NULL DEFAULT false,
    is_active boolean NOT NULL DEFAULT true,
    locale varchar(10) DEFAULT 'en',
    time_zone text
);
CREATE TABLE accounts (
    id bigserial PRIMARY KEY,
    company_name text NOT NULL,
    country char(2) NOT NULL,
    vat_number varchar(20)
);
CREATE TABLE tickets (
    id bigserial PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts(id),
    assignee_id integer REFERENCES agents(id),
    subject varchar(200) NOT NULL
);
CREATE TABLE satisfaction_ratings (
    id bigserial PRIMARY KEY,
    ticket_id bigint NOT NULL REFERENCES tickets(id),
    score smallint NOT NULL CHECK (score BETWEEN 1 AND 5)
);
CREATE TABLE payments (
    id bigserial PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts(id),
    card_last4 char(4)
);
"""


def test_a_helpdesk_from_its_ddl_reads_like_one(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    restore_ddl(pg, pgdb, tmp_path, "helpdesk", DDL)

    scores = {
        int(score): int(count)
        for score, count in pg.query(
            "SELECT score, count(*) FROM satisfaction_ratings GROUP BY 1", pgdb
        )
    }
    assert set(scores) >= {3, 4, 5} and scores[4] > scores[5], scores
    admins, active, agents = map(
        int,
        pg.query(
            "SELECT count(*) FILTER (WHERE is_admin), count(*) FILTER (WHERE is_active), count(*)"
            " FROM agents",
            pgdb,
        )[0],
    )
    assert admins < 0.15 * agents and active > 0.75 * agents, (admins, active, agents)
    locales = [r[0] for r in pg.query("SELECT DISTINCT locale FROM agents", pgdb)]
    assert locales and all(re.fullmatch(r"[a-z]{2}-[A-Z]{2}", v) for v in locales), locales
    zones = [r[0] for r in pg.query("SELECT DISTINCT time_zone FROM agents", pgdb)]
    # PostgreSQL knows every zone: converting a time into each must not fail
    for zone in zones:
        pg.scalar(f"SELECT now() AT TIME ZONE '{zone}'", pgdb)
    subjects = [r[0] for r in pg.query("SELECT subject FROM tickets LIMIT 200", pgdb)]
    words = {w.lower() for s in subjects for w in s.split()}
    assert words & {"error", "cannot", "invoice", "login", "password", "refund", "page"}
    countries = {r[0] for r in pg.query("SELECT DISTINCT country FROM accounts", pgdb)}
    assert countries and all(re.fullmatch(r"[A-Z]{2}", c) for c in countries), countries
    # a VAT number is of the account's country, or NULL where it has none (US accounts
    # carried French and British numbers)
    vats = pg.query("SELECT country, vat_number FROM accounts", pgdb)
    assert vats
    for country, vat in vats:
        has = country in FORMATS
        assert (vat is not None) == has, (country, vat)
        prefix = {"GR": "EL"}.get(country, country)
        assert vat is None or re.fullmatch(prefix + r"[0-9A-Z]{8,12}", vat), (country, vat)
    digits = [r[0] for r in pg.query("SELECT card_last4 FROM payments", pgdb) if r[0]]
    assert digits and all(re.fullmatch(r"\d{4}", d) for d in digits), digits[:5]


BILLING = """
CREATE TABLE accounts (
    id bigserial PRIMARY KEY,
    name text NOT NULL,
    country char(2) NOT NULL CHECK (country IN ('US', 'FR', 'GB', 'DE', 'NL')),
    vat_number varchar(20),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE plans (
    id serial PRIMARY KEY,
    name text NOT NULL UNIQUE CHECK (name IN ('Free', 'Starter', 'Pro', 'Enterprise')),
    price_cents integer NOT NULL CHECK (price_cents >= 0),
    billing_interval text NOT NULL CHECK (billing_interval IN ('month', 'year'))
);
CREATE TABLE subscriptions (
    id bigserial PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts(id),
    plan_id integer NOT NULL REFERENCES plans(id),
    status text NOT NULL CHECK (status IN ('trialing', 'active', 'past_due', 'canceled')),
    current_period_start timestamptz NOT NULL,
    current_period_end timestamptz NOT NULL,
    trial_ends_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE invoices (
    id bigserial PRIMARY KEY,
    subscription_id bigint NOT NULL REFERENCES subscriptions(id),
    amount_cents integer NOT NULL,
    tax_cents integer NOT NULL DEFAULT 0,
    issued_at timestamptz NOT NULL
);
CREATE TABLE payments (
    id bigserial PRIMARY KEY,
    invoice_id bigint NOT NULL REFERENCES invoices(id),
    method text NOT NULL CHECK (method IN ('card', 'bank_transfer', 'paypal')),
    card_last4 char(4)
);
"""


def test_a_billing_ddl_reads_like_billing(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    """Before: plans named off the CHECK's list (generate stopped), VAT numbers of other
    countries than the account's, a trial end on every subscription, card digits on bank
    transfers, invoices issued before their subscription was created, taxes above the
    amount."""
    restore_ddl(pg, pgdb, tmp_path, "billing", BILLING)

    def count(sql: str) -> int:
        return int(pg.scalar(f"SELECT count(*) FROM {sql}", pgdb) or 0)

    plans = {r[0] for r in pg.query("SELECT name FROM plans", pgdb)}
    assert plans == {"Free", "Starter", "Pro", "Enterprise"}
    tiers = [r[0] for r in pg.query("SELECT name FROM plans ORDER BY price_cents", pgdb)]
    assert tiers == ["Free", "Starter", "Pro", "Enterprise"], tiers
    prefix = "left(vat_number, 2)"
    assert count("accounts WHERE country = 'US' AND vat_number IS NOT NULL") == 0
    assert count(f"accounts WHERE country <> 'US' AND {prefix} IS DISTINCT FROM country") == 0
    assert count("accounts WHERE country = 'FR'") > 0
    assert count("subscriptions WHERE (trial_ends_at IS NULL) = (status = 'trialing')") == 0
    assert count("subscriptions WHERE status = 'trialing'") > 0
    # created before the current period started, not after it (or years before by chance)
    assert count("subscriptions WHERE created_at > current_period_start") == 0
    # the current period lasts one interval of the plan (before: up to a year, any plan)
    off = (
        "subscriptions s JOIN plans p ON p.id = s.plan_id WHERE s.current_period_end"
        " <> s.current_period_start + ('1 ' || p.billing_interval)::interval"
    )
    assert count(off) == 0
    assert count("payments WHERE (card_last4 IS NULL) = (method = 'card')") == 0
    assert count("invoices WHERE tax_cents > amount_cents / 4 OR tax_cents < 0") == 0
    early = (
        "invoices i JOIN subscriptions s ON s.id = i.subscription_id"
        " WHERE i.issued_at < s.created_at OR i.issued_at >= '2026-01-01'"
    )
    assert count(early) == 0
