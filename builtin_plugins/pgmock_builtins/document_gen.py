"""Document generators: json/jsonb objects from a template, and small xml documents.

Each template field becomes parts of the object text: table entries picked by index
(numbers, dates, words and names are rows of byte tables made once), literals (keys,
quotes, separators) and byte matrices (UUIDs, timestamps); the whole object is then
composed for every row at once (:func:`pgmock_builtins._vec.compose`), one string per
value. jsonb output is in PostgreSQL's normalized form (keys ordered by length, then
bytes; ``", "`` and ``": "`` separators), so reading it back compares equal. Templates
whose leaves name generators, or that hold arrays, are filled leaf by leaf by
``nested.json_template`` (:mod:`pgmock_builtins.json_template_gen`), which stands in for
this generator; this one fills templates of kinds, or a single kind.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import Field, field_validator

from pgmock_builtins import _pools, _wordlists
from pgmock_builtins._vec import (
    ByteTable,
    Part,
    Vocabulary,
    compose,
    compose_matrix,
    concat,
    fixed_digits,
    int_texts,
    words_text,
)
from pgmock_builtins.binary_gen import uuid_matrix
from pgmock_sdk import ColumnInfo, GenContext, Generator, Params

if TYPE_CHECKING:
    from numpy.typing import NDArray

KINDS = (
    "int",
    "float",
    "bool",
    "word",
    "words",
    "name",
    "date",
    "timestamp",
    "uuid",
    "tags",
    "null",
)
DEFAULT_TEMPLATE: dict[str, Any] = {
    "id": "int",
    "name": "name",
    "active": "bool",
    "score": "float",
    "tags": "tags",
}
_DAY0, _DAYS = 16436, 4017  # 2015-01-01 .. 2025-12-31
_TAGS = 3  # at most, per value


@cache
def _table(kind: str) -> ByteTable:
    """Every text of a kind with few distinct values, made once: a batch then gathers
    them by index."""
    if kind == "int":  # 1..1000, indexed by the value
        return ByteTable.of(int_texts(np.arange(1001)))
    if kind == "float":  # 0.00..100.00, indexed by hundredths
        units = np.arange(10_001)
        return ByteTable.of(concat(int_texts(units // 100), ".", fixed_digits(units % 100, 2)))
    if kind == "bool":
        return ByteTable.of(["false", "true"])
    days = np.arange(_DAY0, _DAY0 + _DAYS).astype("M8[D]")  # "date", indexed from _DAY0
    return ByteTable.of(concat('"', np.datetime_as_string(days).tolist(), '"'))


# Template nodes this generator cannot fill: generator leaves ("faker.city",
# {"generator": …}) and arrays ({"array": …}) are nested fields, so nested.json_template
# fills templates holding them; on its own this generator refuses them.
HOST_MARKS = ("generator", "array")


def _check_template(template: Any, path: str = "template") -> None:
    if isinstance(template, str) and path == "template":
        _check_kind(template, path)  # a single value of one kind
        return
    if not isinstance(template, dict) or not template:
        raise ValueError(f"{path} must be a non-empty object")
    if any(mark in template for mark in HOST_MARKS):
        raise ValueError(f"{path}: generator leaves and arrays are filled by nested.json_template")
    for key, kind in template.items():
        if isinstance(kind, dict):
            _check_template(kind, f"{path}.{key}")
        else:
            _check_kind(kind, f"{path}.{key}")


def _check_kind(kind: Any, path: str) -> None:
    if isinstance(kind, str) and "." in kind:
        raise ValueError(f"{path}: generator leaves ({kind}) are filled by nested.json_template")
    if kind not in KINDS:
        raise ValueError(f"{path}: unknown kind {kind!r} (known: {', '.join(KINDS)})")


def jsonb_key_order(keys: list[str]) -> list[str]:
    """jsonb stores object keys shortest first, then bytewise."""
    return sorted(keys, key=lambda k: (len(k.encode()), k.encode()))


def _json_safe(vocab: Vocabulary) -> Vocabulary:
    """Only words that need no JSON escaping (no quote, backslash or control char)."""
    keep = [w for w in vocab.words.tolist() if json.dumps(w, ensure_ascii=False)[1:-1] == w]
    return Vocabulary.of(keep)


class _Fields:
    """The parts of JSON value texts for each template kind, for a batch of rows."""

    def __init__(self, column: ColumnInfo) -> None:
        self.vocab = _json_safe(_wordlists.vocabulary(column.locale))
        first = _pools.person_names(column.locale, "first")
        last = _pools.person_names(column.locale, "last")
        self.first, self.last = first, last
        self.names_ok = all(
            json.dumps(v, ensure_ascii=False)[1:-1] == v
            for pool in (first.values, last.values)
            for v in pool.tolist()
        )

    @cached_property
    def quoted_words(self) -> ByteTable:
        """``"word"`` for each word of the vocabulary."""
        return ByteTable.of(concat('"', self.vocab.words.tolist(), '"'))

    @cached_property
    def more_words(self) -> ByteTable:
        """``, "word"``: a tag after the first."""
        return ByteTable.of(concat(', "', self.vocab.words.tolist(), '"'))

    @cached_property
    def names(self) -> tuple[ByteTable, ByteTable]:
        return ByteTable.of(self.first.values.tolist()), ByteTable.of(self.last.values.tolist())

    def parts(self, kind: str, n: int, rng: np.random.Generator) -> list[Part]:
        """The parts of ``n`` values of a kind (drawn from ``rng`` in a fixed order)."""
        if kind in ("int", "float", "bool"):
            if kind == "int":
                idx = rng.integers(1, 1000, n, endpoint=True)
            elif kind == "float":
                idx = rng.integers(0, 10_000, n, endpoint=True)
            else:
                idx = (rng.random(n) < 0.5).astype(np.intp)
            return [(_table(kind), idx)]
        if kind == "word":
            return [(self.quoted_words, rng.integers(0, len(self.vocab), n))]
        if kind == "words":
            return ['"', words_text(self.vocab, n, rng, (2, 5)), '"']
        if kind == "name":
            first, last = self.first.indices(n, rng), self.last.indices(n, rng)
            if not self.names_ok:  # an escape is needed: one call per value
                names = concat(self.first.take(first).tolist(), " ", self.last.take(last).tolist())
                return [list(map(_dumps, names))]
            first_t, last_t = self.names
            return ['"', (first_t, first), " ", (last_t, last), '"']
        if kind == "date":
            return [(_table("date"), rng.integers(_DAY0, _DAY0 + _DAYS, n) - _DAY0)]
        if kind == "timestamp":
            secs = rng.integers(_DAY0 * 86400, (_DAY0 + _DAYS) * 86400, n)
            # strings already: laying them out as bytes would cost more than it saves
            return ['"', np.datetime_as_string(secs.astype("M8[s]")).tolist(), 'Z"']
        if kind == "uuid":
            bits = rng.integers(0, 2**64 - 1, n, dtype=np.uint64, endpoint=True)
            return ['"', uuid_matrix(bits, rng), '"']
        if kind == "tags":
            counts = rng.integers(1, _TAGS, n, endpoint=True)
            ids = rng.integers(0, len(self.vocab), int(counts.sum()))
            start = np.cumsum(counts) - counts
            parts: list[Part] = ["[", (self.quoted_words, ids[start])]
            more = self.more_words
            for k in range(1, _TAGS):
                tag = ids[np.minimum(start + k, len(ids) - 1)]
                parts.append((more, np.where(counts > k, tag, more.none)))
            return [*parts, "]"]
        return ["null"]

    def column(
        self, kind: str, n: int, rng: np.random.Generator, matrix: bool = False
    ) -> Sequence[str]:
        parts = self.parts(kind, n, rng)
        return compose_matrix(n, parts) if matrix else compose(n, parts)

    def object_parts(
        self, template: dict[str, Any], n: int, rng: np.random.Generator, jsonb: bool
    ) -> list[Part]:
        keys = jsonb_key_order(list(template)) if jsonb else list(template)
        parts: list[Part] = []
        for i, key in enumerate(keys):
            parts.append(("{" if i == 0 else ", ") + _dumps(key) + ": ")
            kind = template[key]
            if isinstance(kind, dict):
                parts += self.object_parts(kind, n, rng, jsonb)
            else:
                parts += self.parts(kind, n, rng)
        return [*parts, "}"]

    def objects(
        self,
        template: dict[str, Any],
        n: int,
        rng: np.random.Generator,
        jsonb: bool,
        matrix: bool = False,
    ) -> Sequence[str]:
        parts = self.object_parts(template, n, rng, jsonb)
        return compose_matrix(n, parts) if matrix else compose(n, parts)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


class JsonParams(Params):
    template: dict[str, Any] | str = Field(
        default_factory=lambda: dict(DEFAULT_TEMPLATE),
        description="Object shape: key -> kind ("
        + ", ".join(KINDS)
        + '), a nested object, a generator ("faker.city" or {"generator": …, "params": …, '
        '"type": …, "nullRatio": …, "distribution": …}) or an array ({"array": …, "min": …, '
        '"max": …}); or one kind for single values. Templates with generators or arrays are '
        "filled by nested.json_template (docs/schema.md, JSON templates).",
    )

    @field_validator("template")
    @classmethod
    def _valid(cls, v: dict[str, Any] | str) -> dict[str, Any] | str:
        _check_template(v)
        return v


class JsonGenerator(Generator[JsonParams]):
    """Small JSON objects shaped by a template; jsonb text in PostgreSQL's normal form."""

    name = "json"
    pg_types = frozenset({"json", "jsonb"})
    default_for = pg_types

    def __init__(self, params: JsonParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        self.fields = _Fields(column)

    def warm(self) -> None:
        # the byte tables once before workers fork, not once per worker
        for kind in ("int", "float", "bool", "date"):
            _table(kind)
        _ = self.fields.quoted_words, self.fields.more_words, self.fields.names

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> Sequence[str]:
        p = self.params
        if isinstance(p.template, str):
            return self.fields.column(p.template, n, rng, matrix=ctx.labels)
        jsonb = self.column.type.name == "jsonb"
        return self.fields.objects(p.template, n, rng, jsonb, matrix=ctx.labels)


# --------------------------------------------------------------------------- xml


class XmlParams(Params):
    root: str = Field("item", pattern=r"^[A-Za-z_][A-Za-z0-9_.-]*$", description="Root element.")


_XML_UNSAFE = str.maketrans({"&": "", "<": "", ">": "", '"': ""})


class XmlGenerator(Generator[XmlParams]):
    """Small well-formed XML documents: <item id="…"><name>…</name><note>…</note></item>."""

    name = "xml"
    pg_types = frozenset({"xml"})
    default_for = pg_types

    def __init__(self, params: XmlParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        locale_words = _wordlists.vocabulary(column.locale).words.tolist()
        words = [w.translate(_XML_UNSAFE) for w in locale_words]
        self.vocab = Vocabulary.of(words)
        root = params.root
        self.fmt = f'<{root} id="{{}}"><name>{{}}</name><note>{{}}</note></{root}>'

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        ids: NDArray[np.int64] = ctx.row_numbers(n) + 1
        names = words_text(self.vocab, n, rng, (1, 3), capitalize=True)
        notes = words_text(self.vocab, n, rng, (4, 12), sentences=(1, 2))
        return list(map(self.fmt.format, int_texts(ids), names, notes))
