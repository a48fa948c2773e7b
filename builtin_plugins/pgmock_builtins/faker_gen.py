"""The ``faker`` plugin: realistic people, places, companies and internet values.

Faker is only a source of vocabularies (see :mod:`pgmock_builtins._pools`): names, cities,
domains… are pooled once per locale and sampled with numpy, formats such as phone numbers
and postal codes become digit templates filled from uint8 matrices, and texts are
composed column-wise (``map`` over C functions), so no Faker or Python code runs per row.

Locales: any Faker locale (``column.locale``, e.g. ``de_DE``); en_US where Faker lacks
one. E-mails, user names, URLs and domains are lower-case ASCII in every locale.
Every generator declares ``column_names`` for inference; the patterns do not overlap for
a given type, and none of them overlaps the core plugin's.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections import Counter
from functools import lru_cache
from itertools import repeat
from typing import TYPE_CHECKING, Any, ClassVar, cast

import numpy as np
from pydantic import Field, model_validator

from pgmock_builtins import _pools
from pgmock_builtins._vec import (
    Pool,
    ascii_slug,
    concat,
    int_texts,
    str_lengths,
    suffix_width,
    templates_fill,
    truncate,
    unique_suffixes,
    words_text,
)
from pgmock_builtins.numeric_gen import DecimalGenerator, DecimalParams, IntegerGenerator
from pgmock_builtins.temporal_gen import _Ranged
from pgmock_sdk import ColumnInfo, GenContext, Generator, Params, hookimpl
from pgmock_sdk.pgtypes import TEXT_TYPES

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from pgmock_sdk import Registry

TEXT_KEYS = frozenset(TEXT_TYPES)


def _fit(values: list[str], column: ColumnInfo) -> list[str]:
    """Never longer than varchar(n)/char(n): cut (vectorized) when needed."""
    limit = column.type.length
    return values if limit is None else truncate(values, limit)


def _pick(pool: Pool, n: int, rng: np.random.Generator) -> list[str]:
    return pool.sample(n, rng).tolist()


def _scatter_groups(n: int, groups: NDArray[np.int64], build: Any, count: int) -> list[str]:
    """out[rows of group g] = build(g, rows): one call per group, never per row."""
    out = np.empty(n, dtype=object)
    for g in range(count):
        rows = np.flatnonzero(groups == g)
        if rows.size:
            out[rows] = build(g, rows)
    return out.tolist()


class _PoolGenerator(Generator):
    """Values sampled from a per-locale pool, cut to the column's length limit."""

    pg_types = TEXT_KEYS
    method: ClassVar[str] = ""

    def __init__(self, params: Params, column: ColumnInfo) -> None:
        super().__init__(params, column)
        self.pool = self.make_pool(column.locale)

    def make_pool(self, locale: str) -> Pool:
        return _pools.pool(locale, self.method)

    def domain_size(self) -> int | None:
        return len(self.pool)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        return _fit(_pick(self.pool, n, rng), self.column)


# --------------------------------------------------------------------------- people


class FirstNameGenerator(_PoolGenerator):
    """Given names of the column's locale, weighted by frequency where Faker knows it."""

    name = "first_name"
    column_names = (r"first_?name|given_?name|fname|forename",)

    def make_pool(self, locale: str) -> Pool:
        return _pools.person_names(locale, "first")


class LastNameGenerator(_PoolGenerator):
    """Family names of the column's locale."""

    name = "last_name"
    column_names = (r"last_?name|surname|family_?name|lname",)

    def make_pool(self, locale: str) -> Pool:
        return _pools.person_names(locale, "last")


_FAMILY_FIRST = ("ja_JP", "zh_CN", "zh_TW", "ko_KR", "hu_HU", "vi_VN")


