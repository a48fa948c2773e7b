"""Correlated column groups (issue 5): person, address, company and geo columns of a row
agree, for en_US, de_DE, fr_FR, ja_JP and pt_BR, whatever the declaration order, batch
size or number of workers.

The expectations come from outside the generators where possible: Faker's own gendered
name lists, hand-checked facts about a few big cities (state, postal-code prefix,
coordinates) and the countries' bounding boxes. Agreement with the bundled place records
is checked for every row here, and again in SQL by
tests/restore/generators/test_correlated_groups.py.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pgmock.testing import TestHost, column_info, copy_rows, run_generator
from pgmock_builtins import _places
from pgmock_builtins._vec import ascii_slug
from pgmock_sdk import ColumnInfo, parse_type
from pgmock_sdk.pgtypes import PgType, UserType

from clihelp import pgmock
from people_groups import (
    BBOX,
    COUNTRY,
    FACTS,
    LOCALES,
    POSTAL,
    ROWS,
    TLD,
    gendered_names,
    generate_people,
    people_columns,
    person_provider,
)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    return generate_people(tmp_path_factory.mktemp("groups"))


def _table(sql: str, locale: str) -> list[dict[str, str]]:
    names = list(people_columns(locale))
    rows = copy_rows(sql, f"people_{locale.lower()}")
    assert len(rows) == ROWS[locale]
    return [{k: v or "" for k, v in zip(names, row)} for row in rows]


@cache
def _romaji(locale: str, part: str = "") -> dict[str, str]:
    """ja_JP: kanji -> romaji of Faker's name pairs; others: name -> its ASCII form
    (``part`` "last": family names only)."""
    p = person_provider(locale)
    if locale != "ja_JP":
        names = p.last_names if part == "last" else (*p.first_names, *p.last_names)
        return {n: ascii_slug(n) for n in names}
    pairs: tuple[Any, ...] = tuple(p.last_name_pairs)
    if part != "last":
        pairs = (*p.first_name_female_pairs, *p.first_name_male_pairs, *pairs)
    return {k: ascii_slug(r) for k, _, r in pairs}


@cache
def _free_mail(locale: str) -> frozenset[str]:
    module = importlib.import_module(f"faker.providers.internet.{locale}")
    return frozenset(module.Provider.free_email_domains)


def _is_female(label: str) -> bool:
    return label.lower() in ("female", "f", "w")


# --------------------------------------------------------------------------- the checks


@pytest.mark.parametrize("locale", LOCALES)
def test_address_columns_agree_with_one_real_place(
    generated: tuple[Path, str], locale: str
) -> None:
    rows = _table(generated[1], locale)
    places = _places.places(locale)
    assert places is not None
    by_city: dict[tuple[str, str], int] = {
        (str(c), str(s)): i for i, (c, s) in enumerate(zip(places.city, places.state))
    }
    by_name: dict[str, list[int]] = {}
    for i, c in enumerate(places.city.tolist()):
        by_name.setdefault(c, []).append(i)

    def code_ok(record: int, code: str) -> bool:
        value = int(code.replace("-", ""))
        return any(lo <= value <= hi for lo, hi in places.ranges(record))

    country, iso = COUNTRY[locale]
    lat0, lat1, lon0, lon1 = BBOX[locale]
    seen_facts = set()
    for r in rows:
        record = by_city[(r["city"], r["state"])]  # KeyError: a city in the wrong state
        assert re.fullmatch(POSTAL[locale], r["zip"]), r["zip"]
        assert code_ok(record, r["zip"]), (r["city"], r["zip"], places.ranges(record))
        assert r["state_code"] == places.state_code[record]
        assert (r["country"], r["country_code"]) == (country, iso)
        lat, lon = float(r["latitude"]), float(r["longitude"])
        assert lat0 <= lat <= lat1 and lon0 <= lon <= lon1, (r["city"], lat, lon)
        km = _places.distance_km(lat, lon, places.lat[record], places.lon[record])
        assert km <= 10.0, (r["city"], lat, lon, km)
        fact = FACTS[locale].get(r["city"])
        if fact is not None:
            state, postal, flat, flon = fact
            assert r["state"] == state and re.fullmatch(postal, r["zip"]), r
            assert _places.distance_km(lat, lon, flat, flon) <= 12.0, r
            seen_facts.add(r["city"])
        # the billing address is a group of its own, and agrees within itself
        billing = by_name[r["billing_city"]]
        assert any(code_ok(b, r["billing_zip"]) for b in billing), r
        blat = float(r["billing_lat"])
        assert any(abs(blat - places.lat[b]) < 0.1 for b in billing), r
    assert seen_facts == set(FACTS[locale]), "the biggest cities must show up"
    same = sum(r["city"] == r["billing_city"] for r in rows) / len(rows)
    assert same < 0.5, f"billing and home addresses are not independent ({same:.0%})"
    assert len({r["city"] for r in rows}) >= 30


@pytest.mark.parametrize("locale", LOCALES)
def test_person_columns_agree(generated: tuple[Path, str], locale: str) -> None:
    rows = _table(generated[1], locale)
    female, male = gendered_names(locale)
    romaji = _romaji(locale)
    women = 0
    for r in rows:
        is_female = _is_female(r["gender"])
        women += is_female
        assert r["first_name"] in (female if is_female else male), (r["gender"], r)
        first, last = r["first_name"], r["last_name"]
        expected = f"{last} {first}" if locale == "ja_JP" else f"{first} {last}"
        assert r["name"] == expected
        f_ascii, l_ascii = romaji[first], romaji[last]
        for ident in (r["email"].split("@")[0], r["username"]):
            # first.last, firstlast, flast, first_last or first + digits
            assert ident.startswith((f_ascii, f_ascii[0] + l_ascii)), (ident, first, last)
    assert 0.4 < women / len(rows) < 0.6
    gender_labels = {r["gender"] for r in rows}
    assert gender_labels == {"de_DE": {"w", "m"}, "fr_FR": {"F", "M"}}.get(
        locale, {"female", "male"}
    )
    assert len({r["email"] for r in rows}) == len(rows)


@pytest.mark.parametrize("locale", LOCALES)
def test_company_domain_and_emails_agree(generated: tuple[Path, str], locale: str) -> None:
    rows = _table(generated[1], locale)
    family = _romaji(locale, "last")
    free = _free_mail(locale)
    at_company = 0
    for r in rows:
        domain = r["domain"]
        assert domain.endswith(TLD[locale]) and domain.isascii(), domain
        label = domain[: -len(TLD[locale])]
        if locale == "ja_JP":  # 株式会社佐藤建設 → sato-kensetsu
            assert any(
                label.startswith(rom + "-") for k, rom in family.items() if k in r["company"]
            ), (r["company"], domain)
        else:
            spelled = ascii_slug(r["company"])
            assert all(part and part in spelled for part in label.split("-")), (r, domain)
        host = r["website"].removeprefix("https://").removeprefix("www.").split("/")[0]
        assert host == domain, (r["website"], domain)
        assert r["work_email"].endswith("@" + domain)
        mail_domain = r["email"].split("@")[1]
        if mail_domain not in free:
            assert mail_domain == domain, (r["email"], domain)
            at_company += 1
    # free_mail_ratio 0.6: the rest are at the company's domain
    assert 0.3 < at_company / len(rows) < 0.5


def test_workers_do_not_change_the_output(generated: tuple[Path, str], tmp_path: Path) -> None:
    schema, serial = generated
    out = tmp_path / "jobs2.sql"
    pgmock("generate", str(schema), "--jobs", "2", "-f", str(out))
    assert out.read_text() == serial


# --------------------------------------------------------------------------- SDK level


@cache
def _host() -> TestHost:
    return TestHost()


def _values(
    generator: str,
    name: str,
    n: int,
    *,
    type: str = "text",
    locale: str = "de_DE",
    offset: int = 0,
    params: dict[str, Any] | None = None,
    seed: int = 4,
) -> list[Any]:
    info = column_info(type, name=name, table="t", seed=seed, row_count=100_000)
    info = dataclasses.replace(info, locale=locale)
    cls = _host().generator(generator)
    out = run_generator(cls, n, seed=seed + offset, params=params, column=info, offset=offset)
    return out.tolist() if isinstance(out, np.ndarray) else list(out)


@pytest.mark.parametrize(
    "generator",
    ["faker.first_name", "faker.gender", "faker.city", "faker.postal_code", "faker.company",
     "faker.latitude", "faker.full_name", "faker.domain"],
)  # fmt: skip
def test_group_values_do_not_depend_on_batches(generator: str) -> None:
    """Row i gets the same value whether it is generated in batches of 5000, 777 or 1000."""
    typ = "float8" if generator == "faker.latitude" else "text"
    whole = _values(generator, "c", 5000, type=typ)
    for size in (777, 1000):
        parts: list[Any] = []
        for offset in range(0, 5000, size):
            parts += _values(generator, "c", min(size, 5000 - offset), type=typ, offset=offset)
        assert parts == whole, size


def test_columns_of_one_table_agree_through_the_sdk() -> None:
    """The SDK's column_info gives every column of a table the same table key."""
    first = _values("faker.first_name", "first_name", 3000, locale="pt_BR")
    gender = _values("faker.gender", "gender", 3000, locale="pt_BR")
    female, male = gendered_names("pt_BR")
    assert all(f in (female if g == "female" else male) for f, g in zip(first, gender))
    city = _values("faker.city", "city", 3000, locale="pt_BR")
    lat = _values("faker.latitude", "lat", 3000, type="float8", locale="pt_BR")
    facts = FACTS["pt_BR"]
    assert all(abs(la - facts[c][2]) < 0.1 for c, la in zip(city, lat) if c in facts)
    # another group, or another table, is independent
    other = _values("faker.city", "city", 3000, locale="pt_BR", params={"group": "shipping"})
    assert sum(a == b for a, b in zip(city, other)) < 1500


