"""numeric columns with many digits (numeric(30,20), numeric(1000,999)) generate and
restore; pgmock draws doubles, so where a grid of all the scale's decimals would not fit
its 64-bit draws it uses fewer decimals (PostgreSQL pads them). Before: numeric(30,20)
failed at generate, numeric(1000,…) crashed validate (found by bench/fuzz_schema.py)."""

from __future__ import annotations

from pathlib import Path

from pgharness import PgCluster
from roundtrip import roundtrip

TYPES = ["numeric(30,20)", "numeric(40,30)", "numeric(1000,999)", "numeric(1000,300)",
         "numeric(1000,0)", "numeric(20,2)"]  # fmt: skip


def test_wide_numerics_restore_exactly(pg: PgCluster, tmp_path: Path) -> None:
    columns = {f"n{i}": {"type": t} for i, t in enumerate(TYPES)}
    columns["u"] = {"type": "numeric(30,20)", "unique": True}
    schema = {"version": "1.0", "tables": {"t": {"rowCount": 500, "columns": columns}}}
    blocks = roundtrip(pg, schema, tmp_path, formats=("p", "c"))
    _, rows = blocks["public.t"]
    first = rows[0].split("\t")
    assert len(first[0].split(".")[1]) == 20  # numeric(30,20) prints its 20 decimals
    assert len({r.split("\t")[-1] for r in rows}) == 500
