"""The Dockerfile builds an image whose entrypoint is pgmock, running as a user other than
root, with pg_restore beside it: a dump generated in one container reads in another.
Skipped, saying why, where Docker is missing or its daemon cannot be reached."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from collections.abc import Iterator

import pytest

from clihelp import ROOT

pytestmark = pytest.mark.packaging


def _docker_problem() -> str | None:
    docker = shutil.which("docker")
    if docker is None:
        return "docker is not installed"
    try:
        proc = subprocess.run(
            [docker, "info", "--format", "{{.ServerVersion}}"], capture_output=True, timeout=60
        )
    except subprocess.TimeoutExpired:
        return "docker info did not answer within 60 s"
    if proc.returncode != 0:
        lines = proc.stderr.decode(errors="replace").strip().splitlines() or ["no message"]
        return f"the Docker daemon is unreachable: {lines[-1]}"
    return None


@pytest.fixture(scope="module")
def image() -> Iterator[str]:
    problem = _docker_problem()
    if problem is not None:
        pytest.skip(problem)
    tag = f"pgmock-test:{uuid.uuid4().hex[:12]}"
    build = subprocess.run(
        ["docker", "build", "-q", "-t", tag, str(ROOT)], capture_output=True, timeout=1800
    )
    assert build.returncode == 0, build.stderr.decode()[-4000:]
    try:
        yield tag
    finally:
        subprocess.run(["docker", "rmi", "-f", tag], capture_output=True, timeout=300)


def _docker(*args: str, stdin: bytes | None = None) -> bytes:
    proc = subprocess.run(["docker", *args], input=stdin, capture_output=True, timeout=600)
    assert proc.returncode == 0, f"docker {' '.join(args)}:\n{proc.stderr.decode()[-4000:]}"
    return proc.stdout


def test_a_dump_from_the_image_pipes_into_pg_restore(image: str) -> None:
    dump = _docker("run", "--rm", image, "generate", "--template", "saas", "-Fc")
    assert dump[:5] == b"PGDMP"
    # The pipe users write: docker run … | docker run -i --entrypoint pg_restore … -l
    toc = _docker("run", "--rm", "-i", "--entrypoint", "pg_restore", image, "-l", stdin=dump)
    listed = toc.decode()
    assert "TABLE DATA public" in listed
    assert listed.count("TABLE DATA") >= 13  # the saas template's tables


def test_the_image_runs_pgmock_as_a_user_other_than_root(image: str) -> None:
    uid = _docker("run", "--rm", "--entrypoint", "id", image, "-u").decode().strip()
    assert uid != "0"
    version = _docker("run", "--rm", image, "--version").decode()
    assert version.startswith("pgmock, version ")
