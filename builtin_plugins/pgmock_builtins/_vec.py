"""Vectorized text building blocks shared by the built-in generators.

Nothing here runs Python code per row: pools are numpy object arrays indexed with integer
arrays, digits and hex come from fixed-width ``uint8`` matrices decoded once, word lists
are joined with NUL row markers and split once, texts composed of vocabulary entries
and literals are laid out as byte rows (:func:`compose`) and decoded once, and other
string columns are concatenated with ``map`` over C functions.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import TYPE_CHECKING, Any, Union, cast

from pgmock_sdk.lazy import np
from pgmock_sdk.textmatrix import TextMatrix
from pgmock_sdk.unique import permute

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from pgmock_sdk import GenContext

Texts = list[str]


@dataclass(frozen=True)
class AliasTable:
    """Walker's alias method: weighted draws in O(1) each, exact, fully vectorized.

    Two draws per value (a slot and a coin) and one gather beat a binary search over the
    cumulative weights by a wide margin for pools of thousands of names.
    """

    prob: NDArray[np.float64]
    alias: NDArray[np.int64]

    @classmethod
    def from_weights(cls, weights: NDArray[np.float64]) -> AliasTable:
        k = len(weights)
        scaled = weights * (k / weights.sum())
        prob = np.ones(k, dtype=np.float64)
        alias = np.arange(k, dtype=np.int64)
        small = [i for i in range(k) if scaled[i] < 1.0]
        large = [i for i in range(k) if scaled[i] >= 1.0]
        while small and large:  # built once per pool, so a plain loop is fine here
            s, g = small.pop(), large.pop()
            prob[s], alias[s] = scaled[s], g
            scaled[g] -= 1.0 - scaled[s]
            (small if scaled[g] < 1.0 else large).append(g)
        return cls(prob, alias)

    def draw(self, n: int, rng: np.random.Generator) -> NDArray[np.int64]:
        slot = rng.integers(0, len(self.prob), n)
        return np.where(rng.random(n) < self.prob[slot], slot, self.alias[slot])


@dataclass(frozen=True)
class Pool:
    """A vocabulary sampled with numpy: uniform, or weighted when ``cdf`` is set."""

    values: NDArray[np.object_]
    cdf: NDArray[np.float64] | None = None
    table: AliasTable | None = None

    @classmethod
    def of(cls, items: Iterable[str], weights: Iterable[float] | None = None) -> Pool:
        vals = list(items)
        if not vals:
            raise ValueError("empty vocabulary")
        arr = np.empty(len(vals), dtype=object)
        arr[:] = vals
        cdf = None
        table = None
        if weights is not None:
            w = np.asarray(list(weights), dtype=np.float64)
            cdf = np.cumsum(w)
            cdf /= cdf[-1]
            table = AliasTable.from_weights(w)
        return cls(arr, cdf, table)

    @classmethod
    def from_mapping_or_seq(cls, data: Any) -> Pool:
        """Faker word lists are tuples, or OrderedDicts of word -> weight."""
        if hasattr(data, "items"):
            items = list(data.items())
            return cls.of([k for k, _ in items], [float(v) for _, v in items])
        return cls.of(list(data))

    def __len__(self) -> int:
        return len(self.values)

    def indices(self, n: int, rng: np.random.Generator) -> NDArray[np.int64]:
        if self.table is None:
            return rng.integers(0, len(self.values), n)
        return self.table.draw(n, rng)

    def take(self, idx: NDArray[np.integer[Any]]) -> NDArray[np.object_]:
        return self.values[idx]

    def sample(self, n: int, rng: np.random.Generator) -> NDArray[np.object_]:
        return self.take(self.indices(n, rng))

    def lengths(self) -> NDArray[np.int64]:
        return str_lengths(self.values.tolist())


def object_array(values: Sequence[str]) -> NDArray[np.object_]:
    """``values`` as a 1-D object array (``np.array`` would make a fixed-width string
    array, or a 2-D one from equal-length sequences), for gathers by index."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def str_lengths(values: Sequence[str]) -> NDArray[np.int64]:
    return np.fromiter(map(len, values), dtype=np.int64, count=len(values))


def concat(*cols: Sequence[str] | str) -> Texts:
    """Element-wise concatenation; a plain ``str`` argument is repeated.

    ``"".join`` over zipped columns builds each result string once, about twice as fast
    as chaining ``operator.add`` (which makes an intermediate string per part).
    """
    parts = [repeat(col) if isinstance(col, str) else col for col in cols]
    if all(isinstance(col, str) for col in cols):
        raise ValueError("concat needs at least one column")
    if len(parts) == 1:
        return list(parts[0])
    return list(map("".join, zip(*parts)))


