"""The pgmock program skips pydantic's plugin look-up only when there is no pydantic plugin."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SHOP = str(ROOT / "examples" / "shop.json")

# As the console script runs it; prints the modules loaded once the command is done.
PROGRAM = (
    "import atexit, sys\n"
    "atexit.register(lambda: print(sorted(m for m in sys.modules if m.startswith("
    "'importlib.metadata'))))\n"
    f"sys.argv = ['pgmock', 'validate', {SHOP!r}]\n"
    "from pgmock.entry import main\n"
    "main()\n"
)


def _validate(env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    run = subprocess.run(
        [sys.executable, "-c", PROGRAM],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert "OK — 3 tables" in run.stdout
    return run


def test_validate_does_not_import_importlib_metadata_without_pydantic_plugins() -> None:
    run = _validate()
    assert run.stdout.strip().splitlines()[-1] == "[]"


def test_an_installed_pydantic_plugin_still_sees_the_schema_validators(tmp_path: Path) -> None:
    meta = tmp_path / "marker_plugin-1.0.dist-info"
    meta.mkdir()
    (meta / "METADATA").write_text("Metadata-Version: 2.1\nName: marker-plugin\nVersion: 1.0\n")
    (meta / "entry_points.txt").write_text("[pydantic]\nmarker = marker_plugin:plugin\n")
    (tmp_path / "marker_plugin.py").write_text(
        "import sys\n"
        "class Plugin:\n"
        "    def new_schema_validator(self, schema, schema_type, path, *rest):\n"
        "        print('pydantic plugin saw', path.name, file=sys.stderr)\n"
        "        return None, None, None\n"
        "plugin = Plugin()\n"
    )
    path = os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])
    run = _validate({"PYTHONPATH": path})
    assert "pydantic plugin saw SchemaFile" in run.stderr
    assert "'importlib.metadata'" in run.stdout.strip().splitlines()[-1]  # pydantic's loader
    # ... and pydantic's own switch still turns it off.
    quiet = _validate({"PYTHONPATH": path, "PYDANTIC_DISABLE_PLUGINS": "marker"})
    assert "pydantic plugin saw" not in quiet.stderr


def test_the_stand_in_hands_anything_else_to_pydantics_loader() -> None:
    code = (
        "import sys\n"
        "from pgmock.pydantic_plugins import skip_empty_plugin_scan\n"
        "skip_empty_plugin_scan()\n"
        "stand_in = sys.modules['pydantic.plugin._loader']\n"
        "print(stand_in.get_plugins() == (), 'importlib.metadata' in sys.modules)\n"
        "print(stand_in.PYDANTIC_ENTRY_POINT_GROUP)\n"
        "print(sys.modules['pydantic.plugin._loader'] is not stand_in)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split("\n")[:3] == ["True False", "pydantic", "True"]
