"""preview --html opened in a real headless browser: it renders, its plots draw, and the
page logs nothing to the console. Skipped only when no Chromium or Chrome is installed
(``apt-get install chromium``; .ci/run installs it when it runs as root)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from clihelp import pgmock

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
SCHEMA = {
    "version": "1.0",
    "seed": 5,
    "tables": {
        "readings": {
            "rowCount": 2000,
            "columns": {
                "id": {"type": "serial", "primaryKey": True},
                "value": {"type": "double precision",
                          "distribution": {"name": "normal", "mean": 20, "stddev": 4}},
                "taken_at": {"type": "timestamptz"},
                "label": {"type": "text", "nullRatio": 0.2},
            },
        }
    },
}  # fmt: skip
# What a page's console.log/console.error and uncaught errors look like in Chromium's log.
CONSOLE = re.compile(rb":CONSOLE[:(]\d+")
# Appended to a copy of the report: the plots' boxes as the browser laid them out.
MEASURE = """<script>
const boxes = [...document.querySelectorAll("svg.plot")].map(svg => {
  const r = svg.getBoundingClientRect();
  const bars = [...svg.querySelectorAll("rect.bar")].filter(b => b.getBBox().height > 0);
  const line = svg.querySelector("polyline.requested");
  return {w: r.width, h: r.height, bars: bars.length, line: line ? line.getBBox().width : 0};
});
const out = document.createElement("pre");
out.id = "measured";
out.textContent = JSON.stringify(boxes);
document.body.appendChild(out);
</script>"""


def _browser() -> str:
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    pytest.skip(f"no headless browser: none of {', '.join(BROWSERS)} is on PATH")


def _run(
    browser: str, tmp_path: Path, page: Path, *args: str
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [
            browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            "--no-first-run", f"--user-data-dir={tmp_path / 'browser-profile'}",
            "--enable-logging=stderr", "--v=0", *args, page.as_uri(),
        ],
        capture_output=True,
        timeout=180,
    )  # fmt: skip


def test_html_report_renders_with_plots_and_no_console_errors(tmp_path: Path) -> None:
    browser = _browser()
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps(SCHEMA))
    report = tmp_path / "report.html"
    pgmock("preview", str(schema), "--html", str(report))
    page = report.read_text()
    # self-contained: nothing fetched (the SVG namespace is a name, not a request)
    assert not re.search(r"(src|href)=|url\(|@import", page)
    assert "<script" not in page

    shot = tmp_path / "shot.png"
    rendered = _run(browser, tmp_path, report, f"--screenshot={shot}", "--window-size=1200,1600")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", rendered.stderr.decode()[-2000:]
    assert shot.stat().st_size > 20_000  # tables and plots, not a blank page
    assert not CONSOLE.search(rendered.stderr), rendered.stderr.decode()

    measured_page = tmp_path / "measured.html"
    measured_page.write_text(page.replace("</body>", MEASURE + "</body>"))
    dom = _run(browser, tmp_path, measured_page, "--dump-dom").stdout.decode()
    found = re.search(r'<pre id="measured">(.*?)</pre>', dom)
    assert found, dom[-2000:]
    boxes = json.loads(found[1])
    # id, value and taken_at are numbers or moments: three plots, every one laid out
    assert len(boxes) == 3
    assert all(b["w"] > 100 and b["h"] > 30 and b["bars"] >= 5 for b in boxes), boxes
    # the declared normal distribution's line is drawn over the value histogram only
    assert [b["line"] > 100 for b in boxes] == [False, True, False]


def test_the_console_check_sees_errors(tmp_path: Path) -> None:
    """The check above can fail: a page that logs an error is caught by it."""
    browser = _browser()
    bad = tmp_path / "bad.html"
    bad.write_text("<html><body><script>console.error('x'); missing();</script></body></html>")
    proc = _run(browser, tmp_path, bad, "--dump-dom")
    assert CONSOLE.search(proc.stderr)
