"""Which half of the suite a test belongs in.

tests/restore holds exactly the tests that need PostgreSQL — a cluster from the ``pg``,
``pgdb`` or ``pg_cluster_factory`` fixtures, or the server binaries (marked ``pg`` by
hand) — so that ``pytest tests/unit`` (and ``pytest -m "not pg"``) runs without one.
tests/conftest.py applies this to every collected test and stops the run on a misplaced
one.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

#: The fixtures that start or use a real PostgreSQL cluster (tests/conftest.py).
PG_FIXTURES = frozenset({"pg", "pgdb", "pg_cluster_factory", "pg_vector"})


def misplaced(tests: Iterable[tuple[str, Path, bool]], tests_dir: Path) -> list[str]:
    """Problems for (node id, file, needs PostgreSQL) of tests in the wrong half.

    Only files under *tests_dir* are judged; the example plugins' own tests live elsewhere.
    """
    restore = tests_dir / "restore"
    problems = []
    for nodeid, path, needs_pg in tests:
        if not path.is_relative_to(tests_dir):
            continue
        in_restore = path.is_relative_to(restore)
        if needs_pg and not in_restore:
            problems.append(
                f"{nodeid} needs PostgreSQL: move it under tests/restore/ "
                "(pytest tests/unit must run without a server)"
            )
        elif in_restore and not needs_pg:
            problems.append(
                f"{nodeid} needs no PostgreSQL: move it under tests/unit/ "
                "(or mark it pg if it runs the server's programs)"
            )
    return problems
