"""Per-locale vocabularies taken from Faker, built once and cached at module level.

Faker is only a source of word lists here: either a provider's class attribute (first
names with their weights, job titles, e-mail domains) or, for values Faker composes from
templates (cities, street names, companies), a sorted de-duplicated pool drawn once from
a Faker instance with a fixed seed. Generators then sample these pools with numpy; Faker
is never called per row. Pools depend on the Faker version, which the dump header records.

Faker is imported lazily, the first time a pool is needed.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from pgmock_builtins._vec import Pool, Vocabulary, ascii_slug

if TYPE_CHECKING:
    from faker import Faker

FALLBACK_LOCALE = "en_US"
_POOL_SEED = 20240101
_POOL_DRAWS = 4000


def normalize_locale(locale: str | None) -> str:
    """``en_US.utf8`` → ``en_US``; a locale Faker lacks → en_US."""
    if not locale:
        return FALLBACK_LOCALE
    base = locale.split(".")[0].split("@")[0].replace("-", "_")
    return base if base in _available_locales() else FALLBACK_LOCALE


@lru_cache(maxsize=1)
def _available_locales() -> frozenset[str]:
    from faker.config import AVAILABLE_LOCALES

    return frozenset(AVAILABLE_LOCALES)


def provider_attr(module: str, locale: str, attr: str) -> Any:
    """A Faker provider's class attribute for the locale (falling back to another locale
    of the same language, then en_US, then the provider's base class), or None."""
    for loc in (locale, *_same_language(module, locale), FALLBACK_LOCALE, None):
        name = f"faker.providers.{module}" + (f".{loc}" if loc else "")
        try:
            provider = importlib.import_module(name).Provider
        except (ImportError, AttributeError):
            continue
        value = getattr(provider, attr, None)
        if value:
            return value
    return None


@lru_cache(maxsize=256)
def _same_language(module: str, locale: str) -> tuple[str, ...]:
    """Other locales of ``locale``'s language that have this provider (pt_BR → pt_PT)."""
    import pkgutil

    lang = locale.split("_")[0]
    try:
        package = importlib.import_module(f"faker.providers.{module}")
    except ImportError:
        return ()
    names = sorted(m.name for m in pkgutil.iter_modules(package.__path__))
    return tuple(n for n in names if n != locale and (n == lang or n.startswith(lang + "_")))


@lru_cache(maxsize=32)
def _faker(locale: str) -> Faker:
    from faker import Faker

    fake = Faker(locale)
    fake.seed_instance(_POOL_SEED)
    return fake


@lru_cache(maxsize=256)
def drawn(locale: str, method: str, draws: int = _POOL_DRAWS) -> tuple[str, ...]:
    """Distinct values of ``Faker(locale).<method>()`` over a fixed number of seeded draws,
    sorted (one-time pool building, not per row)."""
    fake = _faker(locale)
    fake.seed_instance(_POOL_SEED)
    fn = getattr(fake, method)
    return tuple(sorted({str(fn()) for _ in range(draws)}))


@lru_cache(maxsize=64)
def pool(locale: str, method: str) -> Pool:
    return Pool.of(drawn(normalize_locale(locale), method))


@lru_cache(maxsize=32)
def lorem(locale: str) -> Vocabulary:
    """Words for free text in the locale (Faker's lorem word list)."""
    words = provider_attr("lorem", normalize_locale(locale), "word_list")
    if not words:
        words = provider_attr("lorem", "la", "word_list")
    return Vocabulary.of(words)


@lru_cache(maxsize=32)
def person_names(locale: str, part: str) -> Pool:
    """First or last names (``part``: "first" or "last"), weighted when Faker has weights."""
    loc = normalize_locale(locale)
    data = provider_attr("person", loc, "first_names" if part == "first" else "last_names")
    return Pool.from_mapping_or_seq(data)


@lru_cache(maxsize=32)
def ascii_names(locale: str, part: str) -> Pool:
    """Names as lower-case ASCII (romanized for ja_JP), for e-mails and user names."""
    loc = normalize_locale(locale)
    attr = "first_romanized_names" if part == "first" else "last_romanized_names"
    data = provider_attr("person", loc, attr) if loc == "ja_JP" else None
    if data is None:
        data = provider_attr("person", loc, "first_names" if part == "first" else "last_names")
    items = list(data.items()) if hasattr(data, "items") else [(k, 1.0) for k in data]
    weights: dict[str, float] = {}
    for name, w in items:  # once per vocabulary entry
        slug = ascii_slug(str(name))
        if len(slug) >= 2:
            weights[slug] = weights.get(slug, 0.0) + float(w)
    if len(weights) < 20 and loc != FALLBACK_LOCALE:
        return ascii_names(FALLBACK_LOCALE, part)
    return Pool.of(list(weights), list(weights.values()))
