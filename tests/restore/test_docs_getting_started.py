"""docs/tutorial.md works as written: its query runs on the restored ecommerce template,
and its schema of your own validates, generates and restores."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from clihelp import ROOT, pgmock
from pgharness import PgCluster

TUTORIAL = (ROOT / "docs" / "tutorial.md").read_text(encoding="utf-8")


def test_the_tutorial_query_runs_on_the_template(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    dump = tmp_path / "shop.dump"
    pgmock("generate", "--template", "ecommerce", "-F", "c", "-f", str(dump))
    restore = pg.tool("pg_restore")
    subprocess.run(
        [str(restore), "-h", pg.host, "-p", str(pg.port), "-U", "postgres", "-d", pgdb, str(dump)],
        check=True,
        env=pg.env(),
        capture_output=True,
        timeout=300,
    )
    (query,) = re.findall(r'psql -d shop -c "(.*?)"\n', TUTORIAL, re.S)
    rows = pg.query(query, pgdb)
    assert rows, "the tutorial's query returned nothing"
    assert sum(int(r[1] or 0) for r in rows) == 6000  # every order has lines


def test_the_tutorial_schema_generates_and_restores(
    pg: PgCluster, pgdb: str, tmp_path: Path
) -> None:
    (schema,) = re.findall(r"```json\n(.*?)```", TUTORIAL, re.S)
    path = tmp_path / "class.json"
    path.write_text(schema, encoding="utf-8")
    pgmock("validate", str(path))
    pg.restore_plain(pgmock("generate", str(path)).stdout, pgdb)
    assert pg.query("SELECT count(*) FROM students", pgdb) == [("30",)]
    ((low, high),) = pg.query("SELECT min(score), max(score) FROM grades", pgdb)
    assert int(low or 0) >= 0 and int(high or 0) <= 100
