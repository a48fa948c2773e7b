"""Reading schema files through the schema-source plugins (several combine in
:mod:`pgmock.schema.mix`)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from pgmock.errors import Problem, SchemaError
from pgmock.plugins.registry import LookupFailed, Registry
from pgmock_sdk import Located, SchemaSourceError

#: JSON Schema's key for notes: allowed in every object of a schema, and ignored.
COMMENT = "$comment"


def read_schema_file(path: str, registry: Registry) -> Located:
    """Parse one file with the source registered for its suffix; the lines of its paths
    when the source knows them (YAML)."""
    return read_schema_files([path], registry)


def read_schema_files(paths: list[str], registry: Registry) -> Located:
    """Parse files of one source as one schema, in order (a source that ``joins_files``,
    such as SQL migrations, applies the later files to what the earlier ones made).
    Notes the source has about what it skipped go to stderr, one line each."""
    try:
        registry.source_for(paths[0])  # an unknown suffix is told before any file is read
    except LookupFailed as exc:
        raise SchemaError([Problem(paths[0], "", exc.message)]) from None
    return _load([(_read(p), p) for p in paths], registry)


def read_schema_text(text: str, name: str, registry: Registry) -> Any:
    """Parse ``text`` as if read from a file called ``name`` (its suffix picks the source):
    a live database's catalog written as DDL."""
    return _load([(text, name)], registry).data


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise SchemaError([Problem(path, "", f"cannot read file: {exc.strerror}")]) from None
    except UnicodeDecodeError as exc:
        raise SchemaError([Problem(path, "", f"not UTF-8 text: {exc}")]) from None


def _load(texts: list[tuple[str, str]], registry: Registry) -> Located:
    path = texts[0][1]
    try:
        entry = registry.source_for(path)
    except LookupFailed as exc:
        raise SchemaError([Problem(path, "", exc.message)]) from None
    source = entry.obj()
    try:
        if len(texts) == 1:
            doc = source.load_located(*texts[0])
        else:  # lines are per file; a join of several files has none of its own
            doc = Located(source.load_files(texts), {})
    except SchemaSourceError as exc:
        raise SchemaError([_problem(e, path) for e in (exc, *exc.also)]) from None
    for note in getattr(source, "notes", ()):
        sys.stderr.write(f"pgmock: note: {note}\n")
    return doc


def _problem(exc: SchemaSourceError, default_path: str) -> Problem:
    where = exc.path or default_path
    if exc.line is not None:
        where += f":{exc.line}" + (f":{exc.column}" if exc.column is not None else "")
    return Problem(where, "", exc.message)


def group_by_source(paths: list[str], registry: Registry) -> list[list[str]]:
    """Consecutive files of a source that joins files form one group; others stand alone."""
    groups: list[list[str]] = []
    last = None
    for path in paths:
        try:
            entry = registry.source_for(path)
        except LookupFailed:
            groups.append([path])
            last = None
            continue
        joins = getattr(entry.obj, "joins_files", False)
        if joins and last is entry and groups:
            groups[-1].append(path)
        else:
            groups.append([path])
        last = entry if joins else None
    return groups


def without_comments(doc: Any, path: str = "") -> tuple[Any, list[str]]:
    """``doc`` without its ``"$comment"`` keys, at any depth (JSON Schema's convention for
    notes; JSON has no comments), and the paths of those that are not text."""
    bad: list[str] = []
    if isinstance(doc, dict):
        out = {}
        for key, value in doc.items():
            where = f"{path}.{key}" if path else str(key)
            if key == COMMENT:
                if not isinstance(value, str):
                    bad.append(where)
                continue
            out[key], more = without_comments(value, where)
            bad.extend(more)
        return out, bad
    if isinstance(doc, list):
        items = []
        for i, value in enumerate(doc):
            item, more = without_comments(value, f"{path}.{i}")
            items.append(item)
            bad.extend(more)
        return items, bad
    return doc, bad
