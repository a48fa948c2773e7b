"""Commands that list and describe: plugins, generators, types, templates, the schema format."""

from __future__ import annotations

import json
import os

import click

from pgmock.cli.app import HostState, cli, host_of
from pgmock.errors import UsageError
from pgmock.plugins.host import inspect_host, plugin_names_from_env


@cli.command("schema")
@click.option(
    "--json-schema",
    is_flag=True,
    required=True,
    help="Print the JSON Schema of the schema format (for editors).",
)
def schema_cmd(json_schema: bool) -> None:
    """Print the JSON Schema of pgmock's schema format."""
    from pgmock.schema.model import SchemaFile

    doc = SchemaFile.model_json_schema()
    doc["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    doc["title"] = "pgmock schema (version 1.0)"
    click.echo(json.dumps(doc, indent=2))


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
def plugins(ctx: click.Context, as_json: bool) -> None:
    """List every installed plugin without importing third-party ones."""
    from pgmock.plugins.discovery import discover

    state = ctx.find_object(HostState)
    assert state is not None
    discovery = discover()
    infos = dict(discovery.plugins)
    named = (*state.config_plugins, *state.plugins)
    if plugin_names_from_env(os.environ) or named:
        # Plugins the user named are loaded, so a broken one shows as broken, not fatal;
        # blocked ones show as blocked.
        _, tried = inspect_host(named, debug=state.debug, discovery=discovery)
        infos.update({i.name: i for i in tried})
    for name, clash in discovery.conflicts.items():
        for info in clash:
            info.status, info.error = "broken", f'entry-point name "{name}" claimed twice'
    rows = sorted(infos.values(), key=lambda i: (not i.builtin, i.name))
    rows += [i for clash in discovery.conflicts.values() for i in clash[1:]]
    if as_json:
        click.echo(
            json.dumps(
                [
                    {
                        "name": i.name,
                        "distribution": i.distribution,
                        "version": i.version,
                        "target": i.target,
                        "status": i.status,
                        "error": i.error,
                    }
                    for i in rows
                ],
                indent=2,
            )
        )
        return
    width = max((len(i.name) for i in rows), default=4)
    for i in rows:
        dist = f"{i.distribution} {i.version}" if i.distribution else "-"
        line = f"{i.name:<{width}}  {i.status:<9}  {dist:<28}  {i.target}"
        click.echo(line + (f"  ({i.error})" if i.error else ""))


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--type", "type_name", metavar="TYPE", help="Only generators that fill TYPE.")
@click.option("--markdown", is_flag=True, help="A Markdown table (docs/generators.md).")
@click.pass_context
def generators(ctx: click.Context, as_json: bool, type_name: str | None, markdown: bool) -> None:
    """List generators with the types they fill and their parameters."""
    from pgmock_sdk import parse_type

    host = host_of(ctx)
    wanted = None
    if type_name:
        try:
            wanted = parse_type(type_name)
        except (KeyError, ValueError):
            raise UsageError(f'unknown type "{type_name}"') from None
    entries = [e for e in host.registry.generators if wanted is None or e.obj.accepts(wanted)]
    if as_json:
        click.echo(
            json.dumps(
                [
                    {
                        "name": e.qualified,
                        "plugin": e.plugin,
                        "summary": e.obj.summary(),
                        "types": sorted(e.obj.pg_types),
                        "unique": e.obj.supports_unique,
                        "distribution": e.obj.supports_distribution,
                        "params": e.obj.Params.model_json_schema(),
                    }
                    for e in entries
                ],
                indent=2,
            )
        )
        return
    if markdown:
        click.echo("| generator | fills | parameters | unique | inferred from column names |")
        click.echo("|---|---|---|---|---|")
        for e in entries:
            cls = e.obj
            names = " ".join(f"`{p}`" for p in getattr(cls, "column_names", ()))
            click.echo(
                f"| `{e.qualified}` — {cls.summary().replace('|', chr(92) + '|')} | "
                f"{', '.join(sorted(cls.pg_types))} | "
                f"{', '.join(cls.Params.model_fields) or '—'} | "
                f"{'yes' if cls.supports_unique else 'no'} | {names.replace('|', chr(92) + '|')} |"
            )
        return
    for e in entries:
        params = ", ".join(e.obj.Params.model_fields) or "-"
        click.echo(f"{e.qualified:<28} {', '.join(sorted(e.obj.pg_types)):<40} params: {params}")
        if e.obj.summary():
            click.echo(f"{'':<28} {e.obj.summary()}")


@cli.command("types")
@click.option("--markdown", is_flag=True, help="Markdown tables (docs/types.md).")
@click.pass_context
def types_cmd(ctx: click.Context, markdown: bool) -> None:
    """List every supported type with its default generator (as a schema column with no
    "generator" gets it) and whether arrays of it have one."""
    from pgmock.cli import typetable

    rows = typetable.type_rows(host_of(ctx).registry)
    click.echo(typetable.markdown(rows) if markdown else typetable.plain(rows))
