"""Text search generators: tsvector and tsquery in PostgreSQL's canonical output form.

tsvector prints its lexemes distinct and sorted (``tsCompareString``: bytewise over the
shorter length, then the shorter first — plain lexicographic order of the UTF-8 bytes),
each single-quoted with ``'`` and ``\\`` doubled, followed by its positions ascending
with weight letters A/B/C (D is printed bare): ``'cat':3 'fat':2A,7``.

tsquery prints its operator tree with the rules of ``infix()`` in tsquery.c: operands
quoted like lexemes, binary operators spaced (`` & ``, `` | ``, `` <-> ``), ``!`` glued to
its operand, and ``( … )`` around an operand whose operator binds less tightly than its
parent's (priorities: ``|`` 1, ``&`` 2, ``<->`` 3, ``!`` 4) or that is a phrase on the
right of a phrase. The generator enumerates every tree shape once, prints each as a token
template, and fills the templates for a whole batch with numpy gathers.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import product
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, TypeVar, cast

import numpy as np
from pydantic import Field, field_validator, model_validator

from pgmock_builtins._vec import concat, int_texts, join_tokens
from pgmock_builtins._wordlists import vocabulary
from pgmock_builtins.geometric_gen import group_join
from pgmock_sdk import ColumnInfo, GenContext, Generator, Params

if TYPE_CHECKING:
    from collections.abc import Iterator

    from numpy.typing import NDArray

# A lexeme is at most 2047 bytes; a lexeme has at most 256 positions (1..16383).
_MAX_LEXEME_BYTES = 2047
_MAX_POSITIONS = 256
# Gap between consecutive positions of one lexeme: 1.._POSITION_STEP words.
_POSITION_STEP = 20
_WEIGHT_LETTERS = np.array(["", "A", "B", "C"], dtype=object)


def quote_lexeme(word: str) -> str:
    """A lexeme as tsvector/tsquery output writes it: quoted, ``'`` and ``\\`` doubled."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def _check_words(words: list[str] | None) -> list[str] | None:
    if words is None:
        return None
    for w in words:
        if not w:
            raise ValueError("words must not be empty strings")
        if "\x00" in w:
            raise ValueError("words must not contain NUL")
        if len(w.encode("utf-8")) > _MAX_LEXEME_BYTES:
            raise ValueError(f"word {w[:20]!r}… is longer than {_MAX_LEXEME_BYTES} bytes")
    if not words:
        raise ValueError("words must not be empty")
    return words


@lru_cache(maxsize=32)
def _locale_lexemes(locale: str) -> tuple[str, ...]:
    """The locale's word list lower-cased, as one-word lexemes (no spaces or quotes)."""
    words = {w.lower() for w in vocabulary(locale).words.tolist()}
    return tuple(sorted(w for w in words if w.isalnum()))


@lru_cache(maxsize=64)
def _lexeme_table(words: tuple[str, ...]) -> tuple[NDArray[np.object_], int]:
    """Distinct words in tsvector order, quoted; built once per vocabulary."""
    distinct = sorted(set(words), key=lambda w: w.encode("utf-8"))
    table = np.empty(len(distinct), dtype=object)
    table[:] = list(map(quote_lexeme, distinct))
    return table, len(distinct)


