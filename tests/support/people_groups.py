"""The people of five locales whose person, address, company and geo columns must agree.

``people_schema()`` is one table per locale (with CHECKs calling SQL functions the
restore test creates); ``generate_people`` writes and generates it. The reference data
(countries, postal codes, bounding boxes, hand-checked city facts, Faker's gendered
names) comes from outside the generators. Used by
tests/{unit,restore}/generators/test_correlated_groups.py.
"""

from __future__ import annotations

import importlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from clihelp import pgmock

LOCALES = ("en_US", "de_DE", "fr_FR", "ja_JP", "pt_BR")
# en_US spans two chunks of 10,000 rows, so --jobs 2 really splits the work
ROWS = {"en_US": 12_000, "de_DE": 2000, "fr_FR": 2000, "ja_JP": 2000, "pt_BR": 2000}
SEED = 11

COUNTRY = {
    "en_US": ("United States", "US"),
    "de_DE": ("Deutschland", "DE"),
    "fr_FR": ("France", "FR"),
    "ja_JP": ("日本", "JP"),
    "pt_BR": ("Brasil", "BR"),
}
POSTAL = {
    "en_US": r"\d{5}",
    "de_DE": r"\d{5}",
    "fr_FR": r"(0[1-9]|[1-8]\d|9[0-5])\d{3}",  # a département first
    "ja_JP": r"\d{3}-\d{4}",
    "pt_BR": r"\d{5}-\d{3}",
}
TLD = {"en_US": ".com", "de_DE": ".de", "fr_FR": ".fr", "ja_JP": ".co.jp", "pt_BR": ".com.br"}
# (lat min, lat max, lon min, lon max), territory included (Alaska, Hawaii, Corsica,
# Okinawa, Brazil's Atlantic islands)
BBOX = {
    "en_US": (18.9, 71.4, -179.2, -66.9),
    "de_DE": (47.27, 55.06, 5.87, 15.04),
    "fr_FR": (41.33, 51.09, -5.14, 9.56),
    "ja_JP": (20.4, 45.6, 122.9, 154.0),
    "pt_BR": (-33.8, 5.3, -74.0, -28.8),
}
# city -> (state, postal code pattern, latitude, longitude): facts checked by hand
FACTS: dict[str, dict[str, tuple[str, str, float, float]]] = {
    "en_US": {
        "New York": ("New York", r"10[0-2]\d\d", 40.713, -74.006),
        "Chicago": ("Illinois", r"606\d\d", 41.878, -87.630),
        "Los Angeles": ("California", r"900\d\d", 34.052, -118.244),
    },
    "de_DE": {
        "Berlin": ("Berlin", r"1[0-4]\d{3}", 52.520, 13.405),
        "München": ("Bayern", r"8[01]\d{3}", 48.135, 11.582),
        "Köln": ("Nordrhein-Westfalen", r"5[01]\d{3}", 50.938, 6.960),
        "Hamburg": ("Hamburg", r"2[0-2]\d{3}", 53.551, 9.994),
    },
    "fr_FR": {
        "Paris": ("Île-de-France", r"75\d{3}", 48.857, 2.352),
        "Marseille": ("Provence-Alpes-Côte d'Azur", r"130\d\d", 43.297, 5.370),
        "Lyon": ("Auvergne-Rhône-Alpes", r"6900\d", 45.764, 4.836),
    },
    "ja_JP": {
        "新宿区": ("東京都", r"16\d-\d{4}", 35.694, 139.703),
        "大阪市": ("大阪府", r"5[3-5]\d-\d{4}", 34.694, 135.502),
        "札幌市": ("北海道", r"0[06]\d-\d{4}", 43.062, 141.354),
    },
    "pt_BR": {
        "São Paulo": ("São Paulo", r"0[0-8]\d{3}-\d{3}", -23.551, -46.633),
        "Rio de Janeiro": ("Rio de Janeiro", r"2[0-3]\d{3}-\d{3}", -22.907, -43.173),
        "Brasília": ("Distrito Federal", r"7[0-3]\d{3}-\d{3}", -15.794, -47.883),
    },
}


def people_columns(locale: str) -> dict[str, Any]:
    gender: dict[str, Any] = {"type": "text"}
    if locale == "de_DE":
        gender = {"type": "geschlecht"}  # an enum: w, m, d
    elif locale == "fr_FR":
        gender = {"type": "char(1)"}  # F/M
    cols: dict[str, Any] = {
        "id": {"type": "serial", "primaryKey": True},
        # e-mail and user name first: they still follow the names declared after them
        "email": {"type": "varchar(120)", "unique": True},
        "username": {"type": "varchar(40)", "unique": True},
        "first_name": {"type": "text"},
        "last_name": {"type": "text"},
        "name": {"type": "text"},
        "gender": gender,
        "company": {"type": "text"},
        "website": {"type": "text"},
        "domain": {"type": "text"},
        "work_email": {"type": "text"},
        "street": {"type": "text"},
        "city": {"type": "text"},
        "state": {"type": "text"},
        "state_code": {"type": "varchar(3)"},
        "zip": {"type": "varchar(10)"},
        "country": {"type": "text"},
        "country_code": {"type": "char(2)"},
        "latitude": {"type": "float8"},
        "longitude": {"type": "numeric(9,6)"},
        "billing_city": {"type": "text"},
        "billing_zip": {"type": "varchar(10)"},
        "billing_lat": {"type": "float4"},
    }
    for spec in cols.values():
        if spec["type"] != "serial":
            spec["locale"] = locale
    return cols


def people_schema() -> dict[str, Any]:
    tables = {}
    for loc in LOCALES:
        lat0, lat1, lon0, lon1 = BBOX[loc]
        tables[f"people_{loc.lower()}"] = {
            "rowCount": ROWS[loc],
            "columns": people_columns(loc),
            "checks": [
                "public.place_ok(city, state, zip)",
                "public.place_ok(billing_city, NULL, billing_zip)",
                "public.first_name_ok(first_name, gender::text)",
                f"latitude BETWEEN {lat0} AND {lat1} AND longitude BETWEEN {lon0} AND {lon1}",
                "split_part(work_email, '@', 2) = domain",
            ],
        }
    return {
        "version": "1.0",
        "seed": SEED,
        "types": {"geschlecht": {"enum": ["w", "m", "d"]}},
        "tables": tables,
    }


def generate_people(tmp: Path) -> tuple[Path, str]:
    """The people schema written to *tmp* and its plain output (one worker)."""
    schema = tmp / "people.json"
    schema.write_text(json.dumps(people_schema()))
    out = tmp / "people.sql"
    pgmock("generate", str(schema), "-f", str(out))
    return schema, out.read_text()


# --------------------------------------------------------------------------- reference data


@cache
def person_provider(locale: str) -> Any:
    return importlib.import_module(f"faker.providers.person.{locale}").Provider


@cache
def gendered_names(locale: str) -> tuple[frozenset[str], frozenset[str]]:
    """Faker's female and male given names (kanji for ja_JP)."""
    p = person_provider(locale)
    return frozenset(p.first_names_female), frozenset(p.first_names_male)
