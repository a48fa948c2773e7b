"""JavaScript generators (the ``js`` plugin) used from schemas: determinism, errors that
name the table, column, file and line, time and memory limits, contract violations,
uniqueness and Ctrl-C. (tests/restore/generators/test_js_generator.py restores their
values into PostgreSQL.)"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from clihelp import pgmock, terminal_sigint
from js_setup import SHOP_COLUMNS, SKU_JS, fails, js, products_schema, write_schema


def test_js_output_is_deterministic_for_any_jobs(tmp_path: Path) -> None:
    schema = products_schema(SHOP_COLUMNS, rows=30_000)
    schema["tables"]["plain"] = {
        "rowCount": 40_000,
        "columns": {"id": {"type": "serial", "primaryKey": True}, "email": {"type": "text"}},
    }
    path = write_schema(tmp_path, schema, {"generators/sku.js": SKU_JS})
    outs = []
    for args in (["-j", "1"], ["-j", "2"], ["-j", "1"], ["--seed", "6"]):
        out = tmp_path / f"out{len(outs)}.sql"
        pgmock("generate", str(path), "--allow-exec", "-f", str(out), *args)
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] == outs[2]
    assert outs[3] != outs[0]


BOOM_JS = """\
function generate(n, random, rows, options) {
  const out = [];
  for (let i = 0; i < n; i++) {
    if (i === 17) throw new Error("no price for row " + i);
    out.push(i);
  }
  return out;
}
"""


def test_a_js_exception_names_table_column_file_and_line(tmp_path: Path) -> None:
    err = fails(
        tmp_path,
        {"v": {"type": "int", "generator": "js", "params": {"file": "gen/boom.js"}}},
        {"gen/boom.js": BOOM_JS},
    )
    assert "products.v: generator js.js failed for rows 0..29" in err
    assert "Error: no price for row 17" in err
    assert "gen/boom.js:4" in err


def test_an_error_in_inline_code_points_into_the_schema(tmp_path: Path) -> None:
    err = fails(tmp_path, {"v": {"type": "text", **js(["(n) => {", "  return null.x;", "}"])}})
    assert "products.v" in err
    assert "TypeError: Cannot read properties of null" in err
    assert "schema.json#products.v.code:2" in err


def test_a_timeout_stops_the_run(tmp_path: Path) -> None:
    code = ["(n) => {", "  while (true) {}", "}"]
    err = fails(tmp_path, {"v": {"type": "int", **js(code, timeout=0.3)}})
    assert "products.v" in err
    assert "timed out after 0.3 s" in err and "schema.json#products.v.code:1" in err


def test_the_memory_limit_stops_the_run(tmp_path: Path) -> None:
    code = "(n) => { const a = []; while (true) a.push(new Array(100000).fill(1.5)); }"
    err = fails(tmp_path, {"v": {"type": "int", **js(code, max_memory=32)}})
    assert "products.v" in err and "used more than 32 MB" in err


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("(n) => [1, 2, 3]", "returned 3 values for a batch of 30"),
        ("(n) => ({length: n})", "returned an object, expected an array of 30 values"),
        ("(n) => new Array(n)", "value 0 of the returned array is undefined"),
        ("var x = 1;", "the code must evaluate to a function"),
    ],
)
def test_contract_violations_are_reported(tmp_path: Path, code: str, message: str) -> None:
    err = fails(tmp_path, {"v": {"type": "int", **js(code)}})
    assert "products.v" in err and message in err
    assert "schema.json#products.v.code" in err


def test_syntax_errors_and_missing_files_are_schema_errors(tmp_path: Path) -> None:
    bad = "function generate(n) {\n  return [1, 2\n}\n"
    schema = write_schema(
        tmp_path,
        products_schema(
            {
                "a": {"type": "int", "generator": "js", "params": {"file": "gen/bad.js"}},
                "b": {"type": "int", "generator": "js", "params": {"file": "gen/missing.js"}},
                "c": {"type": "int", "generator": "js", "params": {}},
            }
        ),
        {"gen/bad.js": bad},
    )
    proc = pgmock("validate", str(schema), check=False)
    err = proc.stderr.decode()
    assert proc.returncode == 2
    assert "tables.products.columns.a.generator: js.js: JavaScript SyntaxError" in err
    assert "(at gen/bad.js:3" in err
    assert "tables.products.columns.b.generator: js.js: cannot read gen/missing.js" in err
    assert 'give exactly one of "code" and "file"' in err


def test_without_mini_racer_the_schema_error_names_the_extra(tmp_path: Path) -> None:
    shadow = tmp_path / "shadow" / "py_mini_racer"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text('raise ImportError("No module named py_mini_racer")\n')
    schema = write_schema(
        tmp_path, products_schema({"v": {"type": "int", **js("(n) => Array(n).fill(1)")}})
    )
    proc = pgmock("generate", str(schema), check=False, env={"PYTHONPATH": str(shadow.parent)})
    assert proc.returncode == 2
    assert "js.js: unavailable: pip install pgmockdb[js]" in proc.stderr.decode()
    # Schemas without JavaScript do not need the extra.
    plain = write_schema(tmp_path, products_schema({"v": {"type": "int"}}))
    pgmock("validate", str(plain), env={"PYTHONPATH": str(shadow.parent)})


MARKER_CHILD = """
import json, sys
for line in sys.stdin:
    msg = json.loads(line)
    if "protocol" not in msg:
        open(sys.argv[1], "w").close()  # generation has started: the script runs next
    print(json.dumps({"ok": True} if "protocol" in msg else {"values": [1] * msg["n"]}))
    sys.stdout.flush()
"""


def test_ctrl_c_stops_a_running_script_at_once(tmp_path: Path) -> None:
    (tmp_path / "marker.py").write_text(MARKER_CHILD)
    marker = tmp_path / "started"
    command = [sys.executable, "marker.py", str(marker)]
    spin = ["(n) => {", "  while (true) {}", "}"]
    columns = {
        "a": {"type": "int", "generator": "process", "params": {"command": command}},
        "b": {"type": "int", **js(spin, timeout=300)},
    }
    path = write_schema(tmp_path, products_schema(columns, rows=30))
    out = tmp_path / "never.sql"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PGMOCK_")}
    run = subprocess.Popen(
        [sys.executable, "-m", "pgmock", "generate", str(path), "--allow-exec", "-f", str(out)],
        stderr=subprocess.PIPE,
        env=env,
        preexec_fn=terminal_sigint,
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(1.0)  # column b's script is spinning now
        assert run.poll() is None
        run.send_signal(signal.SIGINT)
        started = time.monotonic()
        _, stderr = run.communicate(timeout=60)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
    assert time.monotonic() - started < 10  # not the 300 s time limit
    assert run.returncode == 130 and stderr.endswith(b"pgmock: interrupted\n")
    assert b"Traceback" not in stderr and b"Exception ignored" not in stderr
    assert not out.exists()
