"""The ``pgmock`` command line: the root group and its commands, one module per family.

Importing this package registers every built-in command on :data:`cli`.
"""

from __future__ import annotations

from pgmock.cli import (
    configuration,
    explain,
    importing,
    listings,
    manpage,
    migrate,
    preview,
    rules,
    run,
    templates,
    verify,
)
from pgmock.cli.app import cli, main

__all__ = [
    "cli",
    "configuration",
    "explain",
    "importing",
    "listings",
    "main",
    "manpage",
    "migrate",
    "preview",
    "rules",
    "run",
    "templates",
    "verify",
]
