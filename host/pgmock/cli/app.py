"""The ``pgmock`` command line. Flags follow pg_dump's names wherever pg_dump has one."""

from __future__ import annotations

import errno
import signal
import sys
import traceback
from collections.abc import Callable
from types import FrameType
from typing import Any, NoReturn

import click

from pgmock import __version__
from pgmock.config import Config, ConfigError, Entry, load_config
from pgmock.errors import Interrupted, PgmockError, PluginError, SchemaError
from pgmock.plugins.discovery import Discovery, discover, resolve_name
from pgmock.plugins.host import PluginHost, make_command_host, make_host, plugin_listing

_EPILOG = (
    "Plugins: built-ins are loaded unless blocked; others only when named with --plugin "
    'NAME, PGMOCK_PLUGINS=a,b, or (installed plugins only) "plugins:" in .pgmock.yaml or '
    '~/.pgmock/config.yaml and the schema\'s "plugins" list. --plugin no:NAME blocks one (not the '
    "essential core, schema-json and sql). --plugin and --debug may also follow the command. "
    "A schema runs programs only with --allow-exec and reads files outside its folder only "
    "with --allow-files (docs/security.md). Settings come in layers: pgmock config shows them."
)


class HostState:
    """What every command shares: the plugin host and the configuration, made on first use
    (``pgmock --version`` needs neither, ``pgmock plugins`` must work with a broken
    plugin)."""

    def __init__(self, plugins: tuple[str, ...], debug: bool) -> None:
        self.plugins = plugins
        self.debug = debug
        self._host: PluginHost | None = None
        self._config: Config | None = None
        self._config_plugins: tuple[str, ...] | None = None
        self._discovery: Discovery | None = None
        # What main() built the command line with: the built-ins that add commands and
        # the named plugins, with the same blocks as the full host.
        self.commands: PluginHost | None = None

    @property
    def started(self) -> bool:
        return self._host is not None

    @property
    def config(self) -> Config:
        """The config files and PGMOCK_* variables (flags are each command's to add)."""
        if self._config is None:
            self._config = load_config()
        return self._config

    @property
    def config_plugins(self) -> tuple[str, ...]:
        """Plugins the config files name (PGMOCK_PLUGINS is read by the host itself):
        installed ones only, as in a schema's list. A ``.pgmock.yaml`` found upward from
        the working directory may come with someone else's checkout, and a module path
        or ``.py`` file named there would run its code; the user loads those with
        --plugin or PGMOCK_PLUGINS."""
        if self._config_plugins is None:
            entries = self.config.below("schema").items("plugins")
            self._discovery = installed_only(entries)
            self._config_plugins = tuple(e.value for e in entries)
        return self._config_plugins

    def reset_host(self) -> None:
        """Forget the plugin host: the next use makes a new one, importing local plugin
        files anew (``generate --watch``)."""
        self._host = None

    @property
    def host(self) -> PluginHost:
        if self._host is None:
            plugins = (*self.config_plugins, *self.plugins)
            self._host = make_host(plugins, debug=self.debug, discovery=self._discovery)
        return self._host


def installed_only(entries: list[Entry]) -> Discovery | None:
    """Refuse, all at once, the plugins of config-file ``entries`` that are not installed
    entry points or distributions; the discovery made for it, if any."""
    named = [e for e in entries if not str(e.value).startswith("no:")]
    if not named:
        return None
    discovery = discover()
    problems = []
    for entry in named:
        try:
            resolve_name(entry.value, discovery, installed_only=True, named_by="a config file")
        except PluginError as exc:
            line = f":{entry.origin.line}" if entry.origin.line else ""
            why = str(exc).removeprefix("pgmock: ")
            problems.append(f"{entry.origin.where}{line}: plugins: {why}")
    if problems:
        raise ConfigError(problems)
    return discovery


class PgmockGroup(click.Group):
    """Turns every failure into one clear message and an exit code, never a traceback
    (``--debug`` shows it): 2 for usage and schema errors, 1 for the environment (a full
    disk, an unwritable directory) and for generator failures, 128+N for signal N."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as exc:
            # A command of a blocked plugin (pgmock plugin new, with no:scaffold).
            state = ctx.obj if isinstance(ctx.obj, HostState) else None
            host = None if state is None else state.commands
            if host is None and state is not None and state.started:
                host = state.host
            if host is None or not host.blocked:
                raise
            hint = host.blocked.may_provide()
            raise click.UsageError(
                f"{exc.format_message()} {hint[0].upper()}{hint[1:]}.", ctx=exc.ctx
            ) from None

    def invoke(self, ctx: click.Context) -> Any:
        debug = isinstance(ctx.obj, HostState) and ctx.obj.debug
        return guarded(lambda: super(PgmockGroup, self).invoke(ctx), debug)


def guarded(run: Callable[[], Any], debug: bool) -> Any:
    """``run()`` with pgmock's failures and interrupts turned into a message and an exit."""
    try:
        return run()
    except click.exceptions.Exit:
        raise
    except click.ClickException:
        raise
    except PgmockError as exc:
        _fail(error_text(exc), exc.exit_code, debug, prefix=False)
    except KeyboardInterrupt:
        _fail("interrupted", 128 + signal.SIGINT, debug)
    except Interrupted as exc:
        _fail(f"stopped by {signal.Signals(exc.signum).name}", 128 + exc.signum, debug)
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        reason = exc.strerror or str(exc)
        if exc.errno == errno.EPIPE:
            _fail("output closed early (broken pipe)", 1, debug)
        _fail(f"{where}{reason}", 1, debug)
    except MemoryError:
        _fail("out of memory; lower the row counts or --jobs", 1, debug)
    except Exception as exc:
        _fail(
            f"internal error: {type(exc).__name__}: {exc} (this is a bug in pgmock or a "
            "plugin; run again with --debug for the traceback and report it)",
            1,
            debug,
        )


