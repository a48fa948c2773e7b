"""The plausibility checks of tests/corpus/check_plausibility.py on hand-made cases.

No PostgreSQL here: each check is a function over a table's description and the
values read from it, so a few rows written by hand show what it flags and what
it lets pass.
"""

from __future__ import annotations

import re

import pytest

from corpus_index import checker

cp = checker()
Column, Table, ForeignKey = cp.Column, cp.Table, cp.ForeignKey
YEAR = cp.YEAR


def _tables(*tables: object) -> dict[str, object]:
    return {t.key: t for t in tables}  # type: ignore[attr-defined]


def _rule(table: object, column: str, tables: dict[str, object] | None = None) -> object:
    col = table.column(column)  # type: ignore[attr-defined]
    return cp.range_rule_for(table, col, tables or _tables(table))


# -- person names ----------------------------------------------------------------


def test_person_names_in_a_lookup_table_are_flagged() -> None:
    values = ["Lisa Molina", "John Smith", "Dr. Angela Davis", "Travel", "Music"]
    [finding] = cp.check_person_names("public.category.name", values)
    assert finding.category == "person_name"
    assert "3 of 5" in finding.message


def test_titles_and_category_words_are_not_person_names() -> None:
    values = ["Academy Dinosaur", "ACE GOLDFINGER", "Action", "Documentary", "Sci-Fi",
              "For Those About To Rock", "Balls to the Wall"]  # fmt: skip
    assert cp.check_person_names("public.film.title", values) == []


def test_a_few_name_like_titles_stay_below_the_share() -> None:
    values = ["Grace Kelly", "Mary Poppins", "John Wick"] + [f"Title {i}" for i in range(60)]
    assert cp.check_person_names("public.film.title", values) == []


def test_which_tables_are_about_people_and_which_columns_are_names() -> None:
    people = ["customer", "staff", "actor", "spree_users", "employees", "spree_credit_cards"]
    things = ["category", "language", "film", "album", "spree_products", "trackers"]
    for name in people:
        assert cp.is_person_table(Table("public", name, [])), name
    for name in things:
        assert not cp.is_person_table(Table("public", name, [])), name
    assert cp.is_name_column(Column("name", "text"))
    assert cp.is_name_column(Column("product_name", "text"))
    assert cp.is_name_column(Column("title", "text"))
    for col in ("first_name", "last_name", "contact_name", "passenger_name", "username",
                "firstname", "ship_name", "contact_title"):  # fmt: skip
        assert not cp.is_name_column(Column(col, "text")), col
    assert not cp.is_name_column(Column("name", "other"))  # jsonb names are not read


# -- numeric ranges ---------------------------------------------------------------


FILM = Table("public", "film", [
    Column("release_year", "int"), Column("length", "int"), Column("rental_duration", "int"),
    Column("rental_rate", "num"), Column("replacement_cost", "num"),
])  # fmt: skip


def test_years_outside_1900_to_next_year_are_flagged() -> None:
    rule = _rule(FILM, "release_year")
    assert rule.category == "year"  # type: ignore[attr-defined]
    [finding] = cp.check_range("film.release_year", [2006.0, 2141.0, None, 1850.0], rule)
    assert finding.category == "year"
    assert finding.message.startswith("2 of 3 values")
    assert cp.check_range("film.release_year", [2006.0, float(cp.CURRENT_YEAR)], rule) == []


def test_a_card_expiry_year_may_lie_in_the_future() -> None:
    cards = Table("public", "spree_credit_cards", [Column("year", "int")])
    rule = _rule(cards, "year")
    assert cp.check_range("year", [float(cp.CURRENT_YEAR + 5)], rule) == []


def test_film_length_and_rental_duration_have_their_units() -> None:
    length = _rule(FILM, "length")
    duration = _rule(FILM, "rental_duration")
    assert length.unit == "minutes" and duration.unit == "days"  # type: ignore[attr-defined]
    assert cp.check_range("film.length", [86.0, 552.0], length)[0].category == "duration"
    assert cp.check_range("film.rental_duration", [3.0, 536.0], duration)[0].category == "duration"
    assert cp.check_range("film.length", [46.0, 185.0], length) == []


def test_track_milliseconds_and_time_entry_hours() -> None:
    track = Table("public", "track", [Column("milliseconds", "int")])
    assert cp.check_range("ms", [343_719.0], _rule(track, "milliseconds")) == []
    assert cp.check_range("ms", [999.0], _rule(track, "milliseconds")) != []
    entries = Table("public", "time_entries", [Column("hours", "num")])
    assert cp.check_range("hours", [7.5, 36.0], _rule(entries, "hours"))[0].message.startswith(
        "1 of 2"
    )