def distinct_draws(rows: int, k: int, size: int, rng: np.random.Generator) -> NDArray[np.int64]:
    """(rows, k) indices into ``[0, size)``, distinct within each row (``size >= k``).

    A random start plus a running sum of k steps of 1..size//k: the sums are distinct and
    span less than ``size``, so they stay distinct modulo ``size``.
    """
    step_max = max(1, size // max(k, 1))
    steps = rng.integers(1, step_max, (rows, k), endpoint=True)
    start = rng.integers(0, size, (rows, 1))
    return cast("NDArray[np.int64]", (start + np.cumsum(steps, axis=1)) % size)


_L = TypeVar("_L", bound="_LexemeParams")


class _LexemeGenerator(Generator[_L]):
    """Shared vocabulary handling: the ``words`` parameter or the locale's word list."""

    def lexemes(
        self, words: list[str] | None, lo: int, hi: int, hi_param: str
    ) -> tuple[NDArray[np.object_], int, int, int]:
        """(quoted lexemes, their count, fewest and most per value).

        A default maximum shrinks to the number of words given; an explicit one must fit.
        """
        source = tuple(words) if words is not None else _locale_lexemes(self.column.locale)
        table, size = _lexeme_table(source)
        if hi_param not in self.params.model_fields_set:
            hi = min(hi, size)
        if size < hi or size < lo:
            need = max(lo, hi)
            raise ValueError(
                f"{self.column.path}: {need} distinct lexemes per value need at least "
                f"{need} distinct words, only {size} given"
            )
        return table, size, min(lo, hi), hi


# --------------------------------------------------------------------------- tsvector


class _LexemeParams(Params):
    words: list[str] | None = Field(
        None,
        description="The lexemes to draw from. Default: the column locale's word list, "
        "lower-cased.",
    )

    @field_validator("words")
    @classmethod
    def _words(cls, v: list[str] | None) -> list[str] | None:
        return _check_words(v)


class TsvectorParams(_LexemeParams):
    min_lexemes: int = Field(1, ge=0, le=10_000, description="Fewest lexemes per value.")
    max_lexemes: int = Field(
        6,
        ge=0,
        le=10_000,
        description="Most lexemes per value (by default no more than the words given).",
    )
    min_positions: int = Field(
        0, ge=0, le=_MAX_POSITIONS, description="Fewest positions per lexeme (0: none)."
    )
    max_positions: int = Field(
        2, ge=0, le=_MAX_POSITIONS, description="Most positions per lexeme (at most 256)."
    )
    weighted_ratio: float = Field(
        0.25,
        ge=0,
        le=1,
        description="Share of positions weighted A, B or C; the rest are D (printed bare).",
    )

    @model_validator(mode="after")
    def _order(self) -> TsvectorParams:
        if self.min_lexemes > self.max_lexemes:
            raise ValueError("min_lexemes must not be greater than max_lexemes")
        if self.min_positions > self.max_positions:
            raise ValueError("min_positions must not be greater than max_positions")
        return self


class TsvectorGenerator(_LexemeGenerator[TsvectorParams]):
    """Text search documents: min_lexemes..max_lexemes distinct lexemes in tsvector's
    sorted order, each with min_positions..max_positions ascending positions, some
    weighted ('cat':3 'fat':2A,7)."""

    name = "tsvector"
    pg_types = frozenset({"tsvector"})
    default_for = pg_types

    def __init__(self, params: TsvectorParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        self.table, self.size, self.lo, self.hi = self.lexemes(
            params.words, params.min_lexemes, params.max_lexemes, "max_lexemes"
        )

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        p = self.params
        counts = rng.integers(self.lo, self.hi, n, endpoint=True)
        kmax = self.hi
        draws = distinct_draws(n, kmax, self.size, rng)
        # keep each row's first counts[i] draws, then sort them within the row
        keep = np.arange(kmax) < counts[:, None]
        row = np.repeat(np.arange(n, dtype=np.int64), counts)
        word = np.sort(row * self.size + draws[keep]) - row * self.size
        m = rng.integers(p.min_positions, p.max_positions, len(word), endpoint=True)
        entries = self.table[word].tolist()
        if p.max_positions:
            positions = self._positions(m, rng, p.weighted_ratio)
            tails = group_join(positions, m, ",")
            colons = np.where(m > 0, ":", "").tolist()
            entries = concat(entries, colons, tails)
        return group_join(entries, counts, " ")

    @staticmethod
    def _positions(m: NDArray[np.int64], rng: np.random.Generator, ratio: float) -> list[str]:
        """Texts of each lexeme's ascending positions, weight letters added.

        Positions are running sums of gaps of 1..20 within a lexeme: at most 256 * 20 =
        5120, inside PostgreSQL's 1..16383.
        """
        total = int(m.sum())
        steps = rng.integers(1, _POSITION_STEP, total, endpoint=True)
        csum = np.cumsum(steps)
        before = np.concatenate([[0], csum])[np.cumsum(m) - m]  # sum before each lexeme
        pos = csum - np.repeat(before, m)
        weighted = rng.random(total) < ratio
        letter = np.where(weighted, rng.integers(1, 4, total), 0)
        letters = _WEIGHT_LETTERS[letter].tolist()
        return concat(int_texts(pos), letters)


# --------------------------------------------------------------------------- tsquery

_PRIORITY = {"|": 1, "&": 2, "<->": 3, "!": 4}
_BINARY = ("&", "|", "<->")
# Fixed template tokens; a token id >= len(_FIXED) is operand slot (id - len(_FIXED)).
_FIXED = ("( ", " )", " & ", " | ", " <-> ", "!")
_TOKEN = {text: i for i, text in enumerate(_FIXED)}
_SLOT0 = len(_FIXED)
MAX_TERMS = 5

# A tree: an operand slot number, or (op, left, right), or ("!", child).
Tree: TypeAlias = "int | tuple[Any, ...]"


def _shapes(leaves: int, first: int) -> Iterator[Tree]:
    """Every binary tree over operand slots first..first+leaves-1 (operators unset: "?")."""
    if leaves == 1:
        yield first
        return
    for left in range(1, leaves):
        for lt in _shapes(left, first):
            for rt in _shapes(leaves - left, first + left):
                yield ("?", lt, rt)


def _assign(tree: Tree, ops: Iterator[str], negate: Iterator[bool]) -> Tree:
    """The shape with operators (pre-order) and negations of internal nodes filled in."""
    if isinstance(tree, int):
        return tree
    op = next(ops)
    neg = next(negate)
    node: Tree = (op, _assign(tree[1], ops, negate), _assign(tree[2], ops, negate))
    return ("!", node) if neg else node


def infix(tree: Tree, parent: int = 0, right_phrase: bool = False) -> list[int]:
    """Template tokens of ``tree`` exactly as PostgreSQL's tsquery ``infix()`` prints it."""
    if isinstance(tree, int):
        return [_SLOT0 + tree]
    if tree[0] == "!":
        # "!" binds tightest, so it is never wrapped; its operand may be.
        return [_TOKEN["!"], *infix(tree[1], _PRIORITY["!"])]
    op, left, right = tree
    prio = _PRIORITY[op]
    body = [*infix(left, prio), _TOKEN[f" {op} "], *infix(right, prio, op == "<->")]
    if prio < parent or (op == "<->" and right_phrase):
        return [_TOKEN["( "], *body, _TOKEN[" )"]]
    return body


@lru_cache(maxsize=16)
def query_templates(
    max_terms: int, ops: tuple[str, ...]
) -> tuple[NDArray[np.int32], NDArray[np.int64], NDArray[np.int64]]:
    """Token templates of every query with 1..max_terms operands: (templates padded with
    -1, first template id per operand count, templates per count before negation).

    Per operand count k the ids run base * 2**(k-1) + mask: ``base`` numbers the tree
    shapes times operator choices, ``mask`` says which of the k-1 operators are negated
    (bit i: the i-th in pre-order). Built once per parameter set, not per row.
    """
    rows: list[list[int]] = []
    first = np.zeros(max_terms + 1, np.int64)
    bases = np.zeros(max_terms + 1, np.int64)
    for k in range(1, max_terms + 1):
        first[k] = len(rows)
        inner = k - 1
        count = 0
        for shape in _shapes(k, 0):
            for choice in product(ops, repeat=inner):
                count += 1
                for mask in range(1 << inner):
                    negs = (bool((mask >> i) & 1) for i in range(inner))
                    rows.append(infix(_assign(shape, iter(choice), negs)))
        bases[k] = count
    width = max(map(len, rows))
    out = np.full((len(rows), width), -1, np.int32)
    for i, toks in enumerate(rows):  # once per template, at start-up
        out[i, : len(toks)] = toks
    return out, first, bases


class TsqueryParams(_LexemeParams):
    min_terms: int = Field(1, ge=1, le=MAX_TERMS, description="Fewest operands per query.")
    max_terms: int = Field(
        3,
        ge=1,
        le=MAX_TERMS,
        description=f"Most operands per query (at most {MAX_TERMS}; by default no more than "
        "the words given).",
    )
    operators: list[Literal["&", "|", "<->"]] = Field(
        ["&", "|", "<->"],
        min_length=1,
        description="Binary operators to combine operands with: & (and), | (or), <-> "
        "(followed by).",
    )
    not_ratio: float = Field(
        0.15,
        ge=0,
        le=1,
        description="Probability that an operand or an operator's group is negated with !.",
    )

    @model_validator(mode="after")
    def _order(self) -> TsqueryParams:
        if self.min_terms > self.max_terms:
            raise ValueError("min_terms must not be greater than max_terms")
        return self


class TsqueryGenerator(_LexemeGenerator[TsqueryParams]):
    """Text search queries of min_terms..max_terms distinct lexemes joined by the and, or,
    followed-by and not operators, parenthesised and spaced as PostgreSQL prints them
    ('cat' & !( 'rat' <-> 'bat' )).

    Operators: ``&``, ``|``, ``<->`` (the ``operators`` parameter picks among them) and
    ``!`` on operands and groups (``not_ratio``).
    """

    name = "tsquery"
    pg_types = frozenset({"tsquery"})
    default_for = pg_types

    def __init__(self, params: TsqueryParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        table, self.size, self.lo, self.hi = self.lexemes(
            params.words, params.min_terms, params.max_terms, "max_terms"
        )
        ops = tuple(op for op in _BINARY if op in params.operators)
        self.templates, self.first, self.bases = query_templates(self.hi, ops)
        # token table: fixed tokens, operands, negated operands, the row marker
        tokens = [*_FIXED, *table.tolist(), *("!" + w for w in table.tolist()), "\x00"]
        self.tokens = np.empty(len(tokens), dtype=object)
        self.tokens[:] = tokens

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        if n == 0:
            return []
        p = self.params
        kmax = self.hi
        k = rng.integers(self.lo, kmax, n, endpoint=True)
        base = rng.integers(0, self.bases[k])
        inner_bits = rng.random((n, max(kmax - 1, 1))) < p.not_ratio
        weights = np.int64(1) << np.arange(inner_bits.shape[1], dtype=np.int64)
        mask = (inner_bits * weights).sum(axis=1) & ((np.int64(1) << (k - 1)) - 1)
        tid = self.first[k] + (base << (k - 1)) + mask
        mat = self.templates[tid].astype(np.int64)
        words = distinct_draws(n, kmax, self.size, rng)
        negated = rng.random((n, kmax)) < p.not_ratio
        is_slot = mat >= _SLOT0
        slot = np.where(is_slot, mat - _SLOT0, 0)
        word = np.take_along_axis(words, slot, axis=1)
        neg = np.take_along_axis(negated, slot, axis=1)
        filled = np.where(is_slot, _SLOT0 + word + self.size * neg, mat)
        valid = mat >= 0
        return join_tokens(self.tokens, filled[valid], valid.sum(axis=1), sep="")


TEXTSEARCH_GENERATORS: tuple[type[Generator], ...] = (TsvectorGenerator, TsqueryGenerator)
