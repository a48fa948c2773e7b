"""The documentation site builds with ``mkdocs build --strict`` from docs/, its reference
pages generated from the code; a broken link or anchor fails the build. (.ci/run builds
it too; both need the docs extra: pip install -e '.[docs]'.)"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from clihelp import ROOT

pytest.importorskip("mkdocs", reason="the docs extra is not installed (pip install -e '.[docs]')")
pytest.importorskip("material", reason="the docs extra is not installed (pip install -e '.[docs]')")


def _build(config: Path, site: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


def test_the_site_builds_strictly_with_its_generated_pages(tmp_path: Path) -> None:
    proc = _build(ROOT / "mkdocs.yml", tmp_path / "site")
    assert proc.returncode == 0, proc.stderr[-4000:]
    site = tmp_path / "site"
    for page in ("tutorial", "cookbook", "cli-reference", "distributions", "generators"):
        assert (site / page / "index.html").is_file(), page
    reference = (site / "cli-reference" / "index.html").read_text(encoding="utf-8")
    assert "pgmock schema migrate" in reference and "--template NAME[@VERSION]" in reference
    distributions = (site / "distributions" / "index.html").read_text(encoding="utf-8")
    assert "distributions.zipf" in distributions
    # A file the docs link to outside docs/ is published with the site.
    assert (site / "_source" / "examples" / "shop.json").is_file()


def _mini_site(tmp_path: Path, index: str) -> Path:
    """A site with mkdocs.yml's settings and hooks and one page."""
    yaml = YAML(typ="safe", pure=True)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    # The pages the generated ones link to, and those (added by the hooks) in the nav.
    pages = ["index.md", "other.md", "schema.md", "cli.md", "cli-reference.md", "distributions.md"]
    config["nav"] = pages
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs" / "_hooks", docs / "_hooks")
    for page in pages[1:4]:
        (docs / page).write_text("# Other\n\n## A section\n", encoding="utf-8")
    (docs / "index.md").write_text(index, encoding="utf-8")
    path = tmp_path / "mkdocs.yml"
    with path.open("w", encoding="utf-8") as fh:
        yaml.dump(config, fh)
    return path


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ("[a page](missing.md)", "missing.md"),
        ("[an anchor](other.md#no-such-section)", "no-such-section"),
        ("[a file of the repository](../NO_SUCH_FILE.md)", "NO_SUCH_FILE.md"),
    ],
)
def test_a_broken_link_fails_the_build(tmp_path: Path, link: str, message: str) -> None:
    good = _mini_site(tmp_path / "good", "# Home\n\n[fine](other.md#a-section)\n")
    assert _build(good, tmp_path / "good-site").returncode == 0
    bad = _mini_site(tmp_path / "bad", f"# Home\n\n{link}\n")
    proc = _build(bad, tmp_path / "bad-site")
    assert proc.returncode != 0
    output = proc.stdout + proc.stderr
    assert "Aborted" in output and "strict mode" in output and message in output
