"""Range and multirange generators: values in the text PostgreSQL's range_out prints.

Bounds are drawn as int64 *units* of the subtype (integers, 10^-decimals for numeric and
floats, days, seconds, enum label positions), so ordering, widths and gaps are integer
arithmetic on whole batches; a codec per subtype turns units into bound text once per
batch. The output is already canonical, so restores print back exactly what was written:

* discrete built-ins (int4range, int8range, daterange) are ``[lower,upper)``, as their
  canonical functions store them; other ranges keep the ``bounds`` asked for;
* ``lower < upper`` always (``[a,a)`` would read back as ``empty``); ``empty`` only when
  ``empty_ratio`` asks for it; an unbounded side prints as ``(,5)`` or ``[3,)``;
* bound text is quoted as range_out quotes it (timestamps hold a space:
  ``["2024-01-01 10:00:00","2024-01-02 00:00:00")``); time zones print as UTC (``+00``);
* multiranges hold sorted ranges with a gap between neighbours, since PostgreSQL merges
  overlapping and adjacent ones (``{[1,3),[5,8)}``; ``{}`` for none).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from itertools import islice, repeat
from typing import TYPE_CHECKING, ClassVar, Literal, TypeVar, cast

import numpy as np
from pydantic import Field, model_validator

from pgmock_builtins._params import needs
from pgmock_builtins._vec import concat, digit_matrix, fixed_digits, int_texts, split_fixed
from pgmock_builtins.temporal_gen import parse_date, parse_time, parse_timestamp
from pgmock_sdk import ColumnInfo, GenContext, Generator, Params
from pgmock_sdk.pgtypes import (
    DISCRETE_RANGES,
    INT_RANGES,
    MULTIRANGE_RANGES,
    RANGE_SUBTYPES,
    PgType,
)

if TYPE_CHECKING:
    from numpy.typing import NDArray

Bounds = Literal["[)", "[]", "()", "(]"]
Side = Literal["any", "lower", "upper", "both"]
Scalar = int | float | str

_EPOCH_DAY = -719_162  # 0001-01-01 in days since 1970-01-01
_LAST_DAY = 2_932_896  # 9999-12-31
_DAY = 86_400


def range_escape(text: str) -> str:
    """One bound as range_out writes it: double-quoted when empty or holding a quote,
    backslash, parenthesis, bracket, comma or whitespace; quotes and backslashes doubled."""
    if text and not any(c in text for c in '"\\()[],') and not any(c.isspace() for c in text):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '""') + '"'


# --------------------------------------------------------------------------- codecs


class Codec:
    """A range subtype's bounds as int64 units: parsing parameters, and bound text."""

    # What the subtype calls its parameters, for messages ("a number", "an ISO date").
    spelled: ClassVar[str] = "a number"
    width_unit: ClassVar[str] = "subtype units"

    def __init__(self, subtype: PgType) -> None:
        self.subtype = subtype
        self.lo_limit = -(2**62)
        self.hi_limit = 2**62
        self.default_lo, self.default_hi = 1, 1000
        self.default_widths = (1, 100)

    def units(self, value: Scalar) -> int:
        """A min/max parameter in units; ValueError when it is not the subtype's kind."""
        if isinstance(value, str) or (isinstance(value, float) and not value.is_integer()):
            raise ValueError(f"expected an integer, got {value!r}")
        return int(value)

    def width(self, value: Scalar) -> int:
        if isinstance(value, str):
            raise ValueError(f"expected a number, got {value!r}")
        units = round(value)
        if units != value:
            raise ValueError(f"expected a whole number of {self.width_unit}, got {value!r}")
        return units

    def texts(self, units: NDArray[np.int64]) -> list[str]:
        """Bound texts, escaped as range_out does."""
        return int_texts(units)


class IntCodec(Codec):
    width_unit = "integers"

    def __init__(self, subtype: PgType) -> None:
        super().__init__(subtype)
        self.lo_limit, self.hi_limit = INT_RANGES[subtype.name]


