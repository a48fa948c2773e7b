"""pgmock's configuration: settings in layers (defaults, user and project files, the
schema, ``PGMOCK_*`` variables, flags), each value knowing its origin. See docs/config.md."""

from __future__ import annotations

from pgmock.config.layers import (
    LAYERS,
    PROJECT_FILE,
    Config,
    ConfigError,
    Entry,
    Origin,
    describe,
    find_project_file,
    load_config,
    user_home,
)
from pgmock.config.settings import BY_ENV, BY_KEY, SETTINGS, Setting

__all__ = [
    "BY_ENV",
    "BY_KEY",
    "LAYERS",
    "PROJECT_FILE",
    "SETTINGS",
    "Config",
    "ConfigError",
    "Entry",
    "Origin",
    "Setting",
    "describe",
    "find_project_file",
    "load_config",
    "user_home",
]
