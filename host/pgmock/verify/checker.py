"""The checks: one pass over the dump, the key sets compared, a second look for witnesses.

First pass, table by table in dump order: every batch of rows is tested against the
table's row rules (NOT NULL, CHECKs, domains) with whole-column operations, and the
hashes of its keys go to their key sets (:mod:`pgmock.verify.keys`). Then each unique key
set is searched for repeated hashes and each foreign key's child set for hashes absent
from the parent set — both in sorted, bounded-memory streams. Where something was found,
the table is read a second time, keeping only the rows whose hashes matter, to compare
values exactly (a repeated hash may be a collision) and to name the first offending row.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from pgmock.schema.resolved import ResolvedSchema, RTable
from pgmock.verify.keys import HashSet, Spill, hash_keys, member_mask, missing, repeated
from pgmock.verify.report import Report, TableResult, Violation
from pgmock.verify.rows import Batch
from pgmock.verify.rules import (
    FkRule,
    KeySpec,
    Normalizer,
    RowRule,
    Rules,
    UniqueRule,
    build_rules,
    normalizer,
)
from pgmock.verify.source import DumpSource, TableData
from pgmock.verify.streams import DumpFormatError

__all__ = ["verify_dump"]

# Distinct hashes kept per key set for the second look; beyond it counts are still exact
# at the hash level but the first offending row is the first among those kept.
CANDIDATES = 100_000
_BARE_TYPES = frozenset(
    {"int2", "int4", "int8", "numeric", "float4", "float8", "bool", "oid", "money"}
)
_SHOW = 80  # characters of a value shown in a report


def show(value: str | None, bare: bool = False) -> str:
    """A value as SQL would write it, shortened for a report line."""
    if value is None:
        return "NULL"
    if len(value) > _SHOW:
        value = value[: _SHOW - 1] + "…"
    if bare and value not in ("NaN", "Infinity", "-Infinity"):
        return value
    return "'" + value.replace("'", "''") + "'"


def _is_bare(rt: RTable, column: str) -> bool:
    pgtype = rt.columns[column].type
    return pgtype.name in _BARE_TYPES and not pgtype.is_array


def _tuple_text(rt: RTable, columns: list[str], values: Sequence[str | None]) -> str:
    shown = [show(v, _is_bare(rt, c)) for c, v in zip(columns, values)]
    if len(columns) == 1:
        return f"{columns[0]} = {shown[0]}"
    return f"({', '.join(columns)}) = ({', '.join(shown)})"


# (mode, rule, candidate hashes, count): a key set that needs a second look at its rows
_Look = tuple[str, "UniqueRule | FkRule", np.ndarray, int]


@dataclass
class _TableState:
    key: str
    rows: int = 0
    how: str = ""
    positions: dict[str, int] = field(default_factory=dict)
    first_line: int | None = None
    found: dict[tuple[str, str], Violation] = field(default_factory=dict)
    readable: bool = True  # False after a format error: no second look


class _Checker:
    def __init__(
        self, source: DumpSource, schema: ResolvedSchema, rules: Rules, spill: Spill
    ) -> None:
        self.source = source
        self.schema = schema
        self.rules = rules
        self.spill = spill
        self.sets = {
            spec.id: HashSet(spill, f"{spec.table}({', '.join(spec.columns)})")
            for spec in rules.keys
        }
        self.norms: dict[int, list[Normalizer | None]] = {
            spec.id: [normalizer(schema.tables[spec.table].columns[c].type) for c in spec.columns]
            for spec in rules.keys
        }
        self.by_name = {(rt.schema, rt.name): key for key, rt in schema.tables.items()}
        # a partitioned table's rows are dumped per partition, as pg_dump does
        self.partition_of = {
            (p.schema, p.name): key for key, rt in schema.tables.items() for p in rt.partitions
        }
        self.states: dict[str, _TableState] = {}
        self.violations: list[Violation] = []
        self.progress: Callable[[str, int], None] | None = None

    # ------------------------------------------------------------------ first pass

    def run(self) -> None:
        try:
            for data in self.source.tables():
                self._table(data)
        except DumpFormatError as exc:
            self.violations.append(Violation("-", "format", None, [], str(exc), line=exc.line))

    def _table(self, data: TableData) -> None:
        partitioned = self.partition_of.get(data.key)
        key = partitioned or self.by_name.get(data.key)
        if key is None:
            self.violations.append(
                Violation(
                    f"{data.schema}.{data.name}",
                    "unexpected table",
                    None,
                    [],
                    "the dump has data for a table the schema does not declare",
                    line=data.line,
                )
            )
            return
        if key not in self.rules.tables:
            return  # left out with -t/-T
        if partitioned is not None and key in self.states:
            self._rows_of(self.states[key], self.rules.tables[key].rt, data)  # the next partition
            return
        if key in self.states:
            self.violations.append(
                Violation(
                    key,
                    "format",
                    None,
                    [],
                    "the dump holds this table's data twice",
                    line=data.line,
                )
            )
            return
        tr = self.rules.tables[key]
        st = _TableState(key, how=data.how, first_line=data.line)
        self.states[key] = st
        self._rows_of(st, tr.rt, data)

    def _rows_of(self, st: _TableState, rt: RTable, data: TableData) -> None:
        """Check the rows of one table's data (or of one of its partitions)."""
        key = st.key
        if not self._columns(st, rt, data):
            st.readable = False
            return
        try:
            for batch in data.batches:
                self._batch(st, batch)
                st.rows += batch.n
            if self.progress is not None:
                self.progress(key, st.rows)
        except DumpFormatError as exc:
            st.readable = False
            row = exc.row + st.rows if exc.row is not None and data.how == "INSERT" else exc.row
            self.violations.append(
                Violation(key, "format", None, [], str(exc), row=row, line=exc.line)
            )

    def _columns(self, st: _TableState, rt: RTable, data: TableData) -> bool:
        """Map the dump's column list to the schema's columns; False when unusable."""
        # plain --inserts has no column list: every column, generated ones as DEFAULT
        names = list(rt.columns) if data.columns is None else data.columns
        with_data = [c.name for c in rt.columns.values() if c.has_data]
        expected = with_data if data.columns is not None else list(rt.columns)
        if names != expected:
            extra = [c for c in names if c not in rt.columns]
            lacking = [c for c in with_data if c not in names]
            detail = f"the dump lists ({', '.join(names)}), the schema has ({', '.join(expected)})"
            if extra or lacking:
                self.violations.append(
                    Violation(rt.key, "columns", None, extra + lacking, detail, line=data.line)
                )
                if lacking:
                    return False
        st.positions = {
            c: i for i, c in enumerate(names) if c in rt.columns and rt.columns[c].has_data
        }
        return True

    def _batch(self, st: _TableState, batch: Batch) -> None:
        tr = self.rules.tables[st.key]
        if batch.columns and len(batch.columns) != len(st.positions) and batch.n:
            width = len(batch.columns)
            if width < max(st.positions.values(), default=-1) + 1:
                raise DumpFormatError(f"rows of {width} values; the column list has more", 1)
        values: dict[str, Sequence[str | None]] = {
            c: batch.columns[i] for c, i in st.positions.items()
        }
        for rule in tr.row_rules:
            if not all(c in values for c in rule.columns):
                continue
            result = rule.test(values, batch.n)
            if result is True:
                continue
            ok = np.asarray(result, bool)
            if ok.all():
                continue
            self._row_violation(st, rule, np.flatnonzero(~ok), batch, values)
        for spec in tr.keys:
            if all(c in values for c in spec.columns):
                cols = [values[c] for c in spec.columns]
                hashes, _ = self._hashes(spec, cols, batch.n, values)
                self.sets[spec.id].add(hashes)

    def _hashes(
        self,
        spec: KeySpec,
        cols: list[Sequence[str | None]],
        n: int,
        values: Mapping[str, Sequence[str | None]],
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """Hashes of the rows whose key has no NULL (and that a partial index's WHERE is
        true for), and which rows those are (None: all)."""
        rows: np.ndarray | None = None
        where = spec.where
        picked = None
        if where is not None and all(c in values for c in where.columns):
            picked = np.asarray(where.ok(values, n, strict=True), bool)
        if picked is not None or any(None in col for col in cols):
            keep = np.ones(n, bool) if picked is None else picked
            for col in cols:
                keep &= np.fromiter(map(operator.is_not, col, itertools.repeat(None)), bool, n)
            rows = np.flatnonzero(keep)
            cols = [list(itertools.compress(col, keep.tolist())) for col in cols]
        texts = [
            norm(col) if norm is not None else col  # type: ignore[arg-type]
            for norm, col in zip(self.norms[spec.id], cols)
        ]
        if not texts[0]:
            return np.empty(0, np.uint64), rows
        return hash_keys(texts), rows  # type: ignore[arg-type]

    def _row_violation(
        self,
        st: _TableState,
        rule: RowRule,
        bad: np.ndarray,
        batch: Batch,
        values: dict[str, Sequence[str | None]],
    ) -> None:
        slot = (rule.kind, rule.name)
        found = st.found.get(slot)
        if found is not None:
            found.count += int(bad.size)
            return
        i = int(bad[0])
        rt = self.schema.tables[st.key]
        row_values = {c: values[c][i] for c in rule.columns}
        shown = _tuple_text(rt, rule.columns, [row_values[c] for c in rule.columns])
        if rule.kind == "not null":
            detail = f"{rule.name} is NULL"
        elif rule.kind == "domain":
            detail = f"{shown} fails the domain's CHECK ({rule.text})"
        else:
            detail = f"{shown} fails CHECK ({rule.text})"
        v = Violation(
            st.key,
            rule.kind,
            rule.name,
            rule.columns,
            detail,
            row=batch.first_row + i + 1,
            line=None if batch.first_line is None else batch.first_line + i,
            values=row_values,
            count=int(bad.size),
        )
        st.found[slot] = v
        self.violations.append(v)

    # ------------------------------------------------------------------ after the pass

    def finish(self) -> list[TableResult]:
        results = []
        for key, tr in self.rules.tables.items():
            st = self.states.get(key)
            expected = tr.rt.row_count
            if st is None:
                self.violations.append(
                    Violation(key, "missing table", None, [], "the dump has no data for this table")
                )
                results.append(TableResult(key, 0, expected, ""))
                continue
            results.append(TableResult(key, st.rows, expected, st.how))
            if st.readable and st.rows != expected:
                self.violations.append(
                    Violation(
                        key,
                        "row count",
                        None,
                        [],
                        f"{st.rows:,} rows; the schema makes {expected:,} (give verify the "
                        "--seed, --rows and --scale that generate had)",
                        line=st.first_line,
                    )
                )
        self._keys()
        return results

    def _keys(self) -> None:
        looks: dict[str, list[_Look]] = {}
        for key, tr in self.rules.tables.items():
            st = self.states.get(key)
            if st is None:
                continue
            for rule in tr.uniques:
                candidates, extra = repeated(self.sets[rule.key.id], CANDIDATES)
                if candidates.size:
                    looks.setdefault(key, []).append(("unique", rule, candidates, extra))
        for fk in self.rules.fks:
            if fk.child.table not in self.states or fk.parent.table not in self.states:
                continue
            lost, total = missing(self.sets[fk.child.id], self.sets[fk.parent.id], CANDIDATES)
            if total:
                looks.setdefault(fk.child.table, []).append(("fk", fk, lost, total))
        for key, jobs in looks.items():
            self._second_look(key, jobs)

    def _second_look(self, key: str, jobs: list[_Look]) -> None:
        """Read the table again, keeping the rows whose key hash is a candidate."""
        st = self.states[key]
        rt = self.schema.tables[key]
        firsts: list[dict[tuple[str, ...], tuple[int, int | None]]] = [{} for _ in jobs]
        hits: list[Violation | None] = [None] * len(jobs)
        repeats = [0] * len(jobs)
        if not st.readable:
            return
        parts = [(p.schema, p.name) for p in rt.partitions] or [(rt.schema, rt.name)]
        batches = (batch for part in parts for batch in self.source.again(part))
        for batch in batches:
            values = {c: batch.columns[i] for c, i in st.positions.items()}
            for j, (mode, rule, wanted, _) in enumerate(jobs):
                spec = rule.key if isinstance(rule, UniqueRule) else rule.child
                cols: list[Sequence[str | None]] = [values[c] for c in spec.columns]
                hashes, rows = self._hashes(spec, cols, batch.n, values)
                picked = np.flatnonzero(member_mask(hashes, wanted))
                if picked.size == 0 or (mode == "fk" and hits[j] is not None):
                    continue
                at = picked if rows is None else rows[picked]
                for i in at.tolist():
                    row_values = tuple(cols[k][i] or "" for k in range(len(cols)))
                    norm_key = tuple(
                        (n([v])[0] if n is not None else v)
                        for n, v in zip(self.norms[spec.id], row_values)
                    )
                    row_no = batch.first_row + i + 1
                    line = None if batch.first_line is None else batch.first_line + i
                    if isinstance(rule, FkRule):
                        hits[j] = self._fk_violation(rule, rt, spec, row_values, row_no, line)
                        break
                    earlier = firsts[j].get(norm_key)
                    if earlier is None:
                        firsts[j][norm_key] = (row_no, line)
                        continue
                    repeats[j] += 1
                    if hits[j] is None:
                        hits[j] = self._dup_violation(
                            rule, rt, spec, row_values, row_no, line, earlier[0]
                        )
        for j, (mode, _, wanted, total) in enumerate(jobs):
            v = hits[j]
            if v is None:
                continue  # every candidate was a hash collision
            if mode == "fk":
                v.count = total
            else:
                v.count = repeats[j]
                v.count_is_lower_bound = wanted.size >= CANDIDATES
            self.violations.append(v)

    def _dup_violation(
        self,
        rule: UniqueRule,
        rt: RTable,
        spec: KeySpec,
        values: tuple[str, ...],
        row: int,
        line: int | None,
        earlier: int,
    ) -> Violation:
        kind, name = rule.kind, rule.name
        detail = f"{_tuple_text(rt, spec.columns, list(values))} repeats row {earlier}"
        return Violation(
            rt.key,
            kind,
            name,
            spec.columns,
            detail,
            row=row,
            line=line,
            values=dict(zip(spec.columns, values)),
        )

    def _fk_violation(
        self,
        rule: FkRule,
        rt: RTable,
        spec: KeySpec,
        values: tuple[str, ...],
        row: int,
        line: int | None,
    ) -> Violation:
        parent = rule.parent
        detail = (
            f"{_tuple_text(rt, spec.columns, list(values))} has no row in {parent.table} "
            f"({', '.join(parent.columns)})"
        )
        return Violation(
            rt.key,
            "foreign key",
            rule.name,
            spec.columns,
            detail,
            row=row,
            line=line,
            values=dict(zip(spec.columns, values)),
        )


_ORDER = [
    "format",
    "unexpected table",
    "missing table",
    "columns",
    "row count",
    "not null",
    "domain",
    "check",
    "primary key",
    "unique",
    "unique index",
    "foreign key",
]


def verify_dump(
    source: DumpSource,
    schema: ResolvedSchema,
    selected: set[str] | None = None,
    work_mem: int = 256 << 20,
    temp_dir: str | None = None,
    progress: Callable[[str, int], None] | None = None,
) -> Report:
    """Check the data of *source* against *schema* (the tables in *selected*);
    *progress* hears of each table read (key, rows)."""
    rules = build_rules(schema, set(schema.tables) if selected is None else selected)
    with Spill(work_mem, temp_dir) as spill:
        checker = _Checker(source, schema, rules, spill)
        checker.progress = progress
        checker.run()
        results = checker.finish()
        spilled = spill.spilled_bytes
    table_order = {key: i for i, key in enumerate(schema.tables)}
    checker.violations.sort(
        key=lambda v: (table_order.get(v.table, -1), _ORDER.index(v.kind), v.row or 0)
    )
    report = Report(
        source.path, source.describe(), results, checker.violations, rules.notes, spilled
    )
    return report
