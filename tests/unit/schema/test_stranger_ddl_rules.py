"""Rules for DDL written by an application (a SaaS billing schema, timesheets, homes for
sale, restaurant reviews): what a newcomer who names no generator sees when querying the
restored data. Each test fails on pgmock before the rule it names."""

from __future__ import annotations

from collections import Counter
from typing import Any

from resolving import first_chunk, resolve

from pgmock_builtins._vat_formats import VAT_FORMATS


def _customers(**extra: Any) -> dict[str, Any]:
    return {
        "customers": {
            "rowCount": 2000,
            "columns": {
                "id": {"type": "bigserial", "primaryKey": True},
                "company_name": {"type": "text"},
                "country": {"type": "char(2)"},
                "vat_number": {"type": "varchar(20)"},
                **extra,
            },
        }
    }


def test_a_country_with_no_address_beside_it_is_spread_over_the_world() -> None:
    rows = first_chunk(_customers(), "customers")
    counts = Counter(rows["country"])
    # most rows from a few big markets, many countries in all, the locale's not alone
    assert len(counts) >= 30
    assert 0.2 < counts["US"] / 2000 < 0.45
    assert sum(n for _, n in counts.most_common(5)) > 1000
    # each VAT number is of its own row's country, where that country has one
    for country, vat in zip(rows["country"], rows["vat_number"], strict=True):
        if country not in VAT_FORMATS:
            assert vat is None
        else:
            assert vat is not None and vat[:2] == VAT_FORMATS[country][:2]
    assert sum(v is not None for v in rows["vat_number"]) > 400


def test_a_country_beside_an_address_stays_the_locales() -> None:
    rows = first_chunk(_customers(city={"type": "text"}), "customers")
    assert set(rows["country"]) == {"US"}
    schema = resolve(_customers(city={"type": "text"}))
    gen = schema.tables["customers"].columns["country"].generator
    assert gen is not None and "markets" not in gen.params
    # a country of something else than a customer (a university of the locale's) too
    lone = _customers()["customers"]
    assert set(first_chunk({"institutions": lone}, "institutions")["country"]) == {"US"}


def _subscriptions(*order: str) -> dict[str, Any]:
    columns: dict[str, Any] = {
        "id": {"type": "bigserial", "primaryKey": True},
        "status": {"type": "text", "check": "status IN ('trialing', 'active', 'canceled')"},
        "current_period_start": {"type": "timestamptz"},
        "current_period_end": {"type": "timestamptz"},
        "created_at": {"type": "timestamptz"},
    }
    return {"subscriptions": {"rowCount": 500, "columns": {c: columns[c] for c in order}}}


def test_a_subscription_is_created_before_its_current_period_starts() -> None:
    for order in (
        ("id", "status", "current_period_start", "current_period_end", "created_at"),
        ("id", "created_at", "status", "current_period_start", "current_period_end"),
    ):
        rows = first_chunk(_subscriptions(*order), "subscriptions")
        starts, created = rows["current_period_start"], rows["created_at"]
        assert all(c <= s for c, s in zip(created, starts, strict=True)), order
        assert all(s < e for s, e in zip(starts, rows["current_period_end"], strict=True))
    # declared after the period, the period keeps its place by status: active ones now
    schema = resolve(
        _subscriptions("id", "status", "current_period_start", "current_period_end", "created_at")
    )
    assert schema.tables["subscriptions"].columns["current_period_start"].cases_on == "status"


def _listings(nullable: bool) -> dict[str, Any]:
    rooms = {"type": "integer", "nullable": nullable}
    return {
        "listings": {
            "rowCount": 400,
            "columns": {
                "id": {"type": "serial", "primaryKey": True},
                "property_type": {
                    "type": "text",
                    "check": "property_type IN ('house', 'condo', 'land')",
                },
                "bedrooms": rooms,
                "bathrooms": {"type": "numeric(3,1)", "nullable": nullable},
                "list_price": {"type": "numeric(12,2)"},
                "sold_price": {"type": "numeric(12,2)"},
            },
        }
    }


def test_land_has_no_rooms_and_a_home_sells_near_its_list_price() -> None:
    for nullable, none in ((True, None), (False, 0)):
        rows = first_chunk(_listings(nullable), "listings")
        kinds = rows["property_type"]
        assert "land" in kinds
        for name in ("bedrooms", "bathrooms"):
            on_land = {
                None if v is None else float(v)
                for k, v in zip(kinds, rows[name], strict=True)
                if k == "land"
            }
            built = [v for k, v in zip(kinds, rows[name], strict=True) if k != "land"]
            assert on_land == {none}, (name, on_land)
            assert None not in built and sum(map(float, built)) > 1.5 * len(built), name
        prices = zip(rows["sold_price"], rows["list_price"], strict=True)
        ratios = [float(sold) / float(asked) for sold, asked in prices]
        assert min(ratios) >= 0.9 and max(ratios) <= 1.05