class DecimalCodec(Codec):
    """numeric and float bounds on a grid of 10^-decimals (units are grid steps).

    numeric keeps the digits it was given (``1.50``); floats print their shortest digits
    (``1.5``), which are the grid's digits while a value has at most 15 significant digits
    (6 for real) — the limit PostgreSQL prints positionally too.
    """

    width_unit = "the subtype (1.5 = one and a half)"

    def __init__(self, subtype: PgType, decimals: int | None, path: str) -> None:
        super().__init__(subtype)
        precision, scale = subtype.precision_scale
        if scale < 0:
            raise ValueError(f"{path}: a numeric subtype with a negative scale is not generated")
        if decimals is None:
            decimals = scale if precision is not None else 2
        if precision is not None:
            decimals = min(decimals, scale)  # more digits would be rounded away
        self.decimals = decimals
        self.step = 10**decimals
        if subtype.name == "numeric":
            digits = 18 if precision is None else precision - scale + decimals
        else:
            digits = 15 if subtype.name == "float8" else 6
        top = 10**digits - 1
        self.lo_limit, self.hi_limit = -top, top
        self.default_lo, self.default_hi = 0, min(1000 * self.step, top)
        self.default_widths = (1, min(100 * self.step, top))

    def _scaled(self, value: Scalar, label: str) -> int:
        """``value * 10**decimals``, exactly (Decimal), as an integer."""
        if isinstance(value, str):
            raise ValueError(f"expected a number, got {value!r}")
        try:
            scaled = Decimal(repr(value) if isinstance(value, float) else value)
            scaled = scaled.scaleb(self.decimals)
            if scaled != scaled.to_integral_value():
                raise ValueError(f"{label}{value!r} has more than {self.decimals} decimals")
            return int(scaled)
        except (InvalidOperation, OverflowError):
            raise ValueError(f"expected a finite number, got {value!r}") from None

    def units(self, value: Scalar) -> int:
        return self._scaled(value, "")

    def width(self, value: Scalar) -> int:
        return self._scaled(value, "width ")

    def texts(self, units: NDArray[np.int64]) -> list[str]:
        name = self.subtype.name
        if name == "float8":
            texts = map(repr, (units / float(self.step)).tolist())
            return list(map(str.removesuffix, texts, repeat(".0")))
        if name == "float4":
            floats = (units / float(self.step)).astype(np.float32)
            return list(map(str.removesuffix, map(str, floats), repeat(".0")))
        if self.decimals == 0:
            return int_texts(units)
        ip, fp = np.divmod(np.abs(units), self.step)
        sign = np.where(units < 0, "-", "").tolist()
        return concat(sign, int_texts(ip), ".", fixed_digits(fp, self.decimals))


class DateCodec(Codec):
    spelled = "an ISO date (2024-01-31)"
    width_unit = "days"

    def __init__(self, subtype: PgType) -> None:
        super().__init__(subtype)
        self.lo_limit, self.hi_limit = _EPOCH_DAY, _LAST_DAY
        self.default_lo = self.units("2015-01-01")
        self.default_hi = self.units("2025-12-31")
        self.default_widths = (1, 30)

    def units(self, value: Scalar) -> int:
        if not isinstance(value, str):
            raise ValueError(f"expected {self.spelled}, got {value!r}")
        return int(np.datetime64(parse_date(value), "D").astype(np.int64))

    def texts(self, units: NDArray[np.int64]) -> list[str]:
        return cast("list[str]", np.datetime_as_string(units.astype("M8[D]")).tolist())


