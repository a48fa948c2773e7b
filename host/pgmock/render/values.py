"""Render generator output as PostgreSQL text: what ``COPY TO`` prints, a column at a time.

:func:`render_values` takes what a generator returned (see :mod:`pgmock_sdk.generator`)
and the column's type, and returns one ``str`` (or ``None`` for NULL) per value.

Fast paths run no Python code per value. Numbers, dates, timestamps and times are laid
out in a fixed-width ``uint16`` matrix, one row per value and one two-byte cell per pair
of characters (two digits from a 100-entry table, or a separator). Characters a value
does not use (leading zeros, trailing fraction zeros, a missing sign) are NUL. The matrix
is stripped of its NULs with one ``bytes.translate``, decoded once, and split on
the newline that starts every row. Strings pass through untouched.

The slow path converts Python objects one at a time: ``dict``/``list`` for json, ``bytes``,
``Decimal``, ``datetime``, ``UUID``... It serves JSON-speaking generators and odd values;
numpy-native generators never reach it. Floats that are not short decimals (full 17-digit
noise, exponents) also take one ``repr`` per value: generators should round.

Output formats follow PostgreSQL 12+ with ``DateStyle=ISO``, ``IntervalStyle=postgres``,
``extra_float_digits`` > 0 (pg_dump sets 3: shortest exact digits) and ``TimeZone=UTC``.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import operator
import re
import uuid
from collections.abc import Iterable, Sequence
from decimal import (
    MAX_EMAX,
    MIN_EMIN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    InvalidOperation,
    localcontext,
)
from fractions import Fraction
from functools import partial
from itertools import chain, islice, repeat
from typing import TYPE_CHECKING, Any, cast

from pgmock.render.errors import NulValueError, RenderError
from pgmock.render.records import render_composites
from pgmock_sdk.lazy import np
from pgmock_sdk.pgtypes import INT_RANGES, INTEGER_TYPES, TEXT_TYPES, PgType
from pgmock_sdk.textmatrix import Labels, TextMatrix

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["NulValueError", "RenderError", "listed", "render_texts", "render_values"]


Rendered = list[str | None]
# What the fast paths make: the values' text as a list, or as the byte matrix they were
# rendered in (numbers, dates, times, booleans) for a consumer that can use it as it is.
Texts = Rendered | TextMatrix


def listed(values: Texts) -> Rendered:
    """Rendered text as a list, whichever form a fast path left it in."""
    if isinstance(values, TextMatrix):
        return values.tolist()  # type: ignore[return-value]  # list[str] is a Rendered
    return values


# --------------------------------------------------------------------------- cells
# A cell is two bytes read as one little-endian uint16: first byte | second byte << 8.


def _cell(text: str) -> int:
    raw = text.encode("ascii").ljust(2, b"\x00")
    return raw[0] | (raw[1] << 8)


_CELL = "<u2"  # explicit little-endian, so the byte order holds on any machine


def _build_pairs() -> NDArray[np.uint16]:
    """Codes 0-99: two digits; 100-199: NUL + last digit; 200-299: NUL NUL;
    300-399: first digit + NUL (a trailing zero dropped)."""
    table = np.zeros(400, _CELL)
    for d in range(100):
        hi, lo = 48 + d // 10, 48 + d % 10
        table[d] = hi | lo << 8
        table[100 + d] = lo << 8
        table[300 + d] = hi
    return table


_PAIRS = _build_pairs()
# What a cell's code adds by the value left (x // 100**k): NUL NUL for 0, NUL and the
# last digit for 1-9, both digits from 10 on (see _build_pairs).
_BLANKS = np.array([200] + [100] * 9 + [0], np.int32)
_NL = _cell("\n")
_NL_MINUS = _cell("\n-")
_DOT = _cell(".")
_POW10 = [10**k for k in range(20)]


def _ndigits(maxval: int) -> int:
    return len(str(maxval)) if maxval > 0 else 1


def _int_cells(
    x: NDArray[np.integer[Any]], ncells: int, min_digits: int = 1
) -> list[NDArray[np.uint16]]:
    """Cells for non-negative integers, most significant first; leading zeros beyond
    ``min_digits`` digits are NUL (``min_digits=0`` blanks the value 0 entirely)."""
    cells: list[NDArray[np.uint16]] = []
    if ncells and x.size and x.dtype != np.int32 and int(x.max()) < 2**31:
        x = x.astype(np.int32)  # 32-bit division is about twice as fast as 64-bit
    for k in range(ncells):
        # x is the value // 100**k: this cell's digits are shown while x >= 1 (low) or
        # x >= 10 (high), or when min_digits forces them.
        q = x // 100
        d = x - q * 100
        if d.dtype == np.uint64:
            d = d.astype(np.int64)
        if 2 * k + 1 < min_digits:
            code = d
        elif 2 * k < min_digits:
            code = d + np.where(x < 10, 100, 0)
        else:
            code = d + _BLANKS.take(np.minimum(x, 10))
        cells.append(_PAIRS.take(code))
        x = q
    cells.reverse()
    return cells


def _frac_cells(f: NDArray[np.int64], digits: int, strip: bool) -> list[NDArray[np.uint16]]:
    """Cells for a fraction of ``digits`` (even) digits, zero-padded on the left; with
    ``strip`` trailing zeros are NUL (PostgreSQL prints ``.5``, not ``.500000``)."""
    cells: list[NDArray[np.uint16]] = []
    nz: NDArray[np.bool_] | None = None
    for _ in range(digits // 2):
        f, d = np.divmod(f, 100)
        if strip:
            lo_shown = d % 10 != 0 if nz is None else nz | (d % 10 != 0)
            hi_shown = d != 0 if nz is None else nz | (d != 0)
            code = d + np.where(hi_shown, np.where(lo_shown, 0, 300), 200)
            nz = hi_shown
            cells.append(_PAIRS[code])
        else:
            cells.append(_PAIRS[d])
    cells.reverse()
    return cells


def _scatter(out: Sequence[str | None], idx: NDArray[np.intp], vals: Any) -> Rendered:
    """``out`` with positions ``idx`` replaced (``vals``: a sequence or one value)."""
    if isinstance(out, TextMatrix):
        out = out.tolist()
    if idx.size == 0:
        return list(out)
    arr = np.empty(len(out), dtype=object)
    arr[:] = out
    arr[idx] = vals
    return arr.tolist()


def _has_none(values: Sequence[Any]) -> bool:
    return any(map(operator.is_, values, repeat(None)))


def _none_positions(values: Sequence[Any]) -> NDArray[np.intp]:
    return np.flatnonzero(
        np.fromiter(map(operator.is_, values, repeat(None)), dtype=bool, count=len(values))
    )


def _assemble(cols: Sequence[NDArray[np.uint16] | int], n: int) -> TextMatrix:
    """The cell matrix as a TextMatrix; each row's first cell starts with the newline
    that once split the rows, left out."""
    m = np.empty((n, len(cols)), _CELL)
    for j, c in enumerate(cols):
        m[:, j] = c
    # A first cell of the newline alone (no minus sign in any row) leaves only padding
    # after it: the rows start after it, so COPY output copies and deletes one byte less.
    skip = 2 if isinstance(cols[0], int) and cols[0] == _NL else 1
    return TextMatrix(m.view(np.uint8)[:, skip:], plain=True)


def _no_text() -> TextMatrix:
    return TextMatrix(np.zeros((0, 0), np.uint8), plain=True)


def _sign_cell(neg: NDArray[np.bool_] | None) -> NDArray[np.uint16] | int:
    if neg is None or not neg.any():
        return _NL
    return np.where(neg, np.uint16(_NL_MINUS), np.uint16(_NL))


# --------------------------------------------------------------------------- numbers


def _format_ints(x: NDArray[Any]) -> TextMatrix:
    """Decimal text of an integer array (any integer dtype, uint64 included)."""
    n = len(x)
    if n == 0:
        return _no_text()
    mag: NDArray[Any]
    neg: NDArray[np.bool_] | None = None
    if x.dtype == np.uint64:
        mag = x
        maxval = int(x.max())
    else:
        x = x.astype(np.int64, copy=False)
        lo, hi = int(x.min()), int(x.max())
        maxval = max(hi, -lo)
        if lo < 0:
            neg = x < 0
        if lo == -(2**63):  # |x| overflows int64: negate in two's complement as uint64
            ux = x.view(np.uint64)
            mag = np.where(x < 0, ~ux + np.uint64(1), ux)
        else:
            mag = np.abs(x)
    ncells = (_ndigits(maxval) + 1) // 2
    return _assemble([_sign_cell(neg), *_int_cells(mag, ncells)], n)


def _format_fixed(units: NDArray[np.int64], scale: int) -> TextMatrix:
    """``units / 10**scale`` with exactly ``scale`` decimals (numeric, money)."""
    n = len(units)
    if scale <= 0:
        return _format_ints(units)
    neg = units < 0
    mag = np.abs(units)
    p = _POW10[scale]
    ip, fp = np.divmod(mag, p)
    even = scale + scale % 2
    if scale % 2:
        fp = fp * 10
    frac = _frac_cells(fp, even, strip=False)
    if scale % 2:
        frac[-1] = _PAIRS[_last_digit_pair(fp)]
    maxval = int(ip.max()) if n else 0
    ncells = (_ndigits(maxval) + 1) // 2
    return _assemble(
        [_sign_cell(neg if neg.any() else None), *_int_cells(ip, ncells), _DOT, *frac], n
    )


def _last_digit_pair(f: NDArray[np.int64]) -> NDArray[np.int64]:
    """Code of the last cell when the scale is odd: its real digit then NUL."""
    return (f % 100) + 300


def _format_floats(x: NDArray[np.floating[Any]]) -> Texts:
    """PostgreSQL's float4/float8 output (shortest round-trip digits, PG 12+).

    Fixed notation when the decimal exponent is in [-4, 15) (float8) or [-4, 6) (float4),
    otherwise ``d.ddde+XX``. Values that are short decimals (at most 9 fraction digits,
    the common case for generated data) are formatted in the cell matrix: the smallest
    number of decimals that reads back to the same float is the shortest representation.
    The rest (full-precision noise, huge or tiny values) go through ``repr``.
    """
    n = len(x)
    if n == 0:
        return []
    is32 = x.dtype == np.float32
    exp_hi = 6 if is32 else 15
    xf = x.astype(np.float64)
    out_of_range = ~np.isfinite(xf)
    ax = np.abs(xf)
    near = (ax == 0) | ((ax >= 1e-4) & (ax < 10.0**exp_hi))
    frac_digits = 10
    k_found = np.full(n, -1, np.int64)
    units = np.zeros(n, np.int64)
    pending = np.flatnonzero(near & ~out_of_range)
    limit = 2.0**50  # products of float32 values and 10**k (k <= 9) are exact
    for k in range(10):
        if pending.size == 0:
            break
        v = xf[pending]
        u = np.rint(v * _POW10[k])
        back = u / _POW10[k]
        ok = (back.astype(np.float32) == v) if is32 else (back == v)
        ok &= np.abs(u) < limit
        hit = pending[ok]
        k_found[hit] = k
        units[hit] = u[ok].astype(np.int64)
        pending = pending[~ok]
    fast = k_found >= 0
    out: Texts
    if fast.any():
        kf = np.where(fast, k_found, 0)
        mag = np.abs(units)
        scale = np.array(_POW10[:10], np.int64)[kf]
        ip, fp = np.divmod(mag, scale)
        fp = fp * np.array(_POW10[: frac_digits + 1], np.int64)[frac_digits - kf]
        # -0.0 prints as "-0": the sign comes from the float, not from the units.
        neg = np.signbit(xf) & fast
        maxval = int(ip.max())
        cols = [
            _sign_cell(neg),
            *_int_cells(ip, (_ndigits(maxval) + 1) // 2),
            np.where(fp != 0, np.uint16(_DOT), np.uint16(0)),
            *_frac_cells(fp, frac_digits, strip=True),
        ]
        out = _assemble(cols, n)
    else:
        out = [""] * n
    if out_of_range.any():  # NaN, Infinity, -Infinity (PostgreSQL's spelling)
        idx = np.flatnonzero(out_of_range)
        sv = xf[idx]
        words = np.where(np.isnan(sv), "NaN", np.where(sv > 0, "Infinity", "-Infinity"))
        out = _scatter(out, idx, words.tolist())
    slow = np.flatnonzero(~fast & ~out_of_range)
    if slow.size:
        # Full-precision or extreme values: one repr per value.
        if is32:
            texts = list(map(_float32_text, x[slow]))
        else:
            texts = list(map(_float64_text, x[slow].tolist()))
        out = _scatter(out, slow, texts)
    return out


def _special_float(v: float) -> str | None:
    if v != v:
        return "NaN"
    if v == math.inf:
        return "Infinity"
    if v == -math.inf:
        return "-Infinity"
    return None


def _pg_float_from_shortest(s: str, exp_hi: int) -> str:
    """Re-lay a shortest round-trip digit string (Python/numpy style) the way PG does."""
    neg = s.startswith("-")
    if neg:
        s = s[1:]
    mant, _, exp_text = s.partition("e")
    exp = int(exp_text) if exp_text else 0
    whole, _, frac = mant.partition(".")
    digits = (whole + frac).lstrip("0")
    if not digits:
        return "-0" if neg else "0"
    # decimal exponent of the first significant digit
    lead = len(whole) - (len(whole + frac) - len((whole + frac).lstrip("0")))
    e10 = exp + lead - 1
    digits = digits.rstrip("0") or "0"
    sign = "-" if neg else ""
    if -4 <= e10 < exp_hi:
        if e10 >= 0:
            ip = digits[: e10 + 1].ljust(e10 + 1, "0")
            fp = digits[e10 + 1 :]
        else:
            ip = "0"
            fp = "0" * (-e10 - 1) + digits
        return sign + ip + ("." + fp if fp else "")
    m = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    return f"{sign}{m}e{'-' if e10 < 0 else '+'}{abs(e10):02d}"


def _float64_text(v: float) -> str:
    special = _special_float(v)
    if special:
        return special
    text = repr(v)
    if abs(v) >= 2.0**53:
        text = _no_tie(text, v, math.nextafter(v, -math.inf), math.nextafter(v, math.inf))
    return _pg_float_from_shortest(text, 15)


def _float32_text(v: np.float32) -> str:
    text = str(v)  # numpy's shortest float32 digits
    special = {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}.get(text)
    if special:
        return special
    if abs(v) >= 2.0**24:
        with np.errstate(over="ignore"):
            lo = float(np.nextafter(v, np.float32(-np.inf)))
            hi = float(np.nextafter(v, np.float32(np.inf)))
        text = _no_tie(text, float(v), lo, hi)
    return _pg_float_from_shortest(text, 6)


# PostgreSQL's Ryu never accepts a decimal lying exactly half-way between two floats
# (acceptBounds is false), while Python's repr and numpy do when the mantissa is even.
# Such ties need short decimal midpoints, which exist only for integral floats (|v| >=
# 2**53 for float8, 2**24 for float4), so only those are checked.


def _no_tie(text: str, v: float, lo: float, hi: float) -> str:
    """``text`` unless it is exactly a midpoint; then the shortest decimal strictly
    between the midpoints around ``v`` (the closest to v)."""
    x = Fraction(v)
    # Past the largest float the gap mirrors the one below.
    flo = Fraction(lo) if math.isfinite(lo) else 2 * x - Fraction(hi)
    fhi = Fraction(hi) if math.isfinite(hi) else 2 * x - flo
    below, above = (x + flo) / 2, (x + fhi) / 2
    d = Fraction(text)
    if below < d < above:
        return text
    e10 = math.floor(math.log10(abs(v)))
    for digits in range(1, 18):
        step = Fraction(10) ** (e10 - digits + 1)
        c = round(x / step)
        inside = [m for m in (c - 1, c, c + 1) if below < m * step < above]
        if inside:
            best = min(inside, key=lambda m: (abs(m * step - x), m % 2))
            return f"{best}e{e10 - digits + 1}"
    return text


def _float_units(x: NDArray[np.float64], scale: int) -> NDArray[np.float64]:
    """``x * 10**scale`` rounded half away from zero, reading ``x`` as its shortest decimal
    (so 1.005 rounds to 1.01 at scale 2, as PostgreSQL's float8-to-numeric cast does)."""
    # Dividing by 10**-scale is exact-rounded where multiplying by 10.0**scale is not.
    y = x * 10.0**scale if scale >= 0 else x / 10.0**-scale
    ay = np.abs(y)
    snapped = np.where(ay < 4e9, np.round(ay, 6), ay)
    return np.copysign(np.floor(snapped + 0.5), y)


def _format_numeric(values: NDArray[Any], pgtype: PgType, where: str) -> Texts:
    """numeric text; ``numeric(p,s)`` rounds half away from zero to ``s`` decimals (to a
    multiple of ``10**-s`` when ``s`` is negative, PostgreSQL 15+) and must keep at most
    ``p`` digits. NaN fits any numeric; ±Infinity (PostgreSQL 14+) only an unconstrained
    one, as the server rules."""
    precision, scale = pgtype.precision_scale
    if precision is None:
        if values.dtype.kind == "f":
            return _format_numeric_free(values, where)
        return _format_ints(values)
    int_digits = precision - scale
    if values.dtype.kind == "f":
        x = values.astype(np.float64)
        if np.isinf(x).any():
            raise RenderError(
                f"{where}: infinity cannot be stored in {pgtype} "
                "(only an unconstrained numeric holds it)"
            )
        nan = np.isnan(x)
        if nan.any():
            out = _format_numeric(np.where(nan, 0.0, x), pgtype, where)
            return _scatter(out, np.flatnonzero(nan), "NaN")
        if precision > 15 or int_digits > 18:
            return _slow_column(values.tolist(), pgtype, where)
        units = _float_units(x, scale)
        if units.size and np.abs(units).max() >= 10.0**precision:
            bad = float(x[np.argmax(np.abs(units))])
            raise RenderError(
                f"{where}: value {bad!r} overflows {pgtype} "
                f"(absolute values must round to less than 10^{int_digits})"
            )
        if scale < 0:
            return _format_ints(units.astype(np.int64) * _POW10[-scale])
        return _format_fixed(units.astype(np.int64), scale)
    ints = values.astype(np.int64) if values.dtype.kind == "b" else values
    if scale < 0:
        if int_digits > 18:
            return _slow_column(ints.tolist(), pgtype, where)
        return _numeric_negative_scale(ints.astype(np.int64), pgtype, where)
    if ints.size:
        biggest = max(abs(int(ints.min())), abs(int(ints.max())))
        if biggest >= 10**int_digits:
            raise RenderError(
                f"{where}: value {biggest} overflows {pgtype} "
                f"(absolute values must be less than 10^{int_digits})"
            )
    base = _format_ints(ints)
    if scale == 0:
        return base
    tail = np.frombuffer(("." + "0" * scale).encode("ascii"), np.uint8)
    return TextMatrix(np.hstack([base.data, np.broadcast_to(tail, (len(ints), scale + 1))]), True)


def _numeric_negative_scale(ints: NDArray[np.int64], pgtype: PgType, where: str) -> Texts:
    """Integers into numeric(p,-k): rounded half away from zero to a multiple of 10**k."""
    precision, scale = pgtype.precision_scale
    assert precision is not None
    step = _POW10[-scale]
    mag = (np.abs(ints) + step // 2) // step
    if mag.size and int(mag.max()) >= 10**precision:
        bad = int(ints[np.argmax(mag)])
        raise RenderError(
            f"{where}: value {bad} overflows {pgtype} "
            f"(absolute values must round to less than 10^{precision - scale})"
        )
    return _format_ints(np.where(ints < 0, -mag, mag) * step)


def _format_numeric_free(values: NDArray[Any], where: str) -> Texts:
    """Unconstrained numeric from floats: shortest digits, never an exponent; NaN,
    Infinity and -Infinity as PostgreSQL spells them."""
    x = values.astype(np.float64)
    special = ~np.isfinite(x)
    if special.any():
        out = _format_numeric_free(np.where(special, 0.0, x), where)
        idx = np.flatnonzero(special)
        words = np.where(np.isnan(x[idx]), "NaN", np.where(x[idx] > 0, "Infinity", "-Infinity"))
        return _scatter(out, idx, words.tolist())
    text = _format_floats(x)
    if isinstance(text, TextMatrix):  # the positional fast path only
        return text
    strs = cast("list[str]", text)  # no NULL: the NaN were taken out above
    exp = np.fromiter(map(operator.contains, strs, repeat("e")), dtype=bool, count=len(text))
    if exp.any():  # only the values PostgreSQL would not print positionally
        sub = np.array(text, dtype=object)[exp].tolist()
        return _scatter(text, np.flatnonzero(exp), [format(Decimal(t), "f") for t in sub])
    return list(text)


def _format_money(values: NDArray[Any], where: str) -> Texts:
    """money as PostgreSQL prints it: ``$1,234.56``, ``-$1,234.56`` (see :func:`_money_text`)."""
    if values.dtype.kind == "f":
        x = values.astype(np.float64)
        if not np.isfinite(x).all():
            raise RenderError(f"{where}: money cannot be NaN or infinite")
        units = _float_units(x, 2)
    else:
        units = values.astype(np.float64) * 100
    if units.size and np.abs(units).max() >= 2.0**63 - 1024:
        raise RenderError(f"{where}: value out of range for type money")
    return _money_text(units.astype(np.int64))


def _money_text(cents: NDArray[np.int64]) -> TextMatrix:
    """cash_out under ``lc_monetary`` C or en_US (what pg_dump would dump from such a
    server): currency symbol ``$``, ``,`` between groups of three digits, ``.`` and two
    decimals, a leading ``-`` for negative amounts.

    One byte per character in a matrix (a group separator every third digit does not fit
    two-character cells), NUL where a value has no character, decoded once.
    """
    n = len(cents)
    if n == 0:
        return _no_text()
    neg = cents < 0
    ip, fp = np.divmod(np.abs(cents), 100)
    ndig = _ndigits(int(ip.max()))
    cols: list[NDArray[np.uint8] | int] = [ord("\n"), np.where(neg, ord("-"), 0), ord("$")]
    for i in range(ndig - 1, -1, -1):
        shown = ip >= _POW10[i] if i else np.ones(n, bool)
        cols.append(np.where(shown, 48 + (ip // _POW10[i]) % 10, 0))
        if i and i % 3 == 0:
            cols.append(np.where(shown, ord(","), 0))
    cols += [ord("."), 48 + fp // 10, 48 + fp % 10]
    m = np.empty((n, len(cols)), np.uint8)
    for j, c in enumerate(cols):
        m[:, j] = c
    return TextMatrix(m[:, 1:], plain=True)


def _check_int_range(values: NDArray[Any], name: str, where: str) -> None:
    lo, hi = INT_RANGES[name]
    if values.size == 0:
        return
    vmin, vmax = int(values.min()), int(values.max())
    if vmin < lo or vmax > hi:
        bad = vmin if vmin < lo else vmax
        raise RenderError(f"{where}: value {bad} is out of range for type {name}")


def _format_integer_column(values: NDArray[Any], name: str, where: str) -> TextMatrix:
    kind = values.dtype.kind
    if kind == "b":
        values = values.astype(np.int64)
    elif kind == "f":
        if not np.isfinite(values).all():
            raise RenderError(f"{where}: NaN or infinity cannot be stored in {name}")
        values = np.rint(values)
        if values.size and np.abs(values).max() >= 2.0**63:
            raise RenderError(f"{where}: value out of range for type {name}")
        values = values.astype(np.int64)
    _check_int_range(values, name, where)
    return _format_ints(values)


# --------------------------------------------------------------------------- date/time

_US_PER_DAY = 86_400_000_000
_US_PER_SEC = 1_000_000
_US_PER_HOUR = 3_600_000_000
_US_PER_MIN = 60_000_000
_TZ_UTC = (_cell("+0"), _cell("0"))
# PostgreSQL counts timestamps from 2000-01-01: precision rounds half away from zero of it.
_PG_EPOCH_US = 946_684_800 * _US_PER_SEC
# +infinity / -infinity in a datetime64 array of any unit: +-(2**63 - 1) ticks, the far
# ends of the range (PostgreSQL stores its infinities the same way); NaT stays NULL.
INFINITY_TICKS = 2**63 - 1  # numpy's int64 maximum


def _civil(days: NDArray[np.int64]) -> tuple[NDArray[np.int64], ...]:
    """(year, month, day) from days since 1970-01-01 (proleptic Gregorian; astronomical
    years: 0 is 1 BC, -1 is 2 BC, as PostgreSQL counts internally)."""
    if days.size and int(days.min()) > -(2**30) and int(days.max()) < 2**30:
        days = days.astype(np.int32)  # every step fits: 32-bit division is about twice as fast
    z = days + 719468
    era = np.floor_divide(z, 146097)
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = np.where(mp < 10, mp + 3, mp - 9)
    y = yoe + era * 400 + (m <= 2)
    return y, m, d


def days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date (astronomical ``year``)."""
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


# PostgreSQL's ranges: dates 4714-11-24 BC .. 5874897-12-31, timestamps to 294276-12-31.
_MIN_DAY = days_from_civil(-4713, 11, 24)
_MAX_DATE_DAY = days_from_civil(5874897, 12, 31)
_MAX_TIMESTAMP_DAY = days_from_civil(294276, 12, 31)


def _date_cells(
    days: NDArray[np.int64], where: str, last_day: int = _MAX_DATE_DAY
) -> tuple[list[NDArray[np.uint16] | int], list[NDArray[np.uint16]]]:
    """Cells of ``YYYY-MM-DD`` and the cells of the `` BC`` suffix (empty if no value is
    BC). PostgreSQL prints a BC year as its positive number with `` BC`` at the very end
    of the value (after the time and the zone)."""
    if days.size:
        if int(days.min()) < _MIN_DAY:
            raise RenderError(f"{where}: dates before 4714-11-24 BC are out of range")
        if int(days.max()) > last_day:
            top = "5874897-12-31" if last_day == _MAX_DATE_DAY else "294276-12-31"
            raise RenderError(f"{where}: dates after {top} are out of range")
    y, m, d = _civil(days)
    bc = y <= 0
    any_bc = bool(bc.any())
    if any_bc:
        y = np.where(bc, 1 - y, y)
    ycells = (max(4, _ndigits(int(y.max()) if y.size else 0)) + 1) // 2
    cells: list[NDArray[np.uint16] | int] = [
        *_int_cells(y, ycells, min_digits=4),
        _cell("-"),
        _PAIRS.take(m),
        _cell("-"),
        _PAIRS.take(d),
    ]
    suffix: list[NDArray[np.uint16]] = []
    if any_bc:
        blank = np.uint16(0)
        suffix = [
            np.where(bc, np.uint16(_cell(" B")), blank),
            np.where(bc, np.uint16(_cell("C")), blank),
        ]
    return cells, suffix


def _time_cells(us: NDArray[np.int64]) -> list[NDArray[np.uint16] | int]:
    """HH:MM:SS[.ffffff] from microseconds since midnight (hours may exceed 23)."""
    secs, frac = np.divmod(us, _US_PER_SEC)
    mins, ss = np.divmod(secs, 60)
    hh, mm = np.divmod(mins, 60)
    hcells = (_ndigits(int(hh.max())) + 1) // 2 if hh.size else 1
    cols: list[NDArray[np.uint16] | int] = [
        *_int_cells(hh, hcells, min_digits=2),
        _cell(":"),
        _PAIRS[mm],
        _cell(":"),
        _PAIRS[ss],
    ]
    if frac.size and frac.any():
        cols.append(np.where(frac != 0, np.uint16(_DOT), np.uint16(0)))
        cols.extend(_frac_cells(frac, 6, strip=True))
    return cols


def _round_us(us: NDArray[np.int64], pgtype: PgType, epoch: int = 0) -> NDArray[np.int64]:
    """Round to the type's fractional-second precision, half away from zero of ``epoch``
    (PG's rule: timestamps count from 2000-01-01, times and interval times from 0)."""
    if not pgtype.modifiers or pgtype.modifiers[0] >= 6:
        return us
    step = _POW10[6 - pgtype.modifiers[0]]
    half = step // 2
    rel = us - epoch if epoch else us
    mag = (np.abs(rel) + half) // step * step
    out = np.where(rel < 0, -mag, mag)
    return out + epoch if epoch else out


def _nat_split(
    values: NDArray[Any], unit: str
) -> tuple[NDArray[np.int64], NDArray[np.bool_] | None]:
    arr = values.astype(f"{values.dtype.kind}8[{unit}]")
    nat = np.isnat(arr)
    ints = arr.view(np.int64)
    if nat.any():
        return np.where(nat, 0, ints), nat
    return ints, None


def _take_infinities(values: NDArray[Any]) -> tuple[NDArray[Any], NDArray[np.bool_] | None]:
    """``values`` with +-INFINITY_TICKS replaced by the epoch, and where they were."""
    ticks = values.view(np.int64)
    special = np.abs(ticks) == INFINITY_TICKS  # |int64 min| (NaT) overflows to itself
    if not special.any():
        return values, None
    return np.where(special, 0, ticks).view(values.dtype), special


def _with_infinities(out: Texts, values: NDArray[Any], special: NDArray[np.bool_] | None) -> Texts:
    if special is None:
        return out
    idx = np.flatnonzero(special)
    words = np.where(values.view(np.int64)[idx] > 0, "infinity", "-infinity")
    return _scatter(out, idx, words.tolist())


def _with_nulls(out: Texts, nat: NDArray[np.bool_] | None) -> Texts:
    if nat is None:
        return out
    return _scatter(out, np.flatnonzero(nat), None)


def _format_dates(values: NDArray[Any], where: str) -> Texts:
    clean, special = _take_infinities(values)
    days, nat = _nat_split(clean, "D")  # finer units floor to the day
    cells, bc = _date_cells(days, where)
    out = _assemble([_NL, *cells, *bc], len(days))
    return _with_infinities(_with_nulls(out, nat), values, special)


def _format_timestamps(values: NDArray[Any], pgtype: PgType, where: str) -> Texts:
    clean, special = _take_infinities(values)
    us, nat = _nat_split(clean, "us")
    us = _round_us(us, pgtype, _PG_EPOCH_US)
    days, tod = np.divmod(us, _US_PER_DAY)
    cells, bc = _date_cells(days, where, _MAX_TIMESTAMP_DAY)
    cols = [_NL, *cells, _cell(" "), *_time_cells(tod)]
    if pgtype.name == "timestamptz":
        cols.extend(_TZ_UTC)
    cols.extend(bc)
    return _with_infinities(_with_nulls(_assemble(cols, len(us)), nat), values, special)


def _format_times(values: NDArray[Any], pgtype: PgType, where: str) -> Texts:
    if _take_infinities(values)[1] is not None:
        raise RenderError(f"{where}: {pgtype} has no infinity")
    if values.dtype.kind == "M":  # a timestamp: keep the time of day
        us, nat = _nat_split(values, "us")
        us = us % _US_PER_DAY
    else:
        us, nat = _nat_split(values, "us")
    us = _round_us(us, pgtype)
    if us.size and (int(us.min()) < 0 or int(us.max()) > _US_PER_DAY):
        raise RenderError(f"{where}: time of day must be between 00:00:00 and 24:00:00")
    cols = [_NL, *_time_cells(us)]
    if pgtype.name == "timetz":
        cols.extend(_TZ_UTC)
    return _with_nulls(_assemble(cols, len(us)), nat)


# Interval field restrictions that zero the day and time fields, and those that truncate
# the time field (toward zero) to a unit (AdjustIntervalForTypmod). The others (second,
# day/hour/minute to second, none) only round the time field to the precision.
_MONTH_FIELDS = frozenset({"year", "month", "year to month"})
_TIME_TRUNCATION = {
    "day": _US_PER_DAY,  # the time field becomes 0
    "hour": _US_PER_HOUR,
    "day to hour": _US_PER_HOUR,
    "minute": _US_PER_MIN,
    "day to minute": _US_PER_MIN,
    "hour to minute": _US_PER_MIN,
}


def _format_intervals(values: NDArray[Any], pgtype: PgType, where: str) -> Texts:
    """IntervalStyle postgres: ``3 days 04:05:06``, ``1 day``, ``-02:00:00``, ``00:00:00``,
    ``1 year 2 mons``; the value PostgreSQL stores once the column's fields and precision
    are applied.

    ``timedelta64`` in years or months (``m8[Y]``, ``m8[M]``) fill the month field; any
    finer unit the day and time fields: whole days become the day field, the rest the time
    field (both carry the sign of the whole value, as ``'-1 days -03:00:00'``).
    """
    if _take_infinities(values)[1] is not None:
        raise RenderError(f"{where}: infinite intervals are not supported (PostgreSQL 17+)")
    if np.datetime_data(values.dtype)[0] in ("Y", "M"):
        return _format_month_intervals(values, pgtype)
    us, nat = _nat_split(values, "us")
    neg = us < 0
    days, tod = np.divmod(np.abs(us), _US_PER_DAY)
    fields = pgtype.fields
    if fields in _MONTH_FIELDS:
        days = np.zeros_like(days)
        tod = np.zeros_like(tod)
    elif fields in _TIME_TRUNCATION:
        tod = tod // _TIME_TRUNCATION[fields] * _TIME_TRUNCATION[fields]
    else:
        tod = _round_us(tod, pgtype)  # may reach 24:00:00: PG does not carry into days
    has_days = days != 0
    neg &= has_days | (tod != 0)
    show_time = (tod != 0) | ~has_days
    n = len(us)
    blank = np.uint16(0)
    day_cells = _int_cells(days, (_ndigits(int(days.max()) if n else 0) + 1) // 2, min_digits=0)
    minus = np.uint16(_cell("-"))
    cols: list[NDArray[np.uint16] | int] = [
        np.where(neg & has_days, np.uint16(_NL_MINUS), np.uint16(_NL)),
        *day_cells,
        np.where(has_days, np.uint16(_cell(" d")), blank),
        np.where(has_days, np.uint16(_cell("ay")), blank),
        # "1 day" but "-1 days", as PostgreSQL writes it
        np.where(has_days & ((days != 1) | neg), np.uint16(_cell("s")), blank),
        np.where(has_days & show_time, np.uint16(_cell(" ")), blank),
        np.where(neg & show_time, minus, blank),
    ]
    for c in _time_cells(tod):
        cols.append(np.where(show_time, c, blank))
    return _with_nulls(_assemble(cols, n), nat)


def _format_month_intervals(values: NDArray[Any], pgtype: PgType) -> Texts:
    """Intervals of whole months: ``1 year 2 mons``, ``-1 years -2 mons``, ``1 mon``,
    ``00:00:00`` (interval_out's postgres style); ``interval year`` drops the months that
    do not make a whole year, toward zero."""
    unit = np.datetime_data(values.dtype)[0]
    ticks, nat = _nat_split(values, unit)
    months = ticks * 12 if unit == "Y" else ticks
    sign = np.where(months < 0, -1, 1)
    years, mons = np.divmod(np.abs(months), 12)
    if pgtype.fields == "year":
        mons = np.zeros_like(mons)
    years, mons = years * sign, mons * sign
    y_text = np.array(_format_ints(years).tolist(), dtype=object)
    y_text += np.where(years == 1, " year", " years")
    m_text = np.array(_format_ints(mons).tolist(), dtype=object)
    m_text += np.where(mons == 1, " mon", " mons")
    both = (years != 0) & (mons != 0)
    text = (
        np.where(years != 0, y_text, "") + np.where(both, " ", "") + np.where(mons != 0, m_text, "")
    )
    text[(years == 0) & (mons == 0)] = "00:00:00"
    return _with_nulls(text.tolist(), nat)


# --------------------------------------------------------------------------- text


def _check_text(
    values: Rendered, pgtype: PgType, where: str, joined: str | None = None
) -> Rendered:
    """Text a generator handed over: no NUL anywhere (no PostgreSQL text value holds it),
    jsonb without the ``\\u0000`` escape (jsonb rejects it), then the length limits.
    ``joined``: the values joined, when the caller has it already."""
    if joined is None:
        try:
            joined = "".join(cast("list[str]", values))  # one C-level pass, ~15 ns a value
        except TypeError:  # NULLs among them (rare: the engine applies nullRatio later)
            joined = "".join(cast("list[str]", list(filter(_NOT_NONE, values))))
    if "\x00" in joined:
        index = next(i for i, v in enumerate(values) if v is not None and "\x00" in v)
        raise NulValueError(where, index, cast(str, values[index]))
    if pgtype.name == "jsonb" and "\\u0000" in joined:
        for i, v in enumerate(values):
            if v is not None and _JSON_NUL.search(v):
                raise NulValueError(where, i, v, json_escape=True)
    return _check_lengths(values, pgtype, where)


# \u0000 as a JSON escape: preceded by an even number of backslashes.
_JSON_NUL = re.compile(r"(?<!\\)(?:\\\\)*\\u0000")


def _check_lengths(values: Rendered, pgtype: PgType, where: str) -> Rendered:
    """Enforce varchar(n)/char(n) (characters) and name (63 bytes) limits; char(n) values
    come back blank-padded. Like PostgreSQL, varchar(n)/char(n) cut an overlong value
    whose excess characters are all spaces, and reject any other; name cuts any value to
    63 bytes."""
    limit = pgtype.length
    if limit is None or pgtype.name not in ("varchar", "bpchar", "name"):
        return values
    nulls = _none_positions(values) if _has_none(values) else np.zeros(0, np.intp)
    strs = cast("list[str]", list(filter(_NOT_NONE, values)) if nulls.size else values)
    if pgtype.name == "name":
        if max(map(len, map(str.encode, strs)), default=0) > limit:
            # namein keeps the first 63 bytes, cut at a character boundary
            return [_clip_bytes(v, limit) for v in values]  # rare: overlong only
        return values
    if max(map(len, strs), default=0) > limit:
        values = [_cut_spaces(v, limit, pgtype, where) for v in values]  # rare: overlong only
        strs = cast("list[str]", list(filter(_NOT_NONE, values)) if nulls.size else values)
    if pgtype.name != "bpchar":
        return values
    if nulls.size:
        padded = _pad(cast("list[str]", _scatter(values, nulls, "")), limit)
        return _scatter(padded, nulls, None)
    return cast("Rendered", _pad(strs, limit))


def _pad(strs: list[str], limit: int) -> list[str]:
    """Values blank-padded to char(n). A column of few distinct values (a choice, an
    enum-like code) pads each of them once and maps the rows to those strings: a dict
    lookup a row instead of a new string a row, about 40 % faster; the first 64 values
    say whether to try."""
    if len(set(islice(strs, 64))) <= 16:
        padded = {s: s.ljust(limit) for s in set(strs)}
        if len(padded) * 8 <= len(strs):
            return list(map(padded.__getitem__, strs))
    return list(map(str.ljust, strs, repeat(limit)))


def _clip_bytes(v: str | None, limit: int) -> str | None:
    if v is None or len(v) * 4 <= limit:
        return v
    return v.encode("utf-8")[:limit].decode("utf-8", "ignore")


def _cut_spaces(v: str | None, limit: int, pgtype: PgType, where: str) -> str | None:
    if v is None or len(v) <= limit:
        return v
    if v[limit:].strip(" "):
        raise RenderError(f"{where}: value too long for type {pgtype} ({v[:40]!r}…)")
    return v[:limit]


_BOOL_WORDS = {
    text: np.frombuffer(words, np.uint8).reshape(2, -1)
    for text, words in ((False, b"ft"), (True, b"false" + b"true\x00"))
}


def _format_bools(values: NDArray[Any], text: bool) -> TextMatrix:
    picks = values.astype(bool).view(np.uint8)
    return TextMatrix(_BOOL_WORDS[text].take(picks, axis=0), plain=True)


# --------------------------------------------------------------------------- dispatch


def render_values(values: Any, pgtype: PgType, where: str) -> Rendered:
    """``values`` (a generator's batch) as PostgreSQL text for a column of ``pgtype``.

    ``where`` names the column in error messages (``public.users.email``). Raises
    :class:`RenderError` for values the type cannot hold (int overflow, numeric
    precision, BC dates, over-long varchar).
    """
    return listed(render_texts(values, pgtype, where))


def render_texts(values: Any, pgtype: PgType, where: str) -> Texts:
    """:func:`render_values`, where a fast path made a byte matrix the
    :class:`~pgmock_sdk.textmatrix.TextMatrix` itself (a Sequence of the same strings):
    COPY output uses the bytes as they are."""
    if isinstance(values, Labels):
        if (pgtype.name in TEXT_TYPES or pgtype.key == "enum") and pgtype.ext is None:
            return _render_labels(values, pgtype, where)
        values = values.tolist()
    elif isinstance(values, TextMatrix):
        as_is = _as_is(values, pgtype)
        if as_is is not None:
            return as_is
        values = values.tolist()
    if pgtype.is_array:
        return _render_arrays(values, pgtype, where)
    ext = pgtype.ext
    if ext is not None and ext.text is not None and not _all_text(values):
        try:  # a plugin's type: its own text form, a batch at a time
            return ext.text(values, pgtype, where)
        except ValueError as exc:
            raise RenderError(f"{where}: {exc}") from None
    if isinstance(values, np.ndarray):
        if values.ndim != 1:
            raise RenderError(f"{where}: expected a 1-D array of values, got shape {values.shape}")
        if values.dtype.kind not in "OUST":
            return _render_ndarray(values, pgtype, where)
        values = values.tolist()
    elif not isinstance(values, list):
        values = list(values)
    return _render_list(values, pgtype, where)


_NONE_TYPE = type(None)


def _as_is(values: TextMatrix, pgtype: PgType) -> TextMatrix | None:
    """A generator's byte matrix as its column's text, where it needs no check of a row:
    a text type without JSON rules, no wider in bytes than a varchar(n) holds characters
    (a matrix holds no NUL but its padding); char(n) only when every value is its row
    whole (no padding), blank-padded to n. None: take the list path."""
    if pgtype.is_array or pgtype.ext is not None:
        return None
    if pgtype.name not in ("varchar", "bpchar", "name"):
        # the list path checks only for NUL (no row holds one but its padding) and, in
        # jsonb, the \u0000 escape, which needs a backslash: none in a plain matrix
        return values if pgtype.name != "jsonb" or values.plain else None
    limit = pgtype.length
    width = values.data.shape[1]
    if pgtype.name == "name":
        return values if width <= 63 else None
    if limit is None or width > limit:
        return values if limit is None else None
    if pgtype.name != "bpchar":
        return values
    if width == 0 or not values.data.all():
        return None  # padding to turn into blanks after each value: the list path does
    if width == limit:
        return values
    padded = np.full((len(values), limit), 32, np.uint8)
    padded[:, :width] = values.data
    return TextMatrix(padded, values.plain)


def _render_labels(values: Labels, pgtype: PgType, where: str) -> Texts:
    """Picks from a few strings: each string checked (NUL, length) and padded once, the
    rows gathered from a matrix of their bytes."""
    codes = np.asarray(values.codes)
    n = len(codes)
    if codes.dtype.kind not in "iu" or codes.ndim != 1:
        return _render_list(values.tolist(), pgtype, where)
    labeled = _label_matrix(values.labels, pgtype, where, n)
    if labeled is None or (n and (int(codes.min()) < 0 or int(codes.max()) >= len(labeled[0]))):
        return _render_list(values.tolist(), pgtype, where)
    vocab, plain = labeled
    # take, not vocab[codes]: indexing a matrix's rows by an array is several times
    # slower than np.take along the first axis (10 µs against 170 µs for 10,000 rows
    # of 10 bytes)
    return TextMatrix(vocab.take(codes, axis=0), plain)


# The label matrices made last, by the identity of their labels and the column type: a
# generator that hands over the same labels in every chunk (a choice's values, a sentence
# bank of 65,536) has them checked and padded once per process, not once per chunk. The
# entry holds the labels themselves, so their id cannot be another object's meanwhile.
_LABEL_MATRICES: dict[tuple[int, str], tuple[Any, tuple[Any, bool] | None]] = {}
_LABEL_MATRICES_KEPT = 8


def _label_matrix(
    labels: Sequence[str] | NDArray[np.object_], pgtype: PgType, where: str, n: int
) -> tuple[Any, bool] | None:
    """The labels' checked bytes as a padded matrix and whether COPY has nothing to
    escape in them; None when a row's own check must decide (a label that fails it may
    be one no row picked) or the labels are no cheaper than the rows."""
    key = (id(labels), pgtype.display())
    hit = _LABEL_MATRICES.get(key)
    if hit is not None and hit[0] is labels:
        return hit[1]
    texts = list(labels)
    if not texts or set(map(type, texts)) != {str}:
        return None
    if len(texts) * 4 > n and not isinstance(labels, np.ndarray):
        # as many labels as rows and no sign they come again (a pool handed over as an
        # array, see Labels): the list is no dearer
        return None
    try:
        checked = cast("list[str]", _check_text(cast("Rendered", texts), pgtype, where))
    except RenderError:
        made = None
    else:
        raw = np.array([t.encode("utf-8") for t in checked])  # NUL-padded, in C
        vocab = raw.view(np.uint8).reshape(len(checked), raw.dtype.itemsize)
        made = (vocab, TextMatrix(vocab).plain)
    if len(_LABEL_MATRICES) >= _LABEL_MATRICES_KEPT:
        _LABEL_MATRICES.pop(next(iter(_LABEL_MATRICES)))
    _LABEL_MATRICES[key] = (labels, made)
    return made


def _all_text(values: Any) -> bool:
    """Whether a batch is PostgreSQL text already (str, or None for NULL)."""
    if isinstance(values, np.ndarray) and values.dtype.kind != "O":
        return values.dtype.kind in "UST"
    if isinstance(values, np.ndarray) and values.ndim == 1:
        values = values.tolist()
    return isinstance(values, list) and set(map(type, values)) <= {str, _NONE_TYPE}


_NOT_NONE = partial(operator.is_not, None)
_NUMPY_FRIENDLY = frozenset({int, float, bool})


def _render_list(values: list[Any], pgtype: PgType, where: str) -> Texts:
    try:  # all text, the common case: the join proves it and is what the checks scan
        joined = "".join(values)
    except TypeError:
        pass
    else:
        return _check_text(values, pgtype, where, joined)
    types = set(map(type, values))
    if types <= {str, _NONE_TYPE}:
        return _check_text(values, pgtype, where)
    if pgtype.key == "composite":
        # dicts or sequences of fields (JSON-speaking generators): rendered field by field
        return render_composites(values, pgtype, where, render_values)
    if types and types <= _NUMPY_FRIENDLY and pgtype.name not in ("json", "jsonb"):
        try:
            arr = np.asarray(values)
        except OverflowError:
            arr = None
        if arr is not None and arr.dtype.kind in "biuf":
            return _render_ndarray(arr, pgtype, where)
    return _check_text(_slow_column(values, pgtype, where), pgtype, where)


# Types whose values generators hand over as text (or numbers shown as text).
_TEXTUAL = frozenset({"json", "jsonb", "xml", "char", "bit", "varbit", "tsvector", "tsquery"})


def _render_ndarray(values: NDArray[Any], pgtype: PgType, where: str) -> Texts:
    name = pgtype.name
    kind = values.dtype.kind
    if name in INTEGER_TYPES and kind in "biuf":
        return _format_integer_column(values, name, where)
    if name in ("float4", "float8") and kind in "biuf":
        ftype = np.float32 if name == "float4" else np.float64
        return _format_floats(values.astype(ftype))
    if name == "numeric" and kind in "biuf":
        return _format_numeric(values, pgtype, where)
    if name == "money" and kind in "biuf":
        return _format_money(values, where)
    if name == "bool" and kind in "biu":
        return _format_bools(values, text=False)
    if name == "date" and kind == "M":
        return _format_dates(values, where)
    if name in ("timestamp", "timestamptz") and kind == "M":
        return _format_timestamps(values, pgtype, where)
    if name in ("time", "timetz") and kind in "mM":
        return _format_times(values, pgtype, where)
    if name == "interval" and kind == "m":
        return _format_intervals(values, pgtype, where)
    if name in TEXT_TYPES or pgtype.key in ("enum", "composite", "range") or name in _TEXTUAL:
        out: Texts
        if kind == "b":
            out = _format_bools(values, text=True)
        elif kind in "iu":
            out = _format_ints(values)
        elif kind == "f":
            out = _format_floats(values)
        elif kind == "M":
            unit = np.datetime_data(values.dtype)[0]
            if unit in ("Y", "M", "W", "D"):
                out = _format_dates(values, where)
            else:
                out = _format_timestamps(values, PgType("timestamp"), where)
        else:
            raise RenderError(f"{where}: cannot render {values.dtype} values as {pgtype}")
        return _check_lengths(listed(out), pgtype, where)
    raise RenderError(f"{where}: cannot render {values.dtype} values as {pgtype}")


# --------------------------------------------------------------------------- arrays

# Characters that make array_out quote an element, besides the element type's delimiter
# (array_isspace is ASCII whitespace only).
_QUOTE_BASE = '"\\{}' + " \t\n\r\v\f"
# typdelim: box is the one built-in type whose arrays separate elements with ";".
_DELIMITERS = {"box": ";"}
_NULL_WORD = re.compile(r"(?:^|\x00)null(?:\x00|$)", re.IGNORECASE)


def _quote_set(delim: str) -> tuple[NDArray[np.bool_], re.Pattern[str]]:
    chars = _QUOTE_BASE + delim
    lut = np.zeros(128, bool)
    lut[[ord(c) for c in chars]] = True
    return lut, re.compile("[" + re.escape(chars) + "]")


_QUOTE_SETS = {d: _quote_set(d) for d in (",", ";")}


class _NulElement(Exception):
    """An element text holding NUL (``index`` in the flat element list)."""

    def __init__(self, index: int) -> None:
        super().__init__(index)
        self.index = index


def _quote_flags(joined: str, m: int, lut: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """Which of the ``m`` NUL-joined elements need double quotes: empty, spelled NULL in
    any case, or holding a quote, backslash, brace, the delimiter or whitespace."""
    cp = np.frombuffer(joined.encode("utf-32-le"), np.uint32)
    sep = cp == 0
    elem = np.cumsum(sep)  # element index of every character
    flags = np.zeros(m, bool)
    special = (cp < 128) & lut[np.minimum(cp, 127)]
    flags[elem[special]] = True
    bounds = np.concatenate(([-1], np.flatnonzero(sep), [len(cp)]))
    lens = np.diff(bounds) - 1
    flags |= lens == 0
    four = np.flatnonzero(lens == 4)
    if four.size:
        starts = bounds[:-1][four] + 1
        words = np.char.lower(
            np.frombuffer(joined.encode("utf-32-le"), "U1")[starts[:, None] + np.arange(4)]
        )
        flags[four[(words == np.array(list("null"))).all(axis=1)]] = True
    return flags


def _array_elements(rendered: Rendered, delim: str = ",") -> list[str]:
    """Element texts as array_out writes them: NULL, bare, or double-quoted with ``"``
    and ``\\`` escaped by a backslash. Raises _NulElement for a text holding NUL."""
    nulls = _none_positions(rendered) if _has_none(rendered) else np.zeros(0, np.intp)
    texts: list[str] = _scatter(rendered, nulls, "x") if nulls.size else rendered  # type: ignore[assignment]
    out: Rendered = texts  # type: ignore[assignment]
    joined = "\x00".join(texts)
    if texts and joined.count("\x00") != len(texts) - 1:
        raise _NulElement(next(i for i, t in enumerate(texts) if "\x00" in t))
    lut, pattern = _QUOTE_SETS[delim]
    maybe_null = ("l" in joined or "L" in joined) and _NULL_WORD.search(joined)
    if "" in texts or pattern.search(joined) or maybe_null:
        quote = np.flatnonzero(_quote_flags(joined, len(texts), lut))
        if quote.size:
            sub = "\x00".join(np.array(texts, dtype=object)[quote].tolist())
            if "\\" in sub or '"' in sub:
                sub = sub.replace("\\", "\\\\").replace('"', '\\"')
            quoted = ('"' + sub.replace("\x00", '"\x00"') + '"').split("\x00")
            out = _scatter(texts, quote, quoted)
    if nulls.size:
        out = _scatter(out, nulls, "NULL")
    return out  # type: ignore[return-value]


def _flatten(
    rows: list[Any], dims: int, where: str
) -> tuple[list[Any], list[NDArray[np.int64]], NDArray[np.intp]]:
    """The elements of rows nested ``dims`` deep, in row-major order; the lengths of the
    lists at each depth; the row of each innermost list. Every row must be rectangular
    (the rows themselves are lists, checked by the caller)."""
    level = rows
    sizes: list[NDArray[np.int64]] = []
    owner = np.arange(len(rows))  # the row of each list at the current depth
    for depth in range(dims):
        if depth and not set(map(type, level)) <= {list, tuple, np.ndarray}:
            sequences = (list, tuple, np.ndarray)
            at = next(i for i, x in enumerate(level) if not isinstance(x, sequences))
            row = rows[int(owner[at])] if depth else level[at]
            raise RenderError(
                f"{where}: expected {dims}-dimensional arrays as nested lists (or array "
                f"text), got {_short(row)}"
            )
        lens = np.fromiter(map(len, level), np.int64, count=len(level))
        if depth and lens.size:
            # PostgreSQL: "Multidimensional arrays must have sub-arrays with matching
            # dimensions": within a row, every list at this depth has the same length.
            starts = np.flatnonzero(np.concatenate(([True], owner[1:] != owner[:-1])))
            ragged = np.minimum.reduceat(lens, starts) != np.maximum.reduceat(lens, starts)
            if ragged.any():
                row = rows[int(owner[starts[np.argmax(ragged)]])]
                raise RenderError(
                    f"{where}: the sub-arrays of a multi-dimensional array must have "
                    f"matching lengths, got {_short(row)}"
                )
        sizes.append(lens)
        if depth < dims - 1:
            owner = np.repeat(owner, lens)
        level = list(chain.from_iterable(level))
    return level, sizes, owner


def _short(value: Any) -> str:
    text = repr(value.tolist() if isinstance(value, np.ndarray) else value)
    return text if len(text) <= 80 else text[:80] + "…"


def _render_arrays(values: Any, pgtype: PgType, where: str) -> Rendered:
    """Array columns from nested lists (or tuples/ndarrays) per row, ``pgtype.array_dims``
    deep; None rows are NULL and ``str`` rows are array text already.

    Rendered column-wise: all elements flattened, rendered in one call for the element
    type, then regrouped into ``{…}`` one nesting level at a time. Multi-dimensional rows
    must be rectangular; a row without elements is ``{}``.
    """
    dims = pgtype.array_dims
    rows = list(values)
    n = len(rows)
    keep = np.zeros(0, np.intp)  # NULL and text rows, passed through
    kept: list[Any] = []
    if set(map(type, rows)) - {list, tuple, np.ndarray}:
        keep = np.flatnonzero(
            np.fromiter(map(isinstance, rows, repeat((str, _NONE_TYPE))), bool, count=n)
        )
        for i in keep.tolist():  # NULL and text rows only
            kept.append(rows[i])
            rows[i] = ()
        if set(map(type, rows)) - {list, tuple, np.ndarray}:
            bad = next(r for r in rows if not isinstance(r, (list, tuple, np.ndarray)))
            raise RenderError(
                f"{where}: expected {dims}-dimensional arrays as nested lists (or array "
                f"text), got {_short(bad)}"
            )
    elem = pgtype.element
    delim = _DELIMITERS.get(elem.name, ",")
    flat, sizes, owner = _flatten(rows, dims, where)
    if flat and isinstance(flat[0], np.generic):
        flat = np.asarray(flat)  # type: ignore[assignment]
    try:
        texts = _array_elements(render_values(flat, elem, where), delim)
    except _NulElement as exc:
        row = int(np.repeat(owner, sizes[-1])[exc.index])
        bad = render_values(flat, elem, where)[exc.index]
        raise NulValueError(where, row, bad or "") from None
    except NulValueError as exc:  # an element text from the generator: name its row
        row = int(np.repeat(owner, sizes[-1])[exc.index])
        raise NulValueError(where, row, exc.value, json_escape=exc.json_escape) from None
    for lens in reversed(sizes):
        it = iter(texts)
        joined = map(delim.join, map(islice, repeat(it), lens.tolist()))
        texts = ("{" + "}\x00{".join(joined) + "}").split("\x00") if len(lens) else []
    res: Rendered = texts  # type: ignore[assignment]
    if dims > 1 and n:
        # '{{},{}}' is no array literal: a row without elements is the empty array.
        empty = np.flatnonzero(np.bincount(owner, sizes[-1], minlength=n) == 0)
        if empty.size:
            res = _scatter(res, empty, "{}")
    if keep.size:
        res = _scatter(res, keep, kept)
    return res


# --------------------------------------------------------------------------- slow path


def _slow_column(values: Iterable[Any], pgtype: PgType, where: str) -> Rendered:
    """One Python call per value: the path for JSON-speaking generators and odd types."""
    return [_value_text(v, pgtype, where) for v in values]


def _jsonb_sorted(value: Any) -> Any:
    """jsonb's key order: shorter keys first, then bytewise."""
    if isinstance(value, dict):
        keys = sorted(value, key=lambda k: (len(str(k).encode()), str(k).encode()))
        return {str(k): _jsonb_sorted(value[k]) for k in keys}
    if isinstance(value, (list, tuple)):
        return [_jsonb_sorted(v) for v in value]
    return value


def _jsonb_text(value: Any) -> str:
    """jsonb output: ``{"a": 1, "bb": [1, 2]}``; numbers are numeric (no exponent)."""
    if isinstance(value, dict):
        items = (f"{json.dumps(k, ensure_ascii=False)}: {_jsonb_text(v)}" for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(map(_jsonb_text, value)) + "]"
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} is not valid JSON")
        text = repr(value + 0.0)  # + 0.0 turns -0.0 into 0.0: jsonb's numeric has no -0
        if "e" in text or "E" in text:
            text = format(Decimal(text), "f")
        return text
    if isinstance(value, np.generic):
        return _jsonb_text(value.item())
    if isinstance(value, Decimal):
        return format(abs(value) if value.is_zero() else value, "f")
    return json.dumps(value, ensure_ascii=False)


def _timestamp_text(v: _dt.datetime, tz: bool) -> str:
    if v.tzinfo is not None:
        v = v.astimezone(_dt.timezone.utc).replace(tzinfo=None)
    text = v.isoformat(sep=" ")
    if v.microsecond:
        text = text.rstrip("0")
    if v.year < 1:
        raise ValueError("BC dates are not supported")
    return text + ("+00" if tz else "")


_DATETIME_NAMES = frozenset({"date", "timestamp", "timestamptz", "time", "timetz"})


def _datetime64(v: _dt.date | _dt.time) -> NDArray[Any]:
    """A one-element datetime64 (dates, datetimes in UTC) or timedelta64 (times of day in
    UTC) array of a Python value."""
    if isinstance(v, _dt.datetime):
        if v.tzinfo is not None:
            v = v.astimezone(_dt.timezone.utc).replace(tzinfo=None)
        return np.array([v], "M8[us]")
    if isinstance(v, _dt.date):
        return np.array([v], "M8[D]")
    if v.tzinfo is not None:
        off = v.utcoffset() or _dt.timedelta()
        v = (_dt.datetime.combine(_dt.date(2000, 1, 1), v.replace(tzinfo=None)) - off).time()
    us = ((v.hour * 60 + v.minute) * 60 + v.second) * _US_PER_SEC + v.microsecond
    return np.array([us], "m8[us]")


def _time_text(v: _dt.time, tz: bool) -> str:
    if v.tzinfo is not None and tz:
        off = v.utcoffset() or _dt.timedelta()
        v = (_dt.datetime.combine(_dt.date(2000, 1, 1), v.replace(tzinfo=None)) - off).time()
    text = v.replace(tzinfo=None).isoformat()
    if v.microsecond:
        text = text.rstrip("0")
    return text + ("+00" if tz else "")


def _interval_text(v: _dt.timedelta, pgtype: PgType, where: str) -> str:
    us = np.array([v], dtype="m8[us]")
    return _format_intervals(us, pgtype, where)[0] or ""


# numeric holds up to 1000 digits before and after the point; Decimal's default context
# (28 digits) would refuse to quantize wide values.
_WIDE = Context(prec=2100, Emax=MAX_EMAX, Emin=MIN_EMIN)


def _numeric_text(v: Decimal, pgtype: PgType, where: str) -> str:
    with localcontext(_WIDE):
        return _numeric_text_wide(v, pgtype, where)


def _numeric_text_wide(v: Decimal, pgtype: PgType, where: str) -> str:
    if v.is_nan():
        return "NaN"
    if v.is_infinite():
        if pgtype.modifiers:
            raise RenderError(f"{where}: infinity cannot be stored in {pgtype}")
        return "Infinity" if v > 0 else "-Infinity"
    precision, scale = pgtype.precision_scale
    if v.is_zero():
        v = v.copy_abs()  # numeric has no negative zero
    if precision is None:
        return format(v, "f")
    q = v.quantize(Decimal(1).scaleb(-scale), rounding=ROUND_HALF_UP)
    if q.is_zero():
        q = q.copy_abs()
    if q.adjusted() + 1 > precision - scale and q != 0:
        raise RenderError(f"{where}: value {v} overflows {pgtype}")
    text = format(q, "f")
    if scale < 0:
        text = format(q.quantize(Decimal(1)), "f")
    return text


def _value_text(v: Any, pgtype: PgType, where: str) -> str | None:
    """One value's text (the slow path)."""
    name = pgtype.name
    try:
        return _value_text_inner(v, pgtype, name, where)
    except RenderError:
        raise
    except (ValueError, TypeError, InvalidOperation, OverflowError) as exc:
        raise RenderError(f"{where}: cannot render {v!r} as {pgtype}: {exc}") from exc


def _value_text_inner(v: Any, pgtype: PgType, name: str, where: str) -> str | None:
    if v is None:
        return None
    if isinstance(v, np.generic) and not isinstance(v, (np.datetime64, np.timedelta64)):
        v = v.item()
    if isinstance(v, str):
        return v
    if name in ("json", "jsonb"):
        if name == "jsonb":
            return _jsonb_text(_jsonb_sorted(v))
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, (np.datetime64, np.timedelta64)):
        return render_values(np.array([v]), pgtype, where)[0]
    if isinstance(v, bool):
        return ("t" if v else "f") if name == "bool" else ("true" if v else "false")
    if isinstance(v, (bytes, bytearray, memoryview)):
        return "\\x" + bytes(v).hex()
    if isinstance(v, uuid.UUID):
        return str(v)
    if isinstance(v, (_dt.date, _dt.time)) and name in _DATETIME_NAMES:
        # Through the column path, so precision rounding and ranges apply the same way.
        return render_values(_datetime64(v), pgtype, where)[0]
    if isinstance(v, _dt.datetime):
        if name == "date":
            return v.date().isoformat()
        return _timestamp_text(v, name in ("timestamptz", "timetz"))
    if isinstance(v, _dt.date):
        return v.isoformat()
    if isinstance(v, _dt.time):
        return _time_text(v, name == "timetz")
    if isinstance(v, _dt.timedelta):
        return _interval_text(v, pgtype, where)
    if isinstance(v, (int, float, Decimal)):
        return _number_text(v, pgtype, where)
    if isinstance(v, (dict, list, tuple)):
        return json.dumps(v, ensure_ascii=False)
    return str(v)


def _number_text(v: int | float | Decimal, pgtype: PgType, where: str) -> str:
    name = pgtype.name
    if name in INTEGER_TYPES and isinstance(v, int):
        lo, hi = INT_RANGES[name]
        if not lo <= v <= hi:
            raise RenderError(f"{where}: value {v} is out of range for type {name}")
        return str(v)
    if name == "numeric":
        dec = Decimal(repr(v)) if isinstance(v, float) else Decimal(v)
        return _numeric_text(dec, pgtype, where)
    if name == "money":
        dec = Decimal(repr(v)) if isinstance(v, float) else Decimal(v)
        if not dec.is_finite():
            raise RenderError(f"{where}: money cannot be NaN or infinite")
        with localcontext(_WIDE):
            cents = int(dec.scaleb(2).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        if not -(2**63) < cents < 2**63:
            raise RenderError(f"{where}: value {v} out of range for type money")
        return _money_text(np.array([cents], np.int64))[0] or ""
    if isinstance(v, float) or name in ("float4", "float8"):
        if name == "float4":
            return _float32_text(np.float32(v))
        return _float64_text(float(v))
    if isinstance(v, Decimal):
        return format(v, "f")
    arr = np.array([v])
    return render_values(arr, pgtype, where)[0] or ""
