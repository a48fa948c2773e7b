"""Inference pinned as a table: (table, column, type) → generator and the range of values.

Every case resolves a real one-table schema through the resolver (so candidates that do
not fit the column are passed over as in ``pgmock generate``) and, for numbers, generates
a batch with the chosen generator and distribution to check the values' range.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pytest
from resolving import resolve

from pgmock.schema.resolved import RColumn
from pgmock_builtins.inference_rules import LIFECYCLES, RULES
from pgmock_sdk import GenContext
from pgmock_sdk.inference import Rule, _matcher, _names, singular, table_nouns


def column(table: str, name: str, type_name: str, rows: int = 200, **spec: Any) -> RColumn:
    cols: dict[str, Any] = {"pk": {"type": "serial", "primaryKey": True}}
    cols[name] = {"type": type_name, **spec}
    return resolve({table: {"rowCount": rows, "columns": cols}}).tables[table].columns[name]


def values(col: RColumn, n: int = 4000, rows: int = 200) -> np.ndarray:
    gen = col.generator
    assert gen is not None
    from pgmock_sdk.testing import column_info

    info = column_info(str(col.type), unique=col.unique, row_count=rows)
    instance = gen.cls(gen.params, info)
    sampler = None if col.distribution is None else col.distribution.cls(col.distribution.params)
    ctx = GenContext(column=info, offset=0, distribution=sampler)
    return np.asarray(instance.generate(n, np.random.default_rng(7), ctx))


# --------------------------------------------------------------------------- nouns


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("departments", "department"),
        ("categories", "category"),
        ("countries", "country"),
        ("addresses", "address"),
        ("address", "address"),
        ("boxes", "box"),
        ("statuses", "status"),
        ("status", "status"),
        ("films", "film"),
        ("people", "person"),
        ("data", "data"),
        ("staff", "staff"),
        ("series", "series"),
        ("passes", "pass"),
        ("movies", "movie"),
    ],
)
def test_singular(word: str, expected: str) -> None:
    assert singular(word) == expected


def test_table_nouns() -> None:
    assert table_nouns("sales.order_details") == ("order_detail", "detail", "order")
    assert table_nouns("spree_tax_categories") == (
        "spree_tax_category",
        "tax_category",
        "category",
        "spree_tax",
        "spree",
    )
    assert table_nouns("InvoiceLine") == ("invoice_line", "line", "invoice")
    assert table_nouns('bookings."aircrafts_data"') == ("aircraft_data", "data", "aircraft")


def test_specificity_orders_rules() -> None:
    both = Rule("core.text", table="t", column="c")
    col = Rule("core.text", column="c")
    table = Rule("core.text", table="t")
    kind = Rule("core.text", types=("text",))
    assert both.specificity > col.specificity > table.specificity > kind.specificity
    with pytest.raises(ValueError, match="must name a column, table, type or primary_key"):
        Rule("core.text")
    with pytest.raises(ValueError, match="not a regular expression"):
        Rule("core.text", column="(")


def test_finite_patterns_match_as_regular_expressions_do() -> None:
    """Patterns of words, "|", groups and "?" are matched by a set look-up: the same
    answers as re.fullmatch, and the others (and malformed ones) go to re."""
    patterns = {p for r in RULES for p in (r.column, r.table, r.references) if p}
    patterns |= {s.column for lc in LIFECYCLES for s in lc.stages}
    patterns |= {"", "a|", "a||b", "(a|b)?c", "((a)?)?b", "(|a)b", "()", "colou?r"}
    finite = {p: _names(p) for p in patterns}
    assert sum(n is not None for n in finite.values()) > len(patterns) / 2
    for bad in ("a(b", "a)b", "a??", "(?:a)b", "?a", "(\\w+_)?id", "a*", "[ab]"):
        assert _names(bad) is None
    common = {"", "id", "email", "e_mail", "xemail", "emai", "user_id", "first_name", "ab"}
    words = {w for p in patterns for w in p.split("|")}
    for pattern in patterns:
        # its own names, near misses of them, and every pattern's words
        own = finite[pattern] or set(pattern.split("|"))
        near = {n[1:] for n in own} | {n[:-1] for n in own} | {n + "s" for n in own}
        for name in common | own | near | {"x_" + n for n in own} | words:
            assert bool(_matcher(pattern)(name)) == bool(re.fullmatch(pattern, name)), (
                pattern,
                name,
            )


# --------------------------------------------------------------------------- the table

# (table, column, type, generator): what a column that names no generator gets.
GENERATORS = [
    ("users", "email", "text", "faker.email"),
    ("t", "user_email", "varchar(255)", "faker.email"),
    ("t", "Email_Address", "citext", "faker.email"),
    ("t", "first_name", "text", "faker.first_name"),
    ("t", "firstname", "text", "faker.first_name"),
    ("t", "last_name", "text", "faker.last_name"),
    ("t", "surname", "text", "faker.last_name"),
    ("t", "full_name", "text", "faker.full_name"),
    ("t", "display_name", "text", "faker.full_name"),
    ("customers", "name", "text", "faker.full_name"),
    ("users", "name", "varchar(100)", "faker.full_name"),
    ("employees", "name", "text", "faker.full_name"),
    ("t", "username", "text", "faker.username"),
    ("t", "login", "text", "faker.username"),
    ("t", "phone", "text", "faker.phone"),
    ("t", "fax", "varchar(24)", "faker.phone"),
    ("t", "address", "text", "faker.street_address"),
    ("t", "city", "text", "faker.city"),
    ("t", "billing_city", "text", "faker.city"),
    ("t", "state", "text", "faker.state"),
    ("t", "zip", "text", "faker.postal_code"),
    ("t", "postal_code", "varchar(10)", "faker.postal_code"),
    ("t", "country", "text", "faker.country"),
    ("t", "country_code", "char(2)", "faker.country_code"),
    ("spree_variants", "position", "int4", "core.position"),
    ("staff", "password", "varchar(40)", "core.password_hash"),
    ("users", "hashed_password", "varchar(40)", "core.password_hash"),
    ("spree_users", "encrypted_password", "varchar(128)", "core.password_hash"),
    ("address", "address2", "varchar(50)", "faker.secondary_address"),
    ("customers", "shipping_address_line2", "text", "faker.secondary_address"),
    ("address", "district", "varchar(20)", "faker.state"),
    ("track", "composer", "varchar(220)", "faker.full_name"),
    ("books", "author", "text", "faker.full_name"),
    ("t", "sort_order", "smallint", "core.position"),
    ("t", "display_order", "int8", "core.position"),
    ("t", "line_number", "int4", "core.position"),
    ("t", "company", "text", "faker.company"),
    ("suppliers", "name", "text", "faker.company"),
    ("companies", "name", "text", "faker.company"),
    ("t", "job_title", "text", "faker.job_title"),
    ("employees", "title", "varchar(30)", "faker.job_title"),
    ("t", "url", "text", "faker.url"),
    ("t", "domain", "text", "faker.domain"),
    ("t", "ip_address", "inet", "core.inet"),
    ("t", "client_ip", "varchar(45)", "core.inet"),
    ("t", "description", "text", "faker.paragraph"),
    ("products", "name", "text", "core.product_name"),
    ("t", "product_name", "text", "core.product_name"),
    ("t", "birth_date", "date", "faker.birth_date"),
    ("t", "dob", "date", "faker.birth_date"),
    ("t", "age", "int4", "faker.age"),
    ("t", "created_at", "timestamptz", "core.timestamp"),
    ("t", "shipped_on", "date", "core.date"),
    ("t", "is_active", "bool", "core.boolean"),
    ("t", "id", "int8", "core.sequence"),
    ("t", "uuid", "text", "core.uuid"),
    ("t", "external_id", "uuid", "core.uuid"),
    ("t", "mac_address", "macaddr", "core.macaddr"),
    ("t", "duration", "interval", "core.interval"),
    # names by table
    ("departments", "name", "text", "core.term"),
    ("languages", "name", "character(20)", "core.term"),
    ("categories", "name", "varchar(25)", "core.term"),
    ("genres", "name", "text", "core.term"),
    ("media_types", "name", "text", "core.term"),
    ("films", "title", "text", "core.work_title"),
    ("books", "title", "text", "core.work_title"),
    ("songs", "title", "text", "core.work_title"),
    ("albums", "title", "varchar(160)", "core.work_title"),
    ("films", "description", "text", "core.description"),
    ("products", "description", "text", "core.description"),
    ("projects", "name", "text", "core.term"),
    ("settings", "name", "varchar(255)", "core.term"),
    ("t", "subject", "text", "core.headline"),
    # not matched: the type's default
    ("t", "emails_sent", "int4", "core.integer"),
    ("t", "zipper", "text", "core.text"),
    ("t", "status", "text", "core.text"),
    ("t", "statement", "text", "core.text"),
    ("t", "nameplate", "text", "core.text"),
    ("t", "tip", "numeric", "core.decimal"),
    ("t", "email", "int4", "core.integer"),
    ("t", "created_at", "text", "core.text"),
    ("t", "title_id", "int4", "core.integer"),
    ("t", "price", "text", "core.text"),
    ("t", "address_id", "int8", "core.integer"),
    ("t", "cityscape", "text", "core.text"),
]


@pytest.mark.parametrize(("table", "name", "type_name", "expected"), GENERATORS)
def test_generator_by_table_column_and_type(
    table: str, name: str, type_name: str, expected: str
) -> None:
    col = column(table, name, type_name)
    assert col.generator is not None
    assert col.generator.qualified == expected, col.generator.why


# (table, column, type, low, high): numbers whose names say what they measure.
RANGES = [
    ("film", "release_year", "int4", 1950, 2025),
    ("t", "year", "smallint", 2015, 2025),
    ("credit_cards", "year", "int4", 2025, 2033),
    ("credit_cards", "month", "int4", 1, 12),
    ("t", "birth_year", "int4", 1935, 2007),
    ("film", "length", "smallint", 46, 185),
    ("films", "duration_minutes", "int4", 46, 185),
    ("track", "milliseconds", "int4", 30_000, 900_000),
    ("film", "rental_duration", "smallint", 3, 7),
    ("t", "stay_days", "int4", 1, 30),
    ("film", "rental_rate", "numeric(4,2)", 0.99, 4.99),
    ("film", "replacement_cost", "numeric(5,2)", 9.99, 29.99),
    ("track", "unit_price", "numeric(10,2)", 0.99, 1.99),
    ("employees", "salary", "numeric(10,2)", 18_000, 400_000),
    ("departments", "budget", "numeric(12,2)", 1_000, 10_000_000),
    ("projects", "annual_budget", "int4", 1_000, 10_000_000),
    ("order_details", "discount", "real", 0, 0.25),
    ("order_details", "quantity", "smallint", 1, 10),
    ("products", "units_in_stock", "smallint", 0, 500),
    ("issues", "done_ratio", "int4", 0, 100),
    ("t", "tax_rate", "numeric(6,4)", 0, 0.25),
    ("t", "price", "numeric(10,2)", 0.5, 5_000),
    ("t", "price", "numeric(4,2)", 0.5, 99.99),
    ("t", "amount", "numeric(12,2)", 0.5, 50_000),
    ("orders", "freight", "numeric(10,2)", 0, 500),
    ("t", "rating", "int4", 1, 5),
    ("customer", "active", "int4", 0, 1),
    ("products", "discontinued", "int4", 0, 1),
    ("t", "is_admin", "smallint", 0, 1),
    ("t", "sign_in_count", "int4", 0, 2_000),
    ("aircrafts_data", "range", "int4", 500, 16_000),
]


@pytest.mark.parametrize(("table", "name", "type_name", "lo", "hi"), RANGES)
def test_numbers_in_the_range_their_name_says(
    table: str, name: str, type_name: str, lo: float, hi: float
) -> None:
    col = column(table, name, type_name)
    got = values(col).astype(np.float64)
    assert got.min() >= lo and got.max() <= hi, (col.generator, got.min(), got.max())
    assert len(np.unique(got)) > 1


# (table, column, schema's other tables, vocabulary): which names a lookup table lists.
VOCABULARIES = [
    ("departments", "name", (), "department"),
    ("language", "name", (), "language"),
    ("category", "name", ("film",), "film_genre"),
    ("genre", "name", ("track", "album"), "music_genre"),
    ("genres", "name", ("books",), "book_genre"),
    ("genre", "name", (), "genre"),
    ("product_categories", "name", (), "category"),
    ("spree_tax_categories", "name", (), "tax_category"),
    ("spree_refund_reasons", "name", (), "reason"),
    ("trackers", "name", (), "tracker"),
    ("settings", "name", (), "setting"),
    ("projects", "name", (), "codename"),
    ("tags", "name", ("posts",), "topic"),
    ("categories", "name", ("posts", "authors"), "topic"),
    ("tags", "name", ("products",), "tag"),
]


@pytest.mark.parametrize(("table", "name", "others", "vocabulary"), VOCABULARIES)
def test_lookup_tables_list_their_kind_of_names(
    table: str, name: str, others: tuple[str, ...], vocabulary: str
) -> None:
    tables: dict[str, Any] = {
        table: {"rowCount": 10, "columns": {"id": {"type": "serial"}, name: {"type": "text"}}}
    }
    for other in others:
        tables[other] = {"rowCount": 1, "columns": {"id": {"type": "serial"}}}
    col = resolve(tables).tables[table].columns[name]
    assert col.generator is not None and col.generator.qualified == "core.term"
    assert col.generator.params.vocabulary == vocabulary  # type: ignore[attr-defined]


@pytest.mark.parametrize("table", ["languages", "categories", "departments", "widgets"])
def test_a_unique_name_of_a_lookup_table_never_fails(table: str) -> None:
    # issue 13: "name": {"type": "text", "unique": true} of 40 rows was refused
    col = column(table, "name", "text", rows=40, unique=True)
    assert col.generator is not None and col.generator.cls.supports_unique
    got = values(col, n=40, rows=40)
    assert len(set(got.tolist())) == 40


def test_amounts_are_skewed() -> None:
    got = values(column("t", "amount", "numeric(12,2)")).astype(np.float64)
    assert np.median(got) < got.mean() / 1.3  # lognormal: the mean is well above the median


def test_rules_narrow_to_the_type_and_fall_back_when_nothing_fits() -> None:
    # a price in numeric(2,0) (0..99) stays a price up to 99
    got = values(column("t", "price", "numeric(2,0)")).astype(np.float64)
    assert got.max() <= 99
    # a unique "year" of 500 rows cannot be a recent year: the type's default fills it
    col = column("t", "year", "int4", rows=500, unique=True)
    assert col.generator is not None and col.generator.why.startswith("type default")


def test_explicit_generators_win() -> None:
    col = column("film", "length", "int4", generator="integer", params={"min": 1, "max": 3})
    assert col.generator is not None and col.generator.why == "explicit"
    assert values(col).max() <= 3


def test_schema_params_refine_the_rule() -> None:
    col = column("film", "release_year", "int4", params={"min": 2000})
    got = values(col)
    assert got.min() >= 2000 and got.max() <= 2025


def test_schema_distribution_replaces_the_rules() -> None:
    col = column("t", "amount", "numeric(12,2)", distribution={"name": "uniform"})
    assert col.distribution is not None and col.distribution.qualified.endswith("uniform")


def test_positions_number_each_parents_rows() -> None:
    # issue 13: "positions/sort orders (1…n per parent)"
    from pgmock.generate.engine import Engine
    from pgmock.generate.plan import make_plan

    schema = resolve(
        {
            "products": {"rowCount": 50, "columns": {"id": {"type": "serial", "primaryKey": True}}},
            "variants": {
                "rowCount": {"per": "products", "min": 1, "max": 6},
                "columns": {
                    "id": {"type": "serial", "primaryKey": True},
                    "product_id": {"type": "int4", "references": "products.id"},
                    "position": {"type": "smallint"},
                },
            },
            "steps": {
                "rowCount": 30,
                "columns": {"id": {"type": "serial"}, "sort_order": {"type": "int4"}},
            },
        }
    )
    with Engine(make_plan(schema)) as engine:
        variants = engine.generate_chunk("variants", 0)
        steps = engine.generate_chunk("steps", 0)
    parents = [int(v) for v in variants["product_id"]]
    places = [int(v) for v in variants["position"]]
    seen: dict[int, list[int]] = {}
    for parent, place in zip(parents, places):
        seen.setdefault(parent, []).append(place)
    assert len(seen) == 50
    assert all(got == list(range(1, len(got) + 1)) for got in seen.values())
    assert max(places) > 1
    assert [int(v) for v in steps["sort_order"]] == list(range(1, 31))


def test_a_line_of_a_track_costs_what_tracks_cost() -> None:
    schema = resolve(
        {
            "track": {
                "rowCount": 10,
                "columns": {"track_id": {"type": "serial", "primaryKey": True}},
            },
            "invoice_line": {
                "rowCount": 10,
                "columns": {
                    "id": {"type": "serial"},
                    "track_id": {"type": "int4", "references": "track.track_id"},
                    "unit_price": {"type": "numeric(10,2)"},
                },
            },
        }
    )
    col = schema.tables["invoice_line"].columns["unit_price"]
    assert set(np.round(values(col).astype(np.float64), 2).tolist()) == {0.99, 1.29, 1.99}


# --------------------------------------------------------------------------- CHECKed ranges


def test_a_check_narrowing_a_rule_s_range_past_its_centre_moves_the_distribution() -> None:
    # a score out of 100 is normal(70, 15); CHECKed to 1..5 that put every value at 5
    score = column("ratings", "score", "smallint", check="score BETWEEN 1 AND 5")
    assert score.distribution is not None
    drawn = values(score).astype(int)
    assert drawn.min() >= 1 and drawn.max() <= 5
    counts = np.bincount(drawn, minlength=6)
    assert counts[3] > 0 and counts[4] > counts[5] and counts[4] > counts[3]
    assert 3.5 < drawn.mean() < 4.1
    # a centre the CHECK keeps: the rule's distribution as it is
    kept = column("exams", "score", "smallint", check="score BETWEEN 0 AND 80")
    assert kept.distribution is not None
    assert kept.distribution.params.mean == 70  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- flags, locales


@pytest.mark.parametrize(
    ("name", "low", "high"),
    [
        ("is_deleted", 0.0, 0.1),
        ("banned", 0.0, 0.1),
        ("is_admin", 0.0, 0.1),
        ("is_featured", 0.05, 0.2),
        ("is_active", 0.8, 0.97),
        ("email_verified", 0.8, 0.97),
        ("newsletter", 0.4, 0.6),  # no rule: half
    ],
)
def test_boolean_flags_are_true_as_often_as_their_name_says(
    name: str, low: float, high: float
) -> None:
    drawn = values(column("users", name, "boolean"))
    assert low < drawn.mean() < high


def test_locales_language_codes_and_time_zones_are_codes_not_words() -> None:
    import zoneinfo

    locales = set(values(column("users", "locale", "varchar(10)")).tolist())
    assert "en-US" in locales and all(len(v) == 5 and v[2] == "-" for v in locales)
    codes = set(values(column("users", "language_code", "char(2)")).tolist())
    assert "en" in codes and all(len(v) == 2 and v.islower() for v in codes)
    zones = set(values(column("users", "time_zone", "text")).tolist())
    assert len(zones) > 10
    for zone in zones:
        zoneinfo.ZoneInfo(zone)  # raises for a name the IANA database does not know


def test_a_ticket_s_subject_is_an_issue_title_and_a_post_s_a_headline() -> None:
    ticket = column("tickets", "subject", "varchar(200)")
    assert ticket.generator is not None and ticket.generator.qualified == "core.headline"
    assert ticket.generator.params.kind == "issue"  # type: ignore[attr-defined]
    post = column("posts", "subject", "text")
    assert post.generator is not None and post.generator.qualified == "core.headline"
    assert post.generator.params.kind == "news"  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- billing


def test_amounts_in_cents_are_prices_times_a_hundred() -> None:
    cents = values(column("plans", "price_cents", "integer")).astype(int)
    assert 2500 < np.median(cents) < 8000 and cents.min() >= 50
    whole = values(column("orders", "total", "integer")).astype(int)
    assert 25 < np.median(whole) < 80  # whole units stay as they were
    tax = values(column("invoices", "tax_cents", "integer")).astype(int)
    assert np.median(tax) < np.median(cents) / 3


def test_a_subscription_s_seats_are_a_few_and_invoices_are_numbered() -> None:
    seats = values(column("subscriptions", "seats", "integer")).astype(int)
    assert seats.min() >= 1 and np.median(seats) <= 8 and seats.max() > 20
    number = column("invoices", "number", "varchar(20)")
    assert number.generator is not None and number.generator.qualified == "core.sequence"
    assert number.generator.params.prefix == "INV-"  # type: ignore[attr-defined]


def test_plans_are_a_short_lookup_of_plan_names() -> None:
    from pgmock_builtins._row_counts import infer_row_counts

    tables: dict[str, Any] = {
        "plans": {"columns": {"id": {"type": "serial", "primaryKey": True},
                              "name": {"type": "varchar(50)", "unique": True}}},
    }  # fmt: skip
    infer_row_counts(tables, set())
    assert tables["plans"]["rowCount"] == 4 and tables["plans"].get("fixed") is True
    name = column("plans", "name", "varchar(50)", rows=4, unique=True)
    assert set(values(name, n=4, rows=4).tolist()) <= {
        "Free", "Starter", "Pro", "Business", "Enterprise", "Basic", "Team", "Premium",
        "Plus", "Growth", "Scale", "Unlimited",
    }  # fmt: skip


def test_a_one_sided_check_leaves_the_other_side_to_the_distribution() -> None:
    # CHECK (cents > 0) made the generator's default maximum, 1000, an explicit one:
    # every lognormal amount around 5,800 was cut to 1000
    col = column("orders", "items_cents", "bigint", check="items_cents > 0",
                 distribution={"name": "lognormal", "median": 5800, "sigma": 0.9})  # fmt: skip
    assert col.generator is not None
    assert col.generator.params.min == 1 and col.generator.params.max is None  # type: ignore[attr-defined]
    drawn = values(col).astype(int)
    assert drawn.min() >= 1 and 4000 < np.median(drawn) < 8000 and drawn.max() > 20_000
    # without a distribution the generator's own default range holds, as before
    plain = values(column("orders", "n", "int4", check="n > 0")).astype(int)
    assert plain.min() >= 1 and plain.max() <= 1000


def test_a_helpdesk_s_agents_are_few_beside_its_tickets() -> None:
    from pgmock_builtins._row_counts import infer_row_counts

    def table(*fks: str) -> dict[str, Any]:
        return {
            "columns": {"id": {"type": "serial", "primaryKey": True}},
            "foreignKeys": [
                {"columns": [f"{p}_id"], "references": {"table": p, "columns": ["id"]}}
                for p in fks
            ],
        }

    tables = {"agents": table(), "customers": table(), "tickets": table("customers", "agents")}
    infer_row_counts(tables, set())
    assert tables["agents"]["rowCount"] == 10
    assert tables["tickets"]["rowCount"] >= tables["customers"]["rowCount"] >= 1000


# --------------------------------------------------------------------------- a restaurant


def test_a_restaurant_has_a_cuisine_opening_hours_and_dishes_on_its_menu() -> None:
    from pgmock_builtins.terms_gen import vocabulary

    cuisines = set(vocabulary("cuisine")[0])
    assert set(values(column("restaurants", "cuisine", "text")).tolist()) <= cuisines
    opens = values(column("restaurants", "opens_at", "time")).astype("m8[s]").astype(int)
    closes = values(column("restaurants", "closes_at", "time")).astype("m8[s]").astype(int)
    assert (opens % 1800 == 0).all() and (closes % 1800 == 0).all()  # on the half hour
    assert opens.max() <= 11 * 3600 and closes.min() >= 17 * 3600  # closing after opening
    dish = column("menu_items", "name", "text")
    assert dish.generator is not None and dish.generator.qualified == "mimesis.dish"
    about = column("menu_items", "description", "text")
    assert about.generator is not None and about.generator.qualified == "core.description"
    assert about.generator.params.kind == "dish"  # type: ignore[attr-defined]
    prices = values(column("menu_items", "price", "numeric(8,2)")).astype(float)
    assert 8 < np.median(prices) < 18 and prices.max() <= 80  # not a product's 24 median


def test_a_courier_s_plate_is_a_plate_and_a_tip_is_a_few_units() -> None:
    plates = values(column("couriers", "license_plate", "varchar(16)")).tolist()
    assert all(re.fullmatch(r"[0-9A-Z]{3,4}-?[0-9A-Z]{3,4}", p) for p in plates)
    assert any(p[0].isdigit() for p in plates) and any(p[0].isalpha() for p in plates)
    tips = values(column("orders", "tip", "numeric(6,2)")).astype(float)
    assert 2 < np.median(tips) < 6 and tips.max() <= 100


def test_a_review_s_text_follows_its_stars() -> None:
    review = resolve({"reviews": {"rowCount": 10, "columns": {
        "id": {"type": "serial", "primaryKey": True},
        "stars": {"type": "smallint", "check": "stars BETWEEN 1 AND 5"},
        "comment": {"type": "text"},
    }}}).tables["reviews"].columns["comment"]  # fmt: skip
    assert review.generator is not None and review.generator.qualified == "core.review"
    assert review.generator.params.rating_column == "stars"  # type: ignore[attr-defined]
    # a text column before it is not a rating: the review keeps its mixed tone
    titled = resolve({"reviews": {"rowCount": 10, "columns": {
        "id": {"type": "serial", "primaryKey": True},
        "rating": {"type": "text"},
        "body": {"type": "text"},
    }}}).tables["reviews"].columns["body"]  # fmt: skip
    assert titled.generator is not None and titled.generator.qualified == "core.review"
    assert titled.generator.params.rating_column is None  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- homes


def test_a_home_has_rooms_an_area_an_age_and_a_price_of_a_home() -> None:
    beds = values(column("properties", "bedrooms", "smallint")).astype(int)
    assert beds.min() >= 0 and beds.max() <= 8 and np.median(beds) == 3
    baths = values(column("properties", "bathrooms", "numeric(3,1)")).astype(float)
    assert set(baths.tolist()) <= {1, 1.5, 2, 2.5, 3, 3.5, 4, 5}
    area = values(column("properties", "square_feet", "integer")).astype(int)
    assert 1_400 < np.median(area) < 2_300 and area.min() >= 300
    built = values(column("properties", "year_built", "smallint")).astype(int)
    assert built.min() >= 1880 and built.max() <= 2025 and 1970 < np.median(built) < 1995
    price = values(column("properties", "list_price", "numeric(12,2)")).astype(float)
    assert 300_000 < np.median(price) < 550_000  # not a unit price's 24
    offer = resolve({
        "properties": {"rowCount": 10, "columns": {"id": {"type": "serial", "primaryKey": True}}},
        "offers": {"rowCount": 10, "columns": {
            "id": {"type": "serial", "primaryKey": True},
            "property_id": {"type": "integer", "references": "properties.id"},
            "amount": {"type": "numeric(12,2)"}}},
    }).tables["offers"].columns["amount"]  # fmt: skip
    assert offer.generator is not None and offer.generator.params.min == 25_000  # type: ignore[attr-defined]
    # a "builtin" flag is not the year something was built, nor a DVD's rental rate a rent
    builtin = column("roles", "builtin", "integer")
    assert builtin.generator is not None and builtin.generator.rule is None
    rate = values(column("film", "rental_rate", "numeric(4,2)")).astype(float)
    assert np.median(rate) < 100


def test_agents_have_licence_numbers_and_brokerages_and_buyers_names() -> None:
    numbers = values(column("agents", "license_number", "varchar(20)", unique=True)).tolist()
    assert len(set(numbers)) == len(numbers)
    assert all(re.fullmatch(r"[1-9]\d{7}|[A-Z]{2}\d{7}", v) for v in numbers)
    firm = column("agents", "brokerage", "text")
    assert firm.generator is not None and firm.generator.qualified == "faker.company"
    buyer = column("offers", "buyer_name", "text")
    assert buyer.generator is not None and buyer.generator.qualified == "faker.full_name"
    from pgmock_builtins.terms_gen import vocabulary

    ways = set(values(column("offers", "financing_type", "text")).tolist())
    assert ways <= set(vocabulary("financing")[0]) and "Conventional" in ways
