"""Base classes for the other things plugins register: schema sources, writers, templates."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, ClassVar, Protocol

from pgmock_sdk.distribution import Distribution
from pgmock_sdk.generator import Generator
from pgmock_sdk.toc import Dump


class SchemaSourceError(Exception):
    """A schema file that cannot be parsed; line and column are 1-based when known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


class SchemaSource:
    """Reads a schema file into the plain dict/list structure the schema model validates."""

    name: ClassVar[str]
    suffixes: ClassVar[tuple[str, ...]] = ()

    def load(self, text: str, path: str) -> Any:
        raise NotImplementedError


@dataclass(frozen=True)
class WriteOptions:
    """Output options a writer honours (pg_dump's flags)."""

    inserts: bool = False
    column_inserts: bool = False
    rows_per_insert: int = 1
    no_owner: bool = False
    compress: int | None = None
    jobs: int = 1


class Writer:
    """An output format. ``formats`` are the names ``-F`` accepts (``p``, ``plain``)."""

    name: ClassVar[str]
    formats: ClassVar[tuple[str, ...]] = ()
    # Directory formats get a path; stream formats a binary file object.
    writes_directory: ClassVar[bool] = False

    @classmethod
    def summary(cls) -> str:
        # The docstring's first paragraph, on one line.
        doc = (cls.__doc__ or "").strip()
        return " ".join(doc.split("\n\n")[0].split())

    def write(self, dump: Dump, out: BinaryIO | Path, options: WriteOptions) -> None:
        raise NotImplementedError


@dataclass(frozen=True)
class Template:
    """A ready-made schema users start from: ``pgmock generate --template NAME``."""

    name: str
    description: str
    schema: dict[str, Any]


class Registry(Protocol):
    """What registration hooks receive; every add_* records the calling plugin."""

    def add_generator(self, cls: type[Generator]) -> None: ...

    def add_distribution(self, cls: type[Distribution]) -> None: ...

    def add_writer(self, cls: type[Writer]) -> None: ...

    def add_schema_source(self, cls: type[SchemaSource]) -> None: ...

    def add_template(self, template: Template) -> None: ...
