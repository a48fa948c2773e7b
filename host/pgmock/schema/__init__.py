"""The schema format: pydantic models, loading from files, and semantic resolution."""

from __future__ import annotations

from typing import Any

from pgmock.errors import Problem, SchemaError
from pgmock.plugins.registry import Registry
from pgmock.schema.load import group_by_source, merge_schemas, read_schema_files
from pgmock.schema.resolved import ResolvedSchema
from pgmock.schema.resolver import Resolver


def load_raw(paths: list[str], registry: Registry) -> tuple[Any, dict[str, str]]:
    """Read and merge schema files, reporting syntax problems of every file at once."""
    docs: list[tuple[str, Any]] = []
    problems: list[Problem] = []
    for group in group_by_source(paths, registry):
        try:
            docs.append((group[0], read_schema_files(group, registry)))
        except SchemaError as exc:
            problems.extend(exc.problems)
    if problems:
        raise SchemaError(problems)
    return merge_schemas(docs)


def resolve_schema(
    raw: Any,
    origin: dict[str, str],
    paths: list[str],
    registry: Registry,
    seed: int | None = None,
    rows: dict[str, int] | None = None,
    scale: float | None = None,
) -> ResolvedSchema:
    """Validate and resolve a merged schema; problems name the file that declared them.

    ``rows``/``scale`` are --rows and --scale, applied before the checks that use counts.
    """
    return Resolver(registry, paths[0], origin).resolve(raw, seed, rows, scale)


__all__ = ["ResolvedSchema", "load_raw", "resolve_schema"]
