"""numpy, imported when it is first used rather than when a module naming it is imported.

``pgmock validate`` imports the generator modules a schema uses, to build and check
their parameters, but generates nothing: numpy (about a third of its start-up) is only
needed once values are made. A module that writes ``from pgmock_sdk.lazy import np``
instead of ``import numpy as np`` gets a stand-in that imports numpy on its first
attribute use (``np.int64``, ``np.asarray(...)``) and then becomes numpy's namespace
itself, so later uses cost what they cost on numpy. Type checkers see numpy.

What still loads numpy at import: an attribute of ``np`` used at module level (a
constant, a default, an annotation that is evaluated — ``from __future__ import
annotations`` keeps them strings) and ``from numpy... import`` statements; keep those in
functions or under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import importlib
import types
from typing import TYPE_CHECKING, Any

__all__ = ["LazyModule", "np"]


class LazyModule(types.ModuleType):
    """A module's stand-in that imports it on first attribute use.

    The real module stays the one in ``sys.modules``; on first use its namespace is
    copied into this object and the object becomes a plain module, so attribute look-ups
    go straight to a dict again (names the module provides on demand through its own
    ``__getattr__``, as numpy's submodules, keep working: that function is copied too).
    """

    def __getattr__(self, name: str) -> Any:
        module = importlib.import_module(self.__name__)
        self.__dict__.update(module.__dict__)
        self.__class__ = types.ModuleType  # type: ignore[assignment]
        return getattr(module, name)


if TYPE_CHECKING:
    import numpy as np
else:
    np = LazyModule("numpy")
