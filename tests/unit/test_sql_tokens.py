"""One SQL tokenizer (pgmock.sql.tokens) for the CHECKs pgmock reads without a server:
which columns a table CHECK names, where a cast's type name ends, and the same tokens
under the domain CHECK parser."""

from __future__ import annotations

import pytest

from pgmock.sql.check import CheckSyntaxError, Unsupported, compile_check
from pgmock.sql.tokens import (
    fully_parenthesized,
    referenced_columns,
    string_value,
    tokens,
    type_name_end,
)
from pgmock_sdk import parse_type

COLUMNS = ["price", "qty", "Name", "a$b", "day", "lower"]


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("price > 0", {"price"}),
        ("price * qty < 1000", {"price", "qty"}),
        ("\"Name\" <> ''", {"Name"}),
        ("name <> ''", set()),  # unquoted names fold to lower case: not "Name"
        ("lower(qty::text) <> 'price'", {"qty"}),  # a function name and a string
        ("qty::double precision > price", {"qty", "price"}),
        ("qty::timestamp(3) with time zone > now()", {"qty"}),
        ("qty::pg_catalog.numeric(5,2) > 1.5e3", {"qty"}),
        ("price <> $$qty$$ AND price <> $t$qty$t$", {"price"}),
        ("t.qty > 0", {"qty"}),  # the qualifier is no column
        ("a$b > 0", {"a$b"}),
        ("PRICE > 0", {"price"}),
    ],
)
def test_referenced_columns(expr: str, expected: set[str]) -> None:
    assert referenced_columns(expr, COLUMNS) == expected


def test_tokens_and_literals() -> None:
    toks = tokens("x::character varying(10) <> $a$it's$a$ || 'it''s'")
    assert [t.kind for t in toks] == [
        "id",
        "op",
        "id",
        "id",
        "op",
        "num",
        "op",
        "op",
        "str",
        "op",
        "str",
    ]
    assert type_name_end(toks, 2) == 7
    assert string_value(toks[8]) == "it's" == string_value(toks[10])
    assert [t.kind for t in tokens("a ; ?")] == ["id", "other", "other"]


def test_fully_parenthesized() -> None:
    assert fully_parenthesized("(a + b)")
    assert fully_parenthesized("((a) + (b))")
    assert not fully_parenthesized("(a) + (b)")
    assert fully_parenthesized("(a <> ')')")  # a parenthesis in a string is text
    assert not fully_parenthesized("a + b")


def test_domain_checks_read_the_same_tokens() -> None:
    text = parse_type("text")
    check = compile_check("VALUE <> $$x$$ AND VALUE::varchar(3) <> 'it''s'", text)
    assert check.ok(["x", "y", "it's", None]).tolist() == [False, True, False, True]
    with pytest.raises(CheckSyntaxError, match="unterminated string literal at position 9"):
        compile_check("VALUE = 'x", text)
    with pytest.raises(CheckSyntaxError, match="one expression"):
        compile_check("VALUE = 'x'; DROP TABLE t", text)
    with pytest.raises(Unsupported, match="'\\?'"):
        compile_check("VALUE ? 'x'", text)
