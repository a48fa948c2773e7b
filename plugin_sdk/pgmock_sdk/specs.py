"""Generators declared before they are imported.

The host reads a few class attributes of every registered generator to choose one for a
column (which types it fills, the column names and types it is the default for, its
roles). A :class:`GeneratorSpec` carries just those, with where the class lives, so a
plugin can register its generators without importing their modules (and numpy, pydantic
or Faker with them): ``registry.add_generator_spec(spec)``. The host imports the class
the first time a schema uses it, and checks it declares what its spec said.

:func:`spec_of` makes the spec of a class; a plugin keeping its specs in a table can
compare them with it in a test.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pgmock_sdk.generator import Generator
    from pgmock_sdk.pgtypes import PgType


# PostgreSQL's limit on array dimensions (MAXDIM).
_MAX_DIMS = 6


@dataclass(frozen=True)
class GeneratorSpec:
    """What the host needs of a generator class before importing it."""

    #: ``"package.module:Class"``
    target: str
    name: str
    pg_types: frozenset[str] = frozenset()
    column_names: tuple[str, ...] = ()
    default_for: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()
    #: NestedGenerator.extends_default_for; ``nested`` says the class is a NestedGenerator
    extends_default_for: frozenset[str] = frozenset()
    nested: bool = False
    #: The class overrides ``accepts``: types in pg_types are then asked of the class.
    custom_accepts: bool = False
    #: An array key in pg_types and default_for (``int4[]``) also stands for the same
    #: element type with up to six dimensions (``int4[][]``), as core.array's keys do.
    any_array_dims: bool = False

    def _has(self, keys: frozenset[str], key: str) -> bool:
        if key in keys:
            return True
        if not self.any_array_dims:
            return False
        dims = 0
        while key.endswith("[]"):
            key, dims = key[:-2], dims + 1
        return 1 <= dims <= _MAX_DIMS and key + "[]" in keys

    def fills(self, key: str) -> bool:
        """Whether the type key is one the generator fills (pg_types, or ``*``)."""
        return "*" in self.pg_types or self._has(self.pg_types, key)

    def is_default_for(self, key: str) -> bool:
        """Whether the generator is the type key's default (default_for)."""
        return self._has(self.default_for, key)

    def might_accept(self, pgtype: PgType) -> bool:
        """False when the generator cannot fill the type; True when it can, or (with
        ``custom_accepts``) when only the class can say."""
        return self.fills(pgtype.key)

    def load(self) -> type[Generator]:
        """The class, imported."""
        module, _, qualname = self.target.partition(":")
        obj: object = import_module(module)
        for part in qualname.split("."):
            obj = getattr(obj, part)
        return obj  # type: ignore[return-value]


def spec_of(cls: type[Generator]) -> GeneratorSpec:
    """The spec of a generator class (what registering the class itself records)."""
    from pgmock_sdk.generator import Generator
    from pgmock_sdk.nested import NestedGenerator

    nested = issubclass(cls, NestedGenerator)
    arrays = [k for k in cls.pg_types if k.endswith("[]")]
    return GeneratorSpec(
        target=f"{cls.__module__}:{cls.__qualname__}",
        name=getattr(cls, "name", "?"),
        pg_types=frozenset(cls.pg_types),
        column_names=tuple(getattr(cls, "column_names", ())),
        default_for=frozenset(getattr(cls, "default_for", frozenset())),
        roles=frozenset(getattr(cls, "roles", frozenset())),
        extends_default_for=frozenset(getattr(cls, "extends_default_for", ())),
        nested=nested,
        custom_accepts=getattr(cls.accepts, "__func__", None)
        is not Generator.accepts.__func__,  # type: ignore[attr-defined]
        any_array_dims=bool(arrays) and all(k + "[]" in cls.pg_types for k in arrays),
    )
