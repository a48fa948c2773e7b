"""Inference rules: which generator fills a column the schema leaves open, as data.

Plugins register rules in ``pgmock_register_inference_rules(registry)`` with
``registry.add_rule(Rule(...))`` and lifecycles with ``registry.add_lifecycle(...)``.
The host matches a column's table, name and type against every rule; the most specific
match wins (see :func:`Rule.specificity`), so a domain plugin refines pgmock's own table
without replacing it. Explicit generators in a schema always win over rules.

Table patterns match the table's *singular noun*: ``departments`` → ``department``,
``order_details`` → ``order_detail``, ``sales.categories`` → ``category`` (the schema is
dropped; every word is made singular). A pattern also matches a trailing part of the
noun, so ``category`` matches ``product_categories`` and ``spree_tax_categories``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pgmock_sdk.pgtypes import PgType

__all__ = [
    "KINDS",
    "PRIMARY_KEY_WEIGHT",
    "Lifecycle",
    "Rule",
    "Stage",
    "StatusWindow",
    "kind_matches",
    "parent_column",
    "row_column",
    "row_without",
    "singular",
    "table_letters",
    "table_nouns",
]

#: Type kinds a rule may name besides exact type keys (``int4``, ``text[]``).
KINDS: dict[str, frozenset[str]] = {
    "integer": frozenset({"int2", "int4", "int8"}),
    "decimal": frozenset({"numeric", "float4", "float8", "money"}),
    "number": frozenset({"int2", "int4", "int8", "numeric", "float4", "float8", "money"}),
    "text": frozenset({"text", "varchar", "bpchar", "name", "citext"}),
    "date": frozenset({"date"}),
    "timestamp": frozenset({"timestamp", "timestamptz"}),
    "moment": frozenset({"date", "timestamp", "timestamptz"}),
    "boolean": frozenset({"bool"}),
    "text[]": frozenset({"text[]", "varchar[]", "bpchar[]", "citext[]", "name[]"}),
}


#: What a rule's ``primary_key`` condition adds to its specificity: more than a column,
#: table, references and schema_has pattern together.
PRIMARY_KEY_WEIGHT = 6


def kind_matches(kinds: tuple[str, ...], pgtype: PgType) -> bool:
    """Whether ``pgtype`` is one of ``kinds`` (kind names of :data:`KINDS` or type keys);
    an empty tuple matches every type."""
    if not kinds:
        return True
    key = pgtype.key
    return any(key == k or key in KINDS.get(k, ()) for k in kinds)


# A pattern of words, "|", groups and "?" ("first_?name|fname", two thirds of pgmock's
# table) names a finite set of names: it is valid and is matched by a set look-up, never
# compiled (compiling the whole table cost a tenth of ``pgmock validate``).
_WORDS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_|")
_FINITE = _WORDS | frozenset("()?")
_MAX_NAMES = 512


@lru_cache(maxsize=4096)
def _names(pattern: str) -> frozenset[str] | None:
    """The names ``pattern`` matches in full when it is built of words, ``|``, groups and
    ``?`` only (and they are few); None for any other pattern."""
    if not _FINITE.issuperset(pattern) or "(?" in pattern:
        return None
    if _WORDS.issuperset(pattern):
        return frozenset(pattern.split("|"))
    at = 0

    def either() -> set[str]:  # seq ("|" seq)*
        nonlocal at
        names = sequence()
        while at < len(pattern) and pattern[at] == "|":
            at += 1
            names |= sequence()
        return names

    def sequence() -> set[str]:  # (word character | "(" either ")") "?"?, repeated
        nonlocal at
        names = {""}
        while at < len(pattern) and pattern[at] not in "|)":
            if pattern[at] == "(":
                at += 1
                atom = either()
                if at == len(pattern):
                    raise ValueError("unbalanced")
            elif pattern[at] == "?":
                raise ValueError("nothing to repeat")
            else:
                atom = {pattern[at]}
            at += 1
            if at < len(pattern) and pattern[at] == "?":
                at += 1
                atom = atom | {""}
            names = {a + b for a in names for b in atom}
            if len(names) > _MAX_NAMES:
                raise ValueError("too many")
        return names

    try:
        names = either()
    except ValueError:
        return None
    return frozenset(names) if at == len(pattern) else None


def _check(pattern: str | None, what: str) -> None:
    """A ValueError unless ``pattern`` (None: none) is a regular expression."""
    if pattern is None or _names(pattern) is not None:
        return
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"{what} pattern {pattern!r} is not a regular expression: {exc}") from None


@dataclass(frozen=True)
class Rule:
    """A column whose table, name and type match gets ``generator`` with ``params`` (and
    ``distribution``, when given and the schema names none).

    ``column`` and ``table`` are regular expressions matched in full against the
    lower-cased column name and the table's singular noun (:func:`table_nouns`); None
    matches any. ``references``, when given, must match the singular noun of a table the
    column's table has a foreign key to (a payment of a *rental*). ``types`` are kinds of
    :data:`KINDS` or type keys; empty: any type the generator fills. ``note`` says why, in
    a few words: ``pgmock explain`` shows it.
    """

    generator: str
    column: str | None = None
    table: str | None = None
    types: tuple[str, ...] = ()
    references: str | None = None
    schema_has: str | None = None
    primary_key: bool = False
    params: Mapping[str, Any] = field(default_factory=dict)
    distribution: Mapping[str, Any] | None = None
    note: str = ""

    def __post_init__(self) -> None:
        if self.column is None and self.table is None and not self.types and not self.primary_key:
            raise ValueError(
                f"a rule for {self.generator} must name a column, table, type or primary_key"
            )
        _check(self.column, "column")
        _check(self.table, "table")
        _check(self.references, "references")
        _check(self.schema_has, "schema_has")
        if self.distribution is not None and "name" not in self.distribution:
            raise ValueError("a rule's distribution needs a name")

    @property
    def specificity(self) -> int:
        """A column pattern counts 2; a table, a references and a schema_has pattern 1
        each: table and column (3) beat column (2) beat table (1) beat type only (0). A
        primary_key condition counts :data:`PRIMARY_KEY_WEIGHT`, more than all the others
        together: what numbers a table's rows comes before what the key's name suggests.
        More specific rules win; among equals, rules of other plugins come before pgmock's
        built-in ones, then the order of registration."""
        return (
            (PRIMARY_KEY_WEIGHT if self.primary_key else 0)
            + (2 if self.column is not None else 0)
            + (1 if self.table is not None else 0)
            + (1 if self.references is not None else 0)
            + (1 if self.schema_has is not None else 0)
        )

    def matches(
        self,
        nouns: tuple[str, ...],
        column: str,
        pgtype: PgType,
        parents: tuple[str, ...] = (),
        schema: tuple[str, ...] = (),
        primary_key: bool = False,
    ) -> bool:
        """Whether a column named ``column`` (lower-case) of type ``pgtype`` in a table
        with the singular ``nouns`` (:func:`table_nouns`), foreign keys to tables with the
        singular ``parents``, in a schema whose tables have the singular ``schema``
        matches; ``primary_key``: the column is on its own the table's primary key."""
        if self.primary_key and not primary_key:
            return False
        if not kind_matches(self.types, pgtype):
            return False
        if self.column is not None and not _matcher(self.column)(column):
            return False
        if self.references is not None and not any(
            _matcher(self.references)(n) for n in parents
        ):
            return False
        if self.schema_has is not None and not any(
            _matcher(self.schema_has)(n) for n in schema
        ):
            return False
        return self.table is None or any(map(_matcher(self.table), nouns))

    def noun_rank(self, nouns: tuple[str, ...]) -> int:
        """The position of the first of ``nouns`` the table pattern matches (0 without a
        table pattern): the lower, the closer the rule is to what the table is about."""
        if self.table is None:
            return 0
        matches = _matcher(self.table)
        return next((i for i, n in enumerate(nouns) if matches(n)), len(nouns))

    def describe(self) -> str:
        """``table ~ film, column ~ length, integer``: what the rule matches."""
        parts = []
        if self.primary_key:
            parts.append("primary key")
        if self.table is not None:
            parts.append(f"table ~ {self.table}")
        if self.references is not None:
            parts.append(f"references ~ {self.references}")
        if self.schema_has is not None:
            parts.append(f"schema has ~ {self.schema_has}")
        if self.column is not None:
            parts.append(f"column ~ {self.column}")
        if self.types:
            parts.append("/".join(self.types))
        return ", ".join(parts)


