"""Reading schema files (through the schema-source plugins) and merging several."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pgmock.errors import Problem, SchemaError
from pgmock.plugins.registry import LookupFailed, Registry
from pgmock_sdk import SchemaSourceError

_MERGED_LISTS = ("plugins", "extensions")
#: JSON Schema's key for notes: allowed in every object of a schema, and ignored.
COMMENT = "$comment"
_MERGED_MAPS = ("types", "tables")


def read_schema_file(path: str, registry: Registry) -> Any:
    """Parse one file with the source registered for its suffix."""
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
        return entry.obj().load(text, path)
    except SchemaSourceError as exc:
        where = path
        if exc.line is not None:
            where += f":{exc.line}" + (f":{exc.column}" if exc.column is not None else "")
        raise SchemaError([Problem(where, "", exc.message)]) from None


def merge_schemas(docs: list[tuple[str, Any]]) -> tuple[Any, dict[str, str]]:
    """Combine several files: tables and types are unioned, the first file's settings win.

    Returns the merged document and, per table key, the file that declared it (so problems
    are reported against the right file).
    """
    if len(docs) == 1:
        path, doc = docs[0]
        tables = doc.get("tables") if isinstance(doc, dict) else None
        return doc, {k: path for k in tables} if isinstance(tables, dict) else {}
    problems: list[Problem] = []
    merged: dict[str, Any] = {}
    origin: dict[str, str] = {}
    for path, doc in docs:
        if not isinstance(doc, dict):
            problems.append(Problem(path, "", "the top level must be a JSON object"))
            continue
        for key, value in doc.items():
            if key in _MERGED_MAPS and isinstance(value, dict):
                target = merged.setdefault(key, {})
                for name, spec in value.items():
                    if name == COMMENT:
                        continue  # a note, not a table or type
                    if name in target:
                        problems.append(
                            Problem(
                                path,
                                f"{key}.{name}",
                                "already declared in "
                                + origin.get(f"{key}.{name}", "another file"),
                            )
                        )
                        continue
                    target[name] = spec
                    origin[f"{key}.{name}"] = path
            elif key in _MERGED_LISTS and isinstance(value, list):
                target_list = merged.setdefault(key, [])
                target_list.extend(v for v in value if v not in target_list)
            else:
                merged.setdefault(key, value)
    if problems:
        raise SchemaError(problems)
    tables = {k.split(".", 1)[1]: v for k, v in origin.items() if k.startswith("tables.")}
    return merged, tables


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
