"""Self-references as trees of bounded depth, restored into a real PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pgmock.generate.children import tree_levels

from clihelp import pgmock
from pgharness import PgCluster

DEPTH_SQL = """
WITH RECURSIVE t(id, depth) AS (
    SELECT id, 0 FROM {table} WHERE parent_id IS NULL
    UNION ALL
    SELECT c.id, t.depth + 1 FROM {table} c JOIN t ON c.parent_id = t.id
)
SELECT count(*), max(depth), count(*) FILTER (WHERE depth = 0) FROM t
"""


@pytest.mark.parametrize("key_type", ["serial", "uuid"])
def test_tree_depth_is_bounded(pg: PgCluster, pgdb: str, tmp_path: Path, key_type: str) -> None:
    table = f"categories_{key_type}"
    schema = {
        "version": "1.0",
        "seed": 3,
        "tables": {
            table: {
                "rowCount": 12000,
                "columns": {
                    "id": {"type": key_type, "primaryKey": True},
                    "parent_id": {
                        "type": "integer" if key_type == "serial" else "uuid",
                        "references": f"{table}.id",
                        "maxDepth": 3,
                    },
                    "name": {"type": "text", "generator": "title"},
                },
            }
        },
    }
    path = tmp_path / "s.json"
    path.write_text(json.dumps(schema))
    out = tmp_path / "s.sql"
    pgmock("generate", str(path), "-f", str(out), "--jobs", "2")
    pg.restore_plain(out, pgdb)
    reached, depth, roots = pg.query(DEPTH_SQL.format(table=table), pgdb)[0]
    assert reached == "12000"  # every row hangs below a root: no cycles, no orphans
    assert depth == "3"
    assert roots == str(tree_levels(12000, 3)[0])
