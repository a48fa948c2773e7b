"""Range and multirange generators: parameters shape the values, and every value is in
PostgreSQL's canonical text.

tests/restore/types/test_types_ranges.py has the real server print each one back
unchanged and round-trips them in every output format."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest

from pgmock_builtins import core_generators
from pgmock_builtins.range_gen import MultirangeGenerator, RangeGenerator, range_escape
from pgmock_sdk import ColumnInfo, PgType, UserType, parse_type

from range_setup import MOOD, gen, make

_NUM = r"-?\d+(?:\.\d+)?"
_RANGE = re.compile(rf"(?P<lb>[\[(])(?P<lo>{_NUM})?,(?P<hi>{_NUM})?(?P<ub>[\])])")


def parse(text: str) -> tuple[str, Decimal | None, Decimal | None, str]:
    m = _RANGE.fullmatch(text)
    assert m, text
    lo, hi = m.group("lo"), m.group("hi")
    return (
        m.group("lb"),
        Decimal(lo) if lo is not None else None,
        Decimal(hi) if hi is not None else None,
        m.group("ub"),
    )


def test_discrete_ranges_are_half_open_within_min_max_and_widths() -> None:
    g = make("int4range", {"min": 10, "max": 60, "min_width": 3, "max_width": 7})
    widths = set()
    for v in gen(g, 3000):
        lb, lo, hi, ub = parse(v)
        assert (lb, ub) == ("[", ")")
        assert lo is not None and hi is not None
        assert 10 <= lo < hi <= 60
        widths.add(int(hi - lo))
    assert widths == {3, 4, 5, 6, 7}
    dates = gen(make("daterange", {"min": "2024-02-27", "max": "2024-03-02"}), 500)
    assert all(re.fullmatch(r"\[2024-0[23]-\d\d,2024-0[23]-\d\d\)", v) for v in dates)
    assert "[2024-02-28,2024-02-29)" in dates and "[2024-02-29,2024-03-01)" in dates


def test_continuous_bounds_decimals_and_lower_below_upper() -> None:
    for bounds in ("[)", "[]", "()", "(]"):
        g = make("numrange", {"bounds": bounds, "decimals": 3, "min": -1, "max": 1})
        for v in gen(g, 1000):
            lb, lo, hi, ub = parse(v)
            assert lb + ub == bounds
            assert lo is not None and hi is not None and -1 <= lo < hi <= 1
            assert re.fullmatch(r"-?\d+\.\d{3}", str(v.split(",")[1][:-1]))
    floats = gen(make("f8range", {"decimals": 2, "min": 0, "max": 5, "max_width": 1}), 2000)
    assert any(re.search(r"\.\d[,)]", v) for v in floats), "one decimal where the second is 0"
    assert any(re.search(r"[\[,]\d[,)]", v) for v in floats), "whole numbers without a point"
    assert not any(re.search(r"\.\d*0[,)]|\.[,)]", v) for v in floats), "shortest digits"


def test_timestamps_are_quoted_and_utc() -> None:
    v = gen(make("tstzrange", {"min": "2024-01-01T10:00:00", "max": "2024-01-02T00:00:00"}), 200)
    stamp = r'"2024-01-0[12] \d\d:\d\d:\d\d\+00"'
    assert all(re.fullmatch(rf"\[{stamp},{stamp}\)", x) for x in v)
    plain = gen(make("tsrange", {"min": "2024-01-01T10:00:00+02:00"}), 50)
    assert all(x.startswith('["20') and "+" not in x for x in plain)


def test_empty_and_unbounded_shares() -> None:
    g = make("int4range", {"empty_ratio": 0.25, "unbounded_ratio": 0.5, "unbounded_side": "any"})
    values = gen(g, 8000)
    empty = sum(v == "empty" for v in values) / len(values)
    assert 0.22 < empty < 0.28
    ranged = [v for v in values if v != "empty"]
    shapes = {
        "lower": sum(v.startswith("(,") and not v.endswith(",)") for v in ranged),
        "upper": sum(v.endswith(",)") and not v.startswith("(,") for v in ranged),
        "both": sum(v == "(,)" for v in ranged),
    }
    for count in shapes.values():  # a sixth of the non-empty values each
        assert 0.14 < count / len(ranged) < 0.19, shapes
    assert all(re.fullmatch(r"\[\d+,\d+\)|\(,\d+\)|\[\d+,\)|\(,\)", v) for v in ranged), (
        "unbounded sides are open and blank; the other keeps its bracket"
    )
    uppers = gen(make("numrange", {"unbounded_ratio": 1, "unbounded_side": "upper"}), 100)
    assert all(re.fullmatch(r"\[\d+\.\d\d,\)", v) for v in uppers)
    assert "empty" not in gen(make("int4range"), 5000), "empty only when asked for"


def test_multiranges_sorted_separate_and_counted() -> None:
    g = make("int4multirange", {"min": 0, "max": 100, "min_ranges": 1, "max_ranges": 5})
    counts = set()
    for v in gen(g, 2000):
        parts = re.findall(r"\[(\d+),(\d+)\)", v)
        assert v == "{" + ",".join(f"[{a},{b})" for a, b in parts) + "}"
        counts.add(len(parts))
        bounds = [int(x) for pair in parts for x in pair]
        assert bounds == sorted(bounds) and len(set(bounds)) == len(bounds), v
        assert bounds[0] >= 0 and bounds[-1] <= 100
    assert counts == {1, 2, 3, 4, 5}
    assert "{}" in gen(make("datemultirange", {"min_ranges": 0, "max_ranges": 1}), 200)
    opened = gen(make("nummultirange", {"unbounded_ratio": 1, "min_ranges": 2}), 300)
    assert all(v.startswith("{(,") or v.endswith(",)}") for v in opened)
    assert any(v.startswith("{(,") and v.endswith(",)}") for v in opened)


def test_enum_ranges_follow_label_order_and_quote_like_range_out() -> None:
    values = gen(make("moodrange", {"min": "ok happy", "max": "a,b", "bounds": "[]"}), 300)
    escaped = [range_escape(label) for label in MOOD.labels]
    assert escaped == ["sad", '"ok happy"', '"say ""hi"""', '"a,b"', '"z\\\\"']
    bound = r'("(?:[^"]|"")*"|[^",()\[\]]+)'
    pairs = set()
    for v in values:
        m = re.fullmatch(rf"\[{bound},{bound}\]", v)
        assert m, v
        lo, hi = escaped.index(m.group(1)), escaped.index(m.group(2))
        assert 1 <= lo < hi <= 3
        pairs.add((lo, hi))
    assert pairs == {(1, 2), (1, 3), (2, 3)}
    assert range_escape("") == '""' and range_escape("plain") == "plain"