def test_female_ratio_and_labels() -> None:
    params = {"female_ratio": 0.8, "labels": ["W", "M"]}
    gender = _values("faker.gender", "sex", 4000, locale="en_US", params=params)
    first = _values("faker.first_name", "fn", 4000, locale="en_US", params={"female_ratio": 0.8})
    assert set(gender) == {"W", "M"}
    assert 0.75 < gender.count("W") / 4000 < 0.85
    female, male = gendered_names("en_US")
    assert all(f in (female if g == "W" else male) for f, g in zip(first, gender))


def _enum(*labels: str) -> PgType:
    return PgType("sex", user=UserType("public", "sex", "enum", labels))


def test_gender_fits_enums_with_gender_labels_only() -> None:
    cls = _host().generator("faker.gender")
    assert cls.accepts(_enum("male", "female"))
    assert cls.accepts(_enum("M", "F", "X"))
    assert cls.accepts(_enum("weiblich", "männlich", "divers"))
    assert not cls.accepts(_enum("red", "green"))
    assert cls.accepts(parse_type('"char"')) and cls.accepts(parse_type("varchar(6)"))
    info = ColumnInfo("public", "t", "sex", _enum("M", "F", "X"), table_key=5)
    values = run_generator(cls, 500, column=info)
    assert set(values) == {"M", "F"}
    with pytest.raises(ValueError, match="not labels of sex"):
        cls(cls.Params.model_validate({"labels": ["f", "m"]}), info)
    char1 = ColumnInfo("public", "t", "g", parse_type("char(1)"), table_key=5)
    assert set(run_generator(cls, 200, column=char1)) == {"F", "M"}


