"""``core.search_vector``: a tsvector of the row's own text, as PostgreSQL would index it.

The value equals ``to_tsvector('simple', concat_ws(' ', c1, c2, …))`` over the source
columns (text columns generated earlier in the row; their NULLs left out): the text is split
the way PostgreSQL's default parser splits words — runs of letters and digits are
words, a hyphenated word yields the whole word and then its parts (``post-war`` →
``post-war``, ``post``, ``war``), everything else separates — each word lower-cased is a
lexeme, positions count the words from 1. The ``simple`` configuration keeps every word;
``english`` (stemming and stop words) is not reproduced: a trigger or generated column
with ``to_tsvector('english', …)`` on restore holds fewer, stemmed lexemes.

The per-row work is one ``re.findall`` and a dict of positions (the text, not numpy, is
the unit here); tsvector columns are few and their texts short.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
from pydantic import Field

from pgmock_builtins.textsearch_gen import quote_lexeme
from pgmock_sdk import GenContext, Generator, Params

# The default parser's word tokens, as far as titles and descriptions use them: letters
# and digits (any script), hyphenated compounds of those.
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
# Source columns when none are named: titles, names and texts of the row.
_SOURCE = re.compile(
    r"(\w+_)?(title|name|headline|subject|caption|description|summary|synopsis|body|content"
    r"|text|abstract|overview|keywords|tags|notes?|comments?|details|plot|blurb)"
)
_MAX_POSITION = 16383
_MAX_POSITIONS = 256


class SearchVectorParams(Params):
    source_columns: list[str] | None = Field(
        None,
        description="Text columns generated earlier in the row whose words make the vector, "
        "in this order. Default: the earlier columns named like title, name, description, "
        "summary, body, content …",
    )


def to_tsvector_simple(text: str) -> str:
    """``to_tsvector('simple', text)::text`` for the words the default parser sees as
    words and hyphenated words."""
    positions: dict[str, list[int]] = {}
    pos = 0
    for token in _WORD.findall(text.lower()):
        parts = [token, *token.split("-")] if "-" in token else [token]
        for part in parts:
            pos += 1
            if pos > _MAX_POSITION:
                pos = _MAX_POSITION
            seen = positions.setdefault(part, [])
            if len(seen) < _MAX_POSITIONS and (not seen or seen[-1] != pos):
                seen.append(pos)
    ordered = sorted(positions, key=lambda w: w.encode("utf-8"))
    return " ".join(f"{quote_lexeme(w)}:{','.join(map(str, positions[w]))}" for w in ordered)


class SearchVectorGenerator(Generator[SearchVectorParams]):
    """A search document of the row's own text: ``to_tsvector('simple', …)`` of its
    title, name and description columns (or ``source_columns``), so a search for a word of
    the row finds the row."""

    name = "search_vector"
    pg_types = frozenset({"tsvector"})

    def sources(self, ctx: GenContext, n: int) -> list[list[Any]]:
        wanted = self.params.source_columns
        if wanted is not None:
            missing = [c for c in wanted if c not in ctx.rows]
            if missing:
                raise ValueError(
                    f"source_columns {missing} are not generated before {self.column.name!r} "
                    "in this row (declare them earlier in the table)"
                )
            names = wanted
        else:
            names = [k for k in ctx.rows if "." not in k and _SOURCE.fullmatch(k.lower())]
        out = []
        for name in names:
            values = ctx.rows[name]
            if isinstance(values, np.ndarray) and values.dtype.kind in "UO":
                values = values.tolist()
            if not isinstance(values, list) or len(values) != n:
                continue
            null = ctx.nulls.get(name)
            if null is not None and len(null) == n and null.any():
                arr = np.array(values, dtype=object)
                arr[null] = None  # NULL in the output: no words of it in the vector
                values = arr.tolist()
            out.append(values)
        return out

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        columns = self.sources(ctx, n)
        if not columns:
            return [""] * n
        texts = [
            " ".join(v for v in row if isinstance(v, str)) for row in zip(*columns)
        ]  # one join per row: the words must be counted per row anyway
        return [to_tsvector_simple(t) for t in texts]
