"""The contract test's schema strategy (tests/support/contract.py), checked without a
server: it still covers the format, and most of what it draws validates, so the property
in tests/restore/test_contract.py cannot pass by testing nothing."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings

from contract import AVOID, KNOWN_BUGS, PROFILE, Drawn, cli_run, schemas


def test_the_ci_profile_draws_every_feature() -> None:
    """The CI profile still covers the format: keys, FKs, counts, from/after/cases …"""
    seen: set[str] = set()

    @settings(max_examples=300, database=None, derandomize=True)
    @given(drawn=schemas(avoid=AVOID))
    def collect(drawn: Drawn) -> None:
        seen.update(drawn.tags)

    collect()
    wanted = {
        "fk-key", "composite-fk", "self-ref", "cycle", "nullable-fk", "per-parent",
        "unique-column", "table-unique-fk", "unique-index-on-key", "from", "after", "cases",
        "check", "table-check", "domain", "user-type",
    }  # fmt: skip
    if PROFILE == "ci":
        assert not seen & set(KNOWN_BUGS)
    assert wanted <= seen, sorted(wanted - seen)


def test_most_drawn_schemas_validate(tmp_path: Path) -> None:
    """The property is about accepted schemas: a strategy whose schemas validate refuses
    would make it pass without testing anything."""
    verdicts: list[int] = []

    @settings(max_examples=80, database=None, derandomize=True, deadline=None)
    @given(drawn=schemas(avoid=AVOID))
    def validate(drawn: Drawn) -> None:
        path = tmp_path / "schema.json"
        path.write_text(json.dumps(drawn.schema), encoding="utf-8")
        verdicts.append(cli_run("validate", str(path))[0])

    validate()
    assert set(verdicts) <= {0, 2}
    assert verdicts.count(0) >= 0.8 * len(verdicts), verdicts
