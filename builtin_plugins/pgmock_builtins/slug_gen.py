"""``core.slug``: a URL slug made from a text column of the same row (its title or name).

``How to Cook a Perfect Risotto!`` → ``how-to-cook-a-perfect-risotto``: lower-cased,
accents dropped (NFKD, then ASCII), every run of other characters one ``-``, none at
either end. A title with no letter or digit gives ``untitled``.

In a unique column, a slug that repeats one earlier in the table gets ``-2``, ``-3`` …
(what blog engines do). A generator sees one chunk of rows at a time, not the rows before
it, so the chunks after the first cannot know which slugs are taken: their slugs end in
a short code of the row (``blue-widget-k3f9``: letters and digits in turn, a keyed
bijection of the row's number, four characters up to 67,600 rows, six up to 17 million),
so two of them never meet. And a slug of the first chunk whose title itself ends in a
word of that shape (``Formula E1 B2 K9`` of a table with codes of six) gets ``-1`` (no code
is one character), so the whole table stays unique by construction.
The text is made with whole-column string operations over the joined titles (a
translation table, one regex pass); repeats are found with a set and, only when there
are some, numbered through a sort (``bench/render_bench.py --generators`` times it).
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Any

from pydantic import Field

from pgmock_builtins._vec import concat, int_texts, str_lengths, truncate
from pgmock_sdk import GenContext, Generator, Params
from pgmock_sdk.lazy import np
from pgmock_sdk.pgtypes import TEXT_TYPES
from pgmock_sdk.unique import permute

if TYPE_CHECKING:
    from numpy.typing import NDArray

# Titles are joined with NUL, which PostgreSQL text never holds, and split again after.
_SEP = "\x00"
# Every ASCII character but a-z, 0-9 and the separator becomes "-".
_DASHES = str.maketrans(
    {c: "-" for c in map(chr, range(128)) if not (c.isascii() and c.isalnum()) and c != _SEP}
)
_RUNS = re.compile(r"--+")
_LIGATURES = str.maketrans(
    {"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ł": "l", "đ": "d", "þ": "th", "ð": "d", "ı": "i"}
)
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_DIGITS = "0123456789"
_PAIR = len(_LETTERS) * len(_DIGITS)  # one letter and one digit of a row's code
UNTITLED = "untitled"


class SlugParams(Params):
    source_column: str = Field(
        description="The text column generated earlier in the row the slug is made from "
        "(its title or name)."
    )


def slugify(values: list[Any]) -> list[str]:
    """Slugs of a column of texts (None and texts without letters or digits: ``untitled``)."""
    if not values:
        return []
    texts = np.array(values, dtype=object)
    texts[texts == None] = ""  # noqa: E711 (elementwise)
    joined = _SEP.join(map(str, texts.tolist())).lower().translate(_LIGATURES)
    plain = unicodedata.normalize("NFKD", joined).encode("ascii", "ignore").decode("ascii")
    plain = plain.lower()  # what decomposing may have left upper-case
    dashed = _RUNS.sub("-", plain.translate(_DASHES))
    trimmed = dashed.replace(_SEP + "-", _SEP).replace("-" + _SEP, _SEP).strip("-")
    out = np.array(trimmed.split(_SEP), dtype=object)
    out[out == ""] = UNTITLED
    return list(out.tolist())


def _has_repeats(values: list[str]) -> bool:
    return len(set(values)) < len(values)


def _occurrences(values: np.ndarray) -> np.ndarray:
    """For each value, how many equal values come before it (0 for the first)."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    starts = np.ones(len(values), dtype=bool)
    starts[1:] = ordered[1:] != ordered[:-1]
    group_start = np.maximum.accumulate(np.where(starts, np.arange(len(values)), 0))
    occ = np.empty(len(values), dtype=np.int64)
    occ[order] = np.arange(len(values)) - group_start
    return occ


