"""The plugin host: a pluggy manager with pgmock's loader and a typed facade over hooks.

Nothing else in pgmock calls ``pm.hook`` directly. Each host instance starts clean, so
tests and repeated in-process runs never share plugin state.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

import click
import pluggy

from pgmock.errors import PluginError, RegistryError
from pgmock.plugins import hookspecs
from pgmock.plugins.discovery import (
    ESSENTIAL,
    GROUP,
    Discovery,
    PluginInfo,
    discover,
    import_target,
    resolve_name,
)
from pgmock.plugins.registry import Registry

_REGISTRATION_HOOKS = (
    "pgmock_register_schema_sources",
    "pgmock_register_generators",
    "pgmock_register_distributions",
    "pgmock_register_writers",
    "pgmock_register_templates",
)


def plugin_names_from_env(env: Mapping[str, str]) -> list[str]:
    raw = env.get("PGMOCK_PLUGINS", "")
    return [n.strip() for n in raw.split(",") if n.strip()]


class PluginHost:
    """Loads plugins and collects what they register."""

    def __init__(self, *, debug: bool = False, discovery: Discovery | None = None) -> None:
        self.debug = debug
        self.pm = pluggy.PluginManager(GROUP)
        self.pm.add_hookspecs(hookspecs)
        self.registry = Registry()
        self.discovery = discovery if discovery is not None else discover()
        self.blocked: set[str] = set()
        self.loaded: dict[str, PluginInfo] = {}
        self._registered: set[str] = set()

    # -- loading -----------------------------------------------------------------------

    def load_builtins(self) -> None:
        builtins = sorted(
            (p for p in self.discovery.plugins.values() if p.builtin), key=lambda p: p.name
        )
        missing = sorted(set(ESSENTIAL) - {p.name for p in builtins})
        if missing:
            raise PluginError(
                "pgmock is not installed correctly: builtin entry points missing: "
                + ", ".join(missing)
                + " (reinstall with: pip install --force-reinstall pgmock)"
            )
        for info in builtins:
            if info.name not in self.blocked:
                self._load(info)

    def block(self, names: Iterable[str]) -> None:
        for name in names:
            if name in ESSENTIAL:
                raise PluginError(f'pgmock: plugin "{name}" is essential and cannot be blocked')
            self.blocked.add(name)
            self.pm.set_blocked(name)

    def load_named(self, names: Iterable[str], strict: bool = True) -> list[PluginInfo]:
        """Load plugins named by the user (``no:NAME`` blocks); returns what was tried.

        With ``strict=False`` a plugin that fails is marked broken and the rest still load
        (for listings, which must survive a broken plugin).
        """
        names = list(names)
        self.block(n[3:] for n in names if n.startswith("no:"))
        tried: list[PluginInfo] = []
        for name in sorted({n for n in names if n and not n.startswith("no:")}):
            if name in self.blocked:
                continue
            for info in resolve_name(name, self.discovery):
                if info.name in self.loaded or info.name in self.blocked:
                    continue
                tried.append(info)
                try:
                    self._load(info)
                except PluginError:
                    if strict:
                        raise
        return tried

    def _load(self, info: PluginInfo) -> None:
        obj = import_target(info, debug=self.debug)
        if not any(
            callable(getattr(obj, attr, None)) for attr in dir(obj) if attr.startswith("pgmock_")
        ):
            info.status = "broken"
            info.error = "registers no pgmock hook (no pgmock_* function found)"
            raise PluginError(f"pgmock: {info.label} {info.error}")
        try:
            self.pm.register(obj, name=info.name)
            self.pm.check_pending()
        except pluggy.PluginValidationError as exc:
            info.status = "broken"
            info.error = str(exc)
            self.pm.unregister(name=info.name)
            raise PluginError(
                f"pgmock: {info.label} does not fit this pgmock's hooks "
                f"(built for a newer pgmock?): {exc}"
            ) from exc
        if info.status != "builtin":
            info.status = "loaded"
        info.module = obj  # type: ignore[assignment]
        self.loaded[info.name] = info

    # -- registration ------------------------------------------------------------------

    def register(self) -> Registry:
        """Run the registration hooks of every plugin loaded since the last call.

        Each plugin's impl is called on its own with a registrar bound to that plugin, so
        every registered thing records where it came from.
        """
        new = [n for n in self.loaded if n not in self._registered]
        for hook_name in _REGISTRATION_HOOKS:
            caller = getattr(self.pm.hook, hook_name)
            for impl in caller.get_hookimpls():
                if impl.plugin_name not in new:
                    continue
                try:
                    impl.function(registry=self.registry.bound(impl.plugin_name))
                except RegistryError:
                    raise
                except Exception as exc:
                    info = self.loaded[impl.plugin_name]
                    raise PluginError(
                        f"pgmock: {info.label} failed in {hook_name}: {type(exc).__name__}: {exc}"
                    ) from exc
        self._registered.update(new)
        return self.registry

    def add_commands(self, cli: click.Group) -> None:
        for impl in self.pm.hook.pgmock_register_commands.get_hookimpls():
            before = set(cli.commands)
            group = click.Group()
            impl.function(cli=group)
            for name, cmd in group.commands.items():
                if name in before:
                    raise RegistryError(
                        f'command "{name}" of plugin {impl.plugin_name!r} is already taken'
                    )
                cli.add_command(cmd, name)

    def plugin_of(self, name: str) -> PluginInfo | None:
        return self.loaded.get(name)


def make_host(
    plugins: Iterable[str] = (),
    *,
    env: Mapping[str, str] | None = None,
    debug: bool = False,
    discovery: Discovery | None = None,
) -> PluginHost:
    """A host with the built-ins and the plugins named by flags and ``PGMOCK_PLUGINS``."""
    host = PluginHost(debug=debug, discovery=discovery)
    names = [*plugin_names_from_env(env if env is not None else os.environ), *plugins]
    host.block(n[3:] for n in names if n.startswith("no:"))
    host.load_builtins()
    host.load_named(names)
    host.register()
    return host