class TimestampCodec(Codec):
    """Whole seconds; with time zone the text is UTC (``+00``), as a UTC session prints it."""

    spelled = "an ISO timestamp (2024-01-31T10:00:00)"
    width_unit = "seconds"

    def __init__(self, subtype: PgType) -> None:
        super().__init__(subtype)
        self.lo_limit, self.hi_limit = _EPOCH_DAY * _DAY, (_LAST_DAY + 1) * _DAY - 1
        self.default_lo = self.units("2015-01-01T00:00:00")
        self.default_hi = self.units("2025-12-31T23:59:59")
        self.default_widths = (3600, 7 * _DAY)
        self.tail = '+00"' if subtype.name == "timestamptz" else '"'

    def units(self, value: Scalar) -> int:
        if not isinstance(value, str):
            raise ValueError(f"expected {self.spelled}, got {value!r}")
        ts = parse_timestamp(value)
        if ts.microsecond:
            raise ValueError(f"{value!r}: bounds are whole seconds")
        return int(np.datetime64(ts, "s").astype(np.int64))

    def texts(self, units: NDArray[np.int64]) -> list[str]:
        iso = np.datetime_as_string(units.astype("M8[s]"))  # YYYY-MM-DDTHH:MM:SS
        if not iso.size:
            return []
        chars = iso.view(np.uint32).reshape(len(iso), -1).copy()
        chars[:, 10] = ord(" ")
        stamps = chars.view(iso.dtype).ravel().tolist()
        return concat('"', stamps, self.tail)  # the space makes range_out quote


class TimeCodec(Codec):
    """Seconds since midnight, 24:00:00 included."""

    spelled = "a time of day (10:30:00)"
    width_unit = "seconds"

    def __init__(self, subtype: PgType) -> None:
        super().__init__(subtype)
        self.lo_limit, self.hi_limit = 0, _DAY
        self.default_lo, self.default_hi = 0, _DAY
        self.default_widths = (60, 4 * 3600)
        self.tz = subtype.name == "timetz"

    def units(self, value: Scalar) -> int:
        if not isinstance(value, str):
            raise ValueError(f"expected {self.spelled}, got {value!r}")
        us = parse_time(value)
        if us % 1_000_000:
            raise ValueError(f"{value!r}: bounds are whole seconds")
        return us // 1_000_000

    def texts(self, units: NDArray[np.int64]) -> list[str]:
        mins, ss = np.divmod(units, 60)
        hh, mm = np.divmod(mins, 60)
        tail = b"+00" if self.tz else b""
        mat = np.empty((len(units), 8 + len(tail)), np.uint8)
        mat[:, 0:2] = digit_matrix(hh, 2)
        mat[:, 3:5] = digit_matrix(mm, 2)
        mat[:, 6:8] = digit_matrix(ss, 2)
        mat[:, [2, 5]] = ord(":")
        if tail:
            mat[:, 8:] = np.frombuffer(tail, np.uint8)
        return split_fixed(mat)


class EnumCodec(Codec):
    """Label positions: an enum sorts in declaration order."""

    spelled = "a label of the enum"
    width_unit = "labels"

    def __init__(self, subtype: PgType) -> None:
        super().__init__(subtype)
        assert subtype.user is not None
        self.labels = subtype.user.labels
        self.lo_limit, self.hi_limit = 0, len(self.labels) - 1
        self.default_lo, self.default_hi = self.lo_limit, self.hi_limit
        self.default_widths = (1, max(1, len(self.labels) - 1))
        self.escaped = np.empty(len(self.labels), dtype=object)
        self.escaped[:] = [range_escape(label) for label in self.labels]

    def units(self, value: Scalar) -> int:
        if not isinstance(value, str) or value not in self.labels:
            raise ValueError(f"expected one of the labels {list(self.labels)}, got {value!r}")
        return self.labels.index(value)

    def texts(self, units: NDArray[np.int64]) -> list[str]:
        return cast("list[str]", self.escaped[units].tolist())


SUPPORTED_SUBTYPES = (
    "smallint, integer, bigint, numeric, real, double precision, date, time, timetz, "
    "timestamp, timestamptz, an enum"
)


