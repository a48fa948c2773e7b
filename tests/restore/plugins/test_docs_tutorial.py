"""The tutorial of docs/plugins.md: its package passes its own tests, and its output
restores into a real PostgreSQL."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from clihelp import ROOT, pgmock, run_pytest
from pgharness import PgCluster

PLUGINS_MD = ROOT / "docs" / "plugins.md"


def _tutorial_files(target: Path) -> list[Path]:
    text = PLUGINS_MD.read_text()
    tutorial = text[text.index("## Tutorial") :]
    written = []
    for lang, body in re.findall(r"```(\w+)\n(.*?)```", tutorial, re.S):
        head = re.match(r"# (\S+)", body.splitlines()[0])
        if head and lang in ("toml", "python"):
            path = target / head.group(1)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(body)
            written.append(path)
    (target / "pgmock_acme_retail" / "__init__.py").write_text("")
    return written


def test_the_tutorial_package_passes_its_tests_and_restores(
    pg: PgCluster, pgdb: str, tmp_path: Path
) -> None:
    target = tmp_path / "pgmock-acme-retail"
    written = _tutorial_files(target)
    assert [p.name for p in written] == ["pyproject.toml", "plugin.py", "test_plugin.py"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PGMOCK_")}
    run = run_pytest(target, env)
    assert run.returncode == 0, run.stdout.decode() + run.stderr.decode()
    assert b"2 passed" in run.stdout
    schema = tmp_path / "items.json"
    columns = {
        "id": {"type": "serial", "primaryKey": True},
        "sku": {"type": "varchar(12)", "generator": "sku", "unique": True},
    }
    schema.write_text(
        json.dumps(
            {"version": "1.0", "tables": {"items": {"rowCount": 30_000, "columns": columns}}}
        )
    )
    out = tmp_path / "items.sql"
    pgmock(
        "--plugin", "pgmock_acme_retail.plugin", "generate", str(schema), "-f", str(out),
        env={"PYTHONPATH": str(target)},
    )  # fmt: skip
    pg.restore_plain(out, pgdb)
    skus = [r[0] or "" for r in pg.query("SELECT sku FROM items", pgdb)]
    assert len(set(skus)) == 30_000
    assert all(re.fullmatch(r"(BK|TY|EL)-\d{4}-[A-Z]", s) for s in skus)
