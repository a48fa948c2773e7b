"""Reading schema files (through the schema-source plugins) and merging several."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pgmock.errors import Problem, SchemaError
from pgmock.plugins.registry import LookupFailed, Registry
from pgmock.schema.provenance import Provenance, Source
from pgmock_sdk import Located, SchemaSourceError

_MERGED_LISTS = ("plugins", "extensions")
_MERGED_MAPS = ("types", "tables")


def read_schema_file(path: str, registry: Registry) -> Located:
    """Parse one file with the source registered for its suffix; the lines of its paths
    when the source knows them (YAML)."""
    try:
        entry = registry.source_for(path)
    except LookupFailed as exc:
        raise SchemaError([Problem(path, "", exc.message)]) from None
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise SchemaError([Problem(path, "", f"cannot read file: {exc.strerror}")]) from None
    except UnicodeDecodeError as exc:
        raise SchemaError([Problem(path, "", f"not UTF-8 text: {exc}")]) from None
    try:
        return entry.obj().load_located(text, path)
    except SchemaSourceError as exc:
        where = path
        if exc.line is not None:
            where += f":{exc.line}" + (f":{exc.column}" if exc.column is not None else "")
        raise SchemaError([Problem(where, "", exc.message)]) from None


def merge_schemas(
    docs: list[tuple[Source, Any]], layers: list[Provenance] | None = None
) -> tuple[Any, Provenance]:
    """Combine several files: tables and types are unioned, the first file's settings win.

    Returns the merged document and where each of its parts was written (so problems
    are reported against the right file and line). ``layers``: each document's own
    provenance, when it is already a merge (a file that extends a template).
    """
    first = docs[0][0]
    layers = layers or [Provenance(source) for source, _ in docs]
    if len(docs) == 1:
        return docs[0][1], layers[0]
    provenance = Provenance(first)
    provenance.extended = list(dict.fromkeys(t for layer in layers for t in layer.extended))
    problems: list[Problem] = []
    merged: dict[str, Any] = {}
    for (source, doc), layer in zip(docs, layers):
        if not isinstance(doc, dict):
            problems.append(Problem(source.name, "", "the top level must be a JSON object", 1))
            continue
        for key, value in doc.items():
            if key in _MERGED_MAPS and isinstance(value, dict):
                target = merged.setdefault(key, {})
                for name, spec in value.items():
                    path = f"{key}.{name}"
                    if name in target:
                        first_at = provenance.where(path)
                        line = f":{first_at.line}" if first_at.line is not None else ""
                        problems.append(
                            Problem(
                                source.name,
                                path,
                                f"already declared in {first_at.file}{line}",
                                source.line_of(path),
                            )
                        )
                        continue
                    target[name] = spec
                    provenance.take(layer, path)
            elif key in _MERGED_LISTS and isinstance(value, list):
                target_list = merged.setdefault(key, [])
                target_list.extend(v for v in value if v not in target_list)
            else:
                if key not in merged:
                    provenance.take(layer, key)
                merged.setdefault(key, value)
    if problems:
        raise SchemaError(problems)
    return merged, provenance
