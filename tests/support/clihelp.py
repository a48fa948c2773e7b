"""Running the real ``pgmock`` command line from tests."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
SUPPORT = ROOT / "tests" / "support"


def terminal_sigint() -> None:
    """``preexec_fn`` of a pgmock run a test interrupts with SIGINT: the signal as a
    terminal's job has it. A background job of a non-interactive shell (a CI script
    started with ``&``) ignores SIGINT, and an ignored signal stays ignored in every
    program it starts, so Ctrl-C would not reach pgmock at all."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def pgmock(
    *args: str, check: bool = True, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m pgmock ARGS`` in a clean environment (no PGMOCK_* leaking in, and
    no user config: PGMOCK_HOME stays as conftest set it)."""
    base = {
        k: v for k, v in os.environ.items() if not k.startswith("PGMOCK_") or k == "PGMOCK_HOME"
    }
    base.update(env or {})
    proc = subprocess.run(
        [sys.executable, "-m", "pgmock", *args], capture_output=True, env=base, cwd=cwd, timeout=600
    )
    if check and proc.returncode != 0:
        raise AssertionError(
            f"pgmock {' '.join(args)} exited {proc.returncode}:\n{proc.stderr.decode()}"
        )
    return proc


def validate_schema(path: Path, schema: dict[str, Any]) -> subprocess.CompletedProcess[bytes]:
    """Write *schema* to *path* and run ``pgmock validate`` on it; the exit code is the
    caller's to check."""
    path.write_text(json.dumps(schema))
    return pgmock("validate", str(path), check=False)


def run_pytest(directory: Path, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    """``python -m pytest -q`` in *directory* (a generated plugin package) with *env*."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=directory,
        env=env,
        capture_output=True,
        timeout=300,
    )
