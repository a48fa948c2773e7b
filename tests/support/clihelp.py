"""Running the real ``pgmock`` command line from tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
SUPPORT = ROOT / "tests" / "support"


def pgmock(
    *args: str, check: bool = True, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m pgmock ARGS`` in a clean environment (no PGMOCK_* leaking in)."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("PGMOCK_")}
    base.update(env or {})
    proc = subprocess.run(
        [sys.executable, "-m", "pgmock", *args], capture_output=True, env=base, cwd=cwd, timeout=600
    )
    if check and proc.returncode != 0:
        raise AssertionError(
            f"pgmock {' '.join(args)} exited {proc.returncode}:\n{proc.stderr.decode()}"
        )
    return proc