# --------------------------------------------------------------------------- digits


@functools.cache
def digit_codes() -> NDArray[np.uint8]:
    """The ASCII codes of 0-9, indexed by digit."""
    return np.frombuffer(b"0123456789", np.uint8)


@functools.cache
def _hex_pairs() -> NDArray[np.void]:
    """Each byte value's two lower-case hex digits as one 2-byte item: hex is one gather."""
    return np.frombuffer("".join(f"{b:02x}" for b in range(256)).encode("ascii"), "V2")


@functools.cache
def _hex_quads() -> NDArray[np.void]:
    """The four hex digits of each pair of bytes as one 4-byte item, indexed by the pair
    read as a little-endian ``uint16``: half as many gathers as by :func:`_hex_pairs`
    (a table of 256 KiB, made once)."""
    pairs = _hex_pairs().view(np.uint8).reshape(256, 2)
    quads = np.empty((256, 256, 4), np.uint8)  # [second byte, first byte]
    quads[:, :, 0:2] = pairs[np.newaxis, :, :]
    quads[:, :, 2:4] = pairs[:, np.newaxis, :]
    return quads.reshape(65536, 4).view("V4").ravel()


# Each row of a byte matrix starts with this byte; the rows are decoded in one piece and
# split on it. A byte below 0x80 never occurs inside a multi-byte UTF-8 character.
_ROW_MARK = 10


def split_fixed(mat: NDArray[np.uint8]) -> Texts:
    """Rows of an ASCII/UTF-8 byte matrix as strings; NUL bytes are dropped."""
    n, w = mat.shape
    full = marked_matrix(n, w)
    full[:, 1:] = mat
    return split_marked(full)


def marked_matrix(n: int, width: int) -> NDArray[np.uint8]:
    """An (n, 1 + width) matrix for :func:`split_marked`: the values' bytes go in columns
    1.. (writing them there saves the copy :func:`split_fixed` makes)."""
    full = np.empty((n, width + 1), np.uint8)
    full[:, 0] = _ROW_MARK
    return full


def split_marked(full: NDArray[np.uint8], nuls: bool = True) -> Texts:
    """The rows of a :func:`marked_matrix` as strings; ``nuls=False`` says that no value
    holds a NUL byte, so there are none to drop."""
    return _split_rows(full, len(full), nuls=nuls)


def _split_rows(rows: NDArray[Any], n: int, mark: int = _ROW_MARK, nuls: bool = True) -> Texts:
    """The strings of ``n`` contiguous byte rows (a 2-d ``uint8`` matrix or structured
    records) that each start with the byte ``mark``, which no value holds; NUL bytes are
    dropped."""
    data = rows.tobytes()
    if nuls:
        data = data.translate(None, b"\x00")
    out = data.decode("utf-8").split(chr(mark))
    del out[0]
    return out


def digit_matrix(values: NDArray[np.integer[Any]], width: int) -> NDArray[np.uint8]:
    """Zero-padded decimal digits of non-negative integers, one row per value."""
    x = np.asarray(values, dtype=np.int64)
    mat = np.empty((len(x), width), np.uint8)
    for j in range(width - 1, -1, -1):
        x, d = np.divmod(x, 10)
        mat[:, j] = digit_codes()[d]
    return mat


def code_matrix(
    values: NDArray[np.integer[Any]], width: int, alphabet: NDArray[np.uint8]
) -> NDArray[np.uint8]:
    """Non-negative integers written in base ``len(alphabet)`` with those symbols,
    ``width`` of them per value (leading zeros are the first symbol)."""
    x = np.asarray(values, dtype=np.int64)
    base = len(alphabet)
    mat = np.empty((len(x), width), np.uint8)
    for j in range(width - 1, -1, -1):
        x, d = np.divmod(x, base)
        mat[:, j] = alphabet[d]
    return mat


def fixed_digits(values: NDArray[np.integer[Any]], width: int) -> Texts:
    """Zero-padded decimal strings of exactly ``width`` digits."""
    return split_fixed(digit_matrix(values, width))


def int_texts(values: NDArray[np.integer[Any]]) -> Texts:
    """Decimal strings of integers (variable width)."""
    return list(map(str, np.asarray(values).tolist()))


