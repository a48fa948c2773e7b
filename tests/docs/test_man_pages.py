"""The manual pages: docs/man holds one per command, generated from the click definitions
(the packages install them under share/man/man1), and they are what ``pgmock man``
shows; troff reads them without a warning."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from clihelp import ROOT, pgmock

MAN = ROOT / "docs" / "man"
REGENERATE = "regenerate: rm -r docs/man && pgmock man --write docs/man"


def test_docs_man_is_the_generated_pages(tmp_path: Path) -> None:
    pgmock("man", "--write", str(tmp_path))
    fresh = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.iterdir()}
    checked_in = {p.name: p.read_text(encoding="utf-8") for p in MAN.iterdir()}
    assert sorted(checked_in) == sorted(fresh), f"docs/man has other pages; {REGENERATE}"
    stale = [name for name in fresh if fresh[name] != checked_in[name]]
    assert not stale, f"stale pages {stale}; {REGENERATE}"
    # One page per command, subcommands included.
    for name in ("pgmock.1", "pgmock-generate.1", "pgmock-schema-migrate.1", "pgmock-plugin-new.1"):
        assert name in fresh


def test_pgmock_man_prints_the_page_off_a_terminal() -> None:
    page = pgmock("man", "templates", "show").stdout.decode()
    assert page == (MAN / "pgmock-templates-show.1").read_text(encoding="utf-8")
    assert page.startswith('.TH "PGMOCK-TEMPLATES-SHOW" "1"')
    assert ".SH SYNOPSIS" in page and "\\-h, \\-\\-help" in page
    generate = pgmock("man", "generate").stdout.decode()
    # Every option of --help is on the page, examples kept line by line.
    help_text = pgmock("generate", "--help").stdout.decode()
    for flag in ("--format", "--file", "--jobs", "--scale", "--seed"):
        assert flag in help_text
        assert flag.replace("-", "\\-") in generate
    assert "pgmock generate \\-\\-template shop \\-f shop.sql" in generate


def test_an_unknown_command_has_no_page() -> None:
    proc = pgmock("man", "nope", check=False)
    assert proc.returncode == 2
    assert b'no command "nope" in pgmock (pgmock --help lists them)' in proc.stderr


@pytest.mark.skipif(shutil.which("groff") is None, reason="groff is not installed")
def test_troff_reads_every_page_without_warnings() -> None:
    for page in sorted(MAN.iterdir()):
        proc = subprocess.run(
            ["groff", "-man", "-ww", "-z", str(page)], capture_output=True, timeout=60
        )
        assert proc.returncode == 0 and proc.stderr == b"", (page.name, proc.stderr)
