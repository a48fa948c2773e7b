"""Strangers' DDLs with no hints — a SaaS's customers, homes for sale, timesheets —
restored and queried. Each assertion is something pgmock got wrong before: every
customer in the United States and no VAT number anywhere, sale prices unrelated to the
asking price, bedrooms on a plot of land, time booked on projects that had ended before
the employee was hired. (Subscriptions: test_stranger_ddl.py's billing schema.)"""

from __future__ import annotations

from pathlib import Path

from pgmock_builtins._vat_formats import VAT_FORMATS

from pgharness import PgCluster
from pgtools import restore_ddl

CUSTOMERS = """
CREATE TABLE customers (
  id bigserial PRIMARY KEY,
  company_name text NOT NULL,
  email text NOT NULL,
  country char(2) NOT NULL,
  vat_number varchar(20),
  created_at timestamptz NOT NULL DEFAULT now()
);
"""

HOMES = """
CREATE TABLE agents (id serial PRIMARY KEY, name text NOT NULL, email text);
CREATE TABLE listings (
  id serial PRIMARY KEY,
  agent_id integer NOT NULL REFERENCES agents(id),
  address text NOT NULL,
  city text,
  property_type text NOT NULL CHECK (property_type IN ('house', 'condo', 'townhouse', 'land')),
  bedrooms integer,
  bathrooms numeric(3,1) NOT NULL,
  list_price numeric(12,2) NOT NULL,
  listed_at date NOT NULL
);
CREATE TABLE sales (
  id serial PRIMARY KEY,
  listing_id integer NOT NULL REFERENCES listings(id),
  sold_price numeric(12,2) NOT NULL,
  sold_at date NOT NULL
);
"""

TIMESHEETS = """
CREATE TABLE employees (
  id serial PRIMARY KEY,
  first_name text NOT NULL,
  last_name text NOT NULL,
  hire_date date NOT NULL
);
CREATE TABLE projects (
  id serial PRIMARY KEY,
  name text NOT NULL,
  start_date date NOT NULL,
  end_date date
);
CREATE TABLE timesheets (
  id serial PRIMARY KEY,
  employee_id integer NOT NULL REFERENCES employees(id),
  project_id integer NOT NULL REFERENCES projects(id),
  work_date date NOT NULL,
  hours numeric(4,2) NOT NULL
);
"""


def _counts(pg: PgCluster, db: str, select: str) -> list[int]:
    """The counts ``SELECT {select}`` gives, in order."""
    return [int(v) for v in pg.query(f"SELECT {select}", db)[0]]


def test_customers_with_only_a_country_come_from_many(
    pg: PgCluster, pgdb: str, tmp_path: Path
) -> None:
    restore_ddl(pg, pgdb, tmp_path, "customers", CUSTOMERS)
    rows = pg.query("SELECT country, vat_number FROM customers", pgdb)
    countries = [c for c, _ in rows]
    assert len(set(countries)) >= 30
    assert 0.2 < countries.count("US") / len(rows) < 0.45
    for country, vat in rows:
        assert (vat is None) == (country not in VAT_FORMATS), (country, vat)
        assert vat is None or vat[:2] == VAT_FORMATS[country][:2], (country, vat)


def test_homes_sell_near_their_price_and_land_has_no_rooms(
    pg: PgCluster, pgdb: str, tmp_path: Path
) -> None:
    restore_ddl(pg, pgdb, tmp_path, "homes", HOMES)
    low, high = map(float, pg.query(
        "SELECT min(s.sold_price / l.list_price), max(s.sold_price / l.list_price)"
        " FROM sales s JOIN listings l ON l.id = s.listing_id", pgdb)[0])  # fmt: skip
    assert low >= 0.9 and high <= 1.05, (low, high)
    land, roomy, bare_baths = _counts(pg, pgdb,
        "count(*) FILTER (WHERE property_type = 'land'),"
        " count(*) FILTER (WHERE property_type = 'land' AND bedrooms IS NOT NULL),"
        " count(*) FILTER (WHERE property_type = 'land' AND bathrooms <> 0)"
        " FROM listings")  # fmt: skip
    assert land > 0 and roomy == 0 and bare_baths == 0


def test_time_is_booked_on_projects_the_employee_was_there_for(
    pg: PgCluster, pgdb: str, tmp_path: Path
) -> None:
    restore_ddl(pg, pgdb, tmp_path, "timesheets", TIMESHEETS)
    outside, entries = _counts(pg, pgdb,
        "count(*) FILTER (WHERE t.work_date < e.hire_date OR t.work_date < p.start_date"
        "   OR t.work_date > p.end_date), count(*)"
        " FROM timesheets t JOIN employees e ON e.id = t.employee_id"
        " JOIN projects p ON p.id = t.project_id"
        " WHERE e.hire_date <= (SELECT max(coalesce(end_date, 'infinity')) FROM projects)",
    )  # fmt: skip
    assert entries > 0 and outside == 0, (outside, entries)
