"""Self-references as trees: the level and parent arithmetic, and the schema rules for a
maximum depth."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from pgmock.generate.children import tree_levels, tree_parents

from clihelp import pgmock


def test_tree_levels_and_parents() -> None:
    bounds = tree_levels(1000, 2)
    assert bounds[-1] == 1000 and list(np.diff(np.concatenate(([0], bounds)))) == [76, 230, 694]
    parents, roots = tree_parents(1000, 2, 0, 1000, np.random.default_rng(1))
    assert roots.sum() == 76
    level = np.searchsorted(bounds, np.arange(1000), side="right")
    parent_level = np.searchsorted(bounds, parents, side="right")
    assert (parent_level[~roots] == level[~roots] - 1).all()


def test_max_depth_needs_a_nullable_self_reference(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(
        json.dumps(
            {
                "version": "1.0",
                "tables": {
                    "a": {"rowCount": 5, "columns": {"id": {"type": "serial", "primaryKey": True}}},
                    "b": {
                        "rowCount": 5,
                        "columns": {
                            "id": {"type": "serial", "primaryKey": True},
                            "a_id": {"type": "integer", "references": "a.id", "maxDepth": 2},
                            "up": {
                                "type": "integer",
                                "references": "b.id",
                                "nullable": False,
                                "maxDepth": 2,
                            },
                        },
                    },
                },
            }
        )
    )
    err = pgmock("validate", str(path), check=False).stderr.decode()
    assert "tables.b.columns.a_id.maxDepth: maxDepth needs a reference to the same table" in err
    assert "tables.b.columns.up.maxDepth: the roots of a tree have no parent" in err
