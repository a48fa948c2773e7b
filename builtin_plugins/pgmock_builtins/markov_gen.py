"""Markov-chain text from bundled corpora: sentences, paragraphs, reviews and headlines,
plus product names from word lists.

The corpora (``corpora/*.txt``, package data) are public-domain excerpts of Austen,
Carroll and Doyle and texts written for pgmock (reviews, headlines, product words). Each
is read once, on first use. All of them share one vocabulary (sorted, so ids do not
depend on hashing), and an order-2 word chain is trained per corpus: states are word
pairs, and every state owns a contiguous run of successor words with a Walker alias
table over their counts, so the next word of every row is drawn at once with a few
whole-array operations.

A batch advances all of its sentences in lockstep, one numpy step per word position
(never per row), until each has reached the end of a sentence; sentences outside
``min_words..max_words`` are redrawn in a few whole-batch rounds. The words are joined
into text once per batch (:func:`pgmock_builtins._vec.join_tokens`). Texts never exceed
``varchar(n)``: whole trailing sentences are dropped first, then trailing words.

Walking the chain costs a few microseconds per sentence, which dominates large tables. A
column of a table with at least :data:`BANK_MIN_ROWS` rows therefore draws its sentences
from a **sentence bank**: :data:`BANK_SIZE` sentences of its chain and length range,
walked once per process from a fixed seed (the same for every column and run, like a
vocabulary), and picked per row with one uniform index — the same distribution as a
fresh walk (a uniform pick from a sample of the conditional distribution), at the cost of
one gather per row. The corpora's chains make only a few thousand distinct short
sentences anyway; long ones repeat more often than fresh walks would.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Literal, TypeVar

from pydantic import Field, model_validator

from pgmock_builtins._corpora import read_corpus
from pgmock_builtins._params import needs
from pgmock_builtins._vec import (
    AliasTable,
    concat,
    join_tokens,
    object_array,
    str_lengths,
    truncate,
    with_marker,
)
from pgmock_sdk import ColumnInfo, GenContext, Generator, Params
from pgmock_sdk.lazy import np
from pgmock_sdk.pgtypes import TEXT_TYPES
from pgmock_sdk.textmatrix import Labels
from pgmock_sdk.unique import permute

if TYPE_CHECKING:
    from numpy.typing import NDArray

TEXT_KEYS = frozenset(TEXT_TYPES)
START, END = 0, 1  # reserved word ids: sentence start (state padding) and end
MAX_ROUNDS = 64  # redraw rounds for sentences outside min_words..max_words (geometric)
BANK_SIZE = 1 << 16  # sentences in a bank
BANK_MIN_ROWS = 2 * BANK_SIZE  # tables from this size on use banks: each worker walks one
_BANK_BLOCK = 4096  # sentences walked in one lockstep run while filling a bank
_BANK_ENTROPY = 0x5E17E9CE  # fixed: a bank is a function of (chain, length range) only

# chain name -> the (file, section) pairs it is trained on; section None: the whole file
Corpus = Literal["classics", "austen", "carroll", "doyle", "reviews", "headlines"]
_PROSE = ("austen.txt", "carroll.txt", "doyle.txt")
_SOURCES: dict[str, tuple[tuple[str, str | None], ...]] = {
    "austen": (("austen.txt", None),),
    "carroll": (("carroll.txt", None),),
    "doyle": (("doyle.txt", None),),
    "classics": tuple((f, None) for f in _PROSE),
    "reviews": (("reviews.txt", None),),
    "review_positive": (("reviews.txt", "positive"),),
    "review_neutral": (("reviews.txt", "neutral"),),
    "review_negative": (("reviews.txt", "negative"),),
    "headlines": (("headlines.txt", None),),
    "issues": (("issues.txt", None),),
    "food_review_positive": (("food_reviews.txt", "positive"),),
    "food_review_neutral": (("food_reviews.txt", "neutral"),),
    "food_review_negative": (("food_reviews.txt", "negative"),),
}
_ALL_FILES = (
    "austen.txt", "carroll.txt", "doyle.txt", "reviews.txt", "headlines.txt", "issues.txt",
    "food_reviews.txt",
)  # fmt: skip
_PER_LINE = ("headlines.txt", "issues.txt")  # one text a line, each kept whole

# Abbreviations whose full stop does not end a sentence.
_ABBREVIATIONS = re.compile(r"\b(Mr|Mrs|Dr|St|Co|Ms)\.")
_KEEP_DOT = "\x01"
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")
_STRIP = str.maketrans({'"': None, "(": None, ")": None})


# --------------------------------------------------------------------------- corpora


def sentences_of(file: str, section: str | None) -> list[list[str]]:
    """Token lists of a file's sentences: prose paragraphs are split at sentence ends,
    one-per-line corpora (headlines) keep each line whole."""
    sections = read_corpus(file)
    lines = (
        [ln for lines in sections.values() for ln in lines]
        if section is None
        else sections[section]
    )
    out: list[list[str]] = []
    per_line = file in _PER_LINE
    # Paragraphs are separated by blank lines in prose; other corpora have one per line.
    blocks = "\n".join(lines).split("\n\n") if file in _PROSE else lines
    for block in blocks:
        block = " ".join(block.split())
        if not block:
            continue
        if per_line:
            out.append(block.split())
            continue
        block = _ABBREVIATIONS.sub(lambda m: m.group(1) + _KEEP_DOT, block.translate(_STRIP))
        for sentence in _SENTENCE_BREAK.split(block):
            words = [w.replace(_KEEP_DOT, ".") for w in sentence.split()]
            if words:
                out.append(words)
    return out


@dataclass(frozen=True)
class Vocab:
    """Every corpus word; ids 0 and 1 are the start and end markers (empty text)."""

    words: list[str]
    ids: dict[str, int]
    table: NDArray[np.object_]  # words + the row marker, for join_tokens
    lengths: NDArray[np.int64]


@lru_cache(maxsize=1)
def vocabulary() -> Vocab:
    found: set[str] = set()
    for file in _ALL_FILES:
        for section in read_corpus(file):
            for sentence in sentences_of(file, section):
                found.update(sentence)
    words = ["", "", *sorted(found)]
    ids = {w: i for i, w in enumerate(words) if i >= 2}
    return Vocab(words, ids, with_marker(words), str_lengths(words))


@dataclass(frozen=True)
class Chain:
    """Order-2 transitions. State s owns the entries ``lo[s] .. lo[s] + k[s] - 1`` of
    ``word`` (the successor) and ``nxt`` (the state after it), with a Walker alias table
    (``prob``, ``alias``) over its successor counts: a draw is one multiply, one compare
    and a few gathers per row, whatever the number of successors."""

    lo: NDArray[np.int64]
    k: NDArray[np.int64]
    prob: NDArray[np.float64]
    alias: NDArray[np.int64]
    word: NDArray[np.int32]
    nxt: NDArray[np.int64]

    def step(self, state: NDArray[np.int64], u: NDArray[np.float64]) -> NDArray[np.int64]:
        """Entry index of the successor of every state, for uniform draws u in [0, 1):
        the integer part of u * k picks the slot, the fraction is the alias coin."""
        k = self.k[state]
        x = u * k
        j = np.minimum(x.astype(np.int64), k - 1)  # defensive: u * k rounding up to k
        slot = self.lo[state] + j
        return np.where(x - j < self.prob[slot], slot, self.alias[slot])


def train(sentences: list[list[int]], size: int) -> Chain:
    """The order-2 chain of sentences given as word-id lists (vocabulary of ``size``)."""
    seqs = [np.asarray([START, START, *s, END], dtype=np.int64) for s in sentences if s]
    flat = np.concatenate(seqs)
    starts = np.cumsum([0] + [len(s) for s in seqs[:-1]])
    pos = np.arange(len(flat)) - np.repeat(starts, [len(s) for s in seqs])
    j = np.flatnonzero(pos >= 2)
    a, b, c = flat[j - 2], flat[j - 1], flat[j]
    states, state_of = np.unique(a * size + b, return_inverse=True)
    keys, counts = np.unique(state_of * size + c, return_counts=True)
    t_state, t_word = keys // size, keys % size
    nxt_key = (states[t_state] % size) * size + t_word
    nxt = np.minimum(np.searchsorted(states, nxt_key), len(states) - 1)
    ok = (states[nxt] == nxt_key) | (t_word == END)
    if not ok.all():  # every pair inside a sentence is the state of the next word
        raise AssertionError("markov chain has a transition into an unknown state")
    nxt = np.where(t_word == END, 0, nxt)
    every = np.arange(len(states))
    lo = np.searchsorted(t_state, every, side="left")
    k = np.searchsorted(t_state, every, side="right") - lo
    prob = np.ones(len(keys))
    alias = np.arange(len(keys), dtype=np.int64)
    for s in np.flatnonzero(k > 1).tolist():  # once per corpus, never per row
        first, last = int(lo[s]), int(lo[s] + k[s])
        table = AliasTable.from_weights(counts[first:last].astype(np.float64))
        prob[first:last] = table.prob
        alias[first:last] = first + table.alias
    return Chain(lo, k, prob, alias, t_word.astype(np.int32), nxt)


@cache
def chain(name: str) -> Chain:
    vocab = vocabulary()
    sentences = [
        [vocab.ids[w] for w in words]
        for file, section in _SOURCES[name]
        for words in sentences_of(file, section)
    ]
    return train(sentences, len(vocab.words))


# --------------------------------------------------------------------------- drawing


def draw_sentences(
    ch: Chain, m: int, rng: np.random.Generator, min_words: int, max_words: int
) -> tuple[NDArray[np.int32], NDArray[np.int64]]:
    """m sentences as a word-id matrix (m, max_words) and their lengths.

    All open sentences take one step together; rows that end too early or run past
    max_words are redrawn whole in the next round. After MAX_ROUNDS the leftovers keep
    what they have (cut at max_words), which only happens when the corpus can hardly
    produce the requested lengths.
    """
    words = np.zeros((m, max_words), dtype=np.int32)
    lengths = np.zeros(m, dtype=np.int64)
    pending = np.arange(m)
    for attempt in range(MAX_ROUNDS):
        last = attempt == MAX_ROUNDS - 1
        k = len(pending)
        rows = np.arange(k)
        state = np.zeros(k, dtype=np.int64)
        got = np.zeros((k, max_words), dtype=np.int32)
        length = np.full(k, max_words + 1, dtype=np.int64)  # max_words + 1: never ended
        for pos in range(max_words + 1):
            if not len(rows):
                break
            entry = ch.step(state, rng.random(len(rows)))
            word = ch.word[entry]
            ended = word == END
            length[rows[ended]] = pos
            going = ~ended
            rows, entry = rows[going], entry[going]
            if pos < max_words:
                got[rows, pos] = word[going]
            state = ch.nxt[entry]
        good = (length >= min_words) & (length <= max_words)
        if last:
            good[:] = True
            np.minimum(length, max_words, out=length)
        words[pending[good]] = got[good]
        lengths[pending[good]] = length[good]
        pending = pending[~good]
        if not len(pending):
            break
    return words, lengths


def join_sentences(
    words: NDArray[np.int32],
    lengths: NDArray[np.int64],
    per_row: NDArray[np.int64],
    limit: int | None,
) -> list[str]:
    """Rows of ``per_row[i]`` consecutive sentences joined with spaces, cut to ``limit``
    characters: whole trailing sentences first, then trailing words of the first one."""
    vocab = vocabulary()
    n = len(per_row)
    if n == 0:
        return []
    mask = np.arange(words.shape[1]) < lengths[:, None]
    ids = words[mask].astype(np.int64)  # row-major: sentence by sentence, in order
    tok_sentence = np.repeat(np.arange(len(lengths)), lengths)
    sent_row = np.repeat(np.arange(n), per_row)
    tok_row = sent_row[tok_sentence]
    counts = np.bincount(tok_row, minlength=n)
    if limit is not None:
        row_start = np.cumsum(counts) - counts
        pos = np.arange(len(ids)) - np.repeat(row_start, counts)
        toklen = vocab.lengths[ids] + (pos > 0)  # the word and the space before it
        csum = np.cumsum(toklen)
        within = csum - np.repeat(csum[row_start] - toklen[row_start], counts)
        sent_end = np.cumsum(lengths) - 1
        fits = within[sent_end] <= limit
        first = np.ones(len(lengths), bool)
        first[1:] = sent_row[1:] != sent_row[:-1]
        keep = fits[tok_sentence] | (first[tok_sentence] & (within <= limit)) | (pos == 0)
        if not keep.all():
            ids = ids[keep]
            counts = np.bincount(tok_row[keep], minlength=n)
    texts = join_tokens(vocab.table, ids, counts)
    # Only a first word longer than the limit is left to cut (inside the word).
    return truncate(texts, limit) if limit is not None else texts


# --------------------------------------------------------------------------- banks


@dataclass(frozen=True)
class Bank:
    """:data:`BANK_SIZE` sentence texts of one chain and length range, each cut to one
    varchar limit (None: whole), and their lengths in characters."""

    texts: NDArray[np.object_]
    lengths: NDArray[np.int64]


@lru_cache(maxsize=16)
def _walks(
    name: str, min_words: int, max_words: int
) -> list[tuple[NDArray[np.int32], NDArray[np.int64]]]:
    """The bank's sentences as blocks of (word ids without padding, lengths)."""
    seq = np.random.SeedSequence(
        _BANK_ENTROPY, spawn_key=(zlib.crc32(name.encode()), min_words, max_words)
    )
    rng = np.random.Generator(np.random.PCG64(seq))
    ch = chain(name)
    blocks = []
    for _ in range(BANK_SIZE // _BANK_BLOCK):  # a few lockstep runs, not one per sentence
        words, lengths = draw_sentences(ch, _BANK_BLOCK, rng, min_words, max_words)
        blocks.append((words[np.arange(max_words) < lengths[:, None]], lengths))
    return blocks


BankKey = tuple[str, int, int, int | None]  # chain, min_words, max_words, limit
_adopted: dict[BankKey, Bank] = {}  # banks built in another process (adopt_bank)


def adopt_bank(key: BankKey, built: Bank) -> None:
    """Take over a bank another process built (the same bank: it is a function of its key)."""
    _adopted[key] = built


def bank(name: str, min_words: int, max_words: int, limit: int | None) -> Bank:
    """The bank of chain ``name`` for sentences of ``min_words..max_words`` words, built on
    first use in this process (or adopted); the banks of other limits cut the same
    sentences."""
    found = _adopted.get((name, min_words, max_words, limit))
    return found if found is not None else _bank(name, min_words, max_words, limit)


@lru_cache(maxsize=64)
def _bank(name: str, min_words: int, max_words: int, limit: int | None) -> Bank:
    if limit is not None:
        return _cut_bank(bank(name, min_words, max_words, None), name, min_words, max_words, limit)
    texts: list[str] = []
    ones = np.ones(_BANK_BLOCK, np.int64)
    for flat, lengths in _walks(name, min_words, max_words):
        words = np.zeros((len(lengths), max_words), dtype=np.int32)
        words[np.arange(max_words) < lengths[:, None]] = flat
        texts += join_sentences(words, lengths, ones, limit)
    out = np.empty(BANK_SIZE, dtype=object)
    out[:] = texts
    return Bank(out, str_lengths(texts))


def _cut_bank(whole: Bank, name: str, min_words: int, max_words: int, limit: int) -> Bank:
    """``whole`` with its sentences longer than ``limit`` cut as join_sentences cuts them;
    a sentence that fits is its whole text, so only the others are joined again (a bank
    is built before the workers fork, while they wait; joining was half its time)."""
    if int(whole.lengths.max()) <= limit:
        return whole
    texts = whole.texts.copy()
    start = 0
    for flat, lengths in _walks(name, min_words, max_words):
        long = np.flatnonzero(whole.lengths[start : start + len(lengths)] > limit)
        if long.size:
            words = np.zeros((len(lengths), max_words), dtype=np.int32)
            words[np.arange(max_words) < lengths[:, None]] = flat
            cut = join_sentences(words[long], lengths[long], np.ones(long.size, np.int64), limit)
            texts[start + long] = object_array(cut)
        start += len(lengths)
    return Bank(texts, str_lengths(texts.tolist()))


def banked_paragraphs(
    banks: Sequence[tuple[str, int, int]],
    which: NDArray[np.int64],
    per_row: NDArray[np.int64],
    rng: np.random.Generator,
    limit: int | None,
) -> list[str]:
    """Rows of ``per_row[i]`` bank sentences, sentence j from ``banks[which[j]]``, joined
    with spaces and cut as :func:`join_sentences` cuts: whole trailing sentences first,
    then (only the first sentence is left) the first sentence's own cut."""
    n = len(per_row)
    if n == 0:
        return []
    slots = rng.integers(0, BANK_SIZE, len(which))
    texts = np.empty(len(which), dtype=object)
    lengths = np.zeros(len(which), dtype=np.int64)
    for b, key in enumerate(banks):  # one gather per bank, not per row
        sel = np.flatnonzero(which == b)
        if sel.size:
            whole = bank(*key, None)
            texts[sel], lengths[sel] = whole.texts[slots[sel]], whole.lengths[slots[sel]]
    if limit is not None:
        row_start = np.cumsum(per_row) - per_row
        pos = np.arange(len(which)) - np.repeat(row_start, per_row)
        toklen = lengths + (pos > 0)  # the sentence and the space before it
        csum = np.cumsum(toklen)
        within = csum - np.repeat(csum[row_start] - toklen[row_start], per_row)
        keep = (within <= limit) | (pos == 0)
        long_first = np.flatnonzero((pos == 0) & (lengths > limit))
        for b, key in enumerate(banks):
            sel = long_first[which[long_first] == b]
            if sel.size:
                texts[sel] = bank(*key, limit).texts[slots[sel]]
        if not keep.all():
            texts = texts[keep]
            per_row = np.bincount(np.repeat(np.arange(n), per_row)[keep], minlength=n)
    return join_tokens(with_marker(texts.tolist()), np.arange(len(texts)), per_row)


# --------------------------------------------------------------------------- generators


class _WordRange(Params):
    min_words: int = Field(4, ge=1, le=200, description="Fewest words per sentence.")
    max_words: int = Field(40, ge=1, le=200, description="Most words per sentence.")

    @model_validator(mode="after")
    def _order(self) -> _WordRange:
        if self.min_words > self.max_words:
            raise ValueError("min_words must not be greater than max_words")
        return self


class SentenceParams(_WordRange):
    corpus: Corpus = Field(
        "classics",
        description="Training text: classics (austen + carroll + doyle), austen, carroll, "
        "doyle, reviews or headlines.",
    )


_M = TypeVar("_M", bound=_WordRange)


class _MarkovText(Generator[_M]):
    pg_types = TEXT_KEYS

    def __init__(self, params: _M, column: ColumnInfo) -> None:
        super().__init__(params, column)
        self.limit = column.type.length
        self.banked = column.row_count >= BANK_MIN_ROWS

    def sentences(
        self, name: str, m: int, rng: np.random.Generator, p: _WordRange
    ) -> tuple[NDArray[np.int32], NDArray[np.int64]]:
        return draw_sentences(chain(name), m, rng, p.min_words, p.max_words)

    def one_a_row(
        self, name: str, n: int, rng: np.random.Generator, ctx: GenContext
    ) -> list[str] | Labels:
        """One sentence of chain ``name`` a row; from a bank and when the host takes
        them, as the bank's picks (``Labels``: its bytes are gathered, no str a row) —
        the same rows :meth:`texts` makes."""
        if ctx.labels and self.banked:
            p = self.params
            pool = bank(name, p.min_words, p.max_words, self.limit).texts
            return Labels(rng.integers(0, BANK_SIZE, n), pool)
        return self.texts([name], np.zeros(n, np.int64), np.ones(n, np.int64), rng)

    def texts(
        self,
        names: Sequence[str],
        which: NDArray[np.int64],
        per_row: NDArray[np.int64],
        rng: np.random.Generator,
    ) -> list[str]:
        """Rows of ``per_row`` sentences, sentence j from chain ``names[which[j]]``."""
        p = self.params
        if self.banked:
            keys = [(name, p.min_words, p.max_words) for name in names]
            if len(names) == 1 and (per_row == 1).all():  # one sentence a row: one gather
                return (
                    bank(*keys[0], self.limit)
                    .texts[rng.integers(0, BANK_SIZE, len(which))]
                    .tolist()
                )
            return banked_paragraphs(keys, which, per_row, rng, self.limit)
        words = np.zeros((len(which), p.max_words), dtype=np.int32)
        lengths = np.zeros(len(which), dtype=np.int64)
        for t, name in enumerate(names):  # one lockstep run per chain, not per row
            where = np.flatnonzero(which == t)
            if len(where):
                words[where], lengths[where] = self.sentences(name, len(where), rng, p)
        return join_sentences(words, lengths, per_row, self.limit)


class SentenceGenerator(_MarkovText[SentenceParams]):
    """One sentence per row from an order-2 Markov chain over a bundled corpus (public-domain
    classics by default); cut at a word boundary to fit varchar(n)."""

    name = "sentence"

    def warm(self) -> None:
        # A bank is a function of (chain, word range, limit): built before the workers
        # fork, it is built once, not once per worker.
        if self.banked:
            bank(*self._bank_key)

    def warm_state(self) -> tuple[BankKey, Bank] | None:
        return (self._bank_key, bank(*self._bank_key)) if self.banked else None

    def adopt_warm(self, state: tuple[BankKey, Bank]) -> None:
        adopt_bank(*state)

    @property
    def _bank_key(self) -> BankKey:
        p = self.params
        return (p.corpus, p.min_words, p.max_words, self.limit)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str] | Labels:
        return self.one_a_row(self.params.corpus, n, rng, ctx)