def test_short_columns_and_small_numerics_fail_clearly() -> None:
    lon = _host().generator("faker.longitude")
    info = ColumnInfo("public", "t", "lon", parse_type("numeric(8,6)"))
    with pytest.raises(ValueError, match=r"numeric\(8,6\) cannot hold longitudes"):
        lon(lon.Params(), info)
    postal = _host().generator("faker.postal_code")
    short = ColumnInfo("public", "t", "zip", parse_type("varchar(6)"), locale="ja_JP")
    with pytest.raises(ValueError, match="too short for postal codes"):
        postal(postal.Params(), short)
    # seven characters: the Japanese code without its dash
    seven = ColumnInfo("public", "t", "zip", parse_type("varchar(7)"), locale="ja_JP")
    assert all(re.fullmatch(r"\d{7}", v) for v in run_generator(postal, 300, column=seven))


@pytest.mark.parametrize(
    ("column", "type_name", "expected"),
    [
        ("gender", "text", "faker.gender"),
        ("sex", "char(1)", "faker.gender"),
        ("customer_gender", "varchar(10)", "faker.gender"),
        ("lat", "float8", "faker.latitude"),
        ("latitude", "numeric(9,6)", "faker.latitude"),
        ("pickup_lat", "float4", "faker.latitude"),
        ("lng", "float8", "faker.longitude"),
        ("lon", "float8", "faker.longitude"),
        ("longitude", "numeric(10,6)", "faker.longitude"),
        ("state_code", "char(2)", "faker.state"),
    ],
)
def test_inference_by_column_name(column: str, type_name: str, expected: str) -> None:
    from pgmock.schema.generators import infer_generator

    entry = infer_generator(_host().registry, column, parse_type(type_name))
    assert entry is not None and entry.qualified == expected


