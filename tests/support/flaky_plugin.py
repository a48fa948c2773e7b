"""A test plugin whose generator fails on its second batch.

Tests copy this file next to their schema as ``flaky_plugin.py`` and load it with
``pgmock --plugin``: a generator that raises half-way must leave no partial output.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from pgmock_sdk import GenContext, Generator, hookimpl


class Flaky(Generator):
    """Fails on the second batch."""

    name = "flaky"
    pg_types = frozenset({"text"})

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> Any:
        if ctx.offset > 0:
            raise RuntimeError("upstream service went away")
        return ["ok"] * n


@hookimpl
def pgmock_register_generators(registry: Any) -> None:
    registry.add_generator(Flaky)
