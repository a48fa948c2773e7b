"""JSON templates with generator leaves (nested.json_template): json and jsonb documents
restored into a real PostgreSQL in every format and read back byte for byte, JSON value
encoding checked against the server's own, leaves checked against their generators,
determinism, and validation errors with their JSON paths."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pgmock.plugins.host import make_host
from pgmock.schema.resolver import Resolver
from pgmock_builtins import _places
from pgmock_builtins.json_template_gen import json_values, natural_type

from clihelp import pgmock
from pgharness import PgCluster
from roundtrip import ALL_FORMATS, roundtrip
from server_text import copy_fields

# Strings that need JSON escaping (quotes, backslash, control characters) or look like
# something else; unicode up to 4-byte UTF-8.
ADVERSARIAL = [
    'say "hi"',
    "back\\slash",
    "tab\there",
    "line\nbreak",
    "cr\rx",
    "\x01\x08\x0c\x1f ctl",
    "é ü 日本 😀 e\u0301",
    "\u2028\u2029",
    "del\x7f",
    "\\u0000 literal",
    "",
    " ",
    "null",
    '{"a": 1}',
    "NaN",
]
FLOATS = [1e20, 1.5e-07, -0.0, 0.1, 123456789.125, 1e-05, 2.5e16, 5e-324, -1.7976931348623157e308]

TEMPLATE: dict[str, Any] = {
    "id": {"generator": "core.sequence"},
    "customer": {
        "name": "faker.full_name",
        "city": {"generator": "faker.city"},
        "zip": "faker.postal_code",
        "vip": {"generator": "core.boolean", "params": {"true_ratio": 0.1}},
    },
    "shipping": {"city": "faker.city", "zip": "faker.postal_code"},
    "tags": {
        "array": {"generator": "core.text", "params": {"min_words": 1, "max_words": 1}},
        "min": 0,
        "max": 4,
    },
    "score": {"generator": "core.decimal", "type": "numeric(5,2)", "nullRatio": 0.2},
    "odd": {"generator": "core.choice", "params": {"values": ADVERSARIAL}},
    "floats": {"generator": "core.choice", "type": "float8", "params": {"values": FLOATS}},
    "special": {
        "generator": "core.decimal",
        "type": "float8",
        "params": {"nan_ratio": 0.2, "infinity_ratio": 0.2},
    },
    "tiny": {
        "generator": "core.decimal",
        "type": "float4",
        "params": {"min": 0, "max": 0.0001, "decimals": 9},
    },
    "big": {
        "generator": "core.integer",
        "type": "int8",
        "params": {"min": -9223372036854775808, "max": 9223372036854775807},
    },
    "rank": {
        "generator": "core.integer",
        "params": {"min": 1, "max": 1000},
        "distribution": {"name": "zipf", "s": 1.5, "n_ranks": 1000},
    },
    "legacy": "words",
    "n": "int",
    "when": {"generator": "core.date", "params": {"start": "2020-01-01", "end": "2020-12-31"}},
    "matrix": {
        "array": {
            "array": {"generator": "core.integer", "params": {"min": -5, "max": 5}},
            "min": 1,
            "max": 2,
        },
        "max": 2,
    },
    "items": {
        "array": {
            "sku": "core.uuid",
            "qty": {"generator": "faker.quantity"},
            "note": {"generator": "core.text", "nullRatio": 0.5},
        },
        "min": 1,
        "max": 3,
    },
    "sub": {"generator": "core.json", "params": {"template": {"b": "bool", "aa": "int"}}},
    'key "quoted" é\n': "faker.city",
    "": {"generator": "core.boolean"},
}
ROWS = 300


def _schema(rows: int = ROWS, template: dict[str, Any] | None = None) -> dict[str, Any]:
    template = template or TEMPLATE
    return {
        "version": "1.0",
        "seed": 11,
        "tables": {
            "docs": {
                "rowCount": rows,
                "columns": {
                    "id": {"type": "serial", "primaryKey": True},
                    "doc": {"type": "jsonb", "params": {"template": template}},
                    "raw": {"type": "json", "params": {"template": template}},
                    "lines": {
                        "type": "jsonb",
                        "nullRatio": 0.1,
                        "params": {
                            "template": {
                                "array": {"city": "faker.city", "n": {"generator": "core.integer"}},
                                "max": 3,
                            }
                        },
                    },
                    "town": {"type": "json", "params": {"template": "faker.city"}},
                },
            }
        },
    }


@pytest.fixture(scope="module")
def rows(pg: PgCluster, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Any]]:
    """The round trip in every format; column -> its values as written (COPY decoded)."""
    blocks = roundtrip(pg, _schema(), tmp_path_factory.mktemp("json"), ALL_FORMATS)
    cols, lines = blocks["public.docs"]
    names = [c.strip() for c in cols.split(",")]
    fields = [copy_fields(line) for line in lines]
    return {name: [f[i] for f in fields] for i, name in enumerate(names)}


def _jsonb_order(keys: list[str]) -> list[str]:
    return sorted(keys, key=lambda k: (len(k.encode()), k.encode()))


# --------------------------------------------------------------------------- round trips


def test_documents_round_trip_in_every_format(rows: dict[str, list[Any]]) -> None:
    # roundtrip() asserted the server's text equals ours in every format; here the shape.
    assert len(rows["doc"]) == ROWS
    for doc, raw in zip(rows["doc"], rows["raw"]):
        obj, plain = json.loads(doc), json.loads(raw)
        assert list(obj) == _jsonb_order(list(TEMPLATE))
        assert list(plain) == list(TEMPLATE)  # json keeps the template's order
        assert list(obj["customer"]) == ["vip", "zip", "city", "name"]
        assert list(plain["customer"]) == ["name", "city", "zip", "vip"]
        assert ", " in doc and '": ' in doc


def test_leaves_agree_with_their_generators(rows: dict[str, list[Any]]) -> None:
    docs = [json.loads(d) for d in rows["doc"]]
    places = _places.places("en_US")
    assert places is not None
    by_name: dict[str, list[int]] = {}
    for i, c in enumerate(places.city.tolist()):
        by_name.setdefault(c, []).append(i)

    def zip_of(city: str, code: str) -> bool:
        return any(lo <= int(code) <= hi for r in by_name[city] for lo, hi in places.ranges(r))

    assert [d["id"] for d in docs] == list(range(1, ROWS + 1))
    same_place = 0
    for d in docs:
        customer = d["customer"]
        assert zip_of(customer["city"], customer["zip"]), customer  # one real place
        assert zip_of(d["shipping"]["city"], d["shipping"]["zip"]), d["shipping"]
        same_place += customer["city"] == d["shipping"]["city"]
        assert re.fullmatch(r"\S+ \S+", customer["name"])
        assert isinstance(customer["vip"], bool)
        assert 0 <= len(d["tags"]) <= 4 and all(re.fullmatch(r"\w+", t) for t in d["tags"])
        assert d["odd"] in ADVERSARIAL
        assert float(d["floats"]) in FLOATS  # 1e+308 in jsonb reads back as an int
        assert d["special"] is None or isinstance(d["special"], (int, float))
        assert isinstance(d["big"], int) and -(2**63) <= d["big"] < 2**63
        assert isinstance(d["n"], int) and 1 <= d["n"] <= 1000
        assert re.fullmatch(r"2020-\d\d-\d\d", d["when"])
        assert 0 <= len(d["matrix"]) <= 2
        assert all(1 <= len(m) <= 2 and all(-5 <= v <= 5 for v in m) for m in d["matrix"])
        assert 1 <= len(d["items"]) <= 3
        for item in d["items"]:
            assert list(item) == ["qty", "sku", "note"]
            assert re.fullmatch(
                r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", item["sku"]
            )
            assert isinstance(item["qty"], int) and 1 <= item["qty"] <= 10
        assert list(d["sub"]) == ["b", "aa"] and isinstance(d["sub"]["b"], bool)
        assert d['key "quoted" é\n'] in by_name
        assert isinstance(d[""], bool)
    # distinct objects are distinct places; the leaves of one object agree
    assert same_place < ROWS / 2
    ranks = [d["rank"] for d in docs]
    assert all(1 <= r <= 1000 for r in ranks) and ranks.count(1) > ROWS / 5  # zipf: mostly 1
    vip = sum(d["customer"]["vip"] for d in docs) / ROWS
    assert 0.03 < vip < 0.2
    nulls = sum(d["score"] is None for d in docs) / ROWS
    assert 0.1 < nulls < 0.3
    notes = [i["note"] for d in docs for i in d["items"]]
    assert 0.35 < sum(n is None for n in notes) / len(notes) < 0.65
    assert {d["odd"] for d in docs} == set(ADVERSARIAL)
    assert any(d["special"] is None for d in docs) and any(d["special"] for d in docs)
    assert len({d["customer"]["city"] for d in docs}) > 20
    # sequences inside arrays number the elements, distinct across the table
    skus = [i["sku"] for d in docs for i in d["items"]]
    assert len(set(skus)) == len(skus)


def _member(doc: str, key: str) -> str:
    """The text of a top-level number member as written."""
    m = re.search(rf'"{key}": ([^,}}]+)', doc)
    assert m is not None, doc
    return m[1]


def test_numbers_keep_their_text(rows: dict[str, list[Any]]) -> None:
    # numeric(5,2) keeps two decimals (1.50 stays 1.50); jsonb prints floats as numeric
    scores = [_member(d, "score") for d in rows["doc"]]
    assert all(s == "null" or re.fullmatch(r"-?\d{1,3}\.\d\d", s) for s in scores), scores
    assert any(s.endswith("0") for s in scores if s != "null")
    floats = {_member(d, "floats") for d in rows["doc"]}
    assert "100000000000000000000" in floats and "0.00000015" in floats
    assert "0" in floats and not any("e" in f or f.startswith("-0") for f in floats)
    raw = {_member(d, "floats") for d in rows["raw"]}
    assert "1e+20" in raw and "-0" in raw  # json keeps float8's text as it is


def test_top_level_arrays_and_leaves(rows: dict[str, list[Any]]) -> None:
    lines = rows["lines"]
    nulls = sum(v is None for v in lines) / len(lines)
    assert 0.03 < nulls < 0.2
    for text in filter(None, lines):
        value = json.loads(text)
        assert isinstance(value, list) and len(value) <= 3
        assert all(list(e) == ["n", "city"] for e in value)
    assert all(isinstance(json.loads(t), str) for t in rows["town"])


def test_leaves_see_earlier_leaves_of_their_object(pg: PgCluster, tmp_path: Path) -> None:
    # a JavaScript leaf reads its object's earlier leaves by key, as columns read columns
    twice = {
        "generator": "js",
        "type": "int8",
        "params": {"code": "(n, r, rows) => rows.n.map(v => 2 * v)"},
    }
    item = {"n": {"generator": "core.integer", "params": {"min": 1, "max": 99}}, "twice": twice}
    template = {**item, "items": {"array": item, "min": 1, "max": 3}}
    schema = _schema(rows=40, template=template)
    del schema["tables"]["docs"]["columns"]["lines"]
    blocks = roundtrip(pg, schema, tmp_path, ("p", "c"), args=("--jobs", "2"))
    for line in blocks["public.docs"][1]:
        doc = json.loads(copy_fields(line)[1] or "")
        for obj in (doc, *doc["items"]):
            assert obj["twice"] == 2 * obj["n"], doc


def test_leaves_of_user_types(pg: PgCluster, tmp_path: Path) -> None:
    template = {
        "mood": {"generator": "core.enum", "type": "mood"},
        "pos": {"generator": "core.integer", "type": "posint", "params": {"max": 5}},
        "where": "faker.city",
    }
    schema = _schema(rows=60, template=template)
    del schema["tables"]["docs"]["columns"]["lines"]
    schema["types"] = {
        "mood": {"enum": ["sad", 'very "happy"']},
        "posint": {"domain": "integer", "check": "VALUE > 0"},
    }
    blocks = roundtrip(pg, schema, tmp_path, ("p",))
    docs = [json.loads(copy_fields(line)[1] or "") for line in blocks["public.docs"][1]]
    assert {d["mood"] for d in docs} == {"sad", 'very "happy"'}
    assert {d["pos"] for d in docs} <= {1, 2, 3, 4, 5}


# --------------------------------------------------------------------------- the server's encoding


def _server_json(pg: PgCluster, pgdb: str, sql: str) -> str:
    out = pg.psql("-At", "-f", "-", input=sql.encode(), db=pgdb).stdout.decode()
    return out.rstrip("\n")


def _literal(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def test_strings_are_escaped_as_postgresql_escapes_them(pg: PgCluster, pgdb: str) -> None:
    rng = np.random.default_rng(5)
    alphabet = [chr(c) for c in range(1, 0x80)] + ["é", "日", "😀", "\u2028", "\ufeff"]
    randoms = ["".join(rng.choice(alphabet, rng.integers(0, 12))) for _ in range(300)]
    values = ADVERSARIAL + randoms
    array = "ARRAY[" + ", ".join(map(_literal, values)) + "]::text[]"
    for fn, jsonb in (("to_jsonb", True), ("to_json", False)):
        server = _server_json(
            pg,
            pgdb,
            f"SELECT json_agg({fn}(x) ORDER BY i)::text FROM unnest({array}) "
            "WITH ORDINALITY u(x, i)",
        )
        ours = json_values(values, "string", jsonb, "t.doc.x")
        assert json.loads(server) == values
        # json_agg separates elements with ", " like jsonb arrays do
        assert server == "[" + ", ".join(ours) + "]"


def test_numbers_are_what_jsonb_prints(pg: PgCluster, pgdb: str) -> None:
    rng = np.random.default_rng(9)
    doubles = np.concatenate(
        [rng.standard_normal(200) * 10.0 ** rng.integers(-30, 30, 200), [0.0, -0.0, 3e38]]
    )
    for typ, big in (("float8", [1e300, 5e-324]), ("float4", [])):
        floats = "ARRAY[" + ", ".join(map(repr, [*doubles.tolist(), *big])) + "]::float8[]"
        pairs = pg.query(
            f"SELECT x::{typ}::text, (x::{typ}::text)::jsonb::text FROM unnest({floats}) x", pgdb
        )
        texts = [p[0] for p in pairs]
        assert json_values(texts, "number", True, "t") == [p[1] for p in pairs]
        # json keeps the float's text, which is valid JSON
        assert json_values(texts, "number", False, "t") == texts
    specials = ["NaN", "Infinity", "-Infinity", "1.50", "-0.00", "12345678901234567890.5"]
    assert json_values([*specials, None], "number", True, "t") == [
        *("null", "null", "null", "1.50", "0.00", "12345678901234567890.5", "null")
    ]
    assert pg.scalar("SELECT '-0.00'::numeric::text::jsonb::text", pgdb) == "0.00"
    assert json_values(["t", "f", None], "bool", True, "t") == ["true", "false", "null"]


# --------------------------------------------------------------------------- determinism


def _digest(path: Path, *args: str) -> str:
    out = pgmock("generate", str(path), *args).stdout
    return hashlib.sha256(out).hexdigest()


def test_same_seed_same_bytes_and_jobs_do_not_matter(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps(_schema(rows=25_000)), encoding="utf-8")
    one = _digest(path, "--jobs", "1")
    assert one == _digest(path, "--jobs", "1")
    assert one == _digest(path, "--jobs", "2")
    assert one != _digest(path, "--seed", "12")


def test_adding_a_leaf_leaves_the_others_alone(tmp_path: Path) -> None:
    def docs(template: dict[str, Any]) -> list[dict[str, Any]]:
        schema = _schema(rows=50, template=template)
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
