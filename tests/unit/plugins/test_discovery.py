"""Discovery reads entry-point metadata itself: it must find what importlib.metadata finds."""

from __future__ import annotations

import importlib.machinery
import subprocess
import sys
from pathlib import Path

import pytest

from pgmock.plugins import discovery


def _dist(folder: Path, stem: str, name: str, version: str, entry_points: str) -> None:
    meta = folder / stem
    meta.mkdir(parents=True)
    (meta / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nSummary: x\n\nName: body\n"
    )
    (meta / "entry_points.txt").write_text(entry_points)


def test_the_installed_plugins_are_found_as_importlib_metadata_finds_them() -> None:
    # In a fresh interpreter, as the pgmock program runs: in this one, other tests have
    # imported dask, whose importlib_metadata backport registers a finder of its own
    # (which sends discovery the slow way) and leaves importlib.metadata finding nothing.
    probe = (
        "from pgmock.plugins import discovery\n"
        "assert discovery._plain_folders() is not None, 'not the fast path'\n"
        "found, groups = discovery._scan()\n"
        "assert found == discovery._scan_with_metadata(), found\n"
        "import importlib.metadata as md\n"
        "assert groups == set(md.entry_points().groups), groups\n"
        "print(sorted({d for _, _, d, _ in found}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    assert "'pgmockdb'" in out and "'pgmock-acme-healthcare'" in out


def test_duplicates_order_and_sections_follow_importlib_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    _dist(first, "Pg_Thing-1.0.dist-info", "Pg.Thing", "1.0",
          "# a comment\n[console_scripts]\nthing = pg_thing:main\n\n"
          "[pgmock]\nthing = pg_thing.plugin\n  other=pg_thing.other:hooks  \n")  # fmt: skip
    # the same distribution again, later on sys.path: the first one counts
    _dist(second, "pg_thing-2.0.dist-info", "pg-thing", "2.0", "[pgmock]\nthing = old\n")
    # another distribution claiming the same entry-point name: a conflict
    _dist(second, "rival-0.1.egg-info", "rival", "0.1", "[pgmock]\nthing = rival.plugin\n")
    _dist(second, "quiet-3.dist-info", "quiet", "3", "[other]\nx = y\n")
    monkeypatch.setattr(sys, "path", [str(first), str(tmp_path / "missing"), str(second)])
    # importlib_metadata (the backport an earlier test's import of Dask brings) puts a
    # finder of distributions of its own on sys.meta_path, which sends the scan through
    # importlib.metadata (groups unknown): the folders' own reading is tested here, beside
    # what importlib.metadata finds with whatever finders are there.
    expected = discovery._scan_with_metadata()
    monkeypatch.setattr(sys, "meta_path", [
        f for f in sys.meta_path
        if f is importlib.machinery.PathFinder or not hasattr(f, "find_distributions")
    ])  # fmt: skip
    found, groups = discovery._scan()
    assert found == expected
    assert groups == {"console_scripts", "pgmock", "other"}
    assert discovery.declares_entry_points("other") is True
    assert discovery.declares_entry_points("pydantic") is False
    assert found == [
        ("thing", "pg_thing.plugin", "Pg.Thing", "1.0"),
        ("other", "pg_thing.other:hooks", "Pg.Thing", "1.0"),
        ("thing", "rival.plugin", "rival", "0.1"),
    ]
    result = discovery.discover()
    assert result.plugins["thing"].target == "pg_thing.plugin"
    assert [p.distribution for p in result.conflicts["thing"]] == ["Pg.Thing", "rival"]


def test_each_discovery_has_its_own_records() -> None:
    one, two = discovery.discover(), discovery.discover()
    one.plugins["core"].status = "broken"
    assert two.plugins["core"].status == "builtin"
