"""The plugin host: a pluggy manager with pgmock's loader and a typed facade over hooks.

Nothing else in pgmock touches the pluggy manager: plugins come in through
:meth:`PluginHost.load_builtins`, :meth:`~PluginHost.load_named` (what ``--plugin`` and
``PGMOCK_PLUGINS`` name) and :meth:`~PluginHost.add_plugin` (a plugin object, for tests and
embedding), and what they register is read from :attr:`PluginHost.registry`. Each host
instance starts clean, so tests and repeated in-process runs never share plugin state.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from types import MappingProxyType

import click
import pluggy

import pgmock_sdk
from pgmock.errors import PluginError, RegistryError
from pgmock.plugins import hookspecs
from pgmock.plugins.discovery import (
    GROUP,
    Discovery,
    PluginInfo,
    discover,
    import_target,
    resolve_name,
)
from pgmock.plugins.essentials import BUILTIN, COMMANDS, ESSENTIAL
from pgmock.plugins.registry import Blocked, Registry

_REGISTRATION_HOOKS = (
    "pgmock_register_types",
    "pgmock_register_schema_sources",
    "pgmock_register_generators",
    "pgmock_register_distributions",
    "pgmock_register_writers",
    "pgmock_register_templates",
    # after the generators: a rule names one
    "pgmock_register_inference_rules",
)
ENV_VAR = "PGMOCK_PLUGINS"


def plugin_names_from_env(env: Mapping[str, str]) -> list[str]:
    raw = env.get(ENV_VAR, "")
    return [n.strip() for n in raw.split(",") if n.strip()]


def _blocks(names: Iterable[str]) -> list[str]:
    return [n[3:] for n in names if n.startswith("no:")]


class PluginHost:
    """Loads plugins and collects what they register."""

    def __init__(self, *, debug: bool = False, discovery: Discovery | None = None) -> None:
        self.debug = debug
        self._pm = pluggy.PluginManager(GROUP)
        self._pm.add_hookspecs(hookspecs)
        self.registry = Registry()
        self.discovery = discovery if discovery is not None else discover()
        self._loaded: dict[str, PluginInfo] = {}
        self._registered: set[str] = set()

    @property
    def loaded(self) -> Mapping[str, PluginInfo]:
        """The plugins loaded so far, by name (read-only)."""
        return MappingProxyType(self._loaded)

    @property
    def blocked(self) -> Blocked:
        """The plugins blocked with ``no:NAME``."""
        return self.registry.blocked

    # -- loading -----------------------------------------------------------------------

    def load_builtins(self, only: Iterable[str] | None = None) -> None:
        """Load every built-in that is not blocked (``only`` those named, if given)."""
        builtins = sorted(
            (p for p in self.discovery.plugins.values() if p.builtin), key=lambda p: p.name
        )
        missing = sorted(set(BUILTIN) - {p.name for p in builtins})
        if missing:
            raise PluginError(
                "pgmock is not installed correctly: builtin entry points missing: "
                + ", ".join(missing)
                + " (reinstall with: pip install --force-reinstall pgmock)"
            )
        wanted = None if only is None else set(only)
        for info in builtins:
            if info.name not in self.blocked and (wanted is None or info.name in wanted):
                self._load(info)

    def block(self, names: Iterable[str], *, source: str = "--plugin") -> None:
        """Block plugins by name, as ``no:NAME`` in ``source`` (a flag or a variable).

        An essential built-in cannot be blocked, nor a plugin already loaded.
        """
        for name in names:
            if name in self.blocked:
                continue
            if name in ESSENTIAL:
                raise PluginError(
                    f'pgmock: plugin "{name}" is essential and cannot be blocked '
                    f"(essential: {', '.join(ESSENTIAL)}); remove no:{name} from {source}"
                )
            if name in self._loaded:
                raise PluginError(
                    f'pgmock: plugin "{name}" is already loaded: no:{name} in {source} comes '
                    f"too late; block it with --plugin no:{name} or {ENV_VAR}=no:{name}"
                )
            if source == ENV_VAR:
                how = f"{ENV_VAR}=no:{name}"
            elif source.startswith("--"):
                how = f"{source} no:{name}"
            else:
                how = f"no:{name} in {source}"
            self.blocked.add(name, how)
            self._pm.set_blocked(name)
            info = self.discovery.plugins.get(name)
            if info is not None:
                info.status = "blocked"

    def resolve(self, name: str, *, installed_only: bool = False) -> list[PluginInfo]:
        """The plugins ``name`` means (see :func:`~pgmock.plugins.discovery.resolve_name`),
        without loading them; a PluginError says why it means none."""
        return resolve_name(name, self.discovery, installed_only=installed_only)

    def load_named(
        self,
        names: Iterable[str],
        strict: bool = True,
        *,
        source: str = "--plugin",
        installed_only: bool = False,
    ) -> list[PluginInfo]:
        """Load plugins named by the user (``no:NAME`` blocks); returns what was tried.

        With ``strict=False`` a plugin that fails is marked broken and the rest still load
        (for listings, which must survive a broken plugin). ``installed_only`` refuses
        module paths and files (for a schema's ``plugins`` list).
        """
        names = list(names)
        self.block(_blocks(names), source=source)
        tried: list[PluginInfo] = []
        for name in sorted({n for n in names if n and not n.startswith("no:")}):
            if name in self.blocked:
                continue
            for info in self.resolve(name, installed_only=installed_only):
                if info.name in self._loaded or info.name in self.blocked:
                    continue
                tried.append(info)
                try:
                    self._load(info)
                except PluginError:
                    if strict:
                        raise
        return tried

    def add_plugin(self, plugin: object, name: str | None = None) -> PluginInfo:
        """Load a plugin object — a module, class or instance with ``pgmock_*`` hooks —
        under ``name`` (default: its ``__name__``), as ``--plugin`` loads an imported one.

        The same checks apply: it must implement a hook, every ``pgmock_*`` function must
        be a known hook, and the name must be free and not blocked. Call :meth:`register`
        to run its registration hooks.
        """
        label = name or getattr(plugin, "__name__", None) or type(plugin).__name__
        if label in self._loaded:
            raise PluginError(f'pgmock: a plugin named "{label}" is already loaded')
        if label in self.blocked:
            raise PluginError(f"pgmock: {self.blocked.message(label, 'this plugin object')}")
        target = getattr(plugin, "__name__", None) or (
            f"{type(plugin).__module__}:{type(plugin).__qualname__}"
        )
        info = PluginInfo(name=label, target=target)
        self._add(plugin, info)
        return info

    def _load(self, info: PluginInfo) -> None:
        self._add(import_target(info, debug=self.debug), info)

    def _add(self, obj: object, info: PluginInfo) -> None:
        if not any(
            callable(getattr(obj, attr, None)) for attr in dir(obj) if attr.startswith("pgmock_")
        ):
            info.status = "broken"
            info.error = "registers no pgmock hook (no pgmock_* function found)"
            raise PluginError(f"pgmock: {info.label} {info.error}")
        try:
            self._pm.register(obj, name=info.name)
            self._pm.check_pending()
        except pluggy.PluginValidationError as exc:
            info.status = "broken"
            info.error = str(exc)
            self._pm.unregister(name=info.name)
            raise PluginError(
                f"pgmock: {info.label} does not fit this pgmock's hooks "
                f"(built for a newer pgmock?): {exc}"
            ) from exc
        if info.status != "builtin":
            info.status = "loaded"
        info.module = obj  # type: ignore[assignment]
        self._loaded[info.name] = info

    # -- registration ------------------------------------------------------------------

    def register(self) -> Registry:
        """Run the registration hooks of every plugin loaded since the last call.

        Each plugin's impl is called on its own with a registrar bound to that plugin, so
        every registered thing records where it came from.
        """
        new = [n for n in self._loaded if n not in self._registered]
        for hook_name in _REGISTRATION_HOOKS:
            caller = getattr(self._pm.hook, hook_name)
            for impl in caller.get_hookimpls():
                if impl.plugin_name not in new:
                    continue
                registrar: pgmock_sdk.Registrar = self.registry.bound(impl.plugin_name)
                try:
                    impl.function(registry=registrar)
                except RegistryError:
                    raise
                except Exception as exc:
                    info = self._loaded[impl.plugin_name]
                    raise PluginError(
                        f"pgmock: {info.label} failed in {hook_name}: {type(exc).__name__}: {exc}"
                    ) from exc
        self._registered.update(new)
        return self.registry

    def add_commands(self, cli: click.Group) -> None:
        for impl in self._pm.hook.pgmock_register_commands.get_hookimpls():
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
        return self._loaded.get(name)


def _start(
    plugins: Iterable[str],
    env: Mapping[str, str] | None,
    debug: bool,
    discovery: Discovery | None,
    strict: bool,
    only: Iterable[str] | None = None,
) -> tuple[PluginHost, list[PluginInfo]]:
    host = PluginHost(debug=debug, discovery=discovery)
    from_env = plugin_names_from_env(env if env is not None else os.environ)
    plugins = list(plugins)
    # Blocks first: a blocked built-in is never imported.
    host.block(_blocks(from_env), source=ENV_VAR)
    host.block(_blocks(plugins))
    host.load_builtins(only)
    # One sorted load order, wherever a name came from: the same on every run.
    return host, host.load_named([*from_env, *plugins], strict)


def make_command_host(
    plugins: Iterable[str] = (),
    *,
    env: Mapping[str, str] | None = None,
    debug: bool = False,
) -> PluginHost:
    """A host for building the command line: the built-ins that add subcommands and the
    plugins named by flags and ``PGMOCK_PLUGINS``, nothing registered. Importing every
    built-in (numpy, pydantic, the generators) would triple the time of ``--help``."""
    host, _ = _start(plugins, env, debug, None, strict=True, only=COMMANDS)
    return host


def make_host(
    plugins: Iterable[str] = (),
    *,
    env: Mapping[str, str] | None = None,
    debug: bool = False,
    discovery: Discovery | None = None,
) -> PluginHost:
    """A host with the built-ins and the plugins named by flags and ``PGMOCK_PLUGINS``."""
    host, _ = _start(plugins, env, debug, discovery, strict=True)
    host.register()
    return host


def inspect_host(
    plugins: Iterable[str] = (),
    *,
    env: Mapping[str, str] | None = None,
    debug: bool = False,
    discovery: Discovery | None = None,
) -> tuple[PluginHost, list[PluginInfo]]:
    """Like :func:`make_host` for listings: a plugin that fails to load is marked broken
    instead of ending the run, and no registration hook runs. Also returns the plugins
    that were named and tried (loaded or broken)."""
    return _start(plugins, env, debug, discovery, strict=False)


def plugin_listing(plugins: Iterable[str] = (), *, debug: bool = False) -> list[PluginInfo]:
    """Every installed plugin, without importing third-party ones unless the user named
    them: those are loaded, so a broken one shows as broken (not fatal) and a blocked one
    as blocked. What `pgmock plugins` and `pgmock --version` print."""
    plugins = list(plugins)
    discovery = discover()
    infos = dict(discovery.plugins)
    if plugin_names_from_env(os.environ) or plugins:
        _, tried = inspect_host(plugins, debug=debug, discovery=discovery)
        infos.update({i.name: i for i in tried})
    for name, clash in discovery.conflicts.items():
        for info in clash:
            info.status, info.error = "broken", f'entry-point name "{name}" claimed twice'
    rows = sorted(infos.values(), key=lambda i: (not i.builtin, i.name))
    rows += [i for clash in discovery.conflicts.values() for i in clash[1:]]
    return rows
