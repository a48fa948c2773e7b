"""Columns that belong to one kind of row: ``card_last4`` only where ``method = 'card'``.

A nullable column the schema leaves open whose first word names some of the values a
method column declared before it lists (``CHECK (method IN ('card', 'bank_transfer',
'paypal'))``, an enum) is NULL exactly in the rows of the other values: a bank transfer
has no card digits, a card payment no PayPal e-mail. It becomes the column's cases on the
method column, as :func:`pgmock.schema.lifecycle.status_cases` does for a status.

So too a nullable outcome (``grade``, ``final_score``, ``result`` …) in a row whose status
column declared before it lists a state of being done with it (``completed``,
``graded``, ``passed`` …) beside others: only rows in those states have one — an
enrolment still under way or dropped has no grade (:func:`outcome_cases`).

Likewise a home's rooms do not exist on a plot of land: the bedrooms, bathrooms, stories
and year built of a listing whose property type (declared before them) is ``land`` (a
lot, a parcel …) are NULL, or 0 where the column is NOT NULL (:func:`no_building`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pgmock.schema import model
from pgmock.schema.lifecycle import STATUS_COLUMN, left_open, listing_columns
from pgmock.schema.resolved import RColumn, RTable

__all__ = ["kind_cases", "no_building", "outcome_cases"]

# Columns that say how a row was made or paid: a choice among a few means.
_METHOD = re.compile(
    r"(\w+_)?(method|channel|provider|gateway|instrument)"
    r"|(payment|pay|funding|billing|transfer)_(type|kind|mode)"
)


# What a row comes to when it is done: a grade, a score, a result.
_OUTCOME = re.compile(r"(\w+_)?(grade|letter_grade|mark|score|result|outcome|grade_points)")
# States of a row that is done, whether it went well or not.
_DONE = frozenset({
    "completed", "complete", "passed", "failed", "graded", "marked", "finished", "done",
    "returned", "closed",
})  # fmt: skip


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[_\W]+", name.lower()) if w]


def _open(col: RColumn, spec: model.Column) -> bool:
    """Whether the schema says nothing of where a generated column's values or NULLs
    come from, and nothing else chose its cases."""
    return (
        left_open(spec)
        and not col.unique
        and col.generator is not None
        and col.cases_on is None
        and col.fk is None
        and col.has_data
        and spec.nullRatio is None
    )


def _open_nullable(col: RColumn, spec: model.Column) -> bool:
    return col.nullable and _open(col, spec)


def _null_outside(
    rt: RTable, col: RColumn, pattern: re.Pattern[str], kept: Callable[[str], bool]
) -> bool:
    """Give ``col`` cases on the first column declared before it named by ``pattern`` that
    lists values of which some, not all, are ``kept``: NULL in the rows of the others."""
    for other, values in listing_columns(rt, col, pattern):
        keep = {v for v in values if kept(v)}
        if not keep or len(keep) == len(values):
            continue
        col.cases_on = other.name
        col.cases = {v: None for v in values if v not in keep}
        col.null_ratio = 0.0
        return True
    return False


def kind_cases(rt: RTable, col: RColumn, spec: model.Column) -> bool:
    """Make ``col`` NULL in the rows whose method is not the one its first word names
    (``card_last4`` of a ``bank_transfer``). False when no method column declared before
    it lists such a value (nor only such values), or the schema says where the column's
    values or NULLs come from."""
    if not _open_nullable(col, spec):
        return False
    words = _words(col.name)
    if not words:
        return False
    return _null_outside(rt, col, _METHOD, lambda v: words[0] in _words(v))


def outcome_cases(rt: RTable, col: RColumn, spec: model.Column) -> bool:
    """Make an outcome (``grade``) NULL in the rows whose status is not one of being done
    (``completed``, ``graded`` …). False when the column is no outcome, no status column
    declared before it lists such a state beside others, or the schema says where the
    column's values or NULLs come from."""
    if not _open_nullable(col, spec) or not _OUTCOME.fullmatch(col.name.lower()):
        return False
    return _null_outside(rt, col, STATUS_COLUMN, lambda v: v.lower() in _DONE)


# A listing's kind, and the kinds that are bare land (no building on them).
_PROPERTY_KIND = re.compile(
    r"(\w+_)?(property|home|listing|building|dwelling|real_estate|estate)_?(type|kind|category)"
    r"|type|kind|category"
)
_LAND = re.compile(
    r"(vacant_?|raw_?|bare_?|farm_?)?(land|lots?|plots?|parcels?|acreage)(_lot|_plot)?"
)
# What only a building has: rooms, floors, the year it was built.
_BUILDING = re.compile(
    r"(num_|number_of_|total_|full_|half_)?(bed(room)?s?|bath(room)?s?|rooms|stories|storeys"
    r"|floors|levels)(_count|_total)?|year_built|built_year|construction_year"
)


def no_building(rt: RTable, col: RColumn, spec: model.Column) -> tuple[str, list[str]] | None:
    """``(kind column, values)`` where ``col`` (a home's ``bedrooms``) has nothing to count:
    the land values a property-type column declared before it lists. None when the
    column is not such a count, no such column lists a land value, or the schema says
    where the column's values or NULLs come from."""
    if not _BUILDING.fullmatch(col.name.lower()) or not _open(col, spec):
        return None
    for other, values in listing_columns(rt, col, _PROPERTY_KIND):
        land = [v for v in values if _LAND.fullmatch(v.lower().replace(" ", "_"))]
        if land and len(land) < len(values):
            return other.name, land
    return None