def hex_matrix(data: NDArray[np.uint8]) -> NDArray[np.uint8]:
    """Each byte as two lower-case hex digits: (n, k) bytes -> (n, 2k) ASCII."""
    n, k = data.shape
    if k % 2 == 0 and data.flags.c_contiguous:
        return hex_quads(data).view(np.uint8).reshape(n, 2 * k)
    return _hex_pairs()[data].view(np.uint8).reshape(n, 2 * k)


def hex_quads(data: NDArray[np.uint8]) -> NDArray[np.void]:
    """The hex digits of a C-contiguous (n, 2m) byte matrix as (n, m) 4-byte items, two
    bytes' digits each."""
    return _hex_quads()[data.view("<u2")]


def template_fill(template: str, n: int, rng: np.random.Generator) -> Texts:
    """``#`` a digit, ``%`` a non-zero digit, ``?`` an upper-case letter; the rest as is."""
    raw = np.frombuffer(template.encode("utf-8"), np.uint8)
    mat = np.empty((n, len(raw)), np.uint8)
    mat[:] = raw
    for ch, lo, hi in ((b"#", 48, 58), (b"%", 49, 58), (b"?", 65, 91)):
        cols = np.flatnonzero(raw == ch[0])
        if cols.size:
            mat[:, cols] = rng.integers(lo, hi, (n, cols.size), dtype=np.uint8)
    return split_fixed(mat)


def templates_fill(
    templates: Sequence[str], n: int, rng: np.random.Generator
) -> NDArray[np.object_]:
    """Each row follows one of ``templates`` (chosen uniformly)."""
    out = np.empty(n, dtype=object)
    which = rng.integers(0, len(templates), n)
    for t, template in enumerate(templates):  # one pass per template, not per row
        rows = np.flatnonzero(which == t)
        if rows.size:
            out[rows] = template_fill(template, int(rows.size), rng)
    return out


# --------------------------------------------------------------------------- composed text


def _controls(data: NDArray[np.uint8]) -> frozenset[int]:
    """The control characters U+0001..U+001F among UTF-8 bytes (none occurs inside a
    multi-byte character)."""
    counts = np.bincount(data.ravel(), minlength=256)[1:32]
    return frozenset((np.flatnonzero(counts) + 1).tolist())


# What text COPY escapes (backslash and the control characters \b \t \n \v \f \r): a
# composed matrix holding none of them is written to COPY output as it is.
_COPY_CONTROLS = frozenset(range(8, 14))


def _copy_plain(data: bytes) -> bool:
    return b"\\" not in data and not _COPY_CONTROLS & set(data)


def _matrix_plain(mat: NDArray[np.uint8]) -> bool:
    """Whether COPY has nothing to escape in a byte matrix (three SIMD passes, no gather)."""
    return not bool((mat == 92).any() or ((mat >= 8) & (mat <= 13)).any())


@dataclass(frozen=True)
class ByteTable:
    """Strings as the rows of a NUL-padded UTF-8 byte matrix, one ``V{width}`` item each,
    plus an empty row at index :attr:`none`: :func:`compose` gathers them into composed
    values without making a ``str`` per part. Built once per vocabulary."""

    rows: NDArray[np.void]
    # the entries as strings (and '' for the empty row): a value of one part is a gather
    texts: NDArray[np.object_]
    # the control characters the entries hold: compose marks rows with one none holds
    controls: frozenset[int]
    # whether no entry holds a character COPY escapes
    plain: bool = True

    @classmethod
    def of(cls, values: Iterable[str]) -> ByteTable:
        texts = [*values, ""]
        encoded = [v.encode("utf-8") for v in texts]
        if any(b"\x00" in e for e in encoded):
            raise ValueError("text values cannot hold NUL characters")
        width = max(map(len, encoded)) or 1
        packed = b"".join(e.ljust(width, b"\x00") for e in encoded)
        mat = np.frombuffer(packed, np.uint8).reshape(-1, width)
        strings = np.empty(len(texts), dtype=object)
        strings[:] = texts
        controls = _controls(mat)
        plain = not controls & _COPY_CONTROLS and b"\\" not in packed
        return cls(mat.view(f"V{width}").ravel(), strings, controls, plain)

    def __len__(self) -> int:
        return len(self.rows) - 1

    @property
    def none(self) -> int:
        """The index of the empty row (a part that is absent from some values)."""
        return len(self.rows) - 1

    def extended(self, values: Sequence[str]) -> ByteTable:
        """This table's entries, then ``values`` (their indices start at ``len(self)``)."""
        return ByteTable.of([*self.texts[:-1].tolist(), *values])


