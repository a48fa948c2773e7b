"""Words for random text in the column's locale, and how the locale writes them.

Faker's lorem word lists cover many languages but not all: Portuguese has none, so pt_BR
text used to be English. Languages listed in ``_BUNDLED`` use a word list shipped with
pgmock (``corpora/words_<lang>.txt``) when Faker has none for them; every other locale
gets Faker's list of its language (English where Faker has none). Japanese, Chinese and
Thai are written without spaces between words, and Japanese ends its sentences with
'。': :func:`word_connector` and :func:`sentence_punctuation` read what Faker declares for
the word list's language; :func:`written` applies them to texts built the English way.
"""

from __future__ import annotations

import pkgutil
from functools import lru_cache
from typing import cast

from pgmock_builtins import _pools
from pgmock_builtins._data import read_text
from pgmock_builtins._vec import Vocabulary
from pgmock_sdk.lazy import np

# language -> bundled word list, used only while Faker has no lorem list of the language
_BUNDLED = {"pt": "words_pt.txt"}


@lru_cache(maxsize=1)
def _faker_lorem_locales() -> frozenset[str]:
    import faker.providers.lorem as lorem

    return frozenset(m.name for m in pkgutil.iter_modules(lorem.__path__))


def _faker_has_language(lang: str) -> bool:
    return any(n == lang or n.startswith(lang + "_") for n in _faker_lorem_locales())


@lru_cache(maxsize=8)
def bundled_words(file: str) -> tuple[str, ...]:
    """A bundled word list: one word per line, ``#`` lines are comments."""
    text = read_text("corpora", file)
    lines = (line.strip() for line in text.splitlines())  # once per file, not per row
    return tuple(line for line in lines if line and not line.startswith("#"))


@lru_cache(maxsize=32)
def vocabulary(locale: str) -> Vocabulary:
    """Words for free text in the locale (the locale resolved as the faker plugin does)."""
    loc = _pools.normalize_locale(locale)
    lang = loc.split("_")[0]
    file = _BUNDLED.get(lang)
    if file is not None and not _faker_has_language(lang):
        return Vocabulary.of(bundled_words(file))
    words = _pools.provider_attr("lorem", loc, "word_list")
    return Vocabulary.of(words or _pools.provider_attr("lorem", "la", "word_list"))


def _lorem_attr(locale: str, attr: str, default: str) -> str:
    """An attribute of the Faker lorem provider whose words the locale uses."""
    loc = _pools.normalize_locale(locale)
    if _BUNDLED.get(loc.split("_")[0]) and not _faker_has_language(loc.split("_")[0]):
        return default  # a bundled list: written with spaces and full stops
    try:
        provider = _pools.provider_class("lorem", loc, "word_list")
    except LookupError:
        return default
    value = getattr(provider, attr, default)
    return value if isinstance(value, str) else default


@lru_cache(maxsize=32)
def word_connector(locale: str) -> str:
    """What separates words in the locale's text: Faker's ``word_connector``."""
    return _lorem_attr(locale, "word_connector", " ")


@lru_cache(maxsize=32)
def sentence_punctuation(locale: str) -> str:
    """What ends a sentence in the locale's text: Faker's ``sentence_punctuation``."""
    return _lorem_attr(locale, "sentence_punctuation", ".")


def written(values: list[str], locale: str) -> list[str]:
    """Texts built with ' ' between words and '.' after sentences (:func:`words_text`),
    rewritten with the locale's connector and punctuation: '東京 大阪.' → '東京大阪。'.
    Neither is longer than one character, so a text never grows. No word of a list that
    needs this contains ' ' or '.'."""
    connector = word_connector(locale)
    stop = sentence_punctuation(locale)
    if (connector == " " and stop == ".") or not values:
        return values
    arr = np.array(values, dtype=np.dtypes.StringDType())
    if connector != " ":
        arr = np.strings.replace(arr, " ", connector)
    if stop != ".":
        arr = np.strings.replace(arr, ".", stop)
        if not stop.strip():  # Thai ends sentences with a space: none at the end
            arr = np.strings.rstrip(arr)
    return cast("list[str]", arr.tolist())
