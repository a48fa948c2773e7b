"""Compatibility matrix: pg_restore and servers 14, 15, 16, 17 and 18 read our archives.

Each major's own pg_restore lists every archive it can read (the same entries, in the same
order, as pg_restore 15 lists), restores it into a server of the same major (in parallel
where the format allows), and the tables' checksums must equal the plain script's. The
default archive version (1.14) must work everywhere; ``--target-version N`` archives with
LZ4/Zstandard compression must work from N on, and older pg_restore must refuse them.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from clihelp import EXAMPLES, pgmock
from pgharness import PgCluster
from pgtools import table_checksums

pytestmark = pytest.mark.pgmatrix

MAJORS = (14, 15, 16, 17, 18)
SMALL = ("--rows", "users=200", "--rows", "sales.orders=300", "--rows", "sales.order_tags=100")
# name: (flags, oldest major whose pg_restore reads it)
ARCHIVES: dict[str, tuple[tuple[str, ...], int]] = {
    "custom": (("-F", "c"), 12),
    "directory": (("-F", "d", "-Z", "0"), 12),
    # the default compression: ISA-L's deflate in gzip files
    "directory-gzip": (("-F", "d"), 12),
    "tar": (("-F", "t"), 12),
    "custom-16-lz4": (("-F", "c", "-Z", "lz4", "--target-version", "16"), 16),
    "directory-16-zstd": (("-F", "d", "-Z", "zstd:5", "--target-version", "16"), 16),
    "custom-17-zstd": (("-F", "c", "-Z", "zstd", "--target-version", "17"), 17),
    # PostgreSQL 18 writes the archive version 17 introduced
    "directory-18-lz4": (("-F", "d", "-Z", "lz4", "--target-version", "18"), 17),
    "tar-17": (("-F", "t", "--target-version", "17"), 17),
}
_ENTRY = re.compile(r"^\d+; .*$", re.M)


@pytest.fixture(scope="module")
def archives(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    top = tmp_path_factory.mktemp("matrix")
    shop = str(EXAMPLES / "shop.json")
    made = {"plain": top / "shop.sql"}
    pgmock("generate", shop, *SMALL, "-f", str(made["plain"]))
    for name, (flags, _) in ARCHIVES.items():
        made[name] = top / name
        pgmock("generate", shop, *SMALL, *flags, "-f", str(made[name]))
    return made


@pytest.fixture(scope="module")
def expected(pg: PgCluster, archives: dict[str, Path]) -> tuple[dict[str, str | None], list[str]]:
    """Checksums of the plain script restored into PostgreSQL 15, and pg_restore 15's list."""
    db = pg.create_db()
    try:
        pg.restore_plain(archives["plain"], db)
        checksums = table_checksums(pg, db)
    finally:
        pg.drop_db(db)
    return checksums, _entries(pg, archives["custom"])


def _pg_restore(pg: PgCluster, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([str(pg.tool("pg_restore")), *args], capture_output=True, env=pg.env())


def _entries(pg: PgCluster, archive: Path) -> list[str]:
    proc = _pg_restore(pg, "-l", str(archive))
    assert proc.returncode == 0, proc.stderr.decode()
    return _ENTRY.findall(proc.stdout.decode())


@pytest.mark.parametrize("major", MAJORS)
def test_pg_restore_lists_and_restores_our_archives(
    pg_cluster_factory: Callable[[int], PgCluster],
    archives: dict[str, Path],
    expected: tuple[dict[str, str | None], list[str]],
    major: int,
) -> None:
    cluster = pg_cluster_factory(major)
    assert cluster.major == major
    checksums, listing = expected
    for name, (_, oldest) in ARCHIVES.items():
        archive = str(archives[name])
        if major < oldest:
            refused = _pg_restore(cluster, "-l", archive)
            assert refused.returncode == 1
            assert b"unsupported version (1.1" in refused.stderr, refused.stderr
            continue
        assert _entries(cluster, archive) == listing, name
        db = cluster.create_db()
        try:
            parallel = ["-j", "2"] if "tar" not in name else []
            proc = _pg_restore(cluster, "-e", *parallel, "-d", db, archive)
            assert proc.returncode == 0, (name, proc.stderr.decode())
            assert table_checksums(cluster, db) == checksums, name
        finally:
            cluster.drop_db(db)
