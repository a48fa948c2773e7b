"""PostgreSQL's text output decoded independently of pgmock's code: COPY fields, array
literals, ISO dates and timestamps, float4 — for tests that compare what the server holds
with the values they asked for."""

from __future__ import annotations

import math
import re
import struct
from fractions import Fraction
from typing import Any

import numpy as np

_COPY_ESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_COPY_ESCAPE = re.compile(r"\\(.)", re.DOTALL)


def copy_fields(line: str) -> list[str | None]:
    """One COPY text line as field values (None for \\N), as PostgreSQL defines them."""
    return [
        None if f == "\\N" else _COPY_ESCAPE.sub(lambda m: _COPY_ESCAPES.get(m[1], m[1]), f)
        for f in line.split("\t")
    ]


def parse_array(text: str) -> list[Any]:
    """array_out's text as nested lists of element strings (None for NULL)."""
    pos = 0

    def parse_list() -> list[Any]:
        nonlocal pos
        assert text[pos] == "{", text
        pos += 1
        items: list[Any] = []
        if text[pos] == "}":
            pos += 1
            return items
        while True:
            if text[pos] == "{":
                items.append(parse_list())
            elif text[pos] == '"':
                pos += 1
                chars = []
                while text[pos] != '"':
                    if text[pos] == "\\":
                        pos += 1
                    chars.append(text[pos])
                    pos += 1
                pos += 1
                items.append("".join(chars))
            else:
                end = pos
                while text[end] not in ",}":
                    end += 1
                word = text[pos:end]
                items.append(None if word.upper() == "NULL" else word)
                pos = end
            if text[pos] == "}":
                pos += 1
                return items
            assert text[pos] == ",", text
            pos += 1

    value = parse_list()
    assert pos == len(text), text
    return value


def days_from_civil(y: int, m: int, d: int) -> int:
    """Days since 1970-01-01 in the proleptic Gregorian calendar (year 0 = 1 BC)."""
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


#: Microseconds in a day, and PostgreSQL's first and last date (4714-11-24 BC,
#: 5874897-12-31) in days since 1970-01-01.
DAY_US = 86_400_000_000
MIN_DAY = days_from_civil(-4713, 11, 24)
MAX_DAY = days_from_civil(5874897, 12, 31)

_DATETIME = re.compile(
    r"(\d{4,})-(\d\d)-(\d\d)(?: (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?)?(\+00)?( BC)?"
)


def pg_datetime_us(text: str) -> int:
    """A date/timestamp[tz] as PostgreSQL prints it (ISO, UTC) -> microseconds since
    1970-01-01 (dates: midnight)."""
    m = _DATETIME.fullmatch(text)
    assert m is not None, f"not an ISO date/timestamp: {text!r}"
    year = int(m[1])
    if m[9]:
        year = 1 - year  # 1 BC is year 0
    days = days_from_civil(year, int(m[2]), int(m[3]))
    secs = int(m[4] or 0) * 3600 + int(m[5] or 0) * 60 + int(m[6] or 0)
    frac = int((m[7] or "").ljust(6, "0"))
    return (days * 86_400 + secs) * 1_000_000 + frac


def _f32_bits(x: float) -> int:
    return int(struct.unpack("<I", struct.pack("<f", x))[0])


def parse_float4(text: str) -> float:
    """float4 text -> the float32 value strtof would give (exact, no double rounding)."""
    if text in ("NaN", "Infinity", "-Infinity"):
        return float(text.replace("Infinity", "inf"))
    exact = Fraction(text)
    guess = np.float32(float(exact))
    with np.errstate(over="ignore"):  # the neighbours of the largest float32 are infinite
        candidates = [
            np.nextafter(guess, np.float32(-np.inf)),
            guess,
            np.nextafter(guess, np.float32(np.inf)),
        ]
    finite = [c for c in candidates if np.isfinite(c)]
    best = min(
        finite,
        key=lambda c: (abs(Fraction(float(c)) - exact), _f32_bits(float(c)) & 1),
    )
    value = float(best)
    return -0.0 if value == 0 and text.startswith("-") else value


def same_float(a: float, b: float) -> bool:
    """Bit-for-bit equality, any NaN equal to any NaN."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return struct.pack("<d", a) == struct.pack("<d", b)
