"""Configuration in layers, each value knowing where it came from.

From lowest to highest: pgmock's defaults, the user's ``~/.pgmock/config.yaml``
(``$PGMOCK_HOME/config.yaml``), the project's ``.pgmock.yaml`` (the nearest one in the
working directory or above it, as git finds ``.git``), the schema file (for the settings a
schema also has: ``seed``, ``database.locale``), ``PGMOCK_*`` variables, and command-line
flags. docs/config.md has the rules; ``pgmock config`` shows the result.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pgmock.config.settings import BY_KEY, SETTINGS, Setting
from pgmock.errors import UsageError

__all__ = [
    "LAYERS",
    "PROJECT_FILE",
    "Config",
    "ConfigError",
    "Entry",
    "Origin",
    "describe",
    "find_project_file",
    "load_config",
    "user_home",
]

PROJECT_FILE = ".pgmock.yaml"
USER_FILE = "config.yaml"
HOME_VAR = "PGMOCK_HOME"
# Lowest first: a later layer's value wins.
LAYERS = ("default", "user", "project", "schema", "env", "flag")


class ConfigError(UsageError):
    """Problems of the config files and variables, all of them, one per line."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(f"pgmock: {p}" for p in problems))


@dataclass(frozen=True)
class Origin:
    """Where a value came from: a layer, and the file and line, variable or flag in it."""

    layer: str
    where: str = ""
    line: int | None = None
    folder: Path | None = None  # the config file's folder: relative paths start there

    def __str__(self) -> str:
        # As git config --show-origin spells it.
        if self.layer in ("user", "project", "schema"):
            return f"file:{self.where}" + (f":{self.line}" if self.line else "")
        if self.layer == "env":
            return f"env:{self.where}"
        if self.layer == "flag":
            return f"command line:{self.where}"
        return "default"


@dataclass(frozen=True)
class Entry:
    """One value of a setting; ``item`` is the table of a ``rows`` entry."""

    key: str
    value: Any
    origin: Origin
    item: str | None = None

    @property
    def name(self) -> str:
        return f"{self.key}.{self.item}" if self.item is not None else self.key


@dataclass
class Config:
    """The settings of every layer; :meth:`get` answers with the highest layer's value."""

    entries: list[Entry] = field(default_factory=list)
    project_file: Path | None = None
    user_file: Path | None = None
    home: Path | None = None

    def _ranked(self, key: str) -> list[Entry]:
        """The entries of ``key``, highest layer first (within a layer: as given)."""
        found = [e for e in self.entries if e.key == key]
        return sorted(found, key=lambda e: -LAYERS.index(e.origin.layer))

    def entry(self, key: str) -> Entry | None:
        """The value that wins, with its origin (a ``value`` setting)."""
        ranked = self._ranked(key)
        return ranked[0] if ranked else None

    def get(self, key: str) -> Any:
        setting = BY_KEY[key]
        if setting.kind == "list":
            return [e.value for e in self.items(key)]
        if setting.kind == "map":
            return {e.item: e.value for e in self.items(key)}
        found = self.entry(key)
        return found.value if found is not None else None

    def items(self, key: str) -> list[Entry]:
        """Every entry of a list setting (highest layer first, repeats dropped) or the
        winning entry per key of a map setting."""
        seen: set[Any] = set()
        out = []
        for e in self._ranked(key):
            mark = e.item if BY_KEY[key].kind == "map" else e.value
            if mark not in seen:
                seen.add(mark)
                out.append(e)
        return out

    def effective(self) -> list[Entry]:
        """What ``pgmock config`` lists: each setting's winning value(s), in table order."""
        out: list[Entry] = []
        for setting in SETTINGS:
            if setting.kind == "value":
                found = self.entry(setting.key)
                if found is not None:
                    out.append(found)
            else:
                out.extend(self.items(setting.key))
        return out

    def below(self, layer: str) -> Config:
        """Only the layers under ``layer`` (the files' values, without variables/flags)."""
        rank = LAYERS.index(layer)
        kept = [e for e in self.entries if LAYERS.index(e.origin.layer) < rank]
        return Config(kept, self.project_file, self.user_file, self.home)

    def above(self, layer: str) -> Config:
        """Only the layers over ``layer`` (variables and flags)."""
        rank = LAYERS.index(layer)
        kept = [e for e in self.entries if LAYERS.index(e.origin.layer) > rank]
        return Config(kept, self.project_file, self.user_file, self.home)

    def with_values(
        self, layer: str, values: Mapping[str, Any], where: str | None = None
    ) -> Config:
        """This config plus a layer of parsed values (flags, a schema's settings); None and
        empty values are not given. ``where``: the file (default: each setting's flag)."""
        added = list(self.entries)
        for key, value in values.items():
            if value is None or value == () or value == [] or value == {}:
                continue
            setting = BY_KEY[key]
            origin = Origin(layer, where if where is not None else setting.flag or key)
            added.extend(_entries(setting, value, origin))
        return Config(added, self.project_file, self.user_file, self.home)

    @property
    def project_root(self) -> Path | None:
        return self.project_file.parent if self.project_file is not None else None


