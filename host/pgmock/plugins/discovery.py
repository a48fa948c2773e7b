"""Finding and importing plugins.

Discovery reads entry-point metadata only; nothing is imported until a plugin is loaded.
Built-ins (entry points of the ``pgmock`` distribution itself) are loaded unless blocked
with ``no:NAME`` (the essential ones, :mod:`pgmock.plugins.essentials`, cannot be); other
plugins only when named by ``--plugin``, ``PGMOCK_PLUGINS`` or the schema's ``plugins``
list, so output depends on the schema, the seed and the versions — not on whatever
happens to be installed.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import os
import re
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from pgmock.errors import PluginError
from pgmock.plugins.essentials import ESSENTIAL

GROUP = "pgmock"
HOST_DISTRIBUTION = "pgmockdb"


def _normalize(dist_name: str) -> str:
    return re.sub(r"[-_.]+", "-", dist_name).lower()


@dataclass
class PluginInfo:
    """One discovered plugin, loaded or not."""

    name: str
    target: str
    distribution: str | None = None
    version: str | None = None
    builtin: bool = False
    status: str = "available"  # builtin | loaded | available | blocked | broken
    error: str | None = None
    module: ModuleType | None = None

    @property
    def label(self) -> str:
        """``plugin "x" (dist 1.0, target)`` for messages."""
        dist = f"{self.distribution} {self.version}, " if self.distribution else ""
        return f'plugin "{self.name}" ({dist}{self.target})'


@dataclass
class Discovery:
    plugins: dict[str, PluginInfo]
    conflicts: dict[str, list[PluginInfo]]


#: One entry point of the ``pgmock`` group: (name, target, distribution name, version).
Found = tuple[str, str, str, "str | None"]

# What the scan of sys.path found, by sys.path: the command line and the plugin host
# both discover, and the installed distributions do not change in between. Beside the
# ``pgmock`` entry points, the groups any distribution declares entry points in (None when
# sys.path is not all plain folders, so only importlib.metadata could tell).
_scans: dict[tuple[str, ...], tuple[list[Found], frozenset[str] | None]] = {}


def _scanned() -> tuple[list[Found], frozenset[str] | None]:
    key = tuple(sys.path)
    if key not in _scans:
        _scans[key] = _scan()
    return _scans[key]


def declares_entry_points(group: str) -> bool | None:
    """Whether an installed distribution has entry points in ``group`` (as
    ``importlib.metadata.entry_points(group=...)`` would find them), read with the scan
    for pgmock's own; None when that takes importlib.metadata (zip files, eggs, finders
    of distributions on sys.path)."""
    groups = _scanned()[1]
    return None if groups is None else group in groups


def discover() -> Discovery:
    """Every ``pgmock`` entry point installed, read from metadata without importing.

    A distribution found twice on sys.path counts once, the first, as an import would.
    Each call returns new :class:`PluginInfo` records (hosts mark them loaded, blocked or
    broken); the scan behind them is made once per sys.path."""
    found: dict[str, PluginInfo] = {}
    conflicts: dict[str, list[PluginInfo]] = {}
    for name, target, dist_name, version in _scanned()[0]:
        builtin = _normalize(dist_name) == HOST_DISTRIBUTION
        info = PluginInfo(
            name=name,
            target=target,
            distribution=dist_name,
            version=version,
            builtin=builtin,
            status="builtin" if builtin else "available",
        )
        other = found.get(name)
        if other is not None and other.distribution != dist_name:
            conflicts.setdefault(name, [other]).append(info)
            continue
        found[name] = info
    return Discovery(found, conflicts)


def _scan() -> tuple[list[Found], frozenset[str] | None]:
    """The ``pgmock`` entry points, in the order ``importlib.metadata.entry_points``
    gives them.

    On plain folders on sys.path (the usual case) the metadata folders are read here:
    importing ``importlib.metadata`` (its e-mail parser, zip and temporary-file support)
    cost as much as a third of ``pgmock --help``. Zip files, eggs and import hooks that
    find distributions of their own go through ``importlib.metadata``."""
    folders = _plain_folders()
    if folders is None:
        return _scan_with_metadata(), None
    found: list[Found] = []
    seen: set[str] = set()
    groups: set[str] = set()
    for folder in folders:
        for key, meta_dir in _metadata_dirs(folder):
            if key in seen:
                continue
            seen.add(key)
            points = _group_entries(_read(meta_dir, "entry_points.txt") or "", groups)
            if not points:
                continue
            text = _read(meta_dir, "METADATA") or _read(meta_dir, "PKG-INFO") or ""
            headers = _headers(text, ("name", "version"))
            dist_name = headers.get("name") or "?"
            found += [(n, t, dist_name, headers.get("version")) for n, t in points]
    return found, frozenset(groups)


def _plain_folders() -> list[str] | None:
    """sys.path, when every entry is a folder (or missing) that importlib.metadata
    would list as this module does; None otherwise."""
    for finder in sys.meta_path:
        if finder is not importlib.machinery.PathFinder and hasattr(
            finder, "find_distributions"
        ):
            return None
    folders = []
    for entry in sys.path:
        root = entry or "."
        if os.path.isfile(root) or os.path.basename(root).lower().endswith(".egg"):
            return None
        folders.append(root)
    return folders


def _metadata_dirs(folder: str) -> list[tuple[str, str]]:
    """(normalized name, path) of the ``*.dist-info`` / ``*.egg-info`` entries of a
    folder, grouped by name in the order of the listing, as importlib.metadata does."""
    try:
        children = os.listdir(folder)
    except OSError:
        return []
    groups: dict[str, list[str]] = {}
    for child in children:
        low = child.lower()
        if low.endswith((".dist-info", ".egg-info")):
            name = low.rpartition(".")[0].partition("-")[0]
            key = re.sub(r"[-_.]+", "_", name)
            groups.setdefault(key, []).append(os.path.join(folder, child))
    return [(key, path) for key, paths in groups.items() for path in paths]


def _read(meta_dir: str, name: str) -> str | None:
    try:
        with open(os.path.join(meta_dir, name), encoding="utf-8") as f:
            return f.read()
    except (OSError, UnicodeDecodeError):
        return None


def _group_entries(text: str, groups: set[str]) -> list[tuple[str, str]]:
    """(name, target) of the ``[pgmock]`` section of an entry_points.txt; the names of
    the sections that have an entry are added to ``groups``."""
    section = None
    out = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line.strip("[]")
        elif section is not None and "=" in line:
            groups.add(section)
        if section == GROUP and "=" in line:
            name, _, target = line.partition("=")
            out.append((name.strip(), target.strip()))
    return out


def _headers(text: str, wanted: tuple[str, ...]) -> dict[str, str]:
    """The first value of each of the ``wanted`` (lower-case) headers of a METADATA file."""
    out: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            break  # the body
        if line[0] in " \t":
            continue  # a folded line
        key, sep, value = line.partition(":")
        if not sep:
            break
        key = key.lower()
        if key in wanted and key not in out:
            out[key] = value.lstrip(" \t")
    return out


def _scan_with_metadata() -> list[Found]:
    import importlib.metadata as md

    found: list[Found] = []
    # Each .metadata (and .version) parses the file again: once per distribution.
    named: dict[int, tuple[str, str | None]] = {}
    for ep in md.entry_points(group=GROUP):
        dist = ep.dist
        if id(dist) not in named:
            meta = dist.metadata if dist is not None else None
            named[id(dist)] = (
                (meta["Name"] if meta is not None else None) or "?",
                meta["Version"] if meta is not None else None,
            )
        found.append((ep.name, ep.value, *named[id(dist)]))
    return found


def import_target(info: PluginInfo, debug: bool = False) -> ModuleType | object:
    """Import a plugin's target, turning any failure into one clear PluginError."""
    try:
        if info.target.endswith(".py") or "/" in info.target:
            return _import_file(Path(info.target))
        module_name, _, attr = info.target.partition(":")
        module = importlib.import_module(module_name.strip())
        obj: object = module
        for part in filter(None, attr.strip().split(".")):
            obj = getattr(obj, part)
        return obj
    except Exception as exc:
        cause = f"{type(exc).__name__}: {exc}"
        info.status = "broken"
        info.error = cause
        message = f"pgmock: {info.label} failed to import: {cause}"
        if not (info.builtin and info.name in ESSENTIAL):
            message += f"; skip with --plugin no:{info.name}"
        if debug:
            message += "\n" + "".join(traceback.format_exception(exc))
        raise PluginError(message) from exc