class SlugGenerator(Generator[SlugParams]):
    """A URL slug of a text column of the row (``source_column``, its title or name):
    lower-case letters and digits joined by ``-``; in a unique column a repeat gets
    ``-2``, ``-3`` …, and past the first 10,000 rows each slug a short code of its row
    (``-k3f9``)."""

    name = "slug"
    pg_types = frozenset(TEXT_TYPES)
    supports_unique = True
    column_params = ("source_column",)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        source = self.params.source_column
        # pgmock validate makes sure the host generates the source first; a generator
        # used on its own, without the row, makes slugs of nothing: "untitled", "untitled-2"
        values = ctx.rows.get(source)
        if values is None or len(values) != n:
            values = [None] * n
        texts = values.tolist() if isinstance(values, np.ndarray) else list(values)
        null = ctx.nulls.get(source)
        if null is not None and len(null) == n and null.any():
            arr = np.array(texts, dtype=object)
            arr[null] = None  # a NULL title has no words
            texts = arr.tolist()
        slugs = slugify(texts)
        limit = self.column.type.length
        if not self.column.unique:
            return slugs if limit is None else truncate(slugs, limit)
        return self._unique(slugs, ctx, n, limit)

    def _unique(self, slugs: list[str], ctx: GenContext, n: int, limit: int | None) -> list[str]:
        rows = ctx.row_numbers(n)
        base = np.array(slugs, dtype=object)
        suffix = np.full(n, "", dtype=object)
        pairs = self._pairs()
        if ctx.offset > 0 or ctx.row_index is not None:
            # not the table's first rows: the row's own code; a slug's last part tells the
            # rows apart, so these are distinct by construction
            suffix[:] = concat("-", self._codes(rows, pairs))
            return list(self._fit(base, suffix, limit).tolist())
        if n < self.column.row_count:
            # a title ending in a word a later row's code could be
            suffix[self._coded(slugs, n, pairs)] = "-1"
        named = concat(slugs, suffix.tolist())
        if _has_repeats(named):
            occ = _occurrences(np.array(named, dtype=object))
            repeat = occ > 0
            suffix[repeat] = concat(suffix[repeat].tolist(), "-", int_texts(occ[repeat] + 1))
        out = self._fit(base, suffix, limit)
        # A suffixed slug can equal another row's own (titles "Post" twice and "Post 2"):
        # those take the row's number as well, until every slug is distinct.
        for _ in range(8):
            if not _has_repeats(out.tolist()):
                return list(out.tolist())
            repeat = _occurrences(out) > 0
            suffix[repeat] = concat(suffix[repeat].tolist(), "-", int_texts(rows[repeat] + 1))
            out = self._fit(base, suffix, limit)
        raise ValueError(f"{self.column.path}: slugs could not be made distinct")

    def _pairs(self) -> int:
        """How many letter-digit pairs a row's code has: enough for every row (two at
        least, so a code never reads as a word)."""
        pairs, room = 2, _PAIR**2
        while room < self.column.row_count:
            pairs, room = pairs + 1, room * _PAIR
        return pairs

    def _codes(self, rows: NDArray[np.int64], pairs: int) -> list[str]:
        """Each row's code: its number through a keyed bijection of ``[0, 260**pairs)``,
        written a letter, a digit, a letter … (``k3f9``)."""
        domain = _PAIR**pairs
        if len(rows) and int(rows.max()) >= domain:  # a row numbering past the table's
            pairs, domain = pairs + 1, domain * _PAIR
        left = permute(rows, domain, self.column.key)
        letters, digits = (np.array(list(chars), dtype=object) for chars in (_LETTERS, _DIGITS))
        parts: list[Any] = []
        for _ in range(pairs):
            left, digit = np.divmod(left, len(_DIGITS))
            left, letter = np.divmod(left, len(_LETTERS))
            parts += [letters[letter].tolist(), digits[digit].tolist()]
        return concat(*parts)

    @staticmethod
    def _coded(slugs: list[str], n: int, pairs: int) -> NDArray[np.bool_]:
        """Rows whose slug ends in ``-`` and a word of a row code's shape."""
        coded = np.zeros(n, dtype=bool)
        joined = _SEP.join(slugs)
        ends = np.cumsum(str_lengths(slugs) + 1)
        for match in re.finditer(rf"-(?:[a-z][0-9]){{{pairs}}}(?=\x00|$)", joined):
            coded[np.searchsorted(ends, match.end(), side="left")] = True
        return coded

    @staticmethod
    def _fit(base: np.ndarray, suffix: np.ndarray, limit: int | None) -> np.ndarray:
        """``base + suffix``, the base cut (no ``-`` left at its end) where the whole
        would not fit ``limit`` characters."""
        whole = np.array(concat(base.tolist(), suffix.tolist()), dtype=object)
        if limit is None:
            return whole
        room = limit - str_lengths(suffix.tolist())
        over = np.flatnonzero(str_lengths(whole.tolist()) > limit)
        for i in over.tolist():  # the few rows too long: a title longer than the column
            cut = base[i][: max(int(room[i]), 1)].rstrip("-") or base[i][:1]
            whole[i] = cut + suffix[i]
        return whole
