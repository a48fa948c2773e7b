"""pytest fixtures for pgmock plugin authors (loaded through the ``pytest11`` entry point).

Installed with pgmock, active in every pytest run of that environment, and inert until a
test asks for a fixture: nothing is autouse, and the plugin host is imported only then.
They live in the host because they run it; they use only its public API
(:class:`~pgmock.plugins.host.PluginHost`'s ``load_builtins``, ``load_named``,
``add_plugin``, ``register`` and ``registry``). The helpers that need no host stay in the
SDK (:mod:`pgmock_sdk.testing`: ``copy_rows``, ``column_info``) and are re-exported here.

* ``pgmock_host`` — an isolated plugin host with only pgmock's built-ins loaded;
  ``pgmock_host.register(plugin)`` adds a module, an object with hooks, an entry-point
  name or a module path.
* ``pgmock_generate(generator, n, seed=…, params=…, type=…)`` — one batch of a generator's
  values (``render=True``: PostgreSQL text), as the host would ask for it.
* ``pgmock_contract(generator, type=…, params=…, bad_params=[…])`` — the checks every
  generator should pass: naming, parameter validation, batch length, values the column
  type accepts, determinism under a seed, uniqueness across batches when claimed.
* ``pgmock_cli(*args, plugins=[…])`` — the real ``pgmock`` command line in a subprocess
  that can import what the test can; ``pgmock_cli.generate(schema)`` returns the SQL.
* :func:`run_generator` and :func:`check_contract` — the plain functions behind
  ``pgmock_generate`` and ``pgmock_contract``.
"""

from __future__ import annotations

import builtins
import contextlib
import functools
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import pytest

from pgmock_sdk import trust
from pgmock_sdk.generator import ColumnInfo, GenContext, Generator
from pgmock_sdk.pgtypes import parse_type
from pgmock_sdk.testing import column_info, copy_rows

_P = ParamSpec("_P")
_R = TypeVar("_R")

if TYPE_CHECKING:
    from pgmock.plugins.registry import Registry

__all__ = [
    "CliResult",
    "PgmockCli",
    "TestHost",
    "check_contract",
    "column_info",
    "copy_rows",
    "pgmock_cli",
    "pgmock_contract",
    "pgmock_generate",
    "pgmock_host",
    "run_generator",
]


class TestHost:
    """A plugin host with pgmock's built-ins and the plugins a test registers."""

    __test__ = False  # not a test class, despite the name

    def __init__(self) -> None:
        from pgmock.plugins.host import PluginHost

        self.host = PluginHost()
        self.host.load_builtins()
        self.host.register()

    @property
    def registry(self) -> Registry:
        return self.host.registry

    def register(self, plugin: object, name: str | None = None) -> None:
        """Load a plugin: a module or object with ``pgmock_*`` hooks, or (a string) an
        entry-point name, distribution name, module path or ``.py`` file."""
        if isinstance(plugin, str):
            self.host.load_named([plugin])
        else:
            self.host.add_plugin(plugin, name)
        self.host.register()

    def generator(self, name: str) -> type[Generator]:
        """A registered generator class by short or qualified name."""
        cls: type[Generator] = self.registry.generators.resolve(name).obj
        return cls

    def resolve(self, generator: type[Generator] | str) -> type[Generator]:
        return self.generator(generator) if isinstance(generator, str) else generator

    def types(self) -> contextlib.AbstractContextManager[None]:
        """Type spellings include the types the host's plugins registered (vector(8))."""
        from pgmock_sdk.pgtypes import extension_types

        return extension_types(self.registry.type_spellings())


def trust_of_the_user() -> contextlib.AbstractContextManager[object]:
    """A test writes its generators' parameters itself: it is the user, and may run programs
    and read files (docs/security.md), unless it set a trust of its own."""
    if trust.is_set():
        return contextlib.nullcontext()
    return trust.granted(trust.Trust(trust.Allowed(exec=True, files=True)))


def _as_the_user(func: Callable[_P, _R]) -> Callable[_P, _R]:
    @functools.wraps(func)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with trust_of_the_user():
            return func(*args, **kwargs)

    return run


@_as_the_user
def run_generator(
    cls: type[Generator],
    n: int,
    *,
    seed: int = 0,
    params: Mapping[str, Any] | None = None,
    type: str = "text",
    column: ColumnInfo | None = None,
    offset: int = 0,
    rows: Mapping[str, Any] | None = None,
    render: bool = False,
    **column_args: Any,
) -> Any:
    """One batch from a fresh instance: validated params, an rng seeded with ``seed``."""
    import numpy as np

    info = column or column_info(type, seed=seed, **column_args)
    gen = cls(cls.Params.model_validate(dict(params or {})), info)
    try:
        values = gen.generate(n, np.random.default_rng(seed), GenContext(info, offset, rows or {}))
    finally:
        gen.close()
    if render:
        from pgmock.render.values import render_values

        return render_values(values, info.type, info.path)
    return values