class ParagraphParams(SentenceParams):
    min_sentences: int = Field(2, ge=1, le=50, description="Fewest sentences per row.")
    max_sentences: int = Field(5, ge=1, le=50, description="Most sentences per row.")

    @model_validator(mode="after")
    def _sentences(self) -> ParagraphParams:
        if self.min_sentences > self.max_sentences:
            raise ValueError("min_sentences must not be greater than max_sentences")
        return self


class ParagraphGenerator(_MarkovText[ParagraphParams]):
    """Paragraphs of Markov-chain sentences over a bundled corpus; trailing sentences, then
    words, are dropped to fit varchar(n)."""

    name = "markov_paragraph"

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        p = self.params
        per_row = rng.integers(p.min_sentences, p.max_sentences + 1, n)
        return self.texts([p.corpus], np.zeros(int(per_row.sum()), np.int64), per_row, rng)


class HeadlineParams(_WordRange):
    min_words: int = Field(4, ge=1, le=50, description="Fewest words.")
    max_words: int = Field(12, ge=1, le=50, description="Most words.")
    kind: Literal["news", "issue"] = Field(
        "news",
        description="news: headlines; issue: the titles of bug reports, feature requests "
        "and support tickets (\"Refund has not arrived after two weeks\").",
    )


class HeadlineGenerator(_MarkovText[HeadlineParams]):
    """News-like headlines, or issue and ticket titles (``kind``), from a Markov chain over
    bundled invented ones."""

    name = "headline"

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str] | Labels:
        chain = "headlines" if self.params.kind == "news" else "issues"
        return self.one_a_row(chain, n, rng, ctx)


