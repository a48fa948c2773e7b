"""Arrays: any number of dimensions, elements of every type with a core default
generator, a chosen element generator, NULL elements, lengths that follow a
distribution; rendered as array_out prints them (checked against the real server) and
round-tripped in every output format."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pgmock.render.values import NulValueError, RenderError, render_values
from pgmock_builtins import core_generators
from pgmock_builtins.array_gen import ARRAY_KEYS, ArrayGenerator
from pgmock_sdk import ColumnInfo, GenContext, PgType, UserType, parse_type

from pgharness import PgCluster
from pgtools import server_texts
from roundtrip import roundtrip
from samplers import FakeSampler

MOOD = UserType("public", "mood", "enum", ("sad", "ok", "so-so happy"))
# Text that array_out must quote or escape, or must not: delimiters, quotes,
# backslashes, braces, whitespace, spellings of NULL, empty, non-ASCII, ';' (box's
# delimiter, not text's) and range syntax.
SPECIAL = [
    "a,b",
    'c"d',
    "e\\f",
    "{g}",
    " lead",
    "trail ",
    "NULL",
    "null",
    "nUlL",
    "nulls",
    "",
    "ünï",
    "tab\there",
    "new\nline",
    "cr\rx",
    "😀",
    "x;y",
    "[1,3)",
    "plain",
]


def pgtype(name: str) -> PgType:
    if name.startswith("mood"):
        return PgType("mood", array_dims=name.count("[]"), user=MOOD)
    return parse_type(name)


def make(type_name: str, params: dict[str, Any] | None = None) -> ArrayGenerator:
    col = ColumnInfo("public", "t", "c", pgtype(type_name), row_count=1000)
    return ArrayGenerator(ArrayGenerator.Params.model_validate(params or {}), col)


def gen(g: ArrayGenerator, n: int, seed: int = 1, offset: int = 0, dist: Any = None) -> list[Any]:
    ctx = GenContext(g.column, offset, {}, dist)
    out = g.generate(n, np.random.default_rng(seed), ctx)
    assert len(out) == n
    return out


def shape_of(value: Any, dims: int) -> tuple[int, ...]:
    """The shape of a rectangular nested list (asserting it is rectangular)."""
    if dims == 1:
        return (len(value),)
    inner = {shape_of(v, dims - 1) for v in value}
    assert len(inner) <= 1, f"ragged: {value!r}"
    return (len(value), *(inner.pop() if inner else (0,) * (dims - 1)))


# --------------------------------------------------------------------------- shapes


def test_multi_dimensional_shapes_are_rectangular_and_bounded() -> None:
    g = make("int4[][]", {"shape": [[1, 3], 2], "element": {"min": 1, "max": 9}})
    shapes = {shape_of(v, 2) for v in gen(g, 500)}
    assert shapes == {(1, 2), (2, 2), (3, 2)}
    g = make("text[][][]", {"min_length": 0, "max_length": 3})
    shapes = {shape_of(v, 3) for v in gen(g, 2000)}
    assert (0, 0, 0) in shapes, "some rows are empty"
    assert all(s == (0, 0, 0) or min(s) >= 1 for s in shapes), "never {{},{}}"
    assert {s[1] for s in shapes} == {0, 1, 2, 3} and max(s[0] for s in shapes) == 3
    six = make("int2[][][][][][]", {"shape": [1, 1, 1, 1, 2, [0, 1]]})
    assert {shape_of(v, 6) for v in gen(six, 100)} == {(0,) * 6, (1, 1, 1, 1, 2, 1)}


def test_array_keys_cover_every_dimension_up_to_six() -> None:
    assert "int4[]" in ARRAY_KEYS and "int4[][]" in ARRAY_KEYS and "uuid[][][][][][]" in ARRAY_KEYS
    assert "int4[][][][][][][]" not in ARRAY_KEYS and "int4" not in ARRAY_KEYS
    assert "*" not in ARRAY_KEYS and 5 not in ARRAY_KEYS
    assert all(k.endswith("[]") and not k.endswith("[][]") for k in ARRAY_KEYS), "listed 1-D"
    assert ArrayGenerator.accepts(parse_type("text[][]"))
    assert ArrayGenerator.default_for <= ArrayGenerator.pg_types


def test_every_type_with_a_core_default_has_arrays() -> None:
    """Every core default generator fills array elements too (array_gen.ELEMENT_CLASSES)."""
    for cls in core_generators.GENERATORS:
        for key in cls.default_for:
            if key.endswith("]"):
                continue
            assert key + "[]" in ArrayGenerator.default_for, f"{key}[] ({cls.name})"
            assert key + "[][][]" in ArrayGenerator.default_for


# --------------------------------------------------------------------------- the server

# (type, generator params) loaded into a real table and read back
SERVER_CASES: list[tuple[str, dict[str, Any]]] = [
    ("int4[][]", {"shape": [[0, 3], [1, 3]], "element_null_ratio": 0.1}),
    ("int8[][][]", {"max_length": 3}),
    ("text[][]", {"element_generator": "choice", "element": {"values": SPECIAL}}),
    (
        "text[][][]",
        {
            "element_generator": "choice",
            "element": {"values": SPECIAL},
            "shape": [2, [1, 2], [1, 3]],
            "element_null_ratio": 0.2,
        },
    ),
    ("varchar(6)[]", {"element_generator": "choice", "element": {"values": SPECIAL[:7]}}),
    ("char(3)[]", {}),
    ("int4range[]", {"element": {"empty_ratio": 0.2, "unbounded_ratio": 0.3}}),
    ("numrange[][]", {"element": {"bounds": "(]", "unbounded_ratio": 0.2}}),
    ("tstzrange[]", {"element": {"unbounded_ratio": 0.2, "empty_ratio": 0.1}}),
    ("tsrange[]", {}),
    ("daterange[]", {"element_null_ratio": 0.2}),
    ("int4multirange[]", {"element": {"unbounded_ratio": 0.3}}),
    ("datemultirange[]", {}),
    ("uuid[]", {}),
    ("inet[]", {}),
    ("cidr[]", {}),
    ("macaddr[]", {}),
    ("macaddr8[]", {}),
    ("date[]", {"element": {"start": "0001-01-01", "end": "9999-12-31"}}),
    ("timestamptz[]", {"element": {"resolution": "us"}}),
    ("timestamp(3)[][]", {"element": {"resolution": "ms"}}),
    ("time[]", {}),
    ("timetz[]", {}),
    ("interval[]", {}),
    ("numeric(8,3)[]", {"element": {"min": -99999, "max": 99999}}),
    ("numeric[]", {}),
    ("float8[]", {"element": {"decimals": 9, "min": -1, "max": 1}}),
    ("float4[]", {}),
    ("int2[]", {"element_generator": "sequence"}),
    ("bool[]", {"element_null_ratio": 0.3}),
    ("bytea[]", {}),
    ("json[]", {}),
    ("jsonb[]", {}),
    ("xml[]", {}),
    ("mood[][]", {}),
    ("text[]", {"element_generator": "sentence"}),
    # the scalars helper's types: the element text is theirs, the array syntax ours
    ("box[]", {}),
    ("point[][]", {}),
    ("line[]", {}),
    ("lseg[]", {}),
    ("path[]", {}),
    ("polygon[]", {}),
    ("circle[]", {}),
    ("bit(4)[]", {}),
    ("varbit[]", {}),
    ('"char"[]', {}),
    ("pg_lsn[]", {}),
    ("tsvector[]", {}),
    ("tsquery[]", {}),
]


def test_server_prints_generated_arrays_back_unchanged(pg: PgCluster, pgdb: str) -> None:
    types, columns = [], []
    for i, (type_name, params) in enumerate(SERVER_CASES):
        g = make(type_name, params)
        types.append(type_name)
        columns.append(render_values(gen(g, 300, seed=i), g.column.type, g.column.path))
    setup = "CREATE TYPE mood AS ENUM ('sad', 'ok', 'so-so happy');"
    back = server_texts(pg, pgdb, setup, types, columns)
    for (type_name, _), mine, theirs in zip(SERVER_CASES, columns, back, strict=True):
        for a, b in zip(mine, theirs, strict=True):
            assert a == b, f"{type_name}: wrote {a!r}, PostgreSQL holds {b!r}"
    special = columns[3]
    assert any('"NULL"' in v and ",NULL" in v for v in special if v), "NULL vs 'NULL'"


def test_hand_written_values_render_as_the_server_prints_them(pg: PgCluster, pgdb: str) -> None:
    cases: list[tuple[str, list[Any]]] = [
        # box arrays separate elements with ';' and so do not quote commas
        ("box[]", [["(1,1),(0,0)", "(3,3),(2,2)"], ["(2,2),(1,1)", None], []]),
        ("point[][]", [[["(1,2)", "(3,4)"]], [["(0,0)"], ["(1.5,-2)"]]]),
        ("text[][]", [[["a b", "c"], ['d"', None]], [[], []], (("x",), ("y",)), None]),
        ("int4[][]", [np.arange(6).reshape(2, 3), [[1], [2]], [], "{{7,8}}"]),
        ("float8[]", [[1.5, float("nan"), float("inf"), -0.0, 1e300, 5e-324]]),
        ("numeric[]", [[1, 2.5, None]]),
    ]
    types = [t for t, _ in cases]
    columns = [
        render_values(values, parse_type(t), f"t.{i}") for i, (t, values) in enumerate(cases)
    ]
    width = max(map(len, columns))
    columns = [c + [None] * (width - len(c)) for c in columns]
    back = server_texts(pg, pgdb, "", types, columns)
    assert back == columns
    assert columns[0][0] == "{(1,1),(0,0);(3,3),(2,2)}"
    assert columns[2][:2] == ['{{"a b",c},{"d\\"",NULL}}', "{}"]
    assert columns[3][:4] == ["{{0,1,2},{3,4,5}}", "{{1},{2}}", "{}", "{{7,8}}"]


# --------------------------------------------------------------------------- rendering


def test_ragged_and_malformed_arrays_are_errors_naming_the_column() -> None:
    two = parse_type("int4[][]")
    with pytest.raises(RenderError, match=r"^shop\.t\.c: the sub-arrays .* matching lengths"):
        render_values([[[1, 2], [3, 4]], [[1, 2], [3]]], two, "shop.t.c")
    with pytest.raises(RenderError, match="matching lengths"):
        render_values([[[[1]], [[2, 3]]]], parse_type("int4[][][]"), "shop.t.c")
    with pytest.raises(RenderError, match="expected 2-dimensional arrays"):
        render_values([[1, [2]]], two, "shop.t.c")
    with pytest.raises(RenderError, match=r"^shop\.t\.c: expected 1-dimensional"):
        render_values([5], parse_type("int4[]"), "shop.t.c")
    with pytest.raises(NulValueError, match="NUL") as exc:
        render_values([["ok"], ["a\x00b"]], parse_type("text[]"), "shop.t.c")
    assert exc.value.index == 1


def test_one_dimensional_fast_path_and_pass_through() -> None:
    t = parse_type("int4[]")
    assert render_values([[1, None, 3], None, [], "{4,5}"], t, "c") == [
        "{1,NULL,3}",
        None,
        "{}",
        "{4,5}",
    ]
    assert render_values(np.array([[1, 2], [3, 4]]), t, "c") == ["{1,2}", "{3,4}"]
    assert render_values([[np.int64(7)], (8, 9)], t, "c") == ["{7}", "{8,9}"]
    texts = render_values([["", "NULL", "a b", "é"]], parse_type("text[]"), "c")
    assert texts == ['{"","NULL","a b",é}']


# --------------------------------------------------------------------------- parameters


def test_null_elements_follow_the_ratio() -> None:
    values = gen(
        make("int4[]", {"min_length": 10, "max_length": 10, "element_null_ratio": 0.3}), 500
    )
    flat = [x for v in values for x in v]
    share = sum(x is None for x in flat) / len(flat)
    assert 0.27 < share < 0.33
    assert not any(None in v for v in gen(make("int4[]"), 300))


def test_length_follows_the_distribution() -> None:
    g = make("text[]")
    dist = FakeSampler(np.array([-3.0, 0.4, 2.6, 7.0, 20_000.0]))
    assert [len(v) for v in gen(g, 5, dist=dist)] == [0, 0, 3, 7, 10_000]
    g = make("int4[]", {"min_length": 1, "max_length": 5})
    assert [len(v) for v in gen(g, 5, dist=dist)] == [1, 1, 3, 5, 5]
    g = make("int4[][]", {"shape": [[2, 4], 3]})
    assert [shape_of(v, 2) for v in gen(g, 5, dist=dist)] == [
        (2, 3),
        (2, 3),
        (3, 3),
        (4, 3),
        (4, 3),
    ]
    assert ArrayGenerator.supports_distribution


def test_named_element_generators() -> None:
    seq = make("int8[]", {"element_generator": "core.sequence", "min_length": 2, "max_length": 2})
    first, second = gen(seq, 3, offset=0), gen(seq, 3, offset=3)
    assert first == [[1, 2], [3, 4], [5, 6]]
    flat = [x for v in first + second for x in v]
    assert len(set(flat)) == len(flat), "a later batch does not restart the sequence"
    pick = make("text[]", {"element_generator": "choice", "element": {"values": ["x", "y"]}})
    assert {x for v in gen(pick, 200) for x in v} == {"x", "y"}
    words = make("text[]", {"element_generator": "text", "min_length": 1})
    assert any(" " in x for v in gen(words, 200) for x in v), "named text keeps its defaults"
    assert all(" " not in x for v in gen(make("text[]"), 200) for x in v), "default: one word"


@pytest.mark.parametrize(
    ("type_name", "params", "message"),
    [
        ("int4[]", {"element_generator": "nope"}, "no core generator named 'nope'"),
        ("int4[]", {"element_generator": "uuid"}, "core.uuid cannot fill integer elements"),
        ("int4[]", {"element_generator": "array"}, "no core generator named 'array'"),
        ("int4[]", {"element": {"bogus": 1}}, "element parameters"),
        ("int4[][]", {"shape": [2]}, "shape has 1 dimensions, the column 2"),
        ("composite_thing[]", {}, "no element generator"),
    ],
)
def test_bad_parameters_are_clear_errors(
    type_name: str, params: dict[str, Any], message: str
) -> None:
    if type_name.startswith("composite"):
        ut = UserType("public", "thing", "composite", attributes=(("a", parse_type("int")),))
        col = ColumnInfo("public", "t", "c", PgType("thing", array_dims=1, user=ut))
        with pytest.raises(ValueError, match=message):
            ArrayGenerator(ArrayGenerator.Params.model_validate(params), col)
        return
    with pytest.raises(ValueError, match=message) as exc:
        make(type_name, params)
    assert str(exc.value).startswith("t.c: ")


def test_parameter_model_checks() -> None:
    with pytest.raises(ValueError, match="shape or min_length"):
        ArrayGenerator.Params.model_validate({"shape": [2], "max_length": 3})
    with pytest.raises(ValueError, match="length or \\[min, max\\]"):
        ArrayGenerator.Params.model_validate({"shape": [[1, 2, 3]]})
    with pytest.raises(ValueError, match="min <= max"):
        ArrayGenerator.Params.model_validate({"shape": [[3, 1]]})
    with pytest.raises(ValueError, match="min_length"):
        ArrayGenerator.Params.model_validate({"min_length": 3, "max_length": 1})


def test_deterministic_per_seed() -> None:
    g = make("tstzrange[][]", {"element_null_ratio": 0.1})
    assert gen(g, 200, seed=3) == gen(g, 200, seed=3)
    assert gen(g, 200, seed=3) != gen(g, 200, seed=4)
    assert gen(g, 0) == []


# --------------------------------------------------------------------------- round trips

ROUND_TRIP = {
    "version": "1.0",
    "seed": 21,
    "tables": {
        "arrays": {
            "rowCount": 400,
            "columns": {
                "id": {"type": "serial", "primaryKey": True},
                "grid": {"type": "integer[][]", "params": {"shape": [[1, 3], [1, 4]]}},
                "cube": {"type": "int4[][][]", "nullRatio": 0.1, "params": {"max_length": 2}},
                "words": {
                    "type": "text[][]",
                    "params": {
                        "element_generator": "choice",
                        "element": {"values": SPECIAL},
                        "element_null_ratio": 0.1,
                    },
                },
                "words3": {
                    "type": "text[][][]",
                    "params": {
                        "element_generator": "choice",
                        "element": {"values": SPECIAL},
                        "shape": [[0, 2], 2, [1, 2]],
                    },
                },
                "spans": {
                    "type": "int4range[]",
                    "params": {"element": {"empty_ratio": 0.2, "unbounded_ratio": 0.2}},
                },
                "stays": {"type": "tstzrange[]", "nullRatio": 0.1},
                "ids": {"type": "uuid[]"},
                "hosts": {"type": "inet[]"},
                "days": {"type": "date[]", "params": {"element_null_ratio": 0.2}},
                "moments": {"type": "timestamptz[]"},
                "prices": {"type": "numeric(10,2)[]"},
                "parts": {"type": "int4multirange[]"},
                "sized": {
                    "type": "integer[]",
                    "distribution": {"name": "normal", "mean": 6, "stddev": 1},
                },
            },
        }
    },
}


def test_arrays_round_trip_in_every_format(pg: PgCluster, tmp_path: Path) -> None:
    blocks = roundtrip(pg, ROUND_TRIP, tmp_path)
    cols, rows = blocks["public.arrays"]
    names = cols.split(", ")
    cells = [dict(zip(names, row.split("\t"), strict=True)) for row in rows]
    assert len(cells) == 400
    assert all(re.fullmatch(r"\{(\{\d+(,\d+)*\},?)+\}", c["grid"]) for c in cells)
    assert any(c["cube"].startswith("{{{") for c in cells) and any(
        c["cube"] == "\\N" for c in cells
    )
    assert any("NULL" in c["words"] for c in cells) and any('\\\\"' in c["words"] for c in cells)
    lengths = [c["sized"].count(",") + 1 for c in cells if c["sized"] != "{}"]
    assert 5.7 < sum(lengths) / len(lengths) < 6.3, "lengths follow normal(6, 1)"
    assert max(lengths) > 7, "not clipped to the default max_length"
