"""Converting distribution parameters written as dates and intervals into numbers.

Distributions draw plain numbers. On a date/time column those numbers are epoch seconds
(epoch days for ``date``), so ``"mean": "2024-06-01"`` and ``"stddev": "30 days"`` are
converted here before the distribution's own parameter model sees them.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from typing import Any

_INTERVAL_PART = re.compile(
    r"(?P<num>-?\d+(?:\.\d+)?)\s*(?P<unit>weeks?|days?|hours?|minutes?|mins?|seconds?|secs?|s|m|h|d|w)\b",
    re.IGNORECASE,
)
_SECONDS = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}


def interval_seconds(text: str) -> float:
    parts = list(_INTERVAL_PART.finditer(text))
    if not parts or _INTERVAL_PART.sub("", text).strip(" ,"):
        raise ValueError(f'cannot read interval "{text}" (write e.g. "30 days" or "2 hours")')
    total = 0.0
    for m in parts:
        unit = m.group("unit").lower()
        key = "m" if unit.startswith("min") else unit[0]
        total += float(m.group("num")) * _SECONDS[key]
    return total


def epoch_seconds(text: str) -> float:
    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(
            f'cannot read date/time "{text}" (write ISO 8601, e.g. 2024-06-01)'
        ) from None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.timestamp()


def convert_temporal_params(
    params: dict[str, Any], location: frozenset[str], scale: frozenset[str], per_day: bool
) -> dict[str, Any]:
    """Numbers pass through; date strings (location) and interval strings (scale) convert."""
    div = 86400.0 if per_day else 1.0
    out = dict(params)
    for key, value in params.items():
        convert = (
            (lambda v: epoch_seconds(v) / div)
            if key in location
            else (lambda v: interval_seconds(v) / div)
            if key in scale
            else None
        )
        if convert is None:
            continue
        if isinstance(value, str):
            out[key] = convert(value)
        elif isinstance(value, list):  # e.g. weighted "values": a list of dates
            out[key] = [convert(v) if isinstance(v, str) else v for v in value]
    return out


def is_day_unit(type_name: str) -> bool:
    return type_name == "date"


__all__ = ["convert_temporal_params", "date", "epoch_seconds", "interval_seconds"]
