"""Reference pages of the documentation site made from the code, so they cannot go stale:
every command's ``--help`` (from the click definitions) and the distributions with their
parameters (from the plugin registry). docs/_hooks/reference.py adds them to the site at
build time; ``pgmock generators --markdown``, ``types --markdown`` and ``rules
--markdown`` write the other generated pages, which are checked in."""

from __future__ import annotations

from typing import Any

from pgmock.cli.manpage import command_paths, find_command, page_name
from pgmock.plugins.registry import Registry

__all__ = ["cli_markdown", "distributions_markdown"]

# The width the help texts are laid out in on the page (a terminal's is not known).
HELP_WIDTH = 88


def cli_markdown() -> str:
    """Every command's help, in the order ``pgmock --help`` lists them."""
    paths = command_paths()
    out = [
        "# Command reference",
        "",
        "Generated from the command definitions when the site is built: each command's",
        "`--help`, as `pgmock COMMAND --help` prints it (and `pgmock man COMMAND` shows it",
        "as a manual page). [The command line](cli.md) explains them with examples.",
        "",
    ]
    out += [f"- [`{' '.join(('pgmock', *p))}`](#{page_name(p)})" for p in paths]
    for path in paths:
        cmd, ctx = find_command(path, HELP_WIDTH)
        out += [
            "",
            f"## {' '.join(('pgmock', *path))} {{#{page_name(path)}}}",
            "",
            "```text",
            cmd.get_help(ctx),
            "```",
        ]
    return "\n".join(out) + "\n"


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def distributions_markdown(registry: Registry) -> str:
    """A table of the registered distributions: name, kind, parameters and what each does."""
    out = [
        "# Distributions",
        "",
        "Generated from the plugin registry when the site is built (the built-in plugins; "
        "`pgmock distributions` lists those of the plugins you load). A column's",
        '`"distribution": {"name": NAME, …parameters}` shapes the values its generator '
        "draws; see [the schema format](schema.md).",
        "",
        "| distribution | kind | parameters | what it draws |",
        "|---|---|---|---|",
    ]
    for e in registry.distributions:
        cls = e.obj
        params = []
        for name, info in cls.Params.model_fields.items():
            default = "" if info.is_required() else f" = {info.default!r}"
            params.append(f"`{name}{default}`")
        out.append(
            f"| `{e.qualified}` | {_cell(cls.kind)} | {', '.join(params) or '—'} | "
            f"{_cell(cls.summary())} |"
        )
    return "\n".join(out) + "\n"
