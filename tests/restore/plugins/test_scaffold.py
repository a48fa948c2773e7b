"""``pgmock plugin new NAME``: a package that passes its own tests right after creation.

The scaffolded package is not pip-installed (too slow, and it would change the shared
environment): its tests run with PYTHONPATH pointing at it, and pgmock loads it with
``--plugin <module path>``, which is what its own CLI test does too.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from clihelp import pgmock, run_pytest
from pgharness import PgCluster


def test_scaffolded_package_passes_its_tests_and_restores(
    pg: PgCluster, pgdb: str, tmp_path: Path
) -> None:
    target = tmp_path / "pgmock-acme-retail"
    done = pgmock("plugin", "new", "acme-retail", "--directory", str(target))
    assert b"tests/test_plugin.py" in done.stdout
    meta = (target / "pyproject.toml").read_text()
    assert 'name = "pgmock-acme-retail"' in meta
    assert '[project.entry-points.pgmock]\nacme-retail = "pgmock_acme_retail.plugin"' in meta
    env = {k: v for k, v in os.environ.items() if not k.startswith("PGMOCK_")}
    env["PYTHONPATH"] = str(target)
    run = run_pytest(target, env)
    assert run.returncode == 0, run.stdout.decode() + run.stderr.decode()
    assert b"3 passed" in run.stdout

    schema = tmp_path / "items.json"
    schema.write_text(
        json.dumps(
            {
                "version": "1.0",
                "tables": {
                    "items": {
                        "rowCount": 20_000,
                        "columns": {
                            "id": {"type": "serial", "primaryKey": True},
                            "item_code": {"type": "varchar(16)", "unique": True},
                            "batch": {"type": "text", "generator": "acme_retail_code_alias"},
                        },
                    }
                },
            }
        )
    )
    # An unknown generator name is a schema error; fix it and generate.
    plugin_env = {"PYTHONPATH": str(target)}
    bad = pgmock(
        "--plugin", "pgmock_acme_retail.plugin", "validate", str(schema),
        check=False, env=plugin_env,
    )  # fmt: skip
    assert bad.returncode == 2
    assert b'unknown generator "acme_retail_code_alias"' in bad.stderr
    doc = json.loads(schema.read_text())
    doc["tables"]["items"]["columns"]["batch"] = {
        "type": "char(9)",
        "generator": "code",
        "params": {"prefix": "B", "digits": 8},
    }
    schema.write_text(json.dumps(doc))
    out = tmp_path / "items.sql"
    pgmock(
        "--plugin", "pgmock_acme_retail.plugin", "generate", str(schema), "-f", str(out),
        env=plugin_env,
    )  # fmt: skip
    pg.restore_plain(out, pgdb)
    rows = pg.query("SELECT item_code, batch FROM items", pgdb)
    codes = [r[0] or "" for r in rows]
    assert len(codes) == 20_000 and len(set(codes)) == 20_000  # inferred from "item_code"
    assert all(re.fullmatch(r"RETAIL-\d{6}", c) for c in codes)
    assert all(re.fullmatch(r"B\d{8}", r[1] or "") for r in rows)
