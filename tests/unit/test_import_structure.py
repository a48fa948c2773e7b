"""The built-ins, the SDK and the host: no import cycles (imports inside functions count:
they hide a cycle, they do not break it), no private name used across modules, and every
host module imports on its own (a package whose ``__init__`` imports a module that
imports the package back only fails when that module is imported first)."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# (folder holding the import package, the package's dotted name)
PACKAGES = [
    (ROOT / "builtin_plugins", "pgmock_builtins"),
    (ROOT / "plugin_sdk", "pgmock_sdk"),
    (ROOT / "host", "pgmock"),
]


@dataclass
class Module:
    name: str
    path: Path
    imports: set[str] = field(default_factory=set)  # modules of the package it imports
    private_uses: list[str] = field(default_factory=list)


def _modules(base: Path, package: str) -> dict[str, Module]:
    folder = base / package.replace(".", "/")
    found = {}
    for path in sorted(folder.rglob("*.py")):
        parts = path.relative_to(base).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = Module(name, path)
    return found


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _resolve(mod: Module, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    is_package = mod.path.name == "__init__.py"
    base = mod.name.split(".")[: len(mod.name.split(".")) - node.level + is_package]
    return ".".join([*base, node.module] if node.module else base)


def _scan(mod: Module, modules: dict[str, Module]) -> None:
    tree = ast.parse(mod.path.read_text(), str(mod.path))
    aliases: dict[str, str] = {}  # local name -> module of the package
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in modules:
                    mod.imports.add(alias.name)
                    if alias.asname:
                        aliases[alias.asname] = alias.name
        elif isinstance(node, ast.ImportFrom):
            source = _resolve(mod, node)
            for alias in node.names:
                target = f"{source}.{alias.name}"
                if target in modules:  # a submodule: from pkg import _pools
                    mod.imports.add(target)
                    aliases[alias.asname or alias.name] = target
                elif source in modules:
                    mod.imports.add(source)
                    if _private(alias.name):
                        mod.private_uses.append(f"{node.lineno}: from {source} import {alias.name}")
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in aliases
            and _private(node.attr)
        ):
            mod.private_uses.append(f"{node.lineno}: {aliases[node.value.id]}.{node.attr}")
    mod.imports.discard(mod.name)


def _cycles(modules: dict[str, Module]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(name: str) -> None:
        index[name] = low[name] = len(index)
        stack.append(name)
        on_stack.add(name)
        for dep in sorted(modules[name].imports):
            if dep not in index:
                visit(dep)
                low[name] = min(low[name], low[dep])
            elif dep in on_stack:
                low[name] = min(low[name], index[dep])
        if low[name] == index[name]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == name:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for name in sorted(modules):
        if name not in index:
            visit(name)
    return found


def _package(base: Path, package: str) -> dict[str, Module]:
    modules = _modules(base, package)
    for mod in modules.values():
        _scan(mod, modules)
    return modules


def _ids() -> Iterator[str]:
    for _, package in PACKAGES:
        yield package


@pytest.mark.parametrize(("base", "package"), PACKAGES, ids=list(_ids()))
def test_no_import_cycles(base: Path, package: str) -> None:
    modules = _package(base, package)
    assert len(modules) > 3
    assert _cycles(modules) == []


@pytest.mark.parametrize(("base", "package"), PACKAGES, ids=list(_ids()))
def test_no_private_names_across_modules(base: Path, package: str) -> None:
    modules = _package(base, package)
    used = {m.name: m.private_uses for m in modules.values() if m.private_uses}
    assert used == {}


def test_the_checks_see_hidden_cycles_and_private_names(tmp_path: Path) -> None:
    pkg = tmp_path / "probe"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from probe.b import _helper\n")
    (pkg / "b.py").write_text(
        "def f():\n    from probe import c  # inside a function\n    return c._secret\n"
    )
    (pkg / "c.py").write_text("from . import a\n")
    (pkg / "d.py").write_text("import probe.a as alias\nx = alias.public\n")
    modules = _package(tmp_path, "probe")
    assert _cycles(modules) == [["probe.a", "probe.b", "probe.c"]]
    assert modules["probe.a"].private_uses == ["1: from probe.b import _helper"]
    assert modules["probe.b"].private_uses == ["3: probe.c._secret"]
    assert modules["probe.d"].private_uses == []


def test_every_host_module_imports_first() -> None:
    names = sorted(n for n in _modules(ROOT / "host", "pgmock") if n != "pgmock.__main__")
    probe = (
        "import importlib, sys\n"
        "failed = []\n"
        f"for name in {names!r}:\n"
        "    for loaded in [m for m in sys.modules if m == 'pgmock' or m.startswith('pgmock.')]:\n"
        "        del sys.modules[loaded]\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except ImportError as exc:\n"
        "        failed.append(f'{name}: {exc}')\n"
        "print('\\n'.join(failed))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, check=True, text=True)
    assert out.stdout.strip() == ""
