"""Values from JavaScript and programs, checked against the column type before rendering;
and the JavaScript syntax check, which parses and never runs."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pgmock.render.values import render_values
from pgmock_builtins import _child
from pgmock_builtins._jsonvalues import check_values
from pgmock_builtins.js_gen import check_syntax
from pgmock_builtins.subprocess_gen import ProcessError, ProcessGenerator
from pgmock_sdk import GenContext, UserType, parse_type
from pgmock_sdk.testing import column_info
from pgmock_sdk.trust import Allowed, Trust, granted

MOOD = UserType("public", "mood", "enum", labels=("sad", "ok"))

FITS: list[tuple[str, list[Any]]] = [
    ("integer", [1, -(2**31), 2**31 - 1, None, 2.6, "12", " -3 "]),
    ("bigint", [2**63 - 1, "-9223372036854775808"]),
    ("text", ["a", 1, 2.5, True, None]),
    ("varchar(3)", ["abc"]),
    ("numeric(6,2)", [1, 2.5, "3.25", "NaN", "-1e3"]),
    ("float8", [1.5, "Infinity", "-inf", " 1e-3 "]),
    ("boolean", [True, False, 0, 1, "t", "yes", "OFF", "tr", " f "]),
    ("jsonb", [{"a": [1, None]}, [1, 2], 3, '{"a": 1}', True, None]),
    ("json", ['"text"', "[1]"]),
    ("integer[]", [[1, 2], [], "{1,2}", None, [None, 3]]),
    ("text[][]", [[["a"], ["b"]], [[None]]]),
    ("date", ["2024-01-02", None]),
    ("uuid", ["0b5c8b1e-56a7-4d9e-9f7a-1d1c3f2a9b10"]),
]

REFUSED: list[tuple[str, Any, str]] = [
    ("integer", {"a": 1}, "an object, which a column of type integer cannot hold"),
    ("integer", 2**31, "the number 2147483648, which is out of range for type integer"),
    ("smallint", "40000", 'the string "40000", which is out of range for type smallint'),
    ("integer", "12a", 'the string "12a", which is not an integer'),
    ("integer", float("nan"), "the number NaN, which is not an integer"),
    ("text", [1, 2], "an array, which a column of type text cannot hold"),
    ("numeric", "abc", 'the string "abc", which is not a number'),
    ("boolean", "maybe", 'the string "maybe", which is not a boolean'),
    ("boolean", 2, "the number 2, which a column of type boolean cannot hold"),
    ("jsonb", "not json", 'the string "not json", which is not JSON text'),
    ("date", 20240102, "the number 20240102, which a column of type date cannot hold"),
    ("uuid", True, "the boolean true, which a column of type uuid cannot hold"),
    ("integer[]", 3, "the number 3, where integer[] needs an array (or array text)"),
    ("integer[]", [1, [2]], "an array nested deeper than the 1 dimension(s) of integer[]"),
    ("integer[]", [1, "x"], 'the string "x", which is not an integer'),
    ("text[][]", ["a"], 'the string "a", where text[][] needs a nested array'),
]


@pytest.mark.parametrize(("spelling", "values"), FITS)
def test_values_the_type_holds_pass_and_render(spelling: str, values: list[Any]) -> None:
    column = column_info(spelling)
    assert check_values(values, column, 0) is None
    render_values(values, column.type, "t.c")  # what passed, the renderer can write


@pytest.mark.parametrize(("spelling", "value", "message"), REFUSED)
def test_values_the_type_cannot_hold_are_named_with_their_row(
    spelling: str, value: Any, message: str
) -> None:
    values = [None, value, None]
    problem = check_values(values, column_info(spelling), 500)
    assert problem is not None and problem.startswith(f"for row 501 {message}")


def test_enum_values_must_be_labels() -> None:
    column = dataclasses.replace(column_info("text"), type=parse_type("mood", {"mood": MOOD}))
    assert check_values(["sad", "ok", None], column, 0) is None
    assert check_values(["sad", "happy"], column, 0) == (
        'for row 1 the string "happy", which is not a label of enum public.mood'
    )


def test_a_lone_surrogate_is_refused_and_a_pair_is_text() -> None:
    column = column_info("text")
    pair = b'["\\ud83d\\ude00"]'
    assert check_values(json.loads(pair), column, 0, pair) is None
    lone = b'["ok", "x\\ud800"]'
    assert "for row 1 a string holding a lone surrogate" in str(
        check_values(json.loads(lone), column, 0, lone)
    )


@pytest.mark.parametrize(
    "code",
    [
        "(n) => Array.from({length: n}, (_, i) => ({a: 1})?.a ?? i)",
        "class A { #x = 1; static y = 2; get x() { return this.#x; } }\n(n) => Array(n).fill(1n)",
        "async function* g() { for await (const x of []) yield x; }\n(n) => []",
        "return (n) => []",  # a function body: valid here, an error when loaded
    ],
)
def test_modern_javascript_passes_the_syntax_check(code: str) -> None:
    check_syntax(code, "modern.js")


@pytest.mark.parametrize(
    ("code", "where"),
    [
        ("}); while (true) {} (function () {", "modern.js:"),
        ("(n) => {\n  return [1, 2\n}", "modern.js:3"),
        ("// a comment\n\nconst = 1;", "modern.js:3"),
    ],
)
def test_syntax_errors_are_found_without_running_anything(code: str, where: str) -> None:
    with pytest.raises(ValueError, match="JavaScript SyntaxError") as info:
        check_syntax(code, "modern.js")
    assert f"(at {where}" in str(info.value)


def test_an_answer_line_over_the_cap_ends_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_child, "MAX_LINE_BYTES", 1 << 20)
    program = tmp_path / "flood.py"
    program.write_text(
        "import sys\nsys.stdin.readline()\nwhile True: sys.stdout.write('x' * 65536)\n"
    )
    column = column_info("text", schema_file=str(tmp_path / "schema.json"))
    params = ProcessGenerator.Params.model_validate({"command": [sys.executable, "flood.py"]})
    with granted(Trust(Allowed(exec=True))):
        gen = ProcessGenerator(params, column)
    try:
        with pytest.raises(ProcessError, match="with a line longer than 1 MiB"):
            gen.generate(5, np.random.default_rng(0), GenContext(column, 0))
    finally:
        gen.close()
