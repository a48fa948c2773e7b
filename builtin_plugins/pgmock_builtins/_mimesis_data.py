"""Vocabularies from mimesis's bundled data sets, read once per locale.

mimesis ships its word lists as JSON files per locale (``<DATADIR>/<locale>/person.json``,
``food.json``, …) plus a few international tuples (blood groups, programming languages).
They are read here directly — no provider method runs at all — merged the way mimesis
merges them (``pt-br`` over its master locale ``pt``), and cached. Generators sample the
resulting :class:`~pgmock_builtins._vec.Pool` with numpy.

mimesis is an optional extra: it is imported lazily, and :func:`require` turns its absence
into the ValueError that ``pgmock validate`` reports as a schema problem.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

MISSING = "unavailable: pip install 'pgmockdb[mimesis]'"
FALLBACK = "en"


def installed() -> bool:
    """Whether mimesis can be imported, without importing it."""
    try:
        return importlib.util.find_spec("mimesis") is not None
    except (ImportError, ValueError):  # a broken or half-removed installation
        return False


def require() -> ModuleType:
    """The mimesis package, or ValueError with the install hint.

    Called by every generator constructor before any cached pool is used, so a missing
    extra is reported even when pools were cached earlier in the process.
    """
    try:
        return importlib.import_module("mimesis")
    except ImportError:
        raise ValueError(MISSING) from None


@lru_cache(maxsize=1)
def _codes() -> frozenset[str]:
    from mimesis.enums import Locale

    return frozenset(str(loc.value) for loc in Locale)


def mimesis_locale(locale: str | None) -> str:
    """``pt_BR.utf8`` → ``pt-br``, ``de_DE`` → ``de``, ``en_US`` → ``en``; unknown → ``en``."""
    if not locale:
        return FALLBACK
    base = locale.split(".")[0].split("@")[0].replace("_", "-").lower()
    codes = _codes()
    if base in codes:
        return base
    lang = base.split("-")[0]
    return lang if lang in codes else FALLBACK


def _merge(base: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    """mimesis's own rule: a regional file overrides its master locale key by key."""
    out = dict(base)
    for key, value in other.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


@lru_cache(maxsize=128)
def _dataset(code: str, file: str) -> dict[str, Any]:
    from mimesis.constants import DATADIR

    def read(name: str) -> dict[str, Any]:
        path = Path(DATADIR) / name / f"{file}.json"
        if not path.is_file():
            return {}
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}

    master = code.split("-")[0]
    data = read(master)
    if code != master:
        data = _merge(data, read(code))
    return data


def _flatten(raw: Any, gender: str) -> list[str]:
    """A list, or a ``{"female": [...], "male": [...]}`` mapping (nationalities in de)."""
    if isinstance(raw, dict):
        keys = sorted(raw) if gender == "any" else [gender]
        return [str(v) for k in keys for v in raw.get(k, ())]
    if isinstance(raw, (list, tuple)):
        return [str(v) for v in raw]
    return []


def _clean(values: list[str]) -> tuple[str, ...]:
    """Sorted, stripped (some entries carry stray blanks: "Technische Universität
    Kaiserslautern "), and distinct ignoring case: en dishes list both "Macaroni and
    Cheese" and "Macaroni and cheese", which a unique column would give as two values
    (and a unique citext column could not hold). The first spelling in sort order stays."""
    seen: dict[str, str] = {}
    for v in sorted({v.strip() for v in values if v and v.strip()}):  # once per entry
        seen.setdefault(v.casefold(), v)
    return tuple(seen.values())


@lru_cache(maxsize=256)
def words(locale: str | None, file: str, key: str, gender: str = "any") -> tuple[str, ...]:
    """Distinct, sorted entries of ``<file>.json[key]`` for the locale; en when the
    locale's data has none or a single placeholder (es nationality is ``["Test"]``)."""
    code = mimesis_locale(locale)
    values = _clean(_flatten(_dataset(code, file).get(key), gender))
    if len(values) < 2 and code != FALLBACK:
        return words(FALLBACK, file, key, gender)
    if not values:
        raise ValueError(f"mimesis has no {file}.{key} data")
    return values


@lru_cache(maxsize=16)
def international(name: str) -> tuple[str, ...]:
    """A locale-independent tuple of mimesis (``BLOOD_GROUPS``, ``PROGRAMMING_LANGS``)."""
    for module in ("mimesis.datasets", "mimesis.data"):  # renamed across mimesis versions
        try:
            values = getattr(importlib.import_module(module), name, None)
        except ImportError:
            continue
        if values:
            return _clean([str(v) for v in values])
    raise ValueError(f"mimesis has no {name} data")
