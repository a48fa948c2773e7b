#!/usr/bin/env python3
"""Plausibility checks of the data pgmock generates for a schema.

Usage::

    python tests/corpus/check_plausibility.py tests/corpus/*/schema.json [--markdown]

For each schema.json the script runs ``pgmock generate`` twice (plain SQL and
``-Fc``), restores both into a throwaway PostgreSQL cluster (tests/support/pgharness.py),
compares their row counts, then reads the plain restore back and runs the
checks below. It prints one line per finding (``schema: category: place:
what``), a summary with the count per category, and exits 1 when anything was
found (2 for a usage error of this script). It never changes a schema file.

A schema that pgmock rejects gives a ``rejected`` finding per problem;
``--drop-unique`` measures such a schema's data anyway, generating a copy
without its UNIQUE constraints and unique indexes (primary keys stay). A dump
that does not restore is a ``restore`` finding; the checks then run on a dump
generated again with ``--no-constraints --no-indexes`` (the same data: those
flags leave out DDL, not rows), so the plausibility figures are still measured.

Checks read at most ``--sample`` rows per table (default 50,000, in the table's
physical order, which is generation order). What each category flags:

============= ===================================================================
category      finding
============= ===================================================================
rejected      ``pgmock generate`` refused the schema (its messages are the finding)
restore       a format did not restore with ON_ERROR_STOP / ``pg_restore -e``, or
              the plain and custom restores hold different row counts
person_name   a ``name``/``title``-like column of a table that is not about people
              (:data:`PERSON_TABLE_WORDS`) holds values that read "First Last",
              judged with Faker's first/last-name vocabularies
              (:data:`NAME_LOCALES`): at least :data:`PERSON_NAME_MIN_SHARE` of
              the distinct values and at least 3 of them
year          a year column outside its rule's bounds (:data:`RANGE_RULES`;
              release years 1900 … current year + 1)
duration      durations and lengths outside their rule's bounds (film length
              1–300 min, rental duration 1–60 days, track length, hours …)
flag          an integer flag (``active``, ``is_*``, ``has_*``, ``*_flag`` …,
              :data:`FLAG_COLUMN`) holding values other than 0 and 1
amount        money, rates and percentages outside their rule's bounds for the
              table's context (a film's rental rate, a payment for a rental, a
              track's unit price, a tax rate as a fraction …)
measure       other magnitudes: quantities, stock counts, sizes in bytes,
              weights, distances, counters
lifecycle     within a row, a later stage before an earlier one
              (:data:`ORDERED_STAGES`, column names mapped to stages by
              :data:`STAGE_WORDS`): created ≤ updated/deleted/closed,
              start ≤ end, rental ≤ return, ordered ≤ paid ≤ shipped ≤ delivered,
              issued ≤ due, check-in ≤ check-out, hired ≤ terminated,
              birth ≤ death, birth + 14 years ≤ hired, departure ≤ arrival …
array_repeat  a set-like array (text, enum or ``*_ids`` elements) with an element
              repeated within one value
geo_mixed     city names that appear with several countries (same row, or the
              country reached through a foreign key): more than
              :data:`GEO_MIXED_MAX_SHARE` of the repeated city names, and at
              least 3 of them
geo_thin      too few distinct places: a city, state or country table whose names
              repeat (under :data:`GEO_TABLE_MIN_DISTINCT` distinct), or a city
              column elsewhere with fewer distinct values than
              :data:`GEO_COLUMN_MIN_DISTINCT` × min(rows, 2000)
phone         phone/fax numbers with an extension (``x123``) or an international
              ``001-`` prefix
tsvector      a ``tsvector`` column whose lexemes are mostly not words of the
              row's own text columns (``to_tsvector('simple'|'english', …)``), in
              more than :data:`TSVECTOR_MAX_UNRELATED` of the rows
============= ===================================================================

The rules are data (the tables below), so the same rules can be read, tested
and extended in one place; the unit tests in tests/unit/schema/test_corpus_checks.py pin
each check with a hand-made case.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import functools
import importlib
import json
import math
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

_SUPPORT_DIR = Path(__file__).resolve().parent.parent / "support"
if str(_SUPPORT_DIR) not in sys.path:
    sys.path.insert(0, str(_SUPPORT_DIR))

from pgharness import PgCluster, PsqlError  # noqa: E402

CURRENT_YEAR: Final = _dt.date.today().year
DAY: Final = 86_400.0
YEAR: Final = 365.25 * DAY

CATEGORIES: Final = (
    "rejected", "restore", "person_name", "year", "duration", "flag", "amount", "measure",
    "lifecycle", "array_repeat", "geo_mixed", "geo_thin", "phone", "tsvector",
)  # fmt: skip

# ---------------------------------------------------------------------------
# The rules
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RangeRule:
    """A numeric column whose name matches ``column`` (and whose table's name
    matches ``table``, when given; that has a foreign key to a table matching
    ``fk_to``, when given; in a database with a table matching ``db_has``,
    when given) must lie in ``lo … hi``. The first rule that matches a column
    decides."""

    category: str
    column: str
    lo: float
    hi: float
    unit: str
    table: str | None = None
    fk_to: str | None = None
    db_has: str | None = None


#: Ordered: specific rules (a table context) before generic ones.
RANGE_RULES: Final[tuple[RangeRule, ...]] = (
    # years
    RangeRule("year", r"(exp|expiry|expiration)_?year|year", CURRENT_YEAR - 10,
              CURRENT_YEAR + 20, "card expiry year", table=r"card"),
    RangeRule("year", r"birth_?year|year_of_birth", 1900, CURRENT_YEAR, "year"),
    RangeRule("year", r"(.*_)?year|t?year|yr", 1900, CURRENT_YEAR + 1, "year"),
    # durations and lengths
    RangeRule("duration", r"length|duration|runtime|running_time|(length|duration)_min(ute)?s?",
              1, 300, "minutes", table=r"film|movie|video|episode|show|programme|program"),
    RangeRule("duration", r"milliseconds|(duration|length)_ms", 1_000, 7_200_000, "ms",
              table=r"track|song|recording|episode"),
    RangeRule("duration", r"seconds|duration|length", 1, 7_200, "seconds",
              table=r"track|song|recording"),
    RangeRule("duration", r"rental_duration|(rental|loan|borrow)_(period|days)", 1, 60, "days"),
    RangeRule("duration", r"hours|hours_spent|spent_hours", 0, 24, "hours per entry",
              table=r"time_entr|timesheet|worklog|work_log|time_log"),
    RangeRule("duration", r".*_days|days", 0, 3_660, "days"),
    RangeRule("duration", r".*_hours|hours", 0, 10_000, "hours"),
    RangeRule("duration", r".*_min(ute)?s|minutes", 0, 10_080, "minutes"),
    RangeRule("duration", r".*_sec(ond)?s|seconds", 0, 604_800, "seconds"),
    RangeRule("duration", r".*_ms|milliseconds", 0, 86_400_000, "ms"),
    RangeRule("duration", r"age|.*_age|age_years", 0, 120, "years of age"),
    # money, rates, percentages
    RangeRule("amount", r"rental_rate|rate", 0.25, 10, "price per rental",
              table=r"film|movie|video|dvd"),
    RangeRule("amount", r"replacement_cost", 1, 200, "price of a copy"),
    RangeRule("amount", r"amount|total", 0, 100, "payment for a rental",
              table=r"payment", fk_to=r"rental"),
    RangeRule("amount", r"unit_price|price", 0.1, 10, "price of one track",
              table=r"track|song|episode|recording"),
    RangeRule("amount", r"unit_price|price", 0.1, 10, "price of one track",
              table=r"line|item|detail", fk_to=r"track|song|episode|recording"),
    RangeRule("amount", r"total|amount", 0, 1_000, "invoice of a music store",
              table=r"invoice", db_has=r"track|song"),
    RangeRule("amount", r"unit_price|price|cost_price", 0.01, 100_000, "unit price",
              table=r"line|detail|item|product|variant|price"),
    RangeRule("amount", r"freight|shipping(_cost)?|shipment_total|cost", 0, 10_000,
              "shipping charge", table=r"order|shipment|shipping"),
    RangeRule("amount", r"amount|rate", 0, 1, "tax rate as a fraction", table=r"tax_rate"),
    RangeRule("amount", r"tax_rate|vat_rate|vat", 0, 1, "tax rate as a fraction"),
    RangeRule("amount", r"discount", 0, 1, "discount as a fraction",
              table=r"order_detail|order_line|line_item|invoice_line"),
    RangeRule("amount", r"percent|percentage|pct|.*_percent|.*_pct|done_ratio|.*_ratio", 0, 100,
              "percent"),
    RangeRule("amount", r"salary|annual_salary|base_salary", 5_000, 1_000_000, "yearly salary"),
    RangeRule("amount", r"hourly_rate|hour_rate|rate_per_hour", 5, 1_000, "hourly rate"),
    RangeRule("amount", r"promo_total|adjustment_total|.*_adjustment|discount_total",
              -1_000_000, 1_000_000, "adjustment"),
    RangeRule("amount", r"amount", -1_000_000, 1_000_000, "adjustment",
              table=r"adjustment|ledger|transaction|movement"),
    RangeRule("amount", r"price|cost|amount|total|fee|charge|subtotal|freight|balance|"
              r".*_(price|cost|amount|total|fee|charge|subtotal)", 0, 10_000_000, "money"),
    # other magnitudes
    RangeRule("measure", r"quantity|qty", 1, 1_000, "items per line",
              table=r"line|detail|item|cart"),
    RangeRule("measure", r"quantity|qty", -100_000, 100_000, "stock change",
              table=r"movement|adjustment|transfer"),
    RangeRule("measure", r"quantity|qty|units_in_stock|units_on_order|reorder_level|"
              r"count_on_hand|stock|on_hand", 0, 1_000_000, "items"),
    RangeRule("measure", r"bytes|filesize|file_size|.*_file_size|size_bytes", 0, 10_000_000_000,
              "bytes"),
    RangeRule("measure", r"weight", 0, 1_000, "kg"),
    RangeRule("measure", r"height|width|depth|length", 0, 10_000, "cm or px"),
    RangeRule("measure", r"range|distance|.*_km", 1, 20_000, "km",
              table=r"aircraft|airplane|plane|route|flight"),
    RangeRule("measure", r".*_count|count|downloads|views|.*_views", 0, 100_000_000, "count"),
)  # fmt: skip

#: Integer columns that are booleans in disguise: only 0 and 1.
FLAG_COLUMN: Final = (
    r"active|enabled|disabled|deleted|discontinued|visible|hidden|locked|sticky|verified|"
    r"published|archived|approved|confirmed|featured|is_.*|has_.*|.*_flag|flag_.*"
)

#: Words of a column name that say nothing about the lifecycle stage.
STAGE_NOISE: Final = frozenset(
    {"at", "on", "date", "time", "ts", "datetime", "dt", "timestamp", "utc", "local", "day", "when"}
)

#: Column-name cores (after removing :data:`STAGE_NOISE` words and the words
#: both columns share) → lifecycle stage.
STAGE_WORDS: Final[dict[str, str]] = {
    **dict.fromkeys(("created", "create", "creation", "inserted", "added", "registered",
                     "signup", "signed_up"), "created"),
    **dict.fromkeys(("updated", "update", "modified", "last_update", "last_updated",
                     "last_modified", "changed", "edited"), "updated"),
    **dict.fromkeys(("deleted", "removed", "destroyed", "purged"), "deleted"),
    **dict.fromkeys(("start", "started", "starts", "begin", "began", "begins", "from",
                     "effective_from"), "start"),
    **dict.fromkeys(("end", "ended", "ends", "finish", "finished", "until", "to", "expires",
                     "expired", "expiry", "expiration", "effective_to"), "end"),
    **dict.fromkeys(("opened", "open"), "opened"),
    **dict.fromkeys(("closed", "close"), "closed"),
    **dict.fromkeys(("completed", "complete"), "completed"),
    **dict.fromkeys(("canceled", "cancelled", "cancel"), "canceled"),
    **dict.fromkeys(("approved",), "approved"),
    **dict.fromkeys(("confirmed",), "confirmed"),
    **dict.fromkeys(("available", "available_from", "published"), "available"),
    **dict.fromkeys(("discontinue", "discontinued", "unpublished"), "discontinued"),
    **dict.fromkeys(("rental", "rented", "rent", "borrowed", "loaned"), "rental"),
    **dict.fromkeys(("return", "returned"), "return"),
    **dict.fromkeys(("order", "ordered", "placed", "purchase", "purchased"), "ordered"),
    **dict.fromkeys(("paid", "payment", "charged"), "paid"),
    **dict.fromkeys(("shipped", "ship", "dispatched"), "shipped"),
    **dict.fromkeys(("delivered", "delivery"), "delivered"),
    **dict.fromkeys(("required", "requested_delivery"), "required"),
    **dict.fromkeys(("issued", "issue", "invoice", "invoiced", "billed"), "issued"),
    **dict.fromkeys(("due",), "due"),
    **dict.fromkeys(("in", "checkin", "check_in"), "check_in"),
    **dict.fromkeys(("out", "checkout", "check_out"), "check_out"),
    **dict.fromkeys(("hire", "hired", "employment", "joined"), "hired"),
    **dict.fromkeys(("terminated", "termination", "fired", "left", "resigned", "separation"),
                    "terminated"),
    **dict.fromkeys(("birth", "born", "dob", "birthday"), "birth"),
    **dict.fromkeys(("death", "died", "deceased"), "death"),
    **dict.fromkeys(("departure", "departed", "takeoff"), "departure"),
    **dict.fromkeys(("arrival", "arrived", "landing"), "arrival"),
    **dict.fromkeys(("last_login", "last_sign_in", "last_seen"), "last_login"),
    **dict.fromkeys(("sent",), "sent"),
    **dict.fromkeys(("read", "opened_by_recipient"), "read"),
}  # fmt: skip


@dataclass(frozen=True)
class Order:
    """Stage ``first`` comes no later than stage ``then`` in a row (at least
    ``min_gap`` seconds before it), in tables whose name matches ``table``."""

    first: str
    then: str
    table: str | None = None
    min_gap: float = 0.0


def _chain(*stages: str) -> tuple[Order, ...]:
    return tuple(Order(a, b) for i, a in enumerate(stages) for b in stages[i + 1 :])


ORDERED_STAGES: Final[tuple[Order, ...]] = (
    Order("created", "updated"), Order("created", "deleted"), Order("created", "closed"),
    Order("created", "completed"), Order("created", "canceled"), Order("created", "approved"),
    Order("created", "confirmed"), Order("created", "last_login"),
    Order("start", "end"), Order("start", "due"), Order("opened", "closed"),
    Order("available", "discontinued"),
    Order("rental", "return"),
    *_chain("ordered", "paid", "shipped", "delivered"), Order("ordered", "required"),
    Order("issued", "due"), Order("issued", "paid"),
    Order("check_in", "check_out"),
    Order("hired", "terminated"), Order("birth", "death"),
    Order("birth", "hired", min_gap=14 * YEAR),
    Order("departure", "arrival", table=r"flight|leg|segment|trip|journey|route|voyage"),
    Order("arrival", "departure", table=r"stay|reservation|visit|booking|guest|room"),
    Order("sent", "read"),
)  # fmt: skip

#: A table is about people when one of the words of its name (singular) is here.
PERSON_TABLE_WORDS: Final = frozenset({
    "person", "people", "user", "customer", "client", "employee", "staff", "actor", "author",
    "artist", "contact", "member", "student", "teacher", "patient", "passenger", "driver",
    "player", "director", "manager", "speaker", "writer", "composer", "owner", "admin",
    "agent", "guest", "traveler", "traveller", "subscriber", "reviewer", "profile", "account",
    "worker", "doctor", "nurse", "applicant", "candidate", "volunteer", "musician", "singer",
    # a card carries its holder's name
    "card", "credit_card", "cardholder",
})  # fmt: skip

#: Words in a column name that make its values people (skip those columns).
PERSON_COLUMN_WORDS: Final = frozenset({
    "first", "last", "middle", "full", "given", "family", "sur", "nick", "maiden", "contact",
    "passenger", "user", "customer", "employee", "person", "author", "owner", "manager",
    "recipient", "sender", "ship", "billing", "shipping", "display", "holder", "card",
    "signer", "rep", "agent", "assignee", "reporter", "committer", "buyer", "seller",
    "firstname", "lastname", "username", "login", "courtesy",
})  # fmt: skip

#: name/title-like columns.
NAME_COLUMN: Final = r"name|title|.*_name|.*_title|.*name"
PERSON_NAME_MIN_SHARE: Final = 0.10
NAME_LOCALES: Final = ("en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "pt_BR", "nl_NL")
_HONORIFICS: Final = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "prof",
        "sir",
        "jr",
        "sr",
        "ii",
        "iii",
        "iv",
        "phd",
        "md",
        "dds",
        "dvm",
        "mx",
    }
)

CITY_COLUMN: Final = r"city|city_name|town|(.*_)(city|town)"
COUNTRY_COLUMN: Final = r"country|country_name|nation|(.*_)country"
CITY_TABLE: Final = r"(.*_)?(city|cities|town|towns)"
COUNTRY_TABLE: Final = r"(.*_)?(country|countries|nation|nations)"
STATE_TABLE: Final = r"(.*_)?(state|states|province|provinces)"
STATE_COLUMN: Final = r"name|state|state_name|province|province_name"
GEO_MIXED_MAX_SHARE: Final = 0.10
GEO_TABLE_MIN_DISTINCT: Final = 0.90
GEO_COLUMN_MIN_DISTINCT: Final = 0.05
GEO_COLUMN_MIN_ROWS: Final = 100

PHONE_COLUMN: Final = r"phone|fax|mobile|telephone|tel|cell|.*_(phone|fax|mobile|tel)|phone_.*"
PHONE_BAD: Final = (
    (re.compile(r"(?:x|ext\.?|extension)\s*\d+\s*$", re.IGNORECASE), "an extension"),
    (re.compile(r"^\s*001[-. ]"), "an international 001- prefix"),
)

#: Arrays whose name says they are sequences, where repeats are fine.
SEQUENCE_ARRAY: Final = (
    r".*(path|history|steps|sequence|log|lines|points|samples|values|"
    r"readings|scores|route|trail|series|matrix|vector|embedding).*"
)
TSVECTOR_MAX_UNRELATED: Final = 0.05

# ---------------------------------------------------------------------------
# Catalog model
# ---------------------------------------------------------------------------

#: Column kinds the checks know: int, num, text, time, date, bool, tsvector,
#: array (with elem), enum, other.
_KIND_BY_TYPE: Final = {
    "int2": "int", "int4": "int", "int8": "int",
    "numeric": "num", "float4": "num", "float8": "num",
    "text": "text", "varchar": "text", "bpchar": "text", "citext": "text", "name": "text",
    "date": "date", "timestamp": "time", "timestamptz": "time",
    "bool": "bool", "tsvector": "tsvector",
}  # fmt: skip


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    elem: str | None = None  # element kind of an array


@dataclass(frozen=True)
class ForeignKey:
    columns: tuple[str, ...]
    target: str  # "schema.table"
    target_columns: tuple[str, ...]


@dataclass
class Table:
    schema: str
    name: str
    columns: list[Column]
    fks: list[ForeignKey] = field(default_factory=list)
    rows: int = 0

    @property
    def key(self) -> str:
        return f"{self.schema}.{self.name}"

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


@dataclass(frozen=True)
class Finding:
    category: str
    where: str
    message: str

    def line(self, schema: str) -> str:
        return f"{schema}: {self.category}: {self.where}: {self.message}"


def _full(pattern: str, text: str) -> bool:
    return re.fullmatch(pattern, text) is not None


def table_words(name: str) -> set[str]:
    """Words of a table name, each also in a naive singular (``categories`` → category)."""
    words = set(name.lower().split("_"))
    out = set(words)
    for w in words:
        if w.endswith("ies") and len(w) > 4:
            out.add(w[:-3] + "y")
        elif w.endswith(("ses", "xes", "ches", "shes")):
            out.add(w[:-2])
        if w.endswith("s") and not w.endswith("ss"):
            out.add(w[:-1])
    joined = name.lower()
    out.add(joined)
    out.add(joined[:-1] if joined.endswith("s") else joined)
    return out


def _table_matches(pattern: str | None, table: Table) -> bool:
    if pattern is None:
        return True
    return re.search(rf"(^|_)({pattern})", table.name.lower()) is not None


# ---------------------------------------------------------------------------
# Checks: pure functions over a table's description and sampled values
# ---------------------------------------------------------------------------


def range_rule_for(table: Table, column: Column, tables: dict[str, Table]) -> RangeRule | None:
    """The first rule of :data:`RANGE_RULES` that applies to a numeric column."""
    if column.kind not in ("int", "num"):
        return None
    name = column.name.lower()
    for rule in RANGE_RULES:
        if not _full(rule.column, name) or not _table_matches(rule.table, table):
            continue
        if rule.fk_to is not None and not any(
            _table_matches(rule.fk_to, tables[fk.target]) for fk in table.fks if fk.target in tables
        ):
            continue
        if rule.db_has is not None and not any(
            _table_matches(rule.db_has, other) for other in tables.values()
        ):
            continue
        return rule
    return None


def is_flag_column(column: Column) -> bool:
    return column.kind == "int" and _full(FLAG_COLUMN, column.name.lower())


def _show(values: Iterable[object], limit: int = 4) -> str:
    shown: list[str] = []
    for v in values:
        if len(shown) == limit:
            break
        shown.append(_fmt(v))
    return ", ".join(shown)


def _fmt(v: object) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return repr(v) if isinstance(v, str) else str(v)


def check_range(where: str, values: Sequence[float | None], rule: RangeRule) -> list[Finding]:
    """Values outside ``rule.lo … rule.hi`` (NULLs ignored)."""
    present = [v for v in values if v is not None and not math.isnan(v)]
    bad: list[float] = [v for v in present if v < rule.lo or v > rule.hi]
    if not bad:
        return []
    worst = sorted(set(bad), key=lambda v: -abs(v))
    bounds = f"{_fmt(float(rule.lo))}…{_fmt(float(rule.hi))} ({rule.unit})"
    message = f"{len(bad)} of {len(present)} values outside {bounds}, e.g. {_show(worst)}"
    return [Finding(rule.category, where, message)]


def check_flag(where: str, values: Sequence[float | None]) -> list[Finding]:
    present = [v for v in values if v is not None]
    bad = [v for v in present if v not in (0, 1)]
    if not bad:
        return []
    return [
        Finding(
            "flag",
            where,
            f"{len(bad)} of {len(present)} values are not 0/1, e.g. {_show(sorted(set(bad)))}",
        )
    ]


@functools.cache
def name_vocabulary() -> tuple[frozenset[str], frozenset[str]]:
    """Lower-cased first and last names of Faker's :data:`NAME_LOCALES`."""
    first: set[str] = set()
    last: set[str] = set()
    for locale in NAME_LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attr in ("first_names", "first_names_male", "first_names_female"):
            first.update(n.lower() for n in getattr(provider, attr, ()))
        last.update(n.lower() for n in getattr(provider, "last_names", ()))
    return frozenset(first), frozenset(last)


