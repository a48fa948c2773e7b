"""``pgmock preview``: a table's first rows and what its columns hold, before any restore.

The rows are the first chunk exactly as ``generate`` makes it (the same engine call the
writers pull from), so the previewed rows are the first rows of the dump. Each column's
summary — NULL share, distinct share, min/max, most common values and, for numbers and
moments, a histogram — is taken over that first chunk (up to 10,000 rows). Where the
column declares a distribution, the histogram of a draw from the distribution itself
stands beside the produced one, so a skew that a generator's range cuts off, or a
distribution that is not the one intended, shows before a query finds it.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from pgmock.cli.app import cli, host_of
from pgmock.cli.run import load_schema, run_config, schema_settings
from pgmock.errors import UsageError, one_line

if TYPE_CHECKING:
    import numpy as np

    from pgmock.cli.report import ColumnSummary, TablePreview
    from pgmock.schema.resolved import RColumn, ResolvedSchema

BINS = 20
SPARKS = "▁▂▃▄▅▆▇█"
_TIME_TYPES = frozenset({"date", "timestamp", "timestamptz"})


def _numbers(col: RColumn, values: list[str]) -> np.ndarray | None:
    """The non-NULL values as float64 (numbers) or seconds since the epoch (moments)."""
    import numpy as np

    from pgmock_sdk.pgtypes import NUMERIC_TYPES

    if col.type.is_array or not values:
        return None
    name = col.type.name
    try:
        if name in NUMERIC_TYPES and name != "money":
            return np.array(values, dtype=np.float64)
        if name in _TIME_TYPES:
            # "2024-05-01 12:00:00.5+00": the moment to the second is enough for a histogram
            moments = np.array([v[:19].replace(" ", "T") for v in values], dtype="M8[s]")
            return moments.astype(np.int64).astype(np.float64)
    except ValueError:  # infinity, BC dates: no histogram, the rest still holds
        return None
    return None


def _histogram(values: np.ndarray) -> list[int]:
    import numpy as np

    finite = values[np.isfinite(values)]
    if not finite.size:
        return []
    counts, _ = np.histogram(finite, bins=BINS)
    return [int(c) for c in counts]


def summarize(col: RColumn, values: list[str | None], seed: int) -> ColumnSummary:
    import numpy as np

    from pgmock.cli.report import ColumnSummary

    present = [v for v in values if v is not None]
    n = len(values)
    counts = Counter(present)
    summary = ColumnSummary(
        column=col.name,
        type=col.type.display(),
        rows=n,
        nulls=(n - len(present)) / n if n else 0.0,
        distinct=len(counts) / len(present) if present else 0.0,
        top=[(v, c) for v, c in counts.most_common(3) if c > 1],
    )
    numbers = _numbers(col, present)
    if numbers is not None and numbers.size:
        low, high = int(np.argmin(numbers)), int(np.argmax(numbers))
        summary.min, summary.max = present[low], present[high]
        summary.histogram = _histogram(numbers)
        dist = col.distribution
        if dist is not None and col.type.name not in _TIME_TYPES:
            sampler = dist.cls(dist.params)
            drawn = sampler.sample(len(numbers), np.random.default_rng(seed), 0)
            summary.requested = _histogram(np.asarray(drawn, dtype=np.float64))
            summary.distribution = _distribution_label(dist.qualified, dist.params)
    elif present:
        summary.min, summary.max = min(present), max(present)
    return summary


def _distribution_label(name: str, params: Any) -> str:
    shown = params.model_dump(exclude_defaults=True) if hasattr(params, "model_dump") else {}
    inner = ", ".join(f"{k}={v}" for k, v in shown.items())
    return f"{name.split('.')[-1]}({inner})"


def preview_tables(schema: ResolvedSchema, keys: list[str], rows: int) -> list[TablePreview]:
    """The first ``rows`` rows of each table and its columns' summaries (first chunk)."""
    from pgmock.cli.report import TablePreview
    from pgmock.generate.engine import Engine
    from pgmock.generate.plan import make_plan

    plan = make_plan(schema)  # every table: a previewed child needs its parents' keys
    out: list[TablePreview] = []
    with Engine(plan) as engine:
        for key in keys:
            table = schema.tables[key]
            cols = [c for c in table.columns.values() if c.has_data]
            if table.row_count == 0:
                out.append(TablePreview(key, 0, [c.name for c in cols], [], []))
                continue
            chunk = engine.make_chunk(key, 0)
            first = [list(row) for row in zip(*(c[:rows] for c in chunk.columns))]
            summaries = [
                summarize(c, list(values), schema.seed) for c, values in zip(cols, chunk.columns)
            ]
            out.append(TablePreview(key, table.row_count, [c.name for c in cols], first, summaries))
    return out


