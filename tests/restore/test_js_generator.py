"""JavaScript generators (the ``js`` plugin): used from schemas, restored into PostgreSQL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from clihelp import pgmock
from pgharness import PgCluster

SKU_JS = """\
// SKUs like "BK-000042-S": a weighted category, the row number, the name's initial.
function generate(n, random, rows, options, ctx) {
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    const category = random.choice(options.categories, options.weights);
    out[i] = category + "-" + String(ctx.offset + i).padStart(6, "0") + "-" + rows.name[i][0];
  }
  return out;
}
"""


def _schema(columns: dict[str, Any], rows: int = 25_000, seed: int = 5) -> dict[str, Any]:
    return {
        "version": "1.0",
        "seed": seed,
        "tables": {
            "products": {
                "rowCount": rows,
                "columns": {"id": {"type": "serial", "primaryKey": True}, **columns},
            }
        },
    }


def _write(tmp: Path, schema: dict[str, Any], files: dict[str, str] | None = None) -> Path:
    for rel, text in (files or {}).items():
        (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp / rel).write_text(text)
    path = tmp / "schema.json"
    path.write_text(json.dumps(schema, indent=2))
    return path


def _js(code: str | list[str], **params: Any) -> dict[str, Any]:
    return {"generator": "js", "params": {"code": code, **params}}


SHOP_COLUMNS: dict[str, Any] = {
    "name": {"type": "text", "generator": "faker.first_name"},
    "sku": {
        "type": "varchar(20)",
        "generator": "js",
        "params": {
            "file": "generators/sku.js",
            "options": {"categories": ["BK", "TY", "EL"], "weights": [6, 3, 1]},
        },
    },
    "price": {
        "type": "numeric(8,2)",
        **_js(
            "(n, random) => Array.from({length: n}, "
            "() => Math.max(1, Math.round(random.normal(50, 10) * 100) / 100))"
        ),
    },
    "stock": {
        "type": "integer",
        **_js("(n) => Array.from({length: n}, () => Math.random() < 0.5 ? 0 : 7)"),
    },
    "attrs": {
        "type": "jsonb",
        **_js(
            [
                "function (n, random) {",
                "  return Array.from({length: n}, () => ({size: random.int(1, 5), ok: true}));",
                "}",
            ]
        ),
    },
    "tags": {
        "type": "text[]",
        **_js("(n, random) => Array.from({length: n}, () => ['a', random.bool() ? 'b c' : null])"),
    },
    "sandbox": {
        "type": "text",
        **_js(
            "(n) => Array(n).fill([typeof require, typeof process, typeof fetch, "
            "typeof XMLHttpRequest, typeof setTimeout].join(','))"
        ),
    },
}


def test_js_columns_restore_with_the_values_the_code_makes(
    pg: PgCluster, pgdb: str, tmp_path: Path
) -> None:
    schema = _write(tmp_path, _schema(SHOP_COLUMNS), {"generators/sku.js": SKU_JS})
    out = tmp_path / "shop.sql"
    pgmock("generate", str(schema), "-f", str(out))
    pg.restore_plain(out, pgdb)
    rows = pg.query(
        "SELECT id, name, sku, price, stock, attrs::text, tags::text, sandbox "
        "FROM products ORDER BY id",
        pgdb,
    )
    assert len(rows) == 25_000
    for rid, name, sku, price, stock, attrs, tags, sandbox in rows[:2000]:
        category, number, initial = sku.split("-")
        assert category in {"BK", "TY", "EL"}
        assert int(number) == int(rid) - 1  # ctx.offset + i is the row number
        assert initial == name[0]  # rows.name is the batch's name column
        assert 1 <= float(price) < 200
        assert stock in ("0", "7")
        doc = json.loads(attrs)
        assert doc["ok"] is True and 1 <= doc["size"] <= 5
        assert tags in ('{a,"b c"}', "{a,NULL}")
        assert sandbox == "undefined,undefined,undefined,undefined,undefined"
    cats = Counter(r[2][:2] for r in rows)
    assert cats["BK"] > cats["TY"] > cats["EL"] > 1000  # weights 6:3:1 are followed
    mean = float(pg.scalar("SELECT avg(price) FROM products", pgdb) or 0)
    assert 49 < mean < 51
    stock_zero = int(pg.scalar("SELECT count(*) FROM products WHERE stock = 0", pgdb) or 0)
    assert 11_000 < stock_zero < 14_000  # Math.random is the seeded source, uniform


def test_js_output_is_deterministic_for_any_jobs(tmp_path: Path) -> None:
    schema = _schema(SHOP_COLUMNS, rows=30_000)
    schema["tables"]["plain"] = {
        "rowCount": 40_000,
        "columns": {"id": {"type": "serial", "primaryKey": True}, "email": {"type": "text"}},
    }
    path = _write(tmp_path, schema, {"generators/sku.js": SKU_JS})
    outs = []
    for args in (["-j", "1"], ["-j", "2"], ["-j", "1"], ["--seed", "6"]):
        out = tmp_path / f"out{len(outs)}.sql"
        pgmock("generate", str(path), "-f", str(out), *args)
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] == outs[2]
    assert outs[3] != outs[0]


def _fails(tmp_path: Path, columns: dict[str, Any], files: dict[str, str] | None = None) -> str:
    schema = _write(tmp_path, _schema(columns, rows=30), files)
    out = tmp_path / "never.sql"
    proc = pgmock("generate", str(schema), "-f", str(out), check=False)
    assert proc.returncode == 1, proc.stderr
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".never")] == []
    return proc.stderr.decode()


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
    err = _fails(
        tmp_path,
        {"v": {"type": "int", "generator": "js", "params": {"file": "gen/boom.js"}}},
        {"gen/boom.js": BOOM_JS},
    )
    assert "products.v: generator js.js failed for rows 0..29" in err
    assert "Error: no price for row 17" in err
    assert "gen/boom.js:4" in err


def test_an_error_in_inline_code_points_into_the_schema(tmp_path: Path) -> None:
    err = _fails(tmp_path, {"v": {"type": "text", **_js(["(n) => {", "  return null.x;", "}"])}})
    assert "products.v" in err
    assert "TypeError: Cannot read properties of null" in err
    assert "schema.json#products.v.code:2" in err


def test_a_timeout_stops_the_run(tmp_path: Path) -> None:
    code = ["(n) => {", "  while (true) {}", "}"]
    err = _fails(tmp_path, {"v": {"type": "int", **_js(code, timeout=0.3)}})
    assert "products.v" in err
    assert "timed out after 0.3 s" in err and "schema.json#products.v.code:1" in err


def test_the_memory_limit_stops_the_run(tmp_path: Path) -> None:
    code = "(n) => { const a = []; while (true) a.push(new Array(100000).fill(1.5)); }"
    err = _fails(tmp_path, {"v": {"type": "int", **_js(code, max_memory=32)}})
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
    err = _fails(tmp_path, {"v": {"type": "int", **_js(code)}})
    assert "products.v" in err and message in err
    assert "schema.json#products.v.code" in err


def test_syntax_errors_and_missing_files_are_schema_errors(tmp_path: Path) -> None:
    bad = "function generate(n) {\n  return [1, 2\n}\n"
    schema = _write(
        tmp_path,
        _schema(
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
    schema = _write(tmp_path, _schema({"v": {"type": "int", **_js("(n) => Array(n).fill(1)")}}))
    proc = pgmock("generate", str(schema), check=False, env={"PYTHONPATH": str(shadow.parent)})
    assert proc.returncode == 2
    assert "js.js: unavailable: pip install pgmock[js]" in proc.stderr.decode()
    # Schemas without JavaScript do not need the extra.
    plain = _write(tmp_path, _schema({"v": {"type": "int"}}))
    pgmock("validate", str(plain), env={"PYTHONPATH": str(shadow.parent)})


def test_unique_js_columns_are_the_codes_promise_checked_per_batch(
    pg: PgCluster, pgdb: str, tmp_path: Path
) -> None:
    by_offset = "(n, r, rows, o, ctx) => Array.from({length: n}, (_, i) => 'P' + (ctx.offset + i))"
    schema = _schema({"code": {"type": "text", "primaryKey": True, **_js(by_offset)}})
    del schema["tables"]["products"]["columns"]["id"]
    out = tmp_path / "u.sql"
    pgmock("generate", str(_write(tmp_path, schema)), "-f", str(out))
    pg.restore_plain(out, pgdb)  # the primary key holds in PostgreSQL
    assert pg.scalar("SELECT count(DISTINCT code) FROM products", pgdb) == "25000"
    dup = "(n, random) => Array.from({length: n}, () => 'P' + random.int(1, 5))"
    err = _fails(tmp_path, {"v": {"type": "text", "unique": True, **_js(dup)}})
    assert "products.v" in err and "twice in one batch of a unique column" in err


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
        "b": {"type": "int", **_js(spin, timeout=300)},
    }
    path = _write(tmp_path, _schema(columns, rows=30))
    out = tmp_path / "never.sql"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PGMOCK_")}
    run = subprocess.Popen(
        [sys.executable, "-m", "pgmock", "generate", str(path), "--allow-exec", "-f", str(out)],
        stderr=subprocess.PIPE,
        env=env,
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
