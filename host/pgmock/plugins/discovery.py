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
import importlib.metadata as md
import importlib.util
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


def discover() -> Discovery:
    """Every ``pgmock`` entry point installed, read from metadata without importing.

    ``entry_points`` reads each distribution's entry_points.txt and names it from its
    folder; only the few distributions that declare ``pgmock`` entry points have their
    METADATA parsed (parsing every installed one cost ~20 ms of each start-up). A
    distribution found twice on sys.path counts once, the first, as an import would."""
    found: dict[str, PluginInfo] = {}
    conflicts: dict[str, list[PluginInfo]] = {}
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
        dist_name, version = named[id(dist)]
        builtin = _normalize(dist_name) == HOST_DISTRIBUTION
        info = PluginInfo(
            name=ep.name,
            target=ep.value,
            distribution=dist_name,
            version=version,
            builtin=builtin,
            status="builtin" if builtin else "available",
        )
        other = found.get(ep.name)
        if other is not None and other.distribution != dist_name:
            conflicts.setdefault(ep.name, [other]).append(info)
            continue
        found[ep.name] = info
    return Discovery(found, conflicts)


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
