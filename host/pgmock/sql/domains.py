"""Domains: what a domain's CHECK and NOT NULL allow, read before anything is generated.

Every generated value satisfies its domain, in three steps from cheap to certain (the
first is here, the others in :mod:`pgmock.generate.domains`):

1. The CHECK's top-level conditions become generator parameters where a core generator
   takes them (``VALUE BETWEEN 10 AND 20`` → ``min``/``max``; dates → ``start``/``end``;
   ``length(VALUE) <= 8`` → the text is generated as ``varchar(8)``; ``VALUE IN (…)`` →
   the ``choice`` generator when none was named), so values fit by construction.
2. Every batch is verified with the compiled CHECK (:mod:`pgmock.sql.check`) on the
   PostgreSQL text of its values; rows that fail are drawn again from the same rng, a
   bounded number of rounds (deterministic: the same rows fail in every run).
3. What still fails is an error naming the column, the domain and the CHECK.

A CHECK pgmock cannot evaluate (a regular expression, ``now()``) is accepted with a
warning: its values are not verified. A domain's NOT NULL (or a CHECK that NULL fails)
makes its columns NOT NULL.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from typing import Any

from pgmock.sql.check import (
    Bounds,
    CheckSyntaxError,
    CompiledCheck,
    Unsupported,
    compile_check,
    value_kind,
)
from pgmock_sdk import PgType, UserType
from pgmock_sdk.lazy import np
from pgmock_sdk.pgtypes import INT_RANGES

__all__ = [
    "check_issue",
    "choice_values",
    "compiled",
    "fitted_params",
    "generation_type",
    "null_forbidden",
]

Rendered = list[str | None]


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
    shown = domain.check if len(domain.check) <= 200 else domain.check[:200] + "…"
    try:
        compile_check(domain.check, domain.base)
    except CheckSyntaxError as exc:
        return True, f"bad CHECK ({shown}): {exc}"
    except Unsupported as exc:
        return False, (
            f"pgmock cannot evaluate {exc} in CHECK ({shown}); values of domain "
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
    # A side neither the CHECK nor the user gives stays the generator's to choose: set,
    # it would read as the user's, and a distribution drawn through the generator would
    # be cut at the default (CHECK (cents > 0) put every lognormal amount at 1000).
    out = {}
    if ulo is not None or lo_c is not None or lo != dlo:
        out[lo_key] = to_param(lo)
    if uhi is not None or hi_c is not None or hi != dhi:
        out[hi_key] = to_param(hi)
    return out


def _iso(text: str) -> str:
    return text.replace("Z", "").split("+")[0]


def fitted_params(
    cls: type[Any], user: dict[str, Any], pgtype: PgType, bounds: Bounds | None = None
) -> dict[str, Any] | None:
    """Parameters for ``cls`` filling ``pgtype`` that keep to its domain's CHECK bounds
    (or ``bounds``, a column CHECK's): the user's parameters with min/max (or start/end)
    narrowed; None when unchanged.

    For arrays the element parameters (``element``) are narrowed instead. Raises
    ValueError when the user's range and the CHECK leave no value.
    """
    elem = pgtype.element if pgtype.is_array else pgtype
    b = _bounds(elem) if bounds is None else bounds
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


def choice_values(pgtype: PgType, bounds: Bounds | None = None) -> list[str] | None:
    """``VALUE IN (…)``/``VALUE = c`` (of the domain, or ``bounds``, a column CHECK's):
    the allowed values in PostgreSQL text, for the choice generator; None when the CHECK
    does not list them."""
    b = _bounds(pgtype) if bounds is None else bounds
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
    from pgmock.render.values import render_values  # its tables: not for validate

    base = replace(pgtype, user=None) if pgtype.domain is not None else pgtype
    texts = render_values(values, base, "CHECK")
    return list(dict.fromkeys(t for t in texts if t is not None))
