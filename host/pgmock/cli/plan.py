"""``pgmock plan`` and ``generate --dry-run``: what a run would write, without writing it.

The table of contents is listed as ``pg_restore -l`` lists an archive's. Sizes and times
are not guessed from types: a short sample of every table (2,000 rows by default) is
made by the engine and written by the run's own writer (its format and compression) into
memory or a temporary folder, and its bytes and CPU seconds per row are multiplied by
the table's rows. (A few hundred rows cost 1.5-2 times as much per row as a full chunk,
a batch's fixed cost spread over few rows; from two sample sizes a fitted line cut
that cost but then fell short by as much, the cost per row still rising up to ~2,000
rows; at 2,000 a row costs within ~7 % of a full run's.) Warnings name what would make a
run fail or surprise: unique columns close to the values their generator can make, one
parent taking a large share of its children, foreign-key cycles and how they are broken,
and tables that ``--scale`` leaves alone.
"""

from __future__ import annotations

import io
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from pgmock.cli.progress import human_bytes, payload_bytes
from pgmock.errors import one_line

if TYPE_CHECKING:
    from pgmock.generate.engine import TableStream
    from pgmock.schema.resolved import ResolvedSchema, RTable
    from pgmock_sdk import Chunk, Dump, TocEntry, WriteOptions, Writer

T = TypeVar("T")

# A unique column filling this share of its generator's distinct values is warned about:
# a modest --scale or --rows would then fail validation.
UNIQUE_SHARE_WARNING = 0.8
# How many child rows a skewed foreign key's share is estimated from (its own sampler).
_SKEW_DRAWS = 200_000


# Entries pg_restore applies as settings and leaves out of its list.
_SETTINGS = frozenset({"ENCODING", "STDSTRINGS", "SEARCHPATH"})


def toc_listing(dump: Dump, header: Sequence[str] = ()) -> list[str]:
    """The entries as ``pg_restore -l`` prints them: ``ID; TABLEOID OID DESC SCHEMA TAG
    OWNER`` (a schema-less entry shows ``-``), after ``;`` comment lines; ``pg_restore -L``
    reads such a list back."""
    lines = [";", *(f"; {h}" for h in header), f";     TOC Entries: {len(dump.entries)}", ";"]
    lines += [";", "; Selected TOC Entries:", ";"]
    for e in dump.entries:
        if e.desc in _SETTINGS:
            continue
        tableoid, oid = e.catalog_id
        schema = _sanitize(e.namespace) or "-"
        lines.append(
            f"{e.dump_id}; {tableoid} {oid} {e.desc} {schema} {_sanitize(e.tag)} "
            f"{_sanitize(e.owner)}"
        )
    return lines


def _sanitize(text: str | None) -> str:
    # pg_restore -l prints a name with a line break on one line, as spaces.
    return (text or "").replace("\r", " ").replace("\n", " ")


def _timed(fn: Callable[[], T]) -> tuple[T, float]:
    best: float | None = None
    result: Any = None
    for _ in range(2):  # the cheaper of two: the first may pay a lazy import
        start = time.process_time()
        result = fn()
        took = time.process_time() - start
        best = took if best is None else min(best, took)
    assert best is not None
    return result, best


class _SampledData:
    """A table's data standing in for the whole table while the writer writes the
    sample: the sample chunk, formatted (and compressed) by the writer's own function,
    timed and measured."""

    def __init__(self, stream: TableStream, chunk: Chunk) -> None:
        self.qualified_name = stream.qualified_name
        self.columns = stream.columns
        self.generated_positions = stream.generated_positions
        self.overriding_system_value = stream.overriding_system_value
        self.row_count = chunk.n
        self._chunk = chunk
        self.seconds = 0.0
        self.bytes = 0

    def chunks(self) -> Iterator[Chunk]:
        return iter((self._chunk,))

    def payloads(self, fn: Callable[[Chunk], T]) -> Iterator[T]:
        start = time.process_time()
        result = fn(self._chunk)
        self.seconds = time.process_time() - start
        self.bytes = payload_bytes(result)
        yield result


