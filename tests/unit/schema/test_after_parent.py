"""A row's first moment after its parent's (``Lifecycle.after_parent``): a comment is
not written before its post."""

from __future__ import annotations

from typing import Any

import numpy as np
from resolving import resolve

from pgmock.generate.engine import Engine
from pgmock.generate.plan import make_plan

TS = {"type": "timestamptz"}


def blog(comment_fk: dict[str, Any] | None = None, **comment: Any) -> dict[str, Any]:
    fk = comment_fk or {"type": "integer", "references": "posts.id", "nullable": False}
    return {
        "posts": {"rowCount": 50, "columns": {"id": {"type": "serial", "primaryKey": True},
                                               "created_at": TS}},
        "comments": {"rowCount": 400, "columns": {
            "id": {"type": "serial", "primaryKey": True},
            "post_id": fk,
            "created_at": {**TS, **comment},
        }},
    }  # fmt: skip


def test_a_child_s_creation_follows_its_parent_s() -> None:
    schema = resolve(blog())
    after = schema.tables["comments"].columns["created_at"].after
    assert after is not None and after.fk is not None
    assert (after.fk.ref_table, after.column) == ("posts", "created_at")
    assert after.within_seconds == 90 * 86400
    assert schema.tables["posts"].columns["created_at"].after is None
    with Engine(make_plan(schema)) as engine:
        posts = engine.generate_chunk("posts", 0)
        comments = engine.generate_chunk("comments", 0)
    made = {int(i): np.datetime64(t[:19]) for i, t in zip(posts["id"], posts["created_at"])}
    gaps = [
        np.datetime64(t[:19]) - made[int(p)]
        for p, t in zip(comments["post_id"], comments["created_at"])
    ]
    assert min(gaps) > np.timedelta64(0, "s")
    assert max(gaps) <= np.timedelta64(90, "D")


def test_a_parent_declared_after_its_child_counts_too() -> None:
    tables = blog()
    tables = {"comments": tables["comments"], "posts": tables["posts"]}
    after = resolve(tables).tables["comments"].columns["created_at"].after
    assert after is not None and after.column == "created_at"


def test_the_schema_s_word_or_a_nullable_key_leaves_the_moment_alone() -> None:
    given = resolve(blog(generator="core.timestamp")).tables["comments"].columns["created_at"]
    assert given.after is None and given.generator is not None
    nullable = blog({"type": "integer", "references": "posts.id"})
    assert resolve(nullable).tables["comments"].columns["created_at"].after is None


def test_no_order_runs_in_a_circle_through_the_tables() -> None:
    def table(parent: str) -> dict[str, Any]:
        return {"rowCount": 10, "columns": {
            "id": {"type": "serial", "primaryKey": True},
            f"{parent}_id": {"type": "integer", "references": f"{parent}.id", "nullable": False},
            "created_at": TS}}  # fmt: skip

    schema = resolve({"a": table("b"), "b": table("a")})
    a = schema.tables["a"].columns["created_at"].after
    assert a is not None and a.fk is not None and a.fk.ref_table == "b"
    assert schema.tables["b"].columns["created_at"].after is None


def test_a_creation_declared_after_a_later_stage_still_follows_the_parent() -> None:
    # created_at declared after published_at comes before it (publication), and before
    # the fix it then ignored its author: posts were created before their author signed up
    tables = {
        "authors": {"rowCount": 40, "columns": {
            "id": {"type": "serial", "primaryKey": True}, "created_at": TS}},
        "posts": {"rowCount": 600, "columns": {
            "id": {"type": "serial", "primaryKey": True},
            "author_id": {"type": "integer", "references": "authors.id", "nullable": False},
            "published_at": {**TS, "nullable": False},
            "created_at": {**TS, "nullable": False},
        }},
    }  # fmt: skip
    schema = resolve(tables)
    made = schema.tables["posts"].columns["created_at"].after
    assert made is not None and made.before and made.not_before is not None
    published = schema.tables["posts"].columns["published_at"].after
    assert published is not None and published.fk is not None
    with Engine(make_plan(schema)) as engine:
        authors = engine.generate_chunk("authors", 0)
        posts = engine.generate_chunk("posts", 0)
    joined = {int(i): t[:19] for i, t in zip(authors["id"], authors["created_at"])}
    for author, created, out in zip(posts["author_id"], posts["created_at"], posts["published_at"]):
        assert joined[int(author)] <= created[:19] <= out[:19], (joined[int(author)], created, out)


def library(loaned_at: dict[str, Any] | None = None) -> dict[str, Any]:
    key = {"type": "integer", "nullable": False}
    return {
        "members": {"rowCount": 300, "columns": {
            "id": {"type": "serial", "primaryKey": True},
            "joined_on": {"type": "date", "nullable": False},
            "created_at": {**TS, "nullable": False}}},
        "copies": {"rowCount": 200, "columns": {
            "id": {"type": "serial", "primaryKey": True},
            "acquired_on": {"type": "date", "nullable": False}}},
        "loans": {"rowCount": 3000, "columns": {
            "id": {"type": "serial", "primaryKey": True},
            "member_id": {**key, "references": "members.id"},
            "copy_id": {**key, "references": "copies.id"},
            "loaned_at": {**TS, "nullable": False, **(loaned_at or {})},
            "due_date": {"type": "date", "nullable": False}}},
    }  # fmt: skip


