"""Generation: tables as streams of columnar chunks, identical for any number of workers.

Every batch of every column draws from its own ``numpy.random.Generator`` seeded with
``SeedSequence(seed, spawn_key=(table, column, chunk))``, so a chunk's values depend only
on the schema, the seed and the chunk's position. Workers (``--jobs``) may therefore
produce chunks in any order; the output is assembled in chunk order and is byte-identical
to a serial run.
"""

from __future__ import annotations

import math
import operator
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import repeat
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import numpy as np

from pgmock.errors import GeneratorError, PgmockError
from pgmock.generate.children import combination_grid, parent_rows, row_starts, tree_parents
from pgmock.generate.domains import (
    DomainViolation,
    RowChecker,
    column_checker,
    enforce,
    enforce_rows,
)
from pgmock.generate.plan import CHUNK_ROWS, Plan, reconstructible
from pgmock.generate.warming import warm
from pgmock.generate.workers import Workers
from pgmock.render.errors import NulValueError
from pgmock.render.values import Texts, listed, render_texts, render_values
from pgmock.schema.expr import evaluate
from pgmock.schema.resolved import (
    AfterRef,
    BillingCycle,
    ParentRef,
    PartialFlag,
    RColumn,
    RForeignKey,
    RTable,
)
from pgmock.schema.table_checks import order_side, repair_column, swap_partner
from pgmock.sql.check import RowCheck
from pgmock_sdk import Chunk, ColumnInfo, DataColumn, GenContext, Generator, SqlKind
from pgmock_sdk.pgtypes import FLOAT_TYPES, INTEGER_TYPES
from pgmock_sdk.textmatrix import Labels, TextMatrix
from pgmock_sdk.unique import permute, permute_per_key, scramble64

if TYPE_CHECKING:
    from pgmock.profiling import RunProfile

Rendered = list[str | None]
T = TypeVar("T")


