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
import zlib
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from pgmock_builtins._vec import AliasTable, Pool, ascii_slug, object_array
from pgmock_sdk.lazy import np

if TYPE_CHECKING:
    from faker import Faker
    from numpy.typing import NDArray

FALLBACK_LOCALE = "en_US"
_POOL_SEED = 20240101
_POOL_DRAWS = 4000


# A language's locale when the locale string names no region Faker has ("pt", "es_PE"):
# where the language's own country is not the obvious choice (pt_PT, el_CY sorts first).
_PRIMARY = {"en": "en_US", "pt": "pt_BR", "zh": "zh_CN", "el": "el_GR", "ar": "ar_SA"}


def normalize_locale(locale: str | None) -> str:
    """``en_US.utf8`` → ``en_US``, ``DE_de`` → ``de_DE``; a region Faker lacks or none →
    a locale of the same language (``es_PE`` → ``es_ES``, ``ja`` → ``ja_JP``, ``pt`` →
    ``pt_BR``); a language Faker lacks → en_US."""
    if not locale:
        return FALLBACK_LOCALE
    return _normalized(locale)


@lru_cache(maxsize=256)
def _normalized(locale: str) -> str:
    base = locale.split(".")[0].split("@")[0].replace("-", "_")
    lang, _, region = base.partition("_")
    lang = lang.lower()
    available = _available_locales()
    exact = f"{lang}_{region.upper()}" if region else lang
    if region and exact in available:
        return exact
    # Faker's bare-language locales (de, es, en, th) have few providers of their own: a
    # regional one of the language has the names, places and phones.
    regional = sorted(loc for loc in available if loc.startswith(lang + "_"))
    for candidate in (_PRIMARY.get(lang), f"{lang}_{lang.upper()}"):
        if candidate in regional:
            return candidate
    if regional:
        return regional[0]
    return lang if lang in available else FALLBACK_LOCALE


@lru_cache(maxsize=1)
def _available_locales() -> frozenset[str]:
    from faker.config import AVAILABLE_LOCALES

    return frozenset(AVAILABLE_LOCALES)


def provider_attr(module: str, locale: str, attr: str) -> Any:
    """A Faker provider's class attribute for the locale (falling back to another locale
    of the same language, then en_US, then the provider's base class), or None."""
    try:
        return getattr(provider_class(module, locale, attr), attr)
    except LookupError:
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


@lru_cache(maxsize=256)
def drawn_counts(locale: str, method: str, draws: int = _POOL_DRAWS) -> tuple[tuple[str, int], ...]:
    """Like :func:`drawn`, with how often each value came up (Faker's weighting)."""
    fake = _faker(locale)
    fake.seed_instance(_POOL_SEED)
    fn = getattr(fake, method)
    counts: dict[str, int] = {}
    for _ in range(draws):  # one-time pool building
        value = str(fn())
        counts[value] = counts.get(value, 0) + 1
    return tuple(sorted(counts.items()))


@lru_cache(maxsize=64)
def pool(locale: str, method: str) -> Pool:
    return Pool.of(drawn(normalize_locale(locale), method))


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


# --------------------------------------------------------------------------- person group


@dataclass(frozen=True)
class PersonNames:
    """A locale's names for the person group, with their e-mail-ready ASCII forms aligned.

    ``first`` holds the female names, then the male ones (``n_female`` of the former), so a
    row's name index also tells its gender; ``female``/``male`` draw indices into each half
    with the names' weights. Last names are split the same way where the locale has gendered
    family names (``Novák``/``Nováková``), else both halves are the whole list.
    """

    first: NDArray[np.object_]
    first_ascii: NDArray[np.object_]
    n_female: int
    female: AliasTable
    male: AliasTable
    last: NDArray[np.object_]
    last_ascii: NDArray[np.object_]
    n_last_female: int
    last_female: AliasTable
    last_male: AliasTable
    gendered: bool

    @property
    def first_lengths(self) -> NDArray[np.int64]:
        return np.fromiter(map(len, self.first_ascii.tolist()), np.int64, len(self.first_ascii))

    @property
    def last_lengths(self) -> NDArray[np.int64]:
        return np.fromiter(map(len, self.last_ascii.tolist()), np.int64, len(self.last_ascii))


