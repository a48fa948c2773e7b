"""The example shop schema generated once per session in every archive format.

A pytest plugin (tests/conftest.py registers it): the ``archives`` fixture writes the plain
script and the custom, directory and tar archives with one and two workers, 25,000
orders each, which takes a while, so the fast determinism test and the restore tests of
tests/{unit,restore}/formats/test_archives.py share one set.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from clihelp import EXAMPLES, pgmock

# The example schema under a database name of its own (pg_restore -C creates it), with
# sales.orders in three chunks so -j 2 formats and compresses in parallel.
ROWS = ("--rows", "sales.orders=25000")
FORMATS = ("c", "d", "t")


@dataclass
class Archives:
    """Where the archives are, and the schema and database name they were made from."""

    dir: Path
    schema: Path
    database: str
    plain: Path

    def path(self, fmt: str, jobs: int = 2) -> Path:
        return self.dir / f"shop-j{jobs}.{fmt}"


@pytest.fixture(scope="session")
def archives(tmp_path_factory: pytest.TempPathFactory) -> Archives:
    top = tmp_path_factory.mktemp("archives")
    spec = json.loads((EXAMPLES / "shop.json").read_text())
    database = f"pgmock_archive_{os.getpid()}"
    spec["database"]["name"] = database
    schema = top / "shop.json"
    schema.write_text(json.dumps(spec))
    found = Archives(top, schema, database, top / "shop.sql")
    pgmock("generate", str(schema), *ROWS, "-f", str(found.plain))
    for fmt in FORMATS:
        for jobs in (1, 2):
            out = found.path(fmt, jobs)
            pgmock("generate", str(schema), *ROWS, "-F", fmt, "-j", str(jobs), "-f", str(out))
    return found
