"""``import``: a schema from SQL DDL files or a live database, written in pgmock's format."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from pgmock.cli.app import cli, host_of
from pgmock.errors import Problem, SchemaError, UsageError
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
    help="Live database: also read row counts (pg_class.reltuples) and each column's "
    "fraction of NULLs (pg_stats.null_frac) — never a value.",
)
@click.option(
    "--overlay",
    "overlays",
    multiple=True,
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="A JSON document merged over the import (tables.T.columns.C.generator …), for "
    "hints a catalog or the DDL does not hold (repeatable, later ones win).",
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
    overlays: tuple[str, ...],
) -> None:
    """Turn SQL DDL files (in migration order) or a live database into a schema file.

    \b
    Examples:
      pgmock generate --template shop -s -f schema.sql   # some DDL to start from
      pgmock import schema.sql -o schema.json
      echo 'ALTER TABLE users ADD COLUMN nickname text;' > 002.sql
      pgmock import schema.sql 002.sql -o schema.json       # files apply in order
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
    if overlays:
        from pgmock.schema.load import read_schema_file

        for path in overlays:
            problems: list[Problem] = []
            _overlay(doc, read_schema_file(path, registry).data, path, "", problems)
            if problems:
                raise SchemaError(problems)
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    if output is None or output == "-":
        sys.stdout.write(text)
    else:
        from pgmock.dump.output import atomic_output, output_errors

        with output_errors(output), atomic_output(Path(output), directory=False) as target:
            assert not isinstance(target, Path)
            target.write(text.encode("utf-8"))
    _report_validity(ctx, doc, output or "the schema")


def _overlay(base: Any, over: Any, path: str, where: str, problems: list[Problem]) -> None:
    """Merge ``over`` into ``base``: objects key by key, anything else replaced. A table or
    column the import does not have is a problem (a typo would otherwise add a table)."""
    if not isinstance(over, dict) or not isinstance(base, dict):
        problems.append(Problem(path, where, "expected an object here, as in the import"))
        return
    for key, value in over.items():
        at = f"{where}.{key}" if where else key
        parent = where.rsplit(".", 1)[-1] if where else ""
        if key not in base and parent in ("tables", "columns"):
            what = "table" if parent == "tables" else "column"
            problems.append(Problem(path, at, f"the import has no {what} {key!r}"))
        elif isinstance(value, dict) and isinstance(base.get(key), dict):
            _overlay(base[key], value, path, at, problems)
        else:
            base[key] = value


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