SENTIMENTS = ("positive", "neutral", "negative")


class ReviewParams(_WordRange):
    min_words: int = Field(3, ge=1, le=100, description="Fewest words per sentence.")
    max_words: int = Field(25, ge=1, le=100, description="Most words per sentence.")
    min_sentences: int = Field(1, ge=1, le=20, description="Fewest sentences per review.")
    max_sentences: int = Field(4, ge=1, le=20, description="Most sentences per review.")
    rating_column: str | None = Field(
        None,
        description="A numeric column generated earlier in the row (1..rating_max): high "
        "ratings get positive reviews, low ones negative, the middle neutral.",
    )
    rating_max: int = Field(5, ge=2, le=100, description="Best rating (the scale is 1..max).")
    subject: Literal["products", "food"] = Field(
        "products",
        description="What is reviewed: products bought online (quality, delivery), or food "
        "(a restaurant, a dish, a food order: taste, portions, service).",
    )
    sentiment: Literal["mixed", "positive", "neutral", "negative"] = Field(
        "mixed",
        description="Without rating_column: one tone, or mixed (60% positive, 20% neutral, "
        "20% negative).",
    )

    @model_validator(mode="after")
    def _sentences(self) -> ReviewParams:
        if self.min_sentences > self.max_sentences:
            raise ValueError("min_sentences must not be greater than max_sentences")
        rated = self.rating_column is not None
        needs(self, "rating_max", rated, "rating_column")
        if rated and "sentiment" in self.model_fields_set:
            raise ValueError("sentiment has no effect with rating_column (the rating sets it)")
        return self