def test_prices_follow_their_table_context() -> None:
    rate = _rule(FILM, "rental_rate")
    assert cp.check_range("film.rental_rate", [0.99, 4.99], rate) == []
    assert cp.check_range("film.rental_rate", [71.56], rate)[0].category == "amount"
    rental = Table("public", "rental", [Column("rental_id", "int")])
    payment = Table("public", "payment", [Column("amount", "num"), Column("rental_id", "int")],
                    [ForeignKey(("rental_id",), "public.rental", ("rental_id",))])  # fmt: skip
    small = _rule(payment, "amount", _tables(rental, payment))
    assert cp.check_range("payment.amount", [177.98], small)[0].category == "amount"
    # Without a rental to pay for, a payment of 177.98 is ordinary money.
    alone = Table("public", "payment", [Column("amount", "num")])
    assert cp.check_range("payment.amount", [177.98], _rule(alone, "amount")) == []
    assert cp.check_range("payment.amount", [-5.0], _rule(alone, "amount")) != []


def test_tax_rates_are_fractions_and_adjustments_may_be_negative() -> None:
    tax = Table("public", "spree_tax_rates", [Column("amount", "num")])
    assert cp.check_range("amount", [0.08], _rule(tax, "amount")) == []
    assert cp.check_range("amount", [8.0], _rule(tax, "amount")) != []
    adj = Table("public", "spree_adjustments", [Column("amount", "num")])
    assert cp.check_range("amount", [-10.0, 5.0], _rule(adj, "amount")) == []


def test_music_store_invoices_are_small_but_other_invoices_are_not() -> None:
    invoice = Table("public", "invoice", [Column("total", "num")])
    track = Table("public", "track", [Column("track_id", "int")])
    shop = _rule(invoice, "total", _tables(invoice, track))
    assert cp.check_range("total", [5_000.0], shop) != []
    assert cp.check_range("total", [5_000.0], _rule(invoice, "total")) == []


def test_quantities_of_a_line_are_positive_and_measures_have_rules() -> None:
    line = Table("public", "invoice_line", [Column("quantity", "int")])
    [finding] = cp.check_range("q", [0.0, 1.0, 2.0], _rule(line, "quantity"))
    assert finding.category == "measure"
    plane = Table("bookings", "aircrafts_data", [Column("range", "int")])
    assert cp.check_range("range", [5_700.0], _rule(plane, "range")) == []
    assert cp.check_range("range", [2_000_000.0], _rule(plane, "range")) != []


def test_columns_without_a_rule_and_non_numeric_columns_are_not_ranged() -> None:
    t = Table("public", "t", [Column("lft", "int"), Column("release_year", "text")])
    assert _rule(t, "lft") is None
    assert _rule(t, "release_year") is None


# -- flags --------------------------------------------------------------------------


def test_integer_flags_hold_only_zero_and_one() -> None:
    assert cp.is_flag_column(Column("active", "int"))
    assert cp.is_flag_column(Column("is_private", "int"))
    assert cp.is_flag_column(Column("discontinued", "int"))
    assert not cp.is_flag_column(Column("active", "bool"))
    assert not cp.is_flag_column(Column("status", "int"))
    [finding] = cp.check_flag("customer.active", [1.0, 0.0, 221.0, None])
    assert finding.category == "flag" and "221" in finding.message
    assert cp.check_flag("customer.active", [1.0, 0.0, None]) == []


# -- lifecycle ----------------------------------------------------------------------


def test_column_names_pair_into_ordered_stages() -> None:
    rental = Table("public", "rental", [
        Column("rental_date", "time"), Column("return_date", "time"),
        Column("last_update", "time"), Column("rental_id", "int"),
    ])  # fmt: skip
    [(first, then, _)] = cp.ordered_pairs(rental)
    assert (first.name, then.name) == ("rental_date", "return_date")
    orders = Table("public", "orders", [
        Column("shipped_date", "date"), Column("order_date", "date"),
        Column("required_date", "date"),
    ])  # fmt: skip
    pairs = {(a.name, b.name) for a, b, _ in cp.ordered_pairs(orders)}
    assert pairs == {("order_date", "shipped_date"), ("order_date", "required_date")}
    customer = Table("public", "customer", [Column("create_date", "date"),
                                            Column("last_update", "time")])  # fmt: skip
    assert [(a.name, b.name) for a, b, _ in cp.ordered_pairs(customer)] == [
        ("create_date", "last_update")
    ]


