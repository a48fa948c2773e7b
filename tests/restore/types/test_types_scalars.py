"""bit, bit varying, "char", pg_lsn, the geometric types, tsvector and tsquery, against a
real server: it prints every generated value back unchanged (``x::type::text = x``, also
on other PostgreSQL majors), and a table of all these types and their arrays round-trips
through every output format.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from pgmock_builtins.binary_gen import (
    BitGenerator,
    CharGenerator,
    LsnGenerator,
    VarbitGenerator,
)
from pgmock_builtins.geometric_gen import (
    GEOMETRIC_GENERATORS,
)
from pgmock_builtins.textsearch_gen import (
    _FIXED,
    _SLOT0,
    TsqueryGenerator,
    TsvectorGenerator,
    query_templates,
)
from pgmock_sdk import Generator, parse_type
from pgmock_sdk.copytext import copy_escape_column

from pgharness import PgCluster
from roundtrip import roundtrip
from scalar_setup import gen, make

# --------------------------------------------------------------------------- the server


def _server_mismatches(pg: PgCluster, db: str, type_sql: str, values: list[str]) -> list[Any]:
    """Values whose text PostgreSQL prints differently (value::type::text <> value)."""
    data = "".join(line + "\n" for line in copy_escape_column(values)).encode()
    pg.psql("-q", "-c", "DROP TABLE IF EXISTS v; CREATE TABLE v (t text)", db=db)
    pg.psql("-q", "-c", "COPY v FROM STDIN", db=db, input=data)
    assert pg.scalar("SELECT count(*) FROM v", db) == str(len(values))
    printed = f"t::{type_sql}::text"
    # JSON text shows control characters escaped, whatever the values hold
    return pg.query(
        f"SELECT to_json(t)::text, to_json({printed})::text FROM v WHERE {printed} <> t", db
    )


def _canonical_cases() -> list[tuple[str, str, list[str]]]:
    """(label, type, values) covering default and edge parameters of every generator."""
    cases: list[tuple[str, str, list[str]]] = []

    def add(cls: type[Generator], type_name: str, params: dict[str, Any], **col: Any) -> None:
        g = make(cls, type_name, params, **col)
        cases.append((f"{cls.name} {params}", type_name, gen(g, 1500, seed=11)))

    add(BitGenerator, "bit(13)", {})
    add(BitGenerator, "bit(70)", {}, unique=True)
    add(VarbitGenerator, "varbit", {"min_length": 0})
    add(CharGenerator, '"char"', {"alphabet": "".join(map(chr, range(1, 128)))})
    add(LsnGenerator, "pg_lsn", {"min": 0, "max": (1 << 64) - 1})
    add(LsnGenerator, "pg_lsn", {"min": 0, "max": 300})
    for cls in GEOMETRIC_GENERATORS:
        add(cls, cls.name, {})
        add(cls, cls.name, {"decimals": 4, "min": -0.01, "max": 0.01})
        add(cls, cls.name, {"decimals": 0, "min": -999999999999999, "max": 999999999999999})
        add(cls, cls.name, {"decimals": 4, "min": -99999999999.9999, "max": 99999999999.9999})
    add(TsvectorGenerator, "tsvector", {"max_lexemes": 30, "max_positions": 256})
    odd_words = ["it's", "a\\b", "x y", "Ünï", "日本", "a", "ab", "b", "aa", "é", "e", "A", "ß"]
    add(TsvectorGenerator, "tsvector", {"words": odd_words, "min_lexemes": 0, "max_lexemes": 13})
    add(TsvectorGenerator, "tsvector", {}, locale="ja_JP")
    add(TsqueryGenerator, "tsquery", {"max_terms": 5, "not_ratio": 0.4})
    add(TsqueryGenerator, "tsquery", {"max_terms": 5, "words": odd_words})
    # every query template of up to four operands (negations of operands included)
    templates, _, _ = query_templates(4, ("&", "|", "<->"))
    words = ["'w0'", "!'w1'", "'w2'", "!'w3'"]
    every = [
        "".join(_FIXED[t] if t < _SLOT0 else words[t - _SLOT0] for t in row if t >= 0)
        for row in templates.tolist()
    ]
    cases.append(("every tsquery template", "tsquery", every))
    return cases


def _assert_canonical(pg: PgCluster) -> None:
    db = pg.create_db()
    try:
        for label, type_name, values in _canonical_cases():
            type_sql = parse_type(type_name).display()
            bad = _server_mismatches(pg, db, type_sql, values)
            assert not bad, f"PostgreSQL {pg.version}: {label}: wrote vs printed {bad[:5]}"
    finally:
        pg.drop_db(db)


def test_server_prints_every_value_unchanged(pg: PgCluster) -> None:
    _assert_canonical(pg)


@pytest.mark.pgmatrix
@pytest.mark.parametrize("major", [14, 18])
def test_canonical_on_other_majors(pg_cluster_factory: Any, major: int) -> None:
    _assert_canonical(pg_cluster_factory(major))


def test_tsvector_order_is_bytewise_on_the_server(pg: PgCluster, pgdb: str) -> None:
    # tsCompareString: memcmp over the shorter length, then the shorter first
    text = pg.scalar("SELECT 'b ab a aa ba zz é e ß 日本 A'::tsvector::text", pgdb)
    words = ["b", "ab", "a", "aa", "ba", "zz", "é", "e", "ß", "日本", "A"]
    assert text == " ".join(f"'{w}'" for w in sorted(words, key=lambda w: w.encode()))


# --------------------------------------------------------------------------- round trip

SCALARS: dict[str, dict[str, Any]] = {
    "b1": {"type": "bit"},
    "b12": {"type": "bit(12)", "unique": True},
    "b100": {"type": "bit(100)", "nullRatio": 0.2},
    "vb": {"type": "bit varying(10)"},
    "vbu": {"type": "varbit", "params": {"min_length": 0, "max_length": 70}},
    "ch": {"type": '"char"', "nullRatio": 0.1},
    "chx": {"type": '"char"', "params": {"alphabet": "\\\t\n\r ,'\"{}.aZ"}},
    "lsn": {"type": "pg_lsn", "unique": True},
    "pt": {"type": "point"},
    "ln": {"type": "line"},
    "ls": {"type": "lseg", "nullRatio": 0.3},
    "bx": {"type": "box"},
    "pa": {"type": "path"},
    "pg": {"type": "polygon", "params": {"decimals": 4, "min": -0.5, "max": 0.5}},
    "ci": {"type": "circle"},
    "tv": {"type": "tsvector", "nullRatio": 0.1},
    "tvw": {"type": "tsvector", "params": {"words": ["it's", "a\\b", "x y", "日本", "a\tb"]}},
    "tvr": {"type": "tsvector", "locale": "ru_RU"},
    "tq": {"type": "tsquery", "params": {"max_terms": 5}},
    "tqw": {"type": "tsquery", "params": {"words": ["it's", "a\\b", 'x"y', "{z}", "n,m"]}},
}
ARRAYS: dict[str, dict[str, Any]] = {
    f"{name}_a": {"type": spec["type"] + "[]", "nullRatio": 0.1}
    for name, spec in SCALARS.items()
    if name not in ("b1", "b100", "vbu", "tvr", "tqw")
}
ARRAYS["chx_a"]["params"] = {"element": {"alphabet": "\\\t\n\r ,'\"{}.aZ"}}
ARRAYS["tvw_a"]["params"] = {"element": SCALARS["tvw"]["params"]}
ARRAYS["bx_2d"] = {"type": "box[][]"}


def test_every_scalar_type_round_trips_in_every_format(pg: PgCluster, tmp_path: Path) -> None:
    schema = {
        "version": "1.0",
        "tables": {
            "scalars": {
                "rowCount": 300,
                "columns": {"id": {"type": "serial", "primaryKey": True}, **SCALARS, **ARRAYS},
            }
        },
    }
    blocks = roundtrip(pg, schema, tmp_path)
    cols, rows = blocks["public.scalars"]
    assert len(rows) == 300
    names = [c.strip().strip('"') for c in cols.split(",")]
    cells = [r.split("\t") for r in rows]
    by_name = {name: [c[i] for c in cells] for i, name in enumerate(names)}
    # the data is really there: NULL shares, array shapes, box arrays with ";"
    assert 0 < by_name["ls"].count("\\N") < 300
    assert all(re.fullmatch("[01]{12}", v) for v in by_name["b12"])
    assert len(set(by_name["lsn"])) == 300
    assert any(";" in v for v in by_name["bx_a"] if v != "\\N")
    assert any(v.startswith("{{") for v in by_name["bx_2d"])
    assert any("<->" in v for v in by_name["tq"])
