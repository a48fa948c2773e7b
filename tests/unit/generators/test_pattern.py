"""core.pattern: codes in a fixed shape, one pattern or a weighted list, unique on demand."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pytest
from pydantic import ValidationError

from pgmock_builtins.pattern_gen import PatternGenerator, PatternParams
from pgmock_sdk import ColumnInfo, GenContext, parse_type
from pgmock_sdk.textmatrix import TextMatrix


def make(type_name: str = "text", unique: bool = False, rows: int = 10_000, **params: Any) -> Any:
    col = ColumnInfo("public", "t", "c", parse_type(type_name), unique=unique, row_count=rows,
                     key=17)  # fmt: skip
    return PatternGenerator(PatternParams.model_validate(params), col)


def run(g: Any, n: int, offset: int = 0, seed: int = 3) -> list[str]:
    out = g.generate(n, np.random.default_rng(seed), GenContext(g.column, offset))
    assert isinstance(out, TextMatrix)
    return list(out)


def test_placeholders_and_literals() -> None:
    values = run(make(pattern="%#-#######"), 2000)
    assert all(re.fullmatch(r"[1-9]\d-\d{7}", v) for v in values)
    assert len(set(values)) > 1990
    letters = run(make(pattern="??-^^"), 2000)
    assert all(re.fullmatch(r"[A-Z]{2}-[0-9a-f]{2}", v) for v in letters)
    assert {v[0] for v in letters} == set("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    # a backslash keeps the next character: a literal # and a literal backslash
    kept = run(make(pattern=r"\##\\"), 50)
    assert all(re.fullmatch(r"#\d\\", v) for v in kept)


def test_a_weighted_list_of_patterns_of_different_lengths() -> None:
    g = make("varchar(20)", pattern=["DE#########", "FR%%#########", "ATU########"],
             weights=[6, 3, 1])  # fmt: skip
    values = run(g, 10_000)
    prefixes = [v[:2] for v in values]
    de, fr, at = (prefixes.count(p) for p in ("DE", "FR", "AT"))
    assert de + fr + at == 10_000
    assert 5600 < de < 6400 and 2700 < fr < 3300 and 800 < at < 1200
    assert all(len(v) == {"DE": 11, "FR": 13, "AT": 11}[v[:2]] for v in values)


def test_unique_values_are_distinct_across_chunks_and_deterministic() -> None:
    g = make("char(4)", unique=True, rows=10_000, pattern="####")
    first, second = run(g, 5000), run(g, 5000, offset=5000)
    assert len(set(first + second)) == 10_000
    assert run(g, 5000, seed=99) == first  # the key decides, not the stream
    with pytest.raises(ValueError, match="unique value"):
        run(make("char(4)", unique=True, rows=20_000, pattern="####"), 10, offset=10_000)
    assert make(pattern=["##", "?"]).domain_size() == 126


def test_copy_special_literals_are_escaped_by_the_host() -> None:
    assert make(pattern="#\t#").generate(3, np.random.default_rng(1), None).plain is False
    assert make(pattern="#-#").plain


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"pattern": "ABC"}, "no placeholder"),
        ({"pattern": ""}, "must not be empty"),
        ({"pattern": "#é"}, "not ASCII"),
        ({"pattern": "#\\"}, "lone backslash"),
        ({"pattern": ["#", "##"], "weights": [1]}, "1 entries for 2 patterns"),
        ({"pattern": ["#", "##"], "weights": [0, 0]}, "not all zero"),
    ],
)
def test_bad_parameters_say_what_is_wrong(params: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        PatternParams.model_validate(params)


def test_a_pattern_longer_than_the_column_or_a_unique_list_that_could_repeat_is_refused() -> (
    None
):
    with pytest.raises(ValueError, match="more than character varying\\(3\\)"):
        make("varchar(3)", pattern="####")
    with pytest.raises(ValueError, match="must not make the same value"):
        make(unique=True, pattern=["#?", "^?"])  # digits are hex digits too
    with pytest.raises(ValueError, match="weights have no effect"):
        make(unique=True, pattern=["#", "##"], weights=[1, 2])


def test_a_unique_list_numbers_its_patterns_values_one_after_another() -> None:
    g = make(unique=True, rows=2_600 + 260, pattern=["?#", "?##", "A?"])
    assert g.domain_size() == 260 + 2_600 + 26
    values = run(g, 1000) + run(g, 1000, offset=1000) + run(g, 860, offset=2000)
    assert len(set(values)) == 2_860  # distinct across chunks and patterns
    assert all(re.fullmatch(r"[A-Z]\d\d?|A[A-Z]", v) for v in values)
    assert {len(v) for v in values} == {2, 3}
