"""``pgmock plugin new NAME``: names and target directories checked before anything is
written; the command is listed. (The scaffolded package itself is tested in
tests/restore/plugins/test_scaffold.py.)"""

from __future__ import annotations

from pathlib import Path

from clihelp import pgmock


def test_bad_names_and_occupied_directories_are_usage_errors(tmp_path: Path) -> None:
    bad = pgmock("plugin", "new", "Acme_Retail", "-d", str(tmp_path / "x"), check=False)
    assert bad.returncode == 2
    assert b'plugin name "Acme_Retail" must be lower-case words' in bad.stderr
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine")
    taken = pgmock("plugin", "new", "shop", "-d", str(tmp_path / "full"), check=False)
    assert taken.returncode == 2 and b"exists and is not empty" in taken.stderr
    assert (tmp_path / "full" / "keep.txt").read_text() == "mine"
    # "pgmock-" is the distribution prefix, not part of the plugin name.
    pgmock("plugin", "new", "pgmock-shop", "-d", str(tmp_path / "shop"))
    assert 'shop = "pgmock_shop.plugin"' in (tmp_path / "shop" / "pyproject.toml").read_text()


def test_plugin_command_is_listed() -> None:
    assert b"plugin" in pgmock("--help").stdout
    assert b"Scaffold pgmock-NAME" in pgmock("plugin", "new", "--help").stdout
