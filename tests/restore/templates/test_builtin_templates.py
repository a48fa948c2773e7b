"""The built-in templates: every one restores in every format with every value intact,
passes pgmock verify, and its business rules hold on the restored data (the queries
below are what a domain expert would check first)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from clihelp import pgmock
from pgharness import PgCluster
from roundtrip import roundtrip

# Smaller counts for the big tables, so six formats restore in seconds; the small ones
# (plans, warehouses, flags) keep theirs, as the weights on them expect.
SMALLER = {
    "saas": {"organizations": 80, "users": 500, "memberships": 700, "usage_events": 2000,
             "organization_feature_flags": 300, "audit_log": 500},
    "ecommerce": {"customers": 300, "products": 150, "inventory": 500, "carts": 600,
                  "cart_items": 1000, "orders": 800, "reviews": 300},
    "shop": {"users": 200, "sales.orders": 500, "sales.order_tags": 300},
    "healthcare": {"patients": 300, "encounters": 600, "practitioners": 40},
    "finance": {"customers": 300, "merchants": 100, "transactions": 1500, "transfers": 300,
                "fx_rates": 300},
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(SMALLER))
def test_every_format_restores_every_value(pg: PgCluster, tmp_path: Path, name: str) -> None:
    rows = [f"--rows={table}={n}" for table, n in SMALLER[name].items()]
    # A schema file that extends the template: the path users take to customize one.
    blocks = roundtrip(pg, {"extends": name}, tmp_path, args=tuple(rows))
    assert len(blocks) >= 3


@pytest.fixture(scope="module")
def restored(pg: PgCluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Each template at its own row counts, generated, verified and restored once."""
    out = tmp_path_factory.mktemp("templates")
    dbs: dict[str, str] = {}
    for name in ("saas", "ecommerce", "healthcare", "finance"):
        dump = out / f"{name}.dump"
        pgmock("generate", "--template", name, "-F", "c", "-f", str(dump))
        verified = pgmock("verify", str(dump), "--template", name).stdout.decode()
        assert "CHECKs hold" in verified
        db = pg.create_db()
        proc = subprocess.run(
            [str(pg.tool("pg_restore")), "-e", "-d", db, str(dump)],
            capture_output=True,
            env=pg.env(),
        )
        assert proc.returncode == 0, proc.stderr.decode()
        dbs[name] = db
    yield dbs
    for db in dbs.values():
        pg.drop_db(db)


def _one(pg: PgCluster, db: str, sql: str) -> float:
    value = pg.scalar(sql, db)
    assert value is not None, sql
    return float(value)


def test_saas_billing_adds_up(pg: PgCluster, restored: dict[str, str]) -> None:
    db = restored["saas"]
    # An invoice bills the subscription's seats at its plan's seat price, plus 19% tax.
    assert (
        _one(
            pg,
            db,
            """
        select count(*) from invoices i join subscriptions s on s.id = i.subscription_id
        join plans p on p.id = s.plan_id
        where i.seats <> s.seats or i.seat_price_cents <> p.seat_price_cents
           or i.subtotal_cents <> i.seats * p.seat_price_cents
           or i.total_cents <> i.subtotal_cents + i.tax_cents
           or abs(i.tax_cents - i.subtotal_cents * 0.19) > 0.5""",
        )
        == 0
    )
    # A charge is for the invoice's total, after the invoice was issued.
    assert (
        _one(
            pg,
            db,
            """
        select count(*) from payments p join invoices i on i.id = p.invoice_id
        where p.amount_cents <> i.total_cents or p.attempted_at <= i.issued_at""",
        )
        == 0
    )
    # A subscription's invoices fall inside its life: after it started, periods in order.
    assert (
        _one(
            pg,
            db,
            """
        select count(*) from invoices i join subscriptions s on s.id = i.subscription_id
        where i.period_start <= s.started_at or i.period_end <= i.period_start
           or i.issued_at <= i.period_end or i.due_at <= i.issued_at""",
        )
        == 0
    )
    # Every organisation has a subscription; the free plan costs nothing.
    assert (
        _one(
            pg,
            db,
            """
        select count(*) from organizations o
        where not exists (select 1 from subscriptions s where s.organization_id = o.id)""",
        )
        == 0
    )
    assert _one(pg, db, "select seat_price_cents from plans where code = 'free'") == 0
    # PostgreSQL derives the status; about a fifth of subscriptions are canceled.
    canceled = _one(pg, db, "select avg((status = 'canceled')::int) from subscriptions")
    assert 0.12 < canceled < 0.32
    assert (
        _one(
            pg,
            db,
            """
        select count(*) from subscriptions
        where (status = 'canceled') <> (canceled_at is not null)""",
        )
        == 0
    )


