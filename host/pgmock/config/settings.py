"""Every setting a configuration layer may hold: its key, variable, flag and parser.

One table drives the config files' validation, the ``PGMOCK_*`` variables, ``pgmock
config`` and docs/config.md (a test checks the page against it). A parser takes what a
YAML file or a variable holds and returns the value or raises ``ValueError`` saying what
was expected.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["BY_ENV", "BY_KEY", "SETTINGS", "Setting"]

Kind = Literal["value", "list", "map"]


@dataclass(frozen=True)
class Setting:
    """One setting.

    ``kind``: a ``value`` is taken from the highest layer that sets it; a ``list`` (plugins,
    template folders) collects every layer's items, highest layer first; a ``map`` (rows)
    merges per key, the higher layer winning.

    ``schema``: the schema file's own spelling of it (``seed``, ``database.locale``). The
    schema sits between the config files and the environment: a schema's seed beats the
    project's, ``PGMOCK_SEED`` and ``--seed`` beat the schema's.

    ``paths``: values are paths, relative to the folder of the config file that gives them
    (to the working directory in variables and flags).
    """

    key: str
    parse: Callable[[Any], Any]
    help: str
    env: str | None = None
    flag: str | None = None
    default: Any = None
    kind: Kind = "value"
    schema: str | None = None
    paths: bool = False
    env_split: str = ","


def _int(low: int | None = None, high: int | None = None) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ValueError(f"expected an integer, got {_shown(value)}")
        try:
            number = int(value)
        except ValueError:
            raise ValueError(f"expected an integer, got {_shown(value)}") from None
        if (low is not None and number < low) or (high is not None and number > high):
            bounds = f"{low}..{high}" if high is not None else f">= {low}"
            raise ValueError(f"expected an integer {bounds}, got {number}")
        return number

    return parse


def _float_min0(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"expected a number, got {_shown(value)}")
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"expected a number, got {_shown(value)}") from None
    if not number >= 0 or number == float("inf"):
        raise ValueError(f"expected a finite number >= 0, got {value}")
    return number


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected a non-empty string, got {_shown(value)}")
    return value.strip()


def _compress(value: Any) -> str:
    from pgmock_sdk import Compression

    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    text = _text(text)
    Compression.parse(text)  # ValueError names what pg_dump accepts
    return text


def _names(value: Any) -> list[str]:
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise ValueError(f"expected a list of names, got {_shown(value)}")
    return [i.strip() for i in items if i.strip()]


def _paths(value: Any) -> list[str]:
    items = value.split(os.pathsep) if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise ValueError(f"expected a list of folders, got {_shown(value)}")
    return [i.strip() for i in items if i.strip()]


_PERMISSIONS = ("exec", "files")


def _permissions(value: Any) -> list[str]:
    names = _names(value)
    for name in names:
        if name not in _PERMISSIONS:
            raise ValueError(f"unknown permission {name!r} (known: {', '.join(_PERMISSIONS)})")
    return names


def _rows(value: Any) -> dict[str, int]:
    """``{users: 100}`` in a file; ``users=100,orders=5`` in PGMOCK_ROWS."""
    if isinstance(value, str):
        pairs: dict[str, Any] = {}
        for item in (i.strip() for i in value.split(",")):
            table, sep, count = item.rpartition("=")
            if not item:
                continue
            if not sep or not table:
                raise ValueError(f'expected TABLE=N, got "{item}"')
            pairs[table] = count
        value = pairs
    if not isinstance(value, dict):
        raise ValueError(f"expected a map of table to row count, got {_shown(value)}")
    parse_count = _int(0)
    out = {}
    for table, n in value.items():
        try:
            out[str(table)] = parse_count(n)
        except ValueError as exc:
            raise ValueError(f"{table}: {exc}") from None
    return out


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "a map"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    return repr(value)


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "seed",
        _int(0),
        "the seed of every random stream; the schema's `seed` beats the files' value",
        env="PGMOCK_SEED",
        flag="--seed",
        default=0,
        schema="seed",
    ),
    Setting(
        "locale",
        _text,
        "locale of names, addresses and phone numbers (`de_DE.utf8`); the schema's "
        "`database.locale` beats the files' value",
        env="PGMOCK_LOCALE",
        flag="--locale",
        default="en_US.utf8",
        schema="database.locale",
    ),
    Setting(
        "scale",
        _float_min0,
        "multiply every row count",
        env="PGMOCK_SCALE",
        flag="--scale",
    ),
    Setting(
        "rows",
        _rows,
        "row counts per table (`{users: 100}`; `users=100,orders=5` in the variable)",
        env="PGMOCK_ROWS",
        flag="--rows",
        kind="map",
    ),
    Setting(
        "format",
        _text,
        "output format: `p`, `c`, `d`, `t` or a plugin's",
        env="PGMOCK_FORMAT",
        flag="-F/--format",
        default="p",
    ),
    Setting(
        "output",
        _text,
        "output file or directory (default: standard output)",
        env="PGMOCK_OUTPUT",
        flag="-f/--file",
        paths=True,
    ),
    Setting(
        "compress",
        _compress,
        "archive compression as pg_dump spells it (`gzip:6`, `zstd`, `none`)",
        env="PGMOCK_COMPRESS",
        flag="-Z/--compress",
    ),
    Setting(
        "target_version",
        _int(14, 18),
        "oldest PostgreSQL major whose pg_restore must read the archive",
        env="PGMOCK_TARGET_VERSION",
        flag="--target-version",
    ),
    Setting(
        "jobs",
        _int(1),
        "worker processes (the output is identical for any number)",
        env="PGMOCK_JOBS",
        flag="-j/--jobs",
        default=1,
    ),
    Setting(
        "plugins",
        _names,
        "plugins to load, by entry-point or distribution name; `no:NAME` blocks one",
        env="PGMOCK_PLUGINS",
        flag="--plugin",
        kind="list",
    ),
    Setting(
        "templates",
        _paths,
        "template libraries: folders of template files searched before "
        "`~/.pgmock/templates` and the installed templates",
        env="PGMOCK_TEMPLATE_PATH",
        kind="list",
        paths=True,
        env_split=os.pathsep,
    ),
    Setting(
        "allow",
        _permissions,
        "what schemas may make pgmock do: `exec` (run programs), `files` (read files "
        "outside the schema's folder); see docs/security.md",
        env="PGMOCK_ALLOW",
        flag="--allow-exec/--allow-files",
        kind="list",
    ),
)

BY_KEY = {s.key: s for s in SETTINGS}
BY_ENV = {s.env: s for s in SETTINGS if s.env}
