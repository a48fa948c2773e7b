"""What ``pgmock preview`` found (a table's first rows, its columns' summaries), and
``--html``: the same as one self-contained page to share.

No script, no font, no stylesheet or image from elsewhere: the plots are inline SVG
(bars of the produced histogram, a line for the declared distribution's), so the file
opens offline and shows the same in any browser. Every value from the schema is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Any

from pgmock import __version__


@dataclass
class ColumnSummary:
    column: str
    type: str
    rows: int
    nulls: float
    distinct: float
    min: str | None = None
    max: str | None = None
    top: list[tuple[str, int]] = field(default_factory=list)
    # Histogram counts over [lo, hi] (numbers and moments): produced, and requested (a
    # draw from the declared distribution, over its own range) where one is declared.
    histogram: list[int] = field(default_factory=list)
    requested: list[int] = field(default_factory=list)
    distribution: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "column": self.column,
            "type": self.type,
            "rows": self.rows,
            "null_share": self.nulls,
            "distinct_share": self.distinct,
            "min": self.min,
            "max": self.max,
            "top": [{"value": v, "count": c} for v, c in self.top],
            "histogram": self.histogram,
            "requested": self.requested,
            "distribution": self.distribution,
        }


@dataclass
class TablePreview:
    table: str
    rows: int  # in the table
    columns: list[str]
    first: list[list[str | None]]  # the first rows as generate writes them
    summaries: list[ColumnSummary]

    def as_json(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "rows": self.rows,
            "columns": self.columns,
            "first_rows": self.first,
            "summary_rows": self.summaries[0].rows if self.summaries else 0,
            "summaries": [s.as_json() for s in self.summaries],
        }


_WIDTH, _HEIGHT = 240, 60
PRODUCED_FILL = "#3b6fb6"
REQUESTED_STROKE = "#d9480f"

_STYLE = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #1b1b1b; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 2em; }
table { border-collapse: collapse; margin: .5em 0 1.5em; }
th, td { border: 1px solid #ccd; padding: 2px 6px; text-align: left; vertical-align: top;
         font-family: ui-monospace, monospace; font-size: 12px; max-width: 28em;
         overflow-wrap: anywhere; }
th { background: #eef; }
td.null { color: #999; font-style: italic; }
th, td.share { white-space: nowrap; }
.legend span { display: inline-block; width: 12px; height: 12px; margin: 0 4px 0 12px; }
svg { display: block; }
"""


def histogram_svg(produced: list[int], requested: list[int], label: str) -> str:
    """Bars of ``produced`` and, over them, a line of ``requested`` (each scaled to its
    own tallest bin: the shapes compare, the ranges are the columns')."""
    parts = [
        f'<svg class="plot" xmlns="http://www.w3.org/2000/svg" width="{_WIDTH}" '
        f'height="{_HEIGHT}" viewBox="0 0 {_WIDTH} {_HEIGHT}" role="img" '
        f'aria-label="{escape(label)}">',
        f'<rect x="0" y="0" width="{_WIDTH}" height="{_HEIGHT}" fill="#f7f7fb"/>',
    ]
    width = _WIDTH / max(len(produced), 1)
    top = max(produced, default=0) or 1
    for i, count in enumerate(produced):
        h = (_HEIGHT - 4) * count / top
        parts.append(
            f'<rect class="bar" x="{i * width + 0.5:.2f}" y="{_HEIGHT - h:.2f}" '
            f'width="{max(width - 1, 0.5):.2f}" height="{h:.2f}" fill="{PRODUCED_FILL}"/>'
        )
    if requested:
        peak = max(requested) or 1
        points = " ".join(
            f"{(i + 0.5) * _WIDTH / len(requested):.2f},{_HEIGHT - (_HEIGHT - 4) * c / peak:.2f}"
            for i, c in enumerate(requested)
        )
        parts.append(
            f'<polyline class="requested" points="{points}" fill="none" '
            f'stroke="{REQUESTED_STROKE}" stroke-width="2"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _cell(value: str | None) -> str:
    return '<td class="null">NULL</td>' if value is None else f"<td>{escape(value)}</td>"


def _summary_row(s: ColumnSummary) -> str:
    if s.histogram:
        shape = histogram_svg(s.histogram, s.requested, f"histogram of {s.column}")
        if s.distribution:
            shape += f"<div>requested: {escape(s.distribution)}</div>"
    else:
        shape = escape(", ".join(f"{v} ×{c}" for v, c in s.top))
    cells = [
        f"<td>{escape(s.column)}</td>",
        f"<td>{escape(s.type)}</td>",
        f'<td class="share">{s.nulls:.1%}</td>',
        f'<td class="share">{s.distinct:.1%}</td>',
        f"<td>{escape(s.min or '')}</td>",
        f"<td>{escape(s.max or '')}</td>",
    ]
    return "<tr>" + "".join(cells) + f"<td>{shape}</td></tr>"


def html_report(previews: list[TablePreview], title: str) -> str:
    body = [
        f"<h1>pgmock preview: {escape(title)}</h1>",
        f'<p class="legend">generated by pgmock {escape(__version__)}; histograms over the '
        f'first chunk: <span style="background:{PRODUCED_FILL}"></span>produced'
        f'<span style="background:{REQUESTED_STROKE}"></span>requested (the declared '
        "distribution's own draw)</p>",
    ]
    for p in previews:
        body.append(f"<h2>{escape(p.table)} — {p.rows:,} rows</h2>")
        head = "".join(f"<th>{escape(c)}</th>" for c in p.columns)
        rows = "".join("<tr>" + "".join(map(_cell, r)) + "</tr>" for r in p.first)
        body.append(f'<table class="rows"><tr>{head}</tr>{rows}</table>')
        if p.summaries:
            heads = ("column", "type", "null", "distinct", "min", "max", "values")
            body.append(
                '<table class="summary"><tr>'
                + "".join(f"<th>{h}</th>" for h in heads)
                + "</tr>"
                + "".join(map(_summary_row, p.summaries))
                + "</table>"
            )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>pgmock preview: {escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )
