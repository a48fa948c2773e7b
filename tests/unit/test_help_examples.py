"""Every example in ``--help`` works where users run it: an installed pgmock, in a folder
of their own (not this checkout). Each command's "Examples:" lines run in order in a fresh
temporary folder, so an example may use a file an earlier one of the same command wrote;
everything else they name must come with the package (templates by name)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest

from pgmock.cli import cli
from pgmock.plugins.host import make_command_host

from clihelp import ROOT, pgmock

# Needs something no installed package brings; the line is still shown to users.
NEEDS_SERVER = "postgresql://"
_HEADING = re.compile(r"^\s*Examples?:\s*$")


def _command_paths() -> list[tuple[str, ...]]:
    """Every command and subcommand, with the built-in plugins' commands (plugin new)."""
    make_command_host((), debug=False).add_commands(cli)
    paths: list[tuple[str, ...]] = [()]

    def walk(group: click.Group, prefix: tuple[str, ...]) -> None:
        for name, cmd in sorted(group.commands.items()):
            paths.append((*prefix, name))
            if isinstance(cmd, click.Group):
                walk(cmd, (*prefix, name))

    walk(cli, ())
    return paths


COMMANDS = _command_paths()


def examples(help_text: str) -> list[str]:
    """The shell lines of the help's "Examples:" blocks (up to a blank line)."""
    found: list[str] = []
    inside = False
    for line in help_text.splitlines():
        if _HEADING.match(line):
            inside = True
        elif inside and not line.strip():
            inside = False
        elif inside:
            found.append(line.strip())
    return found


def _help(path: tuple[str, ...]) -> str:
    return pgmock(*path, "--help").stdout.decode()


def test_examples_are_found() -> None:
    text = "Usage: x\n\n  Examples:\n    pgmock a   # one\n    pgmock b\n\n  after\n"
    assert examples(text) == ["pgmock a   # one", "pgmock b"]
    # The commands users meet first show examples.
    for path in [(), ("generate",), ("verify",), ("import",), ("schema", "migrate")]:
        assert examples(_help(path)), path


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "pgmock")
def test_help_examples_run_outside_the_checkout(path: tuple[str, ...], tmp_path: Path) -> None:
    text = _help(path)
    assert "examples/" not in text, "help names a file only a checkout has"
    lines = [line for line in examples(text) if NEEDS_SERVER not in line]
    if not lines:
        return
    work = tmp_path / "work"
    (tmp_path / "home").mkdir()
    work.mkdir()
    assert not work.resolve().is_relative_to(ROOT)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PGMOCK_") or k == "PGMOCK_HOME"}
    # The pgmock (and python) of this environment first, as an installed command.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["HOME"] = str(tmp_path / "home")
    for line in lines:
        proc = subprocess.run(
            ["bash", "-c", f"set -euo pipefail\n{line}"],
            cwd=work,
            env=env,
            capture_output=True,
            timeout=300,
        )
        assert proc.returncode == 0, (
            f"pgmock {' '.join(path)} --help example failed: {line}\n{proc.stderr.decode()[-2000:]}"
        )
