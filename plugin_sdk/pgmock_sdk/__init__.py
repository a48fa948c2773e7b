"""pgmock_sdk: the stable surface plugin authors import.

The host imports from here, never the other way round. ``API_VERSION`` changes its major
number only when something a plugin relies on is removed or changes meaning.
"""

from __future__ import annotations

import warnings
from typing import Any

import pluggy

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
from pgmock_sdk.pgtypes import PgType, UserType, parse_type
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
from pgmock_sdk.toc import Chunk, DataColumn, Dump, DumpInfo, Section, SqlKind, TocEntry

API_VERSION = "1.0"
PROJECT_NAME = "pgmock"

hookimpl = pluggy.HookimplMarker(PROJECT_NAME)

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
    "FieldResolver",
    "FieldSpec",
    "GenContext",
    "Generator",
    "GeneratorRef",
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
        return Registrar
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