@_as_the_user
def check_contract(
    cls: type[Generator],
    *,
    type: str = "text",
    params: Mapping[str, Any] | None = None,
    bad_params: Sequence[Mapping[str, Any]] = (),
    n: int = 1000,
) -> None:
    """Assert what the host relies on; each failure says which rule and why."""
    from pydantic import ValidationError

    name = getattr(cls, "name", None)
    assert isinstance(cls, builtins.type) and issubclass(cls, Generator), (
        f"{cls!r} is not a Generator"
    )
    assert isinstance(name, str) and re.fullmatch(r"[a-z][a-z0-9_]*", name), (
        f"{cls.__name__}.name must be a lower-case identifier, got {name!r}"
    )
    assert cls.pg_types, f"{name}: pg_types is empty, so it can fill no column"
    assert cls.summary(), f"{name}: no docstring (pgmock generators shows its first paragraph)"
    pgtype = parse_type(type)
    assert cls.accepts(pgtype), (
        f"{name} does not accept {type} (pg_types: {', '.join(sorted(cls.pg_types))})"
    )
    base = dict(params or {})
    try:
        cls.Params.model_validate(base)
    except ValidationError as exc:
        raise AssertionError(f"{name}: params {base} are rejected: {exc}") from None
    if cls.Params.model_config.get("extra") != "allow":
        try:
            cls.Params.model_validate({**base, "no_such_param_for_contract": 1})
        except ValidationError:
            pass
        else:
            raise AssertionError(f"{name}: an unknown parameter is accepted (typos go unnoticed)")
    for bad in bad_params:
        try:
            cls(cls.Params.model_validate(dict(bad)), column_info(type))
        except (ValidationError, ValueError):
            continue
        raise AssertionError(f"{name}: bad params {dict(bad)} are accepted")

    def batch(size: int, seed: int, **kw: Any) -> list[str | None]:
        kw.setdefault("nullable", False)
        out: list[str | None] = run_generator(
            cls, size, seed=seed, params=base, type=type, render=True, **kw
        )
        return out

    for size in (1, 7, n):
        raw = run_generator(cls, size, seed=size, params=base, type=type, nullable=False)
        assert len(raw) == size, f"{name}: returned {len(raw)} values for a batch of {size}"
    first = batch(n, 11)
    assert all(v is not None for v in first), (
        f"{name}: returned None for a NOT NULL column (the host adds NULLs itself)"
    )
    assert batch(n, 11) == first, f"{name}: the same seed gave different values"
    domain = cls(cls.Params.model_validate(base), column_info(type)).domain_size()
    if domain is None or domain > 1:
        assert batch(n, 12) != first, f"{name}: a different seed gave the same values"
    if cls.supports_unique and (domain is None or domain >= 2 * n):
        rows = 2 * n
        info = column_info(type, unique=True, nullable=False, row_count=rows, seed=5)
        one = run_generator(cls, n, seed=1, params=base, column=info, offset=0, render=True)
        two = run_generator(cls, n, seed=2, params=base, column=info, offset=n, render=True)
        assert len(set(one) | set(two)) == rows, (
            f"{name}: supports_unique, but two batches of a unique column repeat values"
        )


@dataclass
class CliResult:
    returncode: int
    stdout: str
    stderr: str


class PgmockCli:
    """Runs ``python -m pgmock`` with the test process's import path."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self._count = 0

    def __call__(
        self,
        *args: str,
        plugins: Sequence[str] = (),
        check: bool = True,
        env: Mapping[str, str] | None = None,
        cwd: Path | str | None = None,
        timeout: float = 600,
    ) -> CliResult:
        base = {k: v for k, v in os.environ.items() if not k.startswith("PGMOCK_")}
        # What the test can import (a package not installed yet, a tests/ helper), the
        # command line can import too: --plugin my_package.plugin works before pip install.
        base["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
        # No user config or user templates: a test sees what it sets up, not ~/.pgmock.
        base["PGMOCK_HOME"] = str(self.tmp / "pgmock-home")
        base.update(env or {})
        flags = [f"--plugin={p}" for p in plugins]
        proc = subprocess.run(
            [sys.executable, "-m", "pgmock", *flags, *args],
            capture_output=True,
            env=base,
            cwd=cwd,
            timeout=timeout,
        )
        result = CliResult(
            proc.returncode,
            proc.stdout.decode("utf-8", "replace"),
            proc.stderr.decode("utf-8", "replace"),
        )
        if check and proc.returncode != 0:
            raise AssertionError(
                f"pgmock {' '.join([*flags, *args])} exited {proc.returncode}:\n{result.stderr}"
            )
        return result

    def schema_file(self, schema: Mapping[str, Any] | str | Path) -> Path:
        """A schema dict written to a temporary file (paths and text pass through)."""
        if isinstance(schema, Path):
            return schema
        self._count += 1
        path = self.tmp / f"schema{self._count}.json"
        path.write_text(schema if isinstance(schema, str) else json.dumps(schema))
        return path

    def generate(
        self, schema: Mapping[str, Any] | str | Path, *args: str, plugins: Sequence[str] = ()
    ) -> str:
        """Plain SQL for ``schema`` (a dict, JSON text or a file)."""
        path = self.schema_file(schema)
        return self("generate", str(path), *args, plugins=plugins).stdout


# ---------------------------------------------------------------------------- fixtures


@pytest.fixture
def pgmock_host() -> Iterator[TestHost]:
    """An isolated host: pgmock's built-ins only, whatever else is installed."""
    yield TestHost()


@pytest.fixture
def pgmock_generate(pgmock_host: TestHost) -> Callable[..., Any]:
    """``pgmock_generate(generator, n=1000, seed=0, params=None, type="text", …)``."""

    def generate(generator: type[Generator] | str, n: int = 1000, **kw: Any) -> Any:
        with pgmock_host.types():
            return run_generator(pgmock_host.resolve(generator), n, **kw)

    return generate


@pytest.fixture
def pgmock_contract(pgmock_host: TestHost) -> Callable[..., None]:
    """``pgmock_contract(generator, type="text", params=None, bad_params=(), n=1000)``."""

    def check(generator: type[Generator] | str, **kw: Any) -> None:
        with pgmock_host.types():
            check_contract(pgmock_host.resolve(generator), **kw)

    return check


@pytest.fixture
def pgmock_cli(tmp_path: Path) -> PgmockCli:
    """``pgmock_cli(*args, plugins=(), check=True)`` and ``pgmock_cli.generate(schema)``."""
    return PgmockCli(tmp_path)