def provider_class(module: str, locale: str, attr: str) -> Any:
    """The Faker provider class that supplies ``attr`` for the locale (same fallback order
    as :func:`provider_attr`)."""
    for loc in (locale, *_same_language(module, locale), FALLBACK_LOCALE, None):
        name = f"faker.providers.{module}" + (f".{loc}" if loc else "")
        try:
            provider = importlib.import_module(name).Provider
        except (ImportError, AttributeError):
            continue
        if getattr(provider, attr, None):
            return provider
    raise LookupError(f"no Faker provider has {module}.{attr}")


def _names_of(data: Any) -> tuple[list[str], list[str], list[float]]:
    """(names, ASCII forms, weights) of a Faker list: names, name -> weight, or (kanji,
    kana, romaji) pairs (ja_JP), whose romaji become the ASCII form."""
    items = list(data.items()) if hasattr(data, "items") else [(k, 1.0) for k in data]
    names, romaji, weights = [], [], []
    for key, w in items:  # once per vocabulary entry
        if isinstance(key, tuple):
            names.append(str(key[0]))
            romaji.append(ascii_slug(str(key[-1])))
        else:
            names.append(str(key))
            romaji.append(ascii_slug(str(key)))
        weights.append(float(w))
    return names, romaji, weights


def _with_ascii_fallback(names: list[str], slugs: list[str], part: str) -> list[str]:
    """Names with no Latin letters (Cyrillic, Han without romaji) get an English name's
    ASCII form, picked by a hash of the name: always the same one for the same name."""
    if all(slugs):
        return slugs
    spare = ascii_names(FALLBACK_LOCALE, part).values
    return [
        s or str(spare[zlib.crc32(n.encode("utf-8")) % len(spare)]) for n, s in zip(names, slugs)
    ]


def _halves(
    provider: Any, female_attr: str, male_attr: str, both_attr: str, part: str
) -> tuple[list[str], list[str], int, AliasTable, AliasTable, bool]:
    female_data = getattr(provider, female_attr, None)
    male_data = getattr(provider, male_attr, None)
    if female_data and male_data:
        fn, fa, fw = _names_of(female_data)
        mn, ma, mw = _names_of(male_data)
        names, slugs = fn + mn, _with_ascii_fallback(fn + mn, fa + ma, part)
        f_table = AliasTable.from_weights(np.asarray(fw, dtype=np.float64))
        m_table = AliasTable.from_weights(np.asarray(mw, dtype=np.float64))
        return names, slugs, len(fn), f_table, m_table, True
    an, aa, aw = _names_of(getattr(provider, both_attr))
    table = AliasTable.from_weights(np.asarray(aw, dtype=np.float64))
    return an, _with_ascii_fallback(an, aa, part), 0, table, table, False


@lru_cache(maxsize=32)
def people(locale: str) -> PersonNames:
    """The person group's names for a locale (gendered where Faker has both lists)."""
    loc = normalize_locale(locale)
    provider = provider_class("person", loc, "first_names")
    if loc == "ja_JP" and getattr(provider, "first_name_female_pairs", None):
        first = _halves(
            provider, "first_name_female_pairs", "first_name_male_pairs", "first_names", "first"
        )
        last = _halves(provider, "", "", "last_name_pairs", "last")
    else:
        first = _halves(provider, "first_names_female", "first_names_male", "first_names", "first")
        last_provider = provider_class("person", loc, "last_names")
        last = _halves(last_provider, "last_names_female", "last_names_male", "last_names", "last")
    return PersonNames(
        first=object_array(first[0]),
        first_ascii=object_array(first[1]),
        n_female=first[2],
        female=first[3],
        male=first[4],
        last=object_array(last[0]),
        last_ascii=object_array(last[1]),
        n_last_female=last[2],
        last_female=last[3],
        last_male=last[4],
        gendered=first[5],
    )