def error_text(exc: PgmockError) -> str:
    """What the user is told of an error: one line, or for a schema one per problem
    ("file: json.path: what was expected", like compilers) and their count."""
    if isinstance(exc, SchemaError):
        count = len(exc.problems)
        return f"{exc}\npgmock: {count} problem{'s' if count != 1 else ''} found"
    message = str(exc)
    return message if message.startswith("pgmock") else f"pgmock: {message}"


def _fail(message: str, code: int, debug: bool, prefix: bool = True) -> NoReturn:
    if debug:
        traceback.print_exc()
    if prefix and not message.startswith("pgmock"):
        message = f"pgmock: {message}"
    click.echo(message, err=True)
    sys.exit(code)


_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def _raise_interrupted(signum: int, frame: FrameType | None) -> None:
    # Once: a second signal while cleaning up (temp files, workers, child programs) must
    # not cut the cleanup short; the cleanup itself is quick (workers are SIGKILLed).
    for sig in _STOP_SIGNALS:
        signal.signal(sig, signal.SIG_IGN)
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise Interrupted(signum)


@click.group(
    cls=PgmockGroup, epilog=_EPILOG, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.option(
    "-V",
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=lambda ctx, _, value: _print_version(ctx) if value else None,
    help="Show pgmock's version and the plugins a run would load, with theirs.",
)
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
    pgmock COMMAND --help explains a command, pgmock man COMMAND shows its manual page.

    \b
    Examples:
      pgmock templates                              # the bundled schemas to start from
      pgmock generate --template shop -f shop.sql   # then: psql -d mydb -f shop.sql
      pgmock templates show shop > shop.json        # a schema of your own to edit
      pgmock generate shop.json -F c -f shop.dump   # then: pg_restore -d mydb shop.dump
    """
    if not isinstance(ctx.obj, HostState):
        ctx.obj = HostState(plugins, debug)


def _print_version(ctx: click.Context) -> None:
    """pgmock's version, then each plugin a run would load (the built-ins not blocked and
    those named by --plugin or PGMOCK_PLUGINS) with its distribution's version: what a bug
    report needs, since plugins decide the output too."""
    if ctx.resilient_parsing:
        return
    state = ctx.obj if isinstance(ctx.obj, HostState) else HostState((), False)
    click.echo(f"pgmock, version {__version__}")
    rows = [
        i
        for i in plugin_listing((*state.config_plugins, *state.plugins), debug=state.debug)
        if i.status in ("builtin", "loaded", "broken")
    ]
    width = max((len(i.name) for i in rows), default=4)
    for i in rows:
        dist = f"{i.distribution} {i.version}" if i.distribution else i.target
        line = f"  {i.name:<{width}}  {dist}"
        if i.status != "builtin":
            line += f"  ({i.status}{': ' + i.error if i.error else ''})"
        click.echo(line)
    ctx.exit()


def host_of(ctx: click.Context) -> PluginHost:
    return state_of(ctx).host


def state_of(ctx: click.Context) -> HostState:
    state = ctx.find_object(HostState)
    assert state is not None
    return state


_GLOBAL_FLAGS = ("--debug",)
_GLOBAL_VALUES = ("--plugin",)


def hoist_globals(argv: list[str]) -> list[str]:
    """The command line with --plugin and --debug given after the subcommand moved before
    it, so ``pgmock generate --plugin X schema.json`` works as ``pgmock --plugin X generate
    schema.json`` does. Nothing after ``--`` moves: that is an argument, not an option."""
    command = _command_index(argv)
    if command is None:
        return list(argv)
    head, rest, tail = list(argv[:command]), [argv[command]], []
    it = iter(range(command + 1, len(argv)))
    for i in it:
        arg = argv[i]
        if arg == "--":
            tail = argv[i:]
            break
        if arg in _GLOBAL_FLAGS or arg.startswith(tuple(f"{v}=" for v in _GLOBAL_VALUES)):
            head.append(arg)
        elif arg in _GLOBAL_VALUES and i + 1 < len(argv):
            head += [arg, argv[next(it)]]
        else:
            rest.append(arg)
    return head + rest + list(tail)


def _command_index(argv: list[str]) -> int | None:
    skip = False
    for i, arg in enumerate(argv):
        if skip:
            skip = False
        elif arg in _GLOBAL_VALUES:
            skip = True
        elif arg == "--":
            return None
        elif not arg.startswith("-"):
            return i
    return None


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

    Plugins may add subcommands, so the plugins that do are loaded before click parses
    the command line; the others load when a command needs them (``HostState.host``).
    ``pgmock plugins`` and ``--version`` are the exceptions: they must work even when a
    plugin is broken.
    SIGTERM and SIGHUP (what ``timeout``, CI runners and Docker send) unwind like Ctrl-C:
    temporary output is removed and workers and child programs are stopped.
    """
    for sig in _STOP_SIGNALS:
        if signal.getsignal(sig) is not signal.SIG_IGN:  # nohup and friends keep theirs
            signal.signal(sig, _raise_interrupted)
    args = hoist_globals(sys.argv[1:] if argv is None else argv)
    names, debug, command = _prescan(args)
    state = HostState(tuple(names), debug)
    if command != "plugins" and "--version" not in args and "-V" not in args:
        commands = guarded(lambda: make_command_host(names, debug=debug), debug)
        guarded(lambda: commands.add_commands(cli), debug)
        state.commands = commands
    cli.main(args=args, prog_name="pgmock", obj=state)
