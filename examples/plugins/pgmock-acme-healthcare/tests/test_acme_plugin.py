"""The plugin's own tests: its generators fulfil the pgmock generator contract."""

from __future__ import annotations

import numpy as np

from pgmock_acme_healthcare.plugin import Icd10, Mrn, MrnParams
from pgmock_sdk import ColumnInfo, GenContext, parse_type


def _ctx(unique: bool = False, offset: int = 0) -> GenContext:
    info = ColumnInfo(
        schema="public",
        table="patients",
        name="mrn",
        type=parse_type("text"),
        unique=unique,
        row_count=200_000,
        key=1234,
    )
    return GenContext(column=info, offset=offset)


def test_mrn_unique_across_batches() -> None:
    gen = Mrn(MrnParams(digits=6), _ctx(True).column)
    first = gen.generate(100_000, np.random.default_rng(1), _ctx(True, 0))
    second = gen.generate(100_000, np.random.default_rng(2), _ctx(True, 100_000))
    values = first + second
    assert len(set(values)) == 200_000
    assert all(v.startswith("MRN-") and len(v) == 10 for v in values[:100])


def test_icd10_is_skewed_and_deterministic() -> None:
    gen = Icd10(Icd10.Params(), _ctx().column)
    a = gen.generate(50_000, np.random.default_rng(7), _ctx())
    b = gen.generate(50_000, np.random.default_rng(7), _ctx())
    assert a == b
    assert a.count("I10") > a.count("H10.9") * 5
