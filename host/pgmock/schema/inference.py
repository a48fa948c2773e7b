"""Inference: the generators a column that names none could get, best first.

Three sources, in this order:

1. **Rules** plugins register (``pgmock_register_inference_rules``; pgmock's own table is
   :mod:`pgmock_builtins.inference_rules`), matched on the table's singular noun, the
   column name and the type. More specific rules come first (table and column, column,
   table, type); among equals a third-party plugin's rules come before pgmock's built-in
   ones, then registration order.
2. **Column names** of generators (``Generator.column_names``), for generators of
   third-party plugins that register no rules: the first generator, by qualified name.
3. **Type defaults** (``Generator.default_for``).

The chooser (:mod:`.generators`) tries the candidates in this order and takes the first
that fits the column (its type, length, uniqueness, CHECKs). Every candidate carries the
reason ``pgmock explain`` shows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pgmock.plugins.essentials import BUILTIN
from pgmock.plugins.registry import Entry, GeneratorEntry, LookupFailed, Registry
from pgmock_sdk import PgType
from pgmock_sdk.inference import Lifecycle, Rule, table_nouns

__all__ = ["Candidate", "Inference", "ordered_rules"]


@dataclass(frozen=True)
class Candidate:
    """A generator a column could get without naming one, and why."""

    entry: GeneratorEntry
    params: Mapping[str, Any]
    distribution: Mapping[str, Any] | None
    why: str
    rule: Rule | None = None
    # The column's name picked it (a rule with a column pattern, or column_names).
    by_name: bool = False
    # The type's default generator, the last resort.
    default: bool = False


def ordered_rules(entries: list[Entry[Rule]]) -> list[Entry[Rule]]:
    """Rules in the order they are tried (see the module docstring)."""
    indexed = list(enumerate(entries))
    indexed.sort(key=lambda p: (-p[1].obj.specificity, p[1].plugin in BUILTIN, p[0]))
    return [e for _, e in indexed]


def rule_reason(entry: Entry[Rule]) -> str:
    """``rule of plugin inference: a film's running time in minutes`` (the note, else what
    the rule matches)."""
    rule = entry.obj
    return f"rule of plugin {entry.plugin}: {rule.note or rule.describe()}"


class Inference:
    """The candidates of one registry, rules ordered once."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.rules = ordered_rules(registry.rules)
        self.lifecycles: list[Entry[Lifecycle]] = list(registry.lifecycles)
        self._generators: dict[str, GeneratorEntry | None] = {}

    def _generator(self, name: str) -> GeneratorEntry | None:
        """A rule's generator; None when its plugin is not loaded or blocked."""
        if name not in self._generators:
            try:
                self._generators[name] = self.registry.generators.resolve(name)
            except LookupFailed:
                self._generators[name] = None
        return self._generators[name]

    def candidates(
        self,
        table: str,
        column: str,
        pgtype: PgType,
        parents: tuple[str, ...] = (),
        schema: tuple[str, ...] = (),
        primary_key: bool = False,
    ) -> Iterator[Candidate]:
        """Every generator that could fill the column, best first; ``parents`` are the
        tables the column's table has foreign keys to, ``schema`` every table;
        ``primary_key``: the column is on its own the table's primary key."""
        nouns = table_nouns(table)
        parent_nouns = tuple(n for p in parents for n in table_nouns(p))
        schema_nouns = tuple(n for t in schema for n in table_nouns(t))
        lowered = column.lower()
        seen: set[tuple[str, str]] = set()
        matched = [
            e
            for e in self.rules
            if e.obj.matches(nouns, lowered, pgtype, parent_nouns, schema_nouns, primary_key)
        ]
        # stable: within one specificity, a rule about the table's head noun goes first
        matched.sort(key=lambda e: (-e.obj.specificity, e.obj.noun_rank(nouns)))
        for entry in matched:
            rule = entry.obj
            gen = self._generator(rule.generator)
            if gen is None or not gen.accepts(pgtype):
                continue
            yield Candidate(
                gen,
                dict(rule.params),
                rule.distribution,
                rule_reason(entry),
                rule,
                by_name=rule.column is not None,
            )
        for gen in self.registry.generators:
            patterns = gen.spec.column_names
            if (
                patterns
                and any(re.fullmatch(p, lowered) for p in patterns)
                and gen.accepts(pgtype)
                and (gen.qualified, "names") not in seen
            ):
                seen.add((gen.qualified, "names"))
                yield Candidate(
                    gen, {}, None, f"column name (column_names of {gen.qualified})", by_name=True
                )
        for gen in self.registry.generators:
            if gen.spec.is_default_for(pgtype.key):
                yield Candidate(gen, {}, None, f"type default for {pgtype.display()}", default=True)
                break

    def lifecycles_for(self, table: str) -> list[Entry[Lifecycle]]:
        nouns = table_nouns(table)
        return [e for e in self.lifecycles if e.obj.applies_to(nouns)]
