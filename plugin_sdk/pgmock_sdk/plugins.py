"""Base classes for the other things plugins register: schema sources, writers, templates."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, ClassVar, Protocol

from pgmock_sdk.toc import Dump

if TYPE_CHECKING:
    from pgmock_sdk.distribution import Distribution
    from pgmock_sdk.generator import Generator
    from pgmock_sdk.inference import Lifecycle, Rule
    from pgmock_sdk.pgtypes import ExtensionType
    from pgmock_sdk.specs import GeneratorSpec


class SchemaSourceError(Exception):
    """A schema file that cannot be parsed; line and column are 1-based when known.

    A source reading several files (``joins_files``) names the one at fault in ``path``;
    a source that finds several problems in one pass raises the first with the others
    in ``also``, so the user sees them all at once."""

    def __init__(
        self,
        message: str,
        line: int | None = None,
        column: int | None = None,
        *,
        path: str | None = None,
        also: list[SchemaSourceError] | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.path = path
        self.also = list(also or ())


@dataclass(frozen=True)
class Located:
    """A parsed document and the 1-based line each JSON path starts on.

    Paths are dotted as pgmock's problems print them (``tables.users.columns.email``,
    list items by index: ``tables.t.foreignKeys.0``); ``""`` is the document itself.
    Paths without a line are looked up by their longest prefix that has one.
    """

    data: Any
    lines: Mapping[str, int]


class SchemaSource:
    """Reads a schema file into the plain dict/list structure the schema model validates."""

    name: ClassVar[str]
    suffixes: ClassVar[tuple[str, ...]] = ()
    # Several files given in a row are one schema read in order (SQL migrations): the
    # host calls load_files once with all of them instead of load per file.
    joins_files: ClassVar[bool] = False
    # What the source skipped or changed, "file:line: why", printed by the host as notes.
    notes: list[str]

    def load(self, text: str, path: str) -> Any:
        raise NotImplementedError

    def load_files(self, files: list[tuple[str, str]]) -> Any:
        """``(text, path)`` of each file, in order; only called when ``joins_files``."""
        raise NotImplementedError

    def load_located(self, text: str, path: str) -> Located:
        """The document and the lines of its paths, for messages (``file:12: path: …``).

        The default knows no lines; a source that does overrides this (and ``load``).
        """
        return Located(self.load(text, path), {})


# pg_dump's compression methods and the levels it accepts for each (common/compression.c).
COMPRESSION_LEVELS = {"gzip": (1, 9), "lz4": (1, 12), "zstd": (1, 22)}


@dataclass(frozen=True)
class Compression:
    """pg_dump's ``-Z METHOD[:LEVEL]``: ``none``, ``gzip``, ``lz4`` or ``zstd``.

    ``level`` None means the method's default (zlib's own for gzip).
    """

    method: str = "none"
    level: int | None = None

    @classmethod
    def parse(cls, spec: str) -> Compression:
        """Parse ``-Z``'s argument as pg_dump 16 does; ``ValueError`` says what is wrong.

        A bare ``0``..``9`` is a gzip level (``0`` = none), as in pg_dump 15; otherwise
        ``METHOD``, ``METHOD:LEVEL`` or ``METHOD:level=LEVEL``.
        """
        text = spec.strip()
        if text.isdigit():
            level = int(text)
            if level > 9:
                raise ValueError(f'invalid compression level "{spec}": expected 0..9')
            return cls("none") if level == 0 else cls("gzip", level)
        method, _, detail = text.partition(":")
        method = method.lower()
        if method == "none":
            if detail:
                raise ValueError(f'compression "none" takes no level, got "{spec}"')
            return cls("none")
        if method not in COMPRESSION_LEVELS:
            raise ValueError(
                f'unknown compression method "{method}" in "{spec}" '
                "(expected gzip, lz4, zstd, none or a level 0..9)"
            )
        if not detail:
            return cls(method)
        value = detail[len("level=") :] if detail.startswith("level=") else detail
        low, high = COMPRESSION_LEVELS[method]
        if not value.isdigit() or not low <= int(value) <= high:
            raise ValueError(f'invalid compression level in "{spec}": {method} takes {low}..{high}')
        return cls(method, int(value))

    def __str__(self) -> str:
        return self.method if self.level is None else f"{self.method}:{self.level}"


@dataclass(frozen=True)
class WriteOptions:
    """Output options a writer honours (pg_dump's flags)."""

    inserts: bool = False
    column_inserts: bool = False
    rows_per_insert: int = 1
    no_owner: bool = False
    # -Z; None: the format's default (gzip for custom and directory archives).
    compress: Compression | None = None
    # --target-version: the oldest PostgreSQL major whose pg_restore must read the
    # output; None: every one from 12 on.
    target_version: int | None = None
    jobs: int = 1
    # --shared-output: the output directory is at the same path on every machine that makes
    # chunks (a Dask cluster's workers), so a directory writer may have them write its data
    # there instead of sending it through this process.
    shared_output: bool = False


@contextmanager
def open_output(out: BinaryIO | Path) -> Iterator[BinaryIO]:
    """The binary stream a stream format writes to: ``out`` itself, or ``out`` opened."""
    if isinstance(out, Path):
        with out.open("wb") as stream:
            yield stream
    else:
        yield out


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

    def check_options(self, options: WriteOptions) -> None:
        """Refuse options this format cannot honour: raise ``ValueError`` with the reason.

        Called before any data is generated. The default refuses compression, which a
        format must opt into.
        """
        if options.compress is not None and options.compress.method != "none":
            raise ValueError(f"compression is not supported by the {self.name} format")

    def write(self, dump: Dump, out: BinaryIO | Path, options: WriteOptions) -> None:
        raise NotImplementedError


@dataclass(frozen=True)
class Template:
    """A ready-made schema users start from: ``pgmock generate --template NAME``, or
    ``"extends": "NAME@MAJOR"`` in a schema. ``version`` is semantic (MAJOR.MINOR.PATCH):
    change the major number whenever the data a pinned run makes would change."""

    name: str
    description: str
    schema: dict[str, Any]
    version: str = "0.0.0"


class Registrar(Protocol):
    """What registration hooks receive (their ``registry`` argument), bound to the calling
    plugin: every ``add_*`` records that plugin as the provider.

    The host's implementation is ``pgmock.plugins.registry.Registrar``; what it fills is
    the host's registry, the one store of everything loaded plugins registered.
    """

    def add_generator(self, cls: type[Generator]) -> None: ...

    def add_generator_spec(self, spec: GeneratorSpec) -> None:
        """A generator declared by its spec: its class is imported on first use
        (:mod:`pgmock_sdk.specs`)."""
        ...

    def add_distribution(self, cls: type[Distribution]) -> None: ...

    def add_writer(self, cls: type[Writer]) -> None: ...

    def add_schema_source(self, cls: type[SchemaSource]) -> None: ...

    def add_template(self, template: Template) -> None: ...

    def add_rule(self, rule: Rule) -> None: ...

    def add_lifecycle(self, lifecycle: Lifecycle) -> None: ...

    def add_type(self, ext: ExtensionType) -> None: ...