def codec_for(subtype: PgType, decimals: int | None, path: str) -> Codec:
    """The codec of a range subtype; ValueError naming the supported ones otherwise."""
    user = subtype.user
    if user is not None and user.kind == "enum":
        return EnumCodec(subtype)
    name = subtype.name  # a domain's is its base type's
    if not subtype.is_array and (user is None or subtype.domain is not None):
        if name in INT_RANGES:
            return IntCodec(subtype)
        if name in ("numeric", "float4", "float8"):
            return DecimalCodec(subtype, decimals, path)
        if name == "date":
            return DateCodec(subtype)
        if name in ("timestamp", "timestamptz"):
            return TimestampCodec(subtype)
        if name in ("time", "timetz"):
            return TimeCodec(subtype)
    raise ValueError(
        f"{path}: ranges over {subtype.display()} are not generated; the subtype must be "
        f"one of: {SUPPORTED_SUBTYPES} (or fill the column with another generator)"
    )


# --------------------------------------------------------------------------- parameters


class _BoundParams(Params):
    min: Scalar | None = Field(
        None,
        description="Lowest bound, in the subtype's terms: a number, an ISO date or "
        "timestamp, a time of day, an enum label. Default 1 (integers), 0 (numeric and "
        "floats), 2015-01-01, 00:00:00, the first label.",
    )
    max: Scalar | None = Field(
        None,
        description="Highest bound (inclusive). Default 1000, 2025-12-31(T23:59:59), "
        "24:00:00, the last label.",
    )
    decimals: int | None = Field(
        None,
        ge=0,
        le=9,
        description="Digits after the point of numrange and float/numeric subtypes "
        "(default 2; a numeric(p,s) subtype's scale).",
    )
    bounds: Bounds = Field(
        "[)",
        description='Inclusive/exclusive bounds of continuous ranges: "[)", "[]", "()" or '
        '"(]". Discrete ranges (int4range, int8range, daterange) are always "[)".',
    )
    unbounded_ratio: float = Field(
        0.0, ge=0.0, le=1.0, description="Share of values with an unbounded side."
    )
    unbounded_side: Side = Field(
        "any",
        description='Which side is unbounded: "lower" ((,5)), "upper" ([3,)), "both" ((,)) '
        'or "any" (one of the three).',
    )

    @model_validator(mode="after")
    def _unbounded(self) -> _BoundParams:
        needs(self, "unbounded_side", self.unbounded_ratio > 0, "unbounded_ratio")
        return self


class RangeParams(_BoundParams):
    min_width: int | float | None = Field(
        None,
        description="Shortest upper - lower, in subtype units (days for dates, seconds for "
        "times and timestamps). Default the smallest step (1 hour for timestamps, "
        "1 minute for times).",
    )
    max_width: int | float | None = Field(
        None,
        description="Longest upper - lower. Default 100 (integers, numeric, floats), 30 days, "
        "7 days (timestamps), 4 hours (times), every label.",
    )
    empty_ratio: float = Field(0.0, ge=0.0, le=1.0, description='Share of "empty" ranges.')

    @model_validator(mode="after")
    def _widths(self) -> RangeParams:
        lo, hi = self.min_width, self.max_width
        if lo is not None and hi is not None and lo > hi:
            raise ValueError(f"min_width ({lo}) must not be greater than max_width ({hi})")
        return self


class MultirangeParams(_BoundParams):
    min_ranges: int = Field(0, ge=0, le=1000, description="Fewest ranges per value ({} is 0).")
    max_ranges: int = Field(3, ge=0, le=1000, description="Most ranges per value.")

    @model_validator(mode="after")
    def _order(self) -> MultirangeParams:
        if self.min_ranges > self.max_ranges:
            raise ValueError("min_ranges must not be greater than max_ranges")
        return self


# --------------------------------------------------------------------------- generators


_B = TypeVar("_B", bound=_BoundParams)


