"""Lifecycle order inferred within a row: ``shipped_date`` after ``order_date``.

Plugins register lifecycles (``registry.add_lifecycle``; pgmock's are in
:mod:`pgmock_builtins.inference_rules`): ordered stages of column-name patterns. A moment
column the schema leaves open (no generator, parameters, distribution, cases, ``after``,
``expr`` or ``from``) that matches a later stage becomes ``after`` the previous stage
present in the row, declared before it: the column that shares most of its name with
it (``actual_arrival`` follows ``actual_departure``), else the latest stage, else the
nearest. It is NULL where that column is NULL (nothing is shipped that was not ordered)
and, when nullable with no ``nullRatio``, NULL in the stage's share of the other rows.

A nullable moment named for a state (``published_at``, ``shipped_on``) in a row whose
status column, declared before it, lists that state among its values (``CHECK (status IN
('draft', 'published', 'archived'))``, an enum) is NULL exactly where the status has not
reached it (:func:`status_cases`): in the states listed before it, and in those that
never reach it (``draft``, ``cancelled``); a moment of leaving the workflow
(``canceled_at``) only in its own state.

A first stage the row leaves unordered (``created_at``) follows its parent's first stage
where the lifecycle says so (``Lifecycle.after_parent``, :func:`after_parents`): a
comment is written after its post.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime

from pgmock.schema import model
from pgmock.schema.generators import listed_values
from pgmock.schema.inference import Inference
from pgmock.schema.resolved import (
    AfterRef,
    BillingCycle,
    ParentRef,
    RColumn,
    RForeignKey,
    RTable,
)
from pgmock.schema.units import interval_seconds
from pgmock_sdk.inference import Lifecycle

__all__ = [
    "STATUS_COLUMN",
    "after_parents",
    "billing_cycle",
    "follows_parents",
    "inferred_after",
    "left_open",
    "listing_columns",
    "period_windows",
    "state_values",
    "status_cases",
]

_MOMENTS = ("date", "timestamp", "timestamptz")
# A child's moment after its parent's reads the parent's column whole (8 bytes a row,
# held while the child is made); past this many parent rows memory would grow with the
# data, so the order is not inferred.
_PARENT_ROWS_HELD = 1_000_000

# A moment named for a state: published_at, shipped_on, approved_date, deleted.
_MOMENT_SUFFIX = re.compile(r"_(at|on|date|time|ts|datetime|timestamp)$")
# Columns holding a row's state.
STATUS_COLUMN = re.compile(r"(\w+_)?(status|state)|stage|phase|workflow_state")
# States that have reached no later one, wherever a CHECK lists them (a list may be in
# alphabetical order), and states that leave the workflow before its later steps.
_NOT_YET = frozenset({
    "draft", "drafted", "pending", "new", "open", "queued", "waiting", "unpublished",
    "unsent", "unpaid", "todo", "to_do", "not_started", "created", "requested", "planned",
    "overdue", "past_due", "trialing", "trial",
})  # fmt: skip
_LEFT = frozenset({
    "cancelled", "canceled", "rejected", "failed", "declined", "void", "voided", "aborted",
    "abandoned", "uncollectible", "written_off", "expired", "bounced", "refused",
    # leaving a course or a programme
    "dropped", "withdrawn", "unenrolled",
})  # fmt: skip


def left_open(spec: model.Column) -> bool:
    """Whether the schema says nothing of where the column's values come from."""
    return (
        not spec.generator
        and not spec.params
        and spec.distribution is None
        and spec.cases is None
        and spec.after is None
        and spec.expr is None
        and spec.from_ is None
    )


def _is_moment(col: RColumn) -> bool:
    return col.type.name in _MOMENTS and not col.type.is_array


def _words(name: str) -> set[str]:
    return set(re.split(r"[_\W]+", name.lower())) - {""}


def _usable(col: RColumn) -> bool:
    """Whether a column can be what a later stage comes after."""
    if not _is_moment(col) or not col.has_data or col.fk is not None or col.is_serial:
        return False
    gen = col.generator
    if gen is not None and getattr(gen.params, "infinity_ratio", None):
        return False  # nothing comes after infinity
    return gen is not None or col.after is not None