def test_a_loan_lies_between_its_parents_beginnings_and_the_present() -> None:
    # loaned_at is no record stage: before the fix it ignored its parents, and half the
    # loans were made before their member joined or their copy was acquired
    schema = resolve(library())
    after = schema.tables["loans"].columns["loaned_at"].after
    assert after is not None and after.span is not None
    read = {(r.fk.ref_table, r.column) for r in after.parent_refs()}
    assert read == {("members", "joined_on"), ("members", "created_at"), ("copies", "acquired_on")}
    with Engine(make_plan(schema)) as engine:
        members = engine.generate_chunk("members", 0)
        copies = engine.generate_chunk("copies", 0)
        loans = engine.generate_chunk("loans", 0)
    joined = {int(i): t[:19] for i, t in zip(members["id"], members["created_at"])}
    acquired = {int(i): d for i, d in zip(copies["id"], copies["acquired_on"])}
    made = [t[:19] for t in loans["loaned_at"]]
    for member, copy, loaned in zip(loans["member_id"], loans["copy_id"], made):
        assert loaned >= joined[int(member)] and loaned[:10] >= acquired[int(copy)]
    assert max(made) <= "2025-12-31 23:59:59" and min(made) < "2020"
    assert all(d > t[:10] for d, t in zip(loans["due_date"], made))  # still due after


def test_a_loan_the_schema_generates_keeps_its_generator() -> None:
    given = library({"generator": "core.timestamp"})
    col = resolve(given).tables["loans"].columns["loaned_at"]
    assert col.after is None and col.generator is not None


def test_an_order_follows_its_customer_s_sign_up() -> None:
    tables = {
        "customers": {"rowCount": 100, "columns": {
            "id": {"type": "serial", "primaryKey": True},
            "signed_up_at": {**TS, "nullable": False}}},
        "orders": {"rowCount": 1000, "columns": {
            "id": {"type": "serial", "primaryKey": True},
            "customer_id": {"type": "integer", "references": "customers.id", "nullable": False},
            "order_date": {"type": "date", "nullable": False},
            "shipped_date": {"type": "date"}}},
    }  # fmt: skip
    schema = resolve(tables)
    with Engine(make_plan(schema)) as engine:
        customers = engine.generate_chunk("customers", 0)
        orders = engine.generate_chunk("orders", 0)
    signed = {int(i): t[:10] for i, t in zip(customers["id"], customers["signed_up_at"])}
    for customer, ordered in zip(orders["customer_id"], orders["order_date"]):
        assert ordered >= signed[int(customer)] and ordered <= "2025-12-31"


def test_time_is_booked_after_the_hire_and_within_the_project() -> None:
    # work_date was made unique for the key (employee, project, work_date), a permutation
    # of 2015-2025: 25 of 60 timesheets before the hire, 57 outside the project's dates
    key = {"type": "integer", "nullable": False}
    tables = {
        "employees": {"rowCount": 30, "columns": {
            "id": {"type": "serial", "primaryKey": True},
            "hire_date": {"type": "date", "nullable": False}}},
        "projects": {"rowCount": 40, "columns": {
            "id": {"type": "serial", "primaryKey": True},
            "start_date": {"type": "date", "nullable": False},
            "end_date": {"type": "date", "nullable": False}}},
        "timesheets": {"rowCount": 900, "columns": {
            "id": {"type": "serial", "primaryKey": True},
            "employee_id": {**key, "references": "employees.id"},
            "project_id": {**key, "references": "projects.id"},
            "work_date": {"type": "date", "nullable": False}},
            "unique": [["employee_id", "project_id", "work_date"]]},
    }  # fmt: skip
    schema = resolve(tables)
    work = schema.tables["timesheets"].columns["work_date"]
    assert not work.unique and work.after is not None and work.after.until
    with Engine(make_plan(schema)) as engine:
        hired = dict(zip(*engine.generate_chunk("employees", 0).values()))
        projects = engine.generate_chunk("projects", 0)
        sheets = engine.generate_chunk("timesheets", 0)
    period = {i: (s, e) for i, s, e in zip(*projects.values())}
    keys = list(zip(sheets["employee_id"], sheets["project_id"]))
    assert len(set(keys)) == len(keys)  # the parents' combinations hold the key
    inside = 0
    for (employee, project), day in zip(keys, sheets["work_date"]):
        start, end = period[project]
        assert day >= hired[employee] and day >= start
        inside += hired[employee] > end or day <= end  # hired after the end: at the hire
    assert inside == len(keys)


def test_a_ticket_is_not_bought_within_its_event() -> None:
    # an event's start and end are no term its tickets are bought in
    ts = {**TS, "nullable": False}
    tables = {
        "events": {"rowCount": 20, "columns": {
            "id": {"type": "serial", "primaryKey": True},
            "starts_at": ts, "ends_at": ts, "created_at": ts}},
        "tickets": {"rowCount": 200, "columns": {
            "id": {"type": "serial", "primaryKey": True},
            "event_id": {"type": "integer", "references": "events.id", "nullable": False},
            "purchased_at": ts}},
    }  # fmt: skip
    after = resolve(tables).tables["tickets"].columns["purchased_at"].after
    assert after is not None and not after.until
    assert [r.column for r in after.floors()] == ["created_at"]


def test_a_child_is_not_created_after_the_present() -> None:
    # within 90 days of a post written in December 2025, comments fell in 2026; the
    # comments of older posts keep their values
    tables = blog()
    tables["posts"]["columns"]["created_at"] = {
        **TS,
        "params": {"start": "2025-11-01T00:00:00", "end": "2025-12-31T00:00:00"},
    }
    schema = resolve(tables)
    after = schema.tables["comments"].columns["created_at"].after
    assert after is not None and after.cap == "2025-12-31T23:59:59"
    with Engine(make_plan(schema)) as engine:
        posts = engine.generate_chunk("posts", 0)
        comments = engine.generate_chunk("comments", 0)
    made = {int(i): t[:19] for i, t in zip(posts["id"], posts["created_at"])}
    for post, t in zip(comments["post_id"], comments["created_at"]):
        assert made[int(post)] < t[:19] <= "2025-12-31 23:59:59"
