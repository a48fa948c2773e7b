"""The ``mimesis`` plugin: occupations, nationalities, languages, universities, degrees,
programming languages, dishes, drinks and blood types.

mimesis (the optional extra ``pgmockdb[mimesis]``) is only a source of vocabularies, read
once per locale from its bundled JSON data (see :mod:`pgmock_builtins._mimesis_data`);
each column gets a pool cut to its length limit once, and batches are numpy draws from
it, so no mimesis or per-row Python code runs during generation.

Unique columns get each pool value at most once, in a keyed permutation of the pool
(``domain_size`` is the pool size, so ``pgmock validate`` rejects more rows than values).

Inference patterns cover only what the faker plugin does not already match (it claims
``occupation``/``profession`` for job titles and ``nationality`` for countries). Without
the extra the generators stay registered — naming one is a schema problem with the
install hint — but infer nothing, so schemas that never asked for mimesis keep working.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Literal, TypeVar

import numpy as np
from pydantic import Field

from pgmock_builtins import _mimesis_data as data
from pgmock_builtins._vec import Pool, truncate
from pgmock_builtins.numeric_gen import keyed_range
from pgmock_sdk import ColumnInfo, GenContext, Generator, Params
from pgmock_sdk.pgtypes import TEXT_TYPES

if TYPE_CHECKING:
    pass

TEXT_KEYS = frozenset(TEXT_TYPES)

Weights = tuple[float, ...] | None


@lru_cache(maxsize=256)
def fitted_pool(values: tuple[str, ...], weights: Weights, limit: int | None) -> Pool:
    """The pool for a column: values cut to varchar(n)/char(n) once, then de-duplicated
    (weights of values that became equal add up), so draws never need cutting and the
    pool size is the true number of distinct values. Values equal but for case count as
    one (cutting can make "Apple Pie" of "Apple pie crust"), so a unique citext column
    never gets two of them."""
    cut = values if limit is None else tuple(truncate(values, limit))
    merged: dict[str, float] = {}
    spelling: dict[str, str] = {}
    for value, w in zip(cut, weights or (1.0,) * len(cut)):  # once per pool entry
        if value:
            value = spelling.setdefault(value.casefold(), value)
            merged[value] = merged.get(value, 0.0) + w
    if not merged:
        raise ValueError(f"no value fits in {limit} characters")
    if weights is None:
        return Pool.of(merged)
    return Pool.of(merged, merged.values())


_V = TypeVar("_V", bound=Params)


class _VocabularyGenerator(Generator[_V]):
    """Values drawn from a per-locale mimesis vocabulary."""

    pg_types = TEXT_KEYS
    supports_unique = True

    def __init__(self, params: _V, column: ColumnInfo) -> None:
        super().__init__(params, column)
        data.require()  # before any cached pool: a missing extra is always reported
        values, weights = self.vocabulary(column.locale)
        try:
            self.pool = fitted_pool(values, weights, column.type.length)
        except ValueError as exc:
            raise ValueError(f"{column.path}: {column.type}: {exc}") from None

    def vocabulary(self, locale: str) -> tuple[tuple[str, ...], Weights]:
        raise NotImplementedError

    def domain_size(self) -> int:
        return len(self.pool)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        if self.column.unique:
            idx = keyed_range(ctx, n, 0, len(self.pool) - 1, self.column.key)
            return self.pool.take(idx).tolist()
        return self.pool.sample(n, rng).tolist()


class _Localized(_VocabularyGenerator[_V]):
    """A list from one of the locale's data files (``person.json``, ``food.json``)."""

    file: str = ""
    key: str = ""

    def vocabulary(self, locale: str) -> tuple[tuple[str, ...], Weights]:
        return data.words(locale, self.file, self.key), None


# --------------------------------------------------------------------------- people


class OccupationGenerator(_Localized):
    """Occupations in the locale's language (``Solicitor``, ``Arzt / Ärztin``); infers
    nothing, since faker.job_title already claims occupation/profession columns."""

    name = "occupation"
    file, key = "person", "occupation"


class NationalityParams(Params):
    gender: Literal["any", "female", "male"] = Field(
        "any",
        description="Grammatical gender where the language has both forms "
        "(Deutscher/Deutsche); any: both.",
    )