@dataclass(frozen=True)
class Stage:
    """One stage of a :class:`Lifecycle`: columns named like ``column`` (a regex, matched
    in full against the lower-cased name). A stage after the first comes at most
    ``within`` (an interval) after the previous stage present in the row; when its column
    is nullable and the schema sets no ``nullRatio``, ``null_ratio`` of its rows are NULL
    (the stage was not reached: an open rental's return date). ``follows`` (a stage's
    index) makes it come after that stage instead of the previous one, ``within`` of it:
    an invoice is paid after it was issued, not always after it fell due."""

    column: str
    within: str = "30 days"
    null_ratio: float = 0.0
    follows: int | None = None

    def __post_init__(self) -> None:
        _check(self.column, "stage")
        if not 0.0 <= self.null_ratio <= 1.0:
            raise ValueError("null_ratio must lie in [0, 1]")
        if self.follows is not None and self.follows < 0:
            raise ValueError("follows is the index of an earlier stage")


@dataclass(frozen=True)
class StatusWindow:
    """Where the first stage of a :class:`Lifecycle` with ``windows`` lies for rows whose
    status column (declared before it) holds one of ``states``: between ``first`` and
    ``last`` (ISO dates, inclusive). A planned project starts after the data's present,
    an active one in its last year, a completed one before it."""

    states: frozenset[str]
    first: str
    last: str