def test_saas_usage_is_a_seasonal_skewed_time_series(
    pg: PgCluster, restored: dict[str, str]
) -> None:
    db = restored["saas"]
    weekday_per_day = _one(
        pg,
        db,
        """
        select count(*) / 262.0 from usage_events
        where extract(isodow from occurred_at) < 6""",
    )
    weekend_per_day = _one(
        pg,
        db,
        """
        select count(*) / 104.0 from usage_events
        where extract(isodow from occurred_at) >= 6""",
    )
    assert weekday_per_day > 2.5 * weekend_per_day
    office = _one(
        pg,
        db,
        """
        select avg((extract(hour from occurred_at) between 8 and 17)::int) from usage_events""",
    )
    assert office > 0.6
    # A few large tenants make most of the traffic.
    top_tenth = _one(
        pg,
        db,
        """
        select sum(n) / (select count(*) from usage_events)::float from (
          select count(*) n from usage_events group by organization_id
          order by n desc limit (select count(*) / 10 from organizations)) t""",
    )
    assert top_tenth > 0.4
    # Members join after their organisation exists; owners are a minority.
    assert (
        _one(
            pg,
            db,
            """
        select count(*) from memberships m join organizations o on o.id = m.organization_id
        where m.joined_at <= o.created_at""",
        )
        == 0
    )
    assert _one(pg, db, "select avg((role = 'owner')::int) from memberships") < 0.15


def test_ecommerce_orders_lines_and_fulfilment(pg: PgCluster, restored: dict[str, str]) -> None:
    db = restored["ecommerce"]
    # A line is sold at its variant's price; the order's total is items + shipping + tax.
    assert (
        _one(
            pg,
            db,
            """
        select count(*) from order_lines l join product_variants v on v.id = l.variant_id
        where l.unit_price_cents <> v.price_cents
           or l.line_total_cents <> l.quantity * l.unit_price_cents""",
        )
        == 0
    )
    assert (
        _one(
            pg,
            db,
            """
        select count(*) from orders
        where total_cents <> items_cents + shipping_cents + tax_cents""",
        )
        == 0
    )
    # One payment per order, for its total, captured right after it was placed.
    assert (
        _one(
            pg,
            db,
            """
        select count(*) from orders o left join payments p on p.order_id = o.id
        where p.id is null or p.amount_cents <> o.total_cents
           or p.captured_at <= o.placed_at""",
        )
        == 0
    )
    # Fulfilment happens in order: placed, shipped, delivered, returned.
    assert (
        _one(
            pg,
            db,
            """
        select count(*) from shipments s join orders o on o.id = s.order_id
        where s.shipped_at <= o.placed_at or s.delivered_at <= s.shipped_at""",
        )
        == 0
    )
    assert (
        _one(
            pg,
            db,
            """
        select count(*) from returns r join shipments s on s.id = r.shipment_id
        where r.requested_at <= s.shipped_at or r.refunded_at <= r.requested_at""",
        )
        == 0
    )
    returned = _one(
        pg, db, "select count(*)::float / (select count(*) from shipments) from returns"
    )
    assert 0.04 < returned < 0.15
    assert (
        _one(
            pg,
            db,
            """
        select count(*) from cart_items i join carts c on c.id = i.cart_id
        where i.added_at <= c.created_at""",
        )
        == 0
    )