def inferred_after(
    inference: Inference, rt: RTable, col: RColumn, spec: model.Column
) -> AfterRef | None:
    """The ``after`` a lifecycle gives ``col``, with ``col.null_ratio`` set from its stage
    when the schema sets none; None when no lifecycle orders it. A column of an earlier
    stage declared after a later one (``start_date`` after ``due_date``) comes *before*
    it instead."""
    if not _is_moment(col) or col.unique or not col.has_data:
        return None
    earlier = rt.columns_before(col.name)
    lowered = col.name.lower()
    best: tuple[tuple[int, int, int, int], RColumn, Lifecycle, int, int] | None = None
    for entry in inference.lifecycles_for(rt.key):
        cycle = entry.obj
        stage = cycle.stage_of(lowered)
        if stage is None:
            continue
        for pos, other in enumerate(earlier):
            if not _usable(other):
                continue
            theirs = cycle.stage_of(other.name.lower())
            if theirs is None or theirs == stage:
                continue
            follows_stage = cycle.stages[stage].follows
            if follows_stage is not None and follows_stage < theirs < stage:
                continue  # a stage this one does not wait for (paid, not after due)
            shared = len(_words(other.name) & _words(col.name))
            # after an earlier stage first; before a later one only without one
            follows = 1 if theirs < stage else 0
            nearest = theirs if follows else -theirs
            score = (follows, shared, nearest, pos)
            if best is None or score > best[0]:
                best = (score, other, cycle, theirs, stage)
    if best is None:
        return None
    score, ref, cycle, theirs, stage = best
    before = not score[0]
    also: tuple[str, ...] = ()
    if before:
        # before every later stage declared earlier, of every lifecycle: the earliest
        also = tuple(
            other.name
            for other in earlier
            if other is not ref
            and _usable(other)
            and any(
                (mine := e.obj.stage_of(lowered)) is not None
                and (theirs_too := e.obj.stage_of(other.name.lower())) is not None
                and theirs_too > mine
                for e in inference.lifecycles_for(rt.key)
            )
        )
    first, last = (stage, theirs) if before else (theirs, stage)
    # the stages the later one waits for, back to the earlier: each comes within its
    # own interval of the stage it follows (the previous one, or the one it names)
    within, at = 0.0, last
    while at > first:
        stage_at = cycle.stages[at]
        within += interval_seconds(stage_at.within)
        at = at - 1 if stage_at.follows is None else stage_at.follows
    what = cycle.note or "stages in order"
    why = f"lifecycle {cycle.name} ({what}): {'before' if before else 'after'} {ref.name}"
    null_ratio = cycle.stages[stage].null_ratio
    if col.nullable and spec.nullRatio is None and null_ratio > 0 and not before:
        col.null_ratio = null_ratio
    return AfterRef(
        ref.name,
        None,
        within,
        inferred=why,
        null_with_reference=col.nullable and not before,
        before=before,
        also=also,
    )


def state_values(col: RColumn) -> list[str] | None:
    """The values a status column takes, in the order listed: an enum's labels, else the
    values its domain or CHECK lists."""
    user = col.type.user
    if user is not None and col.type.key == "enum" and not col.type.is_array:
        return list(user.labels)
    return listed_values(col)


def listing_columns(
    rt: RTable, col: RColumn, pattern: re.Pattern[str]
) -> Iterator[tuple[RColumn, list[str]]]:
    """The columns declared before ``col`` named by ``pattern`` that hold values of their
    own (no foreign key, serial or array), each with the values it lists (an enum's
    labels, else its domain's or CHECK's; none: empty): a row's status, a payment's
    method."""
    for other in rt.columns_before(col.name):
        if not pattern.fullmatch(other.name.lower()) or other.fk is not None:
            continue
        if not other.has_data or other.is_serial or other.type.is_array:
            continue
        yield other, state_values(other) or []