@dataclass(frozen=True)
class Lifecycle:
    """Moments of one row that happen in this order (created ≤ updated ≤ deleted).

    The host turns a later stage's column into ``"after": <the previous stage present>``
    when the schema gives that column no generator, ``after``, ``expr`` or ``from`` of its
    own, the previous stage's column is declared before it, and both are dates or
    timestamps. ``table`` (a regex on the singular noun) limits the lifecycle to tables
    like it.

    ``after_parent`` (an interval): the first stage also comes after the first stage of
    the row's parent, at most that long after it — a comment is not written before its
    post, nor a post before its author signed up. It applies to a first-stage column the
    schema leaves open and no stage of its own row orders, through the first NOT NULL
    single-column foreign key declared before it whose table has a first-stage column.

    ``begins_row``: the first stage is when the row came to be (``created_at``,
    ``joined_on``, ``acquired_on``), the moment the rows of its children come after.
    ``since_parents``: the first stage, left open and ordered by nothing else, lies
    between the latest beginning of the parent rows its NOT NULL foreign keys picked
    and the latest value of its own generator — a loan is made after its member joined
    and its copy was acquired, and not after the data's present. ``bounds_children``:
    the first stage begins the row and its last stage ends it for its children, whose
    ``since_parents`` moments lie between the two — a timesheet within its project's
    start and end dates. ``windows``: where the first stage, left open to the date or
    timestamp generator, lies by the row's status (:class:`StatusWindow`).
    """

    name: str
    stages: tuple[Stage, ...]
    table: str | None = None
    note: str = ""
    after_parent: str | None = None
    begins_row: bool = False
    since_parents: bool = False
    bounds_children: bool = False
    windows: tuple[StatusWindow, ...] = ()

    def __post_init__(self) -> None:
        if len(self.stages) < 2:
            raise ValueError(f"lifecycle {self.name!r} needs at least two stages")
        for i, stage in enumerate(self.stages):
            if stage.follows is not None and stage.follows >= i:
                raise ValueError(
                    f"lifecycle {self.name!r}: stage {i} follows stage {stage.follows}, "
                    "which is not an earlier one"
                )
        _check(self.table, "table")

    def stage_of(self, column: str) -> int | None:
        """The index of the stage a (lower-case) column name belongs to, or None."""
        for i, stage in enumerate(self.stages):
            if _matcher(stage.column)(column):
                return i
        return None

    def applies_to(self, nouns: tuple[str, ...]) -> bool:
        return self.table is None or any(map(_matcher(self.table), nouns))


def parent_column(table: str, column: str) -> dict[str, str]:
    """A rule parameter the host fills with ``"parent_table.column"``: the first column
    matching ``column`` (a regex) of a table matching ``table`` (a regex on its singular
    noun) that the column's table has a foreign key to, declared before the column. Without
    such a parent the parameter is left out. For generators that read parent rows
    (:meth:`pgmock_sdk.Generator.parent_inputs`): ``{"country_from":
    parent_column("country", "country|name")}``."""
    return {"$parent": table, "$column": column}


