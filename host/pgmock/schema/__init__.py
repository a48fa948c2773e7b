"""The schema format: pydantic models, loading from files, and semantic resolution."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pgmock.errors import Problem, SchemaError
from pgmock.plugins.registry import Registry
from pgmock.schema.extends import expand
from pgmock.schema.formats import check_format
from pgmock.schema.load import group_by_source, read_schema_files
from pgmock.schema.mix import MIX, Part, compose, mix_parts
from pgmock.schema.provenance import Provenance, Source
from pgmock.schema.resolved import ResolvedSchema
from pgmock.schema.resolver import Defaults, Resolver

if TYPE_CHECKING:
    from pgmock.library import Library


def load_raw(
    paths: Sequence[str],
    registry: Registry,
    library: Library | None = None,
    templates: Sequence[str] = (),
    read_outside: bool = False,
) -> tuple[Any, Provenance]:
    """Read schema files and templates (each file on top of what it extends) and combine
    them into one document, a mix (:mod:`pgmock.schema.mix`), reporting the problems of
    every file at once. The files' settings win over the templates'. ``read_outside``:
    a mix file may name files outside its folder (the user allowed reading files)."""
    parts: list[Part] = []
    problems: list[Problem] = []
    for group in group_by_source(list(paths), registry):
        try:
            doc = read_schema_files(group, registry)
            source = Source(group[0], doc.lines)
            # Each file's own version: the combined document keeps only one. A newer one
            # stops here; the others are reported once the document is resolved.
            newer = [i for i in check_format(doc.data) if i.newer]
            problems.extend(
                Problem(source.name, i.path, i.message, source.line_of(i.path)) for i in newer
            )
            if newer:
                continue
            if isinstance(doc.data, dict) and MIX in doc.data:
                parts.extend(mix_parts(doc.data, source, library, registry, read_outside))
                continue
            data, provenance, _ = expand(doc.data, source, library)
            parts.append(Part(Path(group[0]).stem, data, provenance, group[0]))
        except SchemaError as exc:
            problems.extend(exc.problems)
    for spec in templates:
        try:
            source = Source(f"--template {spec}")
            data, provenance, used = expand({"extends": spec}, source, library)
            parts.append(Part(used[0].name, data, provenance, f"template {used[0].label}"))
        except SchemaError as exc:
            problems.extend(exc.problems)
    if problems:
        raise SchemaError(problems)
    if not parts:
        raise SchemaError([Problem("", "", "no schema given")])
    # A name given twice on the command line: the later ones numbered (a mix file's
    # parts are named by it, and told when two are named alike).
    taken = {p.name for p in parts if p.entry is not None}
    for part in parts:
        if part.entry is None and part.name:
            base, n = part.name, 1
            while part.name in taken:
                n += 1
                part.name = f"{base}-{n}"
            taken.add(part.name)
    return compose(parts, registry)


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