def looks_like_person(value: str) -> bool:
    """ "Lisa Molina", "Dr. John A. Smith Jr." — a known first and a known last name."""
    first, last = name_vocabulary()
    words = [w.strip(".,") for w in value.split()]
    words = [w for w in words if w and w.lower() not in _HONORIFICS]
    if not 2 <= len(words) <= 3:
        return False
    if not all(w[0].isupper() and not w.isupper() for w in words if len(w) > 1):
        return False
    return words[0].lower() in first and words[-1].lower() in last


def is_person_table(table: Table) -> bool:
    return bool(table_words(table.name) & PERSON_TABLE_WORDS)


def is_name_column(column: Column) -> bool:
    name = column.name.lower()
    if column.kind != "text" or not _full(NAME_COLUMN, name):
        return False
    words = set(name.split("_"))
    return not (words & PERSON_COLUMN_WORDS) and not any(
        name.startswith(w) for w in ("first", "last", "full", "user", "nick", "sur")
    )


def check_person_names(where: str, values: Sequence[str | None]) -> list[Finding]:
    distinct = {v for v in values if v}
    if not distinct:
        return []
    people = sorted(v for v in distinct if looks_like_person(v))
    if len(people) < 3 or len(people) < PERSON_NAME_MIN_SHARE * len(distinct):
        return []
    return [
        Finding(
            "person_name",
            where,
            f"{len(people)} of {len(distinct)} distinct values read like person names, "
            f"e.g. {_show(people)}",
        )
    ]