def _row_origin(
    table: RTable, overridden: set[str], scale: float | None
) -> tuple[str, dict[str, Any]]:
    """How a table's row count was produced, in words and as JSON."""
    if table.key in overridden:
        return "--rows", {"source": "rows"}
    if table.per_parent is not None and table.per_cumulative is not None:
        import numpy as np

        cumulative = np.asarray(table.per_cumulative)
        counts = np.diff(np.concatenate(([0], cumulative)))
        parents, parent = len(counts), table.per_parent.ref_table
        lo, hi = (int(counts.min()), int(counts.max())) if parents else (0, 0)
        mean = table.row_count / parents if parents else 0.0
        words = f"per {parent} row: {lo:,}..{hi:,}, mean {mean:.2f} (× {parents:,} parents)"
        return words, {
            "source": "per_parent",
            "parent": parent,
            "parents": parents,
            "min": lo,
            "max": hi,
            "mean": mean,
        }
    if table.fixed:
        words = "rowCount, fixed (not scaled)" if scale is not None else "rowCount, fixed"
        return words, {"source": "fixed"}
    if scale is not None:
        return f"rowCount × --scale {scale:g}", {"source": "scale", "scale": scale}
    return "rowCount", {"source": "rowCount"}


def _overridden(schema: ResolvedSchema, rows: dict[str, int]) -> set[str]:
    # As schema.overrides matches them: a key, or a table name only one table has.
    out = set()
    for name in rows:
        hits = [k for k, t in schema.tables.items() if k == name or t.name == name]
        out.update([name] if name in schema.tables else hits[:1] if len(hits) == 1 else [])
    return out


def plan_warnings(
    schema: ResolvedSchema,
    selected: Sequence[str],
    constraint_cycles: bool,
    scale: float | None,
    max_share: float,
) -> list[str]:
    """What would make the run fail or surprise, beyond what the plan already warns."""
    from pgmock.schema.checks import domain_size

    warnings: list[str] = []
    for key in selected:
        table = schema.tables[key]
        for col in table.columns.values():
            # A fixed table (a lookup list) is made as written whatever the scale.
            if not col.unique or col.generator is None or table.fixed:
                continue
            rows = table.max_children if col.unique_within is not None else table.row_count
            size = domain_size(col.generator, col, rows)
            if not size or not rows or rows / size < UNIQUE_SHARE_WARNING:
                continue
            # A domain that grows with the rows (integers up to the row count) is no limit.
            grown = domain_size(col.generator, col, 2 * rows)
            if grown is not None and grown < 2 * rows:
                within = " per parent row" if col.unique_within is not None else ""
                warnings.append(
                    f"{key}.{col.name}: {rows:,} unique values{within} use {rows / size:.0%} "
                    f"of the {size:,} that {col.generator.qualified} can make; "
                    f"more than {size:,} rows (--scale above {size / rows:.3g}) fails"
                )
        warnings += _skew_warnings(schema, table, max_share)
    if constraint_cycles:
        warnings += [_cycle_line(schema, cycle) for cycle in fk_cycles(schema, selected)]
    if scale is not None:
        fixed = [
            f"{k} ({schema.tables[k].row_count:,})" for k in selected if schema.tables[k].fixed
        ]
        if fixed:
            warnings.append(
                f"--scale {scale:g} leaves the tables marked fixed as written: "
                + ", ".join(fixed)
                + " (--rows TABLE=N still sets one)"
            )
    return warnings


