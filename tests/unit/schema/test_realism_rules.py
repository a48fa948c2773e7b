"""Rules for DDL written by an application, not for pgmock (a blog's five tables): an
integer key numbered by a rule, slugs made from the row's title, a publication's moments
in order and NULL while a draft, tag tables a short list of topics."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pytest
from resolving import first_chunk, resolve

from pgmock_builtins._row_counts import infer_row_counts
from pgmock_builtins.slug_gen import SlugGenerator, SlugParams, slugify
from pgmock_sdk import GenContext
from pgmock_sdk.inference import PRIMARY_KEY_WEIGHT, Rule, row_column
from pgmock_sdk.pgtypes import parse_type
from pgmock_sdk.testing import column_info

# --------------------------------------------------------------------------- primary keys


def test_a_primary_key_rule_matches_only_a_primary_key_and_outweighs_the_rest() -> None:
    key = Rule("core.sequence", primary_key=True, types=("integer",))
    int4 = parse_type("int4")
    assert key.matches(("t",), "code", int4, primary_key=True)
    assert not key.matches(("t",), "code", int4)
    assert not key.matches(("t",), "code", parse_type("text"), primary_key=True)
    richest = Rule("core.integer", table="t", column="code", references="p", schema_has="q")
    assert key.specificity > richest.specificity
    assert key.specificity == PRIMARY_KEY_WEIGHT
    assert "primary key" in key.describe()
    Rule("core.sequence", primary_key=True)  # a condition on its own, like a column


def _key_table(**columns: Any) -> dict[str, Any]:
    return {"rowCount": 30, "columns": columns}


def test_an_integer_primary_key_is_numbered_through_the_rule_table() -> None:
    schema = resolve(
        {
            "categories": _key_table(
                category_id={"type": "smallint", "primaryKey": True},
                position={"type": "int4"},
            ),
            "pairs": {
                "rowCount": 30,
                "columns": {"a": {"type": "int4"}, "b": {"type": "int4"}},
                "primaryKey": ["a", "b"],
            },
        }
    )
    key = schema.tables["categories"].columns["category_id"].generator
    assert key is not None and key.qualified == "core.sequence"
    assert key.rule is not None and "primary key" in key.rule
    # a column of a key of two is not numbered 1..N: the pairs would repeat
    for name in ("a", "b"):
        gen = schema.tables["pairs"].columns[name].generator
        assert gen is not None and gen.qualified != "core.sequence"
    rows = first_chunk({"categories": _key_table(category_id={"type": "int2", "primaryKey": True})},
                 "categories")  # fmt: skip
    assert rows["category_id"] == [str(i) for i in range(1, 31)]


def test_a_primary_key_the_schema_gives_parameters_keeps_them() -> None:
    schema = resolve(
        {"t": _key_table(code={"type": "int4", "primaryKey": True, "params": {"start": 100}})}
    )
    gen = schema.tables["t"].columns["code"].generator
    assert gen is not None and gen.qualified == "core.sequence"
    assert gen.params.start == 100  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- slugs


def test_slugify() -> None:
    assert slugify(
        ["How to Cook a Perfect Risotto!", "  Crème brûlée — à la maison ", "Straße 2024", None,
         "¿¡!?", "C++ & Rust: a/b"]
    ) == [
        "how-to-cook-a-perfect-risotto", "creme-brulee-a-la-maison", "strasse-2024",
        "untitled", "untitled", "c-rust-a-b",
    ]  # fmt: skip
    assert slugify([]) == []


def _slugs(titles: list[str | None], *, unique: bool, offset: int = 0, rows: int = 0,
           type_name: str = "text") -> list[str]:  # fmt: skip
    info = column_info(type_name, name="slug", unique=unique, row_count=rows or len(titles))
    gen = SlugGenerator(SlugParams(source_column="title"), info)
    ctx = GenContext(info, offset, {"title": titles})
    return list(gen.generate(len(titles), np.random.default_rng(0), ctx))


def test_repeated_titles_get_numbered_slugs_in_a_unique_column() -> None:
    titles = ["Hello World", "Post", "hello, world!", "Post 2", "Post", "Hello World"]
    got = _slugs(titles, unique=True)
    assert got[:2] == ["hello-world", "post"]
    assert got[2] == "hello-world-2" and got[5] == "hello-world-3"
    assert len(set(got)) == len(got), got
    assert all(s.startswith(t) for s, t in zip(got, slugify(titles)))
    # not unique: the plain slug, repeats and all
    assert _slugs(titles, unique=False)[5] == "hello-world"


def test_slugs_stay_unique_across_chunks() -> None:
    first = _slugs(["Top 70000", "Top B2K9X1", "News", "News"], unique=True, rows=100_000)
    later = _slugs(["News", "Top", "Top"], unique=True, offset=69_999, rows=100_000)
    # a title ending in a word shaped like a later row's code is told apart from it
    assert first == ["top-70000", "top-b2k9x1-1", "news", "news-2"]
    # later chunks: a short code of the row (a letter and a digit three times for 100,000
    # rows), never its six-digit number, the same whichever chunk the row falls in
    assert all(re.fullmatch(r"(news|top)-([a-z][0-9]){3}", s) for s in later), later
    assert len(set(later)) == 3 and not set(first) & set(later)
    assert _slugs(["Top", "Top"], unique=True, offset=70_000, rows=100_000) == later[1:]
    small = _slugs(["Top"], unique=True, offset=20_000, rows=50_000)
    assert re.fullmatch(r"top-([a-z][0-9]){2}", small[0]), small


def test_slugs_fit_a_varchar() -> None:
    titles = ["A Very Long Title About Many Things"] * 3
    got = _slugs(titles, unique=True, type_name="varchar(12)")
    assert got == ["a-very-long", "a-very-lon-2", "a-very-lon-3"]
    assert all(len(s) <= 12 for s in got)


def _post_columns(**more: Any) -> dict[str, Any]:
    return {"id": {"type": "serial", "primaryKey": True}, **more}


def test_a_slug_is_inferred_from_the_title_or_name_declared_before_it() -> None:
    schema = resolve(
        {
            "posts": {"rowCount": 50, "columns": _post_columns(
                title={"type": "text"}, slug={"type": "text", "unique": True})},
            "products": {"rowCount": 50, "columns": _post_columns(
                name={"type": "varchar(80)"}, permalink={"type": "varchar(255)"})},
            "pages": {"rowCount": 50, "columns": _post_columns(
                slug={"type": "text"}, title={"type": "text"})},
            "links": {"rowCount": 50, "columns": _post_columns(slug={"type": "text"})},
        }
    )  # fmt: skip
    for table, column, source in (("posts", "slug", "title"), ("products", "permalink", "name")):
        gen = schema.tables[table].columns[column].generator
        assert gen is not None and gen.qualified == "core.slug", table
        assert gen.params.source_column == source  # type: ignore[attr-defined]
    for table in ("pages", "links"):  # the title comes later, or there is none
        gen = schema.tables[table].columns["slug"].generator
        assert gen is not None and gen.qualified != "core.slug", table
    rows = first_chunk(
        {"posts": {"rowCount": 300, "columns": _post_columns(
            title={"type": "text"}, slug={"type": "text", "unique": True})}},
        "posts",
    )  # fmt: skip
    assert len(set(rows["slug"])) == 300
    assert all(s == slugify([t])[0] for s, t in zip(rows["slug"], rows["title"]))


def test_row_column_is_a_placeholder_of_patterns() -> None:
    assert row_column("title", "name") == {"$row": ["title", "name"]}
    with pytest.raises(ValueError, match="not a regular expression"):
        row_column("(")


# --------------------------------------------------------------------------- publication

_STATUS = {"type": "text", "nullable": False,
           "check": "status IN ('draft', 'published', 'archived')"}  # fmt: skip


def _posts(*order: str, **overrides: Any) -> dict[str, Any]:
    columns: dict[str, Any] = {
        "status": _STATUS,
        "published_at": {"type": "timestamptz"},
        "created_at": {"type": "timestamptz", "nullable": False},
    }
    columns.update(overrides)
    return {"posts": {"rowCount": 600, "columns": _post_columns(**{c: columns[c] for c in order})}}


@pytest.mark.parametrize(
    "order",
    [("status", "published_at", "created_at"), ("created_at", "status", "published_at")],
)
def test_a_draft_is_not_published_and_nothing_is_published_before_it_was_created(
    order: tuple[str, ...],
) -> None:
    rows = first_chunk(_posts(*order), "posts")
    published, created, status = rows["published_at"], rows["created_at"], rows["status"]
    assert set(status) == {"draft", "published", "archived"}
    for state, when, made in zip(status, published, created):
        assert (when is None) == (state == "draft"), (state, when)
        assert made is not None
        if when is not None:
            assert np.datetime64(made[:19]) <= np.datetime64(when[:19]), (made, when)


def _orders_with(moment: str) -> dict[str, list[str | None]]:
    """A chunk of orders whose state CHECK lists a workflow, with one nullable moment."""
    check = "state IN ('pending', 'paid', 'shipped', 'delivered', 'cancelled', 'new')"
    return first_chunk(
        {"orders": {"rowCount": 500, "columns": _post_columns(
            state={"type": "text", "nullable": False, "check": check},
            **{moment: {"type": "timestamp"}})}},
        "orders",
    )  # fmt: skip


def test_states_listed_before_the_column_s_or_leaving_the_workflow_are_null() -> None:
    rows = _orders_with("shipped_at")
    nulls = {s for s, w in zip(rows["state"], rows["shipped_at"]) if w is None}
    set_ = {s for s, w in zip(rows["state"], rows["shipped_at"]) if w is not None}
    # listed before 'shipped', never shipped ('cancelled'), or new wherever it is listed
    assert nulls == {"pending", "paid", "cancelled", "new"}
    assert set_ == {"shipped", "delivered"}
    rows = _orders_with("cancelled_at")
    # cancelling is a way out, not a step after delivery: only cancelled orders were
    assert {s for s, w in zip(rows["state"], rows["cancelled_at"]) if w is not None} == {
        "cancelled"
    }
    assert sum(w is None for w in rows["cancelled_at"]) > 300


def test_the_schema_s_null_ratio_or_no_matching_state_leaves_the_column_alone() -> None:
    schema = resolve(
        _posts("status", "published_at", "created_at", published_at={
            "type": "timestamptz", "nullRatio": 0.5})
    )  # fmt: skip
    assert schema.tables["posts"].columns["published_at"].cases_on is None
    other = {"type": "text", "check": "status IN ('open', 'closed')"}
    schema = resolve(_posts("status", "published_at", "created_at", status=other))
    assert schema.tables["posts"].columns["published_at"].cases_on is None


def test_published_after_created_without_a_status_is_sometimes_unpublished() -> None:
    rows = first_chunk(_posts("created_at", "published_at"), "posts")
    nulls = sum(w is None for w in rows["published_at"])
    assert 100 < nulls < 260  # the stage's 30 %
    for made, when in zip(rows["created_at"], rows["published_at"]):
        if when is not None and made is not None:
            assert made[:19] <= when[:19]


# --------------------------------------------------------------------------- tags


def test_tag_tables_are_lookups_of_a_few_rows() -> None:
    def table(*fks: str) -> dict[str, Any]:
        return {
            "columns": {"id": {"type": "serial", "primaryKey": True}, "name": {"type": "text"}},
            "foreignKeys": [
                {"columns": [f"{p}_id"], "references": {"table": p, "columns": ["id"]}} for p in fks
            ],
        }

    tables = {"tags": table(), "blog_keywords": table(), "posts": table(),
              "post_tags": table("posts", "tags")}  # fmt: skip
    infer_row_counts(tables, set())
    assert tables["tags"]["rowCount"] == tables["blog_keywords"]["rowCount"] == 20
    assert tables["tags"].get("fixed") is True
    assert tables["post_tags"]["rowCount"] > 20 and not tables["post_tags"].get("fixed")
