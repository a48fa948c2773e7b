"""The output of ``--engine dask`` (a LocalCluster the command starts) restores into
PostgreSQL 15 with the promised rows and keys; tests/unit/engines/test_dask_engine.py
shows it is byte for byte the output of --jobs 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from clihelp import pgmock
from dask_setup import ROWS, kitchen_sink
from pgharness import PgCluster
from pgtools import pg_restore

pytest.importorskip("distributed")


@pytest.mark.parametrize(
    "how",
    [["-Fc"], ["-Fd", "--shared-output"]],  # the latter: the workers write the data files
    ids=["custom", "directory-shared-output"],
)
def test_dask_archive_restores(tmp_path: Path, pg: PgCluster, pgdb: str, how: list[str]) -> None:
    schema, flags = kitchen_sink(tmp_path)
    out = tmp_path / "dask.dump"
    pgmock(*flags, str(schema), "--engine", "dask", "-j", "2", *how, "-f", str(out))
    pg_restore(pg, "-e", "-d", pgdb, str(out))
    for table, rows in ROWS.items():
        assert pg.scalar(f"SELECT count(*) FROM {table}", pgdb) == str(rows), table
    # children per parent: every order has its user, and 0..6 orders per user
    orphans = (
        "SELECT count(*) FROM orders o LEFT JOIN users u ON u.id = o.user_id WHERE u.id IS NULL"
    )
    assert pg.scalar(orphans, pgdb) == "0"
    most = "SELECT max(c) FROM (SELECT count(*) c FROM orders GROUP BY user_id) s"
    assert int(pg.scalar(most, pgdb) or 99) <= 6
    # the self-referencing tree and the composite key of FKs restored with their constraints
    assert pg.scalar("SELECT count(*) FROM categories WHERE parent_id IS NULL", pgdb) != "0"
    pairs = "SELECT count(DISTINCT (order_id, sku)) FROM order_lines"
    assert pg.scalar(pairs, pgdb) == str(ROWS["order_lines"])
    assert pg.scalar("SELECT count(DISTINCT label) > 1 FROM scores", pgdb) == "t"
