"""What a schema may make pgmock do, and what needs the user's explicit opt-in.

A schema (or a template) is data, possibly from someone else. JavaScript it carries runs
sandboxed and within limits; anything that reaches outside pgmock — running a program,
reading a file outside the schema's own folder — happens only when the user allowed it
(``--allow-exec``, ``--allow-files``, ``PGMOCK_ALLOW``). A generator that does such a thing
on a schema's behalf asks here first, in ``__init__``, so that ``pgmock validate`` reports
a refusal as a schema error naming the column, and nothing ran or was read:

* :func:`require_exec` before starting a program the schema names;
* :func:`resolve_file` for a path the schema names: the file inside the schema's folder,
  or outside it only with ``--allow-files``.

Every request is recorded, allowed or not (:attr:`Trust.accesses`): ``validate`` lists
what a schema runs and reads. The host decides what is allowed and sets it for the run
with :func:`granted`; code that sets nothing gets the default, which allows neither.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: `pgmock --help` must not import numpy or pydantic
    from pgmock_sdk.generator import ColumnInfo

__all__ = [
    "EXEC",
    "FILES",
    "Access",
    "Allowed",
    "Trust",
    "current",
    "granted",
    "is_set",
    "require_exec",
    "resolve_file",
]

EXEC = "exec"
FILES = "files"

_DEFAULT_HOW: Mapping[str, str] = MappingProxyType({EXEC: "--allow-exec", FILES: "--allow-files"})


@dataclass(frozen=True)
class Allowed:
    """The user's opt-ins for one run.

    ``how`` says, per permission, how the user grants it (for messages: the host knows
    its flags and variables, the SDK does not).
    """

    exec: bool = False
    files: bool = False
    how: Mapping[str, str] = field(default_factory=lambda: _DEFAULT_HOW)

    def grants(self, permission: str) -> bool:
        return bool(getattr(self, permission))


@dataclass(frozen=True)
class Access:
    """One thing a schema makes pgmock do on its behalf.

    ``kind`` is ``"runs"`` (a program) or ``"reads"`` (a file); ``needs`` the permission
    it takes (``"exec"``, ``"files"``), or None when it is allowed without one.
    """

    column: str
    kind: str
    target: str
    needs: str | None
    allowed: bool


class Trust:
    """The opt-ins of a run and the record of what its schema asked for."""

    def __init__(self, allowed: Allowed | None = None) -> None:
        self.allowed = allowed if allowed is not None else Allowed()
        self._accesses: dict[tuple[str, str, str], Access] = {}

    @property
    def accesses(self) -> list[Access]:
        """What was asked for, in order, each once."""
        return list(self._accesses.values())

    def _record(self, column: ColumnInfo, kind: str, target: str, needs: str | None) -> bool:
        ok = needs is None or self.allowed.grants(needs)
        self._accesses.setdefault(
            (column.path, kind, target), Access(column.path, kind, target, needs, ok)
        )
        return ok

    def require_exec(self, column: ColumnInfo, argv: Sequence[str], cwd: Path) -> None:
        target = f"{shlex.join(argv)} (in {cwd})"
        if not self._record(column, "runs", target, EXEC):
            raise ValueError(
                f"would run {shlex.join(argv)}: a schema runs programs only when you allow "
                f"it ({self.allowed.how[EXEC]})"
            )

    def resolve_file(self, column: ColumnInfo, name: str) -> Path:
        folder = column.base_dir if column.schema_file else None
        path = (folder or Path.cwd()) / name
        real = path.resolve()
        inside = folder is not None and (real == folder or folder in real.parents)
        if not self._record(column, "reads", str(real), None if inside else FILES):
            where = f"outside the schema's folder {folder}" if folder else "(no schema folder)"
            raise ValueError(
                f"would read {name} ({real}), {where}: a schema reads files outside its "
                f"folder only when you allow it ({self.allowed.how[FILES]})"
            )
        return real


_CURRENT: ContextVar[Trust | None] = ContextVar("pgmock_trust", default=None)


def current() -> Trust:
    """The run's trust; without one set (:func:`granted`), a fresh one allowing nothing."""
    trust = _CURRENT.get()
    return trust if trust is not None else Trust()


def is_set() -> bool:
    """Whether some caller set the trust (with :func:`granted`)."""
    return _CURRENT.get() is not None


@contextmanager
def granted(trust: Trust) -> Iterator[Trust]:
    """Run the block with ``trust`` as the current one (the host does, around a run)."""
    token = _CURRENT.set(trust)
    try:
        yield trust
    finally:
        _CURRENT.reset(token)


def require_exec(column: ColumnInfo, argv: Sequence[str], cwd: Path) -> None:
    """Raise ValueError (a schema error naming the column) unless programs may run."""
    current().require_exec(column, argv, cwd)


def resolve_file(column: ColumnInfo, name: str) -> Path:
    """The real path of a file a schema names for ``column``, relative to the schema's
    folder; outside that folder (``../``, absolute, a symlink out) only when allowed —
    else ValueError, and the file is not touched."""
    return current().resolve_file(column, name)
