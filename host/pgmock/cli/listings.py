"""Commands that list and describe: plugins, generators, distributions, types, templates,
the schema format; and the shell completion script."""

from __future__ import annotations

import json
import textwrap
from typing import TYPE_CHECKING, Any

import click

from pgmock.cli.app import HostState, cli, host_of
from pgmock.errors import UsageError
from pgmock.plugins.host import plugin_listing

if TYPE_CHECKING:
    pass

# Valid as printed: a test validates it. Small enough to read, wide enough to show a
# foreign key, a generator with parameters and a distribution.
GUIDE_EXAMPLE: dict[str, Any] = {
    "seed": 42,
    "tables": {
        "users": {
            "rowCount": 1000,
            "columns": {
                "id": {"type": "serial", "primaryKey": True},
                "email": {"type": "text", "unique": True},
                "age": {
                    "type": "int4",
                    "generator": "integer",
                    "params": {"min": 18, "max": 90},
                    "distribution": {"name": "normal", "mean": 40, "stddev": 12},
                },
            },
        },
        "orders": {
            "rowCount": {"per": "users", "min": 0, "max": 5},
            "columns": {
                "id": {"type": "bigserial", "primaryKey": True},
                "user_id": {"type": "int4", "references": "users.id"},
                "total": {"type": "numeric(10,2)"},
            },
        },
    },
}


@cli.group("schema", invoke_without_command=True)
@click.option(
    "--json-schema",
    is_flag=True,
    help="Print the JSON Schema of the schema format (for editors).",
)
@click.pass_context
def schema_cmd(ctx: click.Context, json_schema: bool) -> None:
    """Explain pgmock's schema format; --json-schema prints its JSON Schema.

    \b
    Examples:
      pgmock schema --json-schema > pgmock-schema-1.1.json
      pgmock templates show shop > shop.json && pgmock schema migrate shop.json --in-place
    """
    from pgmock.schema import model

    if ctx.invoked_subcommand is not None:
        return
    if not json_schema:
        click.echo(_guide(model.SchemaFile))
        return
    click.echo(json.dumps(model.json_schema(), indent=2))


def _guide(model: Any) -> str:
    """A page on the format: its top-level keys (from the model, so never stale), an
    example that validates, and where to go next."""
    fields = {f.alias or name: f for name, f in model.model_fields.items()}
    width = max(map(len, fields))
    keys = [
        f"  {name:<{width}}  {'required' if f.is_required() else 'optional'}  {f.description or ''}"
        for name, f in fields.items()
    ]
    # Imported here: the schema package loads pydantic and numpy, which --help must not.
    from pgmock.schema.formats import CURRENT, schema_name

    versioned = {"$schema": schema_name(), "version": CURRENT, **GUIDE_EXAMPLE}
    example = textwrap.indent(json.dumps(versioned, indent=2), "  ")
    return "\n".join(
        [
            f"A pgmock schema is a JSON document (format {CURRENT}): tables, their columns and",
            "how each column is filled. Unknown keys are errors; pgmock validate reports",
            "every problem at once with its file and JSON path.",
            "",
            "Top-level keys:",
            *keys,
            "",
            "A minimal schema (pgmock generate FILE.json -f out.sql):",
            "",
            example,
            "",
            "Next:",
            f"  pgmock schema --json-schema > {schema_name()}   completion and checks in editors",
            "  pgmock schema migrate FILE         bring an older file to the current format",
            "  pgmock validate FILE.json          check a schema, every problem at once",
            "  pgmock types                       column types and the generator each gets",
            "  pgmock generators [--type T]       generators and their params",
            "  pgmock distributions               distributions and their parameters",
            "  pgmock templates                   ready-made schemas (generate --template NAME)",
            "  docs/schema.md                     the whole format, key by key",
        ]
    )


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
def plugins(ctx: click.Context, as_json: bool) -> None:
    """List every installed plugin without importing third-party ones."""
    state = ctx.find_object(HostState)
    assert state is not None
    rows = plugin_listing((*state.config_plugins, *state.plugins), debug=state.debug)
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
        rules: dict[str, int] = {}
        for rule in host.registry.rules:
            try:
                named = host.registry.generators.resolve(rule.obj.generator).qualified
            except LookupError:
                continue
            rules[named] = rules.get(named, 0) + 1
        click.echo("| generator | fills | parameters | unique | inferred for |")
        click.echo("|---|---|---|---|---|")
        for e in entries:
            cls = e.obj
            inferred = [f"`{p}`" for p in getattr(cls, "column_names", ())]
            if e.qualified in rules:
                count = rules[e.qualified]
                inferred.append(
                    f"{count} rule{'s' if count != 1 else ''} of [inference.md](inference.md)"
                )
            names = " ".join(inferred)
            click.echo(
                f"| `{e.qualified}` — {cls.summary().replace('|', chr(92) + '|')} | "
                f"{', '.join(sorted(cls.pg_types))} | "
                f"{', '.join(cls.Params.model_fields) or '—'} | "
                f"{'yes' if cls.supports_unique else 'no'} | {names.replace('|', chr(92) + '|')} |"
            )
        return
    for e in entries:
        _echo_entry(e.qualified, f"{', '.join(sorted(e.obj.pg_types)):<40}", e.obj)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
def distributions(ctx: click.Context, as_json: bool) -> None:
    """List distributions (a column's "distribution") with their parameters."""
    entries = list(host_of(ctx).registry.distributions)
    if as_json:
        click.echo(
            json.dumps(
                [
                    {
                        "name": e.qualified,
                        "plugin": e.plugin,
                        "kind": e.obj.kind,
                        "summary": e.obj.summary(),
                        "location_params": sorted(e.obj.location_params),
                        "scale_params": sorted(e.obj.scale_params),
                        "params": e.obj.Params.model_json_schema(),
                    }
                    for e in entries
                ],
                indent=2,
            )
        )
        return
    for e in entries:
        _echo_entry(e.qualified, f"{e.obj.kind:<12}", e.obj)


def _echo_entry(name: str, what: str, cls: Any) -> None:
    """One generator or distribution: name, what it fills, its parameters, then its summary."""
    params = ", ".join(cls.Params.model_fields) or "-"
    click.echo(f"{name:<28} {what} params: {params}")
    if cls.summary():
        click.echo(f"{'':<28} {cls.summary()}")


@cli.command("types")
@click.option("--markdown", is_flag=True, help="Markdown tables (docs/types.md).")
@click.pass_context
def types_cmd(ctx: click.Context, markdown: bool) -> None:
    """List every supported type with its default generator (as a schema column with no
    "generator" gets it) and whether arrays of it have one."""
    from pgmock.cli import typetable

    rows = typetable.type_rows(host_of(ctx).registry)
    click.echo(typetable.markdown(rows) if markdown else typetable.plain(rows))


@cli.command()
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def completion(shell: str) -> None:
    """Print the shell completion script for SHELL (bash, zsh or fish).

    \b
    bash:  eval "$(pgmock completion bash)"   # in ~/.bashrc
    zsh:   eval "$(pgmock completion zsh)"    # in ~/.zshrc
    fish:  pgmock completion fish > ~/.config/fish/completions/pgmock.fish
    """
    from click.shell_completion import get_completion_class

    complete = get_completion_class(shell)
    assert complete is not None  # the choices are click's own shells
    # The variable click's completion reads when the shell asks pgmock for candidates.
    click.echo(complete(cli, {}, "pgmock", "_PGMOCK_COMPLETE").source())