def user_home(env: Mapping[str, str]) -> Path:
    """``$PGMOCK_HOME``, else ``~/.pgmock``: the user's config file and templates."""
    given = env.get(HOME_VAR, "").strip()
    return Path(given).expanduser() if given else Path.home() / ".pgmock"


def find_project_file(start: Path) -> Path | None:
    """The nearest ``.pgmock.yaml`` in ``start`` or a folder above it."""
    here = start.resolve()
    for folder in (here, *here.parents):
        candidate = folder / PROJECT_FILE
        if candidate.is_file():
            return candidate
    return None


def load_config(cwd: Path | None = None, env: Mapping[str, str] | None = None) -> Config:
    """Defaults, the user's and the project's config files and the ``PGMOCK_*`` variables.

    Every problem of every layer is reported at once (:class:`ConfigError`, exit 2).
    """
    env = os.environ if env is None else env
    cwd = Path.cwd() if cwd is None else cwd
    problems: list[str] = []
    entries = [
        Entry(s.key, s.default, Origin("default")) for s in SETTINGS if s.default is not None
    ]
    home = user_home(env)
    # The user's template folder is always searched, after the ones the layers name.
    entries.append(Entry("templates", str(home / "templates"), Origin("default")))
    user_file: Path | None = home / USER_FILE
    if user_file is not None and user_file.is_file():
        entries.extend(_read_file(user_file, "user", problems))
    else:
        user_file = None
    project_file = find_project_file(cwd)
    if project_file is not None:
        entries.extend(_read_file(project_file, "project", problems))
    for setting in SETTINGS:
        raw = env.get(setting.env or "", "")
        if not setting.env or not raw.strip():
            continue
        try:
            value = setting.parse(_split_env(setting, raw))
        except ValueError as exc:
            problems.append(f"{setting.env}: {exc}")
            continue
        origin = Origin("env", setting.env)  # relative paths: the working directory
        entries.extend(_entries(setting, value, origin))
    if problems:
        raise ConfigError(problems)
    return Config(entries, project_file, user_file, home)


def _split_env(setting: Setting, raw: str) -> Any:
    if setting.kind == "list":
        return [i for i in raw.split(setting.env_split)]
    return raw


def _entries(setting: Setting, value: Any, origin: Origin) -> list[Entry]:
    if setting.kind == "list":
        return [Entry(setting.key, _located(setting, v, origin), origin) for v in value]
    if setting.kind == "map":
        return [Entry(setting.key, v, origin, item=k) for k, v in value.items()]
    return [Entry(setting.key, _located(setting, value, origin), origin)]


def _located(setting: Setting, value: Any, origin: Origin) -> Any:
    """A path setting's value relative to the folder of the file that gave it."""
    if not setting.paths or origin.folder is None or not isinstance(value, str):
        return value
    path = Path(value).expanduser()
    return str(path if path.is_absolute() else origin.folder / path)


def _read_file(path: Path, layer: str, problems: list[str]) -> list[Entry]:
    from pgmock_sdk import SchemaSourceError
    from pgmock_sdk.yamldoc import load_yaml

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}")
        return []
    try:
        doc = load_yaml(text, str(path))
    except SchemaSourceError as exc:
        problems.append(f"{path}:{exc.line or 1}: {exc.message}")
        return []
    if doc.data is None:  # an empty file: nothing set
        return []
    if not isinstance(doc.data, dict):
        problems.append(f"{path}:1: expected a map of settings (key: value)")
        return []
    out: list[Entry] = []
    for key, raw in doc.data.items():
        line = doc.lines.get(key)
        setting = BY_KEY.get(key)
        if setting is None:
            problems.append(f"{path}:{line}: {key}: unknown setting{_did_you_mean(key)}")
            continue
        try:
            value = setting.parse(raw)
        except ValueError as exc:
            problems.append(f"{path}:{line}: {key}: {exc}")
            continue
        origin = Origin(layer, str(path), line, path.parent)
        if setting.kind == "value":
            out.extend(_entries(setting, value, origin))
            continue
        # Each item of a list or map on its own line, as pgmock config shows them.
        items = value.items() if setting.kind == "map" else enumerate(value)
        for item, one in items:
            at = replace(origin, line=doc.lines.get(f"{key}.{item}", line))
            part = {item: one} if setting.kind == "map" else [one]
            out.extend(_entries(setting, part, at))
    return out


def _did_you_mean(key: str) -> str:
    import difflib

    close = difflib.get_close_matches(key, list(BY_KEY), n=1)
    known = ", ".join(BY_KEY)
    return (f' — did you mean "{close[0]}"?' if close else "") + f" (known: {known})"


def describe(entries: Iterable[Entry]) -> list[tuple[str, str, str]]:
    """(origin, name, value) rows for ``pgmock config``."""
    return [(str(e.origin), e.name, _text(e.value)) for e in entries]


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
