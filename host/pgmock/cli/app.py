"""The ``pgmock`` command line. Flags follow pg_dump's names wherever pg_dump has one."""

from __future__ import annotations

import sys
from typing import Any

import click

from pgmock import __version__
from pgmock.errors import PgmockError, SchemaError
from pgmock.plugins.host import PluginHost, make_host

_EPILOG = (
    "Plugins: built-ins are always loaded; others only when named with --plugin NAME, "
    'PGMOCK_PLUGINS=a,b or the schema\'s "plugins" list. --plugin no:NAME blocks one.'
)


class HostState:
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
            debug = isinstance(ctx.obj, HostState) and ctx.obj.debug
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
    if not isinstance(ctx.obj, HostState):
        ctx.obj = HostState(plugins, debug)


def host_of(ctx: click.Context) -> PluginHost:
    state = ctx.find_object(HostState)
    assert state is not None
    return state.host


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
    state: HostState | None = None
    if command != "plugins" and "--version" not in args and "-V" not in args:
        state = HostState(tuple(names), debug)
        try:
            state.host.add_commands(cli)
        except PgmockError as exc:
            if debug:
                import traceback

                traceback.print_exc()
            click.echo(str(exc), err=True)
            sys.exit(exc.exit_code)
    cli.main(args=args, prog_name="pgmock", obj=state)
