"""Generation: tables as streams of columnar chunks, identical for any number of workers.

Every batch of every column draws from its own ``numpy.random.Generator`` seeded with
``SeedSequence(seed, spawn_key=(table, column, chunk))``, so a chunk's values depend only
on the schema, the seed and the chunk's position. Workers (``--jobs``) may therefore
produce chunks in any order; the output is assembled in chunk order and is byte-identical
to a serial run.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np

from pgmock.errors import GeneratorError, PgmockError
from pgmock.generate.children import parent_rows, tree_parents
from pgmock.generate.domains import DomainViolation, domain_checker, enforce
from pgmock.generate.plan import CHUNK_ROWS, Plan, reconstructible
from pgmock.generate.workers import Workers
from pgmock.render.errors import NulValueError
from pgmock.render.values import render_values
from pgmock.schema.expr import evaluate
from pgmock.schema.resolved import RColumn, RForeignKey, RTable
from pgmock_sdk import Chunk, ColumnInfo, DataColumn, GenContext, Generator, SqlKind
from pgmock_sdk.pgtypes import FLOAT_TYPES, INTEGER_TYPES
from pgmock_sdk.unique import permute

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
    ) -> None:
        self.plan = plan
        self.schema = plan.schema
        self.seed = plan.schema.seed
        self.jobs = max(1, jobs)
        self.progress = progress
        self._generators: dict[tuple[str, str], Generator] = {}
        self._samplers: dict[tuple[str, str], Any] = {}
        self._keys: dict[tuple[str, tuple[str, ...]], list[np.ndarray]] = {}
        self._values: dict[tuple[str, str], np.ndarray] = {}
        self._chunk_values: dict[tuple[str, str, int], np.ndarray] = {}  # LRU, oldest first
        self._fk_rows: dict[tuple[str, str], np.ndarray] = {}
        self._groups: dict[str, list[_DistinctGroup]] = {}
        self._workers: Workers | None = None
        for key, table in self.schema.tables.items():
            self._groups[key] = _distinct_groups(table)
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
        return ColumnInfo(
            schema=table.schema,
            table=table.name,
            name=col.name,
            type=col.type,
            nullable=col.nullable,
            unique=col.unique,
            row_count=table.row_count,
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

    # -- chunks --------------------------------------------------------------------------

    def generate_chunk(self, key: str, index: int, upto: int | None = None) -> dict[str, Rendered]:
        """Columns of one chunk, rendered; ``upto`` stops after that many columns."""
        try:
            return self._chunk(key, index, upto)[0]
        except NulValueError as exc:  # name the table row, not the position in the chunk
            raise exc.at_rows(self.plan.chunks(key)[index][0]) from None

    def _chunk(
        self, key: str, index: int, upto: int | None = None
    ) -> tuple[dict[str, Rendered], dict[str, Any]]:
        """Rendered columns and the raw generator values (before NULLs) of one chunk."""
        table = self.schema.tables[key]
        offset, n = self.plan.chunks(key)[index]
        out: dict[str, Rendered] = {}
        raw: dict[str, Any] = {}
        filled: set[str] = set()
        columns = list(table.columns.values())[: upto if upto is not None else None]
        # Foreign keys first: their values use their own streams, and "after" columns need
        # the parent rows they picked.
        columns.sort(key=lambda c: c.fk is None)
        for col in columns:
            if col.name in filled or not col.has_data:
                continue  # generated columns: PostgreSQL computes them on restore
            if col.fk is not None:
                for name, values in self._fk_values(table, col.fk, index, offset, n).items():
                    self._verify_domain(table, table.columns[name], None, values)
                    out[name] = values
                    filled.add(name)
            elif col.is_serial:
                raw[col.name] = np.arange(offset + 1, offset + n + 1, dtype=np.int64)
                out[col.name] = render_values(raw[col.name], col.type, col.name)
            elif col.expr is not None or col.copy_from is not None:
                derived = self._derived_values(table, col, raw)
                raw[col.name] = derived
                out[col.name] = render_values(derived, col.type, f"{table.key}.{col.name}")
                self._verify_domain(table, col, derived, out[col.name])
            elif col.after is not None:
                rng = self._rng(key, col.name, index)
                moments = self._after_values(table, col, rng, n, raw)
                raw[col.name] = moments
                out[col.name] = render_values(moments, col.type, f"{table.key}.{col.name}")
                self._verify_domain(table, col, moments, out[col.name])
            else:
                rng = self._rng(key, col.name, index)
                raw[col.name], out[col.name] = self._generate_rendered(
                    table, col, rng, n, offset, raw
                )
            if col.null_ratio > 0:
                null_rng = self._rng(key, col.name, index, 1)
                out[col.name] = _apply_nulls(out[col.name], null_rng, col.null_ratio)
            if col.cases_on is not None:
                out[col.name] = self._apply_cases(table, col, index, offset, n, raw, out[col.name])
        return out, raw

    def _apply_cases(
        self,
        table: RTable,
        col: RColumn,
        index: int,
        offset: int,
        n: int,
        raw: dict[str, Any],
        values: Rendered,
    ) -> Rendered:
        """Rows whose ``cases_on`` value has a case take that case's values (or NULL)."""
        assert col.cases_on is not None
        picks = np.asarray(raw[col.cases_on], dtype=object)
        result = np.array(values, dtype=object)
        for label, variant in col.cases.items():
            mask = picks == label
            if not mask.any():
                continue
            if variant is None:
                result[mask] = None
                continue
            slot = f"{col.name}#{label}"
            rng = self._rng(table.key, slot, index)
            _, rendered = self._generate_rendered(table, variant, rng, n, offset, raw, slot)
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
    ) -> tuple[Any, Rendered]:
        """A generated batch and its text; rows that fail the column's domain (CHECK, NOT
        NULL) are drawn again from the same rng (see pgmock.sql.domains)."""
        where = f"{table.key}.{col.name}"
        values = self._generate(table, col, rng, n, offset, raw, slot)
        rendered = render_values(values, col.type, where)
        checker = domain_checker(col.type)
        if checker is None:
            return values, rendered

        def draw(k: int) -> Any:
            return self._generate(table, col, rng, k, offset, raw, slot)

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

    def _verify_domain(self, table: RTable, col: RColumn, values: Any, rendered: Rendered) -> None:
        """Computed, copied and referenced values cannot be drawn again: they must fit."""
        checker = domain_checker(col.type)
        if checker is None or (checker.element_type is not None and values is None):
            return
        try:
            enforce(values, rendered, checker, None, list)
        except DomainViolation as exc:
            raise PgmockError(f"{table.key}.{col.name}: {exc}") from None

    def _after_values(
        self, table: RTable, col: RColumn, rng: np.random.Generator, n: int, raw: dict[str, Any]
    ) -> np.ndarray:
        """A moment after a reference: a parent's column (through an FK) or this row's."""
        after = col.after
        assert after is not None
        if after.fk is None:
            base = np.asarray(raw[after.column])
        else:
            rows = self._fk_rows[(table.key, after.fk.name)]
            base = self.parent_values_at(after.fk.ref_table, after.column, rows)
        if col.type.name == "date":
            days = 1 + np.floor(rng.random(n) * max(after.within_seconds / 86400 - 1, 0))
            return base.astype("M8[D]") + days.astype("m8[D]")
        span = max(after.within_seconds - 1, 0) * 1e6
        offset = 1_000_000 + np.floor(rng.random(n) * span)
        return base.astype("M8[us]") + offset.astype("m8[us]")

    def _derived_values(self, table: RTable, col: RColumn, raw: dict[str, Any]) -> Any:
        """``expr`` over this row's earlier columns, or ``from`` a parent's column."""
        if col.expr is not None:
            values = evaluate(col.expr, raw)
            if col.type.name in INTEGER_TYPES:
                return np.rint(values).astype(np.int64)
            return values
        ref = col.copy_from
        assert ref is not None
        rows = self._fk_rows[(table.key, ref.fk.name)]
        picked = self.parent_values_at(ref.fk.ref_table, ref.column, rows)
        return picked.tolist() if picked.dtype.kind in "UO" else picked

    def parent_values_at(self, key: str, column: str, rows: np.ndarray) -> np.ndarray:
        """Raw values of a parent's generated column at ``rows``.

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
            names = list(self.schema.tables[key].columns)
            upto = names.index(column) + 1
            cached = np.asarray(self._chunk(key, index, upto)[1][column])
            if len(self._chunk_values) >= _CACHED_CHUNKS:
                self._chunk_values.pop(next(iter(self._chunk_values)))  # least recent
        self._chunk_values[slot] = cached
        return cached

    def parent_values(self, key: str, column: str) -> np.ndarray:
        """Raw values of a parent's generated column for every row, computed once."""
        cached = self._values.get((key, column))
        if cached is not None:
            return cached
        names = list(self.schema.tables[key].columns)
        upto = names.index(column) + 1
        parts = [
            np.asarray(self._chunk(key, i, upto)[1][column])
            for i in range(len(self.plan.chunks(key)))
        ]
        values = np.concatenate(parts) if parts else np.array([], dtype="M8[us]")
        self._values[(key, column)] = values
        return values

    def _generate(
        self,
        table: RTable,
        col: RColumn,
        rng: np.random.Generator,
        n: int,
        offset: int,
        raw: dict[str, Any],
        slot: str | None = None,
    ) -> Any:
        slot = slot or col.name
        gen = self._generators[(table.key, slot)]
        assert col.generator is not None
        ctx = GenContext(
            column=gen.column,
            offset=offset,
            rows=raw,
            distribution=self._samplers.get((table.key, slot)),
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
        self, table: RTable, fk: RForeignKey, index: int, offset: int, n: int
    ) -> dict[str, Rendered]:
        if self.plan.is_broken(fk):
            return {c: [None] * n for c in fk.columns}
        parent = self.schema.tables[fk.ref_table]
        group = next((g for g in self._groups[table.key] if fk in g.fks), None)
        roots: np.ndarray | None = None
        if fk.max_depth is not None:
            rng = self._rng(table.key, fk.name, index)
            rows, roots = tree_parents(table.row_count, fk.max_depth, offset, n, rng)
        elif table.per_parent is fk:
            rows = parent_rows(table.per_cumulative, offset, n)
        elif group is not None:
            rows = self._distinct_parent_rows(table, group, offset, n)[id(fk)]
        elif fk.distribution is not None:
            rng = self._rng(table.key, fk.name, index)
            sampler = fk.distribution.cls(fk.distribution.params)
            ranks = sampler.choose(n, rng, parent.row_count, offset)
            # Rank 0 is the most popular parent; a keyed permutation spreads the popular
            # ones over the table instead of favouring the first rows.
            rows = permute(ranks.astype(np.int64), parent.row_count, self._key(table.key, fk.name))
        else:
            rng = self._rng(table.key, fk.name, index)
            rows = rng.integers(0, parent.row_count, size=n, dtype=np.int64)
        self._fk_rows[(table.key, fk.name)] = rows
        out: dict[str, Rendered] = {}
        if reconstructible(parent, fk.ref_columns):
            ids = rows + 1
            for c in fk.columns:
                out[c] = render_values(ids, table.columns[c].type, f"{table.key}.{c}")
        elif self.keys_computable(parent, fk.ref_columns):
            for c, ref in zip(fk.columns, fk.ref_columns):
                out[c] = self.key_values_at(parent, ref, rows)
        else:
            keys = self.parent_keys(fk.ref_table, tuple(fk.ref_columns))
            for c, arr in zip(fk.columns, keys):
                out[c] = arr[rows].tolist()
        if roots is not None and roots.any():
            for c in fk.columns:
                values = np.array(out[c], dtype=object)
                values[roots] = None
                out[c] = list(values.tolist())
        return out

    def _distinct_parent_rows(
        self, table: RTable, group: _DistinctGroup, offset: int, n: int
    ) -> dict[int, np.ndarray]:
        sizes = [self.schema.tables[fk.ref_table].row_count for fk in group.fks]
        combos = int(np.prod(sizes, dtype=object))
        key = self._key(table.key, group.name)
        pos = permute(np.arange(offset, offset + n, dtype=np.int64), combos, key)
        out: dict[int, np.ndarray] = {}
        for fk, size in zip(reversed(group.fks), reversed(sizes)):
            pos, out[id(fk)] = np.divmod(pos, size)
        return out

    def keys_computable(self, parent: RTable, columns: Sequence[str]) -> bool:
        """Whether every key column's value follows from the row number: serial, or
        filled by a ``row_pure`` generator as it stands (no NULLs, cases or FK)."""
        for name in columns:
            col = parent.columns[name]
            if col.is_serial:
                continue
            gen = self._generators.get((parent.key, name))
            plain = col.fk is None and col.null_ratio == 0 and col.cases_on is None
            if gen is None or not gen.row_pure or not plain:
                return False
        return True

    def key_values_at(self, parent: RTable, name: str, rows: np.ndarray) -> Rendered:
        """A key column's text for the given parent rows, computed rather than kept: 20
        million UUID keys held as strings take 2 GB, computing a chunk's share takes
        milliseconds."""
        col = parent.columns[name]
        where = f"{parent.key}.{name}"
        if col.is_serial:
            return render_values(rows + 1, col.type, where)
        gen = self._generators[(parent.key, name)]
        ctx = GenContext(column=gen.column, offset=0, row_index=rows)
        return render_values(gen.generate(len(rows), _UNUSED_RNG, ctx), col.type, where)

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
                after = col.after
                if after is not None and after.fk is not None and table.per_parent is not after.fk:
                    self.parent_values(after.fk.ref_table, after.column)
                if col.copy_from is not None and table.per_parent is not col.copy_from.fk:
                    self.parent_values(col.copy_from.fk.ref_table, col.copy_from.column)

    # -- streams -------------------------------------------------------------------------

    def table_data(self, key: str) -> TableStream:
        return TableStream(self, key)

    def iter_chunks(self, key: str) -> Iterator[Chunk]:
        return self.map_chunks(key, _identity)

    def map_chunks(self, key: str, fn: Callable[[Chunk], T]) -> Iterator[T]:
        """``fn`` of every chunk of a table, in chunk order; in workers when --jobs > 1."""
        table = self.schema.tables[key]
        chunks = self.plan.chunks(key)
        results: Iterator[T]
        if self.jobs > 1 and len(chunks) > 1 and self._fork_safe(key):
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

    def _fork_safe(self, key: str) -> bool:
        # A table with a generator that owns a child process or a V8 isolate stays in
        # this process: such state cannot be shared with forked workers.
        return all(gen.fork_safe for (table, _), gen in self._generators.items() if table == key)

    def make_chunk(self, key: str, index: int) -> Chunk:
        offset, n = self.plan.chunks(key)[index]
        cols = self.generate_chunk(key, index)
        data: list[Sequence[str | None]] = [
            cols[c.name] for c in self.schema.tables[key].columns.values() if c.has_data
        ]
        return Chunk(offset=offset, n=n, columns=data)

    def _get_workers(self) -> Workers:
        if self._workers is None:
            self.prepare()  # before the fork: what workers read is made once, here
            self._workers = Workers(self.jobs, self._work)
        return self._workers

    def _work(self, task: tuple[str, int, Callable[[Chunk], Any]]) -> Any:
        key, index, fn = task
        return fn(self.make_chunk(key, index))

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


