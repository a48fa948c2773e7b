"""mkdocs hooks (mkdocs.yml): the reference pages made from the code, and the files of
the source tree the pages link to.

- ``cli-reference.md`` (every command's --help) and ``distributions.md`` (the registry's
  distributions) are generated at build time by pgmock.cli.reference, so they cannot go
  stale; the site needs pgmock installed (pip install -e '.[docs]').
- Links out of docs/ (``../examples/shop.json``, ``../CHANGELOG.md``) work on a checkout
  but would point nowhere on the site: the files they name are published under
  ``_source/`` (Markdown ones as pages, their own links rewritten the same way) and the
  links rewritten to them. A link to a file that does not exist is left alone, so
  mkdocs reports it and ``strict: true`` fails the build, like any other broken link.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files, InclusionLevel

# A relative Markdown link (or image) target: no scheme, not absolute, maybe an anchor.
_LINK = re.compile(r"\]\((?![a-z][a-z0-9+.-]*:|/|#)([^)\s#]+)(#[^)\s]*)?\)")
_SOURCE = "_source"


def _site_uri(path: Path, docs: Path, root: Path) -> str | None:
    """Where a file of the repository is on the site (None: outside the repository)."""
    if path.is_relative_to(docs):
        return path.relative_to(docs).as_posix()
    if path.is_relative_to(root):
        return f"{_SOURCE}/{path.relative_to(root).as_posix()}"
    return None


def on_files(files: Files, config: Any) -> Files:
    from pgmock.cli import cli
    from pgmock.cli.reference import cli_markdown, distributions_markdown
    from pgmock.plugins.host import PluginHost, make_command_host

    # The commands the built-in plugins add (plugin new), as the installed pgmock has.
    make_command_host((), debug=False).add_commands(cli)
    host = PluginHost()
    host.load_builtins()
    host.register()
    files.append(File.generated(config, "cli-reference.md", content=cli_markdown()))
    files.append(
        File.generated(config, "distributions.md", content=distributions_markdown(host.registry))
    )
    docs = Path(config["docs_dir"]).resolve()
    root = docs.parent
    todo = [Path(f.abs_src_path) for f in files if f.src_uri.endswith(".md") and f.abs_src_path]
    published: set[Path] = set()
    while todo:
        page = todo.pop()
        for target, _ in _LINK.findall(page.read_text(encoding="utf-8")):
            path = (page.parent / target).resolve()
            if path.is_relative_to(docs) or not path.is_file() or path in published:
                continue
            uri = _site_uri(path, docs, root)
            if uri is None:
                continue
            published.add(path)
            file = File.generated(config, uri, abs_src_path=str(path))
            file.inclusion = InclusionLevel.NOT_IN_NAV
            files.append(file)
            if path.suffix == ".md":
                todo.append(path)
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    if not page.file.abs_src_path:
        return markdown
    docs = Path(config["docs_dir"]).resolve()
    root = docs.parent
    here = Path(page.file.abs_src_path).resolve().parent
    page_dir = posixpath.dirname(page.file.src_uri) or "."

    def rewrite(match: re.Match[str]) -> str:
        target, anchor = match.group(1), match.group(2) or ""
        path = (here / target).resolve()
        uri = _site_uri(path, docs, root) if path.exists() else None
        if uri is None:
            return match.group(0)
        return f"]({posixpath.relpath(uri, page_dir)}{anchor})"

    return _LINK.sub(rewrite, markdown)
