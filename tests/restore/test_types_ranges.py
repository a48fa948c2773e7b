"""Range and multirange generators: every value is in PostgreSQL's canonical text, which
the real server proves by printing each one back unchanged; parameters shape the values;
round trips in every output format."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pgmock_builtins import core_generators
from pgmock_builtins.range_gen import MultirangeGenerator, RangeGenerator, range_escape
from pgmock_sdk import ColumnInfo, GenContext, Generator, PgType, UserType, parse_type

from pgharness import PgCluster
from pgtools import server_texts
from roundtrip import roundtrip

MOOD = UserType("public", "mood", "enum", ("sad", "ok happy", 'say "hi"', "a,b", "z\\"))
# user range type name -> (subtype PgType, the SQL that creates it)
USER_RANGES: dict[str, tuple[PgType, str]] = {
    "f8range": (parse_type("float8"), "CREATE TYPE f8range AS RANGE (subtype = float8);"),
    "f4range": (parse_type("real"), "CREATE TYPE f4range AS RANGE (subtype = real);"),
    "i2range": (parse_type("smallint"), "CREATE TYPE i2range AS RANGE (subtype = int2);"),
    "i4range": (parse_type("integer"), "CREATE TYPE i4range AS RANGE (subtype = int4);"),
    "nrange": (parse_type("numeric"), "CREATE TYPE nrange AS RANGE (subtype = numeric);"),
    "drange": (parse_type("date"), "CREATE TYPE drange AS RANGE (subtype = date);"),
    "timerange": (parse_type("time"), "CREATE TYPE timerange AS RANGE (subtype = time);"),
    "ttzrange": (parse_type("timetz"), "CREATE TYPE ttzrange AS RANGE (subtype = timetz);"),
    "tsr": (parse_type("timestamp"), "CREATE TYPE tsr AS RANGE (subtype = timestamp);"),
    "tstzr": (parse_type("timestamptz"), "CREATE TYPE tstzr AS RANGE (subtype = timestamptz);"),
    "moodrange": (
        PgType("mood", user=MOOD),
        "CREATE TYPE mood AS ENUM ('sad', 'ok happy', 'say \"hi\"', 'a,b', 'z\\');\n"
        "CREATE TYPE moodrange AS RANGE (subtype = mood);",
    ),
}


def pgtype(name: str) -> PgType:
    if name in USER_RANGES:
        sub = USER_RANGES[name][0]
        return PgType(name, user=UserType("public", name, "range", base=sub))
    return parse_type(name)


def make(type_name: str, params: dict[str, Any] | None = None) -> Generator:
    t = pgtype(type_name)
    cls: type[Generator] = MultirangeGenerator if "multirange" in type_name else RangeGenerator
    return cls(cls.Params.model_validate(params or {}), ColumnInfo("public", "t", "c", t))


def gen(g: Generator, n: int, seed: int = 1, offset: int = 0) -> list[str]:
    values = g.generate(n, np.random.default_rng(seed), GenContext(g.column, offset))
    assert isinstance(values, list) and len(values) == n
    return values


# (type, params) whose values the server must print back unchanged
CANONICAL_CASES: list[tuple[str, dict[str, Any]]] = [
    ("int4range", {}),
    ("int4range", {"empty_ratio": 0.2, "unbounded_ratio": 0.3}),
    ("int4range", {"min": -(2**31), "max": 2**31 - 1, "max_width": 2**32}),
    ("int8range", {"min": -(2**63), "max": 2**63 - 1, "min_width": 2**40, "max_width": 2**62}),
    ("numrange", {}),
    ("numrange", {"decimals": 3, "bounds": "[]", "min": -5, "max": 5, "min_width": 0.001}),
    ("numrange", {"bounds": "()", "unbounded_ratio": 0.3, "unbounded_side": "lower"}),
    ("numrange", {"decimals": 0, "bounds": "(]", "empty_ratio": 0.1}),
    ("tsrange", {"bounds": "(]"}),
    ("tsrange", {"min": "0001-01-01T00:00:00", "max": "9999-12-31T23:59:59", "max_width": 1e9}),
    ("tstzrange", {"unbounded_ratio": 0.5, "unbounded_side": "upper", "empty_ratio": 0.1}),
    ("daterange", {"min": "0001-01-01", "max": "9999-12-31", "max_width": 100_000}),
    ("daterange", {"unbounded_ratio": 0.3, "unbounded_side": "both"}),
    ("f8range", {"decimals": 6, "min": -0.001, "max": 0.001, "bounds": "[]"}),
    ("f8range", {"decimals": 2, "min": -1e12, "max": 1e12, "max_width": 1e11}),
    ("f4range", {"decimals": 3, "max": 999, "bounds": "()"}),
    ("f4range", {"decimals": 6, "min": 0, "max": 0.5}),
    ("i2range", {"min": -32768, "max": 32767, "bounds": "[]", "max_width": 60000}),
    ("i4range", {"bounds": "(]", "unbounded_ratio": 0.2}),
    ("nrange", {"decimals": 4, "min": -1, "max": 1, "empty_ratio": 0.1}),
    ("drange", {"bounds": "()"}),
    ("timerange", {"max": "24:00:00", "bounds": "[]", "max_width": 86400}),
    ("ttzrange", {"bounds": "(]"}),
    ("tsr", {"bounds": "[]", "unbounded_ratio": 0.2}),
    ("tstzr", {}),
    ("moodrange", {"bounds": "[]"}),
    ("int4multirange", {}),
    ("int4multirange", {"min": 1, "max": 12, "min_ranges": 6, "max_ranges": 6}),
    ("int8multirange", {"max_ranges": 8, "unbounded_ratio": 0.4, "min": -(2**63)}),
    ("nummultirange", {"bounds": "(]", "decimals": 1, "max_ranges": 5}),
    ("nummultirange", {"bounds": "()", "min": 0, "max": 1, "max_ranges": 40}),
    ("tsmultirange", {"bounds": "[]", "unbounded_ratio": 0.3}),
    ("tstzmultirange", {"max_ranges": 4, "unbounded_side": "upper", "unbounded_ratio": 0.5}),
    ("datemultirange", {"min": "2024-01-01", "max": "2024-01-10", "max_ranges": 5}),
]


def test_server_prints_every_generated_range_back_unchanged(pg: PgCluster, pgdb: str) -> None:
    setup = "\n".join(sql for _, sql in USER_RANGES.values())
    types, columns = [], []
    for i, (type_name, params) in enumerate(CANONICAL_CASES):
        types.append(type_name)
        columns.append(list[str | None](gen(make(type_name, params), 400, seed=i)))
    back = server_texts(pg, pgdb, setup, types, columns)
    for (type_name, params), mine, theirs in zip(CANONICAL_CASES, columns, back, strict=True):
        for a, b in zip(mine, theirs, strict=True):
            assert a == b, f"{type_name} {params}: wrote {a!r}, PostgreSQL holds {b!r}"


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


# --------------------------------------------------------------------------- round trips

ROUND_TRIP = {
    "version": "1.0",
    "seed": 11,
    "tables": {
        "spans": {
            "rowCount": 300,
            "columns": {
                "id": {"type": "serial", "primaryKey": True},
                "i4": {
                    "type": "int4range",
                    "nullRatio": 0.1,
                    "params": {"empty_ratio": 0.1, "unbounded_ratio": 0.2},
                },
                "i8": {"type": "int8range", "params": {"min": -(2**62), "max": 2**62}},
                "num": {
                    "type": "numrange",
                    "nullRatio": 0.1,
                    "params": {"bounds": "(]", "decimals": 3, "unbounded_ratio": 0.2},
                },
                "ts": {"type": "tsrange", "params": {"bounds": "[]", "empty_ratio": 0.1}},
                "tstz": {
                    "type": "tstzrange",
                    "params": {"unbounded_ratio": 0.3, "unbounded_side": "upper"},
                },
                "d": {"type": "daterange", "nullRatio": 0.2, "params": {"unbounded_ratio": 0.2}},
                "mi4": {"type": "int4multirange", "nullRatio": 0.1},
                "mi8": {"type": "int8multirange", "params": {"unbounded_ratio": 0.3}},
                "mnum": {"type": "nummultirange", "params": {"bounds": "()", "max_ranges": 6}},
                "mts": {"type": "tsmultirange", "params": {"bounds": "[]"}},
                "mtstz": {"type": "tstzmultirange", "nullRatio": 0.1},
                "md": {"type": "datemultirange", "params": {"min_ranges": 1}},
            },
        }
    },
}


def test_every_range_and_multirange_type_round_trips(pg: PgCluster, tmp_path: Path) -> None:
    blocks = roundtrip(pg, ROUND_TRIP, tmp_path)
    _, rows = blocks["public.spans"]
    cells = [row.split("\t") for row in rows]
    assert len(cells) == 300
    i4 = [c[1] for c in cells]
    assert "\\N" in i4 and "empty" in i4 and any(v.startswith("(,") for v in i4)
    assert any(c[6].endswith(",)") for c in cells), "unbounded tstzrange uppers"
    assert any(c[7] == "{}" for c in cells) and any(c[7].count("[") > 1 for c in cells)


USER_RANGE_SCHEMA = {
    "version": "1.0",
    "seed": 5,
    "types": {"floatrange": {"range": "float8"}},
    "tables": {
        "readings": {
            "rowCount": 100,
            "columns": {
                "id": {"type": "serial", "primaryKey": True},
                "span": {
                    "type": "floatrange",
                    "nullRatio": 0.1,
                    "params": {"bounds": "[]", "decimals": 3, "unbounded_ratio": 0.1},
                },
                "history": {"type": "floatrange[]", "params": {"element": {"bounds": "()"}}},
            },
        }
    },
}


def test_user_range_type_round_trips(pg: PgCluster, tmp_path: Path) -> None:
    blocks = roundtrip(pg, USER_RANGE_SCHEMA, tmp_path)
    spans = [row.split("\t")[1] for row in blocks["public.readings"][1]]
    assert len(spans) == 100 and "\\N" in spans
    num = r"-?\d+(?:\.\d{1,3})?"
    shapes = rf"\\N|\[{num},{num}\]|\(,{num}\]|\[{num},\)|\(,\)"
    assert all(re.fullmatch(shapes, s) for s in spans), spans
    assert any(re.fullmatch(rf"\[{num},{num}\]", s) for s in spans)
    history = [row.split("\t")[2] for row in blocks["public.readings"][1]]
    assert any(re.fullmatch(rf'\{{"\({num},{num}\)"(,"\({num},{num}\)")*\}}', h) for h in history)
