"""PluginHost.add_plugin: the public way to load a plugin object (tests, embedding)."""

from __future__ import annotations

import types
from typing import Any

import numpy as np
import pytest

from pgmock.errors import PluginError
from pgmock.plugins.host import PluginHost, make_host
from pgmock_sdk import GenContext, Generator, Registrar, hookimpl


class Dice(Generator):
    """Dice rolls."""

    name = "dice"
    pg_types = frozenset({"int4"})

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> Any:
        return rng.integers(1, 7, size=n)


class DicePlugin:
    @staticmethod
    @hookimpl
    def pgmock_register_generators(registry: Registrar) -> None:
        registry.add_generator(Dice)


def _module(name: str, **attrs: Any) -> types.ModuleType:
    module = types.ModuleType(name)
    for key, value in attrs.items():
        setattr(module, key, value)
    return module


def test_an_object_is_loaded_registered_and_recorded() -> None:
    host = make_host(env={})
    info = host.add_plugin(DicePlugin(), name="dice-plugin")
    assert info.status == "loaded" and info.target.endswith(":DicePlugin")
    assert host.loaded["dice-plugin"] is info
    host.register()
    assert host.registry.generators.resolve("dice").qualified == "dice-plugin.dice"
    host.register()  # a plugin's registration hooks run once
    assert [e.qualified for e in host.registry.generators if e.name == "dice"] == [
        "dice-plugin.dice"
    ]


def test_registration_waits_for_register() -> None:
    host = PluginHost()
    host.load_builtins()
    host.add_plugin(
        _module("dicemod", pgmock_register_generators=DicePlugin.pgmock_register_generators)
    )
    assert "dicemod" in host.loaded
    assert not list(host.registry.generators)
    host.register()
    assert host.registry.generators.resolve("dicemod.dice").obj is Dice


def test_the_same_checks_as_for_imported_plugins() -> None:
    host = make_host(env={})
    host.add_plugin(DicePlugin(), name="dice-plugin")
    with pytest.raises(PluginError, match='a plugin named "dice-plugin" is already loaded'):
        host.add_plugin(DicePlugin(), name="dice-plugin")
    with pytest.raises(PluginError, match="registers no pgmock hook"):
        host.add_plugin(_module("empty", X=1))

    @hookimpl
    def pgmock_register_generator(registry: Registrar) -> None:
        """A misspelled hook."""

    with pytest.raises(PluginError, match="does not fit this pgmock's hooks"):
        host.add_plugin(_module("typo", pgmock_register_generator=pgmock_register_generator))
    assert "typo" not in host.loaded
    blocked = make_host(["no:dice-plugin"], env={})
    with pytest.raises(PluginError, match=r"blocked \(--plugin no:dice-plugin\)"):
        blocked.add_plugin(DicePlugin(), name="dice-plugin")


def test_host_state_is_read_only_from_outside() -> None:
    host = make_host(env={})
    with pytest.raises(TypeError):
        host.loaded["x"] = host.loaded["core"]  # type: ignore[index, unused-ignore]
    assert not hasattr(host, "pm")