def _import_file(path: Path) -> ModuleType:
    if not path.is_file():
        raise FileNotFoundError(f"no such file: {path}")
    mod_name = "pgmock_local_" + re.sub(r"\W", "_", path.stem)
    spec = importlib.util.spec_from_file_location(mod_name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[mod_name] = module
    spec.loader.exec_module(module)
    return module


def resolve_name(
    name: str, discovery: Discovery, *, installed_only: bool = False, named_by: str = "a schema"
) -> list[PluginInfo]:
    """The plugins a ``--plugin NAME`` means, in pytest's order of precedence.

    1. an entry-point name in the ``pgmock`` group;
    2. a distribution that declares ``pgmock`` entry points (all of them);
    3. a dotted module path ``pkg.mod`` or ``pkg.mod:obj``;
    4. a path to a ``.py`` file.

    ``installed_only`` (a schema's ``plugins`` list, a config file's) stops after 2:
    importing a module or file a schema names would run code of the schema's choosing.
    ``named_by`` says who named it, for the message.
    """
    if name in discovery.conflicts:
        dists = " and ".join(f"{p.distribution} {p.version}" for p in discovery.conflicts[name])
        raise PluginError(f'pgmock: plugin name "{name}" is claimed by both {dists}')
    if name in discovery.plugins:
        return [discovery.plugins[name]]
    wanted = _normalize(name)
    by_dist = [p for p in discovery.plugins.values() if _normalize(p.distribution or "") == wanted]
    if by_dist:
        return sorted(by_dist, key=lambda p: p.name)
    known = ", ".join(sorted(p.name for p in discovery.plugins.values() if not p.builtin))
    if installed_only:
        raise PluginError(
            f'pgmock: no installed plugin named "{name}" (installed plugins: '
            f"{known or 'none'}); {named_by} names installed plugins only, by entry-point or "
            "distribution name; load a module or a .py file with --plugin or PGMOCK_PLUGINS"
        )
    if name.endswith(".py"):
        path = Path(name)
        return [PluginInfo(name=path.stem, target=str(path.resolve()), status="available")]
    if re.fullmatch(r"[A-Za-z_][\w.]*(:[\w.]+)?", name):
        return [PluginInfo(name=name, target=name, status="available")]
    raise PluginError(
        f'pgmock: no plugin named "{name}" (installed plugins: {known or "none"}); '
        "give an entry-point name, a distribution name, a module path or a .py file"
    )
