"""What the schema corpus (tests/corpus/, see its README) holds: its DDL and JSON schemas,
what each DDL creates (``SHAPES``), and its plausibility checker loaded as a module.
"""

from __future__ import annotations

import functools
import importlib.util
import sys
from types import ModuleType

from clihelp import ROOT

CORPUS = ROOT / "tests" / "corpus"
SCHEMAS = sorted(p.parent.name for p in CORPUS.glob("*/schema.sql"))
JSON_SCHEMAS = sorted(p.parent.name for p in CORPUS.glob("*/schema.json"))

#: What each DDL creates: tables (partitions not counted), partitions, views,
#: materialized views, functions (not an extension's), triggers, partial and
#: expression indexes.
SHAPES = {
    "airlines": (8, 0, 3, 1, 2, 0, 1, 1),
    "blog": (5, 0, 0, 0, 0, 0, 0, 0),
    "chinook": (11, 0, 1, 0, 1, 0, 0, 1),
    "eshop": (52, 0, 1, 1, 3, 4, 9, 3),
    "hr": (4, 0, 0, 0, 0, 0, 0, 0),
    "issue_tracker": (49, 0, 1, 1, 3, 3, 3, 2),
    "library": (3, 0, 0, 0, 0, 0, 0, 0),
    "northwind": (14, 0, 5, 0, 1, 0, 2, 0),
    "pagila": (15, 7, 6, 1, 10, 15, 2, 1),
}


@functools.cache
def checker() -> ModuleType:
    """tests/corpus/check_plausibility.py as a module."""
    spec = importlib.util.spec_from_file_location(
        "check_plausibility", CORPUS / "check_plausibility.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while building
    spec.loader.exec_module(module)
    return module
