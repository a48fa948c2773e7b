"""docs/inference.md ends with the output of ``pgmock rules --markdown``, and every built-in
rule names a generator that exists."""

from __future__ import annotations

from pathlib import Path

from pgmock.plugins.host import make_host
from pgmock_builtins.inference_rules import LIFECYCLES, RULES

from clihelp import pgmock

DOC = Path(__file__).resolve().parents[2] / "docs" / "inference.md"
MARK = "tried.\n\n"


def test_the_rule_table_is_current() -> None:
    table = pgmock("rules", "--markdown").stdout.decode()
    text = DOC.read_text()
    assert text.endswith(MARK + table), (
        "docs/inference.md is stale: regenerate the tables after 'The rules' with "
        "pgmock rules --markdown"
    )


def test_every_builtin_rule_names_a_loaded_generator() -> None:
    registry = make_host(()).registry
    for rule in RULES:
        entry = registry.generators.resolve(rule.generator)
        assert entry.qualified == rule.generator, rule
        assert rule.note or rule.column, rule
    assert len({c.name for c in LIFECYCLES}) == len(LIFECYCLES)


def test_rules_json_lists_rules_and_lifecycles() -> None:
    import json

    payload = json.loads(pgmock("rules", "--json").stdout)
    assert len(payload["rules"]) == len(RULES)
    assert {c["name"] for c in payload["lifecycles"]} >= {"record", "order", "rental"}
    specificities = [r["specificity"] for r in payload["rules"]]
    assert specificities == sorted(specificities, reverse=True)
