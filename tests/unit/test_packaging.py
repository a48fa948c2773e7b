"""The built distribution works on its own: the wheel, installed into a fresh venv (no
editable install, run from a folder outside the checkout), has its templates and manual
pages and generates a dump; ``pipx install`` of the wheel gives a working command."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from clihelp import ROOT

pytestmark = pytest.mark.packaging

TEMPLATES = ("ecommerce", "finance", "healthcare", "saas", "shop")


def _run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    proc = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, timeout=900
    )
    assert proc.returncode == 0, f"{args} exited {proc.returncode}:\n{proc.stderr.decode()}"
    return proc.stdout.decode()


def _clean_env(**extra: str) -> dict[str, str]:
    """No PGMOCK_* settings, no PYTHONPATH or venv of this checkout leaking in."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("PGMOCK_") and k not in ("PYTHONPATH", "VIRTUAL_ENV")
    }
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", out, ROOT, cwd=out)
    (built,) = out.glob("pgmockdb-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh venv with the wheel (and its dependencies from the index) installed."""
    env_dir = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(with_pip=True).create(env_dir)
    _run(
        env_dir / "bin" / "python",
        "-m",
        "pip",
        "install",
        "-q",
        wheel,
        cwd=env_dir,
        env=_clean_env(PIP_DISABLE_PIP_VERSION_CHECK="1"),
    )
    yield env_dir


def test_the_wheel_holds_the_data_files(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for t in TEMPLATES:
        assert f"pgmock_builtins/templates_data/{t}.json" in names
    data = f"{wheel.name.split('-py3')[0]}.data/data/share/man/man1"
    pages = {n.rsplit("/", 1)[1] for n in names if n.startswith(data)}
    checked_in = {p.name for p in (ROOT / "docs" / "man").iterdir()}
    assert pages == checked_in
    assert "pgmock_sdk/py.typed" in names
    # Entry points: the command and the built-in plugins.
    meta = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    entry_points = zipfile.ZipFile(wheel).read(meta).decode()
    assert "pgmock = pgmock.entry:main" in entry_points
    assert "templates = pgmock_builtins.templates" in entry_points


def test_the_installed_wheel_runs_a_template(installed: Path, tmp_path: Path) -> None:
    bin_dir = installed / "bin"
    env = _clean_env(PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    where = _run(
        bin_dir / "python", "-c", "import pgmock; print(pgmock.__file__)", cwd=tmp_path, env=env
    )
    assert Path(where.strip()).is_relative_to(installed), "not the installed copy"
    version = _run("pgmock", "--version", cwd=tmp_path, env=env)
    assert version.startswith("pgmock, version ")
    assert "templates" in version  # the built-in plugins, with their distribution
    listed = _run("pgmock", "templates", cwd=tmp_path, env=env)
    for t in TEMPLATES:
        assert f"\n{t} " in f"\n{listed}"
    dump = tmp_path / "ecommerce.dump"
    _run("pgmock", "generate", "--template", "ecommerce", "-Fc", "-f", dump, cwd=tmp_path, env=env)
    assert dump.read_bytes()[:5] == b"PGDMP"
    # The same bytes as this checkout writes: the wheel is this code.
    here = tmp_path / "here.dump"
    _run(
        sys.executable,
        "-m",
        "pgmock",
        "generate",
        "--template",
        "ecommerce",
        "-Fc",
        "-f",
        here,
        cwd=tmp_path,
        env=_clean_env(),
    )
    assert dump.read_bytes() == here.read_bytes()
    # The manual pages where man(1) looks, the same as pgmock man prints.
    page = installed / "share" / "man" / "man1" / "pgmock-generate.1"
    assert page.read_text() == _run("pgmock", "man", "generate", cwd=tmp_path, env=env)


def test_pipx_installs_the_wheel(wheel: Path, tmp_path: Path) -> None:
    probe = subprocess.run([sys.executable, "-m", "pipx", "--version"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("pipx is not installed here (pip install pipx; it is in the test extra)")
    env = _clean_env(
        PIPX_HOME=str(tmp_path / "pipx"),
        PIPX_BIN_DIR=str(tmp_path / "bin"),
        PIPX_MAN_DIR=str(tmp_path / "man"),
        PIP_DISABLE_PIP_VERSION_CHECK="1",
    )
    _run(sys.executable, "-m", "pipx", "install", wheel, cwd=tmp_path, env=env)
    out = _run(tmp_path / "bin" / "pgmock", "--version", cwd=tmp_path, env=env)
    assert out.startswith("pgmock, version ")
    templates = _run(tmp_path / "bin" / "pgmock", "templates", cwd=tmp_path, env=env)
    assert "saas " in templates
    # pipx links the wheel's manual pages into PIPX_MAN_DIR (man pgmock works).
    assert (tmp_path / "man" / "man1" / "pgmock-generate.1").is_file()
