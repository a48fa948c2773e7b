"""Range and multirange generators: every value is in PostgreSQL's canonical text, which
the real server proves by printing each one back unchanged; round trips in every output
format."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pgharness import PgCluster
from pgtools import server_texts
from range_setup import USER_RANGES, gen, make
from roundtrip import roundtrip

# (type, params) whose values the server must print back unchanged
CANONICAL_CASES: list[tuple[str, dict[str, Any]]] = [
    ("int4range", {}),
    ("int4range", {"empty_ratio": 0.2, "unbounded_ratio": 0.3}),
    ("int4range", {"min": -(2**31), "max": 2**31 - 1, "max_width": 2**32}),
    ("int8range", {"min": -(2**63), "max": 2**63 - 1, "min_width": 2**40, "max_width": 2**62}),
    ("numrange", {}),
    ("numrange", {"decimals": 3, "bounds": "[]", "min": -5, "max": 5, "min_width": 0.001}),
    ("numrange", {"bounds": "()", "unbounded_ratio": 0.3, "unbounded_side": "lower"}),
    ("numrange", {"decimals": 0, "bounds": "(]", "empty_ratio": 0.1}),
    ("tsrange", {"bounds": "(]"}),
    ("tsrange", {"min": "0001-01-01T00:00:00", "max": "9999-12-31T23:59:59", "max_width": 1e9}),
    ("tstzrange", {"unbounded_ratio": 0.5, "unbounded_side": "upper", "empty_ratio": 0.1}),
    ("daterange", {"min": "0001-01-01", "max": "9999-12-31", "max_width": 100_000}),
    ("daterange", {"unbounded_ratio": 0.3, "unbounded_side": "both"}),
    ("f8range", {"decimals": 6, "min": -0.001, "max": 0.001, "bounds": "[]"}),
    ("f8range", {"decimals": 2, "min": -1e12, "max": 1e12, "max_width": 1e11}),
    ("f4range", {"decimals": 3, "max": 999, "bounds": "()"}),
    ("f4range", {"decimals": 6, "min": 0, "max": 0.5}),
    ("i2range", {"min": -32768, "max": 32767, "bounds": "[]", "max_width": 60000}),
    ("i4range", {"bounds": "(]", "unbounded_ratio": 0.2}),
    ("nrange", {"decimals": 4, "min": -1, "max": 1, "empty_ratio": 0.1}),
    ("drange", {"bounds": "()"}),
    ("timerange", {"max": "24:00:00", "bounds": "[]", "max_width": 86400}),
    ("ttzrange", {"bounds": "(]"}),
    ("tsr", {"bounds": "[]", "unbounded_ratio": 0.2}),
    ("tstzr", {}),
    ("moodrange", {"bounds": "[]"}),
    ("int4multirange", {}),
    ("int4multirange", {"min": 1, "max": 12, "min_ranges": 6, "max_ranges": 6}),
    ("int8multirange", {"max_ranges": 8, "unbounded_ratio": 0.4, "min": -(2**63)}),
    ("nummultirange", {"bounds": "(]", "decimals": 1, "max_ranges": 5}),
    ("nummultirange", {"bounds": "()", "min": 0, "max": 1, "max_ranges": 40}),
    ("tsmultirange", {"bounds": "[]", "unbounded_ratio": 0.3}),
    ("tstzmultirange", {"max_ranges": 4, "unbounded_side": "upper", "unbounded_ratio": 0.5}),
    ("datemultirange", {"min": "2024-01-01", "max": "2024-01-10", "max_ranges": 5}),
]


def test_server_prints_every_generated_range_back_unchanged(pg: PgCluster, pgdb: str) -> None:
    setup = "\n".join(sql for _, sql in USER_RANGES.values())
    types, columns = [], []
    for i, (type_name, params) in enumerate(CANONICAL_CASES):
        types.append(type_name)
        columns.append(list[str | None](gen(make(type_name, params), 400, seed=i)))
    back = server_texts(pg, pgdb, setup, types, columns)
    for (type_name, params), mine, theirs in zip(CANONICAL_CASES, columns, back, strict=True):
        for a, b in zip(mine, theirs, strict=True):
            assert a == b, f"{type_name} {params}: wrote {a!r}, PostgreSQL holds {b!r}"


# --------------------------------------------------------------------------- round trips

ROUND_TRIP = {
    "version": "1.0",
    "seed": 11,
    "tables": {
        "spans": {
            "rowCount": 300,
            "columns": {
                "id": {"type": "serial", "primaryKey": True},
                "i4": {
                    "type": "int4range",
                    "nullRatio": 0.1,
                    "params": {"empty_ratio": 0.1, "unbounded_ratio": 0.2},
                },
                "i8": {"type": "int8range", "params": {"min": -(2**62), "max": 2**62}},
                "num": {
                    "type": "numrange",
                    "nullRatio": 0.1,
                    "params": {"bounds": "(]", "decimals": 3, "unbounded_ratio": 0.2},
                },
                "ts": {"type": "tsrange", "params": {"bounds": "[]", "empty_ratio": 0.1}},
                "tstz": {
                    "type": "tstzrange",
                    "params": {"unbounded_ratio": 0.3, "unbounded_side": "upper"},
                },
                "d": {"type": "daterange", "nullRatio": 0.2, "params": {"unbounded_ratio": 0.2}},
                "mi4": {"type": "int4multirange", "nullRatio": 0.1},
                "mi8": {"type": "int8multirange", "params": {"unbounded_ratio": 0.3}},
                "mnum": {"type": "nummultirange", "params": {"bounds": "()", "max_ranges": 6}},
                "mts": {"type": "tsmultirange", "params": {"bounds": "[]"}},
                "mtstz": {"type": "tstzmultirange", "nullRatio": 0.1},
                "md": {"type": "datemultirange", "params": {"min_ranges": 1}},
            },
        }
    },
}


def test_every_range_and_multirange_type_round_trips(pg: PgCluster, tmp_path: Path) -> None:
    blocks = roundtrip(pg, ROUND_TRIP, tmp_path)
    _, rows = blocks["public.spans"]
    cells = [row.split("\t") for row in rows]
    assert len(cells) == 300
    i4 = [c[1] for c in cells]
    assert "\\N" in i4 and "empty" in i4 and any(v.startswith("(,") for v in i4)
    assert any(c[6].endswith(",)") for c in cells), "unbounded tstzrange uppers"
    assert any(c[7] == "{}" for c in cells) and any(c[7].count("[") > 1 for c in cells)


USER_RANGE_SCHEMA = {
    "version": "1.0",
    "seed": 5,
    "types": {"floatrange": {"range": "float8"}},
    "tables": {
        "readings": {
            "rowCount": 100,
            "columns": {
                "id": {"type": "serial", "primaryKey": True},
                "span": {
                    "type": "floatrange",
                    "nullRatio": 0.1,
                    "params": {"bounds": "[]", "decimals": 3, "unbounded_ratio": 0.1},
                },
                "history": {"type": "floatrange[]", "params": {"element": {"bounds": "()"}}},
            },
        }
    },
}


def test_user_range_type_round_trips(pg: PgCluster, tmp_path: Path) -> None:
    blocks = roundtrip(pg, USER_RANGE_SCHEMA, tmp_path)
    spans = [row.split("\t")[1] for row in blocks["public.readings"][1]]
    assert len(spans) == 100 and "\\N" in spans
    num = r"-?\d+(?:\.\d{1,3})?"
    shapes = rf"\\N|\[{num},{num}\]|\(,{num}\]|\[{num},\)|\(,\)"
    assert all(re.fullmatch(shapes, s) for s in spans), spans
    assert any(re.fullmatch(rf"\[{num},{num}\]", s) for s in spans)
    history = [row.split("\t")[2] for row in blocks["public.readings"][1]]
    assert any(re.fullmatch(rf'\{{"\({num},{num}\)"(,"\({num},{num}\)")*\}}', h) for h in history)
