"""Special values: NaN and infinities as the renderer writes them, infinity sentinels, and
special-value parameters a type cannot hold (schema errors) or a value it cannot (exit 1).

tests/restore/types/test_types_values.py compares the renderer's rules with the real
server and round-trips special values in every output format.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pgmock.render.values import INFINITY_TICKS, RenderError, render_values
from pgmock_sdk import parse_type

from clihelp import pgmock
from sample_schemas import column_spec
from values_plugin import PLUGIN_PATH


def r(values: Any, spelling: str) -> list[str | None]:
    return render_values(values, parse_type(spelling), "t.c")


def test_float_and_numeric_specials() -> None:
    x = np.array([np.nan, np.inf, -np.inf, 2.5])
    assert r(x, "float8") == ["NaN", "Infinity", "-Infinity", "2.5"]
    assert r(x.astype(np.float32), "real") == ["NaN", "Infinity", "-Infinity", "2.5"]
    assert r(x, "numeric") == ["NaN", "Infinity", "-Infinity", "2.5"]
    assert r(np.array([np.nan, 1.0]), "numeric(4,1)") == ["NaN", "1.0"]
    with pytest.raises(RenderError, match="infinity cannot be stored in numeric"):
        r(x, "numeric(4,1)")


def test_infinity_sentinels() -> None:
    ticks = np.array([INFINITY_TICKS, -INFINITY_TICKS, 0, np.iinfo(np.int64).min])
    assert r(ticks.astype("M8[D]"), "date") == ["infinity", "-infinity", "1970-01-01", None]
    assert r(ticks.astype("M8[s]"), "timestamptz") == [
        "infinity",
        "-infinity",
        "1970-01-01 00:00:00+00",
        None,
    ]
    with pytest.raises(RenderError, match="no infinity"):
        r(ticks.astype("m8[us]"), "time")


def _schema_with(column: dict[str, Any]) -> dict[str, Any]:
    return {"version": "1.0", "tables": {"t": {"rowCount": 5, "columns": {"c": column}}}}


BAD_PARAMS: dict[str, tuple[dict[str, Any], str]] = {
    "inf_numeric": (
        column_spec("numeric(6,2)", "decimal", infinity_ratio=0.1),
        "cannot hold Infinity",
    ),
    "nan_money": (column_spec("money", "decimal", nan_ratio=0.1), "money has no NaN"),
    "shares": (
        column_spec("float8", "decimal", nan_ratio=0.6, infinity_ratio=0.6),
        "must not exceed 1",
    ),
    "nan_unique": (
        {"type": "float8", "unique": True, "params": {"nan_ratio": 0.1}},
        "cannot fill a unique column",
    ),
    "inf_unique": (
        {"type": "date", "unique": True, "params": {"infinity_ratio": 0.1}},
        "cannot fill a unique column",
    ),
    "bc_zero": (column_spec("date", "date", start="0000-01-01 BC"), "a BC year is 1 or more"),
    "too_early": (column_spec("date", "date", start="4714-11-23 BC"), "before 4714-11-24 BC"),
    "price_nan": (column_spec("money", "price", nan_ratio=0.1), "nan_ratio"),
    "fields": (
        column_spec("interval hour to minute", "interval", min=10, max=50),
        "no multiple of 60 seconds",
    ),
}


def test_bad_special_value_params_are_schema_errors(tmp_path: Path) -> None:
    columns = {name: column for name, (column, _) in BAD_PARAMS.items()}
    path = tmp_path / "s.json"
    path.write_text(
        json.dumps({"version": "1.0", "tables": {"t": {"rowCount": 5, "columns": columns}}})
    )
    proc = pgmock("validate", str(path), check=False)
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    lines = err.splitlines()
    for name, (_, message) in BAD_PARAMS.items():
        assert any(f"tables.t.columns.{name}" in line and message in line for line in lines), (
            name,
            err,
        )
    out = tmp_path / "out.sql"
    assert pgmock("generate", str(path), "-f", str(out), check=False).returncode == 2
    assert not out.exists()


def test_render_errors_exit_1_without_traceback(tmp_path: Path) -> None:
    schema = _schema_with(
        {"type": "numeric(3,1)", "generator": "given", "params": {"values": [1.5, 1000.0]}}
    )
    path = tmp_path / "s.json"
    path.write_text(json.dumps(schema))
    out = str(tmp_path / "out.sql")
    proc = pgmock("--plugin", PLUGIN_PATH, "generate", str(path), "-f", out, check=False)
    err = proc.stderr.decode()
    assert proc.returncode == 1, err
    assert "t.c: value 1000.0 overflows numeric(3,1)" in err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == [path]
