"""What no part of a schema may hold: deep nesting, lone surrogates, NULs, NaN and
overflowing numbers. Each is one line with its file and JSON path, exit 2, before any
other check recurses into the document or encodes it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pgmock.schema.limits import MAX_DEPTH

from clihelp import pgmock
from schemacheck import problems, schema, table


def _validate(tmp_path: Path, text: str) -> tuple[int, str]:
    path = tmp_path / "s.json"
    path.write_text(text, encoding="utf-8")
    proc = pgmock("validate", path.name, check=False, cwd=tmp_path)
    err = proc.stderr.decode()
    assert "Traceback" not in err and "internal error" not in err, err
    return proc.returncode, err


def _nested(depth: int) -> str:
    template = '{"k": ' * depth + '"int"' + "}" * depth
    column = f'{{"type": "jsonb", "params": {{"template": {template}}}}}'
    return (
        f'{{"version": "1.0", "tables": {{"t": {{"rowCount": 1, "columns": {{"a": {column}}}}}}}}}'
    )


def test_json_nested_past_what_the_decoder_can_read(tmp_path: Path) -> None:
    code, err = _validate(tmp_path, _nested(100_000))
    assert code == 2
    assert err.splitlines()[0].endswith("s.json: invalid JSON: nested too deeply to read")


@pytest.mark.parametrize("depth", [MAX_DEPTH, 500])
def test_a_document_nested_past_the_limit_names_the_path(tmp_path: Path, depth: int) -> None:
    code, err = _validate(tmp_path, _nested(depth))
    assert code == 2
    first = err.splitlines()[0]
    # tables.t.columns.a.params.template is 6 levels; the rest are "k"s.
    assert first.startswith("s.json: tables.t.columns.a.params.template" + ".k" * (MAX_DEPTH - 6))
    assert first.endswith(f": nested more than {MAX_DEPTH} levels deep; no schema needs that many")
    assert err.count("\n") == 2  # that one problem, and the count


def test_a_template_nested_under_the_limit_is_fine(tmp_path: Path) -> None:
    code, err = _validate(tmp_path, _nested(MAX_DEPTH - 8))
    assert code == 0, err


def test_lone_surrogates_in_names_and_values(tmp_path: Path) -> None:
    text = json.dumps(
        schema(
            {
                "t\ud800": table(
                    {
                        "a\udfff": {
                            "type": "text",
                            "generator": "choice",
                            "params": {"values": ["x\ud800y"]},
                        }
                    }
                )
            }
        )
    )
    code, err = _validate(tmp_path, text)
    assert code == 2
    lines = err.splitlines()
    assert lines[0].startswith("s.json: tables.t\\ud800: the name holds a lone surrogate (\\ud800)")
    assert lines[1].startswith("s.json: tables.t\\ud800.columns.a\\udfff: the name holds a lone")
    assert lines[2].startswith(
        "s.json: tables.t\\ud800.columns.a\\udfff.params.values.0: the value holds a lone"
    )
    assert lines[3] == "pgmock: 3 problems found"


def test_a_surrogate_pair_is_one_character_and_fine() -> None:
    doc = schema({"t": table({"emoji\U0001f600": {"type": "text"}})})
    doc_from_json = json.loads(json.dumps(doc))  # "\ud83d\ude00" in the file
    assert problems(doc_from_json) == []


def test_nul_in_names_and_values() -> None:
    doc = schema({"t": table({"a\x00": {"type": "int", "comment": "x\x00"}}, checks=["a > 0\x00"])})
    found = {p.path: p.message for p in problems(doc)}
    assert found == {
        "tables.t.columns.a\\x00": "the name holds a NUL character (\\u0000); PostgreSQL text "
        "cannot",
        "tables.t.columns.a\\x00.comment": "the value holds a NUL character (\\u0000); "
        "PostgreSQL text cannot",
        "tables.t.checks.0": "the value holds a NUL character (\\u0000); PostgreSQL text cannot",
    }


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_json_constants_that_are_not_json(tmp_path: Path, token: str) -> None:
    text = json.dumps(schema({"t": table({"a": {"type": "int", "nullRatio": 0.5}})}))
    code, err = _validate(tmp_path, text.replace("0.5", token))
    assert code == 2
    assert f"s.json: invalid JSON: {token} is not a JSON number" in err


def test_a_number_that_overflows_to_infinity(tmp_path: Path) -> None:
    text = json.dumps(schema({"t": table({"a": {"type": "int", "nullRatio": 0.5}})}))
    code, err = _validate(tmp_path, text.replace("0.5", "-1e999"))
    assert code == 2
    assert "s.json: tables.t.columns.a.nullRatio: not a finite number" in err
