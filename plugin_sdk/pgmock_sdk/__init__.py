"""pgmock_sdk: the stable surface plugin authors import.

The host imports from here, never the other way round. ``API_VERSION`` changes its major
number only when something a plugin relies on is removed or changes meaning.
"""

from __future__ import annotations

import warnings
from importlib import import_module
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from pgmock_sdk.distribution import Distribution
    from pgmock_sdk.generator import ColumnInfo, GenContext, Generator, NoParams, Params, Sampler
    from pgmock_sdk.nested import (
        BoundField,
        FieldResolver,
        FieldSpec,
        GeneratorRef,
        NestedGenerator,
        ResolvedField,
        derive_key,
    )
    from pgmock_sdk.pgtypes import ExtensionType, PgType, UserType, parse_type
    from pgmock_sdk.plugins import (
        Compression,
        Located,
        Registrar,
        SchemaSource,
        SchemaSourceError,
        Template,
        WriteOptions,
        Writer,
    )
    from pgmock_sdk.specs import GeneratorSpec, spec_of
    from pgmock_sdk.toc import Chunk, DataColumn, Dump, DumpInfo, Section, SqlKind, TocEntry

API_VERSION = "1.0"
PROJECT_NAME = "pgmock"

hookimpl = pluggy.HookimplMarker(PROJECT_NAME)

# Names and the module defining each, imported on first use: the generator and
# distribution bases bring numpy and pydantic, which `pgmock --help` has no use for.
_LAZY = {
    "Distribution": "distribution",
    **dict.fromkeys(
        ("ColumnInfo", "GenContext", "Generator", "NoParams", "Params", "Sampler"), "generator"
    ),
    **dict.fromkeys(
        (
            "BoundField",
            "FieldResolver",
            "FieldSpec",
            "GeneratorRef",
            "NestedGenerator",
            "ResolvedField",
            "derive_key",
        ),
        "nested",
    ),
    **dict.fromkeys(("ExtensionType", "PgType", "UserType", "parse_type"), "pgtypes"),
    **dict.fromkeys(("GeneratorSpec", "spec_of"), "specs"),
    **dict.fromkeys(
        (
            "Compression",
            "Located",
            "Registrar",
            "SchemaSource",
            "SchemaSourceError",
            "Template",
            "WriteOptions",
            "Writer",
        ),
        "plugins",
    ),
    **dict.fromkeys(
        ("Chunk", "DataColumn", "Dump", "DumpInfo", "Section", "SqlKind", "TocEntry"), "toc"
    ),
}


__all__ = [
    "API_VERSION",
    "PROJECT_NAME",
    "BoundField",
    "Chunk",
    "ColumnInfo",
    "Compression",
    "DataColumn",
    "Distribution",
    "Dump",
    "DumpInfo",
    "ExtensionType",
    "FieldResolver",
    "FieldSpec",
    "GenContext",
    "Generator",
    "GeneratorRef",
    "GeneratorSpec",
    "Located",
    "NestedGenerator",
    "NoParams",
    "Params",
    "PgType",
    "Registrar",
    "ResolvedField",
    "Sampler",
    "SchemaSource",
    "SchemaSourceError",
    "Section",
    "SqlKind",
    "Template",
    "TocEntry",
    "UserType",
    "WriteOptions",
    "Writer",
    "derive_key",
    "hookimpl",
    "parse_type",
    "spec_of",
]


def __getattr__(name: str) -> Any:
    # ``Registry`` was this protocol's name until 0.2; the host's store of registrations is
    # called Registry, so the type a hook receives is now the Registrar that fills it.
    if name == "Registry":
        warnings.warn(
            "pgmock_sdk.Registry is deprecated: import pgmock_sdk.Registrar (the same type)",
            DeprecationWarning,
            stacklevel=2,
        )
        name = "Registrar"
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    if name in __all__:
        globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
