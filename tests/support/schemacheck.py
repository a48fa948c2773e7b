"""Resolving schema documents in-process, for tests that look at the problems reported."""

from __future__ import annotations

from functools import cache
from typing import Any

from pgmock.errors import Problem, SchemaError
from pgmock.plugins.host import PluginHost, make_host
from pgmock.schema import ResolvedSchema, resolve_schema


@cache
def host() -> PluginHost:
    """The built-in plugins only (no PGMOCK_PLUGINS from the environment)."""
    return make_host(env={})


def resolve(doc: Any, **overrides: Any) -> ResolvedSchema:
    """``doc`` resolved as if read from s.json (``rows``, ``scale``, ``seed`` as flags)."""
    return resolve_schema(doc, {}, ["s.json"], host().registry, **overrides)


def problems(doc: Any, **overrides: Any) -> list[Problem]:
    """The problems ``pgmock validate`` would report for ``doc`` (none: it validates)."""
    try:
        resolve(doc, **overrides)
    except SchemaError as exc:
        return exc.problems
    return []


def table(columns: dict[str, Any], rows: Any = 3, **extra: Any) -> dict[str, Any]:
    return {"rowCount": rows, "columns": columns, **extra}


def schema(tables: dict[str, Any], **top: Any) -> dict[str, Any]:
    return {"version": "1.0", **top, "tables": tables}
