"""A stand-in for the host's registry that records what a plugin module registers."""

from __future__ import annotations


class WriterRegistry:
    """Records the writer classes passed to ``add_writer``, in order."""

    def __init__(self) -> None:
        self.writers: list[type] = []

    def add_writer(self, cls: type) -> None:
        self.writers.append(cls)