def status_cases(rt: RTable, col: RColumn, spec: model.Column) -> bool:
    """Make ``col`` NULL exactly in the rows whose status has not reached the state its
    name says (``published_at`` of a ``draft``): its cases on the status column, and no
    other NULLs. False when no status column lists that state or the schema says where
    the column's values or NULLs come from."""
    if (
        not left_open(spec)
        or not _is_moment(col)
        or not col.has_data
        or not col.nullable
        or col.unique
        or spec.nullRatio is not None
        or (col.after is not None and col.after.before)
    ):
        return False
    named = _MOMENT_SUFFIX.sub("", col.name.lower())
    state = named.rpartition("_")[2]
    stems = [w for w in named.split("_")[:-1] if len(w) >= 4]
    for other, values in listing_columns(rt, col, STATUS_COLUMN):
        if not values:
            continue
        lowered = [v.lower() for v in values]
        # a moment within a state its other words name (trial_ends_at of 'trialing'):
        # only rows in that state are in it
        within = next((low for stem in stems for low in lowered if low.startswith(stem)), None)
        at = state if state in lowered else within
        if at is None:
            continue
        reached = lowered.index(at)
        # a way out of the workflow (canceled_at) is a branch, not a step: only its own
        # state has taken it
        branch = at in _LEFT or at == within
        unset = [
            v
            for i, (v, low) in enumerate(zip(values, lowered))
            if low != at and (branch or i < reached or low in _NOT_YET or low in _LEFT)
        ]
        if not unset:
            return False
        col.cases_on = other.name
        col.cases = {v: None for v in unset}
        col.null_ratio = 0.0
        return True
    return False


def period_windows(
    inference: Inference, rt: RTable, col: RColumn, spec: model.Column
) -> dict[str, tuple[str, str]]:
    """The date windows the first stage of a lifecycle with ``windows`` (``start_date`` of
    ``period``) takes per value of the row's status column, declared before it: a
    planned project starts after the data's present, an active one in its last year, a
    completed one more than a year before it (:class:`pgmock_sdk.inference.StatusWindow`,
    set by the plugin that registers the lifecycle). Empty when the column is not such a
    stage, the schema says where its values come from, or no status column lists a state
    of a window. The host makes them the column's cases on the status."""
    if (
        not left_open(spec)
        or not _is_moment(col)
        or not col.has_data
        or col.unique
        or col.after is not None
        or col.generator is None
        or col.generator.qualified not in ("core.date", "core.timestamp")
        or col.cases_on is not None
    ):
        return {}
    lowered = col.name.lower()
    cycle = next(
        (
            e.obj
            for e in inference.lifecycles_for(rt.key)
            if e.obj.windows and e.obj.stage_of(lowered) == 0
        ),
        None,
    )
    if cycle is None:
        return {}
    for other, values in listing_columns(rt, col, STATUS_COLUMN):
        windows = {
            value: (window.first, window.last)
            for value in values
            for window in cycle.windows
            if value.lower() in window.states
        }
        if windows:
            col.cases_on = other.name
            return windows
    return {}


def after_parents(
    inference: Inference, tables: dict[str, RTable], specs: dict[str, model.Table]
) -> None:
    """Make each first-stage moment left open (``created_at`` with an inferred generator,
    nothing in its row ordering it) come after its parent row's first stage, for the
    lifecycles that say so (``after_parent``). Runs once every table's columns are
    resolved, so a parent declared after its child counts too; an order that would run
    in a circle through the tables is not made."""
    follows: dict[str, set[str]] = {}  # table -> the tables its moments follow
    for rt in tables.values():
        for col in rt.columns.values():
            spec = specs[rt.key].columns.get(col.name)
            if spec is None:
                continue
            anchor = _anchor(rt, col, spec, specs[rt.key])
            if anchor is None and not _open_first_stage(col, spec):
                continue
            found = _parent_first_stage(inference, tables, rt, col, follows)
            if found is None:
                continue
            fk, target, cycle, within = found
            why = f"lifecycle {cycle.name}: after {fk.ref_table}.{target.name}, the parent row's"
            if anchor is None:
                col.after = AfterRef(target.name, fk, within, inferred=why, cap=_last(col))
                col.generator = None
            else:
                # a first stage declared after a later one (created_at after published_at)
                # comes before it: the later one follows the parent, this one stays
                # between them
                assert col.after is not None
                anchor.after = AfterRef(
                    target.name,
                    fk,
                    within + col.after.within_seconds,
                    inferred=why,
                    cap=_last(anchor),
                )
                anchor.generator = None
                col.after.not_before = ParentRef(target.name, fk)
                col.after.inferred = (
                    f"{col.after.inferred}, not before {fk.ref_table}.{target.name}"
                )
            follows.setdefault(rt.key, set()).add(fk.ref_table)
            break  # one moment a table follows its parent; later stages follow it
    for rt in tables.values():
        for col in rt.columns.values():
            spec = specs[rt.key].columns.get(col.name)
            if spec is not None:
                _since_parents(inference, tables, rt, col, spec, follows)


