"""``generate --watch``: the development loop of someone writing a schema or a generator.

Each change to a file the run read (the schema files and what they extend), to a local
plugin file (``--plugin path/to/gen.py``) or to a file in a template folder starts the
run again, with a new plugin host so local plugin files are imported anew. A run that
fails says why and the loop waits for the next change; Ctrl-C ends it (exit 130).

The folders of those files are watched, not the files: an editor that saves by writing
a new file and renaming it over the old one replaces the file a watch would hold. The
notifications come from watchfiles (inotify, FSEvents, ReadDirectoryChangesW), which
also gathers the several events of one save into one change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import click

from pgmock.cli.app import HostState, error_text
from pgmock.config import Config
from pgmock.errors import PgmockError, UsageError


def watched_files(
    sources: Iterable[str], plugins: Iterable[str], template_folders: Iterable[str]
) -> tuple[set[Path], set[Path]]:
    """(files, folders whose every file counts): what a change of starts a new run."""
    files = {Path(s).resolve() for s in sources if not s.startswith("template:")}
    files |= {Path(p).resolve() for p in plugins if p.endswith(".py")}
    folders = {Path(f).resolve() for f in template_folders if Path(f).is_dir()}
    return {f for f in files if f.parent.is_dir()}, folders


def watch_runs(
    run: Callable[[], list[str]], state: HostState, config: Config, schema_files: Sequence[str]
) -> None:
    """Run, then run again after every change, until interrupted."""
    try:
        from watchfiles import watch
    except ImportError:
        raise UsageError(
            "generate --watch needs the watchfiles package: pip install 'pgmockdb[watch]'"
        ) from None
    sources: list[str] = list(schema_files)
    while True:
        try:
            sources = run() or sources
        except PgmockError as exc:  # said, then wait for the fix
            click.echo(error_text(exc), err=True)
        plugins = (*state.config_plugins, *state.plugins)
        files, folders = watched_files(sources, plugins, config.get("templates"))
        if not files and not folders:
            raise UsageError("--watch: no file to watch (a template from a package never changes)")
        roots = sorted({f.parent for f in files} | folders)
        click.echo(
            f"pgmock: watching {len(files)} file(s) and {len(folders)} template folder(s); "
            "Ctrl-C stops",
            err=True,
        )

        def relevant(
            _change: object, path: str, files: set[Path] = files, folders: set[Path] = folders
        ) -> bool:
            p = Path(path).resolve()
            return p in files or p.parent in folders

        for changes in watch(*roots, watch_filter=relevant, recursive=False):
            names = sorted({Path(p).name for _, p in changes})
            click.echo(f"pgmock: {', '.join(names)} changed; generating again", err=True)
            break
