"""``core.term``: names of the things lookup tables list (departments, languages, genres…).

The vocabularies are sections of ``corpora/terms.txt``, some terms weighted (a lookup
table lists the common ones first). With ``distinct`` (the default) row ``r`` of the table
gets the ``r``-th term of one keyed weighted order of the whole vocabulary — the order a
weighted draw without replacement gives (Efraimidis–Spirakis keys from the column's key),
so the first rows hold common terms in a shuffled order and every term appears once before
any repeats. Past the vocabulary a term comes back with a Roman numeral ("Marketing II",
"Marketing III"), so a unique column never runs out and still reads naturally. Without
``distinct`` rows draw terms by weight, with repeats (a product's category).

The ``codename`` vocabulary is adjective × noun ("Silver Harbor", 7,000 pairs): the
always-plausible name of a thing a table lists when no vocabulary fits it.
"""

from __future__ import annotations

from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from pgmock_builtins._corpora import read_corpus
from pgmock_builtins._vec import concat, int_texts, str_lengths
from pgmock_sdk import ColumnInfo, GenContext, Generator, Params
from pgmock_sdk.lazy import np
from pgmock_sdk.pgtypes import TEXT_TYPES

if TYPE_CHECKING:
    from numpy.typing import NDArray

TEXT_KEYS = frozenset(TEXT_TYPES) | {"text[]", "varchar[]"}

Vocabulary = Literal[
    "department", "language", "category", "film_genre", "music_genre", "book_genre", "genre",
    "media_type", "playlist", "role", "color", "tracker", "priority", "status", "zone",
    "payment_method", "shipping_method", "tax_category", "reason", "shipping_category",
    "option", "property", "tag", "topic", "setting", "currency", "locale", "language_code",
    "timezone", "plan", "cuisine", "ticket_tier", "event_category", "financing",
    "support_tag", "support_team", "canned_response", "sla_policy", "academic_department",
    "academic_rank", "codename",
]  # fmt: skip

_ROMAN = ("", " II", " III", " IV", " V", " VI", " VII", " VIII", " IX", " X")


def roman_suffixes(rounds: NDArray[np.int64]) -> list[str]:
    """'' for round 0, ' II' for 1, … ' X' for 9, then ' 11', ' 12' …"""
    out = np.empty(len(rounds), dtype=object)
    small = rounds < len(_ROMAN)
    out[small] = np.array(_ROMAN, dtype=object)[rounds[small]]
    big = ~small
    if big.any():
        out[big] = np.array(concat(" ", int_texts(rounds[big] + 1)), dtype=object)
    return list(out.tolist())


@lru_cache(maxsize=64)
def vocabulary(name: str) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """Terms and weights of a vocabulary (the codename one: every adjective-noun pair)."""
    sections = read_corpus("terms.txt")
    if name == "codename":
        adjectives = list(filter(None, sections["codename_adjective"]))
        nouns = list(filter(None, sections["codename_noun"]))
        pairs = [f"{a} {n}" for a in adjectives for n in nouns if a != n]
        return tuple(pairs), (1.0,) * len(pairs)
    lines = list(filter(None, sections[name]))
    texts, weights = [], []
    for line in lines:
        text, _, weight = line.partition("|")
        texts.append(text)
        weights.append(float(weight) if weight else 1.0)
    return tuple(texts), tuple(weights)


class TermParams(Params):
    vocabulary: Vocabulary = Field(
        "codename",
        description="Which names: department, language, category, film_genre, music_genre, "
        "book_genre, genre, media_type, playlist, role, color, tracker, priority, status, "
        "zone, payment_method, shipping_method, tax_category, reason, shipping_category, "
        "option, property, tag, topic (what posts are about), setting, currency (ISO 4217 "
        "codes), locale (BCP 47 tags: en-US), language_code (ISO 639-1: en), timezone "
        "(IANA names: Europe/Berlin), plan (Free, Starter, Pro …), cuisine (Italian, Thai …), "
        "ticket_tier (General Admission, VIP …), event_category (Music, Conference …), "
        "financing (Conventional, FHA, Cash …), support_tag (billing, refund …), "
        "support_team (Tier 1 Support, Billing …), canned_response (a helpdesk macro's "
        "title: Request more details …), sla_policy (Standard, Enterprise 24/7 …), "
        "academic_department (Mathematics, History …), academic_rank (Professor, Lecturer …), "
        "or codename (adjective "
        "noun: Silver Harbor).",
    )
    distinct: bool = Field(
        True,
        description="Every term once before any repeats (the rows of a lookup table); past "
        "the vocabulary terms come back numbered (Marketing II). False: draw by weight.",
    )


class TermGenerator(Generator[TermParams]):
    """Names of what lookup tables list — departments, languages, genres, categories,
    roles, colors… (``vocabulary``), common ones first; distinct per row, then numbered
    ("Marketing II"), so unique columns never run out."""

    name = "term"
    pg_types = frozenset(TEXT_TYPES)
    supports_unique = True

    def __init__(self, params: TermParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        terms, weights = vocabulary(params.vocabulary)
        self.limit = column.type.length
        if self.limit is not None:
            fits = [len(term) <= self.limit for term in terms]
            if not any(fits):
                raise ValueError(
                    f"{column.path}: {column.type.display()} is too short for "
                    f"{params.vocabulary} names"
                )
            terms = tuple(t for t, fit in zip(terms, fits, strict=True) if fit)
            weights = tuple(w for w, fit in zip(weights, fits, strict=True) if fit)
        # as lists here, as arrays when generating (validating a schema makes no arrays)
        self.term_list, self.weight_list = terms, weights
        self.distinct = params.distinct or column.unique
        # Room for " VIII" after the longest term in a short column: else numbered terms
        # are cut, which could merge two.
        self.rounds = 1_000_000
        if self.limit is not None and column.unique:
            room = self.limit - max(map(len, terms))
            fitting = [len(s) <= room for s in _ROMAN]  # ten suffixes, not rows
            self.rounds = fitting.index(False) if False in fitting else len(_ROMAN)
        self._order: NDArray[np.int64] | None = None

    @cached_property
    def terms(self) -> NDArray[np.object_]:
        return np.array(self.term_list, dtype=object)

    @cached_property
    def weights(self) -> NDArray[np.float64]:
        return np.array(self.weight_list, dtype=np.float64)

    def order(self) -> NDArray[np.int64]:
        """The keyed weighted order of the vocabulary (made once, from the column's key)."""
        if self._order is None:
            rng = np.random.default_rng(self.column.key)
            keys = np.log(rng.random(len(self.terms))) / self.weights
            self._order = np.argsort(-keys, kind="stable")
        return self._order

    def domain_size(self) -> int:
        k = len(self.term_list)
        return k * self.rounds if self.column.unique else k

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        if not self.distinct:
            p = self.weights / self.weights.sum()
            return list(self.terms[rng.choice(len(self.terms), n, p=p)].tolist())
        rows = ctx.row_numbers(n)
        rounds, within = np.divmod(rows, len(self.terms))
        if self.column.unique and n and int(rounds[-1]) >= self.rounds:
            raise ValueError(
                f"{self.column.path}: row {int(rows[-1]) + 1:,} needs a unique name but "
                f"there are only {self.domain_size():,}"
            )
        base = self.terms[self.order()[within]].tolist()
        if not rounds.any():
            return list(base)
        named = concat(base, roman_suffixes(rounds))
        if self.limit is None:
            return named
        fits = str_lengths(named) <= self.limit
        return list(np.where(fits, np.array(named, object), np.array(base, object)).tolist())