def test_role_prefixes_make_separate_address_groups() -> None:
    city = _values("faker.city", "city", 2000)
    home = _values("faker.city", "home_city", 2000)
    billing = _values("faker.city", "billing_city", 2000)
    billing_zip = _values("faker.postal_code", "billing_zip", 2000)
    places = _places.places("de_DE")
    assert places is not None
    index = {c: i for i, c in enumerate(places.city.tolist())}
    assert all(
        any(lo <= int(z) <= hi for lo, hi in places.ranges(index[c]))
        for c, z in zip(billing, billing_zip)
    )
    assert sum(a == b for a, b in zip(city, billing)) < 1000
    assert sum(a == b for a, b in zip(home, billing)) < 1000


def test_locales_without_bundled_places_keep_fakers_vocabularies() -> None:
    city = _values("faker.city", "city", 500, locale="it_IT")
    assert len(set(city)) > 100  # Faker's invented Italian towns, not a short list
    lat = _values("faker.latitude", "lat", 500, type="float8", locale="it_IT")
    lon = _values("faker.longitude", "lon", 500, type="float8", locale="it_IT")
    assert all(35.0 < a < 47.5 and 6.0 < b < 19.0 for a, b in zip(lat, lon))  # Italy
    country = _values("faker.country", "country", 500, locale="it_IT")
    assert len(set(country)) > 50
    # the bundled locales' country is the address group's, unless asked otherwise
    assert set(_values("faker.country", "country", 500)) == {"Deutschland"}
    world = _values("faker.country", "country", 500, params={"world": True})
    assert len(set(world)) > 50


def test_validate_reports_person_columns_whose_female_ratio_differ(tmp_path: Path) -> None:
    """The ratio decides which rows are women, so the columns of a person group must share
    it; they cannot see each other's params, so pgmock validate compares them."""
    columns = {
        "gender": {"type": "text", "generator": "gender", "params": {"female_ratio": 0.7}},
        "first_name": {"type": "text"},  # the default, 0.5
        "email": {"type": "text", "generator": "email", "params": {"female_ratio": 0.7}},
        "last_name": {"type": "text", "params": {"female_ratio": 0.6}},
        # another group may have its own ratio
        "manager": {"type": "text", "generator": "full_name", "params": {"group": "m"}},
    }
    schema = {"version": "1.0", "tables": {"t": {"rowCount": 10, "columns": columns}}}
    path = tmp_path / "ratio.json"
    path.write_text(json.dumps(schema))
    proc = pgmock("validate", str(path), check=False)
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert (
        f"{path}: tables.t.columns.first_name.params.female_ratio: female_ratio is 0.5 (the "
        "default) here but 0.7 in column gender of the same group 'person'" in err
    ), err
    assert "tables.t.columns.last_name.params.female_ratio: female_ratio is 0.6 here" in err
    assert "2 problems found" in err, err
    # the same ratio everywhere: valid
    for spec in columns.values():
        if spec.get("generator") != "full_name":
            spec["params"] = {"female_ratio": 0.7}
    path.write_text(json.dumps(schema))
    proc = pgmock("validate", str(path), check=False)
    assert proc.returncode == 0, proc.stderr.decode()