def stage_of(core: str) -> str | None:
    return STAGE_WORDS.get(core)


def _name_core(a: str, b: str) -> tuple[str, str]:
    """The parts of two column names that differ, without noise words."""
    wa = [w for w in a.lower().split("_") if w not in STAGE_NOISE]
    wb = [w for w in b.lower().split("_") if w not in STAGE_NOISE]
    while wa and wb and wa[0] == wb[0]:
        wa, wb = wa[1:], wb[1:]
    while wa and wb and wa[-1] == wb[-1]:
        wa, wb = wa[:-1], wb[:-1]
    return "_".join(wa), "_".join(wb)


def ordered_pairs(table: Table) -> list[tuple[Column, Column, Order]]:
    """(earlier column, later column, rule) for the temporal columns of a table."""
    temporal = [c for c in table.columns if c.kind in ("date", "time")]
    out = []
    for i, a in enumerate(temporal):
        for b in temporal[i + 1 :]:
            core_a, core_b = _name_core(a.name, b.name)
            sa, sb = stage_of(core_a), stage_of(core_b)
            if sa is None or sb is None or sa == sb:
                continue
            for rule in ORDERED_STAGES:
                if not _table_matches(rule.table, table):
                    continue
                if (rule.first, rule.then) == (sa, sb):
                    out.append((a, b, rule))
                    break
                if (rule.first, rule.then) == (sb, sa):
                    out.append((b, a, rule))
                    break
    return out


