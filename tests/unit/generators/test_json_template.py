"""JSON templates with generator leaves (nested.json_template): determinism,
independence of leaves, natural leaf types, and validation errors with their JSON paths.

tests/restore/generators/test_json_template.py restores json and jsonb documents into a real
PostgreSQL in every format and checks their encoding against the server's own."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from pgmock.plugins.host import make_host
from pgmock.schema.resolver import Resolver
from pgmock_builtins.json_template_gen import natural_type

from clihelp import pgmock
from json_template_schema import TEMPLATE, docs_schema
from server_text import copy_fields

# --------------------------------------------------------------------------- determinism


def _digest(path: Path, *args: str) -> str:
    out = pgmock("generate", str(path), *args).stdout
    return hashlib.sha256(out).hexdigest()


def test_same_seed_same_bytes_and_jobs_do_not_matter(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps(docs_schema(rows=25_000)), encoding="utf-8")
    one = _digest(path, "--jobs", "1")
    assert one == _digest(path, "--jobs", "1")
    assert one == _digest(path, "--jobs", "2")
    assert one != _digest(path, "--seed", "12")


def test_adding_a_leaf_leaves_the_others_alone(tmp_path: Path) -> None:
    def docs(template: dict[str, Any]) -> list[dict[str, Any]]:
        schema = docs_schema(rows=50, template=template)
        path = tmp_path / "s.json"
        path.write_text(json.dumps(schema), encoding="utf-8")
        out = pgmock("generate", str(path), "-F", "p").stdout.decode()
        body = out.split("FROM stdin;\n", 1)[1].split("\n\\.\n", 1)[0]
        return [json.loads(copy_fields(line)[2]) for line in body.split("\n")]

    base = {"city": "faker.city", "n": {"generator": "core.integer"}, "tags": TEMPLATE["tags"]}
    more = {"aaa": "faker.full_name", **base, "zzz": {"generator": "core.uuid"}}
    before, after = docs(base), docs(more)
    assert [{k: d[k] for k in base} for d in after] == before


# --------------------------------------------------------------------------- resolution


def test_plain_kind_templates_stay_with_core_json() -> None:
    host = make_host(env={})
    columns = {
        "a": {"type": "jsonb", "params": {"template": {"x": "int", "y": {"z": "name"}}}},
        "b": {"type": "jsonb", "params": {"template": {"x": "faker.city"}}},
        "c": {
            "type": "json",
            "generator": "core.json",
            "params": {"template": {"x": {"array": "int"}}},
        },
        "d": {"type": "json"},
    }
    raw = {"version": "1.0", "tables": {"t": {"rowCount": 3, "columns": columns}}}
    schema = Resolver(host.registry, "s.json", {}).resolve(raw, None)
    chosen = {
        n: c.generator.qualified for n, c in schema.tables["t"].columns.items() if c.generator
    }
    assert chosen == {
        "a": "core.json",
        "b": "nested.json_template",
        "c": "nested.json_template",
        "d": "core.json",
    }


def test_natural_leaf_types() -> None:
    gens = {e.qualified: e.obj for e in make_host(env={}).registry.generators}
    expected = {
        "core.integer": "int4",
        "core.decimal": "numeric",
        "core.sequence": "numeric",
        "core.boolean": "bool",
        "core.date": "date",
        "core.uuid": "uuid",
        "core.json": "json",
        "core.text": "text",
        "core.choice": "text",
        "faker.city": "text",
        "faker.latitude": "numeric",
        "js.js": "text",
    }
    assert {name: natural_type(gens[name]) for name in expected} == expected


def test_validation_errors_name_their_paths(tmp_path: Path) -> None:
    def template(t: Any) -> dict[str, Any]:
        return {"type": "jsonb", "params": {"template": t}}

    columns = {
        "a": template({"customer": {"city": {"generator": "faker.cty"}}}),
        "b": template({"n": {"generator": "faker.city", "type": "int4"}}),
        "c": template({"n": {"generator": "core.integer", "params": {"min": "x"}}}),
        "d": template({"tags": {"array": "faker.city", "min": 5, "max": 2}}),
        "e": template({"x": "city", "ok": "faker.city"}),
        "f": template({"x": {"generator": "faker.city", "parms": {}}}),
        "g": template({"x": {"generator": "faker.city", "type": "nosuch"}}),
        "h": template({"x": "faker.nosuch"}),
        "i": template({"x": {"generator": "core.integer", "distribution": {"name": "zipff"}}}),
        "k": template({"a": {}, "b": {"array": "faker.city"}}),
        "l": template({"x": "nope"}),
        "m": {"type": "json", "params": {"template": {"y": "faker.city"}, "extra": 1}},
        "o": template({"x": {"generator": "core.enum"}}),
    }
    raw = {"version": "1.0", "tables": {"t": {"rowCount": 5, "columns": columns}}}
    path = tmp_path / "s.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    proc = pgmock("validate", str(path), check=False)
    assert proc.returncode == 2, proc.stdout.decode() + proc.stderr.decode()
    err = proc.stderr.decode()
    col = "s.json: tables.t.columns"
    for expected in (
        f'{col}.a.params.template.customer.city.generator: unknown generator "faker.cty"',
        f"{col}.b.params.template.n.generator: generator faker.city cannot fill type integer",
        f"{col}.c.params.template.n.params.min: core.integer:",
        f"{col}.d.params.template.tags.min: min (5) is larger than max (2)",
        f'{col}.e.params.template.x: unknown kind "city": name a generator with its plugin '
        '("faker.city")',
        f"{col}.f.params.template.x.parms: JSON template leaf: unknown key",
        f'{col}.g.params.template.x.type: unknown type "nosuch"',
        f'{col}.h.params.template.x: unknown generator "faker.nosuch"',
        f'{col}.i.params.template.x.distribution.name: unknown distribution "zipff"',
        f"{col}.k.params.template.a: expected a non-empty object",
        f"{col}.l.params.template: core.json:",
        f"{col}.m.params.extra: nested.json_template: unknown key",
        f'{col}.o.params.template.x.type: set "type": generator core.enum fills enum',
    ):
        assert expected in err, f"missing: {expected}\n{err}"
    assert "columns.e.params.template.ok" not in err
    assert "columns.k.params.template.b" not in err
