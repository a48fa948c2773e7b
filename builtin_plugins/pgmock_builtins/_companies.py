"""Company names with the web domain each one would have, per locale (built once).

The names are Faker's (``Hoffmann Weber GmbH``, ``Adam Blot S.A.R.L.``, ``三浦ガス株式会社``);
the domain is derived from the name: legal form and connectors dropped, the rest as
lower-case ASCII words joined by hyphens, plus the locale's usual TLD
(``hoffmann-weber.de``, ``adam-blot.fr``, ``miura-gas.co.jp``). A row of the company group
picks one catalogue entry, so its company name, domain, URL and work e-mails agree.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from pgmock_builtins import _pools
from pgmock_builtins._groups import alias_draw
from pgmock_builtins._vec import ascii_slug, object_array
from pgmock_sdk.lazy import np

if TYPE_CHECKING:
    from numpy.typing import NDArray

# The TLD companies of the locale usually have; other locales use the first country-code
# TLD Faker lists for them, else .com.
_TLD = {"en_US": "com", "de_DE": "de", "fr_FR": "fr", "ja_JP": "co.jp", "pt_BR": "com.br"}
_GENERIC = frozenset({"com", "net", "org", "biz", "info", "edu", "gov", "name", "io"})

# Words joining names in Faker's company formats (Smith, Jones and Brown; Blot et Fils).
_CONNECTORS = frozenset({"and", "und", "et", "e", "y", "i", "en", "och", "og", "&"})
_SPLIT = re.compile(r"\s*,\s*|\s+-\s+|-|\s+")

# ja_JP: Faker's company categories (the family names have romaji pairs).
_JA_CATEGORIES = {
    "水産": "suisan", "農林": "norin", "鉱業": "kogyo", "建設": "kensetsu", "食品": "shokuhin",
    "印刷": "insatsu", "電気": "denki", "ガス": "gas", "情報": "joho", "通信": "tsushin",
    "運輸": "unyu", "銀行": "ginko", "保険": "hoken",
}  # fmt: skip


@dataclass(frozen=True)
class Companies:
    """Aligned arrays: company name, its domain's name part (``hoffmann-weber``), the
    whole domain (``hoffmann-weber.de``); ``tld`` is the same for all."""

    names: NDArray[np.object_]
    labels: NDArray[np.object_]
    domains: NDArray[np.object_]
    tld: str

    def __len__(self) -> int:
        return len(self.names)


def tld(locale: str) -> str:
    loc = _pools.normalize_locale(locale)
    if loc in _TLD:
        return _TLD[loc]
    tlds = _pools.provider_attr("internet", loc, "tlds") or ()
    territory = loc.split("_")[-1].lower()
    if territory in tlds:  # it_IT → .it rather than the .eu Faker also lists
        return territory
    national = [t for t in tlds if t.split(".")[-1] not in _GENERIC]
    return national[0] if national else "com"


def _suffixes(locale: str) -> list[str]:
    found = _pools.provider_attr("company", locale, "company_suffixes") or ()
    # Longest first, so "GmbH & Co. KG" goes before "KG".
    return sorted({s.strip() for s in found if s.strip()}, key=len, reverse=True)


def _label(name: str, suffixes: list[str]) -> str:
    """``Hoffmann Weber GmbH`` → ``hoffmann-weber``; '' when nothing Latin is left."""
    core = name.strip()
    for suffix in suffixes:  # one legal form at most, at the end
        if core.endswith(suffix) and core != suffix:
            core = core[: -len(suffix)].rstrip(" ,-")
            break
    parts = [p for p in _SPLIT.split(core) if p and p.lower() not in _CONNECTORS]
    # Particles stay with the name they belong to: van der Dussen → vanderdussen.
    words: list[str] = []
    glue = ""
    for part in parts:
        slug = ascii_slug(part)
        if part[:1].islower() and part.lower() not in _CONNECTORS:
            glue += slug
            continue
        if slug or glue:
            words.append(glue + slug)
        glue = ""
    if glue:
        words.append(glue)
    return "-".join(w for w in words[:2] if w)


# Faker's company formats are filled from these; a locale whose formats use anything else
# gets its names drawn from Faker itself (and the domains parsed back out of them).
_TOKENS = frozenset({"last_name", "company_suffix", "company_prefix", "company_category"})
_TOKEN = re.compile(r"\{\{(\w+)\}\}")
_DRAWS = 4000
_SEED = 20240101


def _composed(loc: str) -> dict[str, str] | None:
    """name -> domain label, filling Faker's company formats the way Faker does (format,
    legal form and category uniform, family names by frequency) with a fixed seed; the
    label comes from the parts themselves (their ASCII or romaji forms). Once per locale."""
    provider = _pools.provider_class("company", loc, "formats")
    formats = list(provider.formats)
    parsed = [_TOKEN.split(f) for f in formats]  # text, token, text, token, …
    if any(set(p[1::2]) - _TOKENS for p in parsed):
        return None
    people = _pools.people(loc)
    choices = {
        "company_suffix": tuple(getattr(provider, "company_suffixes", ()) or ("",)),
        "company_prefix": tuple(getattr(provider, "company_prefixes", ()) or ("",)),
        "company_category": tuple(getattr(provider, "company_categories", ()) or ("",)),
    }
    rng = np.random.default_rng(_SEED)
    fmt = rng.integers(0, len(formats), _DRAWS).tolist()
    picks = rng.integers(0, 1 << 62, (_DRAWS, 8)).tolist()
    bits = rng.integers(0, np.iinfo(np.uint64).max, _DRAWS * 4, np.uint64, endpoint=True)
    last = alias_draw(people.last_female, bits)
    last_ids = last.reshape(_DRAWS, 4).tolist()
    out: dict[str, str] = {}
    for i in range(_DRAWS):  # pool building, once per locale
        parts, words = [], []
        surnames = iter(last_ids[i])
        for j, piece in enumerate(parsed[fmt[i]]):
            if j % 2 == 0:
                parts.append(piece)
            elif piece == "last_name":
                k = next(surnames)
                parts.append(str(people.last[k]))
                words.append(str(people.last_ascii[k]))
            else:
                value = choices[piece][picks[i][j] % len(choices[piece])]
                parts.append(value)
                if piece == "company_category":
                    words.append(_JA_CATEGORIES.get(value, ascii_slug(value)))
        name = "".join(parts).strip()
        out.setdefault(name, "-".join(w for w in words[:2] if w))
    return out


@lru_cache(maxsize=32)
def companies(locale: str) -> Companies:
    """The locale's company catalogue (sorted by name)."""
    loc = _pools.normalize_locale(locale)
    composed = _composed(loc)
    if composed is not None:
        names = sorted(composed)
        labels = [composed[n] for n in names]
    else:
        names = list(_pools.drawn(loc, "company"))
        suffixes = _suffixes(loc)
        labels = [_label(n, suffixes) for n in names]  # once per catalogue entry
    if not all(labels):
        # Names with nothing Latin to spell (Cyrillic, Greek …) get one of the locale's
        # domain words, chosen by a hash of the name: the same company keeps its domain.
        spare = _pools.drawn(loc, "domain_word", 1500)
        slugs = sorted({s for s in map(ascii_slug, spare) if len(s) >= 2}) or ["example"]
        labels = [
            label or slugs[zlib.crc32(n.encode("utf-8")) % len(slugs)]
            for n, label in zip(names, labels)
        ]
    top = tld(loc)
    domains = [f"{label}.{top}" for label in labels]
    return Companies(object_array(names), object_array(labels), object_array(domains), top)
