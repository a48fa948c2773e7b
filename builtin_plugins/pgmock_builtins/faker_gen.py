"""The ``faker`` plugin: realistic people, places, companies and internet values.

Faker is only a source of vocabularies (see :mod:`pgmock_builtins._pools`): names, cities,
domains… are pooled once per locale and sampled with numpy, Faker's formats of phone
numbers and postal codes become templates filled from uint8 matrices by Faker's rules
(:mod:`pgmock_builtins._formats`), and texts are
composed column-wise (``map`` over C functions), so no Faker or Python code runs per row.

Correlated columns: the person (first/last/full name, gender, e-mail, user name), address
(city, state, postal code, country, latitude/longitude) and company (company, domain, url,
e-mail domain) columns of a table form groups (:mod:`pgmock_builtins._groups`). The
columns of one group take the row's person, place or company from a keyed hash of the
row number, so they agree in every row without reading each other, in any order. Places
are real (:mod:`pgmock_builtins._places_data`) for en_US, de_DE, fr_FR, ja_JP and pt_BR.

Locales: any Faker locale (``column.locale``, e.g. ``de_DE``); one of the same language
where Faker lacks it (``es_PE`` → ``es_ES``, ``ja`` → ``ja_JP``), else en_US. E-mails,
user names, URLs and domains are lower-case ASCII in every locale.
Which columns get these generators without naming one is the inference plugin's table
(:mod:`pgmock_builtins.inference_rules`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from functools import cached_property, lru_cache
from itertools import repeat
from typing import TYPE_CHECKING, Any, ClassVar, Literal, NamedTuple, TypeVar

from pydantic import Field, model_validator

from pgmock_builtins import _pools
from pgmock_builtins._groups import RowStream, address_group, alias_draw
from pgmock_builtins._vec import (
    ByteTable,
    Part,
    Pool,
    ascii_slug,
    compose,
    compose_matrix,
    concat,
    int_texts,
    str_lengths,
    suffix_width,
    templates_fill,
    truncate,
    unique_suffix_matrix,
    unique_suffixes,
    words_text,
)
from pgmock_builtins.inference_rules import COMPANY_TABLES, FIRST_NAME, LAST_NAME
from pgmock_builtins.numeric_gen import DecimalGenerator, DecimalParams, IntegerGenerator
from pgmock_builtins.temporal_gen import RangedGenerator
from pgmock_sdk import ColumnInfo, GenContext, Generator, NoParams, Params, PgType
from pgmock_sdk.inference import table_nouns
from pgmock_sdk.lazy import LazyModule, np
from pgmock_sdk.pgtypes import TEXT_TYPES

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from pgmock_builtins import _companies, _formats, _places, _wordlists, _world
    from pgmock_builtins._companies import Companies
else:
    # Companies, phone formats, places and word lists load when a generator that uses them
    # is first asked for values: validating a table of people imports none of them.
    _companies = LazyModule("pgmock_builtins._companies")
    _formats = LazyModule("pgmock_builtins._formats")
    _places = LazyModule("pgmock_builtins._places")
    _wordlists = LazyModule("pgmock_builtins._wordlists")
    _world = LazyModule("pgmock_builtins._world")


TEXT_KEYS = frozenset(TEXT_TYPES)


def _fit(values: list[str], column: ColumnInfo) -> list[str]:
    """Never longer than varchar(n)/char(n): cut (vectorized) when needed."""
    limit = column.type.length
    return values if limit is None else truncate(values, limit)


def _pick(pool: Pool, n: int, rng: np.random.Generator) -> list[str]:
    return pool.sample(n, rng).tolist()


class _PoolGenerator(Generator):
    """Values sampled from a per-locale pool, cut to the column's length limit."""

    pg_types = TEXT_KEYS
    method: ClassVar[str] = ""

    @cached_property
    def pool(self) -> Pool:
        """Built on first use (validate checks parameters without it)."""
        return self.make_pool(self.column.locale)

    def make_pool(self, locale: str) -> Pool:
        return _pools.pool(locale, self.method)

    def domain_size(self) -> int | None:
        return len(self.pool)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        return _fit(_pick(self.pool, n, rng), self.column)


# --------------------------------------------------------------------------- people


class PersonParams(Params):
    group: str = Field(
        "person",
        min_length=1,
        description="Column group: the person columns of one group (names, gender, e-mail, "
        "user name) describe the same person in each row.",
    )
    female_ratio: float = Field(
        0.5,
        ge=0.0,
        le=1.0,
        description="Share of women in the group. Every column of the group must have the same "
        "(pgmock validate reports those that differ).",
    )


_PP = TypeVar("_PP", bound=PersonParams)


class _PersonGenerator(Generator[_PP]):
    """A row's person (gender, given name, family name) comes from the person group's
    per-row stream, so every column of the group names the same person."""

    # The columns of a group cannot read each other's params, and the ratio decides which
    # rows are women: the schema resolver reports a group whose columns differ in it.
    group_params: ClassVar[tuple[str, ...]] = ("female_ratio",)

    # The names (and the locale, which needs Faker's list of locales) are looked up on
    # first use, not here: validate builds every generator to check its parameters and
    # needs neither, so it never imports Faker for them.

    def __init__(self, params: _PP, column: ColumnInfo) -> None:
        super().__init__(params, column)
        self.stream = RowStream(column, params.group)
        self.female_ratio = params.female_ratio

    @cached_property
    def people(self) -> _pools.PersonNames:
        return _pools.people(self.column.locale)

    def warm(self) -> None:
        # the locale's names (and Faker's import) once before workers fork, not per worker
        _ = self.people

    @cached_property
    def tag(self) -> str:
        """What the group's values depend on besides the row: columns agree when it is
        equal."""
        return f"{_pools.normalize_locale(self.column.locale)}/{self.female_ratio!r}"

    def female(self, n: int, rng: np.random.Generator, ctx: GenContext) -> NDArray[np.bool_]:
        return self.stream.derived(
            f"female/{self.female_ratio!r}",
            n,
            ctx,
            lambda: self.stream.uniform("gender", n, rng, ctx) < self.female_ratio,
        )

    def first_index(
        self, female: NDArray[np.bool_], rng: np.random.Generator, ctx: GenContext
    ) -> NDArray[np.int64]:
        def compute() -> NDArray[np.int64]:
            p = self.people
            bits = self.stream.bits("first", len(female), rng, ctx)
            if not p.gendered:
                return alias_draw(p.female, bits)
            male = alias_draw(p.male, bits) + p.n_female
            return np.where(female, alias_draw(p.female, bits), male)

        return self.stream.derived(f"first/{self.tag}", len(female), ctx, compute)

    def last_index(
        self, female: NDArray[np.bool_], rng: np.random.Generator, ctx: GenContext
    ) -> NDArray[np.int64]:
        def compute() -> NDArray[np.int64]:
            p = self.people
            bits = self.stream.bits("last", len(female), rng, ctx)
            if not p.n_last_female:
                return alias_draw(p.last_female, bits)
            male = alias_draw(p.last_male, bits) + p.n_last_female
            return np.where(female, alias_draw(p.last_female, bits), male)

        return self.stream.derived(f"last/{self.tag}", len(female), ctx, compute)


