"""Relationship shapes: a cycle of generated keys without a nullable foreign key is a
schema error, and planning breaks a cycle in the plan without changing the schema."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from pgmock.generate.plan import make_plan
from pgmock.plugins.host import make_host
from pgmock.schema import resolve_schema

from clihelp import pgmock
from sample_schemas import KEY_CYCLE, write_tables


def test_generated_key_cycle_without_nullable_fk_is_a_schema_error(tmp_path: Path) -> None:
    tables = json.loads(json.dumps(KEY_CYCLE))
    tables["a"]["columns"]["b_key"]["nullable"] = False
    proc = pgmock("validate", str(write_tables(tmp_path, tables)), check=False)
    assert proc.returncode == 2
    assert b"foreign keys form a cycle of generated keys with no nullable column" in proc.stderr


def test_the_plan_holds_the_broken_fk_and_leaves_the_schema_alone(tmp_path: Path) -> None:
    """Planning breaks the cycle in the plan; the resolved schema (which other plans, the
    TOC and the engine read) is not changed."""
    schema = resolve_schema(
        {"version": "1.0", "tables": KEY_CYCLE}, {}, ["s.json"], make_host(env={}).registry
    )
    before = copy.deepcopy(schema)
    plan = make_plan(schema)
    assert schema == before
    broken = schema.tables["a"].columns["b_key"].fk
    assert plan.broken_fks == [broken] and plan.is_broken(broken)
    assert not plan.is_broken(copy.deepcopy(broken))  # the FK itself, not an equal one
    assert not make_plan(schema).is_broken(schema.tables["b"].columns["a_key"].fk)