def test_departure_before_arrival_for_flights_and_the_reverse_for_stays() -> None:
    cols = [Column("scheduled_departure", "time"), Column("scheduled_arrival", "time"),
            Column("actual_departure", "time"), Column("actual_arrival", "time")]  # fmt: skip
    flights = cp.ordered_pairs(Table("bookings", "flights", cols))
    assert {(a.name, b.name) for a, b, _ in flights} == {
        ("scheduled_departure", "scheduled_arrival"),
        ("actual_departure", "actual_arrival"),
    }
    stays = Table("public", "reservations", [Column("departure_date", "date"),
                                             Column("arrival_date", "date")])  # fmt: skip
    [(a, b, _)] = cp.ordered_pairs(stays)
    assert (a.name, b.name) == ("arrival_date", "departure_date")


def test_later_stage_before_the_earlier_is_flagged() -> None:
    rental = [1_000.0, 5_000.0, 9_000.0, None]
    returned = [2_000.0, 4_000.0, None, 3_000.0]
    [finding] = cp.check_order("rental", rental, returned, by_day=False)
    assert finding.category == "lifecycle" and finding.message.startswith("1 of 2 rows")
    assert cp.check_order("rental", [1_000.0], [1_000.0], by_day=False) == []


def test_a_date_and_a_timestamp_are_compared_by_day() -> None:
    day = cp.DAY
    created = [10 * day + 3_600.0]  # a timestamp in the morning of day 10
    updated = [10 * day]  # that day, as a date
    assert cp.check_order("x", created, updated, by_day=True) == []
    assert cp.check_order("x", created, updated, by_day=False) != []


def test_hired_at_least_fourteen_years_after_birth() -> None:
    employee = Table("public", "employee", [Column("birth_date", "time"),
                                            Column("hire_date", "time")])  # fmt: skip
    [(_, _, order)] = cp.ordered_pairs(employee)
    assert order.min_gap == 14 * YEAR
    assert cp.check_order("e", [0.0], [20 * YEAR], by_day=False, min_gap=order.min_gap) == []
    assert cp.check_order("e", [0.0], [3 * YEAR], by_day=False, min_gap=order.min_gap) != []


# -- arrays ---------------------------------------------------------------------------


def test_set_like_arrays_must_not_repeat_elements() -> None:
    assert cp.is_set_array(Column("special_features", "array", "text"))
    assert cp.is_set_array(Column("tag_ids", "array", "int"))
    assert not cp.is_set_array(Column("scores", "array", "int"))
    assert not cp.is_set_array(Column("path", "array", "text"))
    values = [["Trailers", "Commentaries"], ["Commentaries", "Commentaries", "Commentaries"], None]
    [finding] = cp.check_array_repeats("film.special_features", values)
    assert finding.category == "array_repeat" and finding.message.startswith("1 of 2")
    assert cp.check_array_repeats("f", [["Trailers", "Deleted Scenes"], []]) == []


# -- geography ------------------------------------------------------------------------


def test_cities_in_many_countries_are_flagged() -> None:
    pairs = [("Los Angeles", "Guernsey"), ("Los Angeles", "Chile"), ("New York", "Peru"),
             ("New York", "Japan"), ("Boston", "Togo"), ("Boston", "Fiji"),
             ("Paris", "France"), ("Paris", "France")]  # fmt: skip
    [finding] = cp.check_geo_mixed("city.city ~ country.country", pairs)
    assert finding.category == "geo_mixed" and finding.message.startswith("3 of 4")
    coherent = [("London", "United Kingdom"), ("London", "United Kingdom"), ("London", "Canada"),
                ("Paris", "France"), ("Paris", "France"), ("Lyon", "France"), ("Lyon", "France"),
                ("Berlin", "Germany"), ("Berlin", "Germany"), ("Rome", "Italy"), ("Rome", "Italy"),
                ("Bern", "Switzerland"), ("Bern", "Switzerland")]  # fmt: skip
    assert cp.check_geo_mixed("c", coherent) == []


