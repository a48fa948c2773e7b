"""Weighted pools draw with Walker's alias method: frequencies must follow the weights."""

from __future__ import annotations

import numpy as np

from pgmock_builtins._vec import AliasTable, Pool


def test_alias_frequencies_match_weights() -> None:
    weights = np.array([50.0, 25.0, 12.5, 6.25, 6.25, 0.0])
    draws = AliasTable.from_weights(weights).draw(400_000, np.random.default_rng(3))
    freq = np.bincount(draws, minlength=len(weights)) / len(draws)
    assert np.allclose(freq, weights / weights.sum(), atol=0.004)
    assert freq[-1] == 0.0  # a zero weight is never drawn


def test_weighted_pool_is_deterministic_and_skewed() -> None:
    pool = Pool.of(["common", "rare"], [99.0, 1.0])
    a = pool.sample(10_000, np.random.default_rng(1)).tolist()
    assert a == pool.sample(10_000, np.random.default_rng(1)).tolist()
    assert 0.98 < a.count("common") / len(a) < 0.995