class FullNameGenerator(Generator):
    """First and last name in the locale's order (family name first for ja_JP, …)."""

    name = "full_name"
    pg_types = TEXT_KEYS
    column_names = (
        r"(full_?)?name|display_?name|contact_?name|customer_?name|person_?name"
        r"|author_?name|employee_?name|owner_?name",
    )

    def __init__(self, params: Params, column: ColumnInfo) -> None:
        super().__init__(params, column)
        self.first = _pools.person_names(column.locale, "first")
        self.last = _pools.person_names(column.locale, "last")
        self.family_first = _pools.normalize_locale(column.locale) in _FAMILY_FIRST

    def domain_size(self) -> int:
        return len(self.first) * len(self.last)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        first, last = _pick(self.first, n, rng), _pick(self.last, n, rng)
        parts = (last, " ", first) if self.family_first else (first, " ", last)
        return _fit(concat(*parts), self.column)


# --------------------------------------------------------------------------- internet


def _initials(names: list[str]) -> list[str]:
    return list(map(operator.itemgetter(0), names))


def _local_part(pattern: int, first: list[str], last: list[str], digits: list[str]) -> list[str]:
    """One e-mail/user-name shape for a group of rows."""
    if pattern == 0:
        return concat(first, ".", last)
    if pattern == 1:
        return concat(first, last)
    if pattern == 2:
        return concat(_initials(first), last)
    if pattern == 3:
        return concat(first, "_", last)
    return concat(first, digits)


_LOCAL_PATTERNS = 5
_LOCAL_WEIGHTS = np.cumsum([0.35, 0.15, 0.2, 0.1, 0.2])


@lru_cache(maxsize=1)
def _ascii_table() -> dict[int, str | None]:
    """str.translate table: Latin letters to lower-case ASCII (é → e, ß → ss), digits kept,
    everything else in Latin-1/Latin Extended dropped; other scripts stay untouched (and
    are detected as non-ASCII). Built once."""
    table: dict[int, str | None] = {}
    for code in range(0x250):
        ch = chr(code)
        slug = ascii_slug(ch)
        table[code] = slug if slug else None
    table[0] = "\x00"  # kept: it separates the names of a joined column (see below)
    return table


def _same_row_names(ctx: GenContext, patterns: tuple[str, ...], n: int) -> list[str] | None:
    """ASCII slugs of a name column generated earlier in this row (first_name, …), or None.
    Rows whose name is not Latin come back as ''."""
    for key, values in ctx.rows.items():
        if (
            any(re.fullmatch(p, key.lower()) for p in patterns)
            and isinstance(values, (list, np.ndarray))
            and len(values) == n
        ):
            names = values.tolist() if isinstance(values, np.ndarray) else values
            if not all(map(isinstance, names, repeat(str))):
                return None
            # One translate over the joined column, not one call per name.
            joined = "\x00".join(names).translate(_ascii_table())
            slugs = joined.split("\x00")
            if joined.isascii():
                return slugs
            ok = np.fromiter(map(str.isascii, slugs), dtype=bool, count=n)
            if not ok.all():
                arr = np.array(slugs, dtype=object)
                arr[~ok] = ""
                slugs = arr.tolist()
            return slugs
    return None


