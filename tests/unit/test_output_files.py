"""What -f does to what is already there, and how it fails: the user's files keep their
properties, and an unwritable output is one line, never a traceback."""

from __future__ import annotations

import os
import shlex
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from pgmock.dump.output import atomic_output

from clihelp import EXAMPLES, pgmock

SHOP = str(EXAMPLES / "shop.json")


def test_an_overwritten_dump_keeps_its_mode(tmp_path: Path) -> None:
    out = tmp_path / "private.sql"
    out.write_text("old")
    out.chmod(0o600)
    pgmock("generate", SHOP, "-f", str(out))
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_text().startswith("--\n-- PostgreSQL database dump")


def test_an_overwritten_dump_leaves_nothing_beside_it(tmp_path: Path) -> None:
    out = tmp_path / "dump.sql"
    out.write_text("old")
    pgmock("generate", SHOP, "-f", str(out))
    assert out.read_text().startswith("--\n-- PostgreSQL database dump")
    assert [p.name for p in tmp_path.iterdir()] == ["dump.sql"]


def test_a_failed_replacement_puts_the_old_file_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "dump.sql"
    out.write_text("old")
    real_rename = os.rename
    renames: list[str] = []

    def rename(src: object, dst: object) -> None:
        renames.append(str(dst))
        if Path(str(dst)) == out and len(renames) == 2:  # the new file into place
            raise OSError(28, "No space left on device")
        real_rename(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(OSError), atomic_output(out) as fh:
        fh.write(b"new")  # type: ignore[union-attr]
    assert out.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["dump.sql"]


def test_a_new_dump_follows_the_umask(tmp_path: Path) -> None:
    out = tmp_path / "new.sql"
    old = os.umask(0o027)
    try:
        pgmock("generate", SHOP, "-f", str(out))
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


def test_a_symlink_is_written_through(tmp_path: Path) -> None:
    target = tmp_path / "real.sql"
    target.write_text("old")
    link = tmp_path / "link.sql"
    link.symlink_to("real.sql")
    pgmock("generate", SHOP, "-f", str(link))
    assert link.is_symlink() and os.readlink(link) == "real.sql"
    assert target.read_text().startswith("--\n-- PostgreSQL database dump")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.sql", "real.sql"]


def test_an_existing_empty_directory_keeps_its_mode(tmp_path: Path) -> None:
    out = tmp_path / "dump"
    out.mkdir()
    out.chmod(0o755)
    pgmock("generate", SHOP, "-F", "d", "-f", str(out))
    assert stat.S_IMODE(out.stat().st_mode) == 0o755
    assert (out / "toc.dat").is_file()


def test_a_new_directory_is_private_as_pg_dump_makes_it(tmp_path: Path) -> None:
    out = tmp_path / "dump"
    pgmock("generate", SHOP, "-F", "d", "-f", str(out))
    assert stat.S_IMODE(out.stat().st_mode) == 0o700


def test_a_plain_dump_into_a_directory_is_a_usage_error(tmp_path: Path) -> None:
    done = pgmock("generate", SHOP, "-f", str(tmp_path), check=False)
    assert done.returncode == 2
    assert done.stderr.decode() == (
        f"pgmock: cannot write {tmp_path}: it is a directory (-F d writes directories)\n"
    )


def test_a_directory_dump_over_a_file_is_a_usage_error(tmp_path: Path) -> None:
    for target in ["/dev/full", str(EXAMPLES / "shop.json")]:
        done = pgmock("generate", SHOP, "-F", "d", "-f", target, check=False)
        assert done.returncode == 2
        assert done.stderr.decode() == (
            f'pgmock: could not create directory "{target}": a file of that name exists\n'
        )


def test_a_full_disk_is_one_line(tmp_path: Path) -> None:
    done = pgmock("generate", SHOP, "-f", "/dev/full", check=False)
    assert done.returncode == 1
    assert done.stderr.decode() == "pgmock: cannot write /dev/full: No space left on device\n"


def test_a_missing_directory_is_one_line(tmp_path: Path) -> None:
    done = pgmock("generate", SHOP, "-f", str(tmp_path / "no" / "x.sql"), check=False)
    assert done.returncode == 2
    assert done.stderr.decode().count("\n") == 1
    assert "does not exist" in done.stderr.decode()


def test_an_unwritable_directory_is_one_line(tmp_path: Path) -> None:
    # As root every directory is writable; a path under a regular file fails for anyone.
    blocker = tmp_path / "file"
    blocker.write_text("")
    done = pgmock("generate", SHOP, "-f", str(blocker / "x.sql"), check=False)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr.decode()
    assert done.stderr.decode().count("\n") == 1


def test_standard_output_on_a_full_disk_is_one_line() -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "pgmock", "generate", SHOP], stdout=full, stderr=subprocess.PIPE
        )
    assert done.returncode == 1
    assert done.stderr.decode() == "pgmock: cannot write standard output: No space left on device\n"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_reader_that_stops_early_is_one_line(jobs: str) -> None:
    # As `pgmock generate … | head`: the pipe closes in the middle of the dump.
    proc = subprocess.Popen(
        [sys.executable, "-m", "pgmock", "generate", SHOP, "--scale", "20", "--jobs", jobs],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert len(proc.stdout.read(100)) == 100
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 1
    assert err == "pgmock: cannot write standard output: Broken pipe\n"


def _in_a_small_mount(tmp_path: Path, commands: list[list[str]], read_only: bool) -> str:
    """Run pgmock commands with a 64 KiB tmpfs at tmp_path/mnt (read-only if asked), in a
    mount namespace of their own; what each printed, its exit code and the mount's
    files afterwards."""
    if shutil.which("unshare") is None or os.geteuid() != 0:
        pytest.skip("needs root and unshare(1) to mount a small file system")
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("no mount namespaces here")
    lines = [f"mount -t tmpfs -o size=64k tmpfs {mnt}"]
    if read_only:
        lines.append(f"mount -o remount,ro {mnt}")
    for args in commands:
        cmd = shlex.join([sys.executable, "-m", "pgmock", *args])
        lines.append(f'{cmd} 2>&1; echo "rc=$?"; ls -A {mnt}')
    done = subprocess.run(
        ["unshare", "-m", "sh", "-c", "\n".join(lines)], capture_output=True, timeout=600
    )
    return done.stdout.decode() + done.stderr.decode()


@pytest.mark.parametrize("read_only", [False, True], ids=["full-disk", "read-only-mount"])
def test_a_full_or_read_only_file_system_is_one_line_and_leaves_nothing(
    tmp_path: Path, read_only: bool
) -> None:
    # 20x the example's rows do not fit in 64 KiB: the disk fills in the middle of a table.
    mnt = tmp_path / "mnt"
    runs = [
        (fmt, jobs, ["generate", SHOP, "--scale", "20", "-F", fmt, "-f", f"{mnt}/out.{fmt}"])
        for fmt, jobs in [("p", "1"), ("c", "1"), ("d", "1"), ("t", "1"), ("p", "2"), ("d", "2")]
    ]
    printed = _in_a_small_mount(
        tmp_path, [[*args, "--jobs", jobs] for _, jobs, args in runs], read_only
    )
    reason = "Read-only file system" if read_only else "No space left on device"
    expected = "".join(
        f"pgmock: cannot write {mnt}/out.{fmt}: {reason}\nrc=1\n" for fmt, _, _ in runs
    )
    assert printed == expected  # one line, exit 1, and no file or temp file left behind
