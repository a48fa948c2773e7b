"""Which file, path and line each part of a (merged) schema document comes from.

A schema reaches the resolver as one document, but its parts may come from several
files: several schema files given together, a template a file extends (and the file's
overrides on top of it), the parts a file includes (maybe moved into a schema of their
own: ``users`` of saas.json becomes ``saas.users``). Problems are found on the merged
document's JSON paths; :class:`Provenance` turns such a path back into the file that
wrote it, the path in that file and, for sources that know lines (YAML), its line.

A path is looked up by its longest recorded prefix: what a layer wrote covers everything
below it, unless a later layer recorded something deeper.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["Provenance", "Source", "Where", "join"]


def join(path: str, key: str | int) -> str:
    return f"{path}.{key}" if path else str(key)


@dataclass(frozen=True)
class Source:
    """One file (or template) and the lines of its paths (empty when unknown)."""

    name: str
    lines: Mapping[str, int] = field(default_factory=dict)

    def line_of(self, path: str) -> int | None:
        """The line of ``path``, or of its longest prefix that has one."""
        probe = path
        while True:
            line = self.lines.get(probe)
            if line is not None:
                return line
            if not probe:
                return None
            probe = probe.rpartition(".")[0]


@dataclass(frozen=True)
class Where:
    """Where a merged path was written: the file, the path as that file spells it, and
    the line when known."""

    file: str
    path: str
    line: int | None


class Provenance:
    """Merged JSON path → the source that wrote it and the path there."""

    def __init__(self, default: Source | str) -> None:
        self.default = Source(default) if isinstance(default, str) else default
        self._written: dict[str, tuple[Source, str]] = {}
        # Paths a later layer removed (``null``), for messages about what is missing.
        self.removed: dict[str, Where] = {}
        # The templates the document extends ("saas@1.0.0 (plugin templates)"), so a run
        # can say which versions it used.
        self.extended: list[str] = []
        # The parts of a mix, one line each ("shop: template ecommerce@1.0.0, in schema shop").
        self.mixed: list[str] = []

    @classmethod
    def of_tables(cls, default: str, origin: Mapping[str, str]) -> Provenance:
        """From the older form: table key → the file declaring it."""
        prov = cls(default)
        for key, file in origin.items():
            prov.record(f"tables.{key}", Source(file))
        return prov

    def record(self, path: str, source: Source, source_path: str | None = None) -> None:
        """``source`` wrote ``path`` (as ``source_path`` in its own document)."""
        self._written[path] = (source, path if source_path is None else source_path)

    def forget_below(self, path: str) -> None:
        """A layer replaced ``path`` whole: what earlier layers wrote below it is gone."""
        prefix = f"{path}."
        for key in [k for k in self._written if k.startswith(prefix)]:
            del self._written[key]

    def where(self, path: str) -> Where:
        probe = path
        while True:
            found = self._written.get(probe)
            if found is not None:
                source, there = found
                rest = path[len(probe) :].lstrip(".") if probe else path
                full = join(there, rest) if rest else there
                return Where(source.name, full, source.line_of(full))
            if not probe:
                return Where(self.default.name, path, self.default.line_of(path))
            probe = probe.rpartition(".")[0]

    def file_of(self, path: str) -> str:
        return self.where(path).file

    def sources(self) -> list[str]:
        """Every file that wrote something, in first-written order."""
        names = [self.default.name, *(s.name for s, _ in self._written.values())]
        return list(dict.fromkeys(names))

    def take(self, other: Provenance, path: str, moved: str | None = None) -> None:
        """What ``other`` knows about ``path`` and below (one file's part of a merge),
        here under ``moved`` when the part was renamed (``users`` of saas.json moved into
        schema saas: ``tables.saas.users``)."""
        at = other.where(path)
        here = path if moved is None else moved
        self._written[here] = (_source_named(other, at.file), at.path)
        prefix = f"{path}."
        for key, record in other._written.items():
            if key.startswith(prefix):
                self._written[here + key[len(path) :]] = record


def _source_named(prov: Provenance, name: str) -> Source:
    for source, _ in prov._written.values():
        if source.name == name:
            return source
    return prov.default
