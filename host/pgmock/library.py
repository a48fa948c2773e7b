"""Template libraries: the templates plugins register and the folders on the search path.

A template has a name and a semantic version. Folders come first, in search-path order
(``templates:`` in the config files, ``PGMOCK_TEMPLATE_PATH``, then ``~/.pgmock/templates``),
then the installed plugins' templates: like ``PATH``, the first place that has a
template of the wanted name (and pinned version) wins, and within one place the highest
matching version. ``ecommerce@1`` pins major 1, ``ecommerce@1.2`` 1.2.x and
``ecommerce@1.2.0`` exactly that version.

A template in a folder is data: a schema file (any suffix a schema source reads, so
JSON or YAML) with an optional ``template:`` block naming it. Reading one runs no code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pgmock.errors import SchemaError
from pgmock.plugins.registry import LookupFailed, Registry
from pgmock.schema.provenance import Source

__all__ = ["Library", "TemplateInfo", "TemplateNotFound", "Version", "parse_spec"]

_VERSION = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
_PIN = re.compile(r"^(0|[1-9]\d*)(?:\.(0|[1-9]\d*)(?:\.(0|[1-9]\d*))?)?$")
_NAME = re.compile(r"^[a-z][a-z0-9_-]*$")
# The metadata block of a template file, removed before the schema is validated.
META_KEY = "template"


class TemplateNotFound(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, order=True)
class Version:
    major: int
    minor: int
    patch: int

    @classmethod
    def parse(cls, text: str) -> Version:
        m = _VERSION.match(text)
        if m is None:
            raise ValueError(f'"{text}" is not a version MAJOR.MINOR.PATCH (like "1.0.0")')
        return cls(int(m[1]), int(m[2]), int(m[3]))

    def matches(self, pin: tuple[int, ...]) -> bool:
        return (self.major, self.minor, self.patch)[: len(pin)] == pin

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"


def parse_spec(spec: str) -> tuple[str, tuple[int, ...]]:
    """``"ecommerce@1.2"`` → ``("ecommerce", (1, 2))``; no pin → ``()``."""
    name, sep, pin = spec.partition("@")
    if not _NAME.match(name):
        raise TemplateNotFound(
            f'"{spec}" is not a template name (lowercase letters, digits, - and _, '
            'optionally pinned: "ecommerce@1")'
        )
    if not sep:
        return name, ()
    m = _PIN.match(pin)
    if m is None:
        raise TemplateNotFound(
            f'"{spec}": the version pin must be MAJOR, MAJOR.MINOR or MAJOR.MINOR.PATCH'
        )
    return name, tuple(int(g) for g in m.groups() if g is not None)


@dataclass(frozen=True)
class TemplateInfo:
    """One template: what it is, where it was found, and its schema (without metadata)."""

    name: str
    version: Version
    description: str
    origin: str  # a file, or "plugin NAME"
    schema: Any
    source: Source
    place: int = 0  # index on the search path; plugins come last

    @property
    def label(self) -> str:
        return f"{self.name}@{self.version}"


@dataclass
class Library:
    """Every template the search path and the plugins offer; broken files kept aside."""

    templates: list[TemplateInfo] = field(default_factory=list)
    broken: list[tuple[str, str]] = field(default_factory=list)  # (file, why)
    # "; plugin X is blocked and may provide it" when plugins are blocked
    blocked_hint: str = ""

    @classmethod
    def collect(cls, registry: Registry, folders: Iterable[Path]) -> Library:
        lib = cls(blocked_hint=registry.blocked.hint())
        place = 0
        for place, folder in enumerate(folders):
            if folder.is_dir():
                for path, nested in _template_files(folder, registry):
                    lib._read(path, registry, place, nested)
        for key, entry in sorted(registry.templates.items()):
            tpl = entry.obj
            try:
                version = Version.parse(getattr(tpl, "version", "0.0.0"))
            except ValueError as exc:
                lib.broken.append((f"plugin {entry.plugin}: template {key}", str(exc)))
                continue
            lib.templates.append(
                TemplateInfo(
                    tpl.name,
                    version,
                    tpl.description,
                    f"plugin {entry.plugin}",
                    tpl.schema,
                    Source(f"template:{tpl.name}@{version}"),
                    place + 1,
                )
            )
        return lib

    def _read(self, path: Path, registry: Registry, place: int, nested: bool) -> None:
        from pgmock.schema.load import read_schema_file

        try:
            doc = read_schema_file(str(path), registry)
        except SchemaError as exc:
            self.broken.append((str(path), str(exc.problems[0])))
            return
        data = doc.data
        if nested and not (isinstance(data, dict) and META_KEY in data):
            return  # a template's own data file, not a template
        meta = data.get(META_KEY, {}) if isinstance(data, dict) else None
        if not isinstance(data, dict) or not isinstance(meta, dict):
            self.broken.append((str(path), f"{META_KEY}: expected an object"))
            return
        name = meta.get("name", path.stem if path.stem != "template" else path.parent.name)
        try:
            version = Version.parse(str(meta.get("version", "0.0.0")))
            if not isinstance(name, str) or not _NAME.match(name):
                raise ValueError(f"{META_KEY}.name: {name!r} is not a template name")
        except ValueError as exc:
            self.broken.append((str(path), str(exc)))
            return
        schema = {k: v for k, v in data.items() if k != META_KEY}
        description = str(meta.get("description", ""))
        self.templates.append(
            TemplateInfo(
                name, version, description, str(path), schema, Source(str(path), doc.lines), place
            )
        )

    def find(self, spec: str) -> TemplateInfo:
        """The template ``spec`` (``name`` or ``name@pin``) names."""
        name, pin = parse_spec(spec)
        named = [t for t in self.templates if t.name == name]
        matching = [t for t in named if t.version.matches(pin)]
        if not matching:
            if named:
                have = ", ".join(sorted({str(t.version) for t in named}))
                raise TemplateNotFound(f'no version of template "{name}" matches "{spec}" '
                                       f"(found: {have})")  # fmt: skip
            known = ", ".join(sorted({t.name for t in self.templates})) or "none"
            broken = [f for f, _ in self.broken if Path(f).stem == name]
            hint = f"; {broken[0]} could not be read (see pgmock templates)" if broken else ""
            raise TemplateNotFound(
                f'unknown template "{name}" (known: {known}){hint}{self.blocked_hint}. '
                "Templates come from the folders on the template path (pgmock config) and "
                "installed plugins"
            )
        first = min(t.place for t in matching)
        return max((t for t in matching if t.place == first), key=lambda t: t.version)


def _template_files(folder: Path, registry: Registry) -> list[tuple[Path, bool]]:
    """Schema files in ``folder``, and those of its direct subfolders that have a
    ``template:`` block (a library checked out with git may keep one folder per template,
    with its data files beside it); hidden entries are skipped. ``True``: nested."""
    found: list[tuple[Path, bool]] = []
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            found.extend(
                (p, True)
                for p in sorted(entry.iterdir())
                if p.is_file() and not p.name.startswith(".") and _readable(p, registry)
            )
        elif entry.is_file() and _readable(entry, registry):
            found.append((entry, False))
    return found


def _readable(path: Path, registry: Registry) -> bool:
    try:
        registry.source_for(path.name)
    except LookupFailed:
        return False
    return True
