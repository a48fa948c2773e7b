"""Custom, directory and tar archives from the command line: the same bytes for any number
of workers, the flags in --help, and nothing partial or misplaced on errors, devices,
pipes and stdout.

tests/restore/formats/test_archives.py restores them with the real pg_restore.
"""

from __future__ import annotations

import json
import os
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from clihelp import EXAMPLES, SUPPORT, pgmock
from shop_archives import FORMATS, Archives


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_does_not_depend_on_jobs(archives: Archives, fmt: str) -> None:
    one, two = archives.path(fmt, 1), archives.path(fmt, 2)
    if fmt == "d":
        names = sorted(p.name for p in one.iterdir())
        assert names == sorted(p.name for p in two.iterdir())
        assert all((one / n).read_bytes() == (two / n).read_bytes() for n in names)
    else:
        assert one.read_bytes() == two.read_bytes()


def test_help_names_the_archive_flags() -> None:
    text = pgmock("generate", "--help").stdout.decode()
    for flag in ("-Z, --compress METHOD[:LEVEL]", "--target-version N", "c (custom)"):
        assert flag in text, flag


def test_directory_format_refuses_a_non_empty_directory(tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.mkdir()
    (target / "keep.txt").write_text("mine")
    shop = str(EXAMPLES / "shop.json")
    proc = pgmock("generate", shop, "-F", "d", "-f", str(target), check=False)
    assert proc.returncode == 2
    assert f'could not create directory "{target}"' in proc.stderr.decode()
    assert [p.name for p in target.iterdir()] == ["keep.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()  # an empty directory is fine, as with pg_dump
    pgmock("generate", shop, "--scale", "0.01", "-F", "d", "-f", str(empty))
    assert (empty / "toc.dat").is_file()


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_failing_generator_leaves_no_partial_archive(tmp_path: Path, fmt: str) -> None:
    plugin = tmp_path / "flaky_plugin.py"
    plugin.write_text((SUPPORT / "flaky_plugin.py").read_text())
    schema = tmp_path / "s.json"
    columns = {"v": {"type": "text", "generator": "flaky"}}
    schema.write_text(
        json.dumps({"version": "1.0", "tables": {"t": {"rowCount": 25000, "columns": columns}}})
    )
    out = tmp_path / "out"
    proc = pgmock(
        "--plugin", str(plugin), "generate", str(schema), "-F", fmt, "-f", str(out), check=False
    )
    assert proc.returncode == 1
    assert "upstream service went away" in proc.stderr.decode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["flaky_plugin.py", "s.json"]


def test_output_to_a_device_or_pipe_is_written_in_place(tmp_path: Path) -> None:
    """-f /dev/null or a FIFO: written directly — a rename would replace the node."""
    shop = str(EXAMPLES / "shop.json")
    pgmock("generate", shop, "--scale", "0.01", "-F", "c", "-f", os.devnull)
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with ThreadPoolExecutor(1) as pool:
        reader = pool.submit(fifo.read_bytes)
        pgmock("generate", shop, "--scale", "0.01", "-F", "c", "-f", str(fifo))
        assert reader.result(timeout=60)[:5] == b"PGDMP"
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_dash_means_stdout(tmp_path: Path) -> None:
    shop = str(EXAMPLES / "shop.json")
    args = ("generate", shop, "--scale", "0.01", "-F", "c")
    dashed = pgmock(*args, "-f", "-", cwd=tmp_path).stdout
    assert dashed[:5] == b"PGDMP"
    assert dashed == pgmock(*args).stdout
    assert list(tmp_path.iterdir()) == []
