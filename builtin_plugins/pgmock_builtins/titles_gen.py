"""Titles of works and descriptions that talk about the row's title.

``core.work_title`` fills titles of films, books, songs, albums, shows, games, articles,
courses and events from templates and word lists (``corpora/titles.txt``): every combination of a
template and its words is one title, and row ``r`` of a table gets combination
``permute(r)`` (keyed by the column), so titles are distinct by construction until the
combinations run out, then numbered ("Midnight Harbor II"). Unique columns are therefore
always possible.

``core.description`` writes one or two sentences that name the row's title (a column
generated earlier in the row: ``title``, ``name`` …) and say what it is about in the
vocabulary of its kind: a film's or book's premise, a product's qualities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

import numpy as np
from pydantic import Field

from pgmock_builtins._corpora import read_corpus
from pgmock_builtins._vec import concat, str_lengths, truncate
from pgmock_builtins.terms_gen import roman_suffixes
from pgmock_sdk import ColumnInfo, GenContext, Generator, Params
from pgmock_sdk.pgtypes import TEXT_TYPES
from pgmock_sdk.unique import permute

if TYPE_CHECKING:
    from numpy.typing import NDArray

TEXT_KEYS = frozenset(TEXT_TYPES)
_SLOT = re.compile(r"\{(\w+)\}")

TitleKind = Literal[
    "film", "book", "song", "album", "show", "game", "article", "course", "event"
]
DescriptionKind = Literal["film", "book", "product", "dish", "issue", "reply", "generic"]


@dataclass(frozen=True)
class Template:
    """A pattern split into literal pieces and the word lists between them."""

    pieces: tuple[str, ...]  # len(slots) + 1
    slots: tuple[NDArray[np.object_], ...]

    @property
    def size(self) -> int:
        return int(np.prod([len(s) for s in self.slots], dtype=np.int64)) if self.slots else 1

    @property
    def longest(self) -> int:
        fixed = sum(map(len, self.pieces))
        return fixed + sum(int(str_lengths(s.tolist()).max()) for s in self.slots)

    def fill(self, digits: list[NDArray[np.int64]]) -> list[str]:
        """The texts for these word indices (one array per slot)."""
        parts: list[list[str] | str] = [self.pieces[0]]
        for slot, idx, piece in zip(self.slots, digits, self.pieces[1:]):
            parts += [slot[idx].tolist(), piece]
        return concat(*parts)


def _words(
    sections: dict[str | None, list[str]], kind: str, slot: str, description: bool = False
) -> NDArray[np.object_]:
    """A slot's words: for titles the kind's own list (film_noun), else the shared one
    (noun); for descriptions the d_ list (d_who). ``noun2`` is another draw of ``noun``."""
    base = re.sub(r"\d+$", "", slot)
    names = (f"d_{base}",) if description else (f"{kind}_{base}", base)
    for name in names:
        words = [w for w in sections.get(name, ()) if w]
        if words:
            return np.array(words, dtype=object)
    raise KeyError(f"titles.txt has no words for {{{slot}}} of {kind}")


@lru_cache(maxsize=32)
def templates(section: str, kind: str) -> tuple[Template, ...]:
    sections = read_corpus("titles.txt")
    out = []
    for line in filter(None, sections[section]):
        pieces = tuple(_SLOT.split(line)[0::2])
        names = _SLOT.findall(line)
        if section.startswith("description_"):  # filled per row with the row's title
            out.append(Template((line,), ()))
            continue
        slots = tuple(_words(sections, kind, n) for n in names)
        out.append(Template(pieces, slots))
    return tuple(out)


class WorkTitleParams(Params):
    kind: TitleKind = Field(
        "film",
        description="What is titled: film, book, song, album, show, game, article, course or "
        "event (a festival, conference or meetup).",
    )


@lru_cache(maxsize=32)
def all_titles(kind: str, limit: int | None) -> NDArray[np.object_]:
    """Every distinct title of a kind (templates × words, about 10,000–50,000), in a fixed
    order; only those of at most ``limit`` characters when they are enough."""
    out: list[str] = []
    for template in templates(f"{kind}_templates", kind):  # a few templates, not rows
        grids = np.meshgrid(*[np.arange(len(slot)) for slot in template.slots], indexing="ij")
        out += template.fill([g.reshape(-1) for g in grids])
    titles = np.array(list(dict.fromkeys(out)), dtype=object)  # one spelling once
    if limit is not None:
        short = titles[str_lengths(titles.tolist()) <= limit]
        if len(short):
            return short
    return titles


class WorkTitleGenerator(Generator[WorkTitleParams]):
    """Titles of films, books, songs, albums, shows, games, articles, courses or events
    ("Midnight Harbor", "The Secret of Lisbon") from templates; distinct per row until the
    combinations run out, then numbered, so unique columns never fail."""

    name = "work_title"
    pg_types = TEXT_KEYS
    supports_unique = True

    def __init__(self, params: WorkTitleParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        self.limit = column.type.length
        self.titles = all_titles(params.kind, self.limit)
        if column.unique and self.limit is not None:
            longest = int(str_lengths(self.titles.tolist()).max())
            if longest > self.limit:
                raise ValueError(
                    f"{column.path}: unique {params.kind} titles need up to {longest} "
                    f"characters; {column.type.display()} is too short"
                )
        self.total = len(self.titles)
        # numbered repeats ("… II") must fit too: else unique titles stop at the list's end
        self.rounds = 1_000_000 if self.limit is None or not column.unique else 1

    def domain_size(self) -> int:
        return self.total * self.rounds

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        rows = ctx.row_numbers(n)
        rounds, within = np.divmod(rows, self.total)
        if self.column.unique and n and int(rounds[-1]) >= self.rounds:
            raise ValueError(
                f"{self.column.path}: row {int(rows[-1]) + 1:,} needs a unique title but "
                f"there are only {self.total:,}"
            )
        texts = self.titles[permute(within, self.total, self.column.key)].tolist()
        if rounds.any():
            texts = concat(texts, roman_suffixes(rounds))
        return truncate(texts, self.limit) if self.limit is not None else texts


def _articles(texts: list[str]) -> list[str]:
    """ "a" before a vowel becomes "an" (a intimate → an intimate), a column at a time."""
    if not texts:
        return texts
    arr = np.array(texts, dtype=np.dtypes.StringDType())
    for vowel in "aeiouAEIOU":
        arr = np.strings.replace(arr, f" a {vowel}", f" an {vowel}")
        arr = np.strings.replace(arr, f"A {vowel}", f"An {vowel}")
    return list(arr.tolist())


_TITLE_COLUMN = re.compile(r"(\w+_)?(title|name)")
_NO_TITLE = {
    "film": "This film", "book": "This book", "product": "This product", "dish": "This dish"
}


class DescriptionParams(Params):
    kind: DescriptionKind = Field(
        "generic",
        description="What is described: film, book, product, dish (on a menu), issue (a "
        "support ticket's or bug report's body), reply (a comment on one) or generic.",
    )
    title_column: str | None = Field(
        None,
        description="A text column generated earlier in the row whose value the description "
        "names. Default: the first earlier column named title, name or *_title/*_name.",
    )


class DescriptionGenerator(Generator[DescriptionParams]):
    """One or two sentences about the row's title (a column generated earlier): a film's
    or book's premise, a product's qualities ("The Bamboo Desk Lamp is sturdy, minimal
    and built for the office.")."""

    name = "description"
    pg_types = TEXT_KEYS

    def __init__(self, params: DescriptionParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        self.lines = templates(f"description_{params.kind}", params.kind)
        sections = read_corpus("titles.txt")
        names = sorted({n for t in self.lines for n in _SLOT.findall(t.pieces[0])} - {"title"})
        self.words = {n: _words(sections, params.kind, n, description=True) for n in names}
        self.limit = column.type.length

    def titles(self, n: int, ctx: GenContext) -> list[str] | None:
        wanted = self.params.title_column
        for key, values in ctx.rows.items():
            if key == self.column.name:
                continue
            if (wanted is not None and key != wanted) or (
                wanted is None and not _TITLE_COLUMN.fullmatch(key.lower())
            ):
                continue
            if (
                isinstance(values, list)
                and len(values) == n
                and all(map(isinstance, values, [str] * n))
            ):
                return values
        if wanted is not None:
            raise ValueError(
                f"title_column {wanted!r} is not a text column generated before "
                f"{self.column.name!r} in this row (declare it earlier in the table)"
            )
        return None

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        titles = self.titles(n, ctx)
        if titles is None:
            titles = [_NO_TITLE.get(self.params.kind, "It")] * n
        which = rng.integers(0, len(self.lines), n)
        drawn = {name: words[rng.integers(0, len(words), n)] for name, words in self.words.items()}
        out = np.empty(n, dtype=object)
        title_arr = np.array(titles, dtype=object)
        for t_index, template in enumerate(self.lines):  # a pass per template, not row
            sel = np.flatnonzero(which == t_index)
            if not sel.size:
                continue
            line = template.pieces[0]
            pieces = _SLOT.split(line)
            parts: list[list[str] | str] = []
            for i, piece in enumerate(pieces):
                if i % 2 == 0:
                    parts.append(piece)
                elif piece == "title":
                    parts.append(title_arr[sel].tolist())
                else:
                    parts.append(drawn[piece][sel].tolist())
            out[sel] = concat(*parts)
        texts = _articles(list(out.tolist()))
        return truncate(texts, self.limit) if self.limit is not None else texts
