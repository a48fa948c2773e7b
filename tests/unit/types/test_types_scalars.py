"""bit, bit varying, "char", pg_lsn, the geometric types, tsvector and tsquery: the
generators' lengths, bounds, uniqueness, parameter errors and exact text forms.

tests/restore/types/test_types_scalars.py has the real server print every generated value
back unchanged and round-trips them through every output format.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import numpy as np
import pytest
from pydantic import ValidationError

from pgmock_builtins import array_gen, core_generators
from pgmock_builtins.binary_gen import (
    BitGenerator,
    CharGenerator,
    LsnGenerator,
    VarbitGenerator,
    lsn_texts,
    parse_lsn,
)
from pgmock_builtins.geometric_gen import (
    GEOMETRIC_GENERATORS,
    BoxGenerator,
    CircleGenerator,
    LineGenerator,
    LsegGenerator,
    PathGenerator,
    PointGenerator,
    PolygonGenerator,
    grid_texts,
)
from pgmock_builtins.textsearch_gen import (
    _FIXED,
    _SLOT0,
    TsqueryGenerator,
    TsvectorGenerator,
    infix,
    query_templates,
)
from pgmock_sdk import Generator

from scalar_setup import gen, make

MINE: tuple[type[Generator], ...] = (
    BitGenerator,
    VarbitGenerator,
    CharGenerator,
    LsnGenerator,
    *GEOMETRIC_GENERATORS,
    TsvectorGenerator,
    TsqueryGenerator,
)


def two_batches(g: Generator, n: int) -> list[str]:
    """Rows 0..2n as two batches with different seeds (as the host runs them)."""
    return gen(g, n, seed=1, offset=0) + gen(g, n, seed=2, offset=n)


# --------------------------------------------------------------------------- registration


def test_registered_as_type_defaults_and_array_elements() -> None:
    for cls in MINE:
        assert cls in core_generators.GENERATORS
        assert cls in array_gen.ELEMENT_CLASSES
        assert cls.summary()
        for key in cls.default_for:
            assert array_gen.ELEMENT_GENERATORS[key] is cls
            assert key + "[]" in array_gen.ARRAY_KEYS
    defaults = {key for cls in MINE for key in cls.default_for}
    assert defaults == {
        "bit",
        "varbit",
        "char",
        "pg_lsn",
        "point",
        "line",
        "lseg",
        "box",
        "path",
        "polygon",
        "circle",
        "tsvector",
        "tsquery",
    }


@pytest.mark.parametrize("cls", MINE, ids=lambda c: c.name)
def test_same_seed_same_values_other_seed_other_values(cls: type[Generator]) -> None:
    g = make(cls, next(iter(cls.default_for)).replace("char", '"char"'))
    assert gen(g, 200, seed=3) == gen(g, 200, seed=3)
    assert gen(g, 200, seed=3) != gen(g, 200, seed=4)
    assert gen(g, 0) == []


# --------------------------------------------------------------------------- bit strings


@pytest.mark.parametrize("n_bits", [1, 7, 64, 65, 100])
def test_bit_has_exactly_n_bits(n_bits: int) -> None:
    for unique in (False, True) if 2**n_bits >= 300 else (False,):
        values = gen(make(BitGenerator, f"bit({n_bits})", unique=unique, rows=300), 300)
        assert all(re.fullmatch(f"[01]{{{n_bits}}}", v) for v in values), values[:3]
        assert len(set(values)) > 1


def test_plain_bit_means_one_bit() -> None:
    values = gen(make(BitGenerator, "bit"), 100)
    assert set(values) == {"0", "1"}


def test_unique_bits_cover_the_domain_across_batches() -> None:
    g = make(BitGenerator, "bit(9)", unique=True, rows=512)
    assert g.domain_size() == 512
    values = two_batches(g, 256)
    assert sorted(values) == [format(i, "09b") for i in range(512)]
    with pytest.raises(ValueError, match="only 512 distinct"):
        gen(g, 1, offset=512)
    wide = make(BitGenerator, "bit(80)", unique=True, rows=5000)
    assert wide.domain_size() is None
    assert len(set(two_batches(wide, 2500))) == 5000


def test_varbit_lengths() -> None:
    values = gen(make(VarbitGenerator, "bit varying(5)"), 2000)
    assert all(re.fullmatch("[01]+", v) for v in values)
    assert {len(v) for v in values} == {1, 2, 3, 4, 5}
    free = gen(make(VarbitGenerator, "varbit"), 2000)
    assert max(map(len, free)) == 32 and min(map(len, free)) == 1
    ranged = gen(make(VarbitGenerator, "varbit(100)", {"min_length": 0, "max_length": 3}), 500)
    assert {len(v) for v in ranged} == {0, 1, 2, 3}


def test_varbit_parameter_errors() -> None:
    with pytest.raises(ValueError, match=r"max_length 9 does not fit bit varying\(8\)"):
        make(VarbitGenerator, "varbit(8)", {"max_length": 9})
    with pytest.raises(ValueError, match="min_length 9 is greater than max_length 8"):
        make(VarbitGenerator, "varbit(8)", {"min_length": 9})
    with pytest.raises(ValidationError, match="min_length must not be greater"):
        VarbitGenerator.Params.model_validate({"min_length": 4, "max_length": 3})


# --------------------------------------------------------------------------- "char"


def test_char_is_one_ascii_letter_or_digit() -> None:
    values = gen(make(CharGenerator, '"char"'), 3000)
    assert all(re.fullmatch("[A-Za-z0-9]", v) for v in values)
    assert len(set(values)) == 62
    custom = gen(make(CharGenerator, '"char"', {"alphabet": "xyz"}), 300)
    assert set(custom) == {"x", "y", "z"}


def test_unique_char() -> None:
    g = make(CharGenerator, '"char"', {"alphabet": "abcdef"}, unique=True, rows=6)
    assert g.domain_size() == 6
    assert sorted(two_batches(g, 3)) == list("abcdef")
    with pytest.raises(ValueError, match='only 6 distinct "char"'):
        gen(g, 1, offset=6)


@pytest.mark.parametrize("alphabet", ["", "é", "aa", "a\x00"])
def test_char_alphabet_errors(alphabet: str) -> None:
    with pytest.raises(ValidationError):
        CharGenerator.Params.model_validate({"alphabet": alphabet})


# --------------------------------------------------------------------------- pg_lsn


def test_lsn_text_form() -> None:
    values = np.array([0, 0x16B374D848, 0x100000000, 0xABC, (1 << 64) - 1], np.uint64)
    assert lsn_texts(values) == ["0/0", "16/B374D848", "1/0", "0/ABC", "FFFFFFFF/FFFFFFFF"]
    assert parse_lsn("16/B374D848") == 0x16B374D848
    assert parse_lsn(" 0/abc ") == 0xABC
    for bad in ("16", "/1", "G/0", "123456789/0", "1/2/3"):
        with pytest.raises(ValueError, match="not an LSN"):
            parse_lsn(bad)


def test_lsn_bounds_and_uniqueness() -> None:
    g = make(LsnGenerator, "pg_lsn", {"min": "1/FFFFFF00", "max": "2/100"})
    values = gen(g, 2000)
    assert all(re.fullmatch("[1-9A-F][0-9A-F]{0,7}/(0|[1-9A-F][0-9A-F]{0,7})", v) for v in values)
    ints = [parse_lsn(v) for v in values]
    assert min(ints) >= 0x1FFFFFF00 and max(ints) <= 0x200000100
    assert {v.split("/")[0] for v in values} == {"1", "2"}
    u = make(LsnGenerator, "pg_lsn", {"min": 10, "max": 1009}, unique=True)
    assert u.domain_size() == 1000
    assert sorted(parse_lsn(v) for v in two_batches(u, 500)) == list(range(10, 1010))
    with pytest.raises(ValueError, match="only 1,000 distinct LSNs"):
        gen(u, 1, offset=1000)
    full = make(LsnGenerator, "pg_lsn", {"min": 0, "max": (1 << 64) - 1}, unique=True)
    assert len(set(two_batches(full, 1000))) == 2000


def test_lsn_parameter_errors() -> None:
    for bad in ({"min": "zz"}, {"max": -1}, {"min": "2/0", "max": "1/0"}, {"max": 1 << 64}):
        with pytest.raises(ValidationError):
            LsnGenerator.Params.model_validate(bad)


# --------------------------------------------------------------------------- geometric

NUM = r"-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?"
PT = rf"\(({NUM}),({NUM})\)"


def numbers(text: str) -> list[Decimal]:
    return [Decimal(m.group(0)) for m in re.finditer(NUM, text)]


def test_grid_numbers_are_float8_output() -> None:
    units = np.array([0, 5, -5, 150, -150, 100, -100, 7, 123456789012345, -999999999999999])
    assert grid_texts(units, 2) == [
        "0",
        "0.05",
        "-0.05",
        "1.5",
        "-1.5",
        "1",
        "-1",
        "0.07",
        "1234567890123.45",
        "-9999999999999.99",
    ]
    assert grid_texts(np.array([0, -3, 40]), 0) == ["0", "-3", "40"]
    assert grid_texts(np.array([1, -1, 10]), 4) == ["0.0001", "-0.0001", "0.001"]
    assert grid_texts(np.array([], np.int64), 2) == []


def test_point_forms_and_bounds() -> None:
    g = make(PointGenerator, "point", {"min": -1.5, "max": 2, "decimals": 1})
    values = gen(g, 3000)
    assert all(re.fullmatch(PT, v) for v in values), values[:3]
    nums = [x for v in values for x in numbers(v)]
    assert min(nums) == Decimal("-1.5") and max(nums) == 2
    assert not any(v.startswith("(-0,") or ",-0)" in v for v in values)
    assert len({x for x in nums}) == 36  # every grid value -1.5, -1.4, …, 2


def test_unique_points() -> None:
    g = make(PointGenerator, "point", {"min": 0, "max": 9, "decimals": 0}, unique=True, rows=100)
    assert g.domain_size() == 100
    values = two_batches(g, 50)
    assert len(set(values)) == 100
    with pytest.raises(ValueError, match="only 100 distinct points"):
        gen(g, 1, offset=100)
    wide = make(PointGenerator, "point", {"min": -1e12, "max": 1e12, "decimals": 2}, unique=True)
    assert len(set(two_batches(wide, 2000))) == 4000


def test_line_never_has_a_and_b_zero() -> None:
    g = make(LineGenerator, "line", {"min": -0.01, "max": 0.01})
    values = gen(g, 3000)
    for v in values:
        assert re.fullmatch(rf"\{{({NUM}),({NUM}),({NUM})\}}", v), v
        a, b, _ = numbers(v)
        assert (a, b) != (0, 0)
    assert any(numbers(v)[1] == 0 for v in values)
    with pytest.raises(ValueError, match="non-zero coefficient"):
        make(LineGenerator, "line", {"min": 0, "max": 0})


def test_lseg_box_circle_forms() -> None:
    for v in gen(make(LsegGenerator, "lseg"), 500):
        assert re.fullmatch(rf"\[{PT},{PT}\]", v), v
    for v in gen(make(BoxGenerator, "box"), 2000):
        assert re.fullmatch(rf"{PT},{PT}", v), v
        x1, y1, x2, y2 = numbers(v)
        assert x1 >= x2 and y1 >= y2, f"upper-right corner first: {v}"
    circles = gen(make(CircleGenerator, "circle", {"min_radius": 0, "max_radius": 0.5}), 2000)
    radii = set()
    for v in circles:
        assert re.fullmatch(rf"<{PT},({NUM})>", v), v
        radii.add(numbers(v)[-1])
    assert min(radii) == 0 and max(radii) == Decimal("0.5") and len(radii) == 51


def test_path_and_polygon_point_counts() -> None:
    mixed = gen(make(PathGenerator, "path", {"min_points": 1, "max_points": 3}), 1000)
    shapes = set()
    for v in mixed:
        m = re.fullmatch(rf"([\[(])({PT}(,{PT})*)([\])])", v)
        assert m, v
        assert (m.group(1), m.group(m.lastindex or 0)) in (("[", "]"), ("(", ")"))
        shapes.add(m.group(1))
        assert 1 <= len(numbers(v)) // 2 <= 3
    assert shapes == {"[", "("}
    closed = gen(make(PathGenerator, "path", {"closed": True}), 200)
    assert all(v.startswith("((") and v.endswith("))") for v in closed)
    opened = gen(make(PathGenerator, "path", {"closed": False}), 200)
    assert all(v.startswith("[(") and v.endswith(")]") for v in opened)
    polys = gen(make(PolygonGenerator, "polygon"), 2000)
    counts = {len(numbers(v)) // 2 for v in polys}
    assert counts == {3, 4, 5, 6}
    assert all(re.fullmatch(rf"\({PT}(,{PT})*\)", v) for v in polys)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"min": 5, "max": 1}, "must not be greater"),
        ({"decimals": 5}, "less than or equal to 4"),
        ({"min": -1e15, "decimals": 0}, "15 significant digits"),
        ({"max": 1e13, "decimals": 2}, "15 significant digits"),
        ({"min": 0.001, "max": 0.009, "decimals": 2}, "no value with 2 decimals"),
        ({"max": float("inf")}, "finite"),
    ],
)
def test_geometric_parameter_errors(params: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        PointGenerator.Params.model_validate(params)


def test_points_and_radius_parameter_errors() -> None:
    with pytest.raises(ValidationError, match="min_points must not be greater"):
        PathGenerator.Params.model_validate({"min_points": 4, "max_points": 3})
    with pytest.raises(ValidationError, match="greater than or equal to 1"):
        PolygonGenerator.Params.model_validate({"min_points": 0})
    with pytest.raises(ValidationError, match=r"min_radius \(3\.0\) must not be greater"):
        CircleGenerator.Params.model_validate({"min_radius": 3, "max_radius": 2})
    with pytest.raises(ValidationError, match="greater than or equal to 0"):
        CircleGenerator.Params.model_validate({"min_radius": -1})


# --------------------------------------------------------------------------- tsvector

LEXEME = r"'(?:[^']|'')+'"
ENTRY = rf"({LEXEME})(?::((?:[1-9][0-9]*[ABC]?)(?:,[1-9][0-9]*[ABC]?)*))?"


def tsvector_entries(text: str) -> list[tuple[str, list[tuple[int, str]]]]:
    """(lexeme, [(position, weight)]) of a canonical tsvector text; asserts the form."""
    assert re.fullmatch(rf"({ENTRY})?( {ENTRY})*", text), text
    out = []
    for m in re.finditer(ENTRY, text):
        lexeme = m.group(1)[1:-1].replace("''", "'").replace("\\\\", "\\")
        pos = []
        if m.group(2):
            for p in m.group(2).split(","):
                w = p[-1] if p[-1] in "ABC" else ""
                pos.append((int(p.rstrip("ABC")), w))
        out.append((lexeme, pos))
    return out


def test_tsvector_sorted_distinct_lexemes_with_positions() -> None:
    g = make(TsvectorGenerator, "tsvector", {"min_lexemes": 2, "max_lexemes": 9})
    values = gen(g, 2000)
    counts = set()
    weights = set()
    with_pos = 0
    for v in values:
        entries = tsvector_entries(v)
        lexemes = [e[0] for e in entries]
        assert lexemes == sorted(set(lexemes), key=lambda w: w.encode()), v
        counts.add(len(entries))
        for _, pos in entries:
            assert len(pos) <= 2
            nums = [p for p, _ in pos]
            assert nums == sorted(set(nums)) and all(1 <= p <= 16383 for p in nums)
            weights.update(w for _, w in pos)
            with_pos += bool(pos)
    assert counts == set(range(2, 10))
    assert weights == {"", "A", "B", "C"}
    assert with_pos > 0


def test_tsvector_words_are_quoted_and_byte_sorted() -> None:
    words = ["it's", "a\\b", "b", "ab", "a", "Ünï", "日本", "z"]
    params = {"words": words, "max_lexemes": 8, "min_lexemes": 8, "max_positions": 0}
    g = make(TsvectorGenerator, "tsvector", params)
    for v in gen(g, 50):
        assert v.startswith("'a' 'a\\\\b' 'ab' 'b' 'it''s' 'z' 'Ünï' '日本'"), v
    plain = gen(make(TsvectorGenerator, "tsvector", {"max_positions": 0}), 100)
    assert all(":" not in v for v in plain)
    many = gen(make(TsvectorGenerator, "tsvector", {"min_positions": 256, "max_positions": 256}), 5)
    for v in many:
        for _, pos in tsvector_entries(v):
            assert len(pos) == 256 and pos[-1][0] <= 16383


def test_tsvector_locale_words_and_errors() -> None:
    ru = gen(make(TsvectorGenerator, "tsvector", locale="ru_RU"), 50)
    assert any(re.search("[а-я]", v) for v in ru)
    with pytest.raises(ValueError, match="need at least 3 distinct words, only 2 given"):
        make(TsvectorGenerator, "tsvector", {"words": ["a", "b", "a"], "max_lexemes": 3})
    for bad in ({"words": []}, {"words": [""]}, {"min_lexemes": 3, "max_lexemes": 2}):
        with pytest.raises(ValidationError):
            TsvectorGenerator.Params.model_validate(bad)


# --------------------------------------------------------------------------- tsquery


def render_tree(tree: Any) -> str:
    toks = infix(tree)
    return "".join(_FIXED[t] if t < _SLOT0 else f"'{'abcdef'[t - _SLOT0]}'" for t in toks)


@pytest.mark.parametrize(
    ("tree", "expected"),
    [
        (0, "'a'"),
        (("&", 0, 1), "'a' & 'b'"),
        (("!", ("&", 0, 1)), "!( 'a' & 'b' )"),
        (("&", ("|", 0, 1), 2), "( 'a' | 'b' ) & 'c'"),
        (("|", 0, ("&", 1, 2)), "'a' | 'b' & 'c'"),
        (("&", 0, ("&", 1, 2)), "'a' & 'b' & 'c'"),
        (("<->", ("<->", 0, 1), 2), "'a' <-> 'b' <-> 'c'"),
        (("<->", 0, ("<->", 1, 2)), "'a' <-> ( 'b' <-> 'c' )"),
        (("<->", ("&", 0, 1), 2), "( 'a' & 'b' ) <-> 'c'"),
        (("&", ("<->", 0, 1), 2), "'a' <-> 'b' & 'c'"),
        (("<->", ("!", 0), 1), "!'a' <-> 'b'"),
        (("|", 0, ("!", ("&", 1, 2))), "'a' | !( 'b' & 'c' )"),
    ],
)
def test_infix_prints_like_postgresql(tree: Any, expected: str) -> None:
    # expected texts are what PostgreSQL 15 prints for them (test_tsquery_templates_...)
    assert render_tree(tree) == expected


def test_tsquery_terms_operators_and_negation() -> None:
    g = make(TsqueryGenerator, "tsquery", {"min_terms": 2, "max_terms": 4})
    values = gen(g, 3000)
    terms = set()
    for v in values:
        lexemes = re.findall(LEXEME, v)
        assert len(lexemes) == len(set(lexemes)), v
        terms.add(len(lexemes))
    assert terms == {2, 3, 4}
    joined = " ".join(values)
    for token in (" & ", " | ", " <-> ", "!'", "!( ", "( "):
        assert token in joined
    only_and = gen(make(TsqueryGenerator, "tsquery", {"operators": ["&"], "not_ratio": 0}), 500)
    assert all(re.fullmatch(rf"{LEXEME}( & {LEXEME})*", v) for v in only_and)
    with pytest.raises(ValidationError):
        TsqueryGenerator.Params.model_validate({"max_terms": 6})
    with pytest.raises(ValidationError):
        TsqueryGenerator.Params.model_validate({"operators": ["<2>"]})


def test_tsquery_template_counts() -> None:
    templates, first, bases = query_templates(4, ("&", "|", "<->"))
    # Catalan shapes x 3 operators per inner node; 2**(k-1) negation masks each
    assert bases[1:].tolist() == [1, 3, 2 * 9, 5 * 27]
    assert len(templates) == 1 + 3 * 2 + 18 * 4 + 135 * 8
    assert first[1:].tolist() == [0, 1, 7, 79]
