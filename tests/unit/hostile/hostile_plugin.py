"""A module a hostile schema names as a plugin: importing it leaves a marker file."""

from pathlib import Path

Path("plugin.marker").write_text("imported")


def pgmock_register_generators(registry: object) -> None:
    pass
