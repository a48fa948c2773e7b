"""``pgmock explain``: the command; the report itself is :mod:`pgmock.explain`."""

from __future__ import annotations

import json

import click

from pgmock.cli.app import cli, host_of
from pgmock.cli.run import load_schema, run_config, schema_settings, table_selection
from pgmock.explain import explain_schema, render_text, selected_tables


@cli.command()
@click.argument("schema_files", nargs=-1, type=click.Path(dir_okay=False), metavar="SCHEMA...")
@schema_settings
@table_selection
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option(
    "--samples",
    type=click.IntRange(0, 100),
    default=3,
    show_default=True,
    help="First values of each column to show (the values generate writes).",
)
@click.pass_context
def explain(
    ctx: click.Context,
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
    samples: int,
) -> None:
    """Show, per table and column, the generator, its parameters and distribution, why
    it was chosen, and the first values generate writes.

    \b
    Examples:
      pgmock explain --template shop
      pgmock explain --template shop -t users --samples 5
      pgmock templates show shop > shop.json && pgmock explain shop.json --json > explained.json
    """
    # The samples run the generators: a schema's programs and files need the same opt-ins
    # as for generate.
    config = run_config(ctx, seed=seed, rows=rows, scale=scale, locale=locale)
    schema, _ = load_schema(
        ctx, host_of(ctx), schema_files, templates, config, (allow_exec, allow_files)
    )
    selected = selected_tables(schema, tables, exclude)
    report = explain_schema(schema, samples, selected)
    if as_json:
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        click.echo(render_text(report), nl=False)
