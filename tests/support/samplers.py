"""Stand-ins for the host's distributions, for generator tests without a host."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class FakeSampler:
    """A stand-in for a host-bound distribution."""

    values: np.ndarray
    name: str = "fake"

    def sample(self, n: int, rng: np.random.Generator, offset: int) -> np.ndarray:
        return np.resize(self.values, n).astype(np.float64)

    def choose(self, n: int, rng: np.random.Generator, k: int, offset: int) -> np.ndarray:
        return np.resize(self.values, n).astype(np.int64) % k
