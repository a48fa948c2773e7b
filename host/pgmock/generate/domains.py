"""CHECK enforcement: every generated batch is checked against its domain and its
column's CHECKs, failing rows redrawn.

Steps 2 and 3 of :mod:`pgmock.sql.domains`: every batch is verified with the compiled
CHECK on the PostgreSQL text of its values; rows that fail are drawn again from the same
rng, a bounded number of rounds (deterministic: the same rows fail in every run); what
still fails is an error naming the column, the domain or column and the CHECK. A table
CHECK over several columns (:class:`RowChecker`) is checked the same way on the column
generated last, each redrawn value tried against its own row's other columns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import chain
from typing import Any

from pgmock.sql.check import CompiledCheck, RowCheck
from pgmock.sql.domains import compiled
from pgmock_sdk import PgType, UserType
from pgmock_sdk.lazy import np

__all__ = [
    "Checker",
    "ColumnChecker",
    "DomainViolation",
    "RowChecker",
    "column_checker",
    "domain_checker",
    "enforce",
    "enforce_rows",
]

# Rounds of redrawing the rows that fail a CHECK before giving up. Each round draws as
# many values as the pass rate seen so far needs (at most 64 per failing row), so a CHECK
# passing one value in a few hundred is still met; one that no value passes gives up
# after _HOPELESS_ROUNDS.
MAX_ROUNDS = 50
_MAX_OVERSAMPLE = 64
_HOPELESS_ROUNDS = 3

Rendered = list[str | None]


class DomainViolation(ValueError):
    """Values that do not satisfy their domain, even after redrawing."""


@dataclass(frozen=True)
class Checker:
    """What a column's values must satisfy: its domain's CHECK (when pgmock can evaluate
    it) and NOT NULL, on scalars or on every element of an array."""

    domain: UserType
    check: CompiledCheck | None
    allows_null: bool
    element_type: PgType | None  # set for arrays of the domain

    def ok_rows(self, raw: Any, rendered: Sequence[str | None]) -> np.ndarray:
        if self.element_type is None:
            return self._ok(rendered)
        return self._ok_arrays(raw)

    def violation(self, rendered: Rendered, bad: np.ndarray, rounds: int) -> str:
        d = self.domain
        example = rendered[int(bad[0])]
        what = f"CHECK ({d.check})" if d.check and self.check is not None else "NOT NULL"
        if example is None and not self.allows_null:
            what = "NOT NULL" if d.not_null else f"CHECK ({d.check}) (NULL fails it)"
        after = f" after {rounds} redraws" if rounds else ""
        return (
            f"{len(bad):,} value(s) violate domain {d.qualified} {what}{after}, e.g. "
            f"{example!r}; give the generator parameters within the domain (or a generator "
            "that keeps to it)"
        )

    def _ok(self, texts: Sequence[str | None]) -> np.ndarray:
        ok = self.check.ok(texts) if self.check is not None else np.ones(len(texts), bool)
        if not self.allows_null:
            ok &= np.fromiter((t is not None for t in texts), bool, len(texts))
        return ok

    def _ok_arrays(self, raw: Any) -> np.ndarray:
        """Rows whose every element passes; NULL arrays pass."""
        assert self.element_type is not None
        rows = list(raw)
        n = len(rows)
        flat: list[Any] = []
        lens = np.zeros(n, np.int64)
        nested = self.element_type.array_dims > 0
        for i, row in enumerate(rows) if nested else ():
            items = list(_leaves(row)) if row is not None else []
            lens[i] = len(items)
            flat.extend(items)
        if not nested:
            lens = np.fromiter((0 if r is None else len(r) for r in rows), np.int64, n)
            flat = list(chain.from_iterable(r for r in rows if r is not None))
        if not flat:
            return np.ones(n, bool)
        if isinstance(flat[0], np.generic):
            flat = np.asarray(flat)  # type: ignore[assignment]
        # the renderer's tables are built when it is imported: not for `pgmock validate`
        from pgmock.render.values import render_values

        elem = replace(self.element_type, array_dims=0)
        ok = self._ok(render_values(flat, elem, "CHECK"))
        bad = np.concatenate(([0], np.cumsum(~ok)))
        ends = np.cumsum(lens)
        return (bad[ends] - bad[ends - lens]) == 0


def _leaves(value: Any) -> Any:
    """Elements of a nested array value (the slow path for multi-dimensional arrays)."""
    if isinstance(value, (list, tuple, np.ndarray)):
        for v in value:
            yield from _leaves(v)
    else:
        yield value


@dataclass(frozen=True)
class ColumnChecker:
    """A column's own CHECKs (and a table's CHECKs about it alone), with its domain's."""

    column: str
    checks: tuple[CompiledCheck, ...]
    domain: Checker | None

    def ok_rows(self, raw: Any, rendered: Sequence[str | None]) -> np.ndarray:
        ok = (
            np.ones(len(rendered), bool)
            if self.domain is None
            else self.domain.ok_rows(raw, rendered)
        )
        for check in self.checks:
            ok &= check.ok(rendered)
        return ok

    def violation(self, rendered: Rendered, bad: np.ndarray, rounds: int) -> str:
        example = rendered[int(bad[0])]
        if self.domain is not None and not self.domain.ok_rows(None, [example])[0]:
            return self.domain.violation(rendered, bad, rounds)
        failed = next(c for c in self.checks if not c.ok([example])[0])
        after = f" after {rounds} redraws" if rounds else ""
        return (
            f"{len(bad):,} value(s) violate CHECK ({failed.text}) of column {self.column}"
            f"{after}, e.g. {example!r}; give the generator parameters that keep to it (or "
            "a generator that does)"
        )


