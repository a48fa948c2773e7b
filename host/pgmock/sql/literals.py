"""PostgreSQL's input rules for the literals pgmock reads from a schema (boolean and
integer text), so a value is accepted exactly when the server would accept it."""

from __future__ import annotations

import re

__all__ = ["BOOL_SPELLINGS", "parse_bool", "parse_int"]

#: What boolin accepts, case-insensitively and around blanks: unique prefixes of
#: true/false/yes/no, on/off (at least two letters for those), 1 and 0.
BOOL_SPELLINGS = "true, false, t, f, yes, no, y, n, on, off, 1, 0 (and prefixes: tr, fal …)"

_TRUE = ("true", "yes", "on")
_FALSE = ("false", "no", "off")


def parse_bool(text: str) -> bool:
    """``text`` as PostgreSQL's boolean input reads it (ValueError if it does not)."""
    word = text.strip().lower()
    if word == "1":
        return True
    if word == "0":
        return False
    # "o" alone is ambiguous (on/off): parse_bool_with_len asks for two letters there
    if word and not (word == "o" or not word.isalpha()):
        if any(full.startswith(word) for full in _TRUE):
            return True
        if any(full.startswith(word) for full in _FALSE):
            return False
    raise ValueError(f"invalid input syntax for type boolean: {text!r}")


_INT = re.compile(r"\s*[+-]?\d+\s*")


def parse_int(text: str) -> int:
    """``text`` as PostgreSQL's integer input reads it (decimal digits, a sign, blanks
    around; ValueError otherwise). Range checks are the caller's (the column's type)."""
    if not _INT.fullmatch(text):
        raise ValueError(f"invalid input syntax for type integer: {text!r}")
    return int(text)