#: A part of composed texts: a ``str`` (the same in every value), entries of a table
#: (``(table, indices)``), a ``uint8`` matrix with a row per value (ASCII or UTF-8 with
#: no control characters; NUL bytes are nothing), or a list of strings (one per value:
#: then the parts are joined as strings, by :func:`concat`, as laying out strings that
#: already exist as byte rows costs more than joining them).
Part = Union[str, tuple[ByteTable, "NDArray[np.integer[Any]]"], "NDArray[np.uint8]", Sequence[str]]


def _is_entries(part: Part) -> bool:
    return isinstance(part, tuple) and len(part) == 2 and isinstance(part[0], ByteTable)


def _as_strings(part: Part) -> Sequence[str] | str:
    if isinstance(part, str):
        return part
    if _is_entries(part):
        table, idx = cast("tuple[ByteTable, NDArray[np.integer[Any]]]", part)
        return table.texts[idx].tolist()
    if isinstance(part, np.ndarray):
        return split_fixed(part)
    return cast("Sequence[str]", part)


def compose(n: int, parts: Sequence[Part]) -> Texts:
    """``n`` strings, each the concatenation of ``parts`` for its row.

    The values are laid out as records of a structured array (a row mark, then a field
    per part: literals from a template record, table entries by ``np.take``), decoded
    in one piece and split: one ``str`` made per value and none per part, which is what
    :func:`concat` over columns of strings costs where a value has several parts or its
    parts would be strings only to be joined.
    """
    if n == 0:
        return []
    if not _all_bytes(parts):
        return _joined(parts)
    layout = _Layout.of(parts, marked=True)
    mark = (
        _ROW_MARK
        if _ROW_MARK not in layout.used
        else min(set(range(1, 32)) - layout.used, default=0)
    )
    if not mark:
        raise ValueError("the values hold every control character; cannot split them")
    if len(layout.fields) == 2 and not layout.literals:  # one part: no composing
        _, fill = layout.fills[0]
        if isinstance(fill, tuple):
            return fill[0].texts[fill[1]].tolist()
    return _split_rows(layout.records(n, mark), n, mark)


def compose_matrix(n: int, parts: Sequence[Part]) -> TextMatrix | Texts:
    """:func:`compose`'s values as a :class:`~pgmock_sdk.textmatrix.TextMatrix`: the
    records themselves, padding and all, which the COPY output writes as bytes with the
    row's other byte columns (one pass deletes the padding of them all), so no ``str``
    is made. A part that comes as strings makes it a list, as :func:`compose` does."""
    if n == 0:
        return []
    if not _all_bytes(parts):
        return _joined(parts)
    layout = _Layout.of(parts, marked=False)
    if not layout.fields:
        return TextMatrix(np.zeros((n, 0), np.uint8), True)
    out = layout.records(n, 0)
    return TextMatrix(out.view(np.uint8).reshape(n, out.dtype.itemsize), layout.plain)


def _all_bytes(parts: Sequence[Part]) -> bool:
    return all(isinstance(part, (str, np.ndarray)) or _is_entries(part) for part in parts)


def _joined(parts: Sequence[Part]) -> Texts:
    # A part that comes as strings would cost an encode and a padded row each: join the
    # parts as strings instead.
    return concat(*(_as_strings(part) for part in parts))


@dataclass
class _Layout:
    """The record type of composed values: a field per non-empty part (after a row mark
    when ``marked``), the literals' bytes, what fills the other fields, the control
    characters the values may hold and whether COPY has nothing to escape in them."""

    fields: list[tuple[str, Any]]
    literals: dict[str, bytes]
    fills: list[tuple[str, tuple[ByteTable, NDArray[np.integer[Any]]] | NDArray[np.uint8]]]
    used: set[int]
    plain: bool

    @classmethod
    def of(cls, parts: Sequence[Part], marked: bool) -> _Layout:
        layout = cls([("m", "u1")] if marked else [], {}, [], set(), True)
        for part in parts:
            name = f"p{len(layout.fields)}"
            if isinstance(part, str):
                if "\x00" in part:
                    raise ValueError("text values cannot hold NUL characters")
                if part:
                    data = part.encode("utf-8")
                    layout.fields.append((name, f"V{len(data)}"))
                    layout.literals[name] = data
                    if marked:  # only a row mark must be a control character none holds
                        layout.used |= _controls(np.frombuffer(data, np.uint8))
                    layout.plain = layout.plain and _copy_plain(data)
                continue
            if isinstance(part, np.ndarray):
                if part.shape[1]:
                    layout.fields.append((name, ("u1", part.shape[1:])))
                    layout.fills.append((name, part))
                    # only a matrix's own values need to know (a scan of its bytes)
                    layout.plain = layout.plain and (marked or _matrix_plain(part))
                continue
            table, idx = cast("tuple[ByteTable, NDArray[np.integer[Any]]]", part)
            layout.fields.append((name, table.rows.dtype))
            layout.fills.append((name, (table, idx)))
            layout.used |= table.controls
            layout.plain = layout.plain and table.plain
        return layout

    def records(self, n: int, mark: int) -> NDArray[np.void]:
        """``n`` records, filled (``mark`` in the row mark field, if there is one)."""
        template = np.zeros(1, np.dtype(self.fields))
        if mark:
            template["m"] = mark
        for name, data in self.literals.items():
            template[name] = np.void(data)
        out = np.repeat(template, n)
        for name, fill in self.fills:
            if isinstance(fill, tuple):
                np.take(fill[0].rows, fill[1], out=out[name])
            else:
                out[name] = fill
        return out