class ReviewGenerator(_MarkovText[ReviewParams]):
    """Product reviews (or, with ``subject`` food, restaurant and food-order reviews):
    Markov-chain sentences trained on positive, neutral or negative review text, the tone
    following a rating column of the same row when given."""

    name = "review"
    column_params = ("rating_column",)

    def tones(self, n: int, rng: np.random.Generator, ctx: GenContext) -> NDArray[np.int64]:
        """0 positive, 1 neutral, 2 negative for every row."""
        p = self.params
        if p.rating_column is None:
            if p.sentiment != "mixed":
                return np.full(n, SENTIMENTS.index(p.sentiment), dtype=np.int64)
            return np.searchsorted([0.6, 0.8], rng.random(n), side="right").astype(np.int64)
        if p.rating_column not in ctx.rows:
            raise ValueError(
                f"rating_column {p.rating_column!r} is not among the columns generated before "
                f"{self.column.name!r} in this row (declare it earlier in the table)"
            )
        try:
            rating = np.asarray(ctx.rows[p.rating_column], dtype=np.float64)
        except (TypeError, ValueError):
            raise ValueError(f"rating_column {p.rating_column!r} does not hold numbers") from None
        share = (rating - 1) / (p.rating_max - 1)
        return np.where(share >= 0.75, 0, np.where(share <= 0.25, 2, 1)).astype(np.int64)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        p = self.params
        tone = self.tones(n, rng, ctx)
        per_row = rng.integers(p.min_sentences, p.max_sentences + 1, n)
        prefix = "food_review" if p.subject == "food" else "review"
        names = [f"{prefix}_{label}" for label in SENTIMENTS]
        return self.texts(names, np.repeat(tone, per_row), per_row, rng)