def column_checker(pgtype: PgType, column: str, checks: Sequence[CompiledCheck]) -> Any:
    """What a column's values must satisfy: its domain and its CHECKs (None: nothing)."""
    domain = domain_checker(pgtype)
    if not checks:
        return domain
    return ColumnChecker(column, tuple(checks), domain)


def domain_checker(pgtype: PgType) -> Checker | None:
    """The checker for values of ``pgtype`` (a domain or an array of one), or None when
    there is nothing pgmock can verify."""
    domain = pgtype.domain
    if domain is None:
        return None
    return _checker(domain, pgtype.array_dims, pgtype)


@lru_cache(maxsize=256)
def _checker(domain: UserType, dims: int, pgtype: PgType) -> Checker | None:
    check = compiled(domain)
    allows_null = not domain.not_null and (check is None or check.allows_null)
    if check is None and allows_null:
        return None
    elem = replace(pgtype, array_dims=dims - 1) if dims else None
    return Checker(domain, check, allows_null, elem)


def enforce(
    raw: Any,
    rendered: Rendered,
    checker: Checker,
    draw: Callable[[int], Any] | None,
    render: Callable[[Any], Rendered],
) -> tuple[Any, Rendered]:
    """``raw``/``rendered`` with the rows that fail the domain drawn again (``draw(k)``:
    k fresh raw values from the same rng) until they pass; DomainViolation when rows still
    fail after MAX_ROUNDS rounds, or at once when ``draw`` is None (values that cannot be
    redrawn: computed, copied or unique)."""
    ok = checker.ok_rows(raw, rendered)
    if ok.all():
        return raw, rendered
    bad = np.flatnonzero(~ok)
    if draw is None:
        raise DomainViolation(checker.violation(rendered, bad, 0))
    raw = raw.copy() if isinstance(raw, np.ndarray) else list(raw)
    texts = np.empty(len(rendered), dtype=object)
    texts[:] = rendered
    drawn, passed_total = len(ok), int(ok.sum())
    for rounds in range(1, MAX_ROUNDS + 1):
        # Draw as many as the pass rate so far says will fill every failing row, so a
        # CHECK passing one value in seven takes a round or two, not dozens.
        rate = max(passed_total / drawn, 1 / _MAX_OVERSAMPLE)
        want = min(int(len(bad) / rate * 1.25) + 8, len(bad) * _MAX_OVERSAMPLE)
        fresh = draw(want)
        fresh_text = render(fresh)
        passed = checker.ok_rows(fresh, fresh_text)
        drawn += want
        passed_total += int(passed.sum())
        good = np.flatnonzero(passed)[: len(bad)]
        rows = bad[: len(good)]
        if isinstance(raw, np.ndarray) and isinstance(fresh, np.ndarray) and fresh.ndim == 1:
            raw[rows] = fresh[good]
        else:
            # lists (of arrays, of text): only the replaced rows are touched
            fresh_list = list(fresh)
            for row, j in zip(rows.tolist(), good.tolist()):
                raw[row] = fresh_list[j]
        fresh_texts = np.empty(len(fresh_text), dtype=object)
        fresh_texts[:] = fresh_text
        texts[rows] = fresh_texts[good]
        bad = bad[len(good) :]
        if not bad.size:
            return raw, texts.tolist()
        if passed_total == 0 and rounds >= _HOPELESS_ROUNDS:
            break  # not one value in thousands passes: the CHECK and generator disagree
    raise DomainViolation(checker.violation(texts.tolist(), bad, rounds))