def _since_parents(
    inference: Inference,
    tables: dict[str, RTable],
    rt: RTable,
    col: RColumn,
    spec: model.Column,
    follows: dict[str, set[str]],
) -> None:
    """Make a first stage of a ``since_parents`` lifecycle (``loaned_at``), left open and
    ordered by nothing else, lie between the latest beginning of its parent rows (the
    member's ``joined_on`` and ``created_at``, the copy's ``acquired_on``) and the latest
    value of the generator it had."""
    if not _open_first_stage(col, spec):
        return
    lowered = col.name.lower()
    cycles = [
        e.obj
        for e in inference.lifecycles_for(rt.key)
        if e.obj.since_parents and e.obj.stage_of(lowered) == 0
    ]
    span = _span(col)
    if not cycles or span is None:
        return
    keys = _parent_keys(tables, rt, col, follows)
    refs = [
        ParentRef(target.name, fk)
        for fk in keys
        for target in _bounds(inference, tables[fk.ref_table], 0)
    ]
    if not refs:
        return
    ends = tuple(
        ParentRef(target.name, fk)
        for fk in keys
        for target in _bounds(inference, tables[fk.ref_table], -1)
    )
    named = ", ".join(f"{r.fk.ref_table}.{r.column}" for r in refs)
    why = f"lifecycle {cycles[0].name}: after {named}, the parent rows' beginnings"
    if ends:
        why += f", before {', '.join(f'{r.fk.ref_table}.{r.column}' for r in ends)}"
    col.after = AfterRef(
        refs[0].column,
        refs[0].fk,
        0.0,
        inferred=why,
        others=tuple(refs[1:]),
        span=span,
        until=ends,
    )
    col.generator = None
    for ref in refs:
        follows.setdefault(rt.key, set()).add(ref.fk.ref_table)


def _span(col: RColumn) -> tuple[str, str] | None:
    """The first and last moment of the column's generator (its ``start`` and ``end``),
    when they are ISO moments of our era in order; else None."""
    params = col.generator.params if col.generator is not None else None
    first, last = getattr(params, "start", None), getattr(params, "end", None)
    if not isinstance(first, str) or not isinstance(last, str):
        return None
    try:
        ordered = datetime.fromisoformat(first) <= datetime.fromisoformat(last)
    except ValueError:
        return None  # BC, or not a moment
    return (first, last) if ordered else None


def _last(col: RColumn) -> str | None:
    """The last moment of the column's generator (the data's present), or None."""
    span = _span(col)
    return None if span is None else span[1]


def _parent_keys(
    tables: dict[str, RTable], rt: RTable, col: RColumn, follows: dict[str, set[str]]
) -> list[RForeignKey]:
    """The NOT NULL single-column foreign keys declared before ``col`` whose parent rows
    can be read whole and lead back to no order through ``rt``."""
    out = []
    for fk in rt.fks:
        parent = tables.get(fk.ref_table)
        if (
            parent is not None
            and _key_before(rt, fk, col)
            and 0 < parent.row_count <= _PARENT_ROWS_HELD
            and not _leads_back(follows, fk.ref_table, rt.key)
        ):
            out.append(fk)
    return out


