"""The ``pgmock`` command line. Flags follow pg_dump's names wherever pg_dump has one."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from pgmock import __version__
from pgmock.errors import PgmockError, SchemaError, UsageError
from pgmock.manager import PluginHost, make_host, plugin_names_from_env
from pgmock_sdk import Compression

F = TypeVar("F", bound=Callable[..., Any])

_EPILOG = (
    "Plugins: built-ins are always loaded; others only when named with --plugin NAME, "
    'PGMOCK_PLUGINS=a,b or the schema\'s "plugins" list. --plugin no:NAME blocks one.'
)


class _HostState:
    def __init__(self, plugins: tuple[str, ...], debug: bool) -> None:
        self.plugins = plugins
        self.debug = debug
        self._host: PluginHost | None = None

    @property
    def host(self) -> PluginHost:
        if self._host is None:
            self._host = make_host(self.plugins, debug=self.debug)
        return self._host


class PgmockGroup(click.Group):
    """Turns pgmock errors into one clear message and an exit code (2: usage/schema)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PgmockError as exc:
            debug = isinstance(ctx.obj, _HostState) and ctx.obj.debug
            if debug:
                import traceback

                traceback.print_exc()
            message = str(exc)
            if isinstance(exc, SchemaError):
                # One line per problem, "file: json.path: what was expected", like compilers.
                count = len(exc.problems)
                message += f"\npgmock: {count} problem{'s' if count != 1 else ''} found"
            elif not message.startswith("pgmock"):
                message = f"pgmock: {message}"
            click.echo(message, err=True)
            ctx.exit(exc.exit_code)


