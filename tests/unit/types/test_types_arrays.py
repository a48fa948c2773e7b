"""Arrays: any number of dimensions, elements of every type with a core default
generator, a chosen element generator, NULL elements, lengths that follow a
distribution; rendered as array_out prints them.

tests/restore/types/test_types_arrays.py checks that text against the real server and
round-trips arrays in every output format."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from pgmock.render.values import NulValueError, RenderError, render_values
from pgmock_builtins import core_generators
from pgmock_builtins.array_gen import ARRAY_KEYS, ArrayGenerator
from pgmock_sdk import ColumnInfo, PgType, UserType, parse_type

from array_setup import gen, make
from samplers import FakeSampler


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
    g = make("text[]", {"distinct": False})
    dist = FakeSampler(np.array([-3.0, 0.4, 2.6, 7.0, 20_000.0]))
    assert [len(v) for v in gen(g, 5, dist=dist)] == [0, 0, 3, 7, 10_000]
    # distinct elements by default (issue 13): no more than the element generator has
    distinct = gen(make("text[]"), 5, dist=dist)
    assert [len(v) for v in distinct[:4]] == [0, 0, 3, 7]
    assert 0 < len(distinct[4]) == len(set(distinct[4])) < 10_000
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
