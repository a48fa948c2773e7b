"""One-database schemas resolved in-process by the built-in plugins, as ``pgmock generate``
resolves them: for tests of what inference chooses."""

from __future__ import annotations

from functools import cache
from typing import Any

from pgmock.plugins.host import PluginHost, make_host
from pgmock.schema import resolve_schema
from pgmock.schema.resolved import ResolvedSchema


@cache
def builtin_host() -> PluginHost:
    return make_host(())


def resolve(tables: dict[str, Any]) -> ResolvedSchema:
    """``tables`` as a schema of format 1.0 with seed 3, resolved."""
    raw = {"version": "1.0", "seed": 3, "tables": tables}
    return resolve_schema(raw, {}, ["t.json"], builtin_host().registry)


def first_chunk(tables: dict[str, Any], table: str) -> dict[str, list[Any]]:
    """The first chunk of ``table``'s rows, column by column, as ``pgmock generate``
    makes them from ``tables`` (see :func:`resolve`)."""
    from pgmock.generate.engine import Engine
    from pgmock.generate.plan import make_plan

    with Engine(make_plan(resolve(tables))) as engine:
        data = engine.generate_chunk(table, 0)
    return {name: list(values) for name, values in data.items()}