@click.group(
    cls=PgmockGroup, epilog=_EPILOG, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.version_option(__version__, "-V", "--version", prog_name="pgmock")
@click.option(
    "--plugin",
    "plugins",
    multiple=True,
    metavar="NAME",
    help="Load a plugin: entry-point name, distribution, module path or .py file. "
    "Repeatable; no:NAME blocks one.",
)
@click.option("--debug", is_flag=True, help="Show tracebacks for plugin and generator errors.")
@click.pass_context
def cli(ctx: click.Context, plugins: tuple[str, ...], debug: bool) -> None:
    """pgmock: realistic mock PostgreSQL databases from a declarative schema.

    Writes dump files full of consistent mock data — no running PostgreSQL needed.
    Start with: pgmock generate examples/shop.json -f shop.sql && psql -f shop.sql
    """
    if not isinstance(ctx.obj, _HostState):
        ctx.obj = _HostState(plugins, debug)


def _host(ctx: click.Context) -> PluginHost:
    state = ctx.find_object(_HostState)
    assert state is not None
    return state.host


def _parse_rows(values: tuple[str, ...]) -> dict[str, int]:
    rows: dict[str, int] = {}
    for item in values:
        table, sep, count = item.rpartition("=")
        if not sep or not table or not count.isdigit():
            raise UsageError(f'--rows expects TABLE=N, got "{item}"')
        rows[table] = int(count)
    return rows


def _schema_options(func: F) -> F:
    for option in reversed(
        [
            click.argument(
                "schema_files", nargs=-1, type=click.Path(dir_okay=False), metavar="SCHEMA..."
            ),
            click.option(
                "--template", metavar="NAME", help="Use a built-in template instead of files."
            ),
            click.option(
                "--seed", type=click.IntRange(min=0), help="Seed (overrides the schema's)."
            ),
            click.option(
                "--rows",
                "rows",
                multiple=True,
                metavar="TABLE=N",
                help="Row count for one table (repeatable).",
            ),
            click.option("--scale", type=click.FloatRange(min=0), help="Multiply every row count."),
        ]
    ):
        func = option(func)
    return func


def load_schema(
    host: PluginHost,
    files: tuple[str, ...],
    template: str | None,
    seed: int | None,
    rows: tuple[str, ...],
    scale: float | None,
) -> Any:
    from pgmock.schema import load_raw, resolve_schema

    if template and files:
        raise UsageError("give schema files or --template, not both")
    if template:
        entry = host.registry.templates.get(template)
        if entry is None:
            known = ", ".join(sorted(host.registry.templates))
            raise UsageError(f'unknown template "{template}" (known: {known})')
        origin: dict[str, str] = {}
        raw, paths = entry.obj.schema, [f"template:{template}"]
    elif files:
        paths = list(files)
        raw, origin = load_raw(paths, host.registry)
    else:
        raise UsageError("no schema given: pgmock generate SCHEMA.json (or --template NAME)")
    wanted = raw.get("plugins") if isinstance(raw, dict) else None
    if isinstance(wanted, list) and all(isinstance(p, str) for p in wanted):
        host.load_named(wanted)
        host.register()
    return resolve_schema(raw, origin, paths, host.registry, seed, _parse_rows(rows), scale)


@cli.command()
@_schema_options
@click.option(
    "-F",
    "--format",
    "fmt",
    default="p",
    show_default=True,
    metavar="FORMAT",
    help="Output format: p (plain SQL), c (custom), d (directory), t (tar); plugins add more.",
)
@click.option(
    "-f", "--file", "output", type=click.Path(), help="Output file (default, or -: stdout)."
)
@click.option("-s", "--schema-only", is_flag=True, help="Only the object definitions, no data.")
@click.option("-a", "--data-only", is_flag=True, help="Only the data, no definitions.")
@click.option(
    "-t",
    "--table",
    "tables",
    multiple=True,
    metavar="PATTERN",
    help="Only tables matching PATTERN (repeatable; FK parents must be included).",
)
@click.option(
    "-T",
    "--exclude-table",
    "exclude",
    multiple=True,
    metavar="PATTERN",
    help="Leave out tables matching PATTERN (repeatable).",
)
@click.option("--inserts", is_flag=True, help="Write INSERT statements instead of COPY.")
@click.option("--column-inserts", is_flag=True, help="INSERT statements with column names.")
@click.option(
    "--rows-per-insert",
    type=click.IntRange(min=1),
    metavar="N",
    help="Rows per INSERT statement (implies --inserts).",
)
@click.option("-O", "--no-owner", is_flag=True, help="No ALTER … OWNER TO statements.")
@click.option(
    "-Z",
    "--compress",
    metavar="METHOD[:LEVEL]",
    help="Archive compression as pg_dump spells it: 0..9, gzip[:1..9], lz4[:1..12], "
    "zstd[:1..22] or none (default: gzip for -F c and -F d; lz4/zstd need --target-version 16+).",
)
@click.option(
    "--target-version",
    type=click.IntRange(14, 18),
    metavar="N",
    help="Oldest PostgreSQL major whose pg_restore must read the archive (14..18). "
    "Default: archive version 1.14, which pg_restore 12..18 read.",
)
@click.option("--no-indexes", is_flag=True, help="Leave out CREATE INDEX statements.")
@click.option(
    "--no-constraints", is_flag=True, help="Leave out key, unique, check and FK constraints."
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Worker processes for generation; output is identical for any N.",
)
@click.option("-v", "--verbose", is_flag=True, help="Report progress on stderr.")
@click.pass_context
def generate(
    ctx: click.Context,
    schema_files: tuple[str, ...],
    template: str | None,
    seed: int | None,
    rows: tuple[str, ...],
    scale: float | None,
    fmt: str,
    output: str | None,
    schema_only: bool,
    data_only: bool,
    tables: tuple[str, ...],
    exclude: tuple[str, ...],
    inserts: bool,
    column_inserts: bool,
    rows_per_insert: int | None,
    no_owner: bool,
    compress: str | None,
    target_version: int | None,
    no_indexes: bool,
    no_constraints: bool,
    jobs: int,
    verbose: bool,
) -> None:
    """Generate a dump from SCHEMA files (JSON), like pg_dump would write it.

    \b
    Examples:
      pgmock generate shop.json -f shop.sql          # plain SQL with COPY
      pgmock generate shop.json --inserts --seed 7   # INSERT statements
      pgmock generate shop.json -t users --rows users=100000
    """
    from pgmock.output import atomic_output
    from pgmock.pipeline import Options, build_dump

    if schema_only and data_only:
        raise UsageError("options -s/--schema-only and -a/--data-only cannot be used together")
    host = _host(ctx)
    try:
        writer_entry = host.registry.writer(fmt)
    except LookupError as exc:
        raise UsageError(str(exc.args[0])) from None
    schema = load_schema(host, schema_files, template, seed, rows, scale)
    use_inserts = inserts or column_inserts or rows_per_insert is not None
    try:
        compression = Compression.parse(compress) if compress is not None else None
    except ValueError as exc:
        raise UsageError(f"-Z/--compress: {exc}") from None
    options = Options(
        schema_only=schema_only,
        data_only=data_only,
        include=list(tables),
        exclude=list(exclude),
        inserts=use_inserts,
        column_inserts=column_inserts,
        rows_per_insert=rows_per_insert or 1,
        no_owner=no_owner,
        no_indexes=no_indexes,
        no_constraints=no_constraints,
        jobs=jobs,
        compress=compression,
        target_version=target_version,
    )

    def progress(table: str, done: int, total: int) -> None:
        click.echo(f"pgmock: {table}: {done:,}/{total:,} rows", err=True)

    writer = writer_entry.obj()
    with build_dump(schema, options, progress if verbose else None) as (
        dump,
        write_options,
        warnings,
    ):
        try:
            writer.check_options(write_options)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        for warning in warnings:
            click.echo(
                warning if warning.startswith("pgmock:") else f"pgmock: warning: {warning}",
                err=True,
            )
        if output == "-" and not writer.writes_directory:
            output = None  # "-f -" is stdout, as for pg_restore
        if output is None:
            if writer.writes_directory:
                raise UsageError(f"format {fmt} writes a directory: give -f DIRECTORY")
            writer.write(dump, sys.stdout.buffer, write_options)
            sys.stdout.buffer.flush()
        else:
            with atomic_output(Path(output), directory=writer.writes_directory) as target:
                writer.write(dump, target, write_options)
    if verbose and output:
        click.echo(f"pgmock: wrote {output}", err=True)


@cli.command()
@_schema_options
@click.pass_context
def validate(
    ctx: click.Context,
    schema_files: tuple[str, ...],
    template: str | None,
    seed: int | None,
    rows: tuple[str, ...],
    scale: float | None,
) -> None:
    """Check SCHEMA files and report every problem at once (exit 2 if any)."""
    from pgmock.planner import make_plan

    schema = load_schema(_host(ctx), schema_files, template, seed, rows, scale)
    plan = make_plan(schema)
    for warning in plan.warnings:
        click.echo(f"pgmock: warning: {warning}", err=True)
    total = sum(t.row_count for t in schema.tables.values())
    click.echo(
        f"{', '.join(schema_files) or template}: OK — {len(schema.tables)} tables, {total:,} rows"
    )


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
    from pgmock.loader import discover

    state = ctx.find_object(_HostState)
    assert state is not None
    discovery = discover()
    infos = dict(discovery.plugins)
    named = [*plugin_names_from_env(os.environ), *state.plugins]
    if named:
        # Plugins the user named are loaded, so a broken one shows as broken, not fatal.
        host = PluginHost(debug=state.debug, discovery=discovery)
        host.load_builtins()
        infos.update({i.name: i for i in host.load_named(named, strict=False)})
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

    host = _host(ctx)
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
    from pgmock import typetable

    rows = typetable.type_rows(_host(ctx).registry)
    click.echo(typetable.markdown(rows) if markdown else typetable.plain(rows))


@cli.command()
@click.pass_context
def templates(ctx: click.Context) -> None:
    """List scenario templates (use with generate --template NAME)."""
    for name, entry in sorted(_host(ctx).registry.templates.items()):
        click.echo(f"{name:<16} {entry.obj.description}  [{entry.plugin}]")


def _prescan(argv: list[str]) -> tuple[list[str], bool, str | None]:
    """--plugin values and --debug given before the subcommand, and the subcommand."""
    names: list[str] = []
    debug = False
    it = iter(argv)
    for arg in it:
        if arg == "--plugin":
            names.append(next(it, ""))
        elif arg.startswith("--plugin="):
            names.append(arg.split("=", 1)[1])
        elif arg == "--debug":
            debug = True
        elif not arg.startswith("-"):
            return names, debug, arg
    return names, debug, None


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point.

    Plugins may add subcommands, so the host is built before click parses the command
    line. ``pgmock plugins`` is the exception: it must work even when a plugin is broken.
    """
    args = sys.argv[1:] if argv is None else argv
    names, debug, command = _prescan(args)
    state: _HostState | None = None
    if command != "plugins" and "--version" not in args and "-V" not in args:
        state = _HostState(tuple(names), debug)
        try:
            state.host.add_commands(cli)
        except PgmockError as exc:
            if debug:
                import traceback

                traceback.print_exc()
            click.echo(str(exc), err=True)
            sys.exit(exc.exit_code)
    cli.main(args=args, prog_name="pgmock", obj=state)
