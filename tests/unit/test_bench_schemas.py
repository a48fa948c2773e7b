"""The benchmark schemas stay valid as the schema format moves on."""

from __future__ import annotations

from clihelp import ROOT, pgmock


def test_the_tpch_shape_validates_at_scale_one() -> None:
    run = pgmock("validate", str(ROOT / "bench" / "tpch.json"))
    assert run.returncode == 0, run.stderr
    # 8 tables; lineitem and partsupp follow their parents' counts
    assert b"8 tables, 8,665,222 rows" in run.stdout