# --------------------------------------------------------------------------- words


def join_tokens(
    table: NDArray[np.object_],
    ids: NDArray[np.integer[Any]],
    counts: NDArray[np.integer[Any]],
    sep: str = " ",
) -> Texts:
    """Rows of ``counts[i]`` consecutive tokens ``table[ids]`` joined by ``sep``.

    ``table[-1]`` must be the NUL row marker (see :func:`with_marker`) and every count at
    least 1: the marker goes between rows, the whole batch is joined once and split on
    ``sep + NUL + sep``.
    """
    m = len(counts)
    if m == 0:
        return []
    seq = np.full(len(ids) + m - 1, len(table) - 1, dtype=np.int64)
    marks = np.cumsum(counts)[:-1] + np.arange(m - 1)
    is_word = np.ones(len(seq), bool)
    is_word[marks] = False
    seq[is_word] = ids
    return sep.join(table[seq].tolist()).split(f"{sep}\x00{sep}")


def with_marker(values: Sequence[str]) -> NDArray[np.object_]:
    """An object array of ``values`` plus the NUL row marker :func:`join_tokens` needs."""
    out = np.empty(len(values) + 1, dtype=object)
    out[:-1] = values
    out[-1] = "\x00"
    return out


@dataclass(frozen=True)
class Vocabulary:
    """Words for texts, with their capitalized and full-stop variants precomputed:
    ``tokens[word + len(vocab) * variant]`` where variant is 0 plain, 1 Capitalized,
    2 plain., 3 Capitalized.; ``tokens[-1]`` is the row marker."""

    words: NDArray[np.object_]
    lengths: NDArray[np.int64]
    tokens: NDArray[np.object_]

    @classmethod
    def of(cls, words: Iterable[str]) -> Vocabulary:
        clean = sorted({w.strip() for w in words if w and w.strip() and "\x00" not in w})
        if not clean:
            raise ValueError("empty vocabulary")
        return cls._build(clean)

    @classmethod
    def _build(cls, clean: list[str]) -> Vocabulary:
        # once per vocabulary, never per row
        cap = [w[:1].upper() + w[1:] for w in clean]
        tokens = with_marker(clean + cap + [w + "." for w in clean] + [w + "." for w in cap])
        words = np.empty(len(clean), dtype=object)
        words[:] = clean
        return cls(words, str_lengths(clean), tokens)

    def limited(self, max_len: int) -> Vocabulary:
        """Only the words of at most ``max_len`` characters."""
        keep = self.lengths <= max_len
        if keep.all():
            return self
        if not keep.any():
            raise ValueError(f"no word is at most {max_len} characters long")
        return Vocabulary._build(self.words[keep].tolist())

    def __len__(self) -> int:
        return len(self.words)