def check_order(
    where: str,
    first: Sequence[float | None],
    then: Sequence[float | None],
    *,
    by_day: bool,
    min_gap: float = 0.0,
) -> list[Finding]:
    """Rows where ``then`` (epoch seconds) comes before ``first`` (+ ``min_gap``)."""
    pairs = [(a, b) for a, b in zip(first, then) if a is not None and b is not None]
    if by_day:
        pairs = [(math.floor(a / DAY) * DAY, math.floor(b / DAY) * DAY) for a, b in pairs]
    bad = sum(1 for a, b in pairs if b < a + min_gap)
    if not bad:
        return []
    gap = f" (+{min_gap / YEAR:g} years)" if min_gap else ""
    return [
        Finding(
            "lifecycle",
            where,
            f"{bad} of {len(pairs)} rows have the later stage before the earlier{gap}",
        )
    ]


def is_set_array(column: Column) -> bool:
    if column.kind != "array" or _full(SEQUENCE_ARRAY, column.name.lower()):
        return False
    return column.elem in ("text", "enum") or (
        column.elem == "int" and _full(r".*_ids|ids", column.name.lower())
    )


def check_array_repeats(where: str, values: Sequence[list[object] | None]) -> list[Finding]:
    present = [v for v in values if v is not None]
    bad = [v for v in present if len(v) != len({json.dumps(x, sort_keys=True) for x in v})]
    if not bad:
        return []
    return [
        Finding(
            "array_repeat",
            where,
            f"{len(bad)} of {len(present)} values repeat an element, e.g. {bad[0]}",
        )
    ]


