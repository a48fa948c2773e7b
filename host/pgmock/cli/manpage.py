"""Manual pages from the click definitions: ``pgmock man [COMMAND]`` and the pages the
packages install under ``share/man/man1`` (docs/man, written by ``pgmock man --write``).

A page says what ``--help`` says, laid out for man(1): NAME, SYNOPSIS, DESCRIPTION (the
help text; its ``\\b`` blocks, such as the examples, kept as written), OPTIONS, COMMANDS
for a group, SEE ALSO. No date in the header, so a page changes only when its command does.
"""

from __future__ import annotations

import inspect
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from pgmock import __version__
from pgmock.cli.app import cli
from pgmock.errors import UsageError

__all__ = ["all_pages", "command_paths", "find_command", "page_name", "render"]


def _escape(text: str) -> str:
    """Text safe in a roff line: backslashes and hyphens escaped, no leading control dot,
    no character outside ASCII."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    if not text.isascii():  # groff's own escapes: any troff reads them, whatever its locale
        text = "".join(ch if ch.isascii() else f"\\[u{ord(ch):04X}]" for ch in text)
    if text.startswith((".", "'")):
        text = "\\&" + text
    return text


def page_name(path: tuple[str, ...]) -> str:
    return "-".join(("pgmock", *path))


def _paragraphs(text: str) -> Iterator[tuple[bool, list[str]]]:
    """(preformatted?, lines) of a click help text: ``\\b`` paragraphs keep their lines."""
    for block in inspect.cleandoc(text).split("\n\n"):
        lines = block.splitlines()
        if lines and lines[0].strip() == "\b":
            yield True, lines[1:]
        elif lines:
            yield False, [" ".join(line.strip() for line in lines)]


def _body(text: str) -> list[str]:
    out: list[str] = []
    for pre, lines in _paragraphs(text):
        out.append(".PP")
        if pre:
            out += [".nf", *(_escape(line) for line in lines), ".fi"]
        else:
            out += [_escape(line) for line in lines]
    return out


def _commands(cmd: click.Command, ctx: click.Context) -> list[tuple[str, click.Command]]:
    if not isinstance(cmd, click.Group):
        return []
    return [(name, c) for name in cmd.list_commands(ctx) if (c := cmd.get_command(ctx, name))]


def render(path: tuple[str, ...] = ()) -> str:
    """The page of ``pgmock PATH…`` (roff)."""
    cmd, ctx = find_command(path)
    name = page_name(path)
    summary = cmd.get_short_help_str(limit=1000).split(". ")[0].rstrip(".")
    summary = summary.removeprefix("pgmock: ")
    lines = [
        f'.TH "{name.upper()}" "1" "" "pgmock {__version__}" "pgmock Manual"',
        ".SH NAME",
        f"{_escape(name)} \\- {_escape(summary)}",
        ".SH SYNOPSIS",
        f".B {_escape(' '.join(('pgmock', *path)))}",
        _escape(" ".join(cmd.collect_usage_pieces(ctx))),
        ".SH DESCRIPTION",
        *_body(cmd.help or ""),
    ]
    options = [p.get_help_record(ctx) for p in cmd.get_params(ctx) if isinstance(p, click.Option)]
    records = [r for r in options if r is not None]
    if records:
        lines.append(".SH OPTIONS")
        for term, text in records:
            lines += [".TP", f"\\fB{_escape(term)}\\fR", _escape(text)]
    subs = _commands(cmd, ctx)
    if subs:
        lines.append(".SH COMMANDS")
        for sub_name, sub in subs:
            lines += [
                ".TP",
                f"\\fB{_escape(sub_name)}\\fR",
                _escape(sub.get_short_help_str(limit=1000)),
                f"See \\fB{_escape(page_name((*path, sub_name)))}\\fR(1).",
            ]
    if cmd.epilog:
        lines += [".SH NOTES", *_body(cmd.epilog)]
    see = [page_name(path[:-1])] if path else []
    see += [page_name((*path, n)) for n, _ in subs]
    if see:
        lines += [".SH SEE ALSO", ", ".join(f"\\fB{_escape(s)}\\fR(1)" for s in see)]
    return "\n".join(lines) + "\n"


def find_command(
    path: tuple[str, ...], width: int | None = None
) -> tuple[click.Command, click.Context]:
    """The command ``pgmock PATH…`` and a context for it (``width``: of its help text)."""
    cmd: click.Command = cli
    ctx = click.Context(cli, info_name="pgmock", terminal_width=width, **cli.context_settings)
    for i, part in enumerate(path):
        sub = cmd.get_command(ctx, part) if isinstance(cmd, click.Group) else None
        if sub is None:
            where = " ".join(("pgmock", *path[:i]))
            raise UsageError(f'no command "{part}" in {where} (pgmock --help lists them)')
        cmd = sub
        ctx = click.Context(cmd, info_name=part, parent=ctx)
    return cmd, ctx


def command_paths() -> list[tuple[str, ...]]:
    """pgmock and every command under it, depth first in listing order."""
    paths: list[tuple[str, ...]] = []

    def walk(path: tuple[str, ...]) -> None:
        paths.append(path)
        cmd, ctx = find_command(path)
        for name, _ in _commands(cmd, ctx):
            walk((*path, name))

    walk(())
    return paths


def all_pages() -> dict[str, str]:
    """File name -> page, for pgmock and every command under it."""
    return {f"{page_name(path)}.1": render(path) for path in command_paths()}


@cli.command("man")
@click.argument("command", nargs=-1)
@click.option(
    "--write",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write every page (pgmock.1, pgmock-generate.1, …) into this folder.",
)
def man_cmd(command: tuple[str, ...], folder: Path | None) -> None:
    """Show the manual page of pgmock or of COMMAND (pgmock man templates show).

    On a terminal the page opens in man(1); otherwise its roff source is printed. The
    pages are also installed with the package (share/man/man1: man pgmock-generate).

    \b
    Examples:
      pgmock man generate
      pgmock man schema migrate > pgmock-schema-migrate.1
      pgmock man --write man1
    """
    if folder is not None:
        if command:
            raise UsageError("--write writes every page; give no COMMAND with it")
        folder.mkdir(parents=True, exist_ok=True)
        for name, page in all_pages().items():
            (folder / name).write_text(page, encoding="utf-8")
        return
    # Only this command shows a page: the program's other commands do without these.
    import shutil
    import subprocess
    import tempfile

    page = render(command)
    viewer = shutil.which("man")
    if not sys.stdout.isatty() or viewer is None:
        click.echo(page, nl=False)
        return
    with tempfile.TemporaryDirectory(prefix="pgmock-man-") as tmp:
        file = Path(tmp) / f"{page_name(command)}.1"
        file.write_text(page, encoding="utf-8")
        # man -l: a local file (man-db, and mandoc's man too).
        code = subprocess.call([viewer, "-l", os.fspath(file)])
    if code:
        sys.exit(code)
