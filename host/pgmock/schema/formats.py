"""Versions of the schema format: which ones this pgmock reads, and how an older document
becomes the current one (``pgmock schema migrate``).

A document says its version in ``"version"`` and, optionally, in ``"$schema"`` (JSON
Schema's key, which editors follow to the file ``pgmock schema --json-schema`` writes):
``"pgmock-schema-1.1.json"``, ``"./schemas/pgmock-schema-1.1.json"``, a URL ending so, or
``"pgmock schema 1.1"``. The two must agree. A version newer than this pgmock's is refused
with a request to upgrade, before anything else is checked (its keys would only be
reported as unknown); a version that never existed is reported with the other problems.

Format history:

- 1.0: the first format.
- 1.1: adds the ``"$schema"`` key; ``database.encoding`` is spelled ``"UTF8"`` (1.0 also
  took ``"UTF-8"`` and ``"utf8"``, which 1.1 still reads with a warning).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "CURRENT",
    "SCHEMA_KEY",
    "SUPPORTED",
    "FormatIssue",
    "Migration",
    "check_format",
    "deprecated_spellings",
    "migrate",
    "schema_name",
]

SUPPORTED = ("1.0", "1.1")
CURRENT = SUPPORTED[-1]
SCHEMA_KEY = "$schema"

# "pgmock-schema-1.1.json", "pgmock.schema.v1.1", "pgmock schema 1.1": the last part of a
# path or URL.
_NAMED = re.compile(r"pgmock[-_. ]schema[-_. ]v?(\d+\.\d+)(?:\.json)?", re.IGNORECASE)
_VERSION = re.compile(r"\d+\.\d+")


def schema_name(version: str = CURRENT) -> str:
    """The ``"$schema"`` value migrate writes, and the file name to save the JSON Schema
    under so that editors find it next to the schema."""
    return f"pgmock-schema-{version}.json"


@dataclass(frozen=True)
class FormatIssue:
    path: str
    message: str
    #: False: a warning (the document is still read).
    error: bool = True
    #: A newer format: nothing else is checked (its keys would only look unknown).
    newer: bool = False


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def _version_problem(path: str, version: str) -> FormatIssue | None:
    if version in SUPPORTED:
        return None
    reads = ", ".join(SUPPORTED)
    if _VERSION.fullmatch(version) and _key(version) > _key(CURRENT):
        from pgmock import __version__

        return FormatIssue(
            path,
            f"schema format {version} is newer than this pgmock ({__version__}) reads "
            f"({reads}): upgrade pgmock (pip install -U pgmockdb) to use this schema",
            newer=True,
        )
    return FormatIssue(
        path,
        f'unknown schema format version "{version}"; this pgmock reads {reads} '
        f'(write "version": "{CURRENT}")',
    )


def _named_version(value: str) -> str | None:
    last = re.split(r"[/\\#]", value.rstrip("/"))[-1]
    found = _NAMED.fullmatch(last)
    return found.group(1) if found else None


def check_format(doc: Any) -> list[FormatIssue]:
    """What is wrong with a document's ``"version"`` and ``"$schema"``, and the deprecated
    spellings a current-format document still uses (warnings). A missing or mistyped
    version is left to the model's own check, which names the key."""
    if not isinstance(doc, dict):
        return []
    issues: list[FormatIssue] = []
    version = doc.get("version")
    version_ok = isinstance(version, str)
    if isinstance(version, str):
        problem = _version_problem("version", version)
        if problem is not None:
            issues.append(problem)
            version_ok = False
    declared = doc.get(SCHEMA_KEY)
    if isinstance(declared, str):
        named = _named_version(declared)
        if named is None:
            issues.append(
                FormatIssue(
                    SCHEMA_KEY,
                    f'"{declared}" does not name a pgmock schema format: use '
                    f'"{schema_name()}" (save pgmock schema --json-schema under that name '
                    f"for editors), or leave {SCHEMA_KEY} out",
                )
            )
        else:
            problem = _version_problem(SCHEMA_KEY, named)
            if problem is not None:
                issues.append(problem)
            elif version_ok and named != version:
                issues.append(
                    FormatIssue(
                        SCHEMA_KEY,
                        f'names format {named} but "version" is "{version}"; make them agree '
                        "(pgmock schema migrate brings a file to the current format)",
                    )
                )
    if version_ok and version != "1.0" and not issues:
        issues.extend(
            FormatIssue(path, f"{what}; pgmock schema migrate rewrites it", error=False)
            for path, what, _ in _deprecated(doc)
        )
    return issues


