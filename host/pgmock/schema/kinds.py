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
"""

from __future__ import annotations

import re

from pgmock.schema import model
from pgmock.schema.lifecycle import STATUS_COLUMN, left_open, state_values
from pgmock.schema.resolved import RColumn, RTable

__all__ = ["kind_cases", "outcome_cases"]

# Columns that say how a row was made or paid: a choice among a few means.
_METHOD = re.compile(
    r"(\w+_)?(method|channel|provider|gateway|instrument)"
    r"|(payment|pay|funding|billing|transfer)_(type|kind|mode)"
)


# What a row comes to when it is done: a grade, a score, a result.
_OUTCOME = re.compile(
    r"(\w+_)?(grade|letter_grade|mark|score|result|outcome|grade_points)"
)
# States of a row that is done, whether it went well or not.
_DONE = frozenset({
    "completed", "complete", "passed", "failed", "graded", "marked", "finished", "done",
    "returned", "closed",
})  # fmt: skip


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[_\W]+", name.lower()) if w]


def _open_nullable(col: RColumn, spec: model.Column) -> bool:
    """Whether the schema says nothing of where a nullable generated column's values or
    NULLs come from, and nothing else chose its cases."""
    return (
        left_open(spec)
        and col.nullable
        and not col.unique
        and col.generator is not None
        and col.cases_on is None
        and col.fk is None
        and col.has_data
        and spec.nullRatio is None
    )


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
    for other in rt.columns_before(col.name):
        if not _METHOD.fullmatch(other.name.lower()) or other.fk is not None:
            continue
        if not other.has_data or other.is_serial or other.type.is_array:
            continue
        values = state_values(other) or []
        owners = {v for v in values if words[0] in _words(v)}
        if not owners or len(owners) == len(values):
            continue
        col.cases_on = other.name
        col.cases = {v: None for v in values if v not in owners}
        col.null_ratio = 0.0
        return True
    return False


def outcome_cases(rt: RTable, col: RColumn, spec: model.Column) -> bool:
    """Make an outcome (``grade``) NULL in the rows whose status is not one of being done
    (``completed``, ``graded`` …). False when the column is no outcome, no status column
    declared before it lists such a state beside others, or the schema says where the
    column's values or NULLs come from."""
    if not _open_nullable(col, spec) or not _OUTCOME.fullmatch(col.name.lower()):
        return False
    for other in rt.columns_before(col.name):
        if not STATUS_COLUMN.fullmatch(other.name.lower()) or other.fk is not None:
            continue
        if not other.has_data or other.is_serial or other.type.is_array:
            continue
        values = state_values(other) or []
        done = {v for v in values if v.lower() in _DONE}
        if not done or len(done) == len(values):
            continue
        col.cases_on = other.name
        col.cases = {v: None for v in values if v not in done}
        col.null_ratio = 0.0
        return True
    return False
