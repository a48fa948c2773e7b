"""Rules for two more schemas an application declares (tests/corpus/library and hr): a
book's ISBN is a valid ISBN-13, a loan is due after it was made, a member joined the day
their row was created."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pytest
from resolving import first_chunk, resolve

from pgmock.generate.engine import Engine
from pgmock.generate.plan import make_plan
from pgmock.plugins.host import make_host
from pgmock.schema import resolve_schema
from pgmock_builtins._corpora import read_corpus
from pgmock_builtins._row_counts import infer_row_counts
from pgmock_builtins.isbn_gen import IsbnGenerator, IsbnParams
from pgmock_sdk import GenContext, Registrar, hookimpl
from pgmock_sdk.inference import Lifecycle, Stage, StatusWindow
from pgmock_sdk.testing import column_info


def _isbn13_ok(text: str) -> bool:
    digits = [int(c) for c in text]
    return (
        len(text) == 13
        and text[:3] in ("978", "979")
        and sum(d * (3 if i % 2 else 1) for i, d in enumerate(digits)) % 10 == 0
    )


def _isbn10_ok(text: str) -> bool:
    values = [10 if c == "X" else int(c) for c in text]
    return len(text) == 10 and sum(v * (10 - i) for i, v in enumerate(values)) % 11 == 0


# --------------------------------------------------------------------------- ISBN


def test_an_isbn_column_holds_valid_isbn13s() -> None:
    books = {"books": {"rowCount": 3000, "columns": {
        "id": {"type": "serial", "primaryKey": True},
        "isbn": {"type": "char(13)", "nullable": False, "unique": True},
        "isbn_13": {"type": "varchar(17)"},
        "isbn10": {"type": "varchar(10)"},
        "old_isbn": {"type": "char(10)"},
    }}}  # fmt: skip
    schema = resolve(books)
    for name in ("isbn", "isbn_13", "isbn10", "old_isbn"):
        gen = schema.tables["books"].columns[name].generator
        assert gen is not None and gen.qualified == "core.isbn", name
    rows = first_chunk(books, "books")
    for name in ("isbn", "isbn_13"):
        values = [v for v in rows[name] if v is not None]
        assert values and all(_isbn13_ok(v) for v in values), values[:5]
        assert {v[:3] for v in values} == {"978", "979"}
        newer = sum(v.startswith("979") for v in values) / len(values)
        assert 0.03 < newer < 0.2, newer
    assert len(set(rows["isbn"])) == len(rows["isbn"])
    for name in ("isbn10", "old_isbn"):
        values = [v for v in rows[name] if v is not None]
        assert values and all(_isbn10_ok(v) for v in values), values[:5]
        assert any(v.endswith("X") for v in values)


def _isbns(n: int, offset: int, rows: int, type_name: str = "char(13)") -> list[str]:
    info = column_info(type_name, name="isbn", unique=True, row_count=rows)
    gen = IsbnGenerator(IsbnParams(), info)
    return list(gen.generate(n, np.random.default_rng(offset), GenContext(info, offset)))


def test_unique_isbns_are_distinct_across_chunks_and_the_same_whatever_the_chunk() -> None:
    whole = _isbns(1000, 0, 1000)
    assert _isbns(400, 0, 1000) + _isbns(600, 400, 1000) == whole
    assert len(set(whole)) == 1000 and all(_isbn13_ok(v) for v in whole)


def test_an_isbn_does_not_fit_a_column_too_short_for_it() -> None:
    with pytest.raises(ValueError, match="ISBN-10 has 10 characters"):
        IsbnGenerator(IsbnParams(), column_info("varchar(9)", name="isbn"))
    with pytest.raises(ValueError, match="ISBN-13 has 13 characters"):
        IsbnGenerator(IsbnParams(digits=13), column_info("varchar(12)", name="isbn"))
    # inference passes over it: a short isbn column gets the type's text
    schema = resolve({"books": {"rowCount": 10, "columns": {"isbn": {"type": "varchar(8)"}}}})
    gen = schema.tables["books"].columns["isbn"].generator
    assert gen is not None and gen.qualified != "core.isbn"


# --------------------------------------------------------------------------- lifecycles


def _table(**columns: Any) -> dict[str, Any]:
    return {"rowCount": 400, "columns": {"id": {"type": "serial", "primaryKey": True}, **columns}}


def test_a_loan_is_due_within_four_weeks_after_it_was_made() -> None:
    loans = {"loans": _table(
        loaned_at={"type": "timestamptz", "nullable": False},
        due_date={"type": "date", "nullable": False},
        returned_at={"type": "timestamptz"},
    )}  # fmt: skip
    after = resolve(loans).tables["loans"].columns["due_date"].after
    assert after is not None and after.column == "loaned_at" and not after.before
    rows = first_chunk(loans, "loans")
    gaps = [
        (np.datetime64(due) - np.datetime64(lent[:10])).astype(int)
        for lent, due in zip(rows["loaned_at"], rows["due_date"])
    ]
    assert all(v is not None for v in rows["due_date"])
    assert min(gaps) >= 1 and max(gaps) <= 28, (min(gaps), max(gaps))
    # the return still follows the loan, not the due date
    ret = resolve(loans).tables["loans"].columns["returned_at"].after
    assert ret is not None and ret.column == "loaned_at"


@pytest.mark.parametrize("joined", ["joined_on", "hire_date"])
def test_a_row_is_created_the_day_its_person_joined(joined: str) -> None:
    members = {"members": _table(**{
        joined: {"type": "date", "nullable": False},
        "created_at": {"type": "timestamptz", "nullable": False},
    })}  # fmt: skip
    rows = first_chunk(members, "members")
    assert all(made[:10] == day for day, made in zip(rows[joined], rows["created_at"]))
    # declared the other way round, the day is not after the row's creation
    members = {"members": _table(**{
        "created_at": {"type": "timestamptz", "nullable": False},
        joined: {"type": "date", "nullable": False},
    })}  # fmt: skip
    rows = first_chunk(members, "members")
    assert all(day <= made[:10] for day, made in zip(rows[joined], rows["created_at"]))


# --------------------------------------------------------------------------- row counts


def _counted(**fks: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    tables: dict[str, dict[str, Any]] = {}
    for name, parents in fks.items():
        columns = {"id": {"type": "serial", "primaryKey": True}}
        columns.update({f"{p}_id": {"type": "int4", "nullable": False} for p in parents})
        tables[name] = {
            "columns": columns,
            "foreignKeys": [
                {"columns": [f"{p}_id"], "references": {"table": p, "columns": ["id"]}}
                for p in parents
            ],
        }
    infer_row_counts(tables, set())
    return tables


def test_projects_beside_a_few_employees_are_a_few_dozen_not_a_thousand() -> None:
    tables = _counted(
        departments=(), employees=("departments",), projects=("departments",),
        issues=("projects",), accounts=(), account_projects=("accounts",),
    )  # fmt: skip
    assert tables["employees"]["rowCount"] == 10
    assert tables["projects"]["rowCount"] == 20
    # their children scale from them; owned by a big parent, they scale as children do
    assert tables["issues"]["rowCount"] == 40
    assert tables["account_projects"]["rowCount"] == 2000
    assert not tables["projects"].get("fixed")


# --------------------------------------------------------------------------- periods


def _projects(*, status_type: str = "varchar(20)") -> dict[str, Any]:
    check = "status IN ('planned', 'active', 'on_hold', 'completed', 'cancelled')"
    return {"projects": _table(
        status={"type": status_type, "nullable": False, "check": check},
        start_date={"type": "date"},
        end_date={"type": "date"},
    )}  # fmt: skip


def test_a_period_starts_and_ends_where_its_status_says() -> None:
    rows = first_chunk(_projects(), "projects")
    present = "2026-01-01"  # the day after core.date's default range
    seen = set()
    for status, start, end in zip(rows["status"], rows["start_date"], rows["end_date"]):
        seen.add(status)
        assert start is not None and end is not None and start < end, (status, start, end)
        if status == "planned":
            assert start >= present, (status, start)
        elif status in ("completed", "cancelled"):
            assert end < present, (status, start, end)
        else:
            assert "2025-01-01" <= start < present, (status, start)
    assert seen == {"planned", "active", "on_hold", "completed", "cancelled"}


def test_a_period_start_the_schema_fills_keeps_its_values() -> None:
    tables = _projects()
    tables["projects"]["columns"]["start_date"]["params"] = {"start": "2020-01-01"}
    col = resolve(tables).tables["projects"].columns["start_date"]
    assert col.cases_on is None and not col.cases
    tables = _projects(status_type="int4")  # no state it knows
    tables["projects"]["columns"]["status"] = {"type": "int4"}
    assert resolve(tables).tables["projects"].columns["start_date"].cases_on is None


def test_a_moment_after_a_column_with_cases_follows_the_value_the_row_has() -> None:
    # before: the end followed the start the column's own generator made, not its case's
    late = {"generator": "core.date", "params": {"start": "2030-01-01", "end": "2030-12-31"}}
    tables = {"t": _table(
        kind={"type": "text", "nullable": False, "generator": "core.choice",
              "params": {"values": ["late", "early"]}},
        begins={"type": "date", "nullable": False, "generator": "core.date",
                "params": {"start": "2015-01-01", "end": "2015-12-31"},
                "cases": {"on": "kind", "values": {"late": late}}},
        finishes={"type": "date", "nullable": False, "after": {"column": "begins"}},
    )}  # fmt: skip
    rows = first_chunk(tables, "t")
    assert {k for k in rows["kind"]} == {"late", "early"}
    for kind, begins, finishes in zip(rows["kind"], rows["begins"], rows["finishes"]):
        assert begins.startswith("2030" if kind == "late" else "2015"), (kind, begins)
        assert begins < finishes, (kind, begins, finishes)


def test_a_unique_name_a_check_lists_takes_the_listed_names() -> None:
    # a plan name was a plan-like term ("Basic"), which failed the CHECK: no output at all
    check = "name IN ('Free', 'Starter', 'Pro', 'Enterprise')"
    name = {"type": "text", "nullable": False, "unique": True, "check": check}
    tables = {"plans": {"rowCount": 4, "columns": {
        "id": {"type": "serial", "primaryKey": True}, "name": name}}}  # fmt: skip
    assert sorted(map(str, first_chunk(tables, "plans")["name"])) == [
        "Enterprise", "Free", "Pro", "Starter"
    ]
    tables["plans"]["rowCount"] = 5  # more rows than names: the choice cannot hold
    gen = resolve(tables).tables["plans"].columns["name"].generator
    assert gen is not None and gen.qualified != "core.choice"


def test_card_digits_only_on_card_payments() -> None:
    # card_last4 held digits on every payment, bank transfers and PayPal included
    method = {"type": "text", "nullable": False,
              "check": "method IN ('card', 'bank_transfer', 'paypal')"}
    tables = {"payments": {"rowCount": 300, "columns": {
        "id": {"type": "serial", "primaryKey": True},
        "method": method,
        "card_last4": {"type": "char(4)"},
        "paypal_email": {"type": "text"}}}}  # fmt: skip
    rows = first_chunk(tables, "payments")
    assert set(rows["method"]) == {"card", "bank_transfer", "paypal"}
    for how, digits, email in zip(rows["method"], rows["card_last4"], rows["paypal_email"]):
        assert (digits is not None) == (how == "card"), (how, digits)
        assert (email is not None) == (how == "paypal"), (how, email)
        assert digits is None or digits.isdigit()


def test_a_trial_ends_only_for_rows_in_their_trial() -> None:
    # trial_ends_at was set for every subscription, canceled and past due alike
    status = {"type": "text", "nullable": False,
              "check": "status IN ('trialing', 'active', 'past_due', 'canceled')"}
    ts = {"type": "timestamptz"}
    tables = {"subscriptions": {"rowCount": 400, "columns": {
        "id": {"type": "serial", "primaryKey": True},
        "status": status,
        "current_period_start": {**ts, "nullable": False},
        "trial_ends_at": ts}}}  # fmt: skip
    rows = first_chunk(tables, "subscriptions")
    for state, start, end in zip(
        rows["status"], rows["current_period_start"], rows["trial_ends_at"]
    ):
        assert (end is not None) == (state == "trialing"), (state, end)
        assert end is None or end > start


@pytest.mark.parametrize("nullable", [True, False])
def test_a_vat_number_is_of_the_row_s_country(nullable: bool) -> None:
    # US accounts carried French and British VAT numbers
    country = {"type": "char(2)", "nullable": False,
               "check": "country IN ('US', 'FR', 'GB', 'DE', 'GR')"}
    tables = {"accounts": {"rowCount": 400, "columns": {
        "id": {"type": "serial", "primaryKey": True},
        "country": country,
        "vat_number": {"type": "varchar(20)", "nullable": nullable}}}}  # fmt: skip
    rows = first_chunk(tables, "accounts")
    assert set(rows["country"]) == {"US", "FR", "GB", "DE", "GR"}
    shapes = {"FR": r"FR[1-9]{2}\d{9}", "GB": r"GB\d{9}", "DE": r"DE\d{9}", "GR": r"EL\d{9}",
              "US": "" if nullable else r"US\d{9}"}  # fmt: skip
    for code, vat in zip(rows["country"], rows["vat_number"]):
        assert vat is None if not shapes[code] else re.fullmatch(shapes[code], vat), (code, vat)


class _SprintPlugin:
    """A lifecycle of another plugin, with windows of its own."""

    @hookimpl
    def pgmock_register_inference_rules(self, registry: Registrar) -> None:
        window = StatusWindow(frozenset({"queued"}), "2030-01-01", "2030-12-31")
        stages = (Stage(r"kickoff_date"), Stage(r"wrapup_date", within="14 days"))
        registry.add_lifecycle(Lifecycle("sprint", stages, windows=(window,)))


def test_a_start_s_windows_come_from_the_lifecycle_s_plugin() -> None:
    # the windows were the host's own (2015, 2025 and 2026 written into it), for the
    # lifecycle named "period" only
    host = make_host(env={})
    host.add_plugin(_SprintPlugin(), name="sprints")
    host.register()
    tables = {"sprints": _table(
        status={"type": "text", "nullable": False, "check": "status IN ('queued', 'done')"},
        kickoff_date={"type": "date"},
        wrapup_date={"type": "date"},
    )}  # fmt: skip
    raw = {"version": "1.0", "seed": 3, "tables": tables}
    schema = resolve_schema(raw, {}, ["t.json"], host.registry)
    with Engine(make_plan(schema)) as engine:
        rows = engine.generate_chunk("sprints", 0)
    queued = [d for s, d in zip(rows["status"], rows["kickoff_date"]) if s == "queued"]
    assert queued and all("2030-01-01" <= d <= "2030-12-31" for d in queued)
    done = [d for s, d in zip(rows["status"], rows["kickoff_date"]) if s == "done"]
    assert done and all(d < "2026" for d in done)  # no window: the generator's range


@pytest.mark.parametrize("kind", ["integer", "numeric(10,2)"])
def test_a_tax_is_a_part_of_the_amount_it_is_on(kind: str) -> None:
    # tax_cents was a lognormal of its own: 331 of 4,000 invoices taxed above their amount
    tables = {"invoices": {"rowCount": 2000, "columns": {
        "id": {"type": "serial", "primaryKey": True},
        "amount_cents": {"type": kind, "nullable": False},
        "tax_cents": {"type": kind, "nullable": False}}}}  # fmt: skip
    rows = first_chunk(tables, "invoices")
    pairs = [(float(a), float(t)) for a, t in zip(rows["amount_cents"], rows["tax_cents"])]
    assert all(0 <= t <= 0.25 * a for a, t in pairs)
    assert sum(t > 0 for _, t in pairs) > 0.9 * len(pairs)


@pytest.mark.parametrize("price", ["integer", "numeric(8,2)"])
def test_a_plan_s_price_follows_its_tier(price: str) -> None:
    # prices were drawn apart from the names: Enterprise below Pro, Free at 3.97
    check = "name IN ('Free', 'Starter', 'Pro', 'Enterprise')"
    tables = {"plans": {"rowCount": 4, "columns": {
        "id": {"type": "serial", "primaryKey": True},
        "name": {"type": "text", "nullable": False, "unique": True, "check": check},
        "price_cents" if price == "integer" else "monthly_price": {
            "type": price, "nullable": False}}}}  # fmt: skip
    rows = first_chunk(tables, "plans")
    column = "price_cents" if price == "integer" else "monthly_price"
    costs = {str(n): float(p) for n, p in zip(rows["name"], rows[column])}
    assert costs["Free"] == 0
    assert costs["Free"] < costs["Starter"] < costs["Pro"] < costs["Enterprise"], costs


def test_a_tier_price_s_units_are_what_minor_units_says_in_any_column() -> None:
    def prices(price: str, **params: object) -> list[float]:
        tables = {"plans": {"rowCount": 2, "columns": {
            "id": {"type": "serial", "primaryKey": True},
            "name": {"type": "text", "generator": "core.choice",
                     "params": {"values": ["Pro"]}},
            "price": {"type": price, "generator": "core.tier_price",
                      "params": {"tier_column": "name", **params}}}}}  # fmt: skip
        return [float(v) for v in first_chunk(tables, "plans")["price"]]

    cents, whole = prices("integer"), prices("integer", minor_units=False)
    assert all(c > 1000 and c % 100 == 99 for c in cents)  # 18.99 as 1899 by default
    assert all(10 < w < 100 for w in whole)  # 19: whole units, as asked
    assert all(10 < p < 100 for p in prices("numeric(8,2)"))
    assert all(p > 1000 for p in prices("numeric(8,2)", minor_units=True))


@pytest.mark.parametrize("unique", [False, True])
def test_a_table_of_companies_lists_each_company_once_with_its_own_domain(
    unique: bool,
) -> None:
    # organizations.name UNIQUE fell back to made-up terms ("Emerald Grove") beside a
    # domain of another company; without UNIQUE, 1,000 rows repeated about 120 names
    text = {"type": "varchar(255)", "nullable": False}
    tables = {"organizations": {"rowCount": 1000, "columns": {
        "id": {"type": "bigserial", "primaryKey": True},
        "name": {**text, "unique": unique},
        "domain": text,
        "billing_email": text,
    }}}  # fmt: skip
    gen = resolve(tables).tables["organizations"].columns["name"].generator
    assert gen is not None and gen.qualified == "faker.company"
    rows = first_chunk(tables, "organizations")
    names, domains = list(map(str, rows["name"])), list(map(str, rows["domain"]))
    assert len(set(names)) == len(names) == 1000
    for name, domain in zip(names, domains):
        spelled = re.sub(r"[^a-z]", "", name.lower())
        assert all(part in spelled for part in domain.removesuffix(".com").split("-")), name
    at_own = [e.endswith("@" + d) for e, d in zip(map(str, rows["billing_email"]), domains)]
    assert 0.3 < np.mean(at_own) < 0.5  # the others at free-mail domains


def test_customers_share_employers_but_a_unique_company_column_does_not() -> None:
    text = {"type": "text", "nullable": False}
    tables = {"customers": {"rowCount": 3000, "columns": {
        "id": {"type": "serial", "primaryKey": True},
        "company_name": text,
        "legal_name": {**text, "generator": "faker.company", "unique": True},
    }}}  # fmt: skip
    rows = first_chunk(tables, "customers")
    assert len(set(map(str, rows["company_name"]))) < 2900
    assert len(set(map(str, rows["legal_name"]))) == 3000


def test_a_ticket_s_body_and_its_comments_read_like_a_helpdesk_s() -> None:
    # they were random-word paragraphs ("Three before wish pay plant care ok.")
    text = {"type": "text", "nullable": False}
    tables = {
        "tickets": {"rowCount": 200, "columns": {
            "id": {"type": "serial", "primaryKey": True},
            "subject": text, "description": text}},
        "ticket_statuses": {"rowCount": 5, "columns": {
            "id": {"type": "serial", "primaryKey": True}, "description": text}},
        "ticket_comments": {"rowCount": 400, "columns": {
            "id": {"type": "serial", "primaryKey": True},
            "ticket_id": {"type": "integer", "references": "tickets.id"},
            "body": text}},
    }  # fmt: skip
    schema = resolve(tables)

    def chosen(table: str, column: str) -> tuple[str, dict[str, Any]]:
        gen = schema.tables[table].columns[column].generator
        assert gen is not None
        return gen.qualified, gen.params.model_dump()

    assert chosen("tickets", "description") == ("core.description", {
        "kind": "issue", "title_column": None})  # fmt: skip
    assert chosen("ticket_comments", "body")[1]["kind"] == "reply"
    assert chosen("ticket_statuses", "description")[0] == "faker.paragraph"  # a state's
    bodies = list(map(str, first_chunk(tables, "tickets")["description"]))
    asks = [a for a in read_corpus("titles.txt")["d_ask"] if a]  # each body asks something
    assert all(any(ask in body for ask in asks) for body in bodies)
    assert len(set(bodies)) > 150