# --------------------------------------------------------------------------- product names


@dataclass(frozen=True)
class ProductWords:
    adjectives: NDArray[np.object_]
    materials: NDArray[np.object_]
    nouns: NDArray[np.object_]
    editions: NDArray[np.object_]

    @property
    def bases(self) -> int:
        """Names without an edition: adjective material noun, adjective noun, material noun."""
        # Each array ends with the empty "left out" entry.
        a, m, n = len(self.adjectives) - 1, len(self.materials) - 1, len(self.nouns) - 1
        return a * m * n + a * n + m * n


def _words(lines: list[str], prefix: str = "", suffix: str = "") -> NDArray[np.object_]:
    items = [w for w in lines if w]
    out = np.empty(len(items) + 1, dtype=object)
    out[:-1] = [prefix + w + suffix for w in items]
    out[-1] = ""  # index -1: the part is left out
    return out


@lru_cache(maxsize=1)
def product_words() -> ProductWords:
    s = read_corpus("products.txt")
    return ProductWords(
        _words(s["adjectives"], suffix=" "),
        _words(s["materials"], suffix=" "),
        _words(s["nouns"]),
        _words(s["editions"], prefix=" "),
    )


class ProductNameParams(Params):
    edition_ratio: float = Field(
        0.15,
        ge=0,
        le=1,
        description="Share of names with an edition (Pro, XL, 2.0 …); unique columns use "
        "editions only once the names without one are used up.",
    )