class _Bounded(Generator[_B]):
    """Shared set-up: the subtype's codec, [lo, hi] in units, bound characters."""

    codec: Codec
    lo: int
    hi: int

    def _setup(self, params: _BoundParams, rtype: PgType | None, what: str) -> None:
        path = self.column.path
        sub = rtype.range_subtype if rtype is not None else None
        if rtype is None or sub is None:
            raise ValueError(f"{path}: {self.column.type} is not {what}")
        self.codec = codec = codec_for(sub, params.decimals, path)
        discrete = rtype.user is None and rtype.name in DISCRETE_RANGES
        if discrete and params.bounds != "[)":
            raise ValueError(
                f"{path}: {rtype.name} is discrete: PostgreSQL stores every value as "
                '[lower,upper), so bounds must be "[)"'
            )
        self.lb, self.ub = params.bounds[0], params.bounds[1]
        self.lo = self._units(params.min, codec.default_lo, "min")
        self.hi = self._units(params.max, codec.default_hi, "max")
        if self.lo >= self.hi:
            raise ValueError(
                f"{path}: min must be below max (a non-empty range needs lower < upper)"
            )

    def _units(self, value: Scalar | None, default: int, label: str) -> int:
        if value is None:
            return default
        try:
            units = self.codec.units(value)
        except ValueError as exc:
            raise ValueError(f"{self.column.path}: {label}: {exc}") from None
        if not self.codec.lo_limit <= units <= self.codec.hi_limit:
            raise ValueError(
                f"{self.column.path}: {label} {value!r} is out of range for "
                f"{self.column.type.range_subtype or self.column.type}"
            )
        return units

    def _open_sides(
        self, mask: NDArray[np.bool_], rng: np.random.Generator
    ) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
        """(lower unbounded, upper unbounded) for the rows in ``mask``."""
        side = self.params.unbounded_side
        if side == "any":
            which = rng.integers(0, 3, len(mask))  # 0 lower, 1 upper, 2 both
            return mask & (which != 1), mask & (which != 0)
        return mask & (side != "upper"), mask & (side != "lower")

    def _assemble(
        self,
        lower: list[str],
        upper: list[str],
        open_lo: NDArray[np.bool_] | None,
        open_hi: NDArray[np.bool_] | None,
    ) -> list[str]:
        if open_lo is None or open_hi is None:
            return concat(self.lb, lower, ",", upper, self.ub)
        lo_text, lo_br = _blank(lower, self.lb, "(", open_lo)
        hi_text, hi_br = _blank(upper, self.ub, ")", open_hi)
        return concat(lo_br, lo_text, ",", hi_text, hi_br)


def _blank(
    texts: list[str], bracket: str, open_bracket: str, mask: NDArray[np.bool_]
) -> tuple[list[str], list[str]]:
    """Texts with the masked ones emptied, and the bracket of each (unbounded: open)."""
    arr = np.empty(len(texts), dtype=object)
    arr[:] = texts
    arr[mask] = ""
    return arr.tolist(), np.where(mask, open_bracket, bracket).tolist()


