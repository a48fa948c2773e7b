"""Arrays: rendered as array_out prints them, checked against the real server, and
round-tripped in every output format."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np

from pgmock.render.values import render_values
from pgmock_sdk import parse_type

from array_setup import gen, make
from pgharness import PgCluster
from pgtools import server_texts
from roundtrip import roundtrip

# Text that array_out must quote or escape, or must not: delimiters, quotes,
# backslashes, braces, whitespace, spellings of NULL, empty, non-ASCII, ';' (box's
# delimiter, not text's) and range syntax.
SPECIAL = [
    "a,b",
    'c"d',
    "e\\f",
    "{g}",
    " lead",
    "trail ",
    "NULL",
    "null",
    "nUlL",
    "nulls",
    "",
    "ünï",
    "tab\there",
    "new\nline",
    "cr\rx",
    "😀",
    "x;y",
    "[1,3)",
    "plain",
]


# --------------------------------------------------------------------------- the server

# (type, generator params) loaded into a real table and read back
SERVER_CASES: list[tuple[str, dict[str, Any]]] = [
    ("int4[][]", {"shape": [[0, 3], [1, 3]], "element_null_ratio": 0.1}),
    ("int8[][][]", {"max_length": 3}),
    ("text[][]", {"element_generator": "choice", "element": {"values": SPECIAL}}),
    (
        "text[][][]",
        {
            "element_generator": "choice",
            "element": {"values": SPECIAL},
            "shape": [2, [1, 2], [1, 3]],
            "element_null_ratio": 0.2,
        },
    ),
    ("varchar(6)[]", {"element_generator": "choice", "element": {"values": SPECIAL[:7]}}),
    ("char(3)[]", {}),
    ("int4range[]", {"element": {"empty_ratio": 0.2, "unbounded_ratio": 0.3}}),
    ("numrange[][]", {"element": {"bounds": "(]", "unbounded_ratio": 0.2}}),
    ("tstzrange[]", {"element": {"unbounded_ratio": 0.2, "empty_ratio": 0.1}}),
    ("tsrange[]", {}),
    ("daterange[]", {"element_null_ratio": 0.2}),
    ("int4multirange[]", {"element": {"unbounded_ratio": 0.3}}),
    ("datemultirange[]", {}),
    ("uuid[]", {}),
    ("inet[]", {}),
    ("cidr[]", {}),
    ("macaddr[]", {}),
    ("macaddr8[]", {}),
    ("date[]", {"element": {"start": "0001-01-01", "end": "9999-12-31"}}),
    ("timestamptz[]", {"element": {"resolution": "us"}}),
    ("timestamp(3)[][]", {"element": {"resolution": "ms"}}),
    ("time[]", {}),
    ("timetz[]", {}),
    ("interval[]", {}),
    ("numeric(8,3)[]", {"element": {"min": -99999, "max": 99999}}),
    ("numeric[]", {}),
    ("float8[]", {"element": {"decimals": 9, "min": -1, "max": 1}}),
    ("float4[]", {}),
    ("int2[]", {"element_generator": "sequence"}),
    ("bool[]", {"element_null_ratio": 0.3}),
    ("bytea[]", {}),
    ("json[]", {}),
    ("jsonb[]", {}),
    ("xml[]", {}),
    ("mood[][]", {}),
    ("text[]", {"element_generator": "sentence"}),
    # the scalars helper's types: the element text is theirs, the array syntax ours
    ("box[]", {}),
    ("point[][]", {}),
    ("line[]", {}),
    ("lseg[]", {}),
    ("path[]", {}),
    ("polygon[]", {}),
    ("circle[]", {}),
    ("bit(4)[]", {}),
    ("varbit[]", {}),
    ('"char"[]', {}),
    ("pg_lsn[]", {}),
    ("tsvector[]", {}),
    ("tsquery[]", {}),
]


def test_server_prints_generated_arrays_back_unchanged(pg: PgCluster, pgdb: str) -> None:
    types, columns = [], []
    for i, (type_name, params) in enumerate(SERVER_CASES):
        g = make(type_name, params)
        types.append(type_name)
        columns.append(render_values(gen(g, 300, seed=i), g.column.type, g.column.path))
    setup = "CREATE TYPE mood AS ENUM ('sad', 'ok', 'so-so happy');"
    back = server_texts(pg, pgdb, setup, types, columns)
    for (type_name, _), mine, theirs in zip(SERVER_CASES, columns, back, strict=True):
        for a, b in zip(mine, theirs, strict=True):
            assert a == b, f"{type_name}: wrote {a!r}, PostgreSQL holds {b!r}"
    special = columns[3]
    assert any('"NULL"' in v and ",NULL" in v for v in special if v), "NULL vs 'NULL'"


def test_hand_written_values_render_as_the_server_prints_them(pg: PgCluster, pgdb: str) -> None:
    cases: list[tuple[str, list[Any]]] = [
        # box arrays separate elements with ';' and so do not quote commas
        ("box[]", [["(1,1),(0,0)", "(3,3),(2,2)"], ["(2,2),(1,1)", None], []]),
        ("point[][]", [[["(1,2)", "(3,4)"]], [["(0,0)"], ["(1.5,-2)"]]]),
        ("text[][]", [[["a b", "c"], ['d"', None]], [[], []], (("x",), ("y",)), None]),
        ("int4[][]", [np.arange(6).reshape(2, 3), [[1], [2]], [], "{{7,8}}"]),
        ("float8[]", [[1.5, float("nan"), float("inf"), -0.0, 1e300, 5e-324]]),
        ("numeric[]", [[1, 2.5, None]]),
    ]
    types = [t for t, _ in cases]
    columns = [
        render_values(values, parse_type(t), f"t.{i}") for i, (t, values) in enumerate(cases)
    ]
    width = max(map(len, columns))
    columns = [c + [None] * (width - len(c)) for c in columns]
    back = server_texts(pg, pgdb, "", types, columns)
    assert back == columns
    assert columns[0][0] == "{(1,1),(0,0);(3,3),(2,2)}"
    assert columns[2][:2] == ['{{"a b",c},{"d\\"",NULL}}', "{}"]
    assert columns[3][:4] == ["{{0,1,2},{3,4,5}}", "{{1},{2}}", "{}", "{{7,8}}"]


# --------------------------------------------------------------------------- round trips

ROUND_TRIP = {
    "version": "1.0",
    "seed": 21,
    "tables": {
        "arrays": {
            "rowCount": 400,
            "columns": {
                "id": {"type": "serial", "primaryKey": True},
                "grid": {"type": "integer[][]", "params": {"shape": [[1, 3], [1, 4]]}},
                "cube": {"type": "int4[][][]", "nullRatio": 0.1, "params": {"max_length": 2}},
                "words": {
                    "type": "text[][]",
                    "params": {
                        "element_generator": "choice",
                        "element": {"values": SPECIAL},
                        "element_null_ratio": 0.1,
                    },
                },
                "words3": {
                    "type": "text[][][]",
                    "params": {
                        "element_generator": "choice",
                        "element": {"values": SPECIAL},
                        "shape": [[0, 2], 2, [1, 2]],
                    },
                },
                "spans": {
                    "type": "int4range[]",
                    "params": {"element": {"empty_ratio": 0.2, "unbounded_ratio": 0.2}},
                },
                "stays": {"type": "tstzrange[]", "nullRatio": 0.1},
                "ids": {"type": "uuid[]"},
                "hosts": {"type": "inet[]"},
                "days": {"type": "date[]", "params": {"element_null_ratio": 0.2}},
                "moments": {"type": "timestamptz[]"},
                "prices": {"type": "numeric(10,2)[]"},
                "parts": {"type": "int4multirange[]"},
                "sized": {
                    "type": "integer[]",
                    "distribution": {"name": "normal", "mean": 6, "stddev": 1},
                },
            },
        }
    },
}


def test_arrays_round_trip_in_every_format(pg: PgCluster, tmp_path: Path) -> None:
    blocks = roundtrip(pg, ROUND_TRIP, tmp_path)
    cols, rows = blocks["public.arrays"]
    names = cols.split(", ")
    cells = [dict(zip(names, row.split("\t"), strict=True)) for row in rows]
    assert len(cells) == 400
    assert all(re.fullmatch(r"\{(\{\d+(,\d+)*\},?)+\}", c["grid"]) for c in cells)
    assert any(c["cube"].startswith("{{{") for c in cells) and any(
        c["cube"] == "\\N" for c in cells
    )
    assert any("NULL" in c["words"] for c in cells) and any('\\\\"' in c["words"] for c in cells)
    lengths = [c["sized"].count(",") + 1 for c in cells if c["sized"] != "{}"]
    assert 5.7 < sum(lengths) / len(lengths) < 6.3, "lengths follow normal(6, 1)"
    assert max(lengths) > 7, "not clipped to the default max_length"
