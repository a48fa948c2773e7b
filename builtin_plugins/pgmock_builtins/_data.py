"""Data files shipped inside ``pgmock_builtins`` (templates, corpora, word lists).

Read from the package's folder, not through importlib.resources: ``validate`` reads the
templates (registered with the plugin) and the terms corpus, and importing
importlib.resources (zip and temporary-file support) cost more than reading them. A
package that is not unpacked on disk (a zip) is still read through it.
"""

from __future__ import annotations

from pathlib import Path

_ROOT = Path(__file__).parent


def read_text(*parts: str) -> str:
    """The UTF-8 text of ``pgmock_builtins/<parts…>``."""
    try:
        return _ROOT.joinpath(*parts).read_text(encoding="utf-8")
    except OSError:
        from importlib import resources

        found = resources.files("pgmock_builtins")
        for part in parts:
            found = found.joinpath(part)
        return found.read_text(encoding="utf-8")
