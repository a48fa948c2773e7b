"""Test helpers that need nothing but the SDK: build a column, read plain output back.

* :func:`column_info` — a column as the host describes it to a generator.
* :func:`copy_rows` — the rows of one table's COPY block in plain output, unescaped.

The pytest fixtures (``pgmock_host``, ``pgmock_generate``, ``pgmock_contract``,
``pgmock_cli``) and the helpers that run pgmock's host (``run_generator``,
``check_contract``, ``TestHost``) live in :mod:`pgmock.testing`, which pgmock installs as a
pytest plugin: the SDK imports nothing of the host.
"""

from __future__ import annotations

import re
import zlib
from typing import Any

import numpy as np

from pgmock_sdk.generator import ColumnInfo
from pgmock_sdk.pgtypes import parse_type

__all__ = ["column_info", "copy_rows"]

# Names this module had before the fixtures moved to the host (pgmock 0.1).
_MOVED = frozenset(
    {
        "CliResult",
        "PgmockCli",
        "TestHost",
        "check_contract",
        "pgmock_cli",
        "pgmock_contract",
        "pgmock_generate",
        "pgmock_host",
        "run_generator",
    }
)


def column_info(
    type: str = "text",
    *,
    name: str = "value",
    table: str = "t",
    unique: bool = False,
    nullable: bool = True,
    row_count: int = 1000,
    seed: int = 0,
    schema_file: str | None = None,
) -> ColumnInfo:
    """A column as the host describes it to a generator (keys derived from ``seed``; the
    table key is shared by every column of ``table`` under that seed)."""
    state = np.random.SeedSequence(seed, spawn_key=(1,)).generate_state(2, dtype=np.uint32)
    shared = np.random.SeedSequence(seed, spawn_key=(2, zlib.crc32(table.encode("utf-8"))))
    tkey = shared.generate_state(2, dtype=np.uint32)
    return ColumnInfo(
        schema="public",
        table=table,
        name=name,
        type=parse_type(type),
        nullable=nullable,
        unique=unique,
        row_count=row_count,
        key=int(state[0]) << 32 | int(state[1]),
        table_key=int(tkey[0]) << 32 | int(tkey[1]),
        schema_file=schema_file,
    )


_COPY = re.compile(r"^COPY (?P<table>\S+) \((?P<cols>[^)]*)\) FROM stdin;$", re.M)
_UNESCAPE = re.compile(r"\\(.)")
_ESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\"}


def copy_rows(sql: str, table: str) -> list[tuple[str | None, ...]]:
    """The rows of ``table``'s COPY block in plain output (``users`` or ``sales.orders``)."""
    wanted = table if "." in table else f"public.{table}"
    for match in _COPY.finditer(sql):
        if match.group("table").replace('"', "") != wanted:
            continue
        start = match.end() + 1
        end = sql.index("\n\\.\n", start - 1)
        body = sql[start:end] if end >= start else ""
        return [
            tuple(
                None if f == "\\N" else _UNESCAPE.sub(lambda m: _ESCAPES.get(m[1], m[1]), f)
                for f in line.split("\t")
            )
            for line in body.split("\n")
            if body
        ]
    raise AssertionError(f"no COPY block for {wanted} in the output")


def __getattr__(name: str) -> Any:
    if name in _MOVED:
        # An ImportError, not an AttributeError: ``from … import`` would replace the
        # message with a bare "cannot import name".
        raise ImportError(
            f"pgmock_sdk.testing.{name} moved to pgmock.testing (it runs pgmock's host, "
            f"which the SDK never imports): use from pgmock.testing import {name}",
            name=__name__,
        )
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
