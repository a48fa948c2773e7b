"""``pgmock templates``: the template libraries, and one template's merged schema."""

from __future__ import annotations

import json

import click

from pgmock.cli.app import cli, host_of, state_of
from pgmock.cli.run import find_template, template_library


@cli.group(invoke_without_command=True)
@click.pass_context
def templates(ctx: click.Context) -> None:
    """List templates: name, version, where each comes from, description.

    \b
    The folders on the template path come first (pgmock config shows it), then the
    installed plugins' templates; the first place with a name wins, like PATH.
    Use one with generate --template NAME[@VERSION] or "extends" in a schema.
    """
    if ctx.invoked_subcommand is not None:
        return
    library = template_library(host_of(ctx), state_of(ctx).config)
    first: dict[str, int] = {}
    for t in library.templates:
        first[t.name] = min(first.get(t.name, t.place), t.place)
    for t in sorted(library.templates, key=lambda t: (t.name, t.place, t.version)):
        # Further down the path, a name is only reached by a pin no earlier place matches.
        note = " (shadowed)" if t.place != first[t.name] else ""
        click.echo(f"{t.name:<12} {t.version!s:<8} {t.origin}{note}  {t.description}")
    for file, why in library.broken:
        click.echo(f"pgmock: warning: {file}: not a usable template: {why}", err=True)


@templates.command("show")
@click.argument("name", metavar="NAME[@VERSION]")
@click.pass_context
def show(ctx: click.Context, name: str) -> None:
    """Print a template's schema as JSON, with what it extends merged in: a starting
    point for a schema file of your own (pgmock templates show saas > mine.json)."""
    from pgmock.schema import expand

    library = template_library(host_of(ctx), state_of(ctx).config)
    info = find_template(library, name)
    doc, _, _ = expand({"extends": name}, info.source, library)
    click.echo(json.dumps(doc, indent=2, ensure_ascii=False))
