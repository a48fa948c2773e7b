"""Texts composed from byte tables (``_vec.compose``) equal the plain string construction:
the same strings, whatever the parts, widths, scripts or control characters."""

from __future__ import annotations

import numpy as np
import pytest

from pgmock_builtins._vec import ByteTable, Part, compose, compose_matrix, hex_matrix, split_fixed
from pgmock_sdk.textmatrix import TextMatrix

# ASCII, Latin with accents (2-byte UTF-8), CJK (3 bytes), emoji (4 bytes), empty
_ALPHABETS = ["abcxyz", "äöüßéñ", "佐藤陽子東京", "😀🎉", "-. _'\""]


def _words(rng: np.random.Generator, count: int, controls: str = "") -> list[str]:
    chars = "".join(_ALPHABETS) + controls
    return [
        "".join(rng.choice(list(chars), int(rng.integers(0, 9))).tolist()) for _ in range(count)
    ]


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_compose_equals_joining_the_parts(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 300))
    first, second = _words(rng, 40), _words(rng, 7)
    t1, t2 = ByteTable.of(first), ByteTable.of(second)
    i1 = rng.integers(0, len(t1) + 1, n)  # the last index is the empty row
    i2 = rng.integers(0, len(t2), n)
    digits = rng.integers(48, 58, (n, 3), dtype=np.uint8)
    digits[rng.random((n, 3)) < 0.3] = 0  # NUL bytes are nothing
    strings = _words(rng, n)
    texts1 = [*first, ""]
    expected = [
        "«" + texts1[a] + " " + second[b] + bytes(d).replace(b"\0", b"").decode() + "@x"
        for a, b, d in zip(i1.tolist(), i2.tolist(), digits)
    ]
    assert compose(n, ["«", (t1, i1), " ", (t2, i2), digits, "", "@x"]) == expected
    # with a part that comes as strings (joined as strings: the same values)
    got = compose(n, ["«", (t1, i1), " ", (t2, i2), digits, "", strings, "@x"])
    assert got == [e[:-2] + s + "@x" for e, s in zip(expected, strings)]


def test_values_holding_newlines_and_other_control_characters() -> None:
    rng = np.random.default_rng(5)
    words = _words(rng, 50, controls="\n\t\x01\x02\r")
    table = ByteTable.of(words)
    idx = rng.integers(0, len(table), 500)
    assert compose(500, ["[", (table, idx), "]"]) == [f"[{words[i]}]" for i in idx.tolist()]
    nl = ByteTable.of(["0\x01", "1\x01", "2\x01"])
    marked = compose(3, ["a\nb", (nl, np.arange(3))])
    assert marked == ["a\nb0\x01", "a\nb1\x01", "a\nb2\x01"]
    every = "".join(map(chr, range(1, 32)))
    with pytest.raises(ValueError, match="control character"):
        compose(2, [every, (table, idx[:2])])
    with pytest.raises(ValueError, match="NUL"):
        ByteTable.of(["a\x00b"])


def test_single_parts_and_empty_batches() -> None:
    table = ByteTable.of(["x", "yy"])
    idx = np.array([1, 0, 2])
    assert compose(3, [(table, idx)]) == ["yy", "x", ""]
    assert compose(3, ["", (table, idx), ""]) == ["yy", "x", ""]
    assert compose(0, ["a", (table, idx[:0])]) == []
    assert compose(2, ["same"]) == ["same", "same"]


def test_extended_table_keeps_indices() -> None:
    base = ByteTable.of(["ab", "c"])
    more = base.extended(["a much longer one", "é"])
    assert len(more) == 4 and more.none == 4
    idx = np.arange(5)
    assert compose(5, [(more, idx), "."]) == ["ab.", "c.", "a much longer one.", "é.", "."]


