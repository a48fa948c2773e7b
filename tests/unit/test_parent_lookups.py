"""Children reach their parents' values without holding whole parent columns or keys:
keys that are functions of the row are computed for the rows picked, and children laid
out per parent compute the few parent chunks they need."""

from __future__ import annotations

from typing import Any

from pgmock.generate.engine import Engine
from pgmock.generate.plan import make_plan
from pgmock.plugins.host import make_host
from pgmock.schema import resolve_schema


def _engine(schema: dict[str, Any]) -> Engine:
    resolved = resolve_schema(schema, {}, ["lookups.json"], make_host(env={}).registry)
    return Engine(make_plan(resolved))


SCHEMA: dict[str, Any] = {
    "version": "1.0",
    "seed": 3,
    "tables": {
        "accounts": {
            "rowCount": 25_000,
            "columns": {
                "id": {"type": "uuid", "primaryKey": True},
                "code": {
                    "type": "text",
                    "generator": "core.sequence",
                    "unique": True,
                    "params": {"prefix": "A-"},
                },
                "opened": {"type": "timestamptz"},
            },
        },
        "events": {
            "rowCount": {"per": "accounts", "min": 0, "max": 3},
            "columns": {
                "account_id": {"type": "uuid", "references": "accounts.id"},
                "at": {"type": "timestamptz", "after": "accounts.opened"},
            },
        },
        "notes": {
            "rowCount": 30_000,
            "columns": {"account_code": {"type": "text", "references": "accounts.code"}},
        },
    },
}


def test_children_compute_what_they_need_of_their_parents() -> None:
    with _engine(SCHEMA) as engine:
        engine.prepare()
        assert not engine._keys and not engine._values  # nothing held before the fork
        parents = [engine.generate_chunk("accounts", i) for i in range(3)]
        ids = [v for chunk in parents for v in chunk["id"]]
        codes = {v for chunk in parents for v in chunk["code"]}
        opened = {}
        for i in range(3):
            rendered, raw = engine._chunk("accounts", i)
            opened.update(zip(rendered["id"], raw["opened"].tolist()))
        for i in range(len(engine.plan.chunks("events"))):
            rendered, raw = engine._chunk("events", i)
            for account, at in zip(rendered["account_id"], raw["at"].tolist()):
                assert at > opened[account]  # the parent row's own moment, recomputed
        assert set(ids) >= set(rendered["account_id"])
        for i in range(len(engine.plan.chunks("notes"))):
            assert set(engine.generate_chunk("notes", i)["account_code"]) <= codes
        assert not engine._keys and not engine._values
        assert len(engine._chunk_values) <= 8