def fk_cycles(schema: ResolvedSchema, keys: Sequence[str]) -> list[list[str]]:
    """The tables of each cycle of foreign keys among ``keys`` (strongly connected
    components of two or more tables, Tarjan's algorithm; self-references are trees)."""
    chosen = set(keys)
    edges = {k: sorted({fk.ref_table for fk in schema.tables[k].fks} & chosen - {k}) for k in keys}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(node: str) -> None:  # FK graphs are shallow: recursion is fine
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in edges[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for key in sorted(keys):
        if key not in index:
            visit(key)
    return sorted(out)


def _cycle_line(schema: ResolvedSchema, cycle: list[str]) -> str:
    members = set(cycle)
    links = [
        f"{k}({', '.join(fk.columns)}) -> {fk.ref_table}"
        for k in cycle
        for fk in schema.tables[k].fks
        if fk.ref_table in members and fk.ref_table != k
    ]
    shown = "; ".join(links[:6]) + (f"; … ({len(links) - 6} more)" if len(links) > 6 else "")
    return (
        f"foreign keys form a cycle among {', '.join(cycle)} ({shown}): harmless for a full "
        "dump, whose constraints are added after all the data; a --data-only load into an "
        "existing schema needs --disable-triggers (generate -a says so too)"
    )


def _skew_warnings(schema: ResolvedSchema, table: RTable, max_share: float) -> list[str]:
    """One parent row taking more than ``max_share`` percent of a table's rows (and more
    than twice its fair share), through children per parent or an FK's distribution."""
    import numpy as np

    out: list[str] = []
    if not table.row_count:
        return out
    if table.per_parent is not None and table.per_cumulative is not None:
        counts = np.diff(np.concatenate(([0], np.asarray(table.per_cumulative))))
        if len(counts):
            top = int(counts.max())
            out += _skew_line(
                table.key, table.per_parent.ref_table, "children per parent", top,
                table.row_count, len(counts), max_share,
            )  # fmt: skip
    for fk in table.fks:
        parent = schema.tables[fk.ref_table].row_count
        if fk.distribution is None or fk is table.per_parent or parent < 2:
            continue
        draws = min(table.row_count, _SKEW_DRAWS)
        sampler = fk.distribution.cls(fk.distribution.params)
        ranks = sampler.choose(draws, np.random.default_rng(0), parent, 0)
        top = int(np.bincount(ranks.astype(np.int64), minlength=1).max())
        share_rows = round(top / draws * table.row_count)
        how = f"the distribution of {', '.join(fk.columns)}"
        out += _skew_line(
            table.key, fk.ref_table, how, share_rows, table.row_count, parent, max_share
        )
    return out


def _skew_line(
    child: str, parent: str, how: str, top: int, rows: int, parents: int, max_share: float
) -> list[str]:
    share = top / rows
    if share * 100 <= max_share or share <= 2 / parents:
        return []
    return [
        f"{child}: one {parent} row gets {share:.1%} of its rows (about {top:,} of "
        f"{rows:,}, through {how}); even would be {1 / parents:.2%}"
    ]


def dry_run(
    schema: ResolvedSchema,
    dump: Dump,
    writer: Writer,
    write_options: WriteOptions,
    warnings: list[str],
    *,
    fmt: str,
    rows: dict[str, int],
    scale: float | None,
    jobs: int,
    sample: int,
) -> dict[str, Any]:
    """The plan of a run as a JSON-able report; writes only into a temporary folder."""
    from pgmock.generate.engine import TableStream

    overridden = _overridden(schema, rows)
    sampled: dict[str, tuple[_SampledData, float]] = {}  # and the seconds to make it
    keys: list[str] = []  # the tables with data, in TOC order
    for entry in dump.entries:
        stream = entry.data
        if not isinstance(stream, TableStream):
            continue
        keys.append(stream.key)
        n = min(sample, stream.row_count)
        if n == 0:
            continue
        make = partial(stream.engine.sample_chunk, stream.key, n)
        make()  # parents' keys, vocabularies: paid once in a run, not per row
        chunk, seconds = _timed(make)
        data = _SampledData(stream, chunk)
        sampled[stream.key] = (data, seconds)
        entry.data = data
    total_size = _write_sample(dump, writer, write_options)
    overhead = total_size - sum(d.bytes for d, _ in sampled.values())
    tables: list[dict[str, Any]] = []
    for key in keys:
        table = schema.tables[key]
        words, origin = _row_origin(table, overridden, scale)
        row: dict[str, Any] = {"table": key, "rows": table.row_count, "how": words, **origin}
        row.update(bytes=0, seconds=0.0, sample_rows=0)
        if key in sampled:
            data, made = sampled[key]
            per_row = (made + data.seconds) / data.row_count
            row.update(
                bytes=round(data.bytes / data.row_count * table.row_count),
                seconds=per_row * table.row_count / max(jobs, 1),
                sample_rows=data.row_count,
            )
        tables.append(row)
    data_bytes = sum(t["bytes"] for t in tables)
    return {
        "format": fmt,
        "compression": str(write_options.compress) if write_options.compress else None,
        "seed": schema.seed,
        "jobs": jobs,
        "toc": [_toc_json(e) for e in dump.entries],
        "tables": tables,
        "total": {
            "rows": sum(t["rows"] for t in tables),
            "bytes": max(overhead, 0) + data_bytes,
            "seconds": sum(t["seconds"] for t in tables),
        },
        "sample_rows": sample,
        "warnings": warnings,
    }


def _toc_json(entry: TocEntry) -> dict[str, Any]:
    return {
        "dump_id": entry.dump_id,
        "catalog_id": list(entry.catalog_id),
        "desc": entry.desc,
        "namespace": entry.namespace,
        "tag": entry.tag,
        "owner": entry.owner,
        "section": entry.section.name,
    }


def _write_sample(dump: Dump, writer: Writer, options: WriteOptions) -> int:
    """The bytes the writer makes of the sampled dump, written into a temporary place."""
    if not writer.writes_directory:
        buffer = io.BytesIO()
        writer.write(dump, buffer, options)
        return len(buffer.getvalue())
    with tempfile.TemporaryDirectory(prefix="pgmock-plan-") as tmp:
        target = Path(tmp) / "dump"
        target.mkdir()  # as the run's output: a fresh, empty directory
        writer.write(dump, target, options)
        return sum(p.stat().st_size for p in target.rglob("*") if p.is_file())


def render_plan(report: dict[str, Any], toc: list[str]) -> str:
    """The report as text: the TOC, a table of row counts and estimates, the warnings."""
    lines = [*toc, ""]
    tables = report["tables"]
    if tables:
        width = max(len("table"), *(len(t["table"]) for t in tables))
        how_width = max(len("(with definitions)"), *(len(t["how"]) for t in tables))
        lines.append(
            f"{'table':<{width}}  {'rows':>13}  {'rows from':<{how_width}}  "
            f"{'est. size':>10}  {'est. time':>9}"
        )
        for t in tables:
            lines.append(
                f"{one_line(t['table']):<{width}}  {t['rows']:>13,}  {t['how']:<{how_width}}  "
                f"{human_bytes(t['bytes']):>10}  {t['seconds']:>7.2f} s"
            )
        total = report["total"]
        lines.append(
            f"{'total':<{width}}  {total['rows']:>13,}  {'(with definitions)':<{how_width}}  "
            f"{human_bytes(total['bytes']):>10}  {total['seconds']:>7.2f} s"
        )
        jobs = report["jobs"]
        lines.append(
            f"(estimated from samples of up to {report['sample_rows']:,} rows per table, made "
            "and written as the run would; time in CPU seconds"
            f"{f', divided among {jobs} workers' if jobs > 1 else ''})"
        )
    if report["warnings"]:
        lines += ["", "warnings:"]
        lines += [f"  {one_line(w.removeprefix('pgmock: warning: '))}" for w in report["warnings"]]
    return "\n".join(lines) + "\n"


def echo_plan(report: dict[str, Any], dump: Dump, as_json: bool) -> None:
    """The report on stdout: JSON, or the listing with its header and the table."""
    if as_json:
        import json

        click.echo(json.dumps(report, indent=2))
        return
    from pgmock import __version__

    header = [
        f"Planned by pgmock {__version__} (nothing written)",
        f"    dbname: {_sanitize(dump.info.database)}",
        f"    Format: {report['format']}",
        f"    Compression: {report['compression'] or 'none'}",
        f"    Seed: {report['seed']}",
    ]
    click.echo(render_plan(report, toc_listing(dump, header)), nl=False)
