"""pgmock plan's table of contents is the archive's: the real pg_restore -l lists the
same entries, and pg_restore -L takes the plan's list to restore a selection."""

from __future__ import annotations

from pathlib import Path

from clihelp import pgmock
from pgharness import PgCluster
from pgtools import pg_restore


def _entries(listing: str) -> list[str]:
    return [line for line in listing.splitlines() if line and not line.startswith(";")]


def test_plan_lists_what_pg_restore_lists(pg: PgCluster, pgdb: str, tmp_path: Path) -> None:
    archive = tmp_path / "shop.dump"
    args = ("--template", "shop", "--scale", "0.2", "-F", "c")
    plan = pgmock("plan", *args).stdout.decode()
    pgmock("generate", *args, "-f", str(archive))
    real = pg_restore(pg, "-l", str(archive)).stdout.decode()
    planned = _entries(plan.split("\n\n")[0])
    assert planned == _entries(real)
    # The plan's list, with a child table's data left out, drives a real restore.
    chosen = tmp_path / "list.txt"
    chosen.write_text(
        "\n".join(";" + e if "TABLE DATA sales order_tags" in e else e for e in planned) + "\n"
    )
    pg_restore(pg, "-L", str(chosen), "-d", pgdb, str(archive))
    assert pg.scalar("SELECT count(*) FROM sales.order_tags", pgdb) == "0"
    assert pg.scalar("SELECT count(*) FROM sales.orders", pgdb) == "1000"
    assert pg.scalar("SELECT count(*) FROM users", pgdb) == "200"
