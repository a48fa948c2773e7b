"""The schema format: pydantic models, loading from files, and semantic resolution."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pgmock.errors import Problem, SchemaError
from pgmock.plugins.registry import Registry
from pgmock.schema.extends import expand
from pgmock.schema.load import group_by_source, merge_schemas, read_schema_files
from pgmock.schema.provenance import Provenance, Source
from pgmock.schema.resolved import ResolvedSchema
from pgmock.schema.resolver import Defaults, Resolver

if TYPE_CHECKING:
    from pgmock.library import Library


def load_raw(
    paths: list[str], registry: Registry, library: Library | None = None
) -> tuple[Any, Provenance]:
    """Read and merge schema files (each on top of the template it extends), reporting
    the problems of every file at once."""
    docs: list[tuple[Source, Any]] = []
    layers: list[Provenance] = []
    problems: list[Problem] = []
    for group in group_by_source(paths, registry):
        try:
            doc = read_schema_files(group, registry)
            source = Source(group[0], doc.lines)
            data, provenance, _ = expand(doc.data, source, library)
            docs.append((source, data))
            layers.append(provenance)
        except SchemaError as exc:
            problems.extend(exc.problems)
    if problems:
        raise SchemaError(problems)
    return merge_schemas(docs, layers)


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


__all__ = [
    "Defaults",
    "Provenance",
    "ResolvedSchema",
    "Source",
    "expand",
    "load_raw",
    "resolve_schema",
]
