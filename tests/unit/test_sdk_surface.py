"""pgmock_sdk: what plugins import stays importable, and the SDK stands on its own."""

from __future__ import annotations

import pytest

import pgmock_sdk
from pgmock.plugins.registry import Registrar as HostRegistrar
from pgmock.plugins.registry import Registry


def test_the_old_registry_name_still_imports_with_a_deprecation_warning() -> None:
    with pytest.warns(DeprecationWarning, match=r"pgmock_sdk\.Registrar"):
        from pgmock_sdk import Registry as Old
    assert Old is pgmock_sdk.Registrar
    assert "Registry" not in pgmock_sdk.__all__
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        pgmock_sdk.Nope  # noqa: B018


def test_the_host_registrar_is_what_the_sdk_promises() -> None:
    registrar: pgmock_sdk.Registrar = Registry().bound("probe")  # mypy checks the protocol
    assert isinstance(registrar, HostRegistrar)
    promised = {n for n in vars(pgmock_sdk.Registrar) if n.startswith("add_")}
    assert promised and promised <= set(dir(HostRegistrar))
