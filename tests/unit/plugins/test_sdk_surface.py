"""pgmock_sdk: what plugins import stays importable, and the SDK stands on its own."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import pgmock_sdk
from pgmock.plugins.registry import Registrar as HostRegistrar
from pgmock.plugins.registry import Registry

from clihelp import ROOT


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


SDK = ROOT / "plugin_sdk"


def _host_imports(path: Path) -> list[str]:
    """Every import of the host in a module, at any depth (inside functions too), and
    every string naming it passed to importlib.import_module or __import__."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            arg = node.args[0]
            if called in ("import_module", "__import__") and isinstance(arg, ast.Constant):
                names = [str(arg.value)]
        found += [f"{path.name}:{node.lineno}: {n}" for n in names if n.split(".")[0] == "pgmock"]
    return found


def test_no_module_of_the_sdk_imports_the_host() -> None:
    modules = sorted(SDK.rglob("*.py"))
    assert len(modules) > 5
    assert [hit for path in modules for hit in _host_imports(path)] == []


def test_the_scan_sees_imports_inside_functions(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import pgmock_sdk\n"
        "def f():\n"
        "    from pgmock.plugins.host import PluginHost\n"
        "    import pgmock.errors as e\n"
        "    return importlib.import_module('pgmock.render')\n"
    )
    assert _host_imports(probe) == [
        "probe.py:3: pgmock.plugins.host",
        "probe.py:4: pgmock.errors",
        "probe.py:5: pgmock.render",
    ]


def test_moved_test_helpers_say_where_they_went() -> None:
    with pytest.raises(ImportError, match=r"moved to pgmock\.testing .*from pgmock\.testing"):
        from pgmock_sdk.testing import run_generator  # noqa: F401
    from pgmock import testing
    from pgmock_sdk.testing import column_info, copy_rows

    assert testing.copy_rows is copy_rows and testing.column_info is column_info
