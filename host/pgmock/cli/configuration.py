"""``pgmock config``: the effective configuration and where each value came from."""

from __future__ import annotations

import json

import click

from pgmock.cli.app import cli, state_of
from pgmock.config import BY_KEY, LAYERS, describe
from pgmock.errors import UsageError


@cli.command("config")
@click.argument("key", required=False, metavar="[KEY]")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
def config_cmd(ctx: click.Context, key: str | None, as_json: bool) -> None:
    """Show the effective settings, each with the layer it came from.

    Layers, lowest first: defaults, ~/.pgmock/config.yaml, the nearest .pgmock.yaml
    (here or in a folder above), the schema file (seed, database.locale), PGMOCK_*
    variables, command-line flags. With KEY, print only that setting's value(s) (exit 1
    when it is not set).

    \b
    Examples:
      pgmock config                 # origin<TAB>key=value, like git config --show-origin
      PGMOCK_JOBS=2 pgmock config jobs
    """
    state = state_of(ctx)
    config = state.config.with_values("flag", {"plugins": list(state.plugins)})
    entries = config.effective()
    if key is not None:
        if key.split(".")[0] not in BY_KEY:
            raise UsageError(f'unknown setting "{key}" (known: {", ".join(BY_KEY)})')
        entries = [e for e in entries if e.name == key or e.key == key]
    if as_json:
        doc = {
            "files": {
                "user": str(config.user_file) if config.user_file else None,
                "project": str(config.project_file) if config.project_file else None,
            },
            "layers": list(LAYERS),
            "settings": [
                {
                    "key": e.name,
                    "value": e.value,
                    "layer": e.origin.layer,
                    "origin": str(e.origin),
                }
                for e in entries
            ],
        }
        click.echo(json.dumps(doc, indent=2))
    elif key is not None:
        for e in entries:
            click.echo(e.value if BY_KEY[e.key].kind != "map" else f"{e.item}={e.value}")
    else:
        for origin, name, value in describe(entries):
            click.echo(f"{origin}\t{name}={value}")
    if key is not None and not entries:
        ctx.exit(1)
