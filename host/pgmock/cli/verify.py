"""``verify``: a dump checked against its schema, without a database."""

from __future__ import annotations

import re
import sys
from typing import TYPE_CHECKING

import click

from pgmock.cli.app import cli, host_of
from pgmock.cli.run import load_schema, run_config, schema_settings, table_selection
from pgmock.errors import UsageError

if TYPE_CHECKING:
    from pgmock.verify.report import Report

_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([kKmMgG]?)[bB]?")
_UNITS = {"": 1 << 20, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}


def parse_size(text: str) -> int:
    """``256MB``, ``1GB``, ``512kB`` (PostgreSQL's spelling) or a number of megabytes."""
    m = _SIZE.fullmatch(text.strip())
    if m is None:
        raise UsageError(f'--work-mem expects a size such as 256MB or 1GB, got "{text}"')
    return int(float(m.group(1)) * _UNITS[m.group(2).lower()])


@cli.command()
@click.argument("dump", type=click.Path(), metavar="DUMP")
@click.option(
    "--schema",
    "schema_files",
    multiple=True,
    type=click.Path(dir_okay=False),
    metavar="SCHEMA",
    help="Schema file the dump was generated from (repeatable, as for generate).",
)
@schema_settings
@table_selection
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON on stdout.")
@click.option(
    "--work-mem",
    default="256MB",
    show_default=True,
    metavar="SIZE",
    help="Memory for key sets before they spill to sorted runs on disk.",
)
@click.option("--temp-dir", type=click.Path(file_okay=False), help="Where spilled runs go.")
@click.option("-v", "--verbose", is_flag=True, help="Rows read per table on stderr.")
@click.pass_context
def verify(
    ctx: click.Context,
    dump: str,
    schema_files: tuple[str, ...],
    templates: tuple[str, ...],
    seed: int | None,
    rows: tuple[str, ...],
    scale: float | None,
    locale: str | None,
    allow_exec: bool,
    allow_files: bool,
    tables: tuple[str, ...],
    exclude: tuple[str, ...],
    as_json: bool,
    work_mem: str,
    temp_dir: str | None,
    verbose: bool,
) -> None:
    """Check DUMP against the schema it was generated from, without a database.

    Reads any output of generate (plain SQL with COPY or INSERTs, -F c, -F d, -F t,
    compressed or not) and checks row counts, primary keys, UNIQUE constraints and unique
    indexes, foreign keys, NOT NULL, CHECKs and domains. Exit 0 when every row holds,
    1 on a violation (each printed with its table, constraint and first offending row),
    2 for usage and schema errors.

    \b
    Examples:
      pgmock generate --template shop -F c -f shop.dump --seed 7
      pgmock verify shop.dump --template shop --seed 7
    """
    from pgmock.generate.plan import select_tables
    from pgmock.verify import Report, Violation, open_dump, verify_dump
    from pgmock.verify.streams import DumpFormatError

    budget = parse_size(work_mem)
    if not schema_files and not templates:
        raise UsageError(
            "no schema given: pgmock verify DUMP --schema SCHEMA.json (or --template NAME)"
        )
    config = run_config(ctx, seed=seed, rows=rows, scale=scale, locale=locale)
    # Nothing runs here either, but the schema resolves as for generate: what it may do is
    # the same question, with the same answer.
    schema, _ = load_schema(
        ctx, host_of(ctx), schema_files, templates, config, (allow_exec, allow_files)
    )
    selected = select_tables(schema, list(tables), list(exclude))
    try:
        source = open_dump(dump)
    except DumpFormatError as exc:
        report = Report(dump, "unreadable", [], [Violation("-", "format", None, [], str(exc))])
        _print(report, as_json)
        sys.exit(1)

    def progress(table: str, n: int) -> None:
        click.echo(f"pgmock: {table}: {n:,} rows", err=True)

    report = verify_dump(source, schema, selected, budget, temp_dir, progress if verbose else None)
    _print(report, as_json)
    sys.exit(0 if report.ok else 1)


def _print(report: Report, as_json: bool) -> None:
    if as_json:
        click.echo(report.json_text())
        return
    for note in report.notes:
        click.echo(f"pgmock: not verified: {note.table}: {note.what}: {note.reason}", err=True)
    for line in report.lines():
        click.echo(line)
    click.echo(report.summary())