def _bounds(inference: Inference, parent: RTable, end: int) -> list[RColumn]:
    """The parent's moments that say when its row came to be (``end`` 0: first stages of
    ``begins_row`` and ``bounds_children`` lifecycles, ``created_at``, ``joined_on``,
    ``start_date``) or when it ended for its children (``end`` -1: last stages of
    ``bounds_children`` lifecycles, ``end_date``)."""
    cycles = [
        e.obj
        for e in inference.lifecycles_for(parent.key)
        if e.obj.bounds_children or (e.obj.begins_row and end == 0)
    ]
    return [
        c
        for c in parent.columns.values()
        if _usable(c)
        and any(cycle.stage_of(c.name.lower()) == range(len(cycle.stages))[end] for cycle in cycles)
    ]


def follows_parents(inference: Inference, rt: RTable, col: RColumn, spec: model.Column) -> bool:
    """Whether ``col`` is a moment that will follow its parent rows (a ``since_parents``
    first stage, left open, in a row with a NOT NULL foreign key declared before it):
    a composite key holding it is better held by distinct parent combinations than by
    making it unique, which would make it a permutation of its range."""
    lowered = col.name.lower()
    return (
        _open_first_stage(col, spec)
        and _span(col) is not None
        and any(
            e.obj.since_parents and e.obj.stage_of(lowered) == 0
            for e in inference.lifecycles_for(rt.key)
        )
        and any(_key_before(rt, fk, col) for fk in rt.fks)
    )


def _key_before(rt: RTable, fk: RForeignKey, col: RColumn) -> bool:
    """Whether ``fk`` is a NOT NULL single-column foreign key declared before ``col``:
    every row has the parent row it picked when ``col`` is made."""
    names = list(rt.columns)
    return (
        len(fk.columns) == 1
        and not rt.columns[fk.columns[0]].nullable
        and names.index(fk.columns[0]) < names.index(col.name)
    )


def _anchor(rt: RTable, col: RColumn, spec: model.Column, table: model.Table) -> RColumn | None:
    """The later stage a first stage comes before (``published_at``, for a ``created_at``
    declared after it), when that stage is left open and made by its generator alone: the
    column that can follow the parent row instead."""
    after = col.after
    if (
        after is None
        or not after.before
        or after.also
        or after.fk is not None
        or not after.inferred
        or not left_open(spec)
    ):
        return None
    anchor = rt.columns[after.column]
    anchor_spec = table.columns.get(anchor.name)
    if anchor_spec is None or not left_open(anchor_spec):
        return None
    plain = replace(anchor, cases={}, cases_on=None)  # a status's NULLs stay
    if any(v is not None for v in anchor.cases.values()) or not _open_first_stage(
        plain, anchor_spec
    ):
        return None
    return anchor


def _open_first_stage(col: RColumn, spec: model.Column) -> bool:
    return (
        left_open(spec)
        and _is_moment(col)
        and col.has_data
        and col.fk is None
        and not col.is_serial
        and not col.unique
        and col.after is None
        and col.expr is None
        and col.copy_from is None
        and not col.cases
        and col.generator is not None
        and not col.checks
    )


def _parent_first_stage(
    inference: Inference,
    tables: dict[str, RTable],
    rt: RTable,
    col: RColumn,
    follows: dict[str, set[str]],
) -> tuple[RForeignKey, RColumn, Lifecycle, float] | None:
    lowered = col.name.lower()
    names = list(rt.columns)
    for entry in inference.lifecycles_for(rt.key):
        cycle = entry.obj
        if cycle.after_parent is None or cycle.stage_of(lowered) != 0:
            continue
        for fk in rt.fks:
            parent = tables.get(fk.ref_table)
            if (
                parent is None
                or len(fk.columns) != 1
                or rt.columns[fk.columns[0]].nullable
                or names.index(fk.columns[0]) > names.index(col.name)
                or not 0 < parent.row_count <= _PARENT_ROWS_HELD
                or _leads_back(follows, fk.ref_table, rt.key)
            ):
                continue
            target = next(
                (c for c in parent.columns.values() if cycle.stage_of(c.name.lower()) == 0),
                None,
            )
            if target is not None and _usable(target) and target.type.name == col.type.name:
                return fk, target, cycle, interval_seconds(cycle.after_parent)
    return None


