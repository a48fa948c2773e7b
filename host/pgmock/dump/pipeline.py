"""From a resolved schema to a Dump: plan, engine and table of contents, wired together."""

from __future__ import annotations

import importlib.metadata as md
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pgmock import __version__
from pgmock.dump.toc import TocOptions, build_toc, data_only_fk_cycles
from pgmock.errors import UsageError
from pgmock.generate.engine import Backend, Engine
from pgmock.generate.plan import make_plan, select_tables
from pgmock.schema.resolved import ResolvedSchema
from pgmock_sdk import Compression, Dump, DumpInfo, WriteOptions

if TYPE_CHECKING:
    from pgmock.profiling import RunProfile

# The PostgreSQL version our DDL and archive layout imitate (see docs/output.md).
SERVER_VERSION = "15.0"


@dataclass
class Options:
    schema_only: bool = False
    data_only: bool = False
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    inserts: bool = False
    column_inserts: bool = False
    rows_per_insert: int = 1
    no_owner: bool = False
    no_indexes: bool = False
    no_constraints: bool = False
    jobs: int = 1
    compress: Compression | None = None
    target_version: int | None = None
    load_via_partition_root: bool = False
    no_privileges: bool = False
    # Where chunk tasks run instead of --jobs forks (--engine dask); None: this machine.
    backend: Backend | None = None
    # --shared-output: the workers write -Fd data files themselves (see WriteOptions).
    shared_output: bool = False
    # generate --profile: where the time goes, per table and column
    profile: RunProfile | None = None


def provenance(schema: ResolvedSchema) -> tuple[str, ...]:
    """What made this output: the determinism contract covers exactly these versions."""
    versions = []
    for dist in ("numpy", "faker"):
        try:
            versions.append(f"{dist} {md.version(dist)}")
        except md.PackageNotFoundError:
            continue
    return (f"pgmock seed {schema.seed}; " + ", ".join(versions),)


@contextmanager
def build_dump(
    schema: ResolvedSchema,
    options: Options,
    progress: Callable[[str, int, int, object], None] | None = None,
) -> Iterator[tuple[Dump, WriteOptions, list[str]]]:
    if options.rows_per_insert > 1 and any(t.partitions for t in schema.tables.values()):
        raise UsageError(
            "--rows-per-insert with partitioned tables is not supported yet; use --inserts or COPY"
        )
    selected = select_tables(schema, options.include, options.exclude)
    plan = make_plan(schema, selected)
    warnings = list(plan.warnings)
    with Engine(
        plan, jobs=options.jobs, progress=progress, backend=options.backend, timer=options.profile
    ) as engine:
        data = {key: engine.table_data(key) for key in plan.order}
        toc_options = TocOptions(
            schema_only=options.schema_only,
            data_only=options.data_only,
            inserts=options.inserts,
            no_indexes=options.no_indexes,
            no_constraints=options.no_constraints,
            include_tables=selected if (options.include or options.exclude) else None,
            # Unlike pg_dump -t, keep the schemas and types the chosen tables need, so a
            # selection restores into an empty database.
            self_contained=True,
            load_via_partition_root=options.load_via_partition_root,
            no_privileges=options.no_privileges,
        )
        if options.data_only:
            for cycle in data_only_fk_cycles(schema, toc_options):
                warnings.extend(cycle.warning_lines(prog="pgmock"))
        dump = build_toc(schema, data, toc_options)
        dump.info = DumpInfo(
            database=schema.database,
            encoding=schema.encoding,
            server_version=f"{SERVER_VERSION} (pgmock {__version__})",
            dumped_by=f"pgmock {__version__}",
            provenance=provenance(schema),
        )
        write_options = WriteOptions(
            inserts=options.inserts,
            column_inserts=options.column_inserts,
            rows_per_insert=options.rows_per_insert,
            no_owner=options.no_owner,
            compress=options.compress,
            target_version=options.target_version,
            jobs=options.jobs,
            shared_output=options.shared_output,
        )
        yield dump, write_options, warnings