class GroupNames(list[str]):
    """Names a person column returns: a list that also says which group drew them, so the
    e-mail and user-name columns of that group need not read them back."""

    tag: str = ""


def _tagged(values: list[str], tag: str) -> list[str]:
    out = GroupNames(values)
    out.tag = tag
    return out


class FirstNameGenerator(_PersonGenerator[PersonParams]):
    """Given names of the column's locale, weighted by frequency where Faker knows it;
    female or male names as the person group's gender says."""

    name = "first_name"
    pg_types = TEXT_KEYS

    def domain_size(self) -> int:
        return len(self.people.first)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        idx = self.first_index(self.female(n, rng, ctx), rng, ctx)
        names = self.people.first[idx].tolist()
        if self.column.type.length is not None or not self.stream.shared:
            return _fit(names, self.column)
        return _tagged(names, f"first/{self.stream.key}/{self.tag}")


class LastNameGenerator(_PersonGenerator[PersonParams]):
    """Family names of the column's locale (the female or male form where the language
    has both)."""

    name = "last_name"
    pg_types = TEXT_KEYS

    def domain_size(self) -> int:
        return len(self.people.last)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        idx = self.last_index(self.female(n, rng, ctx), rng, ctx)
        names = self.people.last[idx].tolist()
        if self.column.type.length is not None or not self.stream.shared:
            return _fit(names, self.column)
        return _tagged(names, f"last/{self.stream.key}/{self.tag}")


_FAMILY_FIRST = ("ja_JP", "zh_CN", "zh_TW", "ko_KR", "hu_HU", "vi_VN")


class FullNameGenerator(_PersonGenerator[PersonParams]):
    """First and last name in the locale's order (family name first for ja_JP, …), of the
    person group's person."""

    name = "full_name"
    pg_types = TEXT_KEYS

    @cached_property
    def family_first(self) -> bool:
        return _pools.normalize_locale(self.column.locale) in _FAMILY_FIRST

    def domain_size(self) -> int:
        return len(self.people.first) * len(self.people.last)

    @cached_property
    def longest(self) -> int:
        return int(self.people.first_lengths.max()) + 1 + int(self.people.last_lengths.max())

    def warm(self) -> None:
        super().warm()
        _name_tables(self.column.locale)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> Sequence[str]:
        female = self.female(n, rng, ctx)
        first_idx = self.first_index(female, rng, ctx)
        last_idx = self.last_index(female, rng, ctx)
        limit = self.column.type.length
        if ctx.labels and (limit is None or self.longest <= limit):
            # the host writes the names' bytes: no str a value
            first_t, last_t = _name_tables(self.column.locale)
            names: list[Part] = [(first_t, first_idx), " ", (last_t, last_idx)]
            return compose_matrix(n, names[::-1] if self.family_first else names)
        first = self.people.first[first_idx].tolist()
        last = self.people.last[last_idx].tolist()
        parts = (last, " ", first) if self.family_first else (first, " ", last)
        return _fit(concat(*parts), self.column)


@lru_cache(maxsize=32)
def _name_tables(locale: str) -> tuple[ByteTable, ByteTable]:
    """The person group's first and last names as byte tables (indexed as ``people``)."""
    people = _pools.people(locale)
    return ByteTable.of(people.first.tolist()), ByteTable.of(people.last.tolist())


# Labels that say female / male, lower-cased (English, German, French, Portuguese,
# Spanish, Italian, Japanese, and the usual one-letter codes).
_FEMALE = frozenset(
    {"female", "f", "woman", "women", "w", "girl", "weiblich", "frau", "femme", "féminin",
     "feminin", "feminino", "feminina", "femenino", "femenina", "mulher", "mujer", "donna",
     "femmina", "女", "女性"}
)  # fmt: skip
_MALE = frozenset(
    {"male", "m", "man", "men", "boy", "männlich", "mann", "homme", "masculin", "masculino",
     "homem", "hombre", "uomo", "maschio", "男", "男性"}
)  # fmt: skip


def gender_labels(labels: tuple[str, ...] | list[str]) -> tuple[str, str] | None:
    """The (female, male) pair among an enum's labels, or None."""
    female = next((lab for lab in labels if lab.lower() in _FEMALE), None)
    male = next((lab for lab in labels if lab.lower() in _MALE), None)
    return (female, male) if female is not None and male is not None else None


class GenderParams(PersonParams):
    labels: list[str] | None = Field(
        None,
        min_length=2,
        max_length=2,
        description="The female and the male label, in this order. Default: the enum's "
        "labels that look like genders (female/male, F/M, …); F/M for one-character "
        "columns; female/male otherwise.",
    )