def test_the_country_of_a_city_is_found_in_the_row_or_through_a_foreign_key() -> None:
    country = Table("public", "country", [Column("country_id", "int"), Column("country", "text")])
    city = Table("public", "city", [Column("city_id", "int"), Column("city", "text"),
                                    Column("country_id", "int")],
                 [ForeignKey(("country_id",), "public.country", ("country_id",))])  # fmt: skip
    [link] = cp.geo_links(city, _tables(country, city))
    assert link.city == "city" and link.label == "public.country.country"
    assert 'JOIN "public"."country" t1 ON t1."country_id" = t0."country_id"' in link.joins
    names = ("ship_city", "ship_country", "city", "country")
    orders = Table("public", "orders", [Column(n, "text") for n in names])
    links = {(lk.city, lk.label) for lk in cp.geo_links(orders, _tables(orders))}
    assert links == {("ship_city", "public.orders.ship_country"), ("city", "public.orders.country")}


def test_too_few_distinct_places() -> None:
    thin_cities = [f"City {i % 65}" for i in range(600)]
    [finding] = cp.check_geo_thin("city.city", thin_cities, place_table=True)
    assert finding.category == "geo_thin"
    assert cp.check_geo_thin("city.city", [f"City {i}" for i in range(600)], place_table=True) == []
    countries = ["United States"] * 109
    assert cp.check_geo_thin("country.country", countries, place_table=True) != []
    addresses = [f"City {i % 40}" for i in range(2_000)]
    assert cp.check_geo_thin("address.city", addresses, place_table=False) != []
    addresses = [f"City {i % 150}" for i in range(2_000)]
    assert cp.check_geo_thin("address.city", addresses, place_table=False) == []
    assert (
        cp.check_geo_thin("customer.city", ["Paris"] * 50, place_table=False) == []
    )  # too few rows


# -- phones ---------------------------------------------------------------------------


def test_phone_numbers_with_extensions_or_001_prefixes() -> None:
    assert cp.is_phone_column(Column("phone", "text"))
    assert cp.is_phone_column(Column("home_phone", "text"))
    assert cp.is_phone_column(Column("fax", "text"))
    assert not cp.is_phone_column(Column("phone_verified", "bool"))
    values = ["001-364-416-2872x5851", "(555) 123-4567", "+1 202 555 0143", "555.123.4567 ext. 12"]
    findings = cp.check_phones("address.phone", values)
    assert {f.category for f in findings} == {"phone"}
    assert [f.message.split(",")[0] for f in findings] == [
        "2 of 4 numbers have an extension",
        "1 of 4 numbers have an international 001- prefix",
    ]
    assert cp.check_phones("address.phone", ["(555) 123-4567", "+49 30 1234567"]) == []


# -- tsvector -------------------------------------------------------------------------


def test_search_vectors_must_come_from_the_rows_text() -> None:
    vectors = [["dinosaur", "academi"], ["the", "year", "what"], ["goldfing", "ace"]]
    words = [["academy", "academi", "dinosaur", "a", "epic"], ["ace", "goldfinger"],
             ["ace", "goldfing", "astound"]]  # fmt: skip
    [finding] = cp.check_tsvector("film.fulltext", vectors, words)
    assert finding.category == "tsvector" and finding.message.startswith("1 of 3")
    assert (
        cp.check_tsvector("film.fulltext", vectors[:1] + vectors[2:], words[:1] + words[2:]) == []
    )


# -- reporting -------------------------------------------------------------------------


def test_markdown_table_counts_findings_per_category() -> None:
    a = cp.SchemaResult("a", [cp.Finding("flag", "t.c", "x"), cp.Finding("flag", "t.d", "y")])
    b = cp.SchemaResult("b", [cp.Finding("phone", "t.p", "z")])
    assert cp.markdown_table([a, b]).splitlines() == [
        "| schema | flag | phone | total |",
        "|---|---:|---:|---:|",
        "| a | 2 | 0 | 2 |",
        "| b | 0 | 1 | 1 |",
    ]


def test_the_first_error_loses_psqls_file_and_line() -> None:
    stderr = (
        'psql:/tmp/x/pagila.sql:47329: ERROR:  could not create unique index "film_actor_pkey"\n'
        "DETAIL:  Key (actor_id, film_id)=(32, 220) is duplicated.\n"
    )
    assert cp._first_error(stderr) == (
        'ERROR:  could not create unique index "film_actor_pkey" '
        "DETAIL:  Key (actor_id, film_id)=(32, 220) is duplicated."
    )


@pytest.mark.parametrize("category", cp.CATEGORIES)
def test_every_category_is_documented(category: str) -> None:
    assert re.search(rf"^{category} +\S", cp.__doc__ or "", re.MULTILINE), category
