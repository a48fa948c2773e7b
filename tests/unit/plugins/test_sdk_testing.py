"""pgmock.testing: the pytest plugin plugin authors test with (loaded here too): its
entry point, the test host, the contract checks."""

from __future__ import annotations

import importlib.metadata as md
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from pydantic import ConfigDict

from pgmock.testing import TestHost, check_contract
from pgmock_sdk import GenContext, Generator, Params, hookimpl

from clihelp import EXAMPLES


def test_the_pytest11_entry_point_is_installed() -> None:
    eps = md.distribution("pgmockdb").entry_points
    assert [ep.value for ep in eps if ep.group == "pytest11"] == ["pgmock.testing"]


def test_loading_the_plugin_imports_no_host_and_adds_no_autouse(tmp_path: Path) -> None:
    probe = (
        "import sys, pgmock.testing; "
        "print(sorted(m for m in sys.modules if m == 'pgmock' or m.startswith('pgmock.')))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, check=True)
    assert out.stdout.strip() == b"['pgmock', 'pgmock.testing']"  # the host loads lazily
    (tmp_path / "test_probe.py").write_text(
        "def test_probe(request):\n"
        "    assert not [f for f in request.fixturenames if f.startswith('pgmock')]\n"
        "def test_available(pgmock_host, pgmock_generate, pgmock_contract, pgmock_cli):\n"
        "    assert pgmock_host.generator('email')\n"
    )
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        capture_output=True,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stdout.decode()
    assert b"2 passed" in run.stdout


def test_the_host_has_only_builtins_and_takes_test_plugins(pgmock_host: TestHost) -> None:
    assert "acme-healthcare" not in pgmock_host.host.loaded  # installed, but not named
    assert all(info.builtin for info in pgmock_host.host.loaded.values())

    class Dice(Generator):
        """Dice rolls."""

        name = "dice"
        pg_types = frozenset({"int4"})

        def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> Any:
            return rng.integers(1, 7, size=n)

    class Plugin:
        @staticmethod
        @hookimpl
        def pgmock_register_generators(registry: Any) -> None:
            registry.add_generator(Dice)

    pgmock_host.register(Plugin(), name="dice-plugin")
    assert pgmock_host.registry.generators.resolve("dice").qualified == "dice-plugin.dice"
    pgmock_host.register("acme-healthcare")  # by entry-point name
    assert pgmock_host.generator("acme-healthcare.mrn").name == "mrn"


def test_builtin_generators_pass_the_contract(
    pgmock_contract: Callable[..., None], tmp_path: Path
) -> None:
    pgmock_contract("core.integer", type="int4", bad_params=[{"min": 5, "max": 1}])
    pgmock_contract("faker.email", type="varchar(255)")
    pgmock_contract(
        "js",
        type="int8",
        params={"code": "(n, random) => Array.from({length: n}, () => random.int(0, 1e9))"},
        bad_params=[{"code": "(n) =>", "file": "x.js"}, {"code": "(n) => {"}],
    )
    pgmock_contract(
        "process",
        type="text",
        params={"command": [str(EXAMPLES / "generators" / "gen_codes.py"), "--kind", "npi"]},
        bad_params=[{"command": ["./does-not-exist"]}],
        n=300,
    )


def test_generate_runs_one_batch(pgmock_generate: Callable[..., Any]) -> None:
    raw = pgmock_generate("core.integer", 500, seed=4, type="int2", params={"min": 1, "max": 3})
    assert len(raw) == 500 and set(np.asarray(raw).tolist()) == {1, 2, 3}
    text = pgmock_generate("core.integer", 5, type="int2", render=True)
    assert all(isinstance(v, str) for v in text)
    assert pgmock_generate("core.integer", 5, type="int2") is not None


# -- the contract catches what the host would trip over -------------------------------------


class _Base(Generator):
    """A test generator."""

    name = "broken"
    pg_types = frozenset({"text"})

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> Any:
        return [f"v{x}" for x in rng.integers(0, 10**9, size=n)]


class _Short(_Base):
    """Drops a value."""

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> Any:
        return super().generate(n, rng, ctx)[:-1]


class _Unseeded(_Base):
    """Draws from the global random module."""

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> Any:
        return [f"v{random.random()}" for _ in range(n)]


class _IgnoresRng(_Base):
    """Row numbers, no randomness."""

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> Any:
        return [f"v{i}" for i in range(n)]


class _Nulls(_Base):
    """Only NULLs."""

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> Any:
        return [None] * n


class _FalseUnique(_Base):
    """Claims unique values it does not make."""

    supports_unique = True

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> Any:
        return [f"v{x}" for x in rng.integers(0, 50, size=n)]


class _LooseParams(Params):
    model_config = ConfigDict(extra="ignore", frozen=True)
    size: int = 3


class _Loose(_Base):
    """Ignores unknown parameters."""

    Params = _LooseParams


class _Undocumented(_Base):
    __doc__ = None


@pytest.mark.parametrize(
    ("cls", "message"),
    [
        (_Short, "returned 0 values for a batch of 1"),
        (_Unseeded, "the same seed gave different values"),
        (_IgnoresRng, "a different seed gave the same values"),
        (_Nulls, "returned None for a NOT NULL column"),
        (_FalseUnique, "supports_unique, but two batches of a unique column repeat values"),
        (_Loose, "an unknown parameter is accepted"),
        (_Undocumented, "no docstring"),
    ],
)
def test_the_contract_catches_broken_generators(cls: type[Generator], message: str) -> None:
    with pytest.raises(AssertionError, match=message):
        check_contract(cls)


class _SizedParams(Params):
    size: int = 3


class _Sized(_Base):
    """Takes a size."""

    Params = _SizedParams


def test_the_contract_checks_types_and_bad_params() -> None:
    check_contract(_Base)
    check_contract(_Sized, bad_params=[{"size": "three"}])
    with pytest.raises(AssertionError, match="does not accept int4"):
        check_contract(_Base, type="int4")
    with pytest.raises(AssertionError, match=r"bad params \{'size': 99\} are accepted"):
        check_contract(_Sized, bad_params=[{"size": 99}])