def test_ecommerce_catalog_and_demand_look_real(pg: PgCluster, restored: dict[str, str]) -> None:
    db = restored["ecommerce"]
    # Categories form a tree at most three levels deep.
    assert (
        _one(
            pg,
            db,
            """
        with recursive t(id, depth) as (
          select id, 1 from categories where parent_id is null
          union all select c.id, t.depth + 1 from categories c join t on c.parent_id = t.id)
        select max(depth) from t""",
        )
        <= 3
    )
    assert _one(
        pg,
        db,
        """
        with recursive t(id) as (
          select id from categories where parent_id is null
          union all select c.id from categories c join t on c.parent_id = t.id)
        select count(*) from t""",
    ) == _one(pg, db, "select count(*) from categories")
    # Ratings lean positive; five stars is the most common rating.
    assert _one(pg, db, "select avg(rating) from reviews") > 3.9
    assert (
        _one(
            pg,
            db,
            """
        select rating from reviews group by rating order by count(*) desc limit 1""",
        )
        == 5
    )
    # Late November to December sells more per day than February.
    peak = _one(
        pg,
        db,
        """
        select count(*) / 37.0 from orders where placed_at >= '2024-11-25'""",
    )
    february = _one(
        pg,
        db,
        """
        select count(*) / 29.0 from orders
        where placed_at >= '2024-02-01' and placed_at < '2024-03-01'""",
    )
    assert peak > 1.3 * february
    # Bestsellers: the top 5% of variants make a large share of the units sold.
    share = _one(
        pg,
        db,
        """
        select sum(q) / (select sum(quantity) from order_lines)::float from (
          select sum(quantity) q from order_lines group by variant_id
          order by q desc limit (select count(*) / 20 from product_variants)) t""",
    )
    assert share > 0.3


def test_healthcare_clinical_data_is_consistent(pg: PgCluster, restored: dict[str, str]) -> None:
    db = restored["healthcare"]
    # A result carries its test's unit and range; most are normal, a minority flagged.
    assert (
        _one(
            pg,
            db,
            """
        select count(*) from observations o join lab_tests t on t.id = o.lab_test_id
        where o.unit <> t.unit or o.ref_low <> t.ref_low or o.ref_high <> t.ref_high""",
        )
        == 0
    )
    abnormal = _one(pg, db, "select avg((flag <> 'N')::int) from observations")
    assert 0.04 < abnormal < 0.3
    assert (
        _one(pg, db, "select count(*) from observations where flag = 'L' and value >= ref_low") == 0
    )
    # Every code is on the list; hypertension is the most frequent, chronic ones dominate.
    assert (
        _one(
            pg,
            db,
            """
        select count(*) from diagnoses d
        where not exists (select 1 from conditions c where c.icd10_code = d.icd10_code)""",
        )
        == 0
    )
    assert (
        pg.scalar(
            """
        select c.icd10_code from diagnoses d join conditions c on c.icd10_code = d.icd10_code
        group by c.icd10_code order by count(*) desc limit 1""",
            db,
        )
        == "I10"
    )
    assert (
        _one(
            pg,
            db,
            """
        select avg(c.chronic::int) from diagnoses d join conditions c using (icd10_code)""",
        )
        > 0.5
    )
    # Procedures bill the code's fee; orders and results follow the visit's start.
    assert (
        _one(
            pg,
            db,
            """
        select count(*) from procedures p join procedure_codes c on c.id = p.procedure_code_id
        where p.fee_cents <> c.fee_cents""",
        )
        == 0
    )
    assert (
        _one(
            pg,
            db,
            """
        select count(*) from prescriptions p join encounters e on e.id = p.encounter_id
        where p.written_at <= e.started_at""",
        )
        == 0
    )
    assert (
        _one(
            pg,
            db,
            """
        select count(*) from observations o join encounters e on e.id = o.encounter_id
        where o.resulted_at <= e.started_at""",
        )
        == 0
    )