def test_hex_matrix_and_split_fixed() -> None:
    data = np.random.default_rng(2).integers(0, 256, (200, 9), dtype=np.uint8)
    assert split_fixed(hex_matrix(data)) == [bytes(row).hex() for row in data]
    assert split_fixed(hex_matrix(data[:, 2:5])) == [bytes(row).hex() for row in data[:, 2:5]]
    even = np.ascontiguousarray(data[:, 1:9])  # two bytes' digits a gather
    assert split_fixed(hex_matrix(even)) == [bytes(row).hex() for row in even]
    assert split_fixed(hex_matrix(data[:, 1:9])) == [bytes(row).hex() for row in even]


def test_local_parts_follow_their_shapes() -> None:
    """E-mail local parts and user names composed from byte tables: the shape's plain
    construction (first.last, firstlast, f + last, first_last, first + number)."""
    from pgmock_builtins.faker_gen import _local_parts, _LocalNames

    rng = np.random.default_rng(11)
    first, last = _words(rng, 30), _words(rng, 20)
    first = [f or "x" for f in first]  # a first name always has an initial
    names = _LocalNames.of(first, last)
    more = ["ann", "łukasz", "ö"]
    grown = names.extended(more, [])
    n = 400
    pattern = rng.integers(0, 5, n)
    f = rng.integers(0, len(first) + len(more), n)
    la = rng.integers(0, len(last), n)
    numbers = rng.integers(1, 99, n, endpoint=True)
    got = compose(n, _local_parts(pattern, (grown, f), (names, la), numbers))
    firsts = first + more
    shapes = [
        lambda a, b, k: f"{a}.{b}",
        lambda a, b, k: a + b,
        lambda a, b, k: a[0] + b,
        lambda a, b, k: f"{a}_{b}",
        lambda a, b, k: f"{a}{k}",
    ]
    expected = [
        shapes[p](firsts[i], last[j], k)
        for p, i, j, k in zip(pattern.tolist(), f.tolist(), la.tolist(), numbers.tolist())
    ]
    assert got == expected


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_compose_matrix_holds_compose_s_values(seed: int) -> None:
    """The records themselves (padding and all) read as the values compose makes, and
    say whether COPY has anything to escape in them."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 300))
    t1, t2 = ByteTable.of(_words(rng, 40)), ByteTable.of(_words(rng, 7))
    i1 = rng.integers(0, len(t1) + 1, n)
    i2 = rng.integers(0, len(t2), n)
    digits = rng.integers(48, 58, (n, 3), dtype=np.uint8)
    digits[rng.random((n, 3)) < 0.3] = 0
    parts: list[Part] = ["«", (t1, i1), " ", (t2, i2), digits, "", "@x"]
    got = compose_matrix(n, parts)
    assert isinstance(got, TextMatrix) and got.plain
    assert list(got) == compose(n, parts)
    # a part that comes as strings: the strings compose joins
    strings = _words(rng, n)
    assert compose_matrix(n, [*parts, strings]) == compose(n, [*parts, strings])
    assert compose_matrix(0, parts) == []


@pytest.mark.parametrize(
    "escaped",
    [
        ["\\", (ByteTable.of(["a"]), np.zeros(2, np.intp))],  # a literal
        ["a", (ByteTable.of(["b", "c\\d"]), np.zeros(2, np.intp))],  # an entry no row picks
        [(ByteTable.of(["x\ty"]), np.zeros(2, np.intp))],
        ["a", np.array([[92], [48]], np.uint8)],  # a matrix's backslash
        ["a", np.array([[13], [48]], np.uint8)],
    ],
)
def test_compose_matrix_says_when_copy_escapes_something(escaped: list[Part]) -> None:
    from pgmock_sdk import Chunk
    from pgmock_sdk.copytext import copy_bytes, copy_text

    got = compose_matrix(2, escaped)
    assert isinstance(got, TextMatrix) and not got.plain
    chunk = Chunk(offset=0, n=2, columns=[got, ["1", "2"]])
    assert copy_bytes(chunk) == copy_text(Chunk(0, 2, [compose(2, escaped), ["1", "2"]])).encode()
