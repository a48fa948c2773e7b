"""``import``: a schema from SQL DDL files or a live database, written in pgmock's format."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from pgmock.cli.app import cli, host_of
from pgmock.errors import SchemaError, UsageError
from pgmock.plugins.registry import Registry

_URL_PREFIXES = ("postgresql://", "postgres://")
# What notes and problems of a live database's DDL name as their file
_CATALOG_NAME = "catalog.sql"


@cli.command("import")
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="Write here (default: stdout)."
)
@click.option(
    "--stats",
    is_flag=True,
    help="Live database: read pg_stats (null fractions, distinct counts, how skewed the most "
    "common values are — never the values) to fit row counts and distributions.",
)
@click.option(
    "--schema",
    "schemas",
    multiple=True,
    metavar="NAME",
    help="Live database: only this schema (repeatable; default: all but the system ones).",
)
@click.pass_context
def import_(
    ctx: click.Context,
    sources: tuple[str, ...],
    output: str | None,
    stats: bool,
    schemas: tuple[str, ...],
) -> None:
    """Turn SQL DDL files (in migration order) or a live database into a schema file.

    \b
    Examples:
      pgmock import schema.sql -o schema.json
      pgmock import migrations/*.sql -o schema.json
      pgmock import postgresql://localhost/app --stats -o schema.json
    """
    registry = host_of(ctx).registry
    doc: Any
    urls = [s for s in sources if s.startswith(_URL_PREFIXES)]
    if urls:
        if len(sources) > 1:
            raise UsageError("import reads one database URL, or SQL files; not both")
        doc = _from_database(urls[0], registry, schemas, stats)
    else:
        if stats or schemas:
            raise UsageError("--stats and --schema are for a database URL")
        from pgmock.schema import load_raw

        doc, _ = load_raw(list(sources), registry)
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    if output is None or output == "-":
        sys.stdout.write(text)
    else:
        from pgmock.dump.output import atomic_output, output_errors

        with output_errors(output), atomic_output(Path(output), directory=False) as target:
            assert not isinstance(target, Path)
            target.write(text.encode("utf-8"))
    _report_validity(ctx, doc, output or "the schema")


def _from_database(url: str, registry: Registry, schemas: tuple[str, ...], stats: bool) -> Any:
    """The catalog as DDL (pgmock.schema.catalog), read by the SQL source."""
    from pgmock.schema.catalog import catalog_ddl
    from pgmock.schema.load import read_schema_text

    ddl = catalog_ddl(url, schemas=schemas, stats=stats)
    return read_schema_text(ddl, _CATALOG_NAME, registry)


def _report_validity(ctx: click.Context, doc: Any, where: str) -> None:
    """Say whether the imported schema validates as it is (it is written either way)."""
    from pgmock.schema import resolve_schema

    try:
        resolve_schema(doc, {}, [where], host_of(ctx).registry)
    except SchemaError as exc:
        click.echo(
            f"pgmock: note: {where} was written but does not validate yet "
            f"({len(exc.problems)} problem(s)); add hints or an overlay:",
            err=True,
        )
        click.echo(str(exc), err=True)