def words_text(
    vocab: Vocabulary,
    n: int,
    rng: np.random.Generator,
    words: tuple[int, int],
    sentences: tuple[int, int] | None = None,
    capitalize: bool = False,
    max_len: int | None = None,
) -> Texts:
    """n texts of random words.

    Without ``sentences``: ``words[0]..words[1]`` words per text (the first capitalized
    when ``capitalize``). With ``sentences=(lo, hi)``: lo..hi sentences per text of
    ``words[0]..words[1]`` words each, capitalized and ending with a full stop.
    ``max_len`` drops whole trailing words so that no text is longer; the first word
    always stays, so the vocabulary must be :meth:`Vocabulary.limited` to ``max_len``.
    """
    if n == 0:
        return []
    lo, hi = words
    if sentences is None:
        counts = rng.integers(lo, hi + 1, n)
        total = int(counts.sum())
        row_start = np.cumsum(counts) - counts
        pos = np.arange(total) - np.repeat(row_start, counts)
        variant = (pos == 0).astype(np.int64) if capitalize else np.zeros(total, np.int64)
    else:
        per_row = rng.integers(sentences[0], sentences[1] + 1, n)
        sent_len = rng.integers(lo, hi + 1, int(per_row.sum()))
        sent_row = np.repeat(np.arange(n), per_row)
        counts = np.bincount(sent_row, weights=sent_len, minlength=n).astype(np.int64)
        total = int(counts.sum())
        row_start = np.cumsum(counts) - counts
        pos = np.arange(total) - np.repeat(row_start, counts)
        in_sent = np.arange(total) - np.repeat(np.cumsum(sent_len) - sent_len, sent_len)
        last = in_sent == np.repeat(sent_len, sent_len) - 1
        variant = (in_sent == 0).astype(np.int64) + 2 * last.astype(np.int64)
    word = rng.integers(0, len(vocab), total)
    if max_len is not None:
        toklen = vocab.lengths[word] + (variant >= 2) + (pos > 0)  # full stop, separator
        csum = np.cumsum(toklen)
        within = csum - np.repeat(csum[row_start] - toklen[row_start], counts)
        keep = within <= max_len
        if not keep.all():
            counts = np.bincount(np.repeat(np.arange(n), counts)[keep], minlength=n)
            word, variant = word[keep], variant[keep]
    return join_tokens(vocab.tokens, word + len(vocab) * variant, counts)


# --------------------------------------------------------------------------- limits


def truncate(values: Sequence[str], limit: int) -> Texts:
    """Cut strings to at most ``limit`` characters (no trailing blank left behind)."""
    vals = list(values)
    if not vals or int(str_lengths(vals).max()) <= limit:
        return vals
    arr = np.array(vals, dtype=np.dtypes.StringDType())
    cut = np.strings.rstrip(np.strings.slice(arr, 0, limit))
    return cut.tolist()


def suffix_width(row_count: int) -> int:
    """Digits of an index-derived suffix that numbers ``row_count`` rows (at least 4)."""
    return max(4, len(str(max(row_count, 1) - 1)))


def unique_suffixes(ctx: GenContext, n: int, key: int, width: int) -> Texts:
    """Zero-padded, keyed-shuffled row numbers: distinct across the whole table."""
    return split_fixed(unique_suffix_matrix(ctx, n, key, width))


def unique_suffix_matrix(ctx: GenContext, n: int, key: int, width: int) -> NDArray[np.uint8]:
    """The digits of :func:`unique_suffixes`, a row per value (a part for :func:`compose`)."""
    domain = 10**width
    rows = ctx.row_numbers(n)
    if n and int(rows.max()) >= domain:
        raise ValueError(
            f"{ctx.column.path}: {ctx.column.row_count:,} rows need more than {width}-digit "
            "unique suffixes; the table's rowCount is larger than the generator was told"
        )
    return digit_matrix(permute(rows, domain, key), width)


def unique_codes(ctx: GenContext, n: int, key: int, width: int, alphabet: bytes) -> Texts:
    """Keyed-shuffled row numbers as ``width`` symbols of ``alphabet`` (``AB``, ``Q7``):
    distinct across the whole table, for columns too short for decimal suffixes."""
    domain = len(alphabet) ** width
    rows = ctx.row_numbers(n)
    if n and int(rows.max()) >= domain:
        raise ValueError(
            f"{ctx.column.path}: {ctx.column.row_count:,} rows need more than {domain:,} "
            f"{width}-character codes"
        )
    symbols = np.frombuffer(alphabet, np.uint8)
    return split_fixed(code_matrix(permute(rows, domain, key), width, symbols))


# --------------------------------------------------------------------------- ascii


_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def ascii_slug(text: str) -> str:
    """Lower-case ASCII letters and digits only (for e-mail local parts and domains);
    used once per vocabulary entry, never per row."""
    lowered = text.lower().translate(_LIGATURES)
    decomposed = unicodedata.normalize("NFKD", lowered)
    plain = decomposed.encode("ascii", "ignore").decode("ascii")
    return _NON_ALNUM.sub("", plain)


_LIGATURES = str.maketrans(
    {"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ł": "l", "đ": "d", "þ": "th", "ð": "d", "ı": "i"}
)