def test_healthcare_claims_and_clinic_hours(pg: PgCluster, restored: dict[str, str]) -> None:
    db = restored["healthcare"]
    # At most one claim per visit, submitted after it ended, allowed at 62% of billed
    # (to the cent; a half cent rounds to even).
    assert (
        _one(
            pg,
            db,
            """
        select count(*) from claims c join encounters e on e.id = c.encounter_id
        where c.submitted_at <= e.ended_at or c.adjudicated_at <= c.submitted_at
           or abs(c.allowed_cents - c.billed_cents * 0.62) > 0.5""",
        )
        == 0
    )
    # Clinics keep office hours (UTC-5) on weekdays.
    office = _one(
        pg,
        db,
        """
        select avg((extract(hour from started_at at time zone 'UTC' - interval '5 hours')
                    between 8 and 17)::int) from encounters""",
    )
    assert office > 0.6
    weekend = _one(
        pg, db, "select avg((extract(isodow from started_at) >= 6)::int) from encounters"
    )
    assert weekend < 0.12
    ages = pg.query(
        """
        select min(extract(year from age('2024-12-31', birth_date))),
               max(extract(year from age('2024-12-31', birth_date))) from patients""",
        db,
    )
    assert float(ages[0][0] or 0) >= 0 and float(ages[0][1] or 0) <= 95


def test_finance_ledger_balances_and_loans_amortise(
    pg: PgCluster, restored: dict[str, str]
) -> None:
    db = restored["finance"]
    # Double entry: two postings per transaction, a debit and a credit summing to zero.
    assert (
        _one(
            pg,
            db,
            """
        select count(*) from (
          select t.id from transactions t left join ledger_entries e on e.transaction_id = t.id
          group by t.id
          having count(e.id) <> 2 or sum(e.amount_cents) <> 0
             or max(e.amount_cents) <> max(t.amount_cents)) bad""",
        )
        == 0
    )
    assert _one(pg, db, "select count(distinct side) from ledger_entries") == 2
    # An installment's interest is a month's rate on the balance still owed; the rest
    # repays principal, more of it every month.
    assert (
        _one(
            pg,
            db,
            """
        select count(*) from loan_installments i join loans l on l.id = i.loan_id
        where i.installment_no = 1
          and abs(i.interest_cents - l.principal_cents * l.annual_rate / 12) > 0.5""",
        )
        == 0
    )
    assert (
        _one(
            pg,
            db,
            """
        select count(*) from (
          select principal_part_cents - lag(principal_part_cents)
                 over (partition by loan_id order by installment_no) as growth
          from loan_installments) t where growth < 0""",
        )
        == 0
    )
    assert (
        _one(
            pg,
            db,
            """
        select count(*) from loans
        where monthly_payment_cents * term_months < principal_cents""",
        )
        == 0
    )


def test_finance_transactions_look_like_card_traffic(
    pg: PgCluster, restored: dict[str, str]
) -> None:
    db = restored["finance"]
    assert (
        _one(
            pg,
            db,
            """
        select count(*) from transactions t join merchants m on m.id = t.merchant_id
        where t.mcc <> m.mcc""",
        )
        == 0
    )
    local = "occurred_at at time zone 'UTC' - interval '5 hours'"
    friday = _one(
        pg, db, f"select count(*) from transactions where extract(isodow from {local}) = 5"
    )
    tuesday = _one(
        pg, db, f"select count(*) from transactions where extract(isodow from {local}) = 2"
    )
    assert friday > 1.2 * tuesday
    evening = _one(
        pg,
        db,
        f"select count(*) from transactions where extract(hour from {local}) between 17 and 20",
    )
    morning = _one(
        pg,
        db,
        f"select count(*) from transactions where extract(hour from {local}) between 5 and 8",
    )
    assert evening > 2 * morning
    # Each currency quotes in its own range.
    assert (
        _one(
            pg,
            db,
            """
        select count(*) from fx_rates
        where (quote_currency = 'JPY') <> (rate > 100)""",
        )
        == 0
    )
