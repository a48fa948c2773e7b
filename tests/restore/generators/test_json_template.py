"""JSON templates with generator leaves (nested.json_template): json and jsonb documents
restored into a real PostgreSQL in every format and read back byte for byte, JSON value
encoding checked against the server's own, leaves checked against their generators."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pgmock_builtins import _places
from pgmock_builtins.json_template_gen import json_values

from json_template_schema import ADVERSARIAL, FLOATS, ROWS, TEMPLATE, docs_schema
from pgharness import PgCluster
from roundtrip import ALL_FORMATS, roundtrip
from server_text import copy_fields


@pytest.fixture(scope="module")
def rows(pg: PgCluster, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Any]]:
    """The round trip in every format; column -> its values as written (COPY decoded)."""
    blocks = roundtrip(pg, docs_schema(), tmp_path_factory.mktemp("json"), ALL_FORMATS)
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
    schema = docs_schema(rows=40, template=template)
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
    schema = docs_schema(rows=60, template=template)
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
