"""Columns that belong to one kind of row: ``card_last4`` only where ``method = 'card'``.

A nullable column the schema leaves open whose first word names some of the values a
method column declared before it lists (``CHECK (method IN ('card', 'bank_transfer',
'paypal'))``, an enum) is NULL exactly in the rows of the other values: a bank transfer
has no card digits, a card payment no PayPal e-mail. It becomes the column's cases on the
method column, as :func:`pgmock.schema.lifecycle.status_cases` does for a status.
"""

from __future__ import annotations

import re

from pgmock.schema import model
from pgmock.schema.lifecycle import left_open, state_values
from pgmock.schema.resolved import RColumn, RTable

__all__ = ["kind_cases"]

# Columns that say how a row was made or paid: a choice among a few means.
_METHOD = re.compile(
    r"(\w+_)?(method|channel|provider|gateway|instrument)"
    r"|(payment|pay|funding|billing|transfer)_(type|kind|mode)"
)


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[_\W]+", name.lower()) if w]


def kind_cases(rt: RTable, col: RColumn, spec: model.Column) -> bool:
    """Make ``col`` NULL in the rows whose method is not the one its first word names
    (``card_last4`` of a ``bank_transfer``). False when no method column declared before
    it lists such a value (nor only such values), or the schema says where the column's
    values or NULLs come from."""
    if (
        not left_open(spec)
        or not col.nullable
        or col.unique
        or col.generator is None
        or col.cases_on is not None
        or col.fk is not None
        or not col.has_data
        or spec.nullRatio is not None
    ):
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