def check_geo_mixed(where: str, pairs: Sequence[tuple[str | None, str | None]]) -> list[Finding]:
    """City names that occur with more than one country."""
    countries: dict[str, set[str]] = defaultdict(set)
    seen: Counter[str] = Counter()
    for city, country in pairs:
        if city and country:
            countries[city].add(country)
            seen[city] += 1
    repeated = [c for c, n in seen.items() if n > 1]
    mixed = sorted((c for c in repeated if len(countries[c]) > 1), key=lambda c: -len(countries[c]))
    if len(mixed) < 3 or len(mixed) <= GEO_MIXED_MAX_SHARE * len(repeated):
        return []
    examples = "; ".join(f"{c!r} in {len(countries[c])} countries" for c in mixed[:3])
    return [
        Finding(
            "geo_mixed",
            where,
            f"{len(mixed)} of {len(repeated)} repeated city names appear with several "
            f"countries, e.g. {examples}",
        )
    ]


def check_geo_thin(where: str, values: Sequence[str | None], *, place_table: bool) -> list[Finding]:
    present = [v for v in values if v]
    if not present:
        return []
    distinct = len(set(present))
    if place_table:
        if len(present) >= 5 and distinct < GEO_TABLE_MIN_DISTINCT * len(present):
            return [
                Finding(
                    "geo_thin",
                    where,
                    f"{distinct} distinct names in {len(present)} rows of a place table",
                )
            ]
        return []
    needed = GEO_COLUMN_MIN_DISTINCT * min(len(present), 2_000)
    if len(present) >= GEO_COLUMN_MIN_ROWS and distinct < needed:
        return [
            Finding(
                "geo_thin",
                where,
                f"{distinct} distinct values in {len(present)} rows "
                f"(expected at least {math.ceil(needed)})",
            )
        ]
    return []


def is_phone_column(column: Column) -> bool:
    return column.kind == "text" and _full(PHONE_COLUMN, column.name.lower())


def check_phones(where: str, values: Sequence[str | None]) -> list[Finding]:
    present = [v for v in values if v]
    out = []
    for pattern, what in PHONE_BAD:
        bad = [v for v in present if pattern.search(v)]
        if bad:
            out.append(
                Finding(
                    "phone",
                    where,
                    f"{len(bad)} of {len(present)} numbers have {what}, e.g. {_show(bad)}",
                )
            )
    return out


def check_tsvector(
    where: str,
    lexemes: Sequence[list[str] | None],
    row_words: Sequence[list[str] | None],
) -> list[Finding]:
    """Rows whose vector is mostly made of lexemes absent from the row's own text."""
    rows = 0
    unrelated = 0
    for vec, words in zip(lexemes, row_words):
        if not vec:
            continue
        rows += 1
        own = set(words or ())
        if sum(1 for lex in vec if lex in own) < 0.5 * len(vec):
            unrelated += 1
    if not rows or unrelated <= TSVECTOR_MAX_UNRELATED * rows:
        return []
    return [
        Finding(
            "tsvector",
            where,
            f"{unrelated} of {rows} vectors are mostly words not in the row's text",
        )
    ]


# ---------------------------------------------------------------------------
# Planning: which columns of which table each check reads
# ---------------------------------------------------------------------------


@dataclass
class GeoLink:
    """Where a city column finds its country: the same row, or through FKs."""

    city: str  # column of the table
    country_sql: str  # SQL expression over aliases t0, t1 …
    joins: str
    label: str


def _place_column(table: Table, pattern: str, place_table: str) -> list[Column]:
    cols = [c for c in table.columns if c.kind == "text" and _full(pattern, c.name.lower())]
    if not cols and _full(place_table, table.name.lower()):
        cols = [c for c in table.columns if c.kind == "text" and c.name.lower() in ("name",)]
    return cols


def city_columns(table: Table) -> list[Column]:
    return _place_column(table, CITY_COLUMN, CITY_TABLE)


def country_columns(table: Table) -> list[Column]:
    return _place_column(table, COUNTRY_COLUMN, COUNTRY_TABLE)


