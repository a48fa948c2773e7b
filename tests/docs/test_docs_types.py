"""docs/types.md is the output of ``pgmock types --markdown``, and every type has a default
generator (for itself and for arrays of it)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

from pgmock.cli.typetable import USER_KINDS, TypeRow, markdown, plain, type_rows
from pgmock.plugins.host import PluginHost
from pgmock.plugins.registry import Registry
from pgmock_builtins.binary_gen import BitGenerator
from pgmock_sdk.pgtypes import TYPE_FAMILIES, display_name

from clihelp import ROOT, pgmock

DOC = ROOT / "docs" / "types.md"
REGENERATE = (
    "regenerate: (sed '/^| family/,$d' docs/types.md; python -m pgmock types --markdown) "
    "> new && mv new docs/types.md"
)


@pytest.fixture
def registry() -> Iterator[Registry]:
    host = PluginHost()
    host.load_builtins()
    host.register()
    yield host.registry


def test_docs_types_is_the_command_output() -> None:
    # The real command line, as a user (and the regenerate command) runs it.
    doc = DOC.read_text(encoding="utf-8")
    table = pgmock("types", "--markdown").stdout.decode("utf-8")
    start = doc.find("\n| family |")
    assert start >= 0, "docs/types.md has no generated table"
    assert doc[start + 1 :] == table, f"docs/types.md is stale; {REGENERATE}"


def test_every_type_is_listed_with_a_default_generator(registry: Registry) -> None:
    rows = type_rows(registry)
    builtins = [t for names in TYPE_FAMILIES.values() for t in names]
    # then the types plugins registered (pgvector's vector), whose arrays no generator
    # fills unless one says so
    plugin_types = sorted(e.obj.name for e in registry.types.values())
    assert "vector" in plugin_types
    assert [r.name for r in rows] == builtins + plugin_types + list(USER_KINDS)
    missing = {
        f"{r.name}{suffix}": res.problem
        for r in rows
        for suffix, res in (("", r.scalar), ("[]", r.array), ("[][]", r.matrix))
        if res.generator is None and not (suffix and r.name in plugin_types)
    }
    assert not missing, f"types without a default generator: {missing}"


def test_markdown_names_every_type_once(registry: Registry) -> None:
    rows = type_rows(registry)
    table = markdown(rows)
    cells = [line.split(" | ")[1] for line in table.splitlines() if line.startswith("| ")]
    for names in TYPE_FAMILIES.values():
        for t in names:
            assert cells.count(f"`{display_name(t)}`") == 1, t
    for kind in USER_KINDS:
        assert f"| {kind} | " in table
    assert len(plain(rows).splitlines()) == len(cells) - 2  # the two header cells


def test_a_type_without_default_shows_the_resolvers_reason(
    registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Take bit's default away: the table must say so rather than invent one.
    monkeypatch.setattr(BitGenerator, "default_for", frozenset())
    entry = registry.generators.resolve("core.bit")  # registered from its spec
    monkeypatch.setattr(entry, "spec", dataclasses.replace(entry.spec, default_for=frozenset()))
    row = next(r for r in type_rows(registry) if r.name == "bit")
    assert row.scalar.generator is None
    assert row.scalar.problem is not None and "no generator can fill type bit" in (
        row.scalar.problem
    )
    others = [r for r in type_rows(registry) if r.name in ("varbit", "int4")]
    assert all(r.scalar.generator for r in others)


def _row(rows: list[TypeRow], name: str) -> TypeRow:
    return next(r for r in rows if r.name == name)


def test_spellings_and_modifiers_come_from_the_parser(registry: Registry) -> None:
    rows = type_rows(registry)
    int4 = _row(rows, "int4")
    assert (int4.spelling, int4.aliases, int4.serials) == (
        "integer",
        ("int", "int4"),
        ("serial", "serial4"),
    )
    assert _row(rows, "varchar").modifiers == "(n): length"
    assert _row(rows, "bpchar").modifiers == "(n): length (default 1)"
    assert _row(rows, "numeric").modifiers.startswith("(p) or (p,s)")
    assert "day to second" in _row(rows, "interval").modifiers
    assert _row(rows, "char").spelling == '"char"'
    assert _row(rows, "int8").modifiers == ""
