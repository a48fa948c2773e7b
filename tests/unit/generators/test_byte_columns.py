"""Generators that hand the host bytes when it asks (``GenContext.labels``): e-mails, user
names, full names, jsonb objects and uuids as byte matrices (TextMatrix), enum labels as picks
(Labels). Each reads as the very values the generator returns without the flag, and the
COPY output of a table of them is the list path's."""

from __future__ import annotations

import uuid
from typing import Any

import numpy as np
import pytest

from pgmock.generate.engine import Engine
from pgmock.generate.plan import make_plan
from pgmock_sdk import Chunk, GenContext, Generator
from pgmock_sdk.copytext import copy_bytes, copy_text
from pgmock_sdk.textmatrix import Labels, TextMatrix

from generator_setup import make
from schemacheck import resolve, schema, table


def _both(g: Generator, n: int = 500, seed: int = 3) -> tuple[Any, list[str]]:
    """The batch with and without the host's flag, from the same draws."""
    as_bytes = g.generate(n, np.random.default_rng(seed), GenContext(g.column, 0, labels=True))
    plain = g.generate(n, np.random.default_rng(seed), GenContext(g.column, 0))
    return as_bytes, list(plain)


@pytest.mark.parametrize(
    ("name", "type_name", "params", "col"),
    [
        ("email", "varchar(255)", {}, {"unique": True, "rows": 100_000}),
        ("email", "text", {"domains": ["example.com", "exämple.de"]}, {}),
        ("full_name", "text", {}, {}),
        ("full_name", "varchar(80)", {}, {"locale": "ja_JP"}),  # family name first
        ("full_name", "text", {}, {"locale": "ru_RU"}),
        ("json", "jsonb", {}, {}),
        ("json", "json", {"template": {"b": "uuid", "a": {"d": "date", "n": "name"}}}, {}),
        ("json", "jsonb", {}, {"locale": "de_DE"}),
        ("json", "jsonb", {"template": "name"}, {}),  # single values of one kind
        ("json", "jsonb", {"template": "uuid"}, {}),
        ("username", "varchar(64)", {}, {"unique": True, "rows": 100_000}),
        ("username", "text", {}, {"locale": "ja_JP"}),
        ("uuid", "uuid", {}, {}),
        ("uuid", "varchar(36)", {}, {"unique": True}),
    ],
)
def test_a_byte_matrix_reads_as_the_values(
    name: str, type_name: str, params: dict[str, Any], col: dict[str, Any]
) -> None:
    matrix, values = _both(make(name, type_name, params, **col))
    assert isinstance(matrix, TextMatrix) and matrix.plain
    assert list(matrix) == values


@pytest.mark.parametrize(
    ("name", "type_name", "params"),
    [
        ("email", "varchar(24)", {}),  # local parts cut to fit: strings
        ("username", "varchar(12)", {}),
        ("full_name", "varchar(12)", {}),  # names cut to fit
        ("json", "jsonb", {"template": {"w": "words", "t": "timestamp"}}),  # string kinds
    ],
)
def test_values_made_as_strings_stay_a_list(
    name: str, type_name: str, params: dict[str, Any]
) -> None:
    got, values = _both(make(name, type_name, params))
    assert isinstance(got, list) and got == values


def test_enum_labels_come_as_picks() -> None:
    picks, values = _both(make("enum", "mood", {"weights": [1, 2, 3, 4]}))
    assert isinstance(picks, Labels) and list(picks) == values


ORDERS: dict[str, Any] = {
    "id": {"type": "bigserial", "primaryKey": True},
    "status": {"type": "mood"},
    "email": {"type": "varchar(255)", "generator": "email", "unique": True},
    "customer_name": {"type": "text", "generator": "full_name"},
    "details": {"type": "jsonb"},
    "tracking": {"type": "uuid"},
    # reads earlier columns: must see their strings, not the matrices
    "doc": {"type": "tsvector", "generator": "search_vector",
            "params": {"source_columns": ["customer_name", "details"]}},
}  # fmt: skip


def test_a_table_of_byte_columns_writes_the_list_path_s_rows() -> None:
    doc = schema(
        {"t": table(ORDERS, rows=3000)},
        types={"mood": {"enum": ["sad", "ok", "happy"]}},
    )
    with Engine(make_plan(resolve(doc))) as engine:
        chunk = next(iter(engine.iter_chunks("t")))
        listed = engine.generate_chunk("t", 0)
    kinds = dict(zip(ORDERS, map(type, chunk.columns)))
    assert kinds["email"] is kinds["details"] is kinds["tracking"] is TextMatrix
    assert kinds["customer_name"] is kinds["status"] is TextMatrix
    names, details, docs = listed["customer_name"], listed["details"], listed["doc"]
    assert all(w.lower() in v for name, v in zip(names, docs) for w in name.split())
    assert all('"tags"' in d and "'tags'" in v for d, v in zip(details, docs))
    lists = Chunk(chunk.offset, chunk.n, [list(c) for c in chunk.columns])
    assert copy_bytes(chunk) == copy_text(lists).encode("utf-8")


def test_uuid_texts_are_the_uuids_of_their_bytes() -> None:
    from pgmock_builtins.binary_gen import uuid_matrix, uuid_texts

    rng = np.random.default_rng(4)
    bits = rng.integers(0, 2**64 - 1, 300, dtype=np.uint64, endpoint=True)
    rest = rng.integers(0, 2**64 - 1, 300, dtype=np.uint64, endpoint=True)
    texts = uuid_texts(bits, rest)  # written into a matrix with a row mark before each
    assert [bytes(row).decode() for row in uuid_matrix(bits, rest)] == texts
    for text, b in zip(texts, bits.tolist()):
        u = uuid.UUID(text)
        assert str(u) == text and u.version == 4 and u.int >> 80 == b >> 16
