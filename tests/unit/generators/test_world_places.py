"""Lists of countries and cities: distinct rows, real cities of the parent row's country,
and phone numbers in the locale's national forms."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from pgmock.generate.engine import Engine
from pgmock.generate.plan import make_plan
from pgmock.plugins.host import PluginHost, make_host
from pgmock.schema import resolve_schema
from pgmock_builtins import _world
from pgmock_builtins.faker_gen import phone_formats

from generator_setup import as_list, gen, make


@cache
def _host() -> PluginHost:
    return make_host(())


def _generate(tables: dict[str, Any], seed: int = 4) -> dict[str, dict[str, list[Any]]]:
    raw = {"version": "1.0", "seed": seed, "tables": tables}
    schema = resolve_schema(raw, {}, ["w.json"], _host().registry)
    out: dict[str, dict[str, list[Any]]] = {}
    with Engine(make_plan(schema)) as engine:
        for key in schema.tables:
            chunks = [engine.generate_chunk(key, i) for i in range(len(engine.plan.chunks(key)))]
            out[key] = {c: [v for ch in chunks for v in ch[c]] for c in chunks[0]}
    return out


PAGILA_LIKE = {
    "country": {
        "rowCount": 109,
        "columns": {
            "country_id": {"type": "serial", "primaryKey": True},
            "country": {"type": "varchar(50)"},
        },
    },
    "city": {
        "rowCount": 600,
        "columns": {
            "city_id": {"type": "serial", "primaryKey": True},
            "city": {"type": "varchar(50)"},
            "country_id": {"type": "smallint", "references": "country.country_id"},
        },
    },
}


def test_a_country_table_lists_distinct_countries() -> None:
    rows = _generate(PAGILA_LIKE)["country"]["country"]
    assert len(set(rows)) == 109
    w = _world.world()
    assert (w.country_of(rows) >= 0).all()


def test_cities_lie_in_their_parent_rows_country() -> None:
    data = _generate(PAGILA_LIKE)
    countries = data["country"]["country"]
    w = _world.world()
    country_of_city = {}
    for i, name in enumerate(w.city_name.tolist()):
        country_of_city.setdefault(name, set()).add(int(w.city_country[i]))
    wrong = 0
    for city, country_id in zip(data["city"]["city"], data["city"]["country_id"]):
        country = w.country_of([countries[int(country_id) - 1]])[0]
        if w.count[country] and country not in country_of_city.get(city, set()):
            wrong += 1
    assert wrong == 0
    # many distinct names, not a few big cities over and over
    assert len(set(data["city"]["city"])) > 300


def test_a_territory_without_cities_is_its_own_place() -> None:
    # every country of the world, so the uninhabited ones (Bouvet Island …) are among them
    total = len(_world.world().country_name)
    tables = {
        "country": {**PAGILA_LIKE["country"], "rowCount": total},
        "address": {
            "rowCount": 3000,
            "columns": {
                "id": {"type": "serial"},
                "city": {"type": "text"},
                "country_id": {"type": "int4", "references": "country.country_id"},
            },
        },
    }
    data = _generate(tables)
    countries, w = data["country"]["country"], _world.world()
    bare = 0
    for city, country_id in zip(data["address"]["city"], data["address"]["country_id"]):
        country = int(w.country_of([countries[int(country_id) - 1]])[0])
        if w.count[country]:
            assert w.city_country[w.city_name == city].tolist().count(country) > 0, city
        else:
            assert city == countries[int(country_id) - 1]
            bare += 1
    assert bare > 0


def test_unique_countries_and_cities_validate() -> None:
    tables = {
        "countries": {
            "rowCount": 200,
            "columns": {
                "id": {"type": "serial", "primaryKey": True},
                "name": {"type": "text", "unique": True},
                "iso": {"type": "char(2)", "unique": True},
            },
        },
        "cities": {
            "rowCount": 2000,
            "columns": {
                "id": {"type": "serial", "primaryKey": True},
                "name": {"type": "text", "unique": True},
                "country": {"type": "text"},
            },
        },
    }
    data = _generate(tables)
    names, codes = data["countries"]["name"], data["countries"]["iso"]
    assert len(set(names)) == 200 and len(set(codes)) == 200
    w = _world.world()
    # a row's name and code are one country
    assert (w.country_of(names) == w.country_of(codes)).all()
    cities = data["cities"]
    assert len(set(cities["name"])) == 2000
    # the country column names the row's city's country
    where: dict[str, set[str]] = {}
    for i, name in enumerate(w.city_name.tolist()):
        where.setdefault(name, set()).add(str(w.country_name[w.city_country[i]]))
    assert all(k in where[c] for c, k in zip(cities["name"], cities["country"]))


def test_phone_numbers_are_national_without_extensions() -> None:
    data = _generate(
        {
            "customers": {
                "rowCount": 3000,
                "columns": {
                    "id": {"type": "serial", "primaryKey": True},
                    "phone": {"type": "varchar(24)"},
                    "fax": {"type": "text", "generator": "phone", "params": {"format": "e164"}},
                },
            }
        }
    )["customers"]
    assert not [p for p in data["phone"] if re.search(r"x|^001|^\+", p)]
    assert all(re.fullmatch(r"\+1[2-9]\d{9}", p) for p in data["fax"])


def test_phone_forms_per_locale() -> None:
    for locale in ("en_US", "de_DE", "fr_FR", "ja_JP", "pt_BR", "en_GB"):
        national = [t for t, _ in phone_formats(locale, "national")]
        assert national and not [t for t in national if t.startswith("+") or "x" in t]
        e164 = [t for t, _ in phone_formats(locale, "e164")]
        assert all(re.fullmatch(r"\+\d{1,3}[0-9#%$!@]+", t) for t in e164), (locale, e164[:3])


def test_second_address_lines_are_apartments_and_suites() -> None:
    got = as_list(gen(make("secondary_address", "varchar(50)"), 500))
    assert all(re.fullmatch(r"(Apt\.|Suite) [1-9]\d\d", v) for v in got), got[:5]
    assert len(set(got)) > 100
    uk = make("secondary_address", "text", locale="en_GB")
    assert all(re.fullmatch(r"(Flat|Studio) [1-9]\d?[A-Z]?", v) for v in as_list(gen(uk, 200)))
