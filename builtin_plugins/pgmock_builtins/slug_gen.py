"""``core.slug``: a URL slug made from a text column of the same row (its title or name).

``How to Cook a Perfect Risotto!`` → ``how-to-cook-a-perfect-risotto``: lower-cased,
accents dropped (NFKD, then ASCII), every run of other characters one ``-``, none at
either end. A title with no letter or digit gives ``untitled``.

In a unique column, a slug that repeats one earlier in the table gets ``-2``, ``-3`` …
(what blog engines do). A generator sees one chunk of rows at a time, not the rows before
it, so the chunks after the first cannot know which slugs are taken: their slugs end in
the row's number (``-10001``), larger than any row of the first chunk. And a slug of the
first chunk whose title itself ends in such a number (``Top 50000``) gets ``-1`` (no
repeat and no later row is numbered 1), so the whole table stays unique by construction.
The text is made with whole-column string operations: one regex pass over the joined
titles, a sort to number repeats.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import numpy as np
from pydantic import Field

from pgmock_builtins._vec import concat, int_texts, truncate
from pgmock_sdk import GenContext, Generator, Params
from pgmock_sdk.pgtypes import TEXT_TYPES

# Titles are joined with NUL, which PostgreSQL text never holds, and split again after.
_SEP = "\x00"
_OTHER = re.compile(r"[^a-z0-9\x00]+")
_ENDS = re.compile(r"(?:^|(?<=\x00))-+|-+(?=\x00|$)")
_LIGATURES = str.maketrans(
    {"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ł": "l", "đ": "d", "þ": "th", "ð": "d", "ı": "i"}
)
_TRAILING_NUMBER = re.compile(r"-(\d+)$")
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
    texts = [v if isinstance(v, str) else "" for v in values]
    joined = _SEP.join(t.replace(_SEP, " ") for t in texts).lower().translate(_LIGATURES)
    plain = unicodedata.normalize("NFKD", joined).encode("ascii", "ignore").decode("ascii")
    slugs = _ENDS.sub("", _OTHER.sub("-", plain)).split(_SEP)
    out = np.array(slugs, dtype=object)
    out[out == ""] = UNTITLED
    return list(out.tolist())


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
    ``-2``, ``-3`` …"""

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
        if ctx.offset > 0 or ctx.row_index is not None:
            # not the table's first rows: the row's own number, past the first chunk's
            suffix[:] = concat("-", int_texts(rows + 1))
        else:
            if n < self.column.row_count:
                # a title ending in a number a later row's suffix could be
                ends = [_TRAILING_NUMBER.search(s) for s in slugs]
                late = np.fromiter(
                    (m is not None and int(m.group(1)) > n for m in ends), bool, count=n
                )
                suffix[late] = "-1"
            occ = _occurrences(np.array(concat(slugs, suffix.tolist()), dtype=object))
            repeat = occ > 0
            if repeat.any():
                suffix[repeat] = concat(suffix[repeat].tolist(), "-", int_texts(occ[repeat] + 1))
        out = self._fit(base, suffix, limit)
        # A suffixed slug can equal another row's own (titles "Post" twice and "Post 2"):
        # those take the row's number as well, until every slug is distinct.
        for _ in range(8):
            occ = _occurrences(out)
            repeat = occ > 0
            if not repeat.any():
                return list(out.tolist())
            suffix[repeat] = concat(suffix[repeat].tolist(), "-", int_texts(rows[repeat] + 1))
            out = self._fit(base, suffix, limit)
        raise ValueError(f"{self.column.path}: slugs could not be made distinct")

    @staticmethod
    def _fit(base: np.ndarray, suffix: np.ndarray, limit: int | None) -> np.ndarray:
        """``base + suffix``, the base cut (no ``-`` left at its end) so that the whole
        fits ``limit`` characters."""
        if limit is None:
            return np.array(concat(base.tolist(), suffix.tolist()), dtype=object)
        room = limit - np.fromiter(map(len, suffix.tolist()), np.int64, count=len(suffix))
        cut = [b[: max(r, 1)].rstrip("-") or b[:1] for b, r in zip(base.tolist(), room)]
        return np.array(concat(cut, suffix.tolist()), dtype=object)
