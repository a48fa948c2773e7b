"""The schema format: pydantic models, loading from files, and semantic resolution."""

from __future__ import annotations

from typing import Any

from pgmock.errors import Problem, SchemaError
from pgmock.plugins.registry import Registry
from pgmock.schema.load import merge_schemas, read_schema_file
from pgmock.schema.provenance import Provenance, Source
from pgmock.schema.resolved import ResolvedSchema
from pgmock.schema.resolver import Defaults, Resolver


def load_raw(paths: list[str], registry: Registry) -> tuple[Any, Provenance]:
    """Read and merge schema files, reporting syntax problems of every file at once."""
    docs: list[tuple[Source, Any]] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            doc = read_schema_file(path, registry)
            docs.append((Source(path, doc.lines), doc.data))
        except SchemaError as exc:
            problems.extend(exc.problems)
    if problems:
        raise SchemaError(problems)
    return merge_schemas(docs)


def resolve_schema(
    raw: Any,
    origin: dict[str, str] | Provenance,
    paths: list[str],
    registry: Registry,
    seed: int | None = None,
    rows: dict[str, int] | None = None,
    scale: float | None = None,
    defaults: Defaults | None = None,
) -> ResolvedSchema:
    """Validate and resolve a merged schema; problems name the file that declared them.

    ``rows``/``scale`` are --rows and --scale, applied before the checks that use counts.
    """
    return Resolver(registry, paths[0], origin).resolve(raw, seed, rows, scale, defaults)


__all__ = ["Defaults", "Provenance", "ResolvedSchema", "load_raw", "resolve_schema"]
