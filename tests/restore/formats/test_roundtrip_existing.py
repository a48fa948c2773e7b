"""The round-trip harness on types that existed before: every value comes back as written."""

from __future__ import annotations

from pathlib import Path

from pgharness import PgCluster
from roundtrip import roundtrip

SCHEMA = {
    "version": "1.0",
    "tables": {
        "everything": {
            "rowCount": 200,
            "columns": {
                "id": {"type": "serial", "primaryKey": True},
                "i2": {"type": "smallint"},
                "i8": {"type": "bigint"},
                "n": {"type": "numeric(10,3)"},
                "r": {"type": "real"},
                "d": {"type": "double precision"},
                "m": {"type": "money"},
                "t": {"type": "text", "nullRatio": 0.1},
                "vc": {"type": "varchar(12)"},
                "c": {"type": "char(5)"},
                "b": {"type": "boolean"},
                "dt": {"type": "date"},
                "ts": {"type": "timestamp(3)"},
                "tz": {"type": "timestamptz"},
                "tm": {"type": "time"},
                "ttz": {"type": "timetz"},
                "iv": {"type": "interval"},
                "u": {"type": "uuid"},
                "j": {"type": "json"},
                "jb": {"type": "jsonb"},
                "x": {"type": "xml"},
                "by": {"type": "bytea"},
                "ip": {"type": "inet"},
                "net": {"type": "cidr"},
                "mac": {"type": "macaddr"},
                "mac8": {"type": "macaddr8"},
                "ia": {"type": "integer[]"},
                "ta": {"type": "text[]"},
            },
        }
    },
}


def test_existing_types_round_trip_in_every_format(pg: PgCluster, tmp_path: Path) -> None:
    blocks = roundtrip(pg, SCHEMA, tmp_path)
    assert len(blocks["public.everything"][1]) == 200