class NationalityGenerator(_Localized[NationalityParams]):
    """Nationalities as adjectives or demonyms of the locale (``Argentinian``,
    ``Französin``)."""

    name = "nationality"
    file, key = "person", "nationality"
    # faker.country already takes plain "nationality" columns

    def vocabulary(self, locale: str) -> tuple[tuple[str, ...], Weights]:
        gender = self.params.gender
        return data.words(locale, self.file, self.key, gender), None


class LanguageGenerator(_Localized):
    """Names of spoken languages in the locale's language (``Swahili``, ``Koreanisch``)."""

    name = "language"
    file, key = "person", "language"


# English names of institutions: in a non-English locale's list they are foreign entries.
_ENGLISH_INSTITUTION = re.compile(r"\b(University|College|Institute|School|Academy)\b")


class UniversityGenerator(_Localized):
    """Universities and colleges of the locale's country (``University of California,
    Davis (UC Davis)``, ``Universität Gießen``).

    mimesis's pt-br list pads the Brazilian universities with about 180 American and world
    ones (``Cornell University``), copied partly from its English list. A non-English
    list that shares entries with the English one is treated as padded: its entries with
    English institution words are dropped, so pt_BR gives ``Universidade de São Paulo
    (USP)`` and its peers. Lists without such copies (de, fr, ja) are kept whole.
    """

    name = "university"
    file, key = "person", "university"

    def vocabulary(self, locale: str) -> tuple[tuple[str, ...], Weights]:
        values, weights = super().vocabulary(locale)
        if data.mimesis_locale(locale).split("-")[0] == data.FALLBACK:
            return values, weights
        english = set(data.words(data.FALLBACK, self.file, self.key))
        if english.isdisjoint(values):
            return values, weights
        own = tuple(v for v in values if not _ENGLISH_INSTITUTION.search(v))
        return (own, None) if len(own) >= 2 else (values, weights)


class AcademicDegreeGenerator(_Localized):
    """Academic degrees of the locale (``Bachelor``, ``Master``, ``PhD``; ``Diplom``)."""

    name = "academic_degree"
    file, key = "person", "academic_degree"


# Shares of the ABO/Rh groups in the US population (American Red Cross); mimesis itself
# draws them uniformly, which makes AB- as common as O+.
_BLOOD_SHARES = {
    "O+": 37.4,
    "O-": 6.6,
    "A+": 35.7,
    "A-": 6.3,
    "B+": 8.5,
    "B-": 1.5,
    "AB+": 3.4,
    "AB-": 0.6,
}


class BloodTypeParams(Params):
    weighted: bool = Field(
        True, description="Draw with typical population shares (O+ most, AB- least)."
    )


class BloodTypeGenerator(_VocabularyGenerator[BloodTypeParams]):
    """ABO/Rh blood types (``O+``, ``AB-``; ASCII minus), weighted by how common they are."""

    name = "blood_type"

    def vocabulary(self, locale: str) -> tuple[tuple[str, ...], Weights]:
        # mimesis writes U+2212 (−); databases and forms use the ASCII hyphen-minus.
        groups = tuple(g.replace("\u2212", "-") for g in data.international("BLOOD_GROUPS"))
        if not self.params.weighted:
            return groups, None
        mean = sum(_BLOOD_SHARES.values()) / len(_BLOOD_SHARES)
        return groups, tuple(_BLOOD_SHARES.get(g, mean) for g in groups)


# --------------------------------------------------------------------------- technology


class ProgrammingLanguageGenerator(_VocabularyGenerator):
    """Programming languages (``Python``, ``C#``, ``Haskell``)."""

    name = "programming_language"

    def vocabulary(self, locale: str) -> tuple[tuple[str, ...], Weights]:
        return data.international("PROGRAMMING_LANGS"), None


# --------------------------------------------------------------------------- food


class DishGenerator(_Localized):
    """Dishes of the locale's cuisine and beyond (``Baklava``, ``Leberkäse``)."""

    name = "dish"
    file, key = "food", "dishes"


class DrinkGenerator(_Localized):
    """Drinks and cocktails (``Jack Rose``, ``Altbier``, ``日本茶``)."""

    name = "drink"
    file, key = "food", "drinks"


GENERATORS: tuple[type[Generator], ...] = (
    OccupationGenerator,
    NationalityGenerator,
    LanguageGenerator,
    UniversityGenerator,
    AcademicDegreeGenerator,
    BloodTypeGenerator,
    ProgrammingLanguageGenerator,
    DishGenerator,
    DrinkGenerator,
)