@dataclass(frozen=True)
class RowChecker:
    """A table CHECK over several columns, checked when its last column is made: the
    other columns' text of the chunk's rows (``context``) is fixed."""

    check: RowCheck
    column: str
    context: dict[str, Rendered]

    def ok_at(self, rows: np.ndarray, rendered: Rendered) -> np.ndarray:
        """Whether value i of ``rendered`` passes in row ``rows[i]``."""
        texts: dict[str, Sequence[str | None]] = {self.column: rendered}
        for name, values in self.context.items():
            arr = np.empty(len(values), dtype=object)
            arr[:] = values
            texts[name] = arr[rows].tolist()
        return self.check.ok(texts, len(rows))


def enforce_rows(
    raw: Any,
    rendered: Rendered,
    checker: RowChecker,
    also: Any,
    draw: Callable[[int], Any] | None,
    render: Callable[[Any], Rendered],
) -> tuple[Any, Rendered, np.ndarray]:
    """``raw``/``rendered`` with the rows that fail a table CHECK drawn again, each fresh
    value tried in a given row (and against ``also``, the column's own checker, if
    any); returns the rows that still fail (empty when all pass)."""
    n = len(rendered)
    ok = checker.ok_at(np.arange(n), rendered)
    bad = np.flatnonzero(~ok)
    if not bad.size or draw is None:
        return raw, rendered, bad
    raw = raw.copy() if isinstance(raw, np.ndarray) else list(raw)
    texts = np.empty(n, dtype=object)
    texts[:] = rendered
    tries = passed_total = 0
    for _ in range(MAX_ROUNDS):
        # each failing row gets `each` candidates, as many as the pass rate says
        rate = max(passed_total / tries, 1 / _MAX_OVERSAMPLE) if tries else 0.5
        each = min(int(1.25 / rate) + 1, _MAX_OVERSAMPLE)
        fresh = draw(each * len(bad))
        fresh_text = render(fresh)
        target = np.tile(bad, each)
        passed = checker.ok_at(target, fresh_text)
        if also is not None:
            passed &= also.ok_rows(fresh, fresh_text)
        tries += len(passed)
        passed_total += int(passed.sum())
        hits = np.flatnonzero(passed)
        # the first passing candidate of each row (candidates are in row order per copy)
        slot, first = np.unique(hits % len(bad), return_index=True)
        chosen = hits[first]
        rows = bad[slot]
        fresh_list = fresh if isinstance(fresh, np.ndarray) else list(fresh)
        if isinstance(raw, np.ndarray) and isinstance(fresh, np.ndarray) and fresh.ndim == 1:
            raw[rows] = fresh[chosen]
        else:
            for row, j in zip(rows.tolist(), chosen.tolist()):
                raw[row] = fresh_list[j]
        fresh_texts = np.empty(len(fresh_text), dtype=object)
        fresh_texts[:] = fresh_text
        texts[rows] = fresh_texts[chosen]
        keep = np.ones(len(bad), bool)
        keep[slot] = False
        bad = bad[keep]
        if not bad.size:
            break
    return raw, texts.tolist(), bad