def row_column(*patterns: str, kinds: tuple[str, ...] = ("text",)) -> dict[str, list[str]]:
    """A rule parameter the host fills with the name of a column of the same row: the
    first column of one of ``kinds`` (text unless given; kind names of :data:`KINDS` or
    type keys) declared before the column, with values of its own (not a foreign key),
    whose lower-cased name matches one of ``patterns`` (regexes, tried in order). Without
    one the parameter is left out, so a generator that needs it does not fit and the next
    candidate is tried. For generators reading the row
    (:attr:`pgmock_sdk.Generator.column_params`): ``{"source_column": row_column("title",
    "name")}``, ``{"rating_column": row_column("stars", kinds=("integer",))}``."""
    for pattern in patterns:
        _check(pattern, "row column")
    found: dict[str, list[str]] = {"$row": list(patterns)}
    if kinds != ("text",):
        found["$kinds"] = list(kinds)
    return found


def row_without(*patterns: str) -> dict[str, list[str]]:
    """A rule parameter the host fills with ``True`` when no column of the row (declared
    anywhere in the table, with values of its own) has a lower-cased name matching one of
    ``patterns`` (regexes); left out when one does. For a choice that only holds for a
    column standing alone: ``{"markets": row_without("city", "postal_code")}`` spreads a
    country column over the world where no address beside it pins it to one place."""
    for pattern in patterns:
        _check(pattern, "row column")
    return {"$without": list(patterns)}


def table_letters(count: int = 1) -> dict[str, int]:
    """A rule parameter the host fills with the first ``count`` letters (A–Z) of the
    table's singular noun, upper-cased: ``P`` for ``projects``, ``DEP`` for
    ``departments`` with 3. Without letters the parameter is left out. For codes that
    read like the table's own (``{"prefix": table_letters(), "width": 5}``: ``P00042``)."""
    if count < 1:
        raise ValueError("table_letters needs a count of at least 1")
    return {"$letters": count}


@lru_cache(maxsize=4096)
def _matcher(pattern: str) -> Callable[[str], object]:
    """Whether a name matches ``pattern`` in full (re.fullmatch): truthy or not."""
    names = _names(pattern)
    if names is not None:
        return names.__contains__
    return re.compile(pattern).fullmatch


# Words whose singular is not made by dropping a suffix, or that are singular already.
_IRREGULAR = {
    "people": "person", "persons": "person", "men": "man", "women": "woman",
    "children": "child", "data": "data", "media": "media", "criteria": "criterion",
    "indices": "index", "matrices": "matrix", "vertices": "vertex", "analyses": "analysis",
    "statuses": "status", "status": "status", "news": "news", "series": "series",
    "species": "species", "staff": "staff", "aircraft": "aircraft", "sheep": "sheep",
    "movies": "movie", "cookies": "cookie", "lies": "lie", "ties": "tie", "pies": "pie",
    "quizzes": "quiz", "buses": "bus", "gas": "gas", "canvas": "canvas", "alias": "alias",
    "aliases": "alias", "address": "address", "process": "process", "access": "access",
    "business": "business", "class": "class", "glass": "glass", "pass": "pass",
    "campus": "campus", "bonus": "bonus", "virus": "virus", "census": "census",
    "menus": "menu", "settings": "setting", "this": "this", "axis": "axis", "axes": "axis",
    "leaves": "leaf", "wolves": "wolf", "halves": "half", "shelves": "shelf",
    "lives": "life", "wives": "wife", "knives": "knife", "feet": "foot", "teeth": "tooth",
    "geese": "goose", "mice": "mouse", "its": "its", "is": "is", "has": "has", "was": "was",
}  # fmt: skip


@lru_cache(maxsize=4096)
def singular(word: str) -> str:
    """The singular of one lower-case English word, by suffix (``categories`` →
    ``category``, ``boxes`` → ``box``, ``films`` → ``film``; ``address`` stays)."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= 3:
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zzes")):
        return word[:-2]
    if word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("s"):
        return word[:-1]
    return word


@lru_cache(maxsize=4096)
def table_nouns(table: str) -> tuple[str, ...]:
    """The singular noun of a table name and its trailing parts, longest first, then its
    leading parts, longest first: ``sales.order_details`` → (``order_detail``,
    ``detail``, ``order``); ``people_archive`` → (…, ``person``). The schema is dropped.
    Rules that match an earlier noun win over rules of equal specificity that match a
    later one (``product_categories`` is about categories, not products)."""
    name = table.rpartition(".")[2].strip('"')
    name = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()  # InvoiceLine → invoice_line
    words = [singular(w) for w in re.split(r"[_\s]+", name) if w]
    if not words:
        return (name,)
    suffixes = ["_".join(words[i:]) for i in range(len(words))]
    prefixes = ["_".join(words[:i]) for i in range(len(words) - 1, 0, -1)]
    return tuple(dict.fromkeys(suffixes + prefixes))
