"""``-- pgmock:`` hints in SQL comments: ``generator=email unique rows=10000``."""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["parse_hint"]


def parse_hint(text: str) -> dict[str, Any]:
    """``generator=email unique rows=10000 params.max=5`` → a dict of the keys; a bare
    word is ``true``; values are JSON where they parse (numbers, booleans, lists)."""
    out: dict[str, Any] = {}
    for token in re.findall(r"""(?:[^\s"']+|"[^"]*"|'[^']*')+""", text):
        key, eq, value = token.partition("=")
        parsed: Any = True
        if eq:
            raw = value.strip("'") if value.startswith("'") else value
            try:
                parsed = json.loads(raw)
            except ValueError:
                parsed = raw
        out[key] = parsed
    return out
