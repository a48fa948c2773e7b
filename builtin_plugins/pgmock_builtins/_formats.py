"""Faker's number formats as vectorized templates (phone numbers; postcodes of locales
without bundled places).

Faker fills a format such as ``($##)$##-####`` one character at a time (``numerify``:
``#`` 0-9, ``%`` 1-9, ``$`` 2-9, ``!`` a digit or nothing, ``@`` 1-9 or nothing;
``bothify`` also ``?``, a letter) after replacing ``{{area_code}}``-style placeholders
with what a provider method returns. Here a locale's formats are expanded once into a
table of templates: each placeholder replaced by each value its method gives, weighted as
often as Faker draws it. A batch is then filled at once: a template per row (alias
table), and every placeholder cell of the rows × bytes matrix from one uint16 draw.

Which formats: the provider's ``formats`` (``postcode_formats``) when Faker's own values
match them, else another ``*formats`` list of the provider that they match (de_AT phones
use ``landline_formats``). A locale whose values match none of its lists (its method
composes them some other way) gets Faker's values themselves, drawn once with a fixed
seed: valid, but fewer distinct ones.

Faker's formats are not always right, and pgmock corrects them where the numbering plan
is clear: a digit right after a domestic trunk ``0`` (``0#…``, ``(0#…``, ``+49(0)#…``) is
never 0, since ``00`` starts an international number (Faker's de_DE gives ``(00025)
…``); Faker's ja_JP ``##-####-####`` becomes Tokyo's and Osaka's ``03-`` and ``06-``,
Japan's two-digit area codes (domestic numbers start with 0).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from typing import TYPE_CHECKING, Any

from pgmock_builtins import _pools
from pgmock_builtins._vec import AliasTable, split_fixed
from pgmock_sdk.lazy import np

if TYPE_CHECKING:
    from numpy.typing import NDArray

# placeholder byte -> kind; per kind: (first byte, span, how many of the span are values:
# the rest leave the cell empty, as Faker's '!' and '@' leave half of theirs)
_KIND = {ord("#"): 1, ord("%"): 2, ord("$"): 3, ord("!"): 4, ord("@"): 5, ord("?"): 6}
_FILL = {
    1: (48, 10, 10),  # '#' 0-9
    2: (49, 9, 9),  # '%' 1-9
    3: (50, 8, 8),  # '$' 2-9
    4: (48, 20, 10),  # '!' 0-9 or nothing
    5: (49, 18, 9),  # '@' 1-9 or nothing
    6: (65, 26, 26),  # '?' A-Z
}
# Divisible by 10, 9, 8, 20, 18 and 26: ``u % span`` of a uniform draw below it is
# exactly uniform for every kind.
_DRAW = 9360
_REGEX = {"#": "[0-9]", "%": "[1-9]", "$": "[2-9]", "!": "[0-9]?", "@": "[1-9]?"}
_TOKEN = re.compile(r"\{\{\s*(\w+)(:\s*\w+?)?\s*\}\}")
_MAX_TEMPLATES = 50_000


@dataclass(frozen=True)
class Templates:
    """Weighted templates, NUL-padded to one width: ``codes`` their UTF-8 bytes, ``kinds``
    which bytes are placeholders (0: kept as is)."""

    texts: tuple[str, ...]
    weights: NDArray[np.float64]
    codes: NDArray[np.uint8]
    kinds: NDArray[np.uint8]
    table: AliasTable
    active: NDArray[np.int64]  # byte columns that hold a placeholder in some template

    @classmethod
    def of(cls, weighted: Iterable[tuple[str, float]], *, literal: bool = False) -> Templates:
        merged: dict[str, float] = {}
        for text, weight in weighted:  # once per template
            merged[text] = merged.get(text, 0.0) + weight
        if not merged:
            raise ValueError("no templates")
        texts = tuple(merged)
        raw = [t.encode("utf-8") for t in texts]
        width = max(map(len, raw))
        codes = np.zeros((len(raw), width), np.uint8)
        for i, b in enumerate(raw):  # once per template
            codes[i, : len(b)] = np.frombuffer(b, np.uint8)
        lookup = np.zeros(256, np.uint8)
        if not literal:
            for byte, kind in _KIND.items():
                lookup[byte] = kind
        kinds = lookup[codes]
        weights = np.array(list(merged.values()), dtype=np.float64)
        return cls(
            texts,
            weights,
            codes,
            kinds,
            AliasTable.from_weights(weights),
            np.flatnonzero(kinds.any(axis=0)),
        )

    def max_length(self) -> int:
        return max(map(len, self.texts))

    def fitting(self, limit: int) -> Templates | None:
        """Only the templates whose values are at most ``limit`` characters, or None."""
        keep = [i for i, t in enumerate(self.texts) if len(t) <= limit]
        if len(keep) == len(self.texts):
            return self
        if not keep:
            return None
        return Templates.of(
            ((self.texts[i], float(self.weights[i])) for i in keep),
            literal=not self.kinds.any(),
        )

    def fill(self, n: int, rng: np.random.Generator) -> list[str]:
        if n == 0:
            return []
        pick = self.table.draw(n, rng)
        mat = self.codes[pick]
        if self.active.size:
            cols = self.active
            kinds = self.kinds[pick][:, cols]
            sub = mat[:, cols]
            draw = rng.integers(0, _DRAW, sub.shape, dtype=np.uint16)
            for kind, (first, span, values) in _FILL.items():
                cells = kinds == kind
                if cells.any():
                    r = draw[cells] % span
                    digit = (first + r).astype(np.uint8)
                    sub[cells] = digit if values == span else np.where(r < values, digit, 0)
            mat[:, cols] = sub
        return split_fixed(mat)


def _regex(text: str, letters: bool) -> str:
    """A format (placeholders already replaced) as a regular expression."""
    out = []
    for ch in text:  # once per format
        if ch in _REGEX:
            out.append(_REGEX[ch])
        elif ch == "?" and letters:
            out.append("[A-Za-z]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


@dataclass(frozen=True)
class _Spec:
    module: str  # Faker provider module
    primary: str  # the formats attribute the method usually uses
    others: re.Pattern[str]  # other attributes worth trying
    letters: bool  # '?' is a letter (bothify), not kept as is (numerify)
    trunk_zero: bool  # correct '0#' to '0%' (phone numbers)


_SPECS = {
    "phone_number": _Spec("phone_number", "formats", re.compile(r"\w*formats"), False, True),
    "postcode": _Spec(
        "address", "postcode_formats", re.compile(r"\w*(postcode|zip)\w*formats"), True, False
    ),
}
# The domestic trunk prefix and the first digit after it: never 0.
_TRUNK = re.compile(r"^(\+\d{1,3} ?\(0\) ?|\(0|0)#")
# locale -> Faker format -> the formats that replace it (sharing its weight)
_FIXES: dict[str, dict[str, tuple[str, ...]]] = {
    "ja_JP": {"##-####-####": ("03-####-####", "06-####-####")},
}
_SAMPLES = 1000
_PLACEHOLDER_DRAWS = 3000
_MATCHING = 0.95  # share of Faker's values a formats list must match to be the one used


def _weighted_formats(value: Any) -> list[tuple[str, float]] | None:
    """A provider attribute as (format, weight) pairs, or None if it is no formats list."""
    if isinstance(value, str) or not value:
        return None
    try:
        pairs = (
            [(k, float(w)) for k, w in value.items()]
            if hasattr(value, "items")
            else [(f, 1.0) for f in value]
        )
    except (TypeError, ValueError):
        return None
    if not all(isinstance(f, str) and f for f, _ in pairs):
        return None
    return pairs


def _alternatives(
    locale: str, method: str, provider: Any, letters: bool
) -> tuple[tuple[str, float], ...] | None:
    """The values a placeholder's method gives, weighted (None: no such method).

    A provider list the method picks from (``area_codes`` for ``area_code``, or
    ``area_code_formats``) gives its entries, placeholders kept (``010#``), when every
    value Faker draws matches one of them; otherwise the drawn values themselves, as
    often as they came up.
    """
    try:
        drawn = _pools.drawn_counts(locale, method, _PLACEHOLDER_DRAWS)
    except (AttributeError, TypeError):
        return None
    for attr in (f"{method}s", f"{method}_formats"):
        entries = _weighted_formats(getattr(provider, attr, None))
        if entries is None:
            continue
        rx = re.compile("|".join(sorted({_regex(e, letters) for e, _ in entries})))
        if all(rx.fullmatch(value) for value, _ in drawn):
            return tuple(entries)
    return tuple((value, float(count)) for value, count in drawn)


def _expand(
    locale: str, fmt: str, weight: float, provider: Any, letters: bool
) -> list[tuple[str, float]] | None:
    """The format with each placeholder replaced by each of its values, weighted."""
    pieces = _TOKEN.split(fmt)
    # split gives text, name, args, text, name, args, …, text
    texts, names, args = pieces[0::3], pieces[1::3], pieces[2::3]
    if any(args):
        return None  # a method called with arguments: not a plain list of values
    choices: list[tuple[tuple[str, float], ...]] = []
    for name in names:
        alt = _alternatives(locale, name, provider, letters)
        if not alt:
            return None
        choices.append(alt)
    totals = [sum(c for _, c in alt) for alt in choices]
    out = []
    for combo in product(*choices):  # once per template
        text = texts[0]
        share = weight
        for (value, count), tail, total in zip(combo, texts[1:], totals):
            text += value + tail
            share *= count / total
        out.append((text, share))
    return out


def _provider(module: str, locale: str, attr: str) -> Any:
    try:
        return _pools.provider_class(module, locale, attr)
    except LookupError:
        return importlib.import_module(f"faker.providers.{module}").Provider


def _from_formats(locale: str, method: str, spec: _Spec) -> Templates | None:
    provider = _provider(spec.module, locale, spec.primary)
    samples = _pools.drawn_counts(locale, method, _SAMPLES)
    total = sum(c for _, c in samples)
    others = sorted(a for a in dir(provider) if a != spec.primary and spec.others.fullmatch(a))
    attrs = [spec.primary, *others]
    fixes = _FIXES.get(locale, {}) if spec.trunk_zero else {}
    for attr in attrs:  # the first list Faker's values match
        formats = _weighted_formats(getattr(provider, attr, None))
        if formats is None:
            continue
        expanded: list[tuple[str, float]] = []
        for fmt, weight in formats:
            got = _expand(locale, fmt, weight, provider, spec.letters)
            if got is None or len(expanded) + len(got) > _MAX_TEMPLATES:
                break
            expanded += got
        else:
            rx = re.compile("|".join(sorted({_regex(t, spec.letters) for t, _ in expanded})))
            matched = sum(c for value, c in samples if rx.fullmatch(value))
            if matched >= _MATCHING * total:
                return Templates.of(_corrected(expanded, fixes, spec))
    return None


def _corrected(
    expanded: list[tuple[str, float]], fixes: dict[str, tuple[str, ...]], spec: _Spec
) -> list[tuple[str, float]]:
    out = []
    for text, weight in expanded:  # once per template
        for fixed in fixes.get(text, (text,)):
            if spec.trunk_zero:
                fixed = _TRUNK.sub(r"\g<1>%", fixed)
            out.append((fixed, weight / len(fixes.get(text, (text,)))))
    return out


@lru_cache(maxsize=64)
def templates(locale: str, method: str) -> Templates:
    """The templates of ``Faker(locale).<method>()`` (``phone_number``, ``postcode``) for
    a normalized locale."""
    spec = _SPECS[method]
    try:
        found = _from_formats(locale, method, spec)
    except AttributeError:  # Faker's en_PH has mobile and landline numbers, no phone_number
        return templates(_pools.FALLBACK_LOCALE, method)
    if found is not None:
        return found
    samples = _pools.drawn_counts(locale, method)
    return Templates.of(((v, float(c)) for v, c in samples), literal=True)