def test_time_is_booked_on_a_project_the_employee_was_there_for() -> None:
    # parents picked apart: 21 of 40 timesheets of an HR DDL fell on the hire date of an
    # employee hired after the project had ended
    key = {"type": "integer", "nullable": False}
    day = {"type": "date", "nullable": False}
    tables = {
        "employees": {"rowCount": 30, "columns": {
            "id": {"type": "serial", "primaryKey": True}, "hire_date": day}},
        "projects": {"rowCount": 40, "columns": {
            "id": {"type": "serial", "primaryKey": True},
            "start_date": day, "end_date": {"type": "date"}}},
        "timesheets": {"rowCount": 3000, "columns": {
            "id": {"type": "serial", "primaryKey": True},
            "employee_id": {**key, "references": "employees.id"},
            "project_id": {**key, "references": "projects.id"},
            "work_date": day, "hours": {"type": "numeric(4,2)"}}},
    }  # fmt: skip
    employees = first_chunk(tables, "employees")
    projects = first_chunk(tables, "projects")
    sheets = first_chunk(tables, "timesheets")
    hired = dict(zip(employees["id"], employees["hire_date"], strict=True))
    period = {
        i: (s, e)
        for i, s, e in zip(
            projects["id"], projects["start_date"], projects["end_date"], strict=True
        )
    }
    last_end = max(e or "9999" for _, e in period.values())
    rows = zip(sheets["employee_id"], sheets["project_id"], sheets["work_date"], strict=True)
    checked = 0
    for employee, project, worked in rows:
        start, end = period[project]
        if hired[employee] > last_end:
            continue  # hired after every project ended: no project fits
        checked += 1
        assert worked >= hired[employee] and worked >= start
        assert end is None or worked <= end, (hired[employee], start, end, worked)
    assert checked > 2500
    # the employees still book on many projects each, not on the few latest alone
    assert len(set(sheets["project_id"])) > 30


def test_reviews_in_a_database_of_restaurants_are_of_food() -> None:
    tables: dict[str, Any] = {
        "restaurants": {"rowCount": 20, "columns": {
            "id": {"type": "serial", "primaryKey": True}, "name": {"type": "text"}}},
        "reviews": {"rowCount": 300, "columns": {
            "id": {"type": "serial", "primaryKey": True},
            "restaurant_id": {"type": "integer", "references": "restaurants.id"},
            "rating": {"type": "smallint", "check": "rating BETWEEN 1 AND 5"},
            "body": {"type": "text"}}},
    }  # fmt: skip
    gen = resolve(tables).tables["reviews"].columns["body"].generator
    assert gen is not None and gen.params.subject == "food"
    text = " ".join(first_chunk(tables, "reviews")["body"]).lower()
    for word in ("food", "service", "delivery", "portions"):
        assert word in text
    # the product corpus's words: a review of a restaurant names none
    for word in ("battery", "stitching", "seller", "charger", "fabric", "device"):
        assert word not in text, word
    # a shop's reviews keep the product corpus
    del tables["restaurants"]
    del tables["reviews"]["columns"]["restaurant_id"]
    gen = resolve(tables).tables["reviews"].columns["body"].generator
    assert gen is not None and gen.params.subject == "products"


def test_a_current_period_lasts_one_billing_interval_of_the_plan() -> None:
    interval = {"type": "text", "check": "billing_interval IN ('month', 'year', 'lifetime')"}
    tables: dict[str, Any] = {
        "plans": {"rowCount": 6, "columns": {
            "id": {"type": "serial", "primaryKey": True}, "billing_interval": interval}},
        "subscriptions": {"rowCount": 600, "columns": {
            "id": {"type": "serial", "primaryKey": True},
            "plan_id": {"type": "integer", "references": "plans.id"},
            "current_period_start": {"type": "date"},
            "current_period_end": {"type": "date"}}},
    }  # fmt: skip
    plans = first_chunk(tables, "plans")
    every = dict(zip(plans["id"], plans["billing_interval"], strict=True))
    rows = first_chunk(tables, "subscriptions")
    seen = set()
    for plan, start, end in zip(
        rows["plan_id"], rows["current_period_start"], rows["current_period_end"], strict=True
    ):
        y, m, d = map(int, start.split("-"))
        ey, em, ed = map(int, end.split("-"))
        months = (ey - y) * 12 + em - m
        seen.add(every[plan])
        if every[plan] == "month":
            assert months == 1 and (ed == d or (ed < d and em != 1)), (start, end)
        elif every[plan] == "year":
            assert months == 12 and (ed == d or (m, d, ed) == (2, 29, 28)), (start, end)
        else:  # an interval pgmock does not know: a period of up to a year, as before
            assert start < end
    assert {"month", "year"} <= seen
    # the row's own interval column wins over none at all
    own = {"type": "text", "check": "interval IN ('week', 'quarter')"}
    columns = tables["subscriptions"]["columns"]
    tables["subscriptions"]["columns"] = {"interval": own, **columns}
    schema = resolve(tables)
    after = schema.tables["subscriptions"].columns["current_period_end"].after
    assert after is not None and after.cycle is not None and after.cycle.column == "interval"
