"""Document generators: json/jsonb objects from a template, and small xml documents.

Each template field becomes one column of JSON texts built with numpy; the object text
is then assembled per row by one C-level ``str.format`` call (``map(fmt.format, …)``).
jsonb output is in PostgreSQL's normalized form (keys ordered by length, then bytes;
``", "`` and ``": "`` separators), so reading it back compares equal. Templates whose
leaves name generators, or that hold arrays, are filled leaf by leaf by
``nested.json_template`` (:mod:`pgmock_builtins.json_template_gen`), which stands in for
this generator; this one fills templates of kinds, or a single kind.
"""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import Field, field_validator

from pgmock_builtins import _pools, _wordlists
from pgmock_builtins._vec import (
    Vocabulary,
    concat,
    fixed_digits,
    int_texts,
    join_tokens,
    with_marker,
    words_text,
)
from pgmock_builtins.binary_gen import uuid_texts
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
_BOOLS = np.array(["false", "true"], dtype=object)
_DAY0, _DAYS = 16436, 4017  # 2015-01-01 .. 2025-12-31


def _table(texts: list[str]) -> NDArray[np.object_]:
    out = np.empty(len(texts), dtype=object)
    out[:] = texts
    return out


@cache
def _texts(kind: str) -> NDArray[np.object_]:
    """Every text of a kind with few distinct values, made once: a batch is then one
    gather, one pointer copy a value, instead of a string or two made per value."""
    if kind == "int":  # 1..1000, indexed by the value
        return _table(int_texts(np.arange(1001)))
    if kind == "float":  # 0.00..100.00, indexed by hundredths
        units = np.arange(10_001)
        return _table(concat(int_texts(units // 100), ".", fixed_digits(units % 100, 2)))
    days = np.arange(_DAY0, _DAY0 + _DAYS).astype("M8[D]")  # "date", indexed from _DAY0
    return _table(concat('"', np.datetime_as_string(days).tolist(), '"'))


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
    """Vectorized JSON value texts for each template kind."""

    def __init__(self, column: ColumnInfo) -> None:
        self.vocab = _json_safe(_wordlists.vocabulary(column.locale))
        self.words = with_marker(self.vocab.words.tolist())
        first = _pools.person_names(column.locale, "first")
        last = _pools.person_names(column.locale, "last")
        safe = [first.values, last.values]
        self.first, self.last = first, last
        self.names_ok = all(
            json.dumps(v, ensure_ascii=False)[1:-1] == v for pool in safe for v in pool.tolist()
        )

    def quoted(self, texts: list[str]) -> list[str]:
        return concat('"', texts, '"')

    def column(self, kind: str, n: int, rng: np.random.Generator) -> list[str]:
        if kind == "int":
            return _texts("int")[rng.integers(1, 1000, n, endpoint=True)].tolist()
        if kind == "float":
            return _texts("float")[rng.integers(0, 10_000, n, endpoint=True)].tolist()
        if kind == "bool":
            return _BOOLS[(rng.random(n) < 0.5).astype(np.intp)].tolist()
        if kind == "word":
            return self.quoted(self.vocab.words[rng.integers(0, len(self.vocab), n)].tolist())
        if kind == "words":
            return self.quoted(words_text(self.vocab, n, rng, (2, 5)))
        if kind == "name":
            first, last = self.first.sample(n, rng).tolist(), self.last.sample(n, rng).tolist()
            if not self.names_ok:  # an escape is needed: one call per value
                return list(map(_dumps, concat(first, " ", last)))
            return concat('"', first, " ", last, '"')
        if kind == "date":
            return _texts("date")[rng.integers(_DAY0, _DAY0 + _DAYS, n) - _DAY0].tolist()
        if kind == "timestamp":
            secs = rng.integers(_DAY0 * 86400, (_DAY0 + _DAYS) * 86400, n)
            stamps = np.datetime_as_string(secs.astype("M8[s]")).tolist()
            return concat('"', stamps, 'Z"')
        if kind == "uuid":
            bits = rng.integers(0, 2**64 - 1, n, dtype=np.uint64, endpoint=True)
            return self.quoted(uuid_texts(bits, rng))
        if kind == "tags":
            counts = rng.integers(1, 3, n, endpoint=True)
            ids = rng.integers(0, len(self.vocab), int(counts.sum()))
            return concat('["', join_tokens(self.words, ids, counts, sep='", "'), '"]')
        return ["null"] * n

    def objects(
        self, template: dict[str, Any], n: int, rng: np.random.Generator, jsonb: bool
    ) -> list[str]:
        keys = jsonb_key_order(list(template)) if jsonb else list(template)
        cols = []
        for key in keys:
            kind = template[key]
            if isinstance(kind, dict):
                cols.append(self.objects(kind, n, rng, jsonb))
            else:
                cols.append(self.column(kind, n, rng))
        parts: list[str | list[str]] = []
        for i, (key, col) in enumerate(zip(keys, cols)):
            parts += [("{" if i == 0 else ", ") + _dumps(key) + ": ", col]
        return concat(*parts, "}")


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

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        p = self.params
        if isinstance(p.template, str):
            return self.fields.column(p.template, n, rng)
        return self.fields.objects(p.template, n, rng, self.column.type.name == "jsonb")


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