def _leads_back(follows: dict[str, set[str]], start: str, key: str) -> bool:
    """Whether following parents' orders from ``start`` reaches table ``key``."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        at = todo.pop()
        if at == key:
            return True
        if at not in seen:
            seen.add(at)
            todo.extend(follows.get(at, ()))
    return False


# A subscription's current period is one billing interval long.
_PERIOD_START = re.compile(r"(\w+_)?period_(start|begin|from)\w*")
_PERIOD_END = re.compile(r"(\w+_)?period_(end|until|to)\w*")
_INTERVAL = re.compile(
    r"(\w+_)?(interval|billing_period|billing_cycle|cycle|frequency|renewal_period"
    r"|recurrence|interval_unit|period|term)"
)
# A billing interval's name: (months, days).
_STEPS: dict[str, tuple[int, int]] = {
    **dict.fromkeys(("month", "monthly", "months", "mo", "per_month", "1_month"), (1, 0)),
    **dict.fromkeys(("year", "yearly", "annual", "annually", "years", "yr", "per_year",
                     "12_months", "1_year"), (12, 0)),
    **dict.fromkeys(("quarter", "quarterly", "3_months"), (3, 0)),
    **dict.fromkeys(("semiannual", "semi_annual", "semiannually", "half_year",
                     "half_yearly", "6_months"), (6, 0)),
    **dict.fromkeys(("week", "weekly", "weeks"), (0, 7)),
    **dict.fromkeys(("biweekly", "fortnightly", "2_weeks"), (0, 14)),
    **dict.fromkeys(("day", "daily", "days"), (0, 1)),
}  # fmt: skip


def _interval_steps(col: RColumn) -> tuple[tuple[str, int, int], ...]:
    """The billing intervals a column lists, each value with its (months, days)."""
    if not _INTERVAL.fullmatch(col.name.lower()) or col.fk is not None or not col.has_data:
        return ()
    steps = []
    for value in state_values(col) or ():
        step = _STEPS.get(re.sub(r"[\s-]+", "_", value.strip().lower()))
        if step is not None:
            steps.append((value, *step))
    return tuple(steps)


def billing_cycle(tables: dict[str, RTable], rt: RTable, col: RColumn) -> bool:
    """Make the end of a current period (``current_period_end``, inferred after its
    ``current_period_start``) one billing interval after the start: the interval a column
    of the row declared before it names, else one of the plan its foreign key picked
    (``plans.billing_interval IN ('month', 'year')``). False where no such column lists
    intervals pgmock knows."""
    after = col.after
    own = after is not None and after.inferred and after.fk is None and after.span is None
    if not own or after is None or after.before:  # a moment of this row's own lifecycle
        return False
    named = _PERIOD_END.fullmatch(col.name.lower())
    if not named or not _PERIOD_START.fullmatch(after.column.lower()):
        return False
    cycle: BillingCycle | None = None
    for other in rt.columns_before(col.name):
        steps = _interval_steps(other)
        if steps:
            cycle = BillingCycle(other.name, None, steps)
            break
    for fk in rt.fks if cycle is None else ():
        parent = tables.get(fk.ref_table)
        if parent is None or parent is rt or len(fk.columns) != 1:
            continue
        if parent.row_count > _PARENT_ROWS_HELD:
            continue
        found = next(
            ((c, steps) for c in parent.columns.values() if (steps := _interval_steps(c))),
            None,
        )
        if found is not None:
            cycle = BillingCycle(found[0].name, fk, found[1])
            break
    if cycle is None:
        return False
    where = cycle.column if cycle.fk is None else f"{cycle.fk.ref_table}.{cycle.column}"
    after.cycle = cycle
    after.within_seconds = max(after.within_seconds, 366 * 86400.0)
    after.inferred = f"{after.inferred}, one {where} later"
    return True
