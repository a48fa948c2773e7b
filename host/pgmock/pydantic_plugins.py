"""pydantic's plugin look-up, without importlib.metadata when no pydantic plugin is installed.

The first validator pydantic builds asks its plugin loader (``pydantic.plugin._loader``)
for the plugins installed under the ``pydantic`` entry-point group. That module imports
``importlib.metadata`` (its e-mail parser, zip and temporary-file support) and the look-up
reads every installed distribution's entry points: about a tenth of ``pgmock validate``.
pgmock's plugin discovery reads the same entry-point files already
(:func:`pgmock.plugins.discovery.declares_entry_points`).

The pgmock program (:mod:`pgmock.entry`) puts a stand-in under the loader's name. When
no installed distribution declares a ``pydantic`` entry point, it answers "no plugins",
as the loader would; otherwise (or when sys.path holds zip files, eggs or finders that
only importlib.metadata reads) it imports pydantic's own loader and hands over, so a
pydantic plugin (logfire's, for one) and ``PYDANTIC_DISABLE_PLUGINS`` work as without
it. Anything else asked of the stand-in is answered by the real loader too. A program
that imports pgmock as a library keeps pydantic's loader.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable
from types import ModuleType
from typing import Any

from pgmock.plugins.discovery import declares_entry_points

_LOADER = "pydantic.plugin._loader"
_GROUP = "pydantic"


def _real_loader() -> ModuleType:
    if sys.modules.get(_LOADER) is _stand_in:
        del sys.modules[_LOADER]
    return importlib.import_module(_LOADER)


def _get_plugins(*args: Any, **kwargs: Any) -> Iterable[Any]:
    # Whatever pydantic passes is handed on: only "no plugin installed" is answered here.
    if declares_entry_points(_GROUP) is False:
        return ()
    return _real_loader().get_plugins(*args, **kwargs)


def _getattr(name: str) -> Any:
    if name.startswith("__"):  # the import system asks for __path__ and the like
        raise AttributeError(name)
    return getattr(_real_loader(), name)


_stand_in = ModuleType(_LOADER, __doc__)
_stand_in.get_plugins = _get_plugins  # type: ignore[attr-defined]
_stand_in.__getattr__ = _getattr  # type: ignore[method-assign]


def skip_empty_plugin_scan() -> None:
    """Put the stand-in in place, unless pydantic's loader is imported already."""
    if _LOADER not in sys.modules:
        sys.modules[_LOADER] = _stand_in
