"""What any schema document must be before its parts are looked at: not nested deeper
than a schema ever is, and made of text PostgreSQL can store.

The document comes from a schema source (JSON, or a plugin's format) or a template, so
these checks do not rely on the source: a JSON file nested 1,000 levels deep, a lone
surrogate (``"\\ud800"``, which no UTF-8 text can hold) or a NUL in a name or a value is
reported with its JSON path before anything recurses into the document or encodes it.
The walk itself is iterative.
"""

from __future__ import annotations

import math
from typing import Any

from pgmock.errors import one_line
from pgmock.schema.limits import MAX_DEPTH
from pgmock.schema.problems import Problems

__all__ = ["check_document"]


def check_document(problems: Problems, raw: Any) -> bool:
    """Report what no part of a schema may hold; False when something was reported (the
    other checks would then trip over it, so they do not run)."""
    before = len(problems.found)
    stack: list[tuple[Any, tuple[str, ...]]] = [(raw, ())]
    while stack:
        value, path = stack.pop()
        if isinstance(value, dict | list):
            if len(path) >= MAX_DEPTH:
                problems.add(
                    _joined(path),
                    f"nested more than {MAX_DEPTH} levels deep; no schema needs that many",
                )
                continue
            items = value.items() if isinstance(value, dict) else enumerate(value)
            children = []
            for key, item in items:
                if isinstance(key, str):
                    _check_text(problems, (*path, key), key, "name")
                children.append((item, (*path, str(key))))
            stack.extend(reversed(children))
        elif isinstance(value, str):
            _check_text(problems, path, value, "value")
        elif isinstance(value, float) and not math.isfinite(value):
            problems.add(
                _joined(path), "not a finite number (NaN, or a number like 1e999 that overflows)"
            )
    return len(problems.found) == before


def _check_text(problems: Problems, path: tuple[str, ...], text: str, what: str) -> None:
    if text.isprintable():  # the fast path: both characters below are unprintable
        return
    surrogate = next((ch for ch in text if "\ud800" <= ch <= "\udfff"), None)
    if surrogate is not None:
        problems.add(
            _joined(path),
            f"the {what} holds a lone surrogate (\\u{ord(surrogate):04x}), which is not a "
            "character: no UTF-8 text can hold it (a \\u escape of half a pair?)",
        )
    if "\x00" in text:
        problems.add(
            _joined(path), f"the {what} holds a NUL character (\\u0000); PostgreSQL text cannot"
        )


def _joined(path: tuple[str, ...]) -> str:
    """The JSON path, escaped: a key holding what this check refuses stays printable."""
    return one_line(".".join(path))
