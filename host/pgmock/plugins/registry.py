"""What plugins registered, and who registered it.

The :class:`Registry` is the store; each plugin's registration hooks fill it through a
:class:`Registrar` bound to that plugin (the ``pgmock_sdk.Registrar`` protocol). Every
entry records its plugin. Generators and distributions have qualified names
``<plugin>.<name>``; a short name resolves only when exactly one loaded plugin offers it.
Registering a taken name is an error naming both plugins: nothing is overridden silently.
A name that does not resolve while plugins are blocked says which are, and how to unblock.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from pgmock.errors import PluginError, RegistryError
from pgmock_sdk.inference import Lifecycle, Rule
from pgmock_sdk.pgtypes import ExtensionType, TypeParseError, parse_type
from pgmock_sdk.plugins import SchemaSource, Template, Writer
from pgmock_sdk.specs import GeneratorSpec

if TYPE_CHECKING:  # imported where checked: they bring numpy and pydantic
    from pgmock_sdk.distribution import Distribution
    from pgmock_sdk.generator import Generator
    from pgmock_sdk.pgtypes import PgType

T = TypeVar("T")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Entry(Generic[T]):
    obj: T
    plugin: str
    name: str

    @property
    def qualified(self) -> str:
        return f"{self.plugin}.{self.name}"


class GeneratorEntry:
    """A registered generator: its spec now, its class when first asked for.

    Choosing generators reads only ``spec``; ``obj`` imports the class (a plugin that
    registered a :class:`~pgmock_sdk.specs.GeneratorSpec` has not imported it yet), so a
    schema imports the modules of the generators it uses, not of every one registered.
    """

    __slots__ = ("_cls", "name", "plugin", "spec")

    def __init__(
        self, spec: GeneratorSpec, plugin: str, cls: type[Generator] | None = None
    ) -> None:
        self.spec = spec
        self.plugin = plugin
        self.name = spec.name
        self._cls = cls

    @property
    def qualified(self) -> str:
        return f"{self.plugin}.{self.name}"

    @property
    def obj(self) -> type[Generator]:
        if self._cls is None:
            self._cls = self._import()
        return self._cls

    def accepts(self, pgtype: PgType) -> bool:
        """Whether the generator fills the type (its class is asked only when it
        overrides ``accepts`` and the spec's types allow the type)."""
        if not self.spec.might_accept(pgtype):
            return False
        return self.obj.accepts(pgtype) if self.spec.custom_accepts else True

    def _import(self) -> type[Generator]:
        from pgmock_sdk.generator import Generator
        from pgmock_sdk.specs import spec_of

        try:
            cls = self.spec.load()
        except Exception as exc:
            raise PluginError(
                f"pgmock: plugin {self.plugin!r}: generator {self.qualified} "
                f"({self.spec.target}) failed to import: {type(exc).__name__}: {exc}; "
                f"skip the plugin with --plugin no:{self.plugin}"
            ) from exc
        if not (isinstance(cls, type) and issubclass(cls, Generator)):
            raise RegistryError(
                f"plugin {self.plugin!r}: {self.spec.target} is not a Generator subclass"
            )
        actual = spec_of(cls)
        if actual != self.spec:
            raise RegistryError(
                f"plugin {self.plugin!r}: the spec registered for generator "
                f"{self.qualified} does not match its class {self.spec.target} "
                f"(spec {self.spec}, class {actual})"
            )
        return cls


class LookupFailed(LookupError):
    """A name that does not resolve; ``message`` says why and what would."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Blocked:
    """Plugins switched off with ``no:NAME``, and where each was (for lookup errors)."""

    def __init__(self) -> None:
        self._how: dict[str, str] = {}

    def add(self, plugin: str, how: str) -> None:
        self._how.setdefault(plugin, how)

    def __contains__(self, plugin: object) -> bool:
        return plugin in self._how

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._how))

    def __len__(self) -> int:
        return len(self._how)

    def message(self, plugin: str, what: str) -> str:
        """``what`` comes from ``plugin``, which is blocked."""
        return (
            f'{what} comes from plugin "{plugin}", which is blocked ({self._how[plugin]}); '
            f"remove no:{plugin} to use it"
        )

    def hint(self) -> str:
        """A suffix for "unknown …" errors: a blocked plugin may have provided it."""
        return f"; {self.may_provide()}" if self._how else ""

    def may_provide(self) -> str:
        """That the blocked plugins may provide what was not found, and how to unblock."""
        if len(self._how) == 1:
            ((plugin, how),) = self._how.items()
            return (
                f'plugin "{plugin}" is blocked ({how}) and may provide it: '
                f"remove no:{plugin} to use it"
            )
        names = ", ".join(f"{p} ({self._how[p]})" for p in self)
        return f"plugins {names} are blocked and may provide it: remove no:NAME to use one"


class _Named(Protocol):
    @property
    def plugin(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def qualified(self) -> str: ...


N = TypeVar("N", bound=_Named)


class _Namespace(Generic[N]):
    """Qualified names with unambiguous short-name lookup."""

    def __init__(self, kind: str, blocked: Blocked):
        self.kind = kind
        self._blocked = blocked
        self._by_qualified: dict[str, N] = {}

    def add(self, entry: N) -> None:
        if not _NAME.match(entry.name):
            raise RegistryError(
                f"plugin {entry.plugin!r} registered {self.kind} {entry.name!r}: names must "
                "be lower-case identifiers (letters, digits, underscores)"
            )
        other = self._by_qualified.get(entry.qualified)
        if other is not None:
            raise RegistryError(
                f"{self.kind} {entry.qualified!r} registered twice by plugin {entry.plugin!r} "
                f"({_where(other)} and {_where(entry)})"
            )
        self._by_qualified[entry.qualified] = entry

    def __iter__(self) -> Iterator[N]:
        return iter(sorted(self._by_qualified.values(), key=lambda e: e.qualified))

    def __len__(self) -> int:
        return len(self._by_qualified)

    def resolve(self, name: str) -> N:
        if name in self._by_qualified:
            return self._by_qualified[name]
        matches = [e for e in self._by_qualified.values() if e.name == name]
        if len(matches) == 1:
            return matches[0]
        if matches:
            options = ", ".join(sorted(e.qualified for e in matches))
            raise LookupFailed(
                f'{self.kind} "{name}" is ambiguous: {options}; use the qualified name'
            )
        plugin = name.rpartition(".")[0]  # short names have no dot; plugin names may
        if plugin in self._blocked:
            raise LookupFailed(self._blocked.message(plugin, f'{self.kind} "{name}"'))
        names = sorted({e.name for e in self._by_qualified.values()} | set(self._by_qualified))
        close = difflib.get_close_matches(name, names, n=1)
        hint = f' — did you mean "{close[0]}"?' if close else ""
        raise LookupFailed(f'unknown {self.kind} "{name}"{hint}{self._blocked.hint()}')


def _where(entry: object) -> str:
    if isinstance(entry, GeneratorEntry):
        return entry.spec.target.replace(":", ".")
    obj = getattr(entry, "obj", None)
    mod = getattr(obj, "__module__", "?")
    qual = getattr(obj, "__qualname__", type(obj).__qualname__)
    return f"{mod}.{qual}"


class Registry:
    """The store of everything loaded plugins registered, each entry with its plugin."""

    def __init__(self) -> None:
        # Filled by the host; lookups that fail mention them.
        self.blocked = Blocked()
        self.generators: _Namespace[GeneratorEntry] = _Namespace("generator", self.blocked)
        self.distributions: _Namespace[Entry[type[Distribution]]] = _Namespace(
            "distribution", self.blocked
        )
        self.writers: dict[str, Entry[type[Writer]]] = {}
        self.schema_sources: dict[str, Entry[type[SchemaSource]]] = {}
        # "name@version" -> template; pgmock.library picks one for a name or a pin
        self.templates: dict[str, Entry[Template]] = {}
        # Inference rules and lifecycles in registration order (pgmock.schema.inference
        # orders them by specificity).
        self.rules: list[Entry[Rule]] = []
        self.lifecycles: list[Entry[Lifecycle]] = []
        # extension types by every spelling (name and aliases); parse_type knows them
        # inside pgmock_sdk.pgtypes.extension_types(registry.type_spellings())
        self.types: dict[str, Entry[ExtensionType]] = {}

    def type_spellings(self) -> dict[str, ExtensionType]:
        """The extension types by each of their spellings, as parse_type looks them up."""
        return {spelling: entry.obj for spelling, entry in self.types.items()}

    def bound(self, plugin: str) -> Registrar:
        """The registrar a plugin's registration hooks receive."""
        return Registrar(self, plugin)

    def writer(self, fmt: str) -> Entry[type[Writer]]:
        try:
            return self.writers[fmt]
        except KeyError:
            known = ", ".join(sorted(self.writers))
            raise LookupFailed(
                f'unknown output format "{fmt}" (known: {known}){self.blocked.hint()}'
            ) from None

    def source_for(self, filename: str) -> Entry[type[SchemaSource]]:
        for suffix in sorted(self.schema_sources, key=len, reverse=True):
            if filename.lower().endswith(suffix):
                return self.schema_sources[suffix]
        known = ", ".join(sorted(self.schema_sources))
        raise LookupFailed(
            f"no schema source reads {filename!r} (known suffixes: {known}){self.blocked.hint()}"
        )


class Registrar:
    """The ``registry`` object a plugin's registration hook receives."""

    def __init__(self, registry: Registry, plugin: str):
        self._registry = registry
        self.plugin = plugin

    def add_generator(self, cls: type[Generator]) -> None:
        from pgmock_sdk.generator import Generator
        from pgmock_sdk.specs import spec_of

        if not (isinstance(cls, type) and issubclass(cls, Generator)):
            raise RegistryError(f"plugin {self.plugin!r}: add_generator needs a Generator subclass")
        self._registry.generators.add(GeneratorEntry(spec_of(cls), self.plugin, cls))

    def add_generator_spec(self, spec: GeneratorSpec) -> None:
        if not isinstance(spec, GeneratorSpec):
            raise RegistryError(
                f"plugin {self.plugin!r}: add_generator_spec needs a pgmock_sdk GeneratorSpec"
            )
        self._registry.generators.add(GeneratorEntry(spec, self.plugin))

    def add_distribution(self, cls: type[Distribution]) -> None:
        from pgmock_sdk.distribution import Distribution

        if not (isinstance(cls, type) and issubclass(cls, Distribution)):
            raise RegistryError(
                f"plugin {self.plugin!r}: add_distribution needs a Distribution subclass"
            )
        self._registry.distributions.add(Entry(cls, self.plugin, getattr(cls, "name", "?")))

    def add_writer(self, cls: type[Writer]) -> None:
        if not cls.formats:
            raise RegistryError(f"plugin {self.plugin!r}: writer {cls.__name__} names no format")
        for fmt in cls.formats:
            self._claim(self._registry.writers, fmt, cls, "output format")

    def add_schema_source(self, cls: type[SchemaSource]) -> None:
        for suffix in cls.suffixes:
            self._claim(self._registry.schema_sources, suffix.lower(), cls, "schema suffix")

    def add_template(self, template: Template) -> None:
        key = f"{template.name}@{getattr(template, 'version', '0.0.0')}"
        self._claim(self._registry.templates, key, template, "template")

    def add_rule(self, rule: Rule) -> None:
        if not isinstance(rule, Rule):
            raise RegistryError(f"plugin {self.plugin!r}: add_rule needs a pgmock_sdk Rule")
        self._registry.rules.append(Entry(rule, self.plugin, rule.generator))

    def add_lifecycle(self, lifecycle: Lifecycle) -> None:
        if not isinstance(lifecycle, Lifecycle):
            raise RegistryError(
                f"plugin {self.plugin!r}: add_lifecycle needs a pgmock_sdk Lifecycle"
            )
        self._registry.lifecycles.append(Entry(lifecycle, self.plugin, lifecycle.name))

    def add_type(self, ext: ExtensionType) -> None:
        if not isinstance(ext, ExtensionType):
            raise RegistryError(
                f"plugin {self.plugin!r}: add_type needs a pgmock_sdk ExtensionType"
            )
        for spelling in (ext.name, *ext.aliases):
            if spelling != spelling.lower() or not _NAME.match(spelling):
                raise RegistryError(
                    f"plugin {self.plugin!r} registered type {spelling!r}: type names must be "
                    "lower-case identifiers (letters, digits, underscores)"
                )
            if _builtin_type(spelling):
                raise RegistryError(
                    f"plugin {self.plugin!r} registered type {spelling!r}, a built-in type"
                )
            self._claim(self._registry.types, spelling, ext, "type")

    def _claim(self, table: dict[str, Entry[T]], key: str, obj: T, kind: str) -> None:
        other = table.get(key)
        if other is not None:
            raise RegistryError(
                f'{kind} "{key}" registered by both plugin {other.plugin!r} and plugin '
                f"{self.plugin!r}"
            )
        table[key] = Entry(obj, self.plugin, key)


def _builtin_type(spelling: str) -> bool:
    try:
        parse_type(spelling)
    except (TypeParseError, KeyError):
        return False
    return True
