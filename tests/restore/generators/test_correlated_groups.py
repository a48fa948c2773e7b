"""Correlated column groups (issue 5): a real PostgreSQL confirms that the columns of every
row agree, with CHECK constraints during the restore and SQL queries afterwards.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pgmock_builtins import _places

from people_groups import COUNTRY, LOCALES, ROWS, gendered_names, generate_people
from pgharness import PgCluster


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    return generate_people(tmp_path_factory.mktemp("groups"))


def test_agreement_confirmed_by_postgresql(
    generated: tuple[Path, str], pg: PgCluster, pgdb: str
) -> None:
    """The CHECK constraints of every table run in PostgreSQL during the restore; then SQL
    queries count the rows that would break agreement."""
    pg.psql("-q", "-c", _sql_functions(), db=pgdb)
    pg.restore_plain(generated[1].encode("utf-8"), pgdb)
    for loc in LOCALES:
        table = f"people_{loc.lower()}"
        assert pg.scalar(f"SELECT count(*) FROM {table}", pgdb) == str(ROWS[loc])
        bad = pg.scalar(
            f"""SELECT count(*) FROM {table} t
                LEFT JOIN (VALUES {_values_records(loc)}) AS v(city, state, lo, hi)
                  ON v.city = t.city AND v.state = t.state
                 AND replace(t.zip, '-', '')::int BETWEEN v.lo AND v.hi
                WHERE v.city IS NULL
                   OR t.name <> CASE WHEN '{loc}' = 'ja_JP'
                                     THEN t.last_name || ' ' || t.first_name
                                     ELSE t.first_name || ' ' || t.last_name END
                   OR substring(t.website FROM '^https://(?:www\\.)?([^/]+)/') <> t.domain
                   OR t.country_code <> '{COUNTRY[loc][1]}'""",
            pgdb,
        )
        assert bad == "0", loc
    # the constraints really are there (and would refuse a disagreeing row)
    fails = pg.psql(
        "-c",
        "INSERT INTO people_de_de (city, state, zip, first_name, gender, latitude, longitude,"
        " billing_city, billing_zip, work_email, domain)"
        " VALUES ('Berlin', 'Bayern', '10115', 'Anna', 'w', 52.5, 13.4, 'Berlin', '10115',"
        " 'a@b.de', 'b.de')",
        db=pgdb,
        check=False,
    )
    assert fails.returncode != 0 and b"check constraint" in fails.stderr


def _values_records(locale: str) -> str:
    places = _places.places(locale)
    assert places is not None
    out = []
    for i, (city, state) in enumerate(zip(places.city.tolist(), places.state.tolist())):
        for lo, hi in places.ranges(i):
            out.append(f"({_lit(city)}, {_lit(state)}, {lo}, {hi})")
    return ", ".join(out)


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _sql_functions() -> str:
    """Reference tables (the bundled records; Faker's gendered names) and the functions
    the CHECK constraints call. (A CHECK may not hold a subquery, a function may; they
    are declared immutable because the reference tables never change.)"""
    records = ", ".join(_values_records(loc) for loc in LOCALES)
    names = set()
    for loc in LOCALES:
        female, male = gendered_names(loc)
        names |= {f"({_lit(n)}, true)" for n in female} | {f"({_lit(n)}, false)" for n in male}
    return f"""
CREATE TABLE public.ref_places (city text, state text, lo int, hi int);
INSERT INTO public.ref_places VALUES {records};
CREATE INDEX ON public.ref_places (city);
CREATE TABLE public.ref_names (name text, female bool, PRIMARY KEY (name, female));
INSERT INTO public.ref_names VALUES {", ".join(sorted(names))};
CREATE FUNCTION public.place_ok(city text, state text, zip text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT EXISTS (SELECT 1 FROM public.ref_places v
                 WHERE v.city = $1 AND ($2 IS NULL OR v.state = $2)
                   AND replace($3, '-', '')::int BETWEEN v.lo AND v.hi)
$$;
CREATE FUNCTION public.first_name_ok(name text, gender text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT EXISTS (SELECT 1 FROM public.ref_names v
                 WHERE v.name = $1 AND v.female = (lower($2) IN ('female', 'f', 'w')))
$$;
"""
