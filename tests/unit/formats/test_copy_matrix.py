"""COPY text from byte matrices (TextMatrix) and label picks (Labels): the same bytes as
the list path, whatever mix of matrix and list columns a chunk holds."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from pgmock.generate.engine import Engine
from pgmock.generate.plan import make_plan
from pgmock.render.errors import NulValueError, RenderError
from pgmock.render.values import render_texts, render_values
from pgmock_sdk import Chunk
from pgmock_sdk.copytext import NulInValueError, copy_bytes, copy_text
from pgmock_sdk.pgtypes import parse_type
from pgmock_sdk.textmatrix import Labels, TextMatrix

from schemacheck import resolve, schema, table


def _matrix(values: list[str], pad_left: bool = False, plain: bool | None = None) -> TextMatrix:
    """Values as a NUL-padded matrix, padded on the right (or the left: NULs may sit
    anywhere in a row)."""
    raw = [v.encode("utf-8") for v in values]
    width = max(map(len, raw), default=0) + 2
    m = np.zeros((len(values), width), np.uint8)
    for i, b in enumerate(raw):
        at = width - len(b) if pad_left else 0
        m[i, at : at + len(b)] = np.frombuffer(b, np.uint8)
    return TextMatrix(m, plain)


def _as_lists(chunk: Chunk) -> Chunk:
    return Chunk(chunk.offset, chunk.n, [list(c) for c in chunk.columns])


def _same_as_lists(chunk: Chunk) -> bytes:
    """copy_bytes of the chunk, checked against the list path on the same values."""
    out = copy_bytes(chunk)
    assert out == copy_text(_as_lists(chunk)).encode("utf-8")
    assert copy_text(chunk) == out.decode("utf-8")
    return out


NUMS = ["1", "-22", "333", "0"]
DATES = ["2024-01-05", "1999-12-31", "0044-03-15 BC", "2000-02-29"]


def test_a_chunk_of_matrices_only_is_its_bytes() -> None:
    chunk = Chunk(0, 4, [_matrix(NUMS), _matrix(DATES, pad_left=True, plain=True)])
    assert _same_as_lists(chunk) == (
        b"1\t2024-01-05\n-22\t1999-12-31\n333\t0044-03-15 BC\n0\t2000-02-29\n"
    )


@pytest.mark.parametrize(
    "layout",
    ["mlm", "lmm", "mml", "lml", "mlml", "l", "m"],
)
def test_matrix_and_list_columns_in_any_order(layout: str) -> None:
    lists = [["a", "b\tc", None, "d\\e"], ["x\ny", "é", "€ 5", ""]]
    mats = [_matrix(NUMS), _matrix(DATES, pad_left=True)]
    cols: list[Any] = []
    for kind in layout:
        cols.append(mats.pop(0) if kind == "m" else lists.pop(0))
    _same_as_lists(Chunk(10, 4, cols))


def test_non_ascii_in_a_matrix() -> None:
    chunk = Chunk(0, 4, [_matrix(["Zürich", "東京", "a", "€"]), ["1", "2", "3", "4"]])
    assert _same_as_lists(chunk).startswith("Zürich\t1\n東京\t2\n".encode())


def test_a_matrix_with_characters_to_escape_takes_the_list_path() -> None:
    m = _matrix(["a\tb", "c\\d", "e\nf", "g\rh"])
    assert not m.plain
    assert m.tolist() == ["a\tb", "c\\d", "e\nf", "g\rh"]
    out = _same_as_lists(Chunk(0, 4, [m, _matrix(NUMS)]))
    assert out == b"a\\tb\t1\nc\\\\d\t-22\ne\\nf\t333\ng\\rh\t0\n"


def test_no_rows_and_no_columns() -> None:
    assert copy_bytes(Chunk(0, 0, [_matrix([])])) == b""
    assert copy_bytes(Chunk(0, 3, [])) == b"\n\n\n"
    # empty values (a matrix of width 0)
    assert _same_as_lists(Chunk(0, 2, [TextMatrix(np.zeros((2, 0), np.uint8)), ["a", "b"]]))


def test_nul_in_a_list_column_is_still_refused() -> None:
    with pytest.raises(NulInValueError, match="column 2, row 2:"):
        copy_bytes(Chunk(0, 2, [_matrix(["1", "2"]), ["a", "b\x00"]]))


def test_a_text_matrix_reads_as_the_list_it_stands_for() -> None:
    m = _matrix(["x", "yy", "zzz"], pad_left=True)
    assert list(m) == ["x", "yy", "zzz"] and len(m) == 3 and m[1] == "yy" and m[-1] == "zzz"
    assert "yy" in m and None not in m and m == ["x", "yy", "zzz"]
    assert np.array(m, dtype=object).tolist() == ["x", "yy", "zzz"]
    with pytest.raises(ValueError, match="2-D uint8"):
        TextMatrix(np.zeros(3, np.uint8))


# --------------------------------------------------------------------------- renderer


@pytest.mark.parametrize(
    ("type_name", "values"),
    [
        ("int8", np.array([0, -1, 2**63 - 1, -(2**63), 42])),
        ("int4", np.array([7, 1_000_000, -5])),
        ("numeric(15,2)", np.array([-999.99, 0.0, 1234.5, 0.01])),
        ("numeric(8,0)", np.array([3, -4, 0])),
        ("numeric(10,3)", np.array([3, -4, 0])),
        ("numeric", np.array([0.5, -3.25, 1e20])),
        ("float8", np.array([0.1, -2.5, 1e300, 3.0])),
        ("money", np.array([1234567.891, -0.5, 0.0])),
        ("bool", np.array([True, False, True])),
        ("text", np.array([True, False])),
        ("date", np.array(["2024-02-29", "0001-01-01", "-0044-03-15"], "M8[D]")),
        ("timestamptz(3)", np.array(["2024-02-29T23:59:59.9996", "1970-01-01"], "M8[us]")),
        ("time", np.array([0, 3_600_000_001, 86_399_000_000], "m8[us]")),
        ("interval", np.array([0, -90_061_000_001, 86_400_000_000], "m8[us]")),
    ],
)
def test_matrices_of_the_renderer_match_its_lists(type_name: str, values: Any) -> None:
    pgtype = parse_type(type_name)
    texts = render_texts(values, pgtype, "t.c")
    listed = render_values(values, pgtype, "t.c")
    assert isinstance(listed, list)
    assert list(texts) == listed
    if isinstance(texts, TextMatrix):
        assert texts.plain
        assert copy_bytes(Chunk(0, len(listed), [texts])) == "".join(
            f"{v}\n" for v in listed
        ).encode("ascii")


def test_render_values_still_returns_lists() -> None:
    out = render_values(np.arange(5), parse_type("int4"), "t.c")
    assert type(out) is list and out == ["0", "1", "2", "3", "4"]
    assert isinstance(render_texts(np.arange(5), parse_type("int4"), "t.c"), TextMatrix)


def test_labels_render_as_their_strings() -> None:
    codes = np.tile([0, 2, 1, 1, 0, 2, 2, 0], 5)
    words = ["AIR", "TRUCK", "REG AIR"]
    for type_name in ("text", "varchar(7)", "char(10)", "name"):
        pgtype = parse_type(type_name)
        texts = render_texts(Labels(codes, words), pgtype, "t.c")
        assert isinstance(texts, TextMatrix)
        assert list(texts) == render_values([words[i] for i in codes], pgtype, "t.c")
    padded = render_texts(Labels(codes, words), parse_type("char(10)"), "t.c")
    assert padded[1] == "REG AIR   "


def test_labels_with_characters_to_escape_are_escaped() -> None:
    codes = np.array([0, 1, 0, 1, 1, 0, 0, 0])
    texts = render_texts(Labels(codes, ["a\\b", "ü\tx"]), parse_type("text"), "t.c")
    assert isinstance(texts, TextMatrix) and not texts.plain
    out = _same_as_lists(Chunk(0, 8, [texts, _matrix([str(i) for i in range(8)])]))
    assert out.startswith("a\\\\b\t0\nü\\tx\t1\n".encode())


def test_a_bad_label_matters_only_when_a_row_picks_it() -> None:
    short = parse_type("varchar(3)")
    codes = np.zeros(8, np.int64)
    assert list(render_texts(Labels(codes, ["ok", "far too long"]), short, "t.c")) == ["ok"] * 8
    with pytest.raises(RenderError, match="too long"):
        render_texts(Labels(codes + 1, ["ok", "far too long"]), short, "t.c")
    with pytest.raises(NulValueError) as caught:
        render_texts(Labels(np.array([0, 0, 0, 1, 0, 0, 0, 0]), ["a", "b\x00"]), short, "t.c")
    assert caught.value.index == 3


def test_labels_elsewhere_are_their_list() -> None:
    labels = Labels(np.array([1, 0, 1]), ["x", "y"])
    assert list(labels) == ["y", "x", "y"] and labels == ["y", "x", "y"]
    assert render_texts(labels, parse_type("text[]"), "t.c") is not None
    assert render_values(Labels(np.array([1, 0]), ["1", "2"]), parse_type("int4"), "t.c") == [
        "2",
        "1",
    ]


def test_a_pool_of_labels_as_an_array_is_checked_once_however_large() -> None:
    from pgmock.render import values as render

    pool = np.empty(1000, dtype=object)
    pool[:] = [f"sentence {i}." for i in range(1000)]
    pgtype = parse_type("varchar(44)")
    first = render_texts(Labels(np.array([5, 999, 5]), pool), pgtype, "t.c")
    assert isinstance(first, TextMatrix)  # 1,000 labels for 3 rows: an array is a pool
    assert list(first) == ["sentence 5.", "sentence 999.", "sentence 5."]
    (held,) = [v for k, v in render._LABEL_MATRICES.items() if v[0] is pool]
    again = render_texts(Labels(np.array([1, 2]), pool), pgtype, "t.c")
    assert list(again) == ["sentence 1.", "sentence 2."]
    assert [v for v in render._LABEL_MATRICES.values() if v[0] is pool] == [held]
    as_list = render_texts(Labels(np.array([5, 999, 5]), pool.tolist()), pgtype, "t.c")
    assert not isinstance(as_list, TextMatrix)  # as many labels as rows, given once
    assert list(as_list) == list(first)


def test_banked_sentences_come_as_picks_of_the_bank_and_write_the_same_rows() -> None:
    from pgmock_builtins.markov_gen import BANK_MIN_ROWS

    doc = schema({"t": table({"c": {"type": "varchar(44)", "generator": "core.sentence"}},
                             rows=BANK_MIN_ROWS)})  # fmt: skip
    with Engine(make_plan(resolve(doc))) as engine:
        chunk = next(iter(engine.iter_chunks("t")))
        listed = engine.generate_chunk("t", 0)
    (column,) = chunk.columns
    assert isinstance(column, TextMatrix)
    assert list(column) == listed["c"]
    assert len(set(listed["c"])) > 100 and max(map(len, listed["c"])) <= 44


def test_a_generator_s_matrix_is_its_text_where_no_row_needs_a_check() -> None:
    data = np.frombuffer(b"Clerk#0001Clerk#0002", np.uint8).reshape(2, 10)
    whole = TextMatrix(data.copy())
    for type_name in ("text", "varchar(10)", "name", "char(10)"):
        assert render_texts(whole, parse_type(type_name), "t.c") is whole
    padded = render_texts(whole, parse_type("char(12)"), "t.c")
    assert isinstance(padded, TextMatrix) and list(padded) == ["Clerk#0001  ", "Clerk#0002  "]
    assert list(padded) == render_values(list(whole), parse_type("char(12)"), "t.c")
    with pytest.raises(RenderError, match="too long"):
        render_texts(whole, parse_type("varchar(9)"), "t.c")  # the list path says why
    holes = data.copy()
    holes[0, 9] = 0  # "Clerk#000" and padding: char(n) must blank-pad it
    out = render_texts(TextMatrix(holes), parse_type("char(12)"), "t.c")
    assert not isinstance(out, TextMatrix) and out[0] == "Clerk#000   "
    for type_name in ("uuid", "json", "jsonb"):  # the list path would only look for NUL
        assert render_texts(whole, parse_type(type_name), "t.c") is whole


def test_a_jsonb_matrix_with_a_backslash_is_checked_row_by_row() -> None:
    # jsonb refuses the \u0000 escape, which only a value with a backslash can hold
    ok = np.frombuffer(b'{"a": "\\n"}\x00\x00', np.uint8).reshape(1, -1)
    out = render_texts(TextMatrix(ok.copy()), parse_type("jsonb"), "t.c")
    assert not isinstance(out, TextMatrix) and list(out) == ['{"a": "\\n"}']
    nul = np.frombuffer(b'{"a": "\\u0000"}', np.uint8).reshape(1, -1)
    with pytest.raises(NulValueError):
        render_texts(TextMatrix(nul.copy()), parse_type("jsonb"), "t.c")


def test_a_text_sequence_reaches_the_output_as_bytes() -> None:
    doc = schema(
        {
            "t": table(
                {
                    "clerk": {
                        "type": "char(15)",
                        "generator": "core.sequence",
                        "params": {"prefix": "Clerk#", "width": 9},
                    }
                },
                rows=50,
            )
        }
    )
    with Engine(make_plan(resolve(doc))) as engine:
        (chunk,) = list(engine.iter_chunks("t"))
        listed = engine.generate_chunk("t", 0)
    (column,) = chunk.columns
    assert isinstance(column, TextMatrix)
    assert list(column) == listed["clerk"] and listed["clerk"][41] == "Clerk#000000042"


# --------------------------------------------------------------------------- engine


def test_engine_chunks_keep_matrices_and_write_what_the_lists_write() -> None:
    doc = schema(
        {
            "p": table({"id": {"type": "serial", "primaryKey": True}}, rows=30),
            "t": table(
                {
                    "id": {"type": "bigint", "primaryKey": True, "generator": "core.sequence"},
                    "p_id": {"type": "int", "references": "p.id"},
                    "price": {"type": "numeric(10,2)"},
                    "day": {"type": "date"},
                    "flag": {
                        "type": "char(4)",
                        "generator": "core.choice",
                        "params": {"values": ["A", "B\\", "Ç"]},
                    },
                    "maybe": {"type": "int", "nullRatio": 0.3},
                    "note": {"type": "text"},
                },
                rows=400,
            ),
        }
    )
    with Engine(make_plan(resolve(doc))) as engine:
        (chunk,) = list(engine.iter_chunks("t"))
        listed = engine.generate_chunk("t", 0)
    table_columns = ["id", "p_id", "price", "day", "flag", "maybe", "note"]
    kinds = [type(c).__name__ for c in chunk.columns]
    assert kinds[:4] == ["TextMatrix"] * 4 and kinds[4] == "TextMatrix"
    assert all(type(c) is list for c in listed.values())
    assert [list(c) for c in chunk.columns] == [listed[c] for c in table_columns]
    _same_as_lists(chunk)


def test_a_choice_stays_its_picks_for_the_columns_after_it() -> None:
    doc = schema(
        {
            "t": table(
                {
                    "status": {
                        "type": "text",
                        "generator": "core.choice",
                        "params": {"values": ["new", "paid", "sent"]},
                    },
                    "paid_at": {
                        "type": "date",
                        "cases": {"on": "status", "values": {"new": None}},
                    },
                },
                rows=300,
            )
        }
    )
    with Engine(make_plan(resolve(doc))) as engine:
        data = engine._chunk("t", 0, 2)
        listed = engine.generate_chunk("t", 0)
    # no str a row is made for a column no check reads: later columns read the picks
    assert isinstance(data.raw["status"], Labels)
    assert list(data.raw["status"]) == listed["status"]
    statuses = np.array(listed["status"])
    paid_at = np.array(listed["paid_at"], dtype=object)
    assert set(statuses) == {"new", "paid", "sent"}
    assert (paid_at[statuses == "new"] == None).all()  # noqa: E711 (elementwise)
    assert (paid_at[statuses != "new"] != None).all()  # noqa: E711


@pytest.mark.parametrize(
    ("dtype", "top"), [(np.int64, 2**31 - 1), (np.int64, 2**31), (np.uint64, 2**64 - 1)]
)
def test_integers_either_side_of_32_bits_render_as_python_prints_them(dtype: Any, top: int) -> None:
    values = np.array([0, 9, 10, 99, 100, 101, 12345, top - 1, top], dtype=dtype)
    texts = render_texts(values, parse_type("numeric"), "t.c")
    assert isinstance(texts, TextMatrix)
    assert list(texts) == [str(int(v)) for v in values]
    days = np.array([0, 9, 10, 11_000, -719_162], "M8[D]")  # 1970 … 0001-01-01
    assert list(render_texts(days, parse_type("date"), "t.c")) == [
        str(d) for d in days.astype(object)
    ]


def test_a_column_without_a_minus_sign_has_no_byte_for_one() -> None:
    int4, date = parse_type("int4"), parse_type("date")
    positive = render_texts(np.array([1, 22, 5]), int4, "t.c")
    signed = render_texts(np.array([1, -22, 5]), int4, "t.c")
    assert isinstance(positive, TextMatrix) and isinstance(signed, TextMatrix)
    assert positive.data.shape[1] == 2 and signed.data.shape[1] == 3
    assert list(positive) == ["1", "22", "5"] and list(signed) == ["1", "-22", "5"]
    days = render_texts(np.array(["2024-02-29", "1999-01-01"], "M8[D]"), date, "t.c")
    assert isinstance(days, TextMatrix) and days.data.shape[1] == 12  # 10 and two '-' pads
    assert copy_bytes(Chunk(0, 3, [positive, signed])) == b"1\t1\n22\t-22\n5\t5\n"