class _NameBased(Generator):
    """first/last-name based identifiers (e-mail local parts, user names). When the row
    already has first/last name columns (generated earlier), their names are used, so
    Anna Schmidt gets anna.schmidt@…; otherwise names come from the locale's pools."""

    supports_unique = True

    def __init__(self, params: Params, column: ColumnInfo) -> None:
        super().__init__(params, column)
        self.first = _pools.ascii_names(column.locale, "first")
        self.last = _pools.ascii_names(column.locale, "last")
        self.width = suffix_width(column.row_count)

    def bases(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        first = self.first.sample(n, rng)
        last = self.last.sample(n, rng)
        for pool_values, patterns in (
            (first, FirstNameGenerator.column_names),
            (last, LastNameGenerator.column_names),
        ):
            same = _same_row_names(ctx, patterns, n)
            if same is not None:
                use = np.fromiter(map(bool, same), dtype=bool, count=n)
                pool_values[use] = np.array(same, dtype=object)[use]
        digits = np.array(int_texts(rng.integers(1, 99, n, endpoint=True)), dtype=object)
        pattern = np.searchsorted(_LOCAL_WEIGHTS / _LOCAL_WEIGHTS[-1], rng.random(n), "right")
        return _scatter_groups(
            n,
            pattern,
            lambda g, rows: _local_part(
                g, first[rows].tolist(), last[rows].tolist(), digits[rows].tolist()
            ),
            _LOCAL_PATTERNS,
        )

    def suffixes(self, ctx: GenContext, n: int) -> list[str]:
        return unique_suffixes(ctx, n, self.column.key, self.width)


@lru_cache(maxsize=32)
def _company_domains(locale: str) -> tuple[str, ...]:
    words = _domain_words(locale)
    tlds = _tlds(locale)
    # One-time pool: each domain word gets a TLD picked by its position.
    return tuple(sorted({f"{w}.{tlds[i % len(tlds)]}" for i, w in enumerate(words)}))


_DOMAIN_CHARS = re.compile(r"[^a-z0-9-]+")


@lru_cache(maxsize=32)
def _domain_words(locale: str) -> tuple[str, ...]:
    loc = _pools.normalize_locale(locale)
    words = set()
    for raw in _pools.drawn(loc, "domain_word", 1500):  # pool building, once per locale
        slug = _DOMAIN_CHARS.sub("", _slug_keep_hyphen(raw)).strip("-")
        if len(slug) >= 2:
            words.add(slug)
    if len(words) < 20 and loc != _pools.FALLBACK_LOCALE:
        return _domain_words(_pools.FALLBACK_LOCALE)
    return tuple(sorted(words))


def _slug_keep_hyphen(text: str) -> str:
    return "-".join(ascii_slug(part) for part in text.split("-"))


@lru_cache(maxsize=32)
def _tlds(locale: str) -> tuple[str, ...]:
    tlds = _pools.provider_attr("internet", _pools.normalize_locale(locale), "tlds")
    return tuple(tlds or ("com", "net", "org"))


@lru_cache(maxsize=32)
def _free_mail(locale: str) -> tuple[str, ...]:
    domains = _pools.provider_attr(
        "internet", _pools.normalize_locale(locale), "free_email_domains"
    )
    return tuple(domains or ("gmail.com", "yahoo.com", "hotmail.com"))


class EmailParams(Params):
    domains: list[str] | None = Field(
        None, description="Domains to use instead of the locale's free-mail and company domains."
    )
    free_mail_ratio: float = Field(
        0.6, ge=0.0, le=1.0, description="Share of free-mail domains (gmail.com, …)."
    )


class EmailGenerator(_NameBased):
    """Valid lower-case ASCII e-mails from names (``anna.schmidt@gmx.de``); unique by an
    index-derived suffix before the ``@`` (``anna.schmidt4821@…``)."""

    name = "email"
    pg_types = TEXT_KEYS
    Params = EmailParams
    column_names = (r"(\w+_)?e?mail(_?address)?",)

    def __init__(self, params: EmailParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        if params.domains:
            free: tuple[str, ...] = tuple(d.lower() for d in params.domains)
            company: tuple[str, ...] = ()
        else:
            free, company = _free_mail(column.locale), _company_domains(column.locale)
        limit = column.type.length
        room = 0 if not column.unique else self.width
        if limit is not None:
            # the domain plus '@' plus the suffix must leave one character of name
            fits = [d for d in free + company if len(d) + 2 + room <= limit]
            if not fits:
                raise ValueError(f"{column.path}: {column.type} is too short for e-mail addresses")
            free = tuple(d for d in free if d in fits)
            company = tuple(d for d in company if d in fits)
        self.free = Pool.of(free) if free else None
        self.company = Pool.of(company) if company else None
        self.limit = limit

    def domains(self, n: int, rng: np.random.Generator) -> list[str]:
        p = cast(EmailParams, self.params)
        if self.free is None or self.company is None:
            pool = self.free or self.company
            assert pool is not None
            return _pick(pool, n, rng)
        use_free = rng.random(n) < p.free_mail_ratio
        out = np.where(use_free, self.free.sample(n, rng), self.company.sample(n, rng))
        return out.tolist()

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        local = self.bases(n, rng, ctx)
        domains = self.domains(n, rng)
        suffix = self.suffixes(ctx, n) if self.column.unique else None
        if self.limit is not None and n:
            room = self.limit - 1 - str_lengths(domains)
            if suffix is not None:
                room -= str_lengths(suffix)
            if int((str_lengths(local) - room).max()) > 0:
                arr = np.array(local, dtype=np.dtypes.StringDType())
                cut = np.strings.rstrip(np.strings.slice(arr, 0, room), "._")
                local = cut.tolist()
        if suffix is None:
            return concat(local, "@", domains)
        return concat(local, suffix, "@", domains)


class UsernameGenerator(_NameBased):
    """Lower-case ASCII user names from names (``jsmith``, ``anna_k``, ``maria84``);
    unique by an index-derived suffix."""

    name = "username"
    pg_types = TEXT_KEYS
    column_names = (r"user_?name|login|handle|screen_?name|nick_?name|nick",)

    def __init__(self, params: Params, column: ColumnInfo) -> None:
        super().__init__(params, column)
        limit = column.type.length
        if column.unique and limit is not None and limit < self.width:
            raise ValueError(f"{column.path}: {column.type} is too short for unique names")
        self.limit = limit

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        base = self.bases(n, rng, ctx)
        if not self.column.unique:
            return _fit(base, self.column)
        room = None if self.limit is None else self.limit - self.width
        if room is not None:
            base = truncate(base, room) if room > 0 else [""] * n
        return concat(base, self.suffixes(ctx, n))


class DomainGenerator(Generator):
    """Domain names (``hoffmann-weber.de``); unique by an index-derived suffix."""

    name = "domain"
    pg_types = TEXT_KEYS
    supports_unique = True
    column_names = (r"(\w+_)?domain(_?name)?|host_?name|host",)

    def __init__(self, params: Params, column: ColumnInfo) -> None:
        super().__init__(params, column)
        self.words = Pool.of(_domain_words(column.locale))
        self.tlds = Pool.of(_tlds(column.locale))
        self.width = suffix_width(column.row_count)

    def names(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        word = _pick(self.words, n, rng)
        if self.column.unique:
            word = concat(word, unique_suffixes(ctx, n, self.column.key, self.width))
        return concat(word, ".", _pick(self.tlds, n, rng))

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        return self._limit(self.names(n, rng, ctx))

    def _limit(self, values: list[str]) -> list[str]:
        limit = self.column.type.length
        if limit is not None and values and int(str_lengths(values).max()) > limit:
            if self.column.unique:
                raise ValueError(
                    f"{self.column.path}: {self.column.type} is too short for these values"
                )
            return truncate(values, limit)
        return values


class UrlGenerator(DomainGenerator):
    """Web site URLs (``https://www.hoffmann-weber.de/``), some with a path."""

    name = "url"
    column_names = (r"(\w+_)?url|website|homepage|web_?site|(\w+_)?link",)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        host = self.names(n, rng, ctx)
        www = np.where(rng.random(n) < 0.5, "https://www.", "https://").astype(object)
        vocab = _pools.lorem("en_US")
        words = vocab.words[rng.integers(0, len(vocab), n)].tolist()
        path = np.where(rng.random(n) < 0.3, concat("/", words), "/").astype(object)
        return self._limit(concat(www.tolist(), host, path.tolist()))


# --------------------------------------------------------------------------- places


def _shape(sample: str, keep_digits: int) -> tuple[str, str]:
    """('+49 (0', '###) #####'): the first ``keep_digits`` digits stay as the prefix, the
    other digits become ``#`` and letters ``?``."""
    cut = len(sample)
    digits = [i for i, ch in enumerate(sample) if ch.isdigit()]  # once per pool sample
    if len(digits) > keep_digits:
        cut = digits[keep_digits]
    head, tail = sample[:cut], sample[cut:]
    tail = re.sub(r"[0-9]", "#", tail)
    tail = re.sub(r"[A-Z]", "?", tail)
    return head, tail


@lru_cache(maxsize=64)
def _shapes(locale: str, method: str, keep_digits: int) -> tuple[tuple[str, str], ...]:
    """Prefix/template pairs from seeded Faker samples (built once per locale)."""
    samples = _pools.drawn(_pools.normalize_locale(locale), method, 800)
    return tuple(_shape(s, keep_digits) for s in samples)


class _TemplateGenerator(Generator):
    """Values following the locale's formats: a kept prefix plus random digits."""

    pg_types = TEXT_KEYS
    method: ClassVar[str] = ""
    keep_digits: ClassVar[int] = 0

    def __init__(self, params: Params, column: ColumnInfo) -> None:
        super().__init__(params, column)
        pairs = list(_shapes(column.locale, self.method, self.keep_digits))
        limit = column.type.length
        if limit is not None:
            pairs = [p for p in pairs if len(p[0]) + len(p[1]) <= limit]
            if not pairs:
                raise ValueError(f"{column.path}: {column.type} is too short for these values")
        self.templates = sorted({t for _, t in pairs})
        index = {t: i for i, t in enumerate(self.templates)}
        self.prefix = np.array([h for h, _ in pairs], dtype=object)
        self.shape = np.array([index[t] for _, t in pairs], dtype=np.int64)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        pick = rng.integers(0, len(self.prefix), n)
        shapes = self.shape[pick]
        body = _scatter_groups(
            n,
            shapes,
            lambda g, rows: templates_fill([self.templates[g]], rows.size, rng),
            len(self.templates),
        )
        return concat(self.prefix[pick].tolist(), body)


class PhoneGenerator(_TemplateGenerator):
    """Phone numbers in the locale's formats (``(555)123-4567``, ``+49(0)30 1234567``)."""

    name = "phone"
    method = "phone_number"
    keep_digits = 3
    column_names = (
        r"(\w+_)?phone(_?number|_?no)?|(\w+_)?mobile(_?number|_?phone)?|cell(_?phone)?"
        r"|(\w+_)?tel(ephone)?(_?number|_?no)?|fax(_?number)?",
    )


class PostalCodeGenerator(_TemplateGenerator):
    """Postal codes in the locale's formats (``94107``, ``100-0001``, ``01310-200``)."""

    name = "postal_code"
    method = "postcode"
    column_names = (r"(\w+_)?(postal_?code|post_?code|zip(_?code)?|zipcode|plz)",)


_JA_NUMBERS = ("%丁目%-%", "%丁目%#-%", "%丁目%-%#")


@lru_cache(maxsize=32)
def _street_layout(locale: str) -> tuple[bool, str]:
    """(number first?, separator) from the locale's most common street address format."""
    formats = _pools.provider_attr("address", locale, "street_address_formats") or ()
    simple = [
        f
        for f in formats
        if set(re.findall(r"\{\{(\w+)\}\}", f)) == {"building_number", "street_name"}
    ]
    if not simple:
        return True, " "
    fmt = Counter(simple).most_common(1)[0][0]
    m = re.fullmatch(r"\{\{(\w+)\}\}(.*?)\{\{(\w+)\}\}", fmt)
    if not m:
        return True, " "
    return m.group(1) == "building_number", m.group(2)


@lru_cache(maxsize=32)
def _building_numbers(locale: str) -> tuple[str, ...]:
    formats = _pools.provider_attr("address", locale, "building_number_formats") or ("###",)
    # No leading zero: the first '#' of a format becomes '%' (a non-zero digit).
    clean = {
        f.replace("#", "%", 1) if f.startswith("#") else f
        for f in formats
        if re.fullmatch(r"[#%0-9/ -]+", f)
    }
    return tuple(sorted(clean)) or ("%##",)


class StreetAddressGenerator(Generator):
    """Street and building number in the locale's order (``742 Evergreen Terrace``,
    ``Hauptstraße 12``, ``12, rue de la Paix``)."""

    name = "street_address"
    pg_types = TEXT_KEYS
    column_names = (
        r"(street_)?address(_?line_?1|1)?|street(_?address|_?name)?|addr(ess)?_?1",
        r"(billing|shipping|home|mailing|postal|delivery)_(street|address)(_?line_?1)?",
    )

    def __init__(self, params: Params, column: ColumnInfo) -> None:
        super().__init__(params, column)
        locale = _pools.normalize_locale(column.locale)
        if locale == "ja_JP":
            self.streets = _pools.pool(locale, "town")
            self.numbers: tuple[str, ...] = _JA_NUMBERS
            self.number_first, self.sep = False, ""
        else:
            self.streets = _pools.pool(locale, "street_name")
            self.numbers = _building_numbers(locale)
            self.number_first, self.sep = _street_layout(locale)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        street = _pick(self.streets, n, rng)
        number = templates_fill(self.numbers, n, rng).tolist()
        parts = (number, self.sep, street) if self.number_first else (street, self.sep, number)
        return _fit(concat(*parts), self.column)


class CityGenerator(_PoolGenerator):
    """City names of the locale."""

    name = "city"
    method = "city"
    column_names = (r"(\w+_)?city(_?name)?|town|municipality",)


class StateGenerator(_PoolGenerator):
    """States, regions or prefectures of the locale."""

    name = "state"
    method = "administrative_unit"
    column_names = (
        r"state|province|region|prefecture|county|state_?name",
        r"(billing|shipping|home|mailing)_(state|province|region)",
    )


class CountryGenerator(_PoolGenerator):
    """Country names in the locale's language."""

    name = "country"
    method = "country"
    column_names = (r"(\w+_)?country(_?name)?|nationality",)


class CountryCodeGenerator(_PoolGenerator):
    """ISO 3166 alpha-2 country codes."""

    name = "country_code"
    method = "country_code"
    column_names = (r"(\w+_)?country_?code|iso_?country|country_?iso",)


# --------------------------------------------------------------------------- business


class CompanyGenerator(_PoolGenerator):
    """Company names of the locale (``Schmidt GmbH``, ``Ryan PLC``)."""

    name = "company"
    method = "company"
    column_names = (
        r"(\w+_)?company(_?name)?|organi[sz]ation(_?name)?|employer|business_?name"
        r"|(vendor|supplier|manufacturer|brand)(_?name)?",
    )


class JobTitleGenerator(_PoolGenerator):
    """Job titles in the locale's language."""

    name = "job_title"
    method = "job"
    column_names = (r"job(_?title)?|occupation|profession|designation",)


# --------------------------------------------------------------------------- texts


class TitleParams(Params):
    min_words: int = Field(2, ge=1, le=50, description="Fewest words.")
    max_words: int = Field(6, ge=1, le=50, description="Most words.")

    @model_validator(mode="after")
    def _order(self) -> TitleParams:
        if self.min_words > self.max_words:
            raise ValueError("min_words must not be greater than max_words")
        return self


class TitleGenerator(Generator):
    """Short capitalized phrases from the locale's words (headlines, product titles)."""

    name = "title"
    pg_types = TEXT_KEYS
    Params = TitleParams
    column_names = (r"(?!job_?title$)(\w+_)?(title|headline|subject|caption|heading)",)

    def __init__(self, params: TitleParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        vocab = _pools.lorem(column.locale)
        self.limit = column.type.length
        self.vocab = vocab.limited(self.limit) if self.limit is not None else vocab

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        p = cast(TitleParams, self.params)
        return words_text(
            self.vocab, n, rng, (p.min_words, p.max_words), capitalize=True, max_len=self.limit
        )


class ParagraphParams(Params):
    min_sentences: int = Field(1, ge=1, le=100, description="Fewest sentences.")
    max_sentences: int = Field(4, ge=1, le=100, description="Most sentences.")
    min_words: int = Field(4, ge=1, le=100, description="Fewest words per sentence.")
    max_words: int = Field(12, ge=1, le=100, description="Most words per sentence.")

    @model_validator(mode="after")
    def _order(self) -> ParagraphParams:
        if self.min_sentences > self.max_sentences or self.min_words > self.max_words:
            raise ValueError("each min must not be greater than its max")
        return self


class ParagraphGenerator(TitleGenerator):
    """Sentences of the locale's words (descriptions, notes, comments); cut at a word
    boundary to fit varchar(n)."""

    name = "paragraph"
    Params = ParagraphParams  # type: ignore[assignment]
    column_names = (
        r"(\w+_)?(description|bio|biography|notes?|comments?|summary|body|content|message"
        r"|remarks|details|about|review|feedback)",
    )

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        p = cast(ParagraphParams, self.params)
        return words_text(
            self.vocab,
            n,
            rng,
            (p.min_words, p.max_words),
            sentences=(p.min_sentences, p.max_sentences),
            max_len=self.limit,
        )


# --------------------------------------------------------------------------- numbers


class PriceGenerator(DecimalGenerator):
    """Positive money-like amounts with 2 decimals, skewed to small values (log-uniform
    between min and max)."""

    name = "price"
    default_for = frozenset()
    default_min = 1.0
    default_max = 500.0
    column_names = (
        r"(\w+_)?(price|amount|cost|total|subtotal|balance|fee|salary|revenue|payment)",
    )

    def __init__(self, params: DecimalParams, column: ColumnInfo) -> None:
        if params.decimals is None:
            params = params.model_copy(update={"decimals": 2})
        super().__init__(params, column)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> Any:
        if self.column.unique or ctx.distribution is not None:
            return super().generate(n, rng, ctx)
        lo, hi = max(self.ulo, 1), max(self.uhi, 1)
        units = np.floor(np.exp(rng.uniform(np.log(lo), np.log(hi + 1), n)))
        return self._finish(np.clip(units, self.ulo, self.uhi))


class QuantityGenerator(IntegerGenerator):
    """Small positive counts (1..10 by default), mostly at the low end."""

    name = "quantity"
    default_for = frozenset()
    default_min = 1
    default_max = 10
    column_names = (r"quantity|qty|(\w+_)?(count|quantity|qty)|num_\w+|number_of_\w+",)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> Any:
        if self.column.unique or ctx.distribution is not None:
            return super().generate(n, rng, ctx)
        span = self.hi - self.lo
        steps = np.minimum(rng.geometric(0.35, n) - 1, span)
        return (self.lo + steps).astype(np.int64)


class AgeGenerator(IntegerGenerator):
    """Ages of adults, 18..90 by default."""

    name = "age"
    default_for = frozenset()
    default_min = 18
    default_max = 90
    column_names = (r"age|(\w+_)?age_?years|age_at_\w+",)


# --------------------------------------------------------------------------- birth date


class BirthDateParams(Params):
    min_age: int = Field(18, ge=0, le=150, description="Youngest age at the reference date.")
    max_age: int = Field(90, ge=0, le=150, description="Oldest age at the reference date.")
    reference_date: str = Field(
        "2025-01-01", description="Ages are counted at this fixed date (never today)."
    )

    @model_validator(mode="after")
    def _order(self) -> BirthDateParams:
        if self.min_age > self.max_age:
            raise ValueError("min_age must not be greater than max_age")
        dt.date.fromisoformat(self.reference_date)
        return self


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


class BirthDateGenerator(_Ranged):
    """Birth dates of people aged min_age..max_age at a fixed reference date."""

    name = "birth_date"
    pg_types = frozenset({"date", "timestamp", "timestamptz"})
    Params = BirthDateParams
    supports_unique = True
    supports_distribution = True
    column_names = (r"(\w+_)?(birth_?date|date_?of_?birth|dob|birthday|birth_?day)",)
    bound_names = ("max_age", "min_age")

    def __init__(self, params: BirthDateParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        ref = dt.date.fromisoformat(params.reference_date)
        epoch = dt.date(1970, 1, 1)
        oldest = _years_before(ref, params.max_age + 1) + dt.timedelta(days=1)
        youngest = _years_before(ref, params.min_age)
        self.lo, self.hi = (oldest - epoch).days, (youngest - epoch).days
        self.type_bounds = (-719_162, 2_932_896)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> NDArray[Any]:
        return self._draw(n, rng, ctx).astype("M8[D]")


GENERATORS: tuple[type[Generator], ...] = (
    FirstNameGenerator,
    LastNameGenerator,
    FullNameGenerator,
    EmailGenerator,
    UsernameGenerator,
    DomainGenerator,
    UrlGenerator,
    PhoneGenerator,
    PostalCodeGenerator,
    StreetAddressGenerator,
    CityGenerator,
    StateGenerator,
    CountryGenerator,
    CountryCodeGenerator,
    CompanyGenerator,
    JobTitleGenerator,
    TitleGenerator,
    ParagraphGenerator,
    PriceGenerator,
    QuantityGenerator,
    AgeGenerator,
    BirthDateGenerator,
)


@hookimpl
def pgmock_register_generators(registry: Registry) -> None:
    for cls in GENERATORS:
        registry.add_generator(cls)