def _identity(chunk: Chunk) -> Chunk:
    return chunk


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

    def chunks(self) -> Iterator[Chunk]:
        return self._engine.iter_chunks(self._key)

    def payloads(self, fn: Callable[[Chunk], T]) -> Iterator[T]:
        return self._engine.map_chunks(self._key, fn)


def _apply_nulls(values: Rendered, rng: np.random.Generator, ratio: float) -> Rendered:
    mask = rng.random(len(values)) < ratio
    arr = np.array(values, dtype=object)
    arr[mask] = None
    return list(arr.tolist())


def _distinct_groups(table: RTable) -> list[_DistinctGroup]:
    groups: list[_DistinctGroup] = []
    used: set[int] = set()
    for key_cols in [
        table.primary_key,
        *table.uniques,
        *([c] for c, col in table.columns.items() if col.unique),
    ]:
        cols = [table.columns.get(c) for c in key_cols]
        if not key_cols or any(c is None or c.fk is None for c in cols):
            continue
        fks: list[RForeignKey] = []
        for c in cols:
            assert c is not None and c.fk is not None
            if c.fk not in fks:
                fks.append(c.fk)
        if any(id(fk) in used for fk in fks):
            continue
        used.update(id(fk) for fk in fks)
        groups.append(_DistinctGroup(fks, "distinct:" + ",".join(fk.name for fk in fks)))
    return groups