def _h(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def sql_kind(col: RColumn) -> SqlKind:
    if col.type.is_array:
        return SqlKind.QUOTED
    if col.type.name in INTEGER_TYPES or col.type.name in FLOAT_TYPES or col.type.name == "numeric":
        return SqlKind.NUMBER
    if col.type.name == "bool":
        return SqlKind.BOOLEAN
    return SqlKind.QUOTED


class ChunkRunner(Protocol):
    """Runs chunk tasks ``(table, chunk index, fn)`` elsewhere and hands the results back
    in task order: the forked workers of ``--jobs`` (workers.py) or a Dask cluster
    (cluster.py)."""

    def imap(self, tasks: Iterable[Any], window: int | None = None) -> Iterator[Any]: ...

    def close(self) -> None: ...


class Backend(Protocol):
    """Where chunk tasks run instead of forked workers (``--engine``)."""

    def start(self, engine: Engine) -> ChunkRunner:
        """A runner for *engine*'s tasks; called once, after :meth:`Engine.prepare`."""
        ...


@dataclass
class _DistinctGroup:
    """Foreign keys whose combined values must be distinct (a key made only of FKs)."""

    fks: list[RForeignKey]
    name: str


class Engine:
    """Generates the planned tables."""

    def __init__(
        self,
        plan: Plan,
        jobs: int = 1,
        progress: Callable[[str, int, int, object], None] | None = None,
        backend: Backend | None = None,
        timer: RunProfile | None = None,
    ) -> None:
        self.plan = plan
        # generate --profile: column and writer times, measured in this process
        self.timer = timer
        self.backend = backend
        self.schema = plan.schema
        self.seed = plan.schema.seed
        self.jobs = max(1, jobs)
        self.progress = progress
        self._generators: dict[tuple[str, str], Generator] = {}
        self._samplers: dict[tuple[str, str], Any] = {}
        self._keys: dict[tuple[str, tuple[str, ...]], list[np.ndarray]] = {}
        self._values: dict[tuple[str, str], np.ndarray] = {}
        self._chunk_values: dict[tuple[str, str, int], np.ndarray] = {}  # LRU, oldest first
        self._fk_picks: dict[tuple[str, str], np.ndarray] = {}
        # (parent, end columns, unit) -> parent rows by the end of their term (see
        # _terms_by_end)
        self._term_orders: dict[
            tuple[str, tuple[str, ...], str], tuple[np.ndarray, np.ndarray, np.ndarray]
        ] = {}
        # the last chunk's places among parent rows: (table, offset, n) and the array
        self._places: tuple[tuple[str, int, int], np.ndarray | None] | None = None
        self._groups: dict[str, list[_DistinctGroup]] = {}
        # (table, column) -> the table CHECKs redrawn on that column (made last of theirs)
        self._repairs: dict[tuple[str, str], list[RowCheck]] = {}
        self._workers: ChunkRunner | None = None
        for key, table in self.schema.tables.items():
            self._groups[key] = _distinct_groups(table)
            for check in table.row_checks:
                repair = repair_column(table, check)
                if repair is not None:
                    self._repairs.setdefault((key, repair), []).append(check)
            for col in table.columns.values():
                if col.generator is not None:
                    info = self.column_info(table, col)
                    self._generators[(key, col.name)] = col.generator.cls(
                        col.generator.params, info
                    )
                if col.distribution is not None:
                    self._samplers[(key, col.name)] = col.distribution.cls(col.distribution.params)
                for label, variant in col.cases.items():
                    if variant is None or variant.generator is None:
                        continue
                    vkey = (key, f"{col.name}#{label}")
                    self._generators[vkey] = variant.generator.cls(
                        variant.generator.params, self.column_info(table, variant)
                    )
                    if variant.distribution is not None:
                        self._samplers[vkey] = variant.distribution.cls(variant.distribution.params)

    # -- seeds ---------------------------------------------------------------------------

    def _key(self, table: str, *column: str) -> int:
        """A stable 64-bit key: a column's, for bijections spanning the whole table, or
        without a column the table's, shared by its columns (correlated column groups)."""
        seq = np.random.SeedSequence(self.seed, spawn_key=tuple(map(_h, (table, *column))))
        state = seq.generate_state(2, dtype=np.uint32)
        return int(state[0]) << 32 | int(state[1])

    def column_info(self, table: RTable, col: RColumn) -> ColumnInfo:
        # unique within each parent's rows: made as for a table of the largest parent's rows
        rows = table.max_children if col.unique_within is not None else table.row_count
        return ColumnInfo(
            schema=table.schema,
            table=table.name,
            name=col.name,
            type=col.type,
            nullable=col.nullable,
            unique=col.unique,
            row_count=rows,
            locale=col.locale,
            key=self._key(table.key, col.name),
            table_key=self._key(table.key),
            schema_file=table.schema_file,
        )

    def _rng(self, table: str, name: str, chunk: int, stream: int = 0) -> np.random.Generator:
        """Stream 0 draws a slot's values, stream 1 its NULLs: the two children of the
        slot's SeedSequence, made directly (spawning both and seeding both generators
        for every column and chunk cost three times as much, needed or not)."""
        seq = np.random.SeedSequence(self.seed, spawn_key=(_h(table), _h(name), chunk, stream))
        return np.random.Generator(np.random.PCG64(seq))

    def _parent_positions(self, table: RTable, offset: int, n: int) -> np.ndarray | None:
        """Each row's 1-based place among its parent's rows, for a table laid out per
        parent: made once per chunk, not per generated column (read-only, as shared)."""
        if table.per_parent is None or table.per_cumulative is None:
            return None
        slot = (table.key, offset, n)
        if self._places is None or self._places[0] != slot:
            places = _positions_within(table, offset, n) + 1
            places.flags.writeable = False
            self._places = (slot, places)
        return self._places[1]

    # -- chunks --------------------------------------------------------------------------

    def generate_chunk(self, key: str, index: int, upto: int | None = None) -> dict[str, Rendered]:
        """Columns of one chunk, rendered; ``upto`` stops after that many columns."""
        return {name: listed(texts) for name, texts in self._texts(key, index, upto).items()}

    def _texts(self, key: str, index: int, upto: int | None = None) -> dict[str, Texts]:
        """:meth:`generate_chunk`, numbers and dates left in the matrices they were
        rendered in (TextMatrix: COPY output writes their bytes as they are)."""
        try:
            return self._chunk(key, index, upto).out
        except NulValueError as exc:  # name the table row, not the position in the chunk
            raise exc.at_rows(self.plan.chunks(key)[index][0]) from None

    def sample_chunk(self, key: str, rows: int) -> Chunk:
        """The first chunk's code path with a batch of only ``rows`` rows: a sample to
        time and measure (``pgmock plan``). A generator may draw a shorter batch
        differently, so these need not be the rows a run writes (those: make_chunk)."""
        n = min(rows, self.schema.tables[key].row_count)
        cols = self._chunk(key, 0, limit=n).out
        data: list[Sequence[str | None]] = [
            cols[c.name] for c in self.schema.tables[key].columns.values() if c.has_data
        ]
        return Chunk(offset=0, n=n, columns=data)

    def _chunk(
        self, key: str, index: int, upto: int | None = None, limit: int | None = None
    ) -> _ChunkData:
        """Rendered columns, the raw generator values (before NULLs) and the parent rows
        each FK picked, of one chunk (of its first ``limit`` rows: a sample)."""
        table = self.schema.tables[key]
        offset, n = self.plan.chunks(key)[index]
        if limit is not None:
            n = min(n, limit)
        data = _ChunkData({}, {}, {}, {})
        out, raw = data.out, data.raw
        nulls: dict[str, Any] = {}
        filled: set[str] = set()
        columns = list(table.columns.values())
        if upto is not None:
            # the first ``upto`` columns, and every foreign key: a column may read a parent
            # through one declared after it (city.city of the country that country_id picks)
            columns = [c for i, c in enumerate(columns) if i < upto or c.fk is not None]
        # Foreign keys first: their values use their own streams, and "after" columns need
        # the parent rows they picked.
        columns.sort(key=lambda c: c.fk is None)
        timer = self.timer
        for col in columns:
            if col.name in filled or not col.has_data:
                continue  # generated columns: PostgreSQL computes them on restore
            started = time.perf_counter() if timer is not None else 0.0
            rng: np.random.Generator | None = None
            if col.fk is not None:
                for name, values in self._fk_values(table, col.fk, index, offset, n, data).items():
                    self._verify_domain(table, table.columns[name], None, values)
                    out[name] = values
                    data.keys[name] = values
                    filled.add(name)
            elif col.is_serial:
                raw[col.name] = np.arange(offset + 1, offset + n + 1, dtype=np.int64)
                out[col.name] = render_texts(raw[col.name], col.type, col.name)
            elif col.expr is not None or col.copy_from is not None:
                derived = self._derived_values(table, col, data)
                raw[col.name] = derived
                out[col.name] = render_values(derived, col.type, f"{table.key}.{col.name}")
                self._verify_domain(table, col, derived, out[col.name])
            elif col.after is not None:
                rng = self._rng(key, col.name, index)
                moments = self._after_values(table, col, rng, n, data)
                raw[col.name] = moments
                out[col.name] = render_texts(moments, col.type, f"{table.key}.{col.name}")
                self._verify_domain(table, col, moments, out[col.name])
            else:
                for ref in col.inputs:
                    parent = self.schema.tables[ref.fk.ref_table]
                    if self.plan.is_broken(ref.fk) or parent.row_count == 0:
                        continue  # an FK broken to end a cycle, or no parents: none to read
                    rows = data.picks[ref.fk.name]
                    picked = self.parent_values_at(ref.fk.ref_table, ref.column, rows)
                    raw[f"{ref.fk.ref_table}.{ref.column}"] = (
                        picked.tolist() if picked.dtype.kind in "UO" else picked
                    )
                rng = self._rng(key, col.name, index)
                raw[col.name], out[col.name] = self._generate_rendered(
                    table, col, rng, n, offset, raw, nulls=nulls
                )
            if col.null_ratio > 0:
                null_rng = self._rng(key, col.name, index, 1)
                out[col.name] = _apply_nulls(out[col.name], null_rng, col.null_ratio)
            if col.fk is not None and col.null_ratio > 0:
                data.rows[col.fk.name] = _null_rows(data.rows[col.fk.name], out[col.name])
            if col.after is not None and col.after.null_with_reference:
                out[col.name] = _nulls_with(out[col.name], out.get(col.after.column))
            if col.null_ratio > 0 or (col.after is not None and col.after.null_with_reference):
                nulls[col.name] = np.array(out[col.name], dtype=object) == None  # noqa: E711
            if col.cases_on is not None:
                out[col.name] = self._apply_cases(table, col, index, offset, n, data)
            for check in self._repairs.get((key, col.name), ()):
                if rng is None:
                    rng = self._rng(key, col.name, index)
                self._repair_rows(table, col, check, rng, offset, n, data)
            for flag in table.partial_flags:
                if flag.flag == col.name:
                    self._clear_flag(table, flag, offset, n, data)
            if timer is not None:
                timer.column(key, col.name, time.perf_counter() - started)
        for check in table.row_checks:
            if all(c in out for c in check.columns):
                self._verify_rows(table, check, offset, n, data)
        return data

    def _repair_rows(
        self,
        table: RTable,
        col: RColumn,
        check: RowCheck,
        rng: np.random.Generator,
        offset: int,
        n: int,
        data: _ChunkData,
    ) -> None:
        """Rows that fail a table CHECK get new values of ``col``, the check's column made
        last, each tried against its row's other columns (from the column's own rng)."""
        if not all(c in data.out for c in check.columns):
            return  # a partial chunk (a parent's keys): the check waits for the whole row
        where = f"{table.key}.{col.name}"
        context = {c: listed(data.out[c]) for c in check.columns if c != col.name}
        fk = col.fk
        draw: Callable[[int], Any]
        render: Callable[[Any], Rendered]
        if fk is not None:
            # a plain foreign key (see repair_column): other parent rows, from a stream of
            # its own
            parent = self.schema.tables[fk.ref_table]
            if self.plan.is_broken(fk) or parent.row_count == 0:
                return
            fk_rng = self._rng(table.key, f"{fk.name}#check", offset)
            draw = partial(self._parent_picks, table, fk, fk_rng, offset=offset)
            render = partial(_first, partial(self._fk_texts, table, fk, parent), col.name)
            current = data.picks[fk.name]
        else:
            draw = partial(self._generate, table, col, rng, offset=offset, raw=data.raw)
            render = partial(render_values, pgtype=col.type, where=where)
            current = data.raw[col.name]
        raw, rendered, bad = enforce_rows(
            current,
            listed(data.out[col.name]),
            RowChecker(check, col.name, context),
            column_checker(col.type, col.name, col.checks),
            draw,
            render,
        )
        data.out[col.name] = rendered
        if fk is not None:
            data.picks[fk.name] = raw
            data.keys[col.name] = rendered
            data.rows[fk.name] = _null_rows(raw, rendered)
            return
        data.raw[col.name] = raw
        partner = swap_partner(table, check, col)
        if bad.size and partner is not None:
            # An order between two columns (end_date >= start_date) that no redraw meets
            # for a row (its start is at the end of the range): the two values swap.
            self._swap(table, check, col, table.columns[partner], bad, data)
        if bad.size:
            self._step_past(table, check, col, rng, bad, data)

    def _step_past(
        self,
        table: RTable,
        check: RowCheck,
        col: RColumn,
        rng: np.random.Generator,
        rows: np.ndarray,
        data: _ChunkData,
    ) -> None:
        """Rows an order between ``col`` and another column of one type still fails
        (the other is unique, so they cannot swap): ``col`` becomes the other's value
        moved a little past it (1 s … 30 days for moments, 1 … 10 for numbers), as
        "after" would, where that passes and fits the column."""
        side = order_side(check.tree, col.name)
        if side is None:
            return
        other, sign = side
        fails = rows[~check.ok({c: _pick(data.out[c], rows) for c in check.columns}, len(rows))]
        base = data.raw.get(other)
        if not fails.size or base is None or not isinstance(base, np.ndarray):
            return
        picked = base[fails]
        gap = rng.random(fails.size)
        if picked.dtype.kind == "M":
            unit = np.datetime_data(picked.dtype)[0]
            per = 1 if unit == "D" else _PER_SECOND.get(unit, 1)
            if unit == "D":
                moved = picked + (sign * (1 + np.floor(gap * 29))).astype("m8[D]")
            else:
                steps = per + np.floor(gap * (30 * 86400 - 1) * per)
                moved = picked + (sign * steps).astype(f"m8[{unit}]")
        elif picked.dtype.kind in "iuf":
            step = 1 + np.floor(gap * 10)
            moved = picked + sign * step.astype(picked.dtype)
        else:
            return
        texts = render_values(moved, col.type, f"{table.key}.{col.name}")
        trial = {c: _pick(data.out[c], fails) for c in check.columns}
        trial[col.name] = texts
        ok = check.ok(trial, fails.size)
        checker = column_checker(col.type, col.name, col.checks)
        if checker is not None:
            ok &= checker.ok_rows(moved, texts)
        fixed = fails[ok]
        out = _object_array(data.out[col.name])
        out[fixed] = _object_array(texts)[ok]
        data.out[col.name] = out.tolist()
        current = data.raw[col.name]
        if isinstance(current, np.ndarray) and current.dtype == moved.dtype:
            current = current.copy()
            current[fixed] = moved[ok]
            data.raw[col.name] = current

    def _swap(
        self,
        table: RTable,
        check: RowCheck,
        col: RColumn,
        partner: RColumn,
        rows: np.ndarray,
        data: _ChunkData,
    ) -> None:
        """Swap ``col`` and ``partner`` in ``rows`` where that makes the CHECK pass and
        both values still fit their columns."""
        texts = {c: _object_array(data.out[c]) for c in (col.name, partner.name)}
        raws = {c: _object_array(list(data.raw[c])) for c in (col.name, partner.name)}
        mine, theirs = texts[col.name][rows], texts[partner.name][rows]
        trial = {c: _object_array(data.out[c])[rows].tolist() for c in check.columns}
        trial[col.name], trial[partner.name] = theirs.tolist(), mine.tolist()
        ok = check.ok(trial, len(rows))
        for c, values in ((col, trial[col.name]), (partner, trial[partner.name])):
            checker = column_checker(c.type, c.name, c.checks)
            if checker is not None:
                ok &= checker.ok_rows(None, values)
        swap = rows[ok]
        if not swap.size:
            return
        for a, b in ((col.name, partner.name), (partner.name, col.name)):
            new_text, new_raw = texts[a].copy(), raws[a].copy()
            new_text[swap], new_raw[swap] = texts[b][swap], raws[b][swap]
            data.out[a] = new_text.tolist()
            old = data.raw[a]
            kept = isinstance(old, np.ndarray)
            data.raw[a] = new_raw.astype(old.dtype) if kept else list(new_raw)

    def _verify_rows(
        self, table: RTable, check: RowCheck, offset: int, n: int, data: _ChunkData
    ) -> None:
        """A table CHECK holds on every row made (rows still failing are an error)."""
        ok = check.ok({c: listed(data.out[c]) for c in check.columns}, n)
        if ok.all():
            return
        bad = np.flatnonzero(~ok)
        row = int(bad[0])
        values = ", ".join(f"{c}={data.out[c][row]!r}" for c in check.columns)
        raise PgmockError(
            f"{table.key}: {len(bad):,} row(s) of rows {offset + 1:,}…{offset + len(ok):,} "
            f"fail CHECK ({check.text}), e.g. row {offset + row + 1:,} ({values}); "
            f"{self._row_check_advice(table, check)}"
        )

    def _row_check_advice(self, table: RTable, check: RowCheck) -> str:
        repair = repair_column(table, check)
        if repair is None:
            return (
                "pgmock redraws only a column filled by a generator, made after the others "
                "the CHECK names; derive one from the others (after, expr) or drop the CHECK"
            )
        return (
            f"redrawing {repair} did not find values that pass; derive it from the others "
            "(after, expr) or widen its generator's parameters"
        )

    def _apply_cases(
        self, table: RTable, col: RColumn, index: int, offset: int, n: int, data: _ChunkData
    ) -> Rendered:
        """Rows whose ``cases_on`` value has a case take that case's values (or NULL).
        Values compare as PostgreSQL text (the case labels are in that form, see
        schema.derived.cases); a NULL matches no case. Where a case's values are of the
        column's own kind (moments of the same unit, numbers), the columns made after it
        read them too: an end that follows a start follows the start the row has."""
        assert col.cases_on is not None
        picks = np.empty(n, dtype=object)
        picks[:] = data.out[col.cases_on]
        result = np.empty(n, dtype=object)
        result[:] = data.out[col.name]
        base = data.raw.get(col.name)
        for label, variant in col.cases.items():
            mask = picks == label
            if not mask.any():
                continue
            if variant is None:
                result[mask] = None
                continue
            slot = f"{col.name}#{label}"
            rng = self._rng(table.key, slot, index)
            raw, rendered = self._generate_rendered(table, variant, rng, n, offset, data.raw, slot)
            if (
                isinstance(base, np.ndarray)
                and isinstance(raw, np.ndarray)
                and base.dtype == raw.dtype
                and base.shape == raw.shape
            ):
                base[mask] = raw[mask]
            if variant.null_ratio > 0:
                rendered = _apply_nulls(
                    rendered, self._rng(table.key, slot, index, 1), variant.null_ratio
                )
            result[mask] = np.array(rendered, dtype=object)[mask]
        return list(result.tolist())

    def _generate_rendered(
        self,
        table: RTable,
        col: RColumn,
        rng: np.random.Generator,
        n: int,
        offset: int,
        raw: dict[str, Any],
        slot: str | None = None,
        nulls: dict[str, Any] | None = None,
    ) -> tuple[Any, Texts]:
        """A generated batch and its text; rows that fail the column's domain (CHECK, NOT
        NULL) or its own CHECKs are drawn again from the same rng (see pgmock.sql.domains)."""
        where = f"{table.key}.{col.name}"
        values = self._generate(table, col, rng, n, offset, raw, slot, nulls, labels=True)
        started = time.perf_counter()
        texts = render_texts(values, col.type, where)
        if self.timer is not None:
            self.timer.render(table.key, col.name, time.perf_counter() - started)
        checker = column_checker(col.type, col.name, col.checks)
        if checker is None:
            # A TextMatrix or Labels stays one: what later columns read becomes strings
            # only if one reads them (Clerk#… or a comment that no column reads is never
            # a str a row).
            return values, texts
        values = _strings(values)  # rows may be drawn again, as strings
        rendered = listed(texts)

        def draw(k: int) -> Any:
            return self._generate(table, col, rng, k, offset, raw, slot, nulls)

        try:
            # Unique values come from bijections over row numbers: a redraw would repeat one.
            return enforce(
                values,
                rendered,
                checker,
                None if col.unique else draw,
                lambda v: render_values(v, col.type, where),
            )
        except DomainViolation as exc:
            assert col.generator is not None
            raise GeneratorError(
                where, col.generator.qualified, (offset, offset + n), self.seed, str(exc)
            ) from None

    def _verify_domain(self, table: RTable, col: RColumn, values: Any, rendered: Texts) -> None:
        """Computed, copied and referenced values cannot be drawn again: they must fit."""
        checker = column_checker(col.type, col.name, col.checks)
        if checker is None or (col.type.is_array and values is None):
            return
        try:
            enforce(values, listed(rendered), checker, None, list)
        except DomainViolation as exc:
            raise PgmockError(f"{table.key}.{col.name}: {exc}") from None

    def _after_values(
        self, table: RTable, col: RColumn, rng: np.random.Generator, n: int, data: _ChunkData
    ) -> np.ndarray:
        """A moment after a reference: a parent's column (through an FK) or this row's."""
        after = col.after
        assert after is not None
        if after.span is not None:
            return self._since_parents(col, after, rng, n, data)
        if after.fk is None:
            base = np.asarray(data.raw[after.column])
            for other in after.also:  # before the earliest of several later stages
                others = np.asarray(data.raw[other])
                finer = _finer(_moment_unit(base), _moment_unit(others))
                base = np.minimum(base.astype(f"M8[{finer}]"), others.astype(f"M8[{finer}]"))
        elif self.schema.tables[after.fk.ref_table].row_count == 0:
            base = np.full(n, np.datetime64("NaT"), "M8[s]")  # no parent: NULL
        else:
            rows = data.picks[after.fk.name]
            base = self.parent_values_at(after.fk.ref_table, after.column, rows)
        sign = -1 if after.before else 1
        if col.type.name == "date":
            days = 1 + np.floor(rng.random(n) * max(after.within_seconds / 86400 - 1, 0))
            dates = base.astype("M8[D]") + (sign * days).astype("m8[D]")
            if after.cycle is not None:
                dates = self._one_cycle(after.cycle, base, dates, data)
            return self._not_before(after, _capped(after, base, dates), data)
        # as fine as the moment it follows (whole seconds after whole seconds) and the
        # column's precision (timestamp(0)), never finer than microseconds; a lifecycle's
        # inferred later stage keeps whole seconds like the first
        unit = _coarser(_moment_unit(base), _precision_unit(col))
        if after.inferred:
            unit = _coarser(unit, "s")
        per = _PER_SECOND[unit]
        span = max(after.within_seconds - 1, 0) * per
        offset = per + np.floor(rng.random(n) * span)
        moments = base.astype(f"M8[{unit}]") + (sign * offset).astype(f"m8[{unit}]")
        if after.cycle is not None:
            moments = self._one_cycle(after.cycle, base, moments, data)
        return self._not_before(after, _capped(after, base, moments), data)

    def _one_cycle(
        self, cycle: BillingCycle, base: np.ndarray, drawn: np.ndarray, data: _ChunkData
    ) -> np.ndarray:
        """``base`` plus the row's billing interval (a calendar month or year: 31 January
        plus a month is 28 or 29 February), where its interval is known; ``drawn`` in the
        other rows."""
        if cycle.fk is None:
            names = _object_array(_strings(data.raw[cycle.column]))
        elif self.schema.tables[cycle.fk.ref_table].row_count == 0:
            return drawn
        else:
            rows = data.picks[cycle.fk.name]
            names = self.parent_values_at(cycle.fk.ref_table, cycle.column, rows)
        months = np.zeros(len(drawn), np.int64)
        days = np.zeros(len(drawn), np.int64)
        known = np.zeros(len(drawn), bool)
        for value, step_months, step_days in cycle.steps:
            match = names == value
            months[match], days[match], known[match] = step_months, step_days, True
        start = base.astype(drawn.dtype)
        day = start.astype("M8[D]")
        month = day.astype("M8[M]")
        target = month + months.astype("m8[M]")
        first = target.astype("M8[D]")
        length = ((target + np.timedelta64(1, "M")).astype("M8[D]") - first).astype(np.int64)
        within = np.minimum((day - month.astype("M8[D]")).astype(np.int64), length - 1)
        on = first + (within + days).astype("m8[D]")
        ended = on.astype(drawn.dtype) + (start - day.astype(drawn.dtype))  # its time of day
        return np.where(known & ~np.isnat(start), ended, drawn)

    def _since_parents(
        self, col: RColumn, after: AfterRef, rng: np.random.Generator, n: int, data: _ChunkData
    ) -> np.ndarray:
        """Moments uniform between the latest of the parent rows' moments (never before
        the span's start) and the span's end: a loan after its member joined and its copy
        was acquired, and not after the data's present. Where a parent's moment is past
        the end, the moment is the parent's (nothing comes before it)."""
        assert after.span is not None
        unit = "D" if col.type.name == "date" else "s"
        first, last = (np.datetime64(v).astype(f"M8[{unit}]") for v in after.span)
        base = np.full(n, first)
        for parent in self._parent_moments(after.floors(), data):
            whole = parent.astype(f"M8[{unit}]")
            if unit != "D":  # a date is its day: the day a member's row was created counts
                whole = whole + (whole < parent).astype(f"m8[{unit}]")  # never before it
            base = np.where(np.isnat(whole) | (whole < base), base, whole)
        end = np.full(n, last)
        for parent in self._parent_moments(after.until, data):
            whole = parent.astype(f"M8[{unit}]")
            # no later than the parent's end; past the present only when the parent's
            # beginning is (a project still to come)
            end = np.where(np.isnat(whole) | (whole > end) & (base <= end), end, whole)
        span = np.maximum((end - base).astype(np.int64), 0)
        offset = np.floor(rng.random(n) * (span + 1)).astype(np.int64)
        return base + offset.astype(f"m8[{unit}]")

    def _parent_moments(self, refs: Iterable[ParentRef], data: _ChunkData) -> Iterator[np.ndarray]:
        """The moments of the parent rows the chunk's rows picked, column by column."""
        for ref in refs:
            if self.schema.tables[ref.fk.ref_table].row_count > 0:
                rows = data.picks[ref.fk.name]
                yield self.parent_values_at(ref.fk.ref_table, ref.column, rows)

    def _not_before(self, after: AfterRef, moments: np.ndarray, data: _ChunkData) -> np.ndarray:
        """``moments``, none before the parent's moment ``after.not_before`` names: what
        comes before a later stage of its row is still no earlier than its parent row."""
        floor = after.not_before
        if floor is None or self.schema.tables[floor.fk.ref_table].row_count == 0:
            return moments
        rows = data.picks[floor.fk.name]
        parent = self.parent_values_at(floor.fk.ref_table, floor.column, rows)
        return np.maximum(moments, parent.astype(moments.dtype))

    def _derived_values(self, table: RTable, col: RColumn, data: _ChunkData) -> Any:
        """``expr`` over this row's earlier columns, or ``from`` a parent's column."""
        if col.expr is not None:
            values = evaluate(col.expr, data.raw)
            if col.type.name in INTEGER_TYPES:
                if not np.isfinite(values).all():
                    raise PgmockError(
                        f"{table.key}.{col.name}: expr gives NaN or infinity in some rows (a "
                        "division by zero?), which an integer column cannot hold"
                    )
                return np.rint(values).astype(np.int64)
            return values
        ref = col.copy_from
        assert ref is not None
        if self.schema.tables[ref.fk.ref_table].row_count == 0:
            return [None] * len(data.picks[ref.fk.name])  # no parent row to copy from
        rows = data.picks[ref.fk.name]
        picked = self.parent_values_at(ref.fk.ref_table, ref.column, rows)
        return picked.tolist() if picked.dtype.kind in "UO" else picked

    def parent_values_at(self, key: str, column: str, rows: np.ndarray) -> np.ndarray:
        """Raw values of a parent's column at ``rows`` (see parent_values).

        Children laid out parent by parent (``rowCount: {"per": …}``) pick a few
        neighbouring parent rows per chunk: the parent chunks holding them are computed
        where needed and kept in a small LRU cache, so memory stays flat however large
        the parent. Picks spread over the table use the whole column, computed once.
        """
        whole = self._values.get((key, column))
        if whole is None and len(rows):
            first, last = int(rows.min()) // CHUNK_ROWS, int(rows.max()) // CHUNK_ROWS
            if last - first < _LOCAL_CHUNKS:
                parts = [self._parent_chunk_values(key, column, i) for i in range(first, last + 1)]
                return np.concatenate(parts)[rows - first * CHUNK_ROWS]
        return self.parent_values(key, column)[rows]

    def _parent_chunk_values(self, key: str, column: str, index: int) -> np.ndarray:
        slot = (key, column, index)
        cached = self._chunk_values.pop(slot, None)
        if cached is None:
            cached = self._column_part(key, column, index)
            if len(self._chunk_values) >= _CACHED_CHUNKS:
                self._chunk_values.pop(next(iter(self._chunk_values)))  # least recent
        self._chunk_values[slot] = cached
        return cached

    def _column_part(self, key: str, column: str, index: int) -> np.ndarray:
        """One chunk of a column as parent_values holds it."""
        names = list(self.schema.tables[key].columns)
        data = self._chunk(key, index, names.index(column) + 1)
        part = _strings(data.keys[column] if column in data.keys else data.raw[column])
        return _object_array(part) if isinstance(part, list) else np.asarray(part)

    def parent_values(self, key: str, column: str) -> np.ndarray:
        """Raw values of a parent's column for every row, computed once: what its
        generator returned (before NULLs), or a foreign key's text."""
        cached = self._values.get((key, column))
        if cached is not None:
            return cached
        parts = [self._column_part(key, column, i) for i in range(len(self.plan.chunks(key)))]
        values = np.concatenate(parts) if parts else np.array([], dtype="M8[us]")
        self._values[(key, column)] = values
        return values

    def parent_fk_rows(self, key: str, fk: RForeignKey) -> np.ndarray:
        """The parent row ``fk`` of table ``key`` picked in every row (-1: NULL), once."""
        cached = self._fk_picks.get((key, fk.name))
        if cached is not None:
            return cached
        names = list(self.schema.tables[key].columns)
        upto = max(names.index(c) for c in fk.columns) + 1
        parts = [self._chunk(key, i, upto).rows[fk.name] for i in range(len(self.plan.chunks(key)))]
        rows = np.concatenate(parts) if parts else np.array([], dtype=np.int64)
        self._fk_picks[(key, fk.name)] = rows
        return rows

    def _generate(
        self,
        table: RTable,
        col: RColumn,
        rng: np.random.Generator,
        n: int,
        offset: int,
        raw: dict[str, Any],
        slot: str | None = None,
        nulls: dict[str, Any] | None = None,
        labels: bool = False,
    ) -> Any:
        slot = slot or col.name
        gen = self._generators[(table.key, slot)]
        assert col.generator is not None
        ctx = GenContext(
            column=gen.column,
            offset=offset,
            rows=_RowValues(raw),
            distribution=self._samplers.get((table.key, slot)),
            row_index=None
            if col.unique_within is None
            else self._group_numbers(table, col, offset, n),
            nulls=nulls if nulls is not None else {},
            parent_position=self._parent_positions(table, offset, n),
            labels=labels,
        )
        try:
            values = gen.generate(n, rng, ctx)
        except GeneratorError:
            raise
        except Exception as exc:
            raise GeneratorError(
                f"{table.key}.{col.name}",
                col.generator.qualified,
                (offset, offset + n),
                self.seed,
                f"{type(exc).__name__}: {exc}",
            ) from exc
        if len(values) != n:
            raise GeneratorError(
                f"{table.key}.{col.name}",
                col.generator.qualified,
                (offset, offset + n),
                self.seed,
                f"returned {len(values)} values for a batch of {n} (a bug in the plugin)",
            )
        return values

    def _fk_values(
        self, table: RTable, fk: RForeignKey, index: int, offset: int, n: int, data: _ChunkData
    ) -> dict[str, Texts]:
        """The FK's columns for one chunk; the parent rows it picked go into ``data.picks``
        (row 0 where it is NULL, so "after" and "from" still find a parent row)."""
        parent = self.schema.tables[fk.ref_table]
        group = next((g for g in self._groups[table.key] if fk in g.fks), None)
        nulls: np.ndarray | None = None
        if self.plan.is_broken(fk) or parent.row_count == 0:
            rows, nulls = np.zeros(n, np.int64), np.ones(n, bool)
        elif fk.copy is not None:
            via = data.rows[fk.copy.via.name]
            copied = self.parent_fk_rows(fk.copy.via.ref_table, fk.copy.source)
            rows = np.where(via >= 0, copied[np.maximum(via, 0)], -1)
            nulls = rows < 0
            rows[nulls] = 0
            self._copied_nulls(table, fk, nulls)
        elif fk.max_depth is not None:
            rng = self._rng(table.key, fk.name, index)
            rows, nulls = tree_parents(table.row_count, fk.max_depth, offset, n, rng)
        elif table.per_parent is fk:
            rows = parent_rows(table.per_cumulative, offset, n)
        elif group is not None:
            rows = self._distinct_parent_rows(table, group, offset, n)[id(fk)]
        else:
            rng = self._rng(table.key, fk.name, index)
            rows = self._parent_picks(table, fk, rng, n, offset)
            self._within_parent_terms(table, fk, rows, index, data)
            for flag in table.partial_flags:
                if flag.fk is fk and flag.mode == "rows":
                    # the rows that may keep the index's flag get a parent each
                    keep, pos = self._flag_rows(table, flag, offset, n)
                    key = self._key(table.key, "partial", flag.index, fk.name)
                    rows[keep] = permute(pos[keep], parent.row_count, key)
        data.picks[fk.name] = rows
        data.rows[fk.name] = rows if nulls is None else np.where(nulls, -1, rows)
        if nulls is not None and nulls.all():
            return {c: [None] * n for c in fk.columns}
        out = self._fk_texts(table, fk, parent, rows)
        if nulls is not None and nulls.any():
            for c in fk.columns:
                values = _object_array(out[c])
                values[nulls] = None
                out[c] = list(values.tolist())
        return out

    def _within_parent_terms(
        self,
        table: RTable,
        fk: RForeignKey,
        rows: np.ndarray,
        index: int,
        data: _ChunkData,
    ) -> None:
        """Parent rows (``rows``, in place) whose term (a project's end date) a moment of the
        row bounds (``AfterRef.until``) picked again where the term ended before the row's
        other parents began (an employee hired after the project ended): uniformly among
        the parents whose term had not ended by then, from a stream of their own. A
        timesheet books time on a project its employee was there for; a row no parent
        fits (hired after every project ended) keeps its pick."""
        for col in table.columns.values():
            after = col.after
            if after is None or after.span is None:
                continue
            ends = [u for u in after.until if u.fk is fk]
            floors = [f for f in after.floors() if f.fk is not fk and f.fk.name in data.picks]
            if not ends or not floors:
                continue
            unit = "D" if col.type.name == "date" else "s"
            begun = np.full(len(rows), np.datetime64("NaT"), f"M8[{unit}]")
            for moment in self._parent_moments(floors, data):
                moment = moment.astype(f"M8[{unit}]")
                begun = np.where(np.isnat(begun) | (moment > begun), moment, begun)
            order, ended, by_row = self._terms_by_end(fk, tuple(e.column for e in ends), unit)
            wrong = np.flatnonzero(by_row[rows] < begun)  # NaT compares False: no bound
            first = np.searchsorted(ended, begun[wrong], side="left")
            fits = first < len(ended)
            wrong, first = wrong[fits], first[fits]
            if len(wrong):
                rng = self._rng(table.key, f"{fk.name}#term", index)
                spread = np.floor(rng.random(len(wrong)) * (len(ended) - first)).astype(np.int64)
                rows[wrong] = order[first + spread]
            return

    def _terms_by_end(
        self, fk: RForeignKey, columns: tuple[str, ...], unit: str
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The parent's rows in the order their terms end (the earliest of ``columns``;
        none: last), those ends in that order, and each row's end: computed once a run."""
        key = (fk.ref_table, columns, unit)
        found = self._term_orders.get(key)
        if found is None:
            every = np.arange(self.schema.tables[fk.ref_table].row_count, dtype=np.int64)
            ended = np.full(len(every), np.datetime64("NaT"), f"M8[{unit}]")
            for column in columns:
                moment = self.parent_values_at(fk.ref_table, column, every).astype(f"M8[{unit}]")
                ended = np.where(np.isnat(ended) | (moment < ended), moment, ended)
            order = np.argsort(ended, kind="stable")  # NaT sorts last: never ends
            found = self._term_orders[key] = (order, ended[order], ended)
        return found

    def _flag_rows(
        self, table: RTable, flag: PartialFlag, offset: int, n: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """Which of the chunk's rows may keep a partial index's flag, and their places
        ``0 … flag.rows - 1`` among those rows (a keyed permutation of the table's rows:
        the same for any chunking)."""
        key = self._key(table.key, "partial", flag.index)
        pos = permute(np.arange(offset, offset + n, dtype=np.int64), table.row_count, key)
        return pos < flag.rows, pos

    def _clear_flag(
        self, table: RTable, flag: PartialFlag, offset: int, n: int, data: _ChunkData
    ) -> None:
        """The flag false on the rows that may not keep it, so the partial unique index
        over its true rows holds (NULLs stay: the WHERE is not true there either)."""
        if flag.mode == "first":
            keep = _positions_within(table, offset, n) == 0
        elif flag.mode == "group":
            # one combination of the other parents per key parent: distinct combinations
            # make it one row per key parent at most
            assert flag.fk is not None
            parents = data.picks[flag.fk.name]
            keep = np.ones(n, bool)
            for other in flag.others:
                key = self._key(table.key, "partial", flag.index, other.name)
                chosen = scramble64(parents, key) % np.uint64(max(self._rows_of(other), 1))
                keep &= data.picks[other.name] == chosen.astype(np.int64)
        else:
            keep, _ = self._flag_rows(table, flag, offset, n)
        values = _object_array(data.out[flag.flag])
        values[~keep & (values == "t")] = "f"
        data.out[flag.flag] = list(values.tolist())
        raw = data.raw.get(flag.flag)
        if isinstance(raw, np.ndarray) and raw.dtype == bool and len(raw) == n:
            data.raw[flag.flag] = raw & keep

    def _parent_picks(
        self, table: RTable, fk: RForeignKey, rng: np.random.Generator, n: int, offset: int
    ) -> np.ndarray:
        """``n`` parent rows, uniformly or through the FK's distribution."""
        parent = self.schema.tables[fk.ref_table]
        if fk.distribution is None:
            return rng.integers(0, parent.row_count, size=n, dtype=np.int64)
        sampler = fk.distribution.cls(fk.distribution.params)
        ranks = sampler.choose(n, rng, parent.row_count, offset)
        if sampler.ordered:
            # weights[i] belongs to parent row i, as the user listed them
            return ranks.astype(np.int64)
        # Rank 0 is the most popular parent; a keyed permutation spreads the popular
        # ones over the table instead of favouring the first rows.
        return permute(ranks.astype(np.int64), parent.row_count, self._key(table.key, fk.name))

    def _fk_texts(
        self, table: RTable, fk: RForeignKey, parent: RTable, rows: np.ndarray
    ) -> dict[str, Texts]:
        """The FK's columns for these parent rows."""
        out: dict[str, Texts] = {}
        if reconstructible(parent, fk.ref_columns):
            ids = rows + 1
            for c in fk.columns:
                out[c] = render_texts(ids, table.columns[c].type, f"{table.key}.{c}")
        elif self.keys_computable(parent, fk.ref_columns):
            for c, ref in zip(fk.columns, fk.ref_columns):
                out[c] = self.key_values_at(parent, ref, rows)
        else:
            keys = self.parent_keys(fk.ref_table, tuple(fk.ref_columns))
            for c, arr in zip(fk.columns, keys):
                out[c] = arr[rows].tolist()
        return out

    def _copied_nulls(self, table: RTable, fk: RForeignKey, nulls: np.ndarray) -> None:
        """A NOT NULL column cannot copy a NULL key (validate refuses the cases it can
        see; a foreign key left NULL to break a cycle is decided later)."""
        if nulls.any() and not all(table.columns[c].nullable for c in fk.columns):
            assert fk.copy is not None
            source = f"{fk.copy.via.ref_table}.{fk.copy.source.columns[0]}"
            raise PgmockError(
                f"{table.key}.{fk.columns[0]}: copies {source}, which is NULL in some rows "
                "(a foreign key left NULL to break a cycle), into a NOT NULL column"
            )

    def _distinct_parent_rows(
        self, table: RTable, group: _DistinctGroup, offset: int, n: int
    ) -> dict[int, np.ndarray]:
        per = table.per_parent
        fks = [fk for fk in group.fks if fk is not per]
        dims = self._dimensions(table, fks)
        # permute's domain ends at 2**63: over more combinations, a grid as even as the
        # parents allow, each dimension spread over its whole range by a keyed bijection
        sizes = [size for _, size in dims]
        grid = combination_grid(sizes) or sizes
        combos = math.prod(grid)
        key = self._key(table.key, group.name)
        out: dict[int, np.ndarray] = {}
        if len(fks) == len(group.fks):
            pos = permute(np.arange(offset, offset + n, dtype=np.int64), combos, key)
        else:
            # Children per parent: each parent's rows take distinct combinations of the
            # other parents (the resolver caps the children at their number), through a
            # bijection of the row's position among its parent's rows keyed by the parent.
            assert per is not None
            parents = parent_rows(table.per_cumulative, offset, n)
            out[id(per)] = parents
            within = _positions_within(table, offset, n)
            pos = permute_per_key(within, combos, scramble64(parents, key))
        for (members, size), dim in zip(reversed(dims), reversed(grid)):
            pos, index = np.divmod(pos, dim)
            if dim < size:
                spread = self._key(table.key, f"{group.name}.{members[0].name}")
                index = permute(index, size, spread)
            if len(members) == 1:
                out[id(members[0])] = index
                continue
            # two FKs kept unequal: index i*(n-1)+j' is the pair (i, j' or j'+1), never (i, i)
            first, second = divmod(index, size // max(self._rows_of(members[0]), 1))
            out[id(members[0])] = first
            out[id(members[1])] = second + (second >= first)
        return out

    def _rows_of(self, fk: RForeignKey) -> int:
        return self.schema.tables[fk.ref_table].row_count

    def _dimensions(
        self, table: RTable, fks: list[RForeignKey]
    ) -> list[tuple[tuple[RForeignKey, ...], int]]:
        """The group's FKs as dimensions of its combinations: one per FK, or one for a
        pair kept unequal (n·(n-1) pairs without the equal ones)."""
        dims: list[tuple[tuple[RForeignKey, ...], int]] = []
        paired: list[RForeignKey] = []
        for fk in fks:
            if any(fk is p for p in paired):
                continue
            pair = next(((a, b) for a, b, _ in table.unequal_fks if fk is a or fk is b), None)
            if pair is not None and all(any(x is f for f in fks) for x in pair):
                n = self._rows_of(fk)
                dims.append((pair, n * (n - 1)))
                paired.extend(pair)
            else:
                dims.append(((fk,), self._rows_of(fk)))
        return dims

    def _group_numbers(self, table: RTable, col: RColumn, offset: int, n: int) -> np.ndarray:
        """What a column unique within each parent's rows derives its values from: the
        row's position among its parent's rows through a bijection keyed by the parent
        (so parents do not all list the same values in the same order), below the
        largest parent's number of rows."""
        parents = parent_rows(table.per_cumulative, offset, n)
        keys = scramble64(parents, self._key(table.key, col.name, "group"))
        within = _positions_within(table, offset, n)
        return permute_per_key(within, max(table.max_children, 1), keys)

    def keys_computable(self, parent: RTable, columns: Sequence[str]) -> bool:
        """Whether every key column's value follows from the row number: serial, or
        filled by a ``row_pure`` generator as it stands (no NULLs, cases, FK, numbers
        within a parent or table CHECK redraws)."""
        for name in columns:
            col = parent.columns[name]
            if col.is_serial:
                continue
            gen = self._generators.get((parent.key, name))
            plain = (
                col.fk is None
                and col.null_ratio == 0
                and col.cases_on is None
                and col.unique_within is None
                and (parent.key, name) not in self._repairs
            )
            if gen is None or not gen.row_pure or not plain:
                return False
        return True

    def key_values_at(self, parent: RTable, name: str, rows: np.ndarray) -> Texts:
        """A key column's text for the given parent rows, computed rather than kept: 20
        million UUID keys held as strings take 2 GB, computing a chunk's share takes
        milliseconds."""
        col = parent.columns[name]
        where = f"{parent.key}.{name}"
        if col.is_serial:
            return render_texts(rows + 1, col.type, where)
        gen = self._generators[(parent.key, name)]
        ctx = GenContext(column=gen.column, offset=0, row_index=rows)
        return render_texts(gen.generate(len(rows), _UNUSED_RNG, ctx), col.type, where)

    def parent_keys(self, key: str, columns: tuple[str, ...]) -> list[np.ndarray]:
        """A parent's key columns for every row, generated once and kept in memory,
        packed (numpy's variable-width strings: the text and 16 bytes, not a Python
        object and a pointer)."""
        cached = self._keys.get((key, columns))
        if cached is not None:
            return cached
        table = self.schema.tables[key]
        names = list(table.columns)
        upto = max(names.index(c) for c in columns) + 1
        packed = np.dtypes.StringDType(na_object=None)
        parts: list[list[np.ndarray]] = [[] for _ in columns]
        for i in range(len(self.plan.chunks(key))):
            chunk = self.generate_chunk(key, i, upto=upto)
            for j, c in enumerate(columns):
                parts[j].append(np.array(chunk[c], dtype=packed))
        arrays = [np.concatenate(p) if p else np.array([], dtype=packed) for p in parts]
        self._keys[(key, columns)] = arrays
        return arrays

    def prepare(self) -> None:
        """Materialize every parent key the selected tables need, before any fork."""
        for key in self.plan.order:
            for fk in self.schema.tables[key].fks:
                parent = self.schema.tables[fk.ref_table]
                if self.plan.is_broken(fk) or reconstructible(parent, fk.ref_columns):
                    continue
                if not self.keys_computable(parent, fk.ref_columns):
                    self.parent_keys(fk.ref_table, tuple(fk.ref_columns))
            table = self.schema.tables[key]
            for col in table.columns.values():
                # Children laid out per parent compute their parents' values where they
                # run (see parent_values_at); others need the whole column before a fork.
                for ref in col.after.parent_refs() if col.after is not None else ():
                    if table.per_parent is not ref.fk:
                        self.parent_values(ref.fk.ref_table, ref.column)
                if col.copy_from is not None and table.per_parent is not col.copy_from.fk:
                    self.parent_values(col.copy_from.fk.ref_table, col.copy_from.column)
                for ref in col.inputs:
                    if table.per_parent is not ref.fk:
                        self.parent_values(ref.fk.ref_table, ref.column)
            for fk in self.schema.tables[key].fks:
                if fk.copy is not None:
                    self.parent_fk_rows(fk.copy.via.ref_table, fk.copy.source)

    # -- streams -------------------------------------------------------------------------

    def table_data(self, key: str) -> TableStream:
        return TableStream(self, key)

    def iter_chunks(self, key: str) -> Iterator[Chunk]:
        return self.map_chunks(key, _identity)

    def map_chunks(self, key: str, fn: Callable[[Chunk], T]) -> Iterator[T]:
        """``fn`` of every chunk of a table, in chunk order; in workers when --jobs > 1."""
        table = self.schema.tables[key]
        chunks = self.plan.chunks(key)
        started = time.perf_counter()
        if self.timer is not None:
            fn = self.timer.payload_fn(key, fn)
        results: Iterator[T]
        if len(chunks) > 1 and self._parallel(key):
            results = self._get_workers().imap((key, i, fn) for i in range(len(chunks)))
        else:
            results = (fn(self.make_chunk(key, i)) for i in range(len(chunks)))
        done = 0
        for (_, n), result in zip(chunks, results):
            done += n
            if self.progress is not None:
                # The payload too, so a report can say how many bytes the table made.
                self.progress(key, done, table.row_count, result)
            yield result
        if self.timer is not None:
            self.timer.table_done(key, time.perf_counter() - started, table.row_count)

    def _parallel(self, key: str) -> bool:
        if self.backend is not None:
            return self._remote_safe(key)
        return self.jobs > 1 and self._fork_safe(key)

    def _remote_safe(self, key: str) -> bool:
        """Whether a table's chunks can be made in another process that has only a pickled
        copy of this engine: generators owning a process or an isolate stay here (see
        __getstate__), and a worker may compute any FK ancestor's columns too."""
        tables, todo = {key}, [key]
        while todo:
            for fk in self.schema.tables[todo.pop()].fks:
                if fk.ref_table not in tables:
                    tables.add(fk.ref_table)
                    todo.append(fk.ref_table)
        return all(gen.fork_safe for (table, _), gen in self._generators.items() if table in tables)

    def _fork_safe(self, key: str) -> bool:
        # A table with a generator that owns a child process or a V8 isolate stays in
        # this process: such state cannot be shared with forked workers.
        return all(gen.fork_safe for (table, _), gen in self._generators.items() if table == key)

    def make_chunk(self, key: str, index: int) -> Chunk:
        offset, n = self.plan.chunks(key)[index]
        cols = self._texts(key, index)
        data: list[Sequence[str | None]] = [
            cols[c.name] for c in self.schema.tables[key].columns.values() if c.has_data
        ]
        return Chunk(offset=offset, n=n, columns=data)

    def _get_workers(self) -> ChunkRunner:
        if self._workers is None:
            self.prepare()  # before the fork: what workers read is made once, here
            if self.backend is not None:
                self._workers = self.backend.start(self)
            else:
                self._warm()
                self._workers = Workers(self.jobs, self.work)
        return self._workers

    def _warm(self) -> None:
        """Let the generators of the tables the workers make build their shared state here,
        once, instead of once in every forked worker (Generator.warm); with two or more
        jobs, a helper process builds part of it meanwhile (generate.warming)."""
        parallel = {key for key in self.plan.order if self._parallel(key)}
        warm([gen for (key, _), gen in self._generators.items() if key in parallel], self.jobs)

    def work(self, task: tuple[str, int, Callable[[Chunk], Any]]) -> Any:
        """One chunk task: make the chunk and apply ``fn`` (format, compress) to it."""
        key, index, fn = task
        return fn(self.make_chunk(key, index))

    def __getstate__(self) -> dict[str, Any]:
        """What a remote worker needs (plan, generators, parent keys made by prepare()),
        without this process's runner, progress callback or caches. Generators that own a
        process or a V8 isolate are not shipped; tables using them run here."""
        state = self.__dict__.copy()
        state.update(
            progress=None, backend=None, timer=None, _workers=None, _chunk_values={}, _fk_rows={}
        )
        state["_generators"] = {
            slot: gen if gen.fork_safe else _ClientOnly(gen)
            for slot, gen in self._generators.items()
        }
        return state

    def close(self) -> None:
        try:
            if self._workers is not None:
                self._workers.close()
                self._workers = None
        finally:
            # After the workers are gone (they hold copies of the children's pipes), so
            # child processes see end-of-input; runs on errors and Ctrl-C too.
            for gen in self._generators.values():
                gen.close()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_LOCAL_CHUNKS = 4  # a batch whose parent rows span fewer chunks computes just those
_CACHED_CHUNKS = 8  # parent chunks kept per process (per-parent children move forward)
# What row-pure generators get for rng: they promise not to draw from it.
_UNUSED_RNG = np.random.Generator(np.random.PCG64(0))


class _ClientOnly:
    """Stands in for a generator that runs only in the client process."""

    fork_safe = False

    def __init__(self, gen: Generator) -> None:
        self.column = gen.column
        self.row_pure = gen.row_pure
        self.name = type(gen).__name__

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> Any:
        raise RuntimeError(
            f"{self.column.table}.{self.column.name}: {self.name} runs in the client process "
            "only (a bug: its table should not have been sent to a worker)"
        )

    def close(self) -> None:
        pass


def _identity(chunk: Chunk) -> Chunk:
    return chunk


class _RowValues(Mapping[str, Any]):
    """``GenContext.rows``: the earlier columns as their generators made them, except that
    a byte matrix or picks (TextMatrix, Labels: what only the host asks for) read as their
    list of strings, made when a generator reads them."""

    __slots__ = ("_raw",)

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self._raw = raw

    def __getitem__(self, key: str) -> Any:
        return _strings(self._raw[key])

    def __contains__(self, key: object) -> bool:
        return key in self._raw

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)


class TableStream:
    """A table's data as the writers see it (pgmock_sdk.toc.TableData)."""

    def __init__(self, engine: Engine, key: str) -> None:
        table = engine.schema.tables[key]
        self._engine = engine
        self._key = key
        self.qualified_name = table.qualified
        self.columns: Sequence[DataColumn] = [
            DataColumn(c.name, sql_kind(c)) for c in table.columns.values() if c.has_data
        ]
        self.generated_positions: Sequence[int] = [
            i for i, c in enumerate(table.columns.values()) if not c.has_data
        ]
        # pg_dump: a GENERATED ALWAYS identity column takes INSERTed values only with this.
        self.overriding_system_value = any(c.identity == "always" for c in table.columns.values())
        self.row_count = table.row_count

    @property
    def key(self) -> str:
        """The table's key in the schema."""
        return self._key

    @property
    def engine(self) -> Engine:
        return self._engine

    def chunks(self) -> Iterator[Chunk]:
        return self._engine.iter_chunks(self._key)

    def payloads(self, fn: Callable[[Chunk], T]) -> Iterator[T]:
        return self._engine.map_chunks(self._key, fn)


def _positions_within(table: RTable, offset: int, n: int) -> np.ndarray:
    """Each row's 0-based position among its parent's rows (children per parent)."""
    cumulative = table.per_cumulative
    parents = parent_rows(cumulative, offset, n)
    starts = row_starts(cumulative, parents)
    return np.arange(offset, offset + n, dtype=np.int64) - starts


def _apply_nulls(values: Texts, rng: np.random.Generator, ratio: float) -> Rendered:
    mask = rng.random(len(values)) < ratio
    arr = _object_array(values)
    arr[mask] = None
    return list(arr.tolist())


def _nulls_with(values: Texts, reference: Texts | None) -> Texts:
    """``values`` NULL where ``reference`` (the moment they follow) is NULL."""
    if reference is None or None not in reference:
        return values
    arr = _object_array(values)
    arr[_object_array(reference) == None] = None  # noqa: E711 (elementwise)
    return list(arr.tolist())


def _distinct_groups(table: RTable) -> list[_DistinctGroup]:
    """The FK groups the resolver chose to draw distinct (see schema.checks)."""
    return [
        _DistinctGroup(fks, "distinct:" + ",".join(fk.name for fk in fks))
        for fks in table.distinct_fks
    ]


@dataclass
class _ChunkData:
    """One chunk as it is made: ``out`` the rendered columns, ``raw`` what the generators
    returned (before NULLs), ``keys`` the FK columns' text (before NULLs), ``picks`` the
    parent row each FK picked (0 where none) and ``rows`` the same with -1 where the FK
    is NULL in the data."""

    out: dict[str, Texts]
    raw: dict[str, Any]
    keys: dict[str, Texts]
    picks: dict[str, np.ndarray]
    rows: dict[str, np.ndarray] = field(default_factory=dict)


def _strings(values: Any) -> Any:
    """A generator's values as later columns and checks read them: a byte matrix or picks
    (TextMatrix, Labels, which only the renderer takes as they are) as their list of
    strings, anything else as it is."""
    return values.tolist() if isinstance(values, (TextMatrix, Labels)) else values


def _object_array(values: Sequence[Any]) -> np.ndarray:
    arr = np.empty(len(values), dtype=object)
    arr[:] = _strings(values)
    return arr


def _null_rows(rows: np.ndarray, values: Texts) -> np.ndarray:
    """``rows`` with -1 where ``values`` (an FK column after its nullRatio) is NULL: a
    foreign key with a NULL column is not checked, so it refers to no row."""
    null = np.fromiter(map(operator.is_, values, repeat(None)), bool, len(rows))
    return np.where(null, -1, rows)


_PER_SECOND = {"s": 1, "ms": 1_000, "us": 1_000_000}


def _capped(after: AfterRef, base: np.ndarray, moments: np.ndarray) -> np.ndarray:
    """``moments`` no later than ``after.cap``: a moment past it is moved to the same
    fraction of the way from its base to the cap instead (where the base is before it),
    so the rows that keep within it keep their values."""
    if after.cap is None:
        return moments
    cap = np.datetime64(after.cap).astype(moments.dtype)
    start = base.astype(moments.dtype)
    late = np.flatnonzero((moments > cap) & (start < cap))
    if not len(late):
        return moments
    unit = np.datetime_data(moments.dtype)[0]
    per = _PER_SECOND.get(unit, 1.0 / 86400)  # a date's unit is a day
    gone = (moments[late] - start[late]).astype(np.int64) / per  # seconds past the base
    frac = np.minimum(gone / max(after.within_seconds, 1.0), 1.0)
    room = (cap - start[late]).astype(np.int64)
    offset = np.minimum(np.ceil(frac * room), room).astype(np.int64)
    out = moments.copy()
    out[late] = start[late] + offset.astype(f"m8[{unit}]")
    return out


def _moment_unit(values: np.ndarray) -> str:
    """The unit a batch of moments is in: seconds for dates (a day has no finer part to
    keep), the datetime64 unit when it is s, ms or us, else microseconds."""
    if values.dtype.kind != "M":
        return "us"
    unit = np.datetime_data(values.dtype)[0]
    return unit if unit in _PER_SECOND else "s" if unit in ("D", "h", "m") else "us"


def _precision_unit(col: RColumn) -> str:
    """The finest unit a timestamp(p) column keeps."""
    mods = col.type.modifiers
    if not mods:
        return "us"
    return "s" if mods[0] < 3 else "ms" if mods[0] < 6 else "us"


def _coarser(a: str, b: str) -> str:
    return a if _PER_SECOND[a] <= _PER_SECOND[b] else b


def _finer(a: str, b: str) -> str:
    return a if _PER_SECOND[a] >= _PER_SECOND[b] else b


def _pick(values: Texts, rows: np.ndarray) -> Rendered:
    return list(_object_array(values)[rows].tolist())


def _first(texts_of: Callable[[Any], dict[str, Texts]], column: str, rows: Any) -> Rendered:
    return listed(texts_of(rows)[column])