# pattern shares for non-unique names: adjective material noun, adjective noun, material noun
_PATTERN_CDF = (0.55, 0.8, 1.0)


class ProductNameGenerator(Generator[ProductNameParams]):
    """Product names like "Ergonomic Bamboo Desk Lamp" or "Insulated Travel Mug Pro" from
    bundled word lists; unique via a keyed permutation of all combinations."""

    name = "product_name"
    pg_types = TEXT_KEYS
    supports_unique = True

    def __init__(self, params: ProductNameParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        self.limit = column.type.length
        w = self.words = product_words()
        self.lens = [
            str_lengths(part.tolist()) for part in (w.adjectives, w.materials, w.nouns, w.editions)
        ]
        longest = int(self.lens[0].max() + self.lens[1].max() + self.lens[2].max())
        # Unique names are never shortened (that could merge two); editions are used
        # only where the longest name with one still fits.
        self.tiers = len(w.editions)  # no edition, then one tier per edition
        if column.unique and self.limit is not None:
            if longest > self.limit:
                raise ValueError(
                    f"{column.path}: unique product names need up to {longest} characters; "
                    f"{column.type.display()} is too short"
                )
            if longest + int(self.lens[3].max()) > self.limit:
                self.tiers = 1

    def domain_size(self) -> int:
        return self.words.bases * self.tiers

    def _unique_parts(self, n: int, ctx: GenContext) -> tuple[NDArray[np.int64], ...]:
        w = self.words
        na, nm, nn = len(w.adjectives) - 1, len(w.materials) - 1, len(w.nouns) - 1
        tier, within = np.divmod(ctx.row_numbers(n), w.bases)
        if n and int(tier.max()) >= self.tiers:
            raise ValueError(
                f"{self.column.path}: row {ctx.offset + n:,} needs a unique product name but "
                f"there are only {self.domain_size():,}"
            )
        # Each tier (no edition, then one per edition) is its own keyed permutation.
        code = np.empty(n, dtype=np.int64)
        for t in np.unique(tier).tolist():  # at most one pass per tier, not per row
            sel = tier == t
            code[sel] = permute(within[sel], w.bases, self.column.key ^ t)
        # code: [0, full) adjective material noun; [full, two) adjective noun; then material noun
        full = na * nm * nn
        two = full + na * nn
        is_full, is_adj = code < full, (code >= full) & (code < two)
        rest = np.where(is_full, code, np.where(is_adj, code - full, code - two))
        adj = np.where(is_full, rest // (nm * nn), np.where(is_adj, rest // nn, -1))
        mat = np.where(is_full, (rest // nn) % nm, np.where(is_adj, -1, rest // nn))
        return adj, mat, rest % nn, tier - 1

    def _parts(
        self, n: int, rng: np.random.Generator, ctx: GenContext
    ) -> tuple[NDArray[np.int64], ...]:
        """Indices of adjective, material, noun and edition (-1: left out)."""
        if self.column.unique:
            return self._unique_parts(n, ctx)
        w = self.words
        na, nm, nn = len(w.adjectives) - 1, len(w.materials) - 1, len(w.nouns) - 1
        pattern = np.searchsorted(_PATTERN_CDF, rng.random(n), side="right")
        adj = np.where(pattern <= 1, rng.integers(0, na, n), -1)
        mat = np.where(pattern != 1, rng.integers(0, nm, n), -1)
        noun = rng.integers(0, nn, n)
        p = self.params
        edition = np.where(
            rng.random(n) < p.edition_ratio, rng.integers(0, len(w.editions) - 1, n), -1
        )
        return adj, mat, noun, edition

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        adj, mat, noun, edition = self._parts(n, rng, ctx)
        if self.limit is not None and not self.column.unique:
            # Too long for varchar(n): drop the edition, then the adjective, then the material.
            la, lm, ln, le = self.lens
            for part in (edition, adj, mat):
                total = la[adj] + lm[mat] + ln[noun] + le[edition]
                part[total > self.limit] = -1
        w = self.words
        names = concat(
            w.adjectives[adj].tolist(),
            w.materials[mat].tolist(),
            w.nouns[noun].tolist(),
            w.editions[edition].tolist(),
        )
        return truncate(names, self.limit) if self.limit is not None else names