def spark(counts: list[int]) -> str:
    if not counts:
        return ""
    top = max(counts) or 1
    return "".join(
        " " if c == 0 else SPARKS[min(len(SPARKS) - 1, c * len(SPARKS) // (top + 1))]
        for c in counts
    )


def _pct(share: float) -> str:
    return f"{share:.0%}" if share in (0.0, 1.0) or share >= 0.01 else f"{share:.2%}"


def print_previews(previews: list[TablePreview]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False)
    if not console.is_terminal:  # a pipe or a file: wide enough for the summaries
        console = Console(highlight=False, width=120)
    for p in previews:
        # Titles as lines of their own: a table's title would wrap to its width.
        console.print(Text(f"{p.table} — first {len(p.first)} of {p.rows:,} rows", "bold"))
        rows = Table()
        for name in p.columns:
            rows.add_column(name, no_wrap=True, overflow="ellipsis", max_width=30)
        for row in p.first:
            rows.add_row(
                *(Text("NULL", style="dim") if v is None else Text(one_line(v)) for v in row)
            )
        console.print(rows)
        if not p.summaries:
            continue
        heading = f"{p.table} — columns over the first {p.summaries[0].rows:,} rows"
        console.print(Text(heading, "bold"))
        stats = Table()
        stats.add_column("column", no_wrap=True, overflow="ellipsis", min_width=6, max_width=20)
        stats.add_column("type", no_wrap=True, overflow="ellipsis", max_width=14)
        for heading in ("null", "distinct"):
            stats.add_column(heading, no_wrap=True, min_width=5, justify="right")
        for heading in ("min", "max"):
            stats.add_column(heading, no_wrap=True, overflow="ellipsis", max_width=16)
        stats.add_column("values", min_width=BINS, overflow="fold")
        for s in p.summaries:
            if s.histogram:
                shape = Text(spark(s.histogram))
                if s.requested:
                    shape.append(f"  produced\n{spark(s.requested)}  requested {s.distribution}")
            else:
                shape = Text(", ".join(f"{one_line(v)} ×{c}" for v, c in s.top))
            stats.add_row(
                s.column,
                s.type,
                _pct(s.nulls),
                _pct(s.distinct),
                one_line(s.min or ""),
                one_line(s.max or ""),
                shape,
            )
        console.print(stats)


@cli.command()
@click.argument("schema_files", nargs=-1, type=click.Path(dir_okay=False), metavar="SCHEMA...")
@schema_settings
@click.option(
    "-t",
    "--table",
    "tables",
    multiple=True,
    metavar="PATTERN",
    help="Only tables matching PATTERN (repeatable; default: every table).",
)
@click.option(
    "-n",
    "--first",
    "first",
    type=click.IntRange(1, 10_000),
    default=10,
    show_default=True,
    metavar="ROWS",
    help="How many first rows to show.",
)
@click.option(
    "--html",
    "html",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Also write a self-contained HTML report with plots (no network).",
)
@click.option("--json", "as_json", is_flag=True, help="The preview as JSON, for tools.")
@click.pass_context
def preview(
    ctx: click.Context,
    schema_files: tuple[str, ...],
    templates: tuple[str, ...],
    seed: int | None,
    rows: tuple[str, ...],
    scale: float | None,
    locale: str | None,
    allow_exec: bool,
    allow_files: bool,
    tables: tuple[str, ...],
    first: int,
    html: str | None,
    as_json: bool,
) -> None:
    """The first rows of each table as generate writes them, and per column its NULL and
    distinct shares, min/max, common values and a histogram (beside the declared
    distribution's). --seed, --rows and --scale as for generate.

    \b
    Examples:
      pgmock preview --template shop -t users -n 5
      pgmock preview --template saas --html saas.html
    """
    config = run_config(ctx, seed=seed, rows=rows, scale=scale, locale=locale)
    schema, _ = load_schema(
        ctx, host_of(ctx), schema_files, templates, config, (allow_exec, allow_files)
    )
    keys = [k for k in schema.tables if k in _chosen(schema, tables)]
    previews = preview_tables(schema, keys, first)
    if html:
        from pgmock.cli.report import html_report
        from pgmock.dump.output import atomic_output, output_errors

        page = html_report(previews, title=", ".join((*schema_files, *templates)))
        with output_errors(html), atomic_output(Path(html)) as target:
            assert not isinstance(target, Path)
            target.write(page.encode("utf-8"))
    if as_json:
        import json

        click.echo(json.dumps([p.as_json() for p in previews], indent=2))
    else:
        print_previews(previews)
    if html:
        click.echo(f"pgmock: wrote {html}", err=True)


def _chosen(schema: ResolvedSchema, patterns: tuple[str, ...]) -> set[str]:
    """The tables ``-t`` names (as generate's patterns; their parents need not be named)."""
    import fnmatch

    if not patterns:
        return set(schema.tables)
    chosen: set[str] = set()
    for pattern in patterns:
        hit = {
            k
            for k, t in schema.tables.items()
            if fnmatch.fnmatchcase(f"{t.schema}.{t.name}" if "." in pattern else t.name, pattern)
        }
        if not hit:
            raise UsageError(f'no table matches -t "{pattern}"')
        chosen |= hit
    return chosen
