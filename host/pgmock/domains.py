"""Domains: every generated value satisfies its domain's CHECK and NOT NULL.

Three steps, from cheap to certain:

1. The CHECK's top-level conditions become generator parameters where a core generator
   takes them (``VALUE BETWEEN 10 AND 20`` → ``min``/``max``; dates → ``start``/``end``;
   ``length(VALUE) <= 8`` → the text is generated as ``varchar(8)``; ``VALUE IN (…)`` →
   the ``choice`` generator when none was named), so values fit by construction.
2. Every batch is verified with the compiled CHECK (:mod:`pgmock.check_expr`) on the
   PostgreSQL text of its values; rows that fail are drawn again from the same rng, a
   bounded number of rounds (deterministic: the same rows fail in every run).
3. What still fails is an error naming the column, the domain and the CHECK.

A CHECK pgmock cannot evaluate (a regular expression, ``now()``) is accepted with a
warning: its values are not verified. A domain's NOT NULL (or a CHECK that NULL fails)
makes its columns NOT NULL.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from itertools import chain
from typing import Any

import numpy as np

from pgmock.check_expr import (
    Bounds,
    CheckSyntaxError,
    CompiledCheck,
    Unsupported,
    compile_check,
    value_kind,
)
from pgmock.render import render_values
from pgmock_sdk import PgType, UserType
from pgmock_sdk.pgtypes import INT_RANGES

__all__ = [
    "DomainViolation",
    "check_issue",
    "domain_checker",
    "enforce",
    "fitted_params",
    "generation_type",
    "null_forbidden",
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


@cache
def compiled(domain: UserType) -> CompiledCheck | None:
    """The domain's CHECK ready to run; None without one or when pgmock cannot read it."""
    if domain.check is None or domain.base is None:
        return None
    try:
        return compile_check(domain.check, domain.base)
    except (CheckSyntaxError, Unsupported):
        return None


def check_issue(domain: UserType) -> tuple[bool, str] | None:
    """(is_error, message) about a domain's CHECK, or None when pgmock verifies it.

    Errors are CHECKs PostgreSQL would reject as well; the rest (warnings) are valid SQL
    whose values pgmock cannot verify.
    """
    if domain.check is None or domain.base is None:
        return None
    if not domain.check.strip():
        return True, "the CHECK is empty; remove it or give a condition on VALUE"
    try:
        compile_check(domain.check, domain.base)
    except CheckSyntaxError as exc:
        return True, f"bad CHECK ({domain.check}): {exc}"
    except Unsupported as exc:
        return False, (
            f"pgmock cannot evaluate {exc} in CHECK ({domain.check}); values of domain "
            f"{domain.qualified} are not verified against it"
        )
    return None


def null_forbidden(pgtype: PgType) -> UserType | None:
    """The domain that makes a column of ``pgtype`` NOT NULL, if any (arrays of such a
    domain may still be NULL themselves)."""
    domain = pgtype.domain
    if domain is None or pgtype.is_array:
        return None
    check = compiled(domain)
    if domain.not_null or (check is not None and not check.allows_null):
        return domain
    return None


def _bounds(pgtype: PgType) -> Bounds | None:
    domain = pgtype.domain
    check = compiled(domain) if domain is not None else None
    return check.bounds if check is not None else None


def generation_type(pgtype: PgType) -> PgType:
    """The type generators fill: a text domain whose CHECK caps ``length(VALUE)`` is
    generated as varchar of that length (the DDL still names the domain)."""
    b = _bounds(pgtype)
    if b is None or b.max_len is None or b.max_len < 1:
        return pgtype
    if pgtype.name == "text":
        return replace(pgtype, name="varchar", modifiers=(b.max_len,))
    if pgtype.name == "varchar":
        limit = min(pgtype.modifiers[0], b.max_len) if pgtype.modifiers else b.max_len
        return replace(pgtype, modifiers=(limit,))
    return pgtype


# --------------------------------------------------------------------------- parameters


def _int_side(v: Any, strict: bool, up: bool) -> int:
    if up:
        return math.floor(v) + 1 if strict else math.ceil(v)
    return math.ceil(v) - 1 if strict else math.floor(v)


