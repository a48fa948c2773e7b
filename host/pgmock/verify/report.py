"""The verdict: every violation with its table, constraint and first offending row."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from pgmock.verify.rules import Note

__all__ = ["Report", "TableResult", "Violation"]


@dataclass
class Violation:
    table: str  # the table's key in the schema
    kind: str  # row count, missing table, unexpected table, columns, format, not null,
    #            check, domain, primary key, unique, unique index, foreign key
    constraint: str | None  # its name (a column for NOT NULL, a domain for domains)
    columns: list[str]
    detail: str  # what is wrong, in words
    row: int | None = None  # 1-based row of the table's data
    line: int | None = None  # plain dumps: the line of the file
    values: dict[str, str | None] | None = None
    count: int = 1  # offending rows in all (for keys: rows that repeat an earlier key)
    count_is_lower_bound: bool = False

    def location(self, dump: str) -> str:
        return f"{dump}:{self.line}" if self.line is not None else dump

    def text(self, dump: str) -> str:
        what = self.kind
        if self.constraint:
            what += f" {self.constraint}"
        if self.columns and self.kind not in ("not null", "row count", "columns"):
            what += f" ({', '.join(self.columns)})"
        where = f"row {self.row}: " if self.row is not None else ""
        more = ""
        if self.count > 1:
            more = f" ({'at least ' if self.count_is_lower_bound else ''}{self.count:,} rows)"
        table = "" if self.table == "-" else f"{self.table}: "  # the dump as a whole
        return f"{self.location(dump)}: {table}{what}: {where}{self.detail}{more}"


@dataclass
class TableResult:
    table: str
    rows: int
    expected_rows: int
    how: str  # COPY / INSERT / "" when the dump has no data for it


@dataclass
class Report:
    dump: str
    fmt: str
    tables: list[TableResult] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    spilled_bytes: int = 0

    @property
    def ok(self) -> bool:
        return not self.violations

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)

    def summary(self) -> str:
        checked = f"{len(self.tables)} tables, {self.rows:,} rows"
        if self.ok:
            return (
                f"{self.dump}: OK — {checked}: row counts, keys, foreign keys, NOT NULL and "
                "CHECKs hold"
            )
        tables = len({v.table for v in self.violations if v.table != "-"})
        n = len(self.violations)
        where = f" in {tables} table{'s' if tables != 1 else ''}" if tables else ""
        return f"{self.dump}: {n} violation{'s' if n != 1 else ''}{where} ({checked} read)"

    def lines(self) -> list[str]:
        return [v.text(self.dump) for v in self.violations]

    def to_json(self) -> dict[str, Any]:
        return {
            "dump": self.dump,
            "format": self.fmt,
            "ok": self.ok,
            "rows": self.rows,
            "tables": [asdict(t) for t in self.tables],
            "violations": [asdict(v) for v in self.violations],
            "not_verified": [asdict(n) for n in self.notes],
            "spilled_bytes": self.spilled_bytes,
        }

    def json_text(self) -> str:
        return json.dumps(self.to_json(), indent=2, ensure_ascii=False)
