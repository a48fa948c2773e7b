"""A parameter that cannot change the data where it is given is a schema error that
says what it needs (issue 12, 5 and 8)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from restored import serial_table, validate


def _column(spec: dict[str, Any]) -> dict[str, Any]:
    return {"tables": {"t": serial_table(10, c=spec)}}


def _gen(gen: str, ctype: str, **params: Any) -> dict[str, Any]:
    return {"type": ctype, "generator": gen, "params": params}


_PICK = {"generator": "choice", "params": {"values": ["a", "b"]}}


def _no(param: str, what: str) -> str:
    return f"{param} has no effect without {what}"


_EVENTS = "event_time", "timestamp"
_WEIGHTED_VALUES = {"name": "weighted", "weights": [1, 2], "values": [1, 2]}
CASES: list[tuple[dict[str, Any], str]] = [
    (_gen(*_EVENTS, off_hours_factor=0.5), _no("off_hours_factor", "business_hours")),
    (_gen(*_EVENTS, holiday_factor=0.5), _no("holiday_factor", "holidays")),
    (_gen(*_EVENTS, burst_factor=3.0), _no("burst_factor", "bursts")),
    (_gen(*_EVENTS, burst_duration="1 hour"), _no("burst_duration", "bursts")),
    (_gen(*_EVENTS, weekly_peak="monday"), _no("weekly_peak", "weekly_amplitude")),
    (
        _gen(*_EVENTS, business_days=False, weekend_factor=0.5),
        _no("weekend_factor", "business_days"),
    ),
    (_gen("metric", "float8", bursts=3), _no("bursts", "burst_size")),
    (_gen("metric", "float8", burst_size=3.0), _no("burst_size", "bursts")),
    (_gen("range", "int4range", unbounded_side="lower"), _no("unbounded_side", "unbounded_ratio")),
    (_gen("review", "text", rating_max=10), _no("rating_max", "rating_column")),
    (_gen("faker.country", "text", group="home"), "group has no effect on a country"),
    (
        {"type": "text", **_PICK, "distribution": _WEIGHTED_VALUES},
        "values have no effect when picking among categories",
    ),
    (
        {"type": "text", **_PICK, "distribution": {"name": "zipf", "n_ranks": 5}},
        "n_ranks has no effect when picking among categories",
    ),
    (
        {"type": "integer", "distribution": {"name": "weighted", "weights": [1, 2]}},
        "core.integer cannot draw through it: weighted needs values (one per weight) to draw "
        "numbers",
    ),
    (
        {"type": "text", **_PICK, "distribution": {"name": "weighted", "weights": [1, 2, 3]}},
        "weighted has 3 weights but there are 2 categories",
    ),
    (
        {"type": "integer", "unique": True, "distribution": {"name": "normal"}},
        "a distribution cannot shape them",
    ),
    (
        {"type": "integer", "references": "t.id", "params": {"min": 1}},
        "'params' has no effect here",
    ),
    ({"type": "integer", "expr": "id * 2", "after": "id"}, "'expr' has no effect here"),
    ({"type": "integer", "maxDepth": 2}, "maxDepth needs a reference to the same table"),
    ({"type": "serial", "default": "7"}, "'default' has no effect here"),
]


@pytest.mark.parametrize(("spec", "says"), CASES)
def test_parameters_without_effect_are_refused(
    tmp_path: Path, spec: dict[str, Any], says: str
) -> None:
    proc = validate(tmp_path, _column(spec))
    assert proc.returncode == 2, proc.stderr
    assert says in proc.stderr


def test_weekend_factor_turns_business_days_on(tmp_path: Path) -> None:
    """Before: weekend_factor did nothing unless business_days was set."""
    proc = validate(tmp_path, _column(_gen("event_time", "timestamp", weekend_factor=0.1)))
    assert proc.returncode == 0, proc.stderr