def _grid_side(v: float, strict: bool, up: bool, decimals: int) -> float:
    scale = 10**decimals
    x = round(v * scale, 6)
    units = (
        (math.floor(x) + 1 if strict else math.ceil(x))
        if up
        else (math.ceil(x) - 1 if strict else math.floor(x))
    )
    return units / scale


def _numeric_top(pgtype: PgType) -> float | None:
    precision, scale = pgtype.precision_scale
    if pgtype.name == "numeric" and precision is not None:
        return 10.0 ** (precision - scale) - 10.0 ** -max(scale, 0)
    return None


# The parameters that bound each kind of value in the core generators.
_BOUND_KEYS = {
    "int": ("min", "max"),
    "num": ("min", "max"),
    "date": ("start", "end"),
    "ts": ("start", "end"),
}
# What the core element generators of arrays (array_gen's defaults) use when unset.
_ELEMENT_DEFAULTS: dict[str, tuple[Any, Any]] = {
    "int": (1, 1000),
    "num": (0.0, 1000.0),
    "date": ("2015-01-01", "2025-12-31"),
    "ts": ("2015-01-01T00:00:00", "2025-12-31T23:59:59"),
}


def _generator_defaults(cls: type[Any], kind: str) -> tuple[Any, Any] | None:
    """The bounds ``cls`` uses when min/max (start/end) are unset; None when it takes
    no such parameters."""
    lo_key, hi_key = _BOUND_KEYS[kind]
    fields = getattr(cls.Params, "model_fields", {})
    if lo_key not in fields or hi_key not in fields:
        return None
    if kind in ("date", "ts"):
        return fields[lo_key].default, fields[hi_key].default
    lo, hi = _ELEMENT_DEFAULTS[kind]
    return getattr(cls, "default_min", lo), getattr(cls, "default_max", hi)


def _range(
    kind: str, pgtype: PgType, b: Bounds, user: dict[str, Any], defaults: tuple[Any, Any]
) -> dict[str, Any] | None:
    """The generator's bounds narrowed to the CHECK's (None when nothing changes);
    ``defaults`` are the generator's own bounds when the user sets none."""
    lo_key, hi_key = _BOUND_KEYS[kind]
    if b.lo is None and b.hi is None:
        return None
    # numbers or numpy datetimes, whichever the kind is
    dlo: Any
    dhi: Any
    tlo: Any
    thi: Any
    lo_c: Any
    hi_c: Any
    if kind == "int":
        dlo, dhi = defaults
        tlo, thi = INT_RANGES.get(pgtype.name, INT_RANGES["int8"])
        lo_c = None if b.lo is None else _int_side(b.lo, b.lo_strict, True)
        hi_c = None if b.hi is None else _int_side(b.hi, b.hi_strict, False)
        to_param: Callable[[Any], Any] = int
    elif kind == "num":
        dlo, dhi = defaults
        precision, scale = pgtype.precision_scale
        decimals = user.get("decimals")
        if decimals is None:
            decimals = max(scale, 0) if precision is not None else 2
        top = _numeric_top(pgtype)
        tlo, thi = (-top, top) if top is not None else (-math.inf, math.inf)
        lo_c = None if b.lo is None else _grid_side(b.lo, b.lo_strict, True, decimals)
        hi_c = None if b.hi is None else _grid_side(b.hi, b.hi_strict, False, decimals)
        to_param = float
    else:
        unit: Any = "D" if kind == "date" else "s"
        step = np.timedelta64(1, unit)
        dlo, dhi = np.datetime64(defaults[0], unit), np.datetime64(defaults[1], unit)
        tlo, thi = np.datetime64("0001-01-01", unit), np.datetime64("9999-12-31", unit)
        lo_c = hi_c = None
        if b.lo is not None:
            lo_c = np.datetime64(b.lo, unit)
            lo_c = lo_c + step if b.lo_strict or lo_c < np.datetime64(b.lo) else lo_c
        if b.hi is not None:
            hi_c = np.datetime64(b.hi, unit)
            hi_c = hi_c - step if b.hi_strict and hi_c == np.datetime64(b.hi) else hi_c

        def to_param(v: Any) -> Any:
            return str(np.datetime64(v, unit))

    if kind in ("date", "ts"):
        ulo = None if user.get(lo_key) is None else np.datetime64(_iso(user[lo_key]), unit)
        uhi = None if user.get(hi_key) is None else np.datetime64(_iso(user[hi_key]), unit)
    else:
        ulo, uhi = user.get(lo_key), user.get(hi_key)
    lo = ulo if ulo is not None else (lo_c if lo_c is not None else dlo)
    hi = uhi if uhi is not None else (hi_c if hi_c is not None else dhi)
    if ulo is not None and lo_c is not None:
        lo = max(ulo, lo_c)
    if uhi is not None and hi_c is not None:
        hi = min(uhi, hi_c)
    span = dhi - dlo
    if lo > hi:
        # One side came from the generator's defaults: move it next to the CHECK's side.
        if uhi is None and hi_c is None:
            hi = min(lo + span, thi)
        elif ulo is None and lo_c is None:
            lo = max(hi - span, tlo)
    if lo > hi:
        raise ValueError(f"no value in [{to_param(lo)}, {to_param(hi)}] satisfies it")
    return {lo_key: to_param(lo), hi_key: to_param(hi)}