def _prefix(name: str) -> str:
    m = re.fullmatch(r"(.*_)?(city|town|country|nation|city_name|country_name)", name.lower())
    return (m.group(1) or "") if m else ""


def geo_links(table: Table, tables: dict[str, Table]) -> list[GeoLink]:
    """Each city column of the table with the country it should agree with."""
    links = []
    for city in city_columns(table):
        same_row = [c for c in country_columns(table) if _prefix(c.name) == _prefix(city.name)]
        if same_row:
            links.append(
                GeoLink(
                    city.name, _qi("t0", same_row[0].name), "", f"{table.key}.{same_row[0].name}"
                )
            )
            continue
        found = _country_through_fks(table, tables)
        if found is not None:
            country_sql, joins, label = found
            links.append(GeoLink(city.name, country_sql, joins, label))
    return links


def _country_through_fks(table: Table, tables: dict[str, Table]) -> tuple[str, str, str] | None:
    """Breadth-first over FKs (two hops) to a table with a country column."""
    frontier = [(table, "t0", "")]
    alias_no = 0
    for _ in range(2):
        next_frontier = []
        for current, alias, joins in frontier:
            for fk in current.fks:
                target = tables.get(fk.target)
                if target is None or target is table:
                    continue
                alias_no += 1
                new_alias = f"t{alias_no}"
                cond = " AND ".join(
                    f"{_qi(new_alias, tc)} = {_qi(alias, c)}"
                    for c, tc in zip(fk.columns, fk.target_columns)
                )
                new_joins = f"{joins} LEFT JOIN {_qt(target)} {new_alias} ON {cond}"
                countries = country_columns(target)
                if countries:
                    col = countries[0].name
                    return _qi(new_alias, col), new_joins, f"{target.key}.{col}"
                next_frontier.append((target, new_alias, new_joins))
        frontier = next_frontier
    return None


def text_columns(table: Table) -> list[Column]:
    return [c for c in table.columns if c.kind == "text"]


# ---------------------------------------------------------------------------
# Reading a restored database
# ---------------------------------------------------------------------------


