"""docs/architecture.md names every package of the host and every built-in plugin, so a
new stage or plugin cannot land without its row in the map."""

from __future__ import annotations

import re

from pgmock.plugins.essentials import BUILTIN

from clihelp import ROOT

ARCHITECTURE = (ROOT / "docs" / "architecture.md").read_text()


def test_every_host_package_and_module_has_its_place() -> None:
    host = ROOT / "host" / "pgmock"
    packages = sorted(p.name for p in host.iterdir() if (p / "__init__.py").exists())
    assert packages  # the walk found the stages
    missing = [p for p in packages if f"host/pgmock/{p}/" not in ARCHITECTURE]
    assert missing == []
    for package in packages:
        modules = [m.stem for m in (host / package).glob("*.py") if m.stem != "__init__"]
        unnamed = [m for m in modules if not re.search(rf"\b{m}(\.py)?\b", ARCHITECTURE)]
        assert unnamed == [], package


def test_every_builtin_plugin_is_described() -> None:
    # BUILTIN is checked against the installed entry points in tests/unit/plugins
    missing = [name for name in BUILTIN if f"`{name}`" not in ARCHITECTURE]
    assert missing == []