def test_deterministic_per_seed_and_batch() -> None:
    g = make("tstzmultirange", {"unbounded_ratio": 0.2})
    assert gen(g, 300, seed=4) == gen(g, 300, seed=4)
    assert gen(g, 300, seed=4) != gen(g, 300, seed=5)
    assert gen(g, 0) == []
    r = make("int8range", {"empty_ratio": 0.1})
    assert gen(r, 300, seed=9) == gen(r, 300, seed=9)


@pytest.mark.parametrize(
    ("type_name", "params", "message"),
    [
        ("int4range", {"bounds": "[]"}, r'discrete.*bounds must be "\[\)"'),
        ("daterange", {"bounds": "()"}, "discrete"),
        ("int4range", {"min": 5, "max": 5}, "min must be below max"),
        ("int4range", {"min": 0, "max": 10, "min_width": 11}, "min_width 11 does not fit"),
        ("int4range", {"min_width": 0}, "min_width must be positive"),
        ("int4range", {"min": 1.5}, "expected an integer"),
        ("int4range", {"max": 2**31}, "out of range for integer"),
        ("numrange", {"min": 0.125}, "more than 2 decimals"),
        ("numrange", {"min": "a"}, "expected a number"),
        ("daterange", {"min": 5}, "expected an ISO date"),
        ("daterange", {"min": "yesterday"}, "cannot read date"),
        ("tsrange", {"min": "2024-01-01T00:00:00.5"}, "whole seconds"),
        ("f4range", {"max": 1e7}, "out of range for real"),
        ("moodrange", {"min": "happy"}, "expected one of the labels"),
        ("int4multirange", {"min": 1, "max": 6, "max_ranges": 4}, "4 separate ranges do not fit"),
        ("int8multirange", {"bounds": "(]"}, "discrete"),
    ],
)
def test_bad_parameters_are_clear_errors(
    type_name: str, params: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message) as exc:
        make(type_name, params)
    assert str(exc.value).startswith("t.c: ")


def test_unsupported_subtypes_are_named() -> None:
    for sub in ("text", "interval", "uuid", "inet"):
        t = PgType("r", user=UserType("public", "r", "range", base=parse_type(sub)))
        with pytest.raises(ValueError, match=r"ranges over .* are not generated; the subtype"):
            RangeGenerator(RangeGenerator.Params(), ColumnInfo("public", "t", "c", t))
    with pytest.raises(ValueError, match="is not a range type"):
        RangeGenerator(RangeGenerator.Params(), ColumnInfo("public", "t", "c", parse_type("int")))


def test_parameter_models_reject_inconsistent_values() -> None:
    with pytest.raises(ValueError, match="min_width"):
        RangeGenerator.Params.model_validate({"min_width": 5, "max_width": 2})
    with pytest.raises(ValueError, match="min_ranges"):
        MultirangeGenerator.Params.model_validate({"min_ranges": 5, "max_ranges": 2})
    with pytest.raises(ValueError):
        RangeGenerator.Params.model_validate({"bounds": "[["})


def test_registered_as_the_default_for_every_range_type() -> None:
    by_key = {k: cls for cls in core_generators.GENERATORS for k in cls.default_for}
    for key in ("int4range", "int8range", "numrange", "tsrange", "tstzrange", "daterange"):
        assert by_key[key] is RangeGenerator
    assert by_key["range"] is RangeGenerator  # user range types
    for key in ("int4multirange", "int8multirange", "nummultirange", "tsmultirange"):
        assert by_key[key] is MultirangeGenerator
    assert by_key["tstzmultirange"] is by_key["datemultirange"] is MultirangeGenerator