def _qid(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _qi(alias: str, column: str) -> str:
    return f"{alias}.{_qid(column)}"


def _qt(table: Table) -> str:
    return f"{_qid(table.schema)}.{_qid(table.name)}"


_CATALOG_SQL: Final = """
SELECT n.nspname, c.relname, a.attname,
       coalesce(bt.typname, ''), bt.typtype, bt.typcategory,
       coalesce(et.typname, ''), coalesce(et.typtype::text, '')
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  JOIN pg_type t ON t.oid = a.atttypid
  JOIN pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
  LEFT JOIN pg_type et ON et.oid = bt.typelem AND bt.typcategory = 'A'
 WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
   AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
 ORDER BY n.nspname, c.relname, a.attnum
"""

_FK_SQL: Final = """
SELECT n.nspname, c.relname, fn.nspname, fc.relname,
       array_to_json(ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(n, o)
                            JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n
                            ORDER BY k.o))::text,
       array_to_json(ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(n, o)
                            JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n
                            ORDER BY k.o))::text
  FROM pg_constraint con
  JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_class fc ON fc.oid = con.confrelid JOIN pg_namespace fn ON fn.oid = fc.relnamespace
 WHERE con.contype = 'f'
"""


def _kind(typname: str, typtype: str | None, category: str | None) -> str:
    if typtype == "e":
        return "enum"
    if category == "A":
        return "array"
    return _KIND_BY_TYPE.get(typname, "other")


Query = Callable[[str], list[tuple[str | None, ...]]]


def read_catalog(query: Query) -> dict[str, Table]:
    tables: dict[str, Table] = {}
    for schema, rel, col, typname, typtype, cat, elem, elemtype in query(_CATALOG_SQL):
        assert schema is not None and rel is not None and col is not None
        key = f"{schema}.{rel}"
        table = tables.setdefault(key, Table(schema, rel, []))
        kind = _kind(typname or "", typtype, cat)
        elem_kind = _kind(elem or "", elemtype, None) if kind == "array" else None
        table.columns.append(Column(col, kind, elem_kind))
    for schema, rel, fschema, frel, cols, fcols in query(_FK_SQL):
        key = f"{schema}.{rel}"
        if key in tables:
            tables[key].fks.append(ForeignKey(
                tuple(json.loads(cols or "[]")), f"{fschema}.{frel}",
                tuple(json.loads(fcols or "[]")),
            ))  # fmt: skip
    return tables


def _select_expr(column: Column) -> str:
    q = _qid(column.name)
    if column.kind in ("int", "num"):
        return f"{q}::text"
    if column.kind in ("date", "time"):
        return f"extract(epoch FROM {q})::text"
    if column.kind == "array":
        return f"array_to_json({q})::text"
    if column.kind == "tsvector":
        return f"array_to_json(tsvector_to_array({q}))::text"
    return f"{q}::text"


def _parse(column: Column, raw: str | None) -> object:
    if raw is None:
        return None
    if column.kind in ("int", "num", "date", "time"):
        try:
            return float(raw)
        except ValueError:
            return None
    if column.kind in ("array", "tsvector"):
        return json.loads(raw)
    return raw


def _row_words_sql(table: Table, exclude: str) -> str:
    texts = [_qid(c.name) for c in text_columns(table) if c.name != exclude]
    if not texts:
        return "'[]'"
    doc = f"concat_ws(' ', {', '.join(texts)})"
    return (
        "array_to_json(ARRAY(SELECT unnest(tsvector_to_array(to_tsvector('simple', "
        f"{doc}))) UNION SELECT unnest(tsvector_to_array(to_tsvector('english', {doc})))))::text"
    )


def check_database(query: Query, sample: int, catalog: Query | None = None) -> list[Finding]:
    """Every check on every table of a restored database.

    ``catalog`` reads the tables, types and foreign keys from another database
    with the same tables (a schema-only restore), for data restored without
    its constraints.
    """
    tables = read_catalog(catalog or query)
    for table in tables.values():
        table.rows = int(query(f"SELECT count(*) FROM {_qt(table)}")[0][0] or 0)
    findings: list[Finding] = []
    for table in tables.values():
        if table.rows:
            findings += _check_table(table, tables, query, sample)
    return findings


Check = Callable[[str, list[Any]], list[Finding]]


def place_columns(table: Table) -> list[tuple[Column, bool]]:
    """Columns naming places whose variety is checked, and whether the table is a
    list of such places (a city, state or country table)."""
    name = table.name.lower()
    out = [(c, _full(CITY_TABLE, name)) for c in city_columns(table)]
    if _full(STATE_TABLE, name):
        out += [(c, True) for c in table.columns
                if c.kind == "text" and _full(STATE_COLUMN, c.name.lower())]  # fmt: skip
    if _full(COUNTRY_TABLE, name):
        out += [(c, True) for c in country_columns(table)]
    return out


def planned_checks(table: Table, tables: dict[str, Table]) -> list[tuple[Column, Check]]:
    """Each column a single-column check reads, with that check."""
    plan: list[tuple[Column, Check]] = []
    people = is_person_table(table)
    for col in table.columns:
        rule = range_rule_for(table, col, tables)
        if rule is not None:
            plan.append((col, functools.partial(check_range, rule=rule)))
        if is_flag_column(col):
            plan.append((col, check_flag))
        if is_name_column(col) and not people:
            plan.append((col, check_person_names))
        if is_set_array(col):
            plan.append((col, check_array_repeats))
        if is_phone_column(col):
            plan.append((col, check_phones))
    for col, place_table in place_columns(table):
        plan.append((col, functools.partial(check_geo_thin, place_table=place_table)))
    return plan


def _check_table(
    table: Table, tables: dict[str, Table], query: Query, sample: int
) -> list[Finding]:
    plan = planned_checks(table, tables)
    pairs = ordered_pairs(table)
    tsv = [c for c in table.columns if c.kind == "tsvector"]
    wanted = {c.name: c for c, _ in plan}
    wanted.update({c.name: c for a, b, _ in pairs for c in (a, b)})
    wanted.update({c.name: c for c in tsv})
    out: list[Finding] = []
    if wanted:
        cols = list(wanted.values())
        exprs = [_select_expr(c) for c in cols] + [_row_words_sql(table, c.name) for c in tsv]
        raw = query(f"SELECT {', '.join(exprs)} FROM {_qt(table)} LIMIT {sample}")
        data: dict[str, list[Any]] = {
            c.name: [_parse(c, r[i]) for r in raw] for i, c in enumerate(cols)
        }
        for col, check in plan:
            out += check(f"{table.key}.{col.name}", data[col.name])
        for i, col in enumerate(tsv):
            words = [json.loads(r[len(cols) + i] or "[]") for r in raw]
            out += check_tsvector(f"{table.key}.{col.name}", data[col.name], words)
        for a, b, order in pairs:
            out += check_order(
                f"{table.key}.{a.name} ≤ {b.name}", data[a.name], data[b.name],
                by_day="date" in (a.kind, b.kind), min_gap=order.min_gap,
            )  # fmt: skip
    for link in geo_links(table, tables):
        rows = query(
            f"SELECT t0.{_qid(link.city)}::text, ({link.country_sql})::text "
            f"FROM {_qt(table)} t0{link.joins} LIMIT {sample}"
        )
        out += check_geo_mixed(
            f"{table.key}.{link.city} ~ {link.label}", [(r[0], r[1]) for r in rows]
        )
    return out


# ---------------------------------------------------------------------------
# Generating and restoring
# ---------------------------------------------------------------------------


@dataclass
class SchemaResult:
    schema: str
    findings: list[Finding]
    notes: list[str] = field(default_factory=list)


def _pgmock(pgmock: Sequence[str], *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PGMOCK_")}
    return subprocess.run(
        [*pgmock, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=3_600,
        stdin=subprocess.DEVNULL,
    )


def _first_error(stderr: str) -> str:
    """The first error of psql, pg_restore or pgmock, with its DETAIL, without file:line."""
    lines = [re.sub(r"^psql:[^ ]*:\d+: ", "", ln.strip()) for ln in stderr.splitlines()]
    lines = [ln for ln in lines if ln]
    errors = [ln for ln in lines if "ERROR" in ln or "error" in ln]
    pick = (errors or lines or ["(no message)"])[0]
    detail = next((ln for ln in lines if ln.startswith("DETAIL")), "")
    return f"{pick} {detail}".strip()


def _table_counts(pg: PgCluster, db: str) -> dict[str, int]:
    return {t.key: t.rows for t in read_catalog(_query_for(pg, db)).values()}


def _query_for(pg: PgCluster, db: str) -> Query:
    def query(sql: str) -> list[tuple[str | None, ...]]:
        return pg.query(sql, db)

    return query


def without_uniqueness(spec: dict[str, Any]) -> dict[str, Any]:
    """A copy of a schema without its UNIQUE constraints and unique indexes (primary
    keys stay): for measuring data that pgmock refuses to generate under them."""
    spec = json.loads(json.dumps(spec))
    for table in spec.get("tables", {}).values():
        table.pop("unique", None)
        if "indexes" in table:
            table["indexes"] = [i for i in table["indexes"] if not i.get("unique")]
        for column in table.get("columns", {}).values():
            column.pop("unique", None)
    return spec


def check_schema(
    schema: Path,
    pg: PgCluster,
    pgmock: Sequence[str],
    sample: int,
    workdir: Path,
    *,
    drop_unique: bool = False,
) -> SchemaResult:
    """Generate, restore (plain and custom) and check one schema.json."""
    name = schema.parent.name if schema.name == "schema.json" else schema.stem
    result = SchemaResult(name, [])
    if drop_unique:
        relaxed = workdir / f"{name}-without-unique.json"
        relaxed.write_text(json.dumps(without_uniqueness(json.loads(schema.read_text()))))
        schema = relaxed
        result.notes.append("generated without its UNIQUE constraints and unique indexes")
    plain = workdir / f"{name}.sql"
    custom = workdir / f"{name}.dump"
    gen = _pgmock(pgmock, "generate", str(schema), "-f", str(plain))
    if gen.returncode != 0:
        lines = [
            ln.strip()
            for ln in gen.stderr.splitlines()
            if ln.strip() and not re.fullmatch(r"pgmock: \d+ problems? found", ln.strip())
        ]
        for line in lines or ["(no message)"]:
            result.findings.append(Finding("rejected", "pgmock generate", line))
        return result
    gen_c = _pgmock(pgmock, "generate", str(schema), "-Fc", "-f", str(custom))
    if gen_c.returncode != 0:
        result.findings.append(Finding("rejected", f"{schema} (-Fc)", _first_error(gen_c.stderr)))

    db = pg.create_db()
    try:
        pg.restore_plain(plain, db)
        plain_ok = True
    except PsqlError as exc:
        plain_ok = False
        result.findings.append(Finding("restore", "plain", _first_error(exc.stderr.decode())))
    counts_c: dict[str, int] | None = None
    if gen_c.returncode == 0:
        db_c = pg.create_db()
        proc = subprocess.run(
            [str(pg.tool("pg_restore")), "-e", "-d", db_c, str(custom)],
            capture_output=True, text=True, env=pg.env(),
            stdin=subprocess.DEVNULL, timeout=3_600,
        )  # fmt: skip
        if proc.returncode != 0:
            result.findings.append(Finding("restore", "custom (-Fc)", _first_error(proc.stderr)))
        else:
            counts_c = _table_counts(pg, db_c)
        pg.drop_db(db_c)
    if plain_ok and counts_c is not None:
        counts_p = _table_counts(pg, db)
        if counts_p != counts_c:
            diff = sorted(
                k for k in counts_p.keys() | counts_c.keys() if counts_p.get(k) != counts_c.get(k)
            )
            result.findings.append(
                Finding("restore", "plain vs custom", f"row counts differ in {', '.join(diff)}")
            )
    if plain_ok:
        try:
            result.findings += check_database(_query_for(pg, db), sample)
        finally:
            pg.drop_db(db)
        return result
    pg.drop_db(db)
    _check_loose(schema, pg, pgmock, sample, workdir, result)
    return result


def _check_loose(
    schema: Path,
    pg: PgCluster,
    pgmock: Sequence[str],
    sample: int,
    workdir: Path,
    result: SchemaResult,
) -> None:
    """Check the data of a schema whose dump does not restore.

    The data comes from a dump without constraints and indexes (same data);
    the catalog (foreign keys the rules look at) from a schema-only restore.
    """
    loose = workdir / f"{result.schema}-loose.sql"
    ddl = workdir / f"{result.schema}-ddl.sql"
    data_db = pg.create_db()
    ddl_db = pg.create_db()
    try:
        gen = _pgmock(pgmock, "generate", str(schema), "--no-constraints", "--no-indexes",
                      "-f", str(loose))  # fmt: skip
        if gen.returncode != 0:
            raise RuntimeError(_first_error(gen.stderr))
        pg.restore_plain(loose, data_db)
    except (PsqlError, RuntimeError) as exc:
        msg = _first_error(exc.stderr.decode()) if isinstance(exc, PsqlError) else str(exc)
        result.findings.append(Finding("restore", "plain --no-constraints", msg))
        result.notes.append("no restore succeeded: plausibility not checked")
        pg.drop_db(data_db)
        pg.drop_db(ddl_db)
        return
    catalog: Query | None = _query_for(pg, ddl_db)
    note = "checked the data of a dump made with --no-constraints --no-indexes"
    try:
        gen = _pgmock(pgmock, "generate", str(schema), "-s", "-f", str(ddl))
        if gen.returncode != 0:
            raise RuntimeError(_first_error(gen.stderr))
        pg.restore_plain(ddl, ddl_db)
        note += ", foreign keys from a schema-only restore"
    except (PsqlError, RuntimeError):
        catalog = None
        note += " (no foreign keys: the schema-only dump did not restore either)"
    result.notes.append(note)
    try:
        result.findings += check_database(_query_for(pg, data_db), sample, catalog)
    finally:
        pg.drop_db(data_db)
        pg.drop_db(ddl_db)


def summary_counts(findings: Iterable[Finding]) -> Counter[str]:
    return Counter(f.category for f in findings)


def markdown_table(results: Sequence[SchemaResult]) -> str:
    used = [c for c in CATEGORIES if any(summary_counts(r.findings)[c] for r in results)]
    head = "| schema | " + " | ".join(used) + " | total |"
    rule = "|---|" + "---:|" * (len(used) + 1)
    rows = []
    for r in results:
        counts = summary_counts(r.findings)
        rows.append(
            f"| {r.schema} | "
            + " | ".join(str(counts[c]) for c in used)
            + f" | {sum(counts.values())} |"
        )
    return "\n".join([head, rule, *rows])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Generate each schema with pgmock, restore it into a throwaway PostgreSQL "
        "and report implausible data (exit 1 when anything is found)."
    )
    parser.add_argument("schemas", nargs="+", type=Path, metavar="SCHEMA.json")
    parser.add_argument(
        "--sample", type=int, default=50_000, help="rows read per table (default 50,000)"
    )
    parser.add_argument(
        "--pgmock",
        default=f"{sys.executable} -m pgmock",
        help="command that runs pgmock (default: this Python's -m pgmock)",
    )
    parser.add_argument(
        "--markdown",
        action="store_true",
        help="also print a table of findings per category and schema",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the findings as JSON")
    parser.add_argument(
        "--drop-unique",
        action="store_true",
        help="generate a copy of each schema without UNIQUE constraints and unique indexes "
        "(primary keys stay), to measure data pgmock refuses to generate under them",
    )
    args = parser.parse_args(argv)
    missing = [str(s) for s in args.schemas if not s.is_file()]
    if missing:
        parser.error(f"no such file: {', '.join(missing)}")

    results = []
    with tempfile.TemporaryDirectory(prefix="pgmock-plausibility-") as tmp, \
            PgCluster.start() as pg:  # fmt: skip
        for schema in args.schemas:
            result = check_schema(
                schema,
                pg,
                args.pgmock.split(),
                args.sample,
                Path(tmp),
                drop_unique=args.drop_unique,
            )
            for f in result.findings:
                print(f.line(result.schema), flush=True)
            for note in result.notes:
                print(f"{result.schema}: note: {note}", flush=True)
            results.append(result)
    total = Counter[str]()
    for r in results:
        counts = summary_counts(r.findings)
        total.update(counts)
        per = ", ".join(f"{c} {counts[c]}" for c in CATEGORIES if counts[c]) or "nothing"
        print(f"summary: {r.schema}: {sum(counts.values())} findings ({per})")
    per = ", ".join(f"{c} {total[c]}" for c in CATEGORIES if total[c]) or "nothing"
    print(f"summary: {sum(total.values())} findings in {len(results)} schemas ({per})")
    if args.markdown:
        print()
        print(markdown_table(results))
    if args.json:
        args.json.write_text(
            json.dumps(
                [
                    {
                        "schema": r.schema,
                        "notes": r.notes,
                        "findings": [f.__dict__ for f in r.findings],
                    }
                    for r in results
                ],
                indent=1,
            )
        )
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
