"""Values of a generator in a locale, and checks on them, for the locale coverage tests.

``sample(name, locale)`` draws values through pgmock.testing's host; ``all_match``,
``share_at_least``, ``none_contain``, ``includes``, ``most_common`` and ``both`` build
checks on a list of values; ``people_schema`` and ``PEOPLE_COLUMNS`` are the table whose
column locales override the database's. Used by
tests/{unit,restore}/generators/test_locale_coverage.py.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from functools import cache
from typing import Any

from pgmock.testing import TestHost, run_generator
from pgmock_sdk import ColumnInfo, parse_type

N = 3000
SEED = 7
# Hiragana, katakana, the CJK ideographs (kanji) and the iteration mark 々.
CJK = re.compile(r"[\u3005-\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Frequent English words of Faker's en_US word list that no other list here contains.
ENGLISH = re.compile(
    r"\b(the|and|with|would|their|about|because|through|which|should|that|this|from|have)\b"
)


@cache
def sdk_host() -> TestHost:
    return TestHost()


def sample(
    name: str,
    locale: str,
    n: int = N,
    *,
    type: str = "text",
    params: dict[str, Any] | None = None,
    seed: int = SEED,
) -> list[str]:
    """``n`` values of a generator for a column of ``locale``, in PostgreSQL text form."""
    column = ColumnInfo("public", "t", "c", parse_type(type), locale=locale, key=1234)
    cls = sdk_host().generator(name)
    values: list[str] = run_generator(cls, n, seed=seed, params=params, column=column, render=True)
    return values


# --------------------------------------------------------------------------- checks


def all_match(pattern: str) -> Callable[[list[str]], None]:
    rx = re.compile(pattern)

    def check(values: list[str]) -> None:
        bad = [v for v in values if not rx.fullmatch(v)]
        assert not bad, f"{len(bad)} of {len(values)} do not match {pattern!r}: {bad[:8]}"

    return check


def share_at_least(pattern: str, low: float) -> Callable[[list[str]], None]:
    rx = re.compile(pattern)

    def check(values: list[str]) -> None:
        got = sum(1 for v in values if rx.search(v)) / len(values)
        others = [v for v in values if not rx.search(v)][:8]
        assert got >= low, f"only {got:.1%} contain {pattern!r} (want >= {low:.0%}): {others}"

    return check


def none_contain(pattern: str) -> Callable[[list[str]], None]:
    rx = re.compile(pattern)

    def check(values: list[str]) -> None:
        bad = [v for v in values if rx.search(v)]
        assert not bad, f"{len(bad)} of {len(values)} contain {pattern!r}: {bad[:8]}"

    return check


def includes(*expected: str) -> Callable[[list[str]], None]:
    def check(values: list[str]) -> None:
        missing = sorted(set(expected) - set(values))
        assert not missing, f"{missing} never drawn in {len(values)} values"

    return check


def most_common(expected: str) -> Callable[[list[str]], None]:
    def check(values: list[str]) -> None:
        top = Counter(values).most_common(3)
        assert top[0][0] == expected, f"most common values {top}, expected {expected!r}"

    return check


def both(*checks: Callable[[list[str]], None]) -> Callable[[list[str]], None]:
    def check(values: list[str]) -> None:
        for c in checks:
            c(values)

    return check


# The phone patterns the restore test checks too (the others are in the unit tests).
DE_PHONE = r"(\+49 ?\(0\) ?|\(0|0)\d{3,4}\)? ?\d{5,10}"
FR_PHONE = r"(0[1-9]|\+33 ).*"


# --------------------------------------------------------------------------- CLI + PostgreSQL

PEOPLE_COLUMNS: dict[str, dict[str, Any]] = {
    "id": {"type": "serial", "primaryKey": True},
    "city": {"type": "text"},  # inferred faker.city, database locale
    "phone": {"type": "text"},  # inferred faker.phone, database locale
    "zip": {"type": "varchar(10)", "generator": "postal_code"},
    "city_ja": {"type": "text", "generator": "city", "locale": "ja_JP"},
    "name_ja": {"type": "text", "generator": "full_name", "locale": "ja_JP.utf8"},
    "phone_fr": {"type": "text", "generator": "phone", "locale": "fr_FR"},
    "zip_br": {"type": "varchar(9)", "generator": "postal_code", "locale": "pt_BR"},
    "words_pt": {"type": "text", "generator": "text", "locale": "pt_BR"},
    "dish_de": {"type": "text", "generator": "mimesis.dish", "locale": "de_DE"},
}


def people_schema(locale: str, columns: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {
        "version": "1.0",
        "seed": 3,
        "database": {"locale": locale},
        "tables": {"people": {"rowCount": 400, "columns": columns or {"id": {"type": "int4"}}}},
    }