class GenderGenerator(_PersonGenerator[GenderParams]):
    """The person group's gender (text or an enum with gender-like labels): first names
    of the same group agree with it."""

    name = "gender"
    pg_types = TEXT_KEYS | {"char", "enum"}

    @classmethod
    def accepts(cls, pgtype: PgType) -> bool:
        if pgtype.key == "enum":
            return pgtype.user is not None and gender_labels(pgtype.user.labels) is not None
        return pgtype.key in cls.pg_types

    def __init__(self, params: GenderParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        user = column.type.user
        enum = user.labels if user is not None and user.kind == "enum" else None
        type_name = user.name if user is not None else str(column.type)
        if params.labels is not None:
            female, male = params.labels
            if enum is not None and not {female, male} <= set(enum):
                raise ValueError(
                    f"{column.path}: labels {params.labels} are not labels of {type_name} "
                    f"({', '.join(enum)})"
                )
        elif enum is not None:
            found = gender_labels(enum)
            if found is None:
                raise ValueError(
                    f"{column.path}: enum {type_name} has no female/male labels; give params.labels"
                )
            female, male = found
        else:
            limit = column.type.length
            female, male = ("F", "M") if limit is not None and limit < 6 else ("female", "male")
        limit = column.type.length
        if enum is None and limit is not None and max(len(female), len(male)) > limit:
            raise ValueError(f"{column.path}: {column.type} is too short for {female!r}")
        self.labels = np.array([male, female], dtype=object)

    def domain_size(self) -> int:
        return 2

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        return self.labels[self.female(n, rng, ctx).astype(np.int64)].tolist()


# --------------------------------------------------------------------------- internet


# The shapes of e-mail local parts and user names, with their shares:
# first.last, firstlast, f + last (the initial), first_last, first + a number 1..99.
_LOCAL_WEIGHTS = (0.35, 0.15, 0.2, 0.1, 0.2)
_INITIAL, _NUMBERED = 2, 4


@lru_cache(maxsize=1)
def _separators() -> ByteTable:
    """What comes between the first and the last name, by shape."""
    return ByteTable.of([".", "", "", "_", ""])


@lru_cache(maxsize=1)
def _numbers() -> ByteTable:
    return ByteTable.of(int_texts(np.arange(100)))


class _LocalNames(NamedTuple):
    """ASCII first and last names as byte tables for local parts: a first name's initial
    and the rest of it apart, since one shape takes the initial alone."""

    initial: ByteTable
    rest: ByteTable
    last: ByteTable

    @classmethod
    def of(cls, first: list[str], last: list[str]) -> _LocalNames:
        return cls(
            ByteTable.of([f[:1] for f in first]),
            ByteTable.of([f[1:] for f in first]),
            ByteTable.of(last),
        )

    def extended(self, first: list[str], last: list[str]) -> _LocalNames:
        """These names, then ``first`` and ``last`` (names from another column)."""
        more = _LocalNames.of(first, last)
        return _LocalNames(
            *(
                table.extended(added.texts[:-1].tolist())
                for table, added in zip(self, more)
            )
        )


@lru_cache(maxsize=32)
def _local_names(locale: str) -> _LocalNames:
    people = _pools.people(locale)
    return _LocalNames.of(people.first_ascii.tolist(), people.last_ascii.tolist())


def _local_parts(
    pattern: NDArray[np.int64],
    first: tuple[_LocalNames, NDArray[np.int64]],
    last: tuple[_LocalNames, NDArray[np.int64]],
    numbers: NDArray[np.int64],
) -> list[Part]:
    """The parts of each row's local part in its shape (``first``/``last``: the tables
    and each row's index into them)."""
    (names, f), (last_names, la) = first, last
    rest = np.where(pattern == _INITIAL, names.rest.none, f)
    surname = np.where(pattern == _NUMBERED, last_names.last.none, la)
    number = np.where(pattern == _NUMBERED, numbers, _numbers().none)
    return [
        (names.initial, f),
        (names.rest, rest),
        (_separators(), pattern),
        (last_names.last, surname),
        (_numbers(), number),
    ]


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


def _same_row_names(
    ctx: GenContext, patterns: tuple[str, ...], n: int, own: str = ""
) -> list[str] | None:
    """ASCII slugs of a name column generated earlier in this row (first_name, …), or None.
    Rows whose name is not Latin come back as ''. None too when that column's names are
    the person group's own (tagged ``own``): they are already the ones used."""
    for key in ctx.rows:
        if not any(re.fullmatch(p, key.lower()) for p in patterns):
            continue  # not read: the host makes a byte matrix's strings when one is read
        values = ctx.rows[key]
        if isinstance(values, (list, np.ndarray)) and len(values) == n:
            if own and getattr(values, "tag", None) == own:
                return None
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


class _NameBased(_PersonGenerator[_PP]):
    """first/last-name based identifiers (e-mail local parts, user names) of the person
    group's person, so Anna Schmidt gets anna.schmidt@… (romanized for ja_JP: 佐藤 陽子 →
    yoko.sato). A first/last-name column generated earlier in the row by another generator
    still wins, as far as its names are Latin."""

    supports_unique = True

    def __init__(self, params: _PP, column: ColumnInfo) -> None:
        super().__init__(params, column)
        self.width = suffix_width(column.row_count)

    @cached_property
    def longest(self) -> int:
        """The longest local part the group's names can make ("first.last", "first99"):
        columns that hold it need no per-value length check."""
        first = int(self.people.first_lengths.max())
        return max(first + int(self.people.last_lengths.max()) + 1, first + 2)

    def bases(
        self, n: int, rng: np.random.Generator, ctx: GenContext
    ) -> tuple[list[Part], int | None]:
        """The parts of the local parts (see :func:`compose`), and the longest they can
        be (None: unknown, names came from another column)."""
        longest: int | None = self.longest
        female = self.female(n, rng, ctx)
        tables = _local_names(self.column.locale)
        chosen = {
            "first": (tables, self.first_index(female, rng, ctx)),
            "last": (tables, self.last_index(female, rng, ctx)),
        }
        for patterns, part in (((FIRST_NAME,), "first"), ((LAST_NAME,), "last")):
            own = f"{part}/{self.stream.key}/{self.tag}" if self.stream.shared else ""
            same = _same_row_names(ctx, patterns, n, own)
            if same is not None:
                use = np.flatnonzero(np.fromiter(map(bool, same), dtype=bool, count=n))
                names = np.array(same, dtype=object)[use].tolist()
                base, idx = chosen[part]
                if part == "first":
                    grown, start = base.extended(names, []), len(base.initial)
                else:
                    grown, start = base.extended([], names), len(base.last)
                idx = idx.copy()
                idx[use] = start + np.arange(len(use))
                chosen[part] = (grown, idx)
                longest = None
        numbers = rng.integers(1, 99, n, endpoint=True)
        cdf = np.cumsum(_LOCAL_WEIGHTS)
        pattern = np.searchsorted(cdf / cdf[-1], rng.random(n), "right")
        return _local_parts(pattern, chosen["first"], chosen["last"], numbers), longest

    def suffixes(self, ctx: GenContext, n: int) -> NDArray[np.uint8]:
        return unique_suffix_matrix(ctx, n, self.column.key, self.width)

    def warm(self) -> None:
        super().warm()
        _local_names(self.column.locale)


@lru_cache(maxsize=32)
def _free_mail(locale: str) -> tuple[str, ...]:
    domains = _pools.provider_attr(
        "internet", _pools.normalize_locale(locale), "free_email_domains"
    )
    return tuple(domains or ("gmail.com", "yahoo.com", "hotmail.com"))


# Faker's shortest free-mail domain in any locale is at most this long (gmail.com: 9;
# tests/unit/generators check every locale), so a column with room for it plus '@', one
# character of name and the unique suffix always fits an address: its domains can wait
# for the first batch. Shorter columns are checked when the generator is made.
FREE_MAIL_SHORTEST = 16


class _MailDomains(NamedTuple):
    catalog: Companies | None
    free: Pool | None
    fits: NDArray[np.bool_] | None
    longest: int
    # the free-mail domains, then the catalogue's: a row's domain is an index into it
    table: ByteTable
    lengths: NDArray[np.int64]


# E-mail columns that hold work addresses: all of them at the company's domain by default.
_WORK_EMAIL = re.compile(
    r"(work|business|company|corporate|office|professional)_?e?mail(_?address)?"
)


class EmailParams(PersonParams):
    domains: list[str] | None = Field(
        None, description="Domains to use instead of the locale's free-mail and company domains."
    )
    free_mail_ratio: float | None = Field(
        None,
        ge=0.0,
        le=1.0,
        description="Share of free-mail domains (gmail.com, …); the other addresses are at "
        "the domain of the row's company (company_group). Default 0.6, or 0 for columns "
        "named like work_email or business_email.",
    )
    company_group: str = Field(
        "company",
        min_length=1,
        description="Company group whose domain the other addresses use: a company, domain "
        "or url column of that group names the same company in the row.",
    )


class EmailGenerator(_NameBased[EmailParams]):
    """Valid lower-case ASCII e-mails from the person group's names (``anna.schmidt@gmx.de``),
    at a free-mail domain or the company group's domain (``…@hoffmann-weber.de``); unique
    by an index-derived suffix before the ``@`` (``anna.schmidt4821@…``)."""

    name = "email"
    pg_types = TEXT_KEYS

    def __init__(self, params: EmailParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        if not params.domains:
            self.company_stream = RowStream(column, params.company_group)
        ratio = params.free_mail_ratio
        if ratio is None:
            ratio = 0.0 if _WORK_EMAIL.fullmatch(column.name.lower()) else 0.6
        self.ratio = ratio
        self.limit = column.type.length
        # the domain plus '@' plus the suffix must leave one character of name
        self.room = 0 if not column.unique else self.width
        if params.domains or (
            self.limit is not None and self.limit < FREE_MAIL_SHORTEST + 2 + self.room
        ):
            _ = self.mail  # may fit no domain: say so now (validate)

    @cached_property
    def mail(self) -> _MailDomains:
        """The domains: the schema's, or the locale's free-mail ones and its companies'."""
        catalog: Companies | None = None
        if self.params.domains:
            free: tuple[str, ...] = tuple(d.lower() for d in self.params.domains)
        else:
            free = _free_mail(self.column.locale)
            catalog = _companies.companies(self.column.locale)
        limit, fits = self.limit, None
        if limit is not None:
            free = tuple(d for d in free if len(d) + 2 + self.room <= limit)
            if catalog is not None:
                fits = str_lengths(catalog.domains.tolist()) + 2 + self.room <= limit
            if not free and (fits is None or not fits.any()):
                raise ValueError(
                    f"{self.column.path}: {self.column.type} is too short for e-mail addresses"
                )
        domains = list(free) + ([] if catalog is None else catalog.domains.tolist())
        return _MailDomains(
            catalog,
            Pool.of(free) if free else None,
            fits,
            max(map(len, domains)),
            ByteTable.of(domains),
            str_lengths(domains),
        )

    def warm(self) -> None:
        super().warm()
        _ = self.mail

    def domains(self, n: int, rng: np.random.Generator, ctx: GenContext) -> NDArray[np.int64]:
        """Each row's domain, as an index into ``mail.table``."""
        catalog, free, fits, *_ = self.mail
        if catalog is None:
            assert free is not None
            return free.indices(n, rng)
        company = company_picks(self.company_stream, self.column, len(catalog), n, rng, ctx)
        if free is None:
            # Only company domains fit the column: rows whose company's do not get one
            # that does (the same for the same company).
            assert fits is not None
            ok = np.flatnonzero(fits)
            return np.where(fits[company], company, ok[company % len(ok)])
        use_free = rng.random(n) < self.ratio
        if fits is not None:
            use_free |= ~fits[company]
        return np.where(use_free, free.indices(n, rng), len(free) + company)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> Sequence[str]:
        local, longest = self.bases(n, rng, ctx)
        domains = self.domains(n, rng, ctx)
        suffix = [self.suffixes(ctx, n)] if self.column.unique else []
        widest = None
        if longest is not None:
            widest = longest + (self.width if suffix else 0) + 1 + self.mail.longest
        if self.limit is not None and n and (widest is None or widest > self.limit):
            room = self.limit - 1 - self.mail.lengths[domains] - (self.width if suffix else 0)
            texts = compose(n, local)
            if int((str_lengths(texts) - room).max()) > 0:
                arr = np.array(texts, dtype=np.dtypes.StringDType())
                texts = np.strings.rstrip(np.strings.slice(arr, 0, room), "._").tolist()
            local = [texts]
        parts = [*local, *suffix, "@", (self.mail.table, domains)]
        return compose_matrix(n, parts) if ctx.labels else compose(n, parts)


class UsernameGenerator(_NameBased[PersonParams]):
    """Lower-case ASCII user names from the person group's names (``jsmith``, ``anna_k``,
    ``maria84``); unique by an index-derived suffix."""

    name = "username"
    pg_types = TEXT_KEYS

    def __init__(self, params: PersonParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        limit = column.type.length
        if column.unique and limit is not None and limit < self.width:
            raise ValueError(f"{column.path}: {column.type} is too short for unique names")
        self.limit = limit

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> Sequence[str]:
        base, longest = self.bases(n, rng, ctx)
        # the host writes a byte matrix's bytes (GenContext.labels): no str a value
        made = compose_matrix if ctx.labels else compose
        if not self.column.unique:
            if longest is not None and (self.limit is None or longest <= self.limit):
                return made(n, base)
            return _fit(compose(n, base), self.column)
        room = None if self.limit is None else self.limit - self.width
        if room is not None and (longest is None or longest > room):
            base = [truncate(compose(n, base), room)] if room > 0 else []
        return made(n, [*base, self.suffixes(ctx, n)])


class CompanyParams(Params):
    group: str = Field(
        "company",
        min_length=1,
        description="Column group: the company, domain and url columns (and e-mails through "
        "their company_group) of one group name the same company in each row.",
    )


def company_picks(
    stream: RowStream,
    column: ColumnInfo,
    size: int,
    n: int,
    rng: np.random.Generator,
    ctx: GenContext,
    unique: bool = False,
) -> NDArray[np.int64]:
    """Each row's company of the group's catalogue of ``size``: in a table of companies
    (``organizations``, ``vendors``) the catalogue can fill, and for a ``unique`` company
    column, every row its own (a keyed permutation of the catalogue by row number, the
    same for every column of the group in the table); elsewhere drawn, so customers share
    employers."""
    own_table = table_nouns(column.table)[0] if column.table else ""
    listed = re.fullmatch(COMPANY_TABLES, own_table) is not None
    if unique or (listed and stream.shared and column.row_count <= size):
        return stream.distinct("company", size, n, ctx)
    return stream.below("company", size, n, rng, ctx)


class _CompanyGenerator(Generator[CompanyParams]):
    """A row's company comes from the company group's per-row stream."""

    def __init__(self, params: CompanyParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        self.stream = RowStream(column, params.group)

    @cached_property
    def catalog(self) -> Companies:
        """Built on first use, or by a subclass whose checks need it."""
        return _companies.companies(self.column.locale)

    def warm(self) -> None:
        _ = self.catalog

    def company_index(self, n: int, rng: np.random.Generator, ctx: GenContext) -> NDArray[Any]:
        return company_picks(self.stream, self.column, len(self.catalog), n, rng, ctx)


_HTTPS, _WWW = "https://", "https://www."


class DomainGenerator(_CompanyGenerator):
    """The company group's web domain (``Hoffmann Weber GmbH`` → ``hoffmann-weber.de``);
    unique by an index-derived suffix (``hoffmann-weber0417.de``). In a short varchar the
    name before the suffix and the TLD is cut (``hoffm0417.de``), never the TLD."""

    name = "domain"
    pg_types = TEXT_KEYS
    supports_unique = True
    # characters a value has besides the host name (a URL's 'https://' and '/')
    around: ClassVar[int] = 0

    def __init__(self, params: CompanyParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        self.width = suffix_width(column.row_count)
        self.tld = "." + self.catalog.tld
        self.limit = column.type.length
        self.label_room: int | None = None  # how much of a company's name fits, None: all
        if self.limit is not None:
            fixed = self.around + (self.width if column.unique else 0) + len(self.tld)
            if self.limit - fixed < 1:
                raise ValueError(
                    f"{column.path}: {column.type} is too short for {self.name}s: "
                    f"{self._parts()} need {fixed + 1} characters"
                )
            if int(str_lengths(self.catalog.labels.tolist()).max()) > self.limit - fixed:
                self.label_room = self.limit - fixed

    def _parts(self) -> str:
        parts = ["a one-letter name"]
        if self.column.unique:
            parts.append(f"a {self.width}-digit unique suffix")
        parts.append(f"'{self.tld}'")
        if self.around:
            parts += [f"'{_HTTPS}'", "'/'"]
        return ", ".join(parts[:-1]) + " and " + parts[-1]

    def names(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        idx = self.company_index(n, rng, ctx)
        if not self.column.unique and self.label_room is None:
            return self.catalog.domains[idx].tolist()
        label = self.catalog.labels[idx].tolist()
        if self.label_room is not None and label:
            cut = np.strings.slice(
                np.array(label, dtype=np.dtypes.StringDType()), 0, self.label_room
            )
            label = np.strings.rstrip(cut, "-").tolist()  # labels start with a letter or digit
        if not self.column.unique:
            return concat(label, self.tld)
        return concat(label, unique_suffixes(ctx, n, self.column.key, self.width), self.tld)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        return self.names(n, rng, ctx)


class UrlGenerator(DomainGenerator):
    """Web site URLs of the company group's company (``https://www.hoffmann-weber.de/``),
    some with a path; ``www.`` and the path only where they fit the column."""

    name = "url"
    around = len(_HTTPS) + 1

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        host = self.names(n, rng, ctx)
        www = rng.random(n) < 0.5
        vocab = _wordlists.vocabulary("en_US")
        word = rng.integers(0, len(vocab), n)
        with_path = rng.random(n) < 0.3
        if self.limit is not None and n:
            bare = len(_HTTPS) + str_lengths(host) + 1
            www &= bare + len(_WWW) - len(_HTTPS) <= self.limit
            with_path &= bare + (len(_WWW) - len(_HTTPS)) * www + vocab.lengths[word] <= self.limit
        scheme = np.where(www, _WWW, _HTTPS).astype(object).tolist()
        path = np.where(with_path, concat("/", vocab.words[word].tolist()), "/")
        return concat(scheme, host, path.astype(object).tolist())


# --------------------------------------------------------------------------- places


class _TemplateGenerator(Generator):
    """Values following the locale's formats, as Faker's rules fill them (see
    :mod:`pgmock_builtins._formats`), without one too long for the column."""

    pg_types = TEXT_KEYS
    method: ClassVar[str] = ""

    def __init__(self, params: Params, column: ColumnInfo) -> None:
        super().__init__(params, column)
        templates = _formats.templates(_pools.normalize_locale(column.locale), self.method)
        limit = column.type.length
        if limit is not None:
            fitting = templates.fitting(limit)
            if fitting is None:
                raise ValueError(
                    f"{column.path}: {column.type} is too short for these values "
                    f"(the shortest of the locale's formats has "
                    f"{min(map(len, templates.texts))} characters)"
                )
            templates = fitting
        self.templates = templates

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        return self.templates.fill(n, rng)


class PhoneParams(Params):
    format: Literal["national", "international", "e164", "any"] = Field(
        "national",
        description="national: the locale's usual national forms ((555) 234-5678, 030 1234567), "
        "no extensions or international prefixes; international: +CC forms (national where "
        "the locale has none); e164: +CC and digits only (+15552345678); any: every form "
        "Faker knows, extensions and 001- included.",
    )


_EXTENSION = re.compile(r"x|ext", re.IGNORECASE)
_INTERNATIONAL = re.compile(r"\+|00|011")
_CALLING = re.compile(r"\+(\d{1,3})\b")
# Country calling codes of locales whose Faker formats have no +CC form.
_CALLING_CODES = {"en_US": "1", "en_CA": "1", "ja_JP": "81", "de_DE": "49", "fr_FR": "33"}


def phone_formats(locale: str, form: str) -> list[tuple[str, float]]:
    """Weighted phone templates of a locale in one form (see PhoneParams.format)."""
    every = _formats.templates(locale, "phone_number")
    weighted = list(zip(every.texts, every.weights.tolist()))
    if form == "any":
        return weighted
    plain = [(t, w) for t, w in weighted if not _EXTENSION.search(t)] or weighted
    national = [(t, w) for t, w in plain if not _INTERNATIONAL.match(t)]
    international = [(t, w) for t, w in plain if t.startswith("+")]
    if form == "national":
        return national or plain
    if form == "international":
        return international or national or plain
    code = next((m.group(1) for t, _ in plain if (m := _CALLING.match(t))), None)
    code = code or _CALLING_CODES.get(locale, "")
    out = []
    for text, weight in national or plain:  # once per format
        digits = re.sub(r"[^0-9#%$!@]", "", text)
        if code and text.startswith("+"):
            digits = digits[len(code) :]
        out.append((f"+{code}{digits.removeprefix('0')}" if code else digits, weight))
    return out


class PhoneGenerator(_TemplateGenerator):
    """Phone numbers in the locale's usual national forms, by its numbering plan
    (``(555)234-5678``, ``030 1234567``, ``01 42 34 56 78``, ``090-1234-5678``,
    ``11 2345-6789``); international or E.164 (``+15552345678``) with ``format``."""

    name = "phone"
    method = "phone_number"
    Params = PhoneParams

    def __init__(self, params: PhoneParams, column: ColumnInfo) -> None:
        Generator.__init__(self, params, column)
        locale = _pools.normalize_locale(column.locale)
        templates = _formats.Templates.of(phone_formats(locale, params.format))
        limit = column.type.length
        if limit is not None:
            fitting = templates.fitting(limit)
            if fitting is None:
                raise ValueError(
                    f"{column.path}: {column.type} is too short for phone numbers "
                    f"(the shortest of the locale's formats has "
                    f"{min(map(len, templates.texts))} characters)"
                )
            templates = fitting
        self.templates = templates


class AddressParams(Params):
    group: str | None = Field(
        None,
        min_length=1,
        description="Column group: the address columns of one group (city, state, postal "
        "code, country, latitude/longitude) describe the same place in each row. Default "
        '"address", or the column\'s role prefix (billing_city → "billing").',
    )


_AP = TypeVar("_AP", bound=AddressParams)


class _AddressGenerator(Generator[_AP]):
    """A row's place is a record of the locale's bundled places (:mod:`._places`), drawn by
    population from the address group's per-row stream: the city, state, postal code,
    country and coordinates of a row agree. Locales without bundled places keep Faker's
    vocabularies (city, state and postal code then do not agree)."""

    def __init__(self, params: _AP, column: ColumnInfo) -> None:
        super().__init__(params, column)
        self.locale = _pools.normalize_locale(column.locale)
        self.places = _places.places(self.locale)
        self.stream = RowStream(column, address_group(column.name, params.group))

    def record(self, n: int, rng: np.random.Generator, ctx: GenContext) -> NDArray[np.int64]:
        assert self.places is not None
        return self.stream.weighted("place", self.places.weights, n, rng, ctx)


class _PostcodeTemplates(_TemplateGenerator):
    """Faker's postcode formats, for locales without bundled places."""

    method = "postcode"


class PostalCodeGenerator(_AddressGenerator[AddressParams]):
    """Postal codes of the address group's city (``10115``, ``75008``, ``160-0023``,
    ``01310-200``); the locale's formats where no places are bundled."""

    name = "postal_code"
    pg_types = TEXT_KEYS

    def __init__(self, params: AddressParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        self.templates: _PostcodeTemplates | None = None
        if self.places is None:
            self.templates = _PostcodeTemplates(NoParams(), column)
            return
        limit = column.type.length
        if limit is not None and limit < self.places.postal_width(dash=False):
            raise ValueError(f"{column.path}: {column.type} is too short for postal codes")
        # 1600023 without its dash when only the digits fit
        self.dash = limit is None or limit >= self.places.postal_width(dash=True)

    def domain_size(self) -> int | None:
        return None if self.places is None else int(self.places.record_count.sum())

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        if self.templates is not None:
            return self.templates.generate(n, rng, ctx)
        assert self.places is not None
        record = self.record(n, rng, ctx)
        which = self.stream.uniform("postal", n, rng, ctx)
        return self.places.postal_texts(self.places.postal_values(record, which), self.dash)


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

    def __init__(self, params: Params, column: ColumnInfo) -> None:
        super().__init__(params, column)
        self.locale = locale = _pools.normalize_locale(column.locale)
        if locale == "ja_JP":
            self.numbers: tuple[str, ...] = _JA_NUMBERS
            self.number_first, self.sep = False, ""
        else:
            self.numbers = _building_numbers(locale)
            self.number_first, self.sep = _street_layout(locale)

    @cached_property
    def streets(self) -> _pools.Pool:
        # 4,000 seeded Faker calls (about 0.3 s): on first use or in warm(), not when a
        # schema is validated
        return _pools.pool(self.locale, "town" if self.locale == "ja_JP" else "street_name")

    def warm(self) -> None:
        _ = self.streets

    def warm_state(self) -> _pools.Pool:
        return self.streets

    def adopt_warm(self, state: _pools.Pool) -> None:
        self.__dict__["streets"] = state

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        street = _pick(self.streets, n, rng)
        number = templates_fill(self.numbers, n, rng).tolist()
        parts = (number, self.sep, street) if self.number_first else (street, self.sep, number)
        return _fit(concat(*parts), self.column)


class SecondaryAddressGenerator(Generator):
    """The second line of an address: apartment, suite, flat (``Apt. 512``, ``Suite 204``,
    ``Flat 12B``), in the locale's forms."""

    name = "secondary_address"
    pg_types = TEXT_KEYS

    def __init__(self, params: Params, column: ColumnInfo) -> None:
        super().__init__(params, column)
        locale = _pools.normalize_locale(column.locale)
        formats = _pools.provider_attr("address", locale, "secondary_address_formats")
        # No leading zero in the number: its first '#' becomes '%' (a non-zero digit).
        self.formats = tuple(f.replace("#", "%", 1) for f in formats or ("Apt. ###",))

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        return _fit(templates_fill(self.formats, n, rng).tolist(), self.column)


class CityParams(AddressParams):
    world: bool = Field(
        False,
        description="Cities of the whole world (GeoNames' largest per country) instead of the "
        "locale's: a table of cities. Their country columns in the row (country with "
        "world_cities) name the same city's country.",
    )
    distinct: bool = Field(
        False,
        description="With world: every row a different city, big ones first in a shuffled "
        "order (a table listing cities); unique columns need it.",
    )
    country_from: str | None = Field(
        None,
        description='A parent\'s country column ("country.country", through a foreign key '
        "declared before this column): each row's city lies in the country of the parent "
        "row the key picked (any world city where that country is not known).",
    )


def _world_place_records(
    stream: RowStream, distinct: bool, n: int, rng: np.random.Generator, ctx: GenContext
) -> NDArray[np.int64]:
    """World city records of a row group: distinct rows in the group's keyed population
    order, else drawn by (square-root) population from the group's stream."""
    if distinct:
        order = _world_order(stream.key)
        return order[ctx.row_numbers(n) % len(order)]
    return stream.weighted("world_city", _world.city_alias(), n, rng, ctx)


@lru_cache(maxsize=64)
def _world_order(key: int) -> NDArray[np.int64]:
    """World city records in a keyed population order, one per distinct city name."""
    w = _world.world()
    order = _world.weighted_order(np.sqrt(w.city_weight), key)
    _, first = np.unique(w.city_name[order].astype(str), return_index=True)
    return order[np.sort(first)]


class CityGenerator(_AddressGenerator[CityParams]):
    """The address group's city: real cities of the locale, weighted by population (Faker's
    invented ones where no places are bundled); the world's (``world``), every row a
    different one (``distinct``), or one of the parent row's country (``country_from``)."""

    name = "city"
    pg_types = TEXT_KEYS
    supports_unique = True

    def __init__(self, params: CityParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        self.world = params.world or params.country_from is not None
        self.pool = None if self.places is not None else _pools.pool(self.locale, "city")
        if column.unique and not (params.world and params.distinct):
            raise ValueError(
                f"{column.path}: unique cities are a list of the world's: set world and distinct"
            )

    @classmethod
    def parent_inputs(cls, params: Any) -> tuple[str, ...]:
        return (params.country_from,) if params.country_from else ()

    def domain_size(self) -> int:
        if self.params.world and self.params.distinct:
            return len(_world_order(self.stream.key))
        if self.world:
            return len(_world.world().city_name)
        return len(self.pool) if self.pool is not None else len(self.places or ())

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        p = self.params
        if p.country_from is not None:
            w = _world.world()
            names = ctx.rows.get(p.country_from)
            country = (
                w.country_of(list(names))
                if names is not None and len(names) == n
                else np.full(n, -1, dtype=np.int64)
            )
            record = _world.cities_in(country, _world.batch_rank(country) + ctx.offset)
            lost = record < 0
            if lost.any():
                record[lost] = self.stream.weighted("world_city", _world.city_alias(), n, rng, ctx)[
                    lost
                ]
            cities = w.city_name[record]
            # A territory without cities (Bouvet Island, Heard Island …) is its own place:
            # a city of another country would contradict the row's country.
            bare = lost & (country >= 0)
            if bare.any():
                cities = cities.astype(object)
                cities[bare] = w.country_name[country[bare]]
            return _fit(cities.tolist(), self.column)
        if self.world:
            record = _world_place_records(self.stream, p.distinct, n, rng, ctx)
            return _fit(_world.world().city_name[record].tolist(), self.column)
        if self.pool is not None:
            return _fit(_pick(self.pool, n, rng), self.column)
        assert self.places is not None
        return _fit(self.places.city[self.record(n, rng, ctx)].tolist(), self.column)


class StateParams(AddressParams):
    abbreviated: bool | None = Field(
        None,
        description="The code (CA, BY, IDF, 13, SP) instead of the name. Default: for columns "
        "named like state_code or shorter than 4 characters.",
    )
    distinct: bool = Field(
        False,
        description="Every row a different state of the locale's country, in a shuffled "
        "order (a table listing states); then they repeat.",
    )
    city_from: str | None = Field(
        None,
        description='A parent\'s city column ("city.city", through a foreign key declared '
        "before this column): each row's state is the one of the city the key picked where "
        "pgmock knows it (the bundled places of the US, Germany, France, Japan and Brazil), "
        "else that city's own name (a district named after its city), so it never "
        "contradicts the city or its country.",
    )


@lru_cache(maxsize=2)
def _states_of_cities(code: bool) -> dict[str, str]:
    """City name (lower case) → its state (or state code), over every locale's bundled
    places; a name two states share, or a world city of another country bears
    (Manchester, England is not Manchester, New Hampshire), is left out: nothing says
    which one the row's city is."""
    w = _world.world()
    world_countries: dict[str, set[str]] = {}
    for name, country in zip(w.city_name.tolist(), w.city_country.tolist(), strict=True):
        world_countries.setdefault(name.lower(), set()).add(w.country_code[country])
    out: dict[str, str] = {}
    shared: set[str] = set()
    for locale in _places.locales():
        places = _places.places(locale)
        assert places is not None
        values = places.state_code if code else places.state
        for city, state in zip(places.city.tolist(), values.tolist(), strict=True):
            key = city.lower()
            elsewhere = world_countries.get(key, set()) - {places.country_code}
            if out.get(key, state) != state or elsewhere:
                shared.add(key)
            out[key] = state
    return {k: v for k, v in out.items() if k not in shared}


_STATE_CODE = re.compile(r"(\w+_)?(state|province|region|prefecture)_?(code|abbr|abbreviation)|uf")


class StateGenerator(_AddressGenerator[StateParams]):
    """The address group's state, region or prefecture (or its code)."""

    name = "state"
    pg_types = TEXT_KEYS

    def __init__(self, params: StateParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        code = params.abbreviated
        if code is None:
            limit = column.type.length
            code = bool(_STATE_CODE.fullmatch(column.name.lower())) or (
                limit is not None and limit < 4
            )
        self.code = code
        self.pool = None
        if self.places is None:
            self.pool = _pools.pool(self.locale, "administrative_unit")
        else:
            self.values = self.places.state_code if code else self.places.state

    @classmethod
    def parent_inputs(cls, params: Any) -> tuple[str, ...]:
        return (params.city_from,) if params.city_from else ()

    def _of_cities(self, n: int, ctx: GenContext) -> list[str] | None:
        cities = ctx.rows.get(self.params.city_from or "")
        if cities is None or len(cities) != n:
            return None
        known = _states_of_cities(self.code)
        names = ["" if c is None else str(c).strip() for c in cities]
        states = [known.get(c.lower(), c) for c in names]
        limit = self.column.type.length
        if limit is not None:
            # a state too long for the column is not cut into half a name: its city is
            # the district then ("Marseille", not "Provence-Alpes-Côte")
            states = [c if len(st) > limit else st for st, c in zip(states, names, strict=True)]
        return _fit(states, self.column)

    def domain_size(self) -> int:
        return len(self.pool) if self.pool is not None else len(set(self.values.tolist()))

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        if self.params.city_from is not None:
            states = self._of_cities(n, ctx)
            if states is not None:
                return states
        if self.pool is not None:
            return _fit(_pick(self.pool, n, rng), self.column)
        if self.params.distinct:
            # one record per state (its biggest city), in the group's keyed order
            assert self.places is not None
            _, first = np.unique(self.places.state_code.astype(str), return_index=True)
            order = _world.weighted_order(np.ones(len(first)), self.stream.key)
            picked = np.sort(first)[order][ctx.row_numbers(n) % len(first)]
            return _fit(self.values[picked].tolist(), self.column)
        return _fit(self.values[self.record(n, rng, ctx)].tolist(), self.column)


class CountryParams(AddressParams):
    world: bool | None = Field(
        None,
        description="Any country of the world instead of the address group's country. "
        "Default: for nationality/citizenship columns, and always where the locale has no "
        "bundled places.",
    )
    distinct: bool = Field(
        False,
        description="Every row a different country of the world, in English, populous ones "
        "first in a shuffled order (a table listing countries); unique columns need it.",
    )
    world_cities: bool = Field(
        False,
        description="The country of the row's city in a table listing cities (a city column "
        "with world and distinct in the same address group): each city's own country.",
    )
    markets: bool = Field(
        False,
        description="Countries of the world weighted as a business's customers are: most "
        "rows from a few large markets (the United States, the United Kingdom, Germany …), "
        "some from anywhere. Inferred for a country column with no address beside it.",
    )

    @model_validator(mode="after")
    def _group(self) -> CountryParams:
        # Every place of a locale lies in its country, and world countries are drawn on
        # their own: which group the column joins changes nothing.
        if "group" in self.model_fields_set:
            raise ValueError(
                "group has no effect on a country: it is the locale's (any, with world) "
                "whatever the group"
            )
        if self.markets and (self.distinct or self.world_cities or self.world is False):
            raise ValueError(
                "markets draws countries of the whole world, weighted: it goes with neither "
                "distinct, world_cities nor world false"
            )
        return self


_WORLDLY = re.compile(r".*(nationality|citizenship).*")


class _CountryGenerator(_AddressGenerator[CountryParams]):
    method: ClassVar[str] = ""
    supports_unique = True

    def __init__(self, params: CountryParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        world = params.world
        if world is None:
            world = bool(_WORLDLY.fullmatch(column.name.lower()))
        # A country column of two or three characters holds codes (country char(2)):
        # names cut to fit read "Un" for the United States.
        limit = column.type.length
        self.codes = self.method == "country_code" or (limit is not None and limit <= 3)
        method = "country_code" if self.codes else self.method
        self.pool = _pools.pool(self.locale, method) if world or not self.places else None
        if column.unique and not params.distinct:
            raise ValueError(f"{column.path}: unique countries are a list: set distinct")

    def own(self) -> str:
        raise NotImplementedError

    def world_names(self) -> NDArray[np.object_]:
        """This column's value for each of the world's countries (name or code)."""
        raise NotImplementedError

    def domain_size(self) -> int:
        if self.params.distinct or self.params.markets:
            return len(_world.world().country_name)
        return 1 if self.pool is None else len(self.pool)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        p = self.params
        if p.distinct:
            order = _country_order(self.stream.key)
            picked = order[ctx.row_numbers(n) % len(order)]
            return _fit(self.world_names()[picked].tolist(), self.column)
        if p.world_cities:
            # the row's world city, as a distinct world city column of the same group
            # lists it (same group, same key)
            record = _world_place_records(self.stream, True, n, rng, ctx)
            country = _world.world().city_country[record]
            return _fit(self.world_names()[country].tolist(), self.column)
        if p.markets:
            picked = _world.market_alias().draw(n, rng)
            return _fit(self.world_names()[picked].tolist(), self.column)
        if self.pool is not None:
            return _fit(_pick(self.pool, n, rng), self.column)
        return _fit([self.own()] * n, self.column)


@lru_cache(maxsize=64)
def _country_order(key: int) -> NDArray[np.int64]:
    """The world's countries in a keyed order weighted by the square root of population."""
    return _world.weighted_order(np.sqrt(_world.world().country_weight), key)


class CountryGenerator(_CountryGenerator):
    """The address group's country, named in the locale's language (``Deutschland``); any
    country with ``world`` (and where no places are bundled); a list of distinct countries
    (``distinct``); the country of the row's world city (``world_cities``). In a column
    of two or three characters (``char(2)``), its ISO 3166 alpha-2 code."""

    name = "country"
    method = "country"
    pg_types = TEXT_KEYS

    def own(self) -> str:
        assert self.places is not None
        return self.places.country_code if self.codes else self.places.country

    def world_names(self) -> NDArray[np.object_]:
        world = _world.world()
        return world.country_code if self.codes else world.country_name


class CountryCodeGenerator(_CountryGenerator):
    """ISO 3166 alpha-2 code of the address group's country (any country with ``world``;
    a list of distinct ones with ``distinct``)."""

    name = "country_code"
    method = "country_code"
    pg_types = TEXT_KEYS

    def own(self) -> str:
        assert self.places is not None
        return self.places.country_code

    def world_names(self) -> NDArray[np.object_]:
        return _world.world().country_code


class GeoParams(AddressParams):
    decimals: int = Field(
        6, ge=0, le=12, description="Digits after the decimal point (at most numeric's scale)."
    )


class _GeoGenerator(_AddressGenerator[GeoParams]):
    """Coordinates a few km around the address group's city (inside its country)."""

    pg_types = frozenset({"float4", "float8", "numeric"})
    latitude: ClassVar[bool] = True

    def __init__(self, params: GeoParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        t = column.type
        precision, scale = t.precision_scale
        decimals = params.decimals
        top = 90 if self.latitude else 180
        if t.name == "numeric" and precision is not None:
            decimals = min(decimals, max(scale, 0))
            if 10 ** (precision - scale) <= top:
                raise ValueError(f"{column.path}: {t} cannot hold {self.name}s up to ±{top}")
        self.decimals = decimals
        self.is32 = t.name == "float4"
        self.land = _places.land_places(self.locale) if self.places is None else None

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> NDArray[Any]:
        radius: NDArray[np.float64] | float
        if self.places is not None:
            record = self.record(n, rng, ctx)
            lat, lon = self.places.lat[record], self.places.lon[record]
            radius = self.places.radius_km[record]
        else:
            assert self.land is not None
            pick = self.stream.below("place", len(self.land.lat), n, rng, ctx)
            lat, lon, radius = self.land.lat[pick], self.land.lon[pick], self.land.radius_km
        u_radius = self.stream.uniform("geo_radius", n, rng, ctx)
        u_angle = self.stream.uniform("geo_angle", n, rng, ctx)
        lat, lon = _places.jitter(lat, lon, radius, u_radius, u_angle)
        # (a point past the antimeridian wraps round; none of the bundled places is near it)
        value = np.clip(lat, -90.0, 90.0) if self.latitude else (lon + 180.0) % 360.0 - 180.0
        value = np.round(value, self.decimals)
        return value.astype(np.float32) if self.is32 else value


class LatitudeGenerator(_GeoGenerator):
    """Latitudes a few km around the address group's city (degrees, WGS 84)."""

    name = "latitude"


class LongitudeGenerator(_GeoGenerator):
    """Longitudes a few km around the address group's city (degrees, WGS 84)."""

    name = "longitude"
    latitude = False


# --------------------------------------------------------------------------- business


class CompanyGenerator(_CompanyGenerator):
    """The company group's company name (``Schmidt GmbH``, ``Ryan PLC``); its domain, URL
    and work e-mails follow in the same row."""

    name = "company"
    pg_types = TEXT_KEYS
    supports_unique = True  # each row its own company of the catalogue (company_picks)

    def domain_size(self) -> int:
        return len(self.catalog)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        size = len(self.catalog)
        unique = self.column.unique
        picks = company_picks(self.stream, self.column, size, n, rng, ctx, unique)
        return _fit(self.catalog.names[picks].tolist(), self.column)


class JobTitleGenerator(_PoolGenerator):
    """Job titles in the locale's language."""

    name = "job_title"
    method = "job"


# --------------------------------------------------------------------------- texts


class TitleParams(Params):
    min_words: int = Field(2, ge=1, le=50, description="Fewest words.")
    max_words: int = Field(6, ge=1, le=50, description="Most words.")

    @model_validator(mode="after")
    def _order(self) -> TitleParams:
        if self.min_words > self.max_words:
            raise ValueError("min_words must not be greater than max_words")
        return self


_W = TypeVar("_W", bound=Params)


class _WordsGenerator(Generator[_W]):
    """Texts of the locale's words, no longer than the column allows."""

    pg_types = TEXT_KEYS

    def __init__(self, params: _W, column: ColumnInfo) -> None:
        super().__init__(params, column)
        vocab = _wordlists.vocabulary(column.locale)
        self.limit = column.type.length
        self.vocab = vocab.limited(self.limit) if self.limit is not None else vocab


class TitleGenerator(_WordsGenerator[TitleParams]):
    """Short capitalized phrases from the locale's words (headlines, product titles),
    written as its language is (no spaces between Japanese words)."""

    name = "title"

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        p = self.params
        texts = words_text(
            self.vocab, n, rng, (p.min_words, p.max_words), capitalize=True, max_len=self.limit
        )
        # joined as the language writes: no spaces in Japanese, '。' ends its sentences
        return _wordlists.written(texts, self.column.locale)


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


class ParagraphGenerator(_WordsGenerator[ParagraphParams]):
    """Sentences of the locale's words (descriptions, notes, comments), written as its
    language is (``。`` after Japanese sentences); cut at a word boundary to fit
    varchar(n)."""

    name = "paragraph"

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        p = self.params
        texts = words_text(
            self.vocab,
            n,
            rng,
            (p.min_words, p.max_words),
            sentences=(p.min_sentences, p.max_sentences),
            max_len=self.limit,
        )
        return _wordlists.written(texts, self.column.locale)


# --------------------------------------------------------------------------- numbers


class PriceGenerator(DecimalGenerator):
    """Positive money-like amounts with 2 decimals, skewed to small values (log-uniform
    between min and max)."""

    name = "price"
    default_for = frozenset()
    Params = DecimalParams  # amounts: no NaN/Infinity parameters
    default_min = 1.0
    default_max = 500.0

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


class BirthDateGenerator(RangedGenerator[BirthDateParams]):
    """Birth dates of people aged min_age..max_age at a fixed reference date."""

    name = "birth_date"
    pg_types = frozenset({"date", "timestamp", "timestamptz"})
    supports_unique = True
    supports_distribution = True
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
    GenderGenerator,
    EmailGenerator,
    UsernameGenerator,
    DomainGenerator,
    UrlGenerator,
    PhoneGenerator,
    PostalCodeGenerator,
    StreetAddressGenerator,
    SecondaryAddressGenerator,
    CityGenerator,
    StateGenerator,
    CountryGenerator,
    CountryCodeGenerator,
    LatitudeGenerator,
    LongitudeGenerator,
    CompanyGenerator,
    JobTitleGenerator,
    TitleGenerator,
    ParagraphGenerator,
    PriceGenerator,
    QuantityGenerator,
    AgeGenerator,
    BirthDateGenerator,
)