class RangeGenerator(_Bounded[RangeParams]):
    """Ranges (int4range … daterange, user ranges over numbers, dates, times and enums) in
    canonical text: lower < upper within [min, max], widths between min_width and
    max_width, optional empty and unbounded values."""

    name = "range"
    pg_types = frozenset({*RANGE_SUBTYPES, "range"})
    default_for = pg_types

    def __init__(self, params: RangeParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        self._setup(params, column.type, "a range type")
        span = self.hi - self.lo
        wlo_default, whi_default = self.codec.default_widths
        wlo = self._width(params.min_width, "min_width")
        whi = self._width(params.max_width, "max_width")
        if wlo is not None and wlo > span:
            raise ValueError(
                f"{column.path}: min_width {params.min_width} does not fit between min and max"
            )
        self.wlo = wlo if wlo is not None else min(wlo_default, span)
        self.whi = min(whi if whi is not None else max(whi_default, self.wlo), span)
        if self.wlo > self.whi:
            raise ValueError(f"{column.path}: min_width must not be greater than max_width")

    def _width(self, value: int | float | None, label: str) -> int | None:
        if value is None:
            return None
        try:
            units = self.codec.width(value)
        except ValueError as exc:
            raise ValueError(f"{self.column.path}: {label}: {exc}") from None
        if units < 1:
            raise ValueError(
                f"{self.column.path}: {label} must be positive (lower < upper in every range)"
            )
        return units

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        p = self.params
        width = rng.integers(self.wlo, self.whi, n, endpoint=True)
        lower = rng.integers(self.lo, self.hi - width, endpoint=True)
        texts = self.codec.texts(np.concatenate([lower, lower + width]))
        open_lo = open_hi = None
        if p.unbounded_ratio > 0:
            open_lo, open_hi = self._open_sides(rng.random(n) < p.unbounded_ratio, rng)
        out = self._assemble(texts[:n], texts[n:], open_lo, open_hi)
        if p.empty_ratio > 0:
            empty = np.flatnonzero(rng.random(n) < p.empty_ratio)
            if empty.size:
                arr = np.empty(n, dtype=object)
                arr[:] = out
                arr[empty] = "empty"
                out = arr.tolist()
        return out


class MultirangeGenerator(_Bounded[MultirangeParams]):
    """Multiranges (int4multirange … datemultirange): min_ranges..max_ranges sorted ranges
    in [min, max] with a gap between neighbours, as PostgreSQL normalizes them."""

    name = "multirange"
    pg_types = frozenset(MULTIRANGE_RANGES)
    default_for = pg_types

    def __init__(self, params: MultirangeParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        self._setup(params, column.type.multirange_range, "a multirange type")
        # 2k strictly increasing bounds with a gap: k ranges need 2k - 1 units of room.
        if self.hi - self.lo < 2 * params.max_ranges - 1:
            raise ValueError(
                f"{column.path}: {params.max_ranges} separate ranges do not fit between "
                "min and max; lower max_ranges or widen min..max"
            )

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        p = self.params
        counts = rng.integers(p.min_ranges, p.max_ranges, n, endpoint=True)
        points = 2 * counts
        total = int(points.sum())
        row = np.repeat(np.arange(n), points)
        first_point = np.cumsum(points) - points
        within = np.arange(total) - np.repeat(first_point, points)
        # Sorted draws from [lo, hi - (2k-1)] plus their position: strictly increasing,
        # so every range is non-empty and neighbours neither overlap nor touch.
        drawn = rng.integers(self.lo, np.repeat(self.hi - (points - 1), points), endpoint=True)
        drawn = drawn[np.lexsort((drawn, row))] + within
        texts = self.codec.texts(drawn)
        open_lo = open_hi = None
        if p.unbounded_ratio > 0:
            rows_lo, rows_hi = self._open_sides(
                (rng.random(n) < p.unbounded_ratio) & (counts > 0), rng
            )
            first = np.cumsum(counts) - counts
            open_lo = np.zeros(total // 2, bool)
            open_hi = np.zeros(total // 2, bool)
            open_lo[first[rows_lo]] = True
            open_hi[(first + counts - 1)[rows_hi]] = True
        ranges = iter(self._assemble(texts[0::2], texts[1::2], open_lo, open_hi))
        joined = map(",".join, map(islice, repeat(ranges), counts.tolist()))
        return ("{" + "}\x00{".join(joined) + "}").split("\x00") if n else []


GENERATORS: tuple[type[Generator], ...] = (RangeGenerator, MultirangeGenerator)

__all__ = [
    "GENERATORS",
    "Codec",
    "MultirangeGenerator",
    "RangeGenerator",
    "codec_for",
    "range_escape",
]