def _iso(text: str) -> str:
    return text.replace("Z", "").split("+")[0]


def fitted_params(cls: type[Any], user: dict[str, Any], pgtype: PgType) -> dict[str, Any] | None:
    """Parameters for ``cls`` filling ``pgtype`` that keep to its domain's CHECK bounds:
    the user's parameters with min/max (or start/end) narrowed; None when unchanged.

    For arrays the element parameters (``element``) are narrowed instead. Raises
    ValueError when the user's range and the CHECK leave no value.
    """
    elem = pgtype.element if pgtype.is_array else pgtype
    b = _bounds(elem)
    if b is None:
        return None
    try:
        kind = value_kind(elem)
    except Unsupported:
        return None
    if kind not in _BOUND_KEYS:
        return None
    if pgtype.is_array:
        # the core element generator of the array generator (none named instead)
        fields = getattr(cls.Params, "model_fields", {})
        if "element" not in fields or user.get("element_generator"):
            return None
        inner = dict(user.get("element") or {})
        narrowed = _range(kind, elem, b, inner, _ELEMENT_DEFAULTS[kind])
        return None if narrowed is None else {**user, "element": {**inner, **narrowed}}
    defaults = _generator_defaults(cls, kind)
    if defaults is None:
        return None
    narrowed = _range(kind, pgtype, b, user, defaults)
    return None if narrowed is None else {**user, **narrowed}


def choice_values(pgtype: PgType) -> list[str] | None:
    """``VALUE IN (…)``/``VALUE = c``: the allowed values in PostgreSQL text, for the
    choice generator; None when the CHECK does not list them."""
    b = _bounds(pgtype)
    if b is None or b.choices is None or pgtype.is_array:
        return None
    kind = value_kind(pgtype)
    values: Any = list(b.choices)
    if kind == "bool":
        return ["t" if v == 2 else "f" for v in values]
    if kind == "date":
        values = np.array(values, dtype="M8[D]")
    elif kind == "ts":
        values = np.array(values, dtype="M8[us]")
    elif kind == "int":
        values = np.array(values, dtype=np.int64)
    elif kind == "num":
        values = np.array(values, dtype=np.float64)
    base = replace(pgtype, user=None) if pgtype.domain is not None else pgtype
    texts = render_values(values, base, "CHECK")
    return list(dict.fromkeys(t for t in texts if t is not None))


# --------------------------------------------------------------------------- verifying


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
        raise DomainViolation(_violation(checker, rendered, bad, 0))
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
    raise DomainViolation(_violation(checker, texts.tolist(), bad, rounds))


def _violation(checker: Checker, rendered: Rendered, bad: np.ndarray, rounds: int) -> str:
    d = checker.domain
    example = rendered[int(bad[0])]
    what = f"CHECK ({d.check})" if d.check and checker.check is not None else "NOT NULL"
    if example is None and not checker.allows_null:
        what = "NOT NULL" if d.not_null else f"CHECK ({d.check}) (NULL fails it)"
    after = f" after {rounds} redraws" if rounds else ""
    return (
        f"{len(bad):,} value(s) violate domain {d.qualified} {what}{after}, e.g. {example!r}; "
        "give the generator parameters within the domain (or a generator that keeps to it)"
    )
