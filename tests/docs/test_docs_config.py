"""docs/config.md's table of settings is the one pgmock.config.settings defines."""

from __future__ import annotations

from pgmock.config import SETTINGS

from clihelp import ROOT

CONFIG_MD = ROOT / "docs" / "config.md"


def settings_table() -> list[str]:
    """The Markdown rows of docs/config.md's settings table, as the code defines them."""
    rows = []
    for s in SETTINGS:
        cells = [
            f"`{s.key}`",
            f"`{s.env}`" if s.env else "",
            f"`{s.flag}`" if s.flag else "",
            f"`{s.default}`" if s.default is not None else "",
            s.help,
        ]
        rows.append("| " + " | ".join(cells) + " |")
    return rows


def test_settings_table_matches_the_code() -> None:
    text = CONFIG_MD.read_text()
    block = text.split("<!-- settings-table", 1)[1].split("<!-- end settings-table -->", 1)[0]
    documented = [line for line in block.splitlines() if line.startswith("| `")]
    assert documented == settings_table()


def test_every_variable_is_named_in_the_cli_docs() -> None:
    cli_md = (ROOT / "docs" / "cli.md").read_text()
    assert "config.md" in cli_md
    for s in SETTINGS:
        assert s.env is not None and s.env in CONFIG_MD.read_text()