def deprecated_spellings(doc: Any) -> list[tuple[str, str]]:
    """(JSON path, what to write instead) of every deprecated spelling in ``doc``."""
    return [(path, what) for path, what, _ in _deprecated(doc)]


# database.encoding: the model's Literal still takes 1.0's other spellings.
_ENCODINGS = {"UTF-8": "UTF8", "utf8": "UTF8"}


def _deprecated(doc: Any) -> list[tuple[str, str, Any]]:
    """(path, message, canonical value) of the deprecated spellings in ``doc``."""
    found: list[tuple[str, str, Any]] = []
    database = doc.get("database") if isinstance(doc, dict) else None
    if isinstance(database, dict):
        encoding = database.get("encoding")
        if isinstance(encoding, str) and encoding in _ENCODINGS:
            canonical = _ENCODINGS[encoding]
            found.append(
                (
                    "database.encoding",
                    f'"{encoding}" is a deprecated spelling of "{canonical}"',
                    canonical,
                )
            )
    return found


@dataclass
class Migration:
    """A document brought to the current format, and what was changed (one line each)."""

    doc: dict[str, Any]
    changes: list[str] = field(default_factory=list)
    source_version: str = CURRENT


def migrate(doc: Any) -> Migration:
    """``doc`` in the current format, keys in their order. Raises ValueError, with the
    message to show, for a document that is not a schema or is newer or unknown."""
    if not isinstance(doc, dict):
        raise ValueError("the top level must be a JSON object")
    problems = [i for i in check_format(doc) if i.error]
    if problems:
        raise ValueError("; ".join(f"{i.path}: {i.message}" for i in problems))
    out = copy.deepcopy(doc)
    changes: list[str] = []
    version = doc.get("version")
    if version is None:
        source = "1.0"
        changes.append(f'version: added "{CURRENT}" (a file without one is read as 1.0)')
    elif not isinstance(version, str):
        raise ValueError(f'version: "{version}" is not a version; write "version": "{CURRENT}"')
    else:
        source = version
        if version != CURRENT:
            changes.append(f'version: "{version}" -> "{CURRENT}"')
    declared = out.get(SCHEMA_KEY)
    if isinstance(declared, str):
        named = _named_version(declared)
        if named is not None and named != CURRENT:
            # Keep the folder or URL it points into: only the version in its name changes.
            at = declared.rfind(named)
            out[SCHEMA_KEY] = declared[:at] + CURRENT + declared[at + len(named) :]
            changes.append(f'{SCHEMA_KEY}: "{declared}" -> "{out[SCHEMA_KEY]}"')
    for path, what, canonical in _deprecated(out):
        parent: Any = out
        *parents, last_key = path.split(".")
        for part in parents:
            parent = parent[part]
        parent[last_key] = canonical
        changes.append(f"{path}: {what}, rewritten")
    # "version" keeps its place; a file that had none gets it first ($schema before it).
    if "version" in out:
        out["version"] = CURRENT
    elif hasattr(out, "insert"):  # a YAML mapping, which keeps its comments
        out.insert(1 if next(iter(out), None) == SCHEMA_KEY else 0, "version", CURRENT)
    else:
        first = {SCHEMA_KEY: out.pop(SCHEMA_KEY)} if SCHEMA_KEY in out else {}
        out = {**first, "version": CURRENT, **out}
    return Migration(out, changes, source)
