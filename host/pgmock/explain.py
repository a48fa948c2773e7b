"""What ``pgmock explain`` reports: per table and column, where the values come from and why.

For each column: the generator and its parameters, the distribution, why it was chosen
(named in the schema, which inference rule matched, the type's default, an inferred
lifecycle order …) and the first values of the table — the very values ``generate``
writes with the same schema, seed and row counts. ``--json`` for tools; ``generate
--explain`` prints the same report on stderr before the dump.
"""

from __future__ import annotations

import fnmatch
import json
from typing import TYPE_CHECKING, Any

from pgmock.errors import UsageError

if TYPE_CHECKING:
    from pgmock.schema.resolved import RColumn, ResolvedSchema, RTable

__all__ = ["explain_schema", "render_text", "selected_tables"]

_SAMPLE_WIDTH = 60


def _params(params: Any) -> dict[str, Any]:
    """The parameters that differ from the generator's defaults (JSON-ready)."""
    try:
        return dict(params.model_dump(mode="json", exclude_defaults=True))
    except Exception:  # a parameter model pydantic cannot dump as JSON
        return {k: repr(v) for k, v in params.model_dump(exclude_defaults=True).items()}


def _source(table: RTable, col: RColumn) -> dict[str, Any]:
    """Where the column's values come from, as explain reports it."""
    if not col.has_data:
        return {"source": "computed", "why": f"GENERATED ALWAYS AS ({col.generated}) STORED"}
    if col.fk is not None:
        fk = col.fk
        target = f"{fk.ref_table}({', '.join(fk.ref_columns)})"
        out: dict[str, Any] = {"source": "foreign key", "references": target}
        if table.per_parent is fk:
            out["why"] = f"rows laid out per {fk.ref_table} row (rowCount per)"
        elif fk.max_depth is not None:
            out["why"] = f"a tree at most {fk.max_depth} levels deep"
        elif fk.distribution is not None:
            out["why"] = "parents picked by the column's distribution"
            out["distribution"] = _distribution(fk.distribution)
        else:
            out["why"] = "parents picked uniformly"
        return out
    if col.is_serial:
        what = "identity" if col.identity else "serial"
        return {"source": what, "why": "numbered 1..rowCount"}
    if col.after is not None:
        after = col.after
        ref = after.column if after.fk is None else f"{after.fk.ref_table}.{after.column}"
        if after.span is not None:
            refs = [f"{r.fk.ref_table}.{r.column}" for r in after.floors()]
            ends = [f"{r.fk.ref_table}.{r.column}" for r in after.until]
            return {
                "source": "after",
                "after": ", ".join(refs),
                "until": ", ".join([after.span[1], *ends]),
                "why": after.inferred or "explicit",
            }
        return {
            "source": "before" if after.before else "after",
            "after" if not after.before else "before": ref,
            "within_seconds": after.within_seconds,
            **({"also_before": list(after.also)} if after.also else {}),
            "why": after.inferred or "explicit",
        }
    if col.expr is not None:
        return {"source": "expr", "why": "explicit"}
    if col.copy_from is not None:
        ref = f"{col.copy_from.fk.ref_table}.{col.copy_from.column}"
        return {"source": "from", "from": ref, "why": "explicit"}
    gen = col.generator
    if gen is None:
        return {"source": "none", "why": "no values"}
    out = {
        "source": "generator",
        "generator": gen.qualified,
        "params": _params(gen.params),
        "why": gen.why or ("inferred" if gen.inferred else "explicit"),
    }
    if gen.rule is not None:
        out["rule"] = gen.rule
    if col.distribution is not None:
        out["distribution"] = _distribution(col.distribution)
        if gen.rule_distribution is not None:
            out["distribution_why"] = "the rule's"
    if col.cases_on is not None:
        out["cases_on"] = col.cases_on
        out["cases"] = {
            label: None if v is None or v.generator is None else v.generator.qualified
            for label, v in col.cases.items()
        }
    return out


def _distribution(dist: Any) -> dict[str, Any]:
    return {"name": dist.qualified, **_params(dist.params)}


def explain_schema(
    schema: ResolvedSchema, samples: int = 3, selected: list[str] | None = None
) -> list[dict[str, Any]]:
    """The report: one entry per table (in the schema's order) with its columns."""
    from pgmock.generate.engine import Engine
    from pgmock.generate.plan import make_plan

    keys = [k for k in schema.tables if selected is None or k in selected]
    first_rows: dict[str, dict[str, list[str | None]]] = {}
    if samples > 0:
        # every table planned, as generate plans them: the samples are its values
        with Engine(make_plan(schema)) as engine:
            for key in keys:
                if schema.tables[key].row_count > 0:
                    chunk = engine.generate_chunk(key, 0)
                    first_rows[key] = {c: v[:samples] for c, v in chunk.items()}
    report = []
    for key in keys:
        table = schema.tables[key]
        columns = []
        for col in table.columns.values():
            entry: dict[str, Any] = {"column": col.name, "type": col.type.display()}
            entry.update(_source(table, col))
            if col.null_ratio:
                entry["null_ratio"] = col.null_ratio
            if col.unique:
                entry["unique"] = True
            if samples > 0 and col.has_data:
                entry["samples"] = first_rows.get(key, {}).get(col.name, [])
            columns.append(entry)
        report.append({"table": table.qualified, "rows": table.row_count, "columns": columns})
    return report


def _sample_text(values: list[str | None]) -> str:
    shown = []
    for v in values:
        text = "NULL" if v is None else v
        if len(text) > _SAMPLE_WIDTH:
            text = text[: _SAMPLE_WIDTH - 1] + "…"
        shown.append(text.replace("\n", "\\n").replace("\t", "\\t"))
    return " | ".join(shown)


def _what(entry: dict[str, Any]) -> str:
    source = entry["source"]
    if source == "generator":
        text = entry["generator"]
        if entry["params"]:
            text += " " + json.dumps(entry["params"], ensure_ascii=False)
        if "distribution" in entry:
            dist = dict(entry["distribution"])
            name = dist.pop("name")
            args = ", ".join(f"{k}={v}" for k, v in dist.items())
            text += f" ~ {name}({args})"
        if "cases_on" in entry:
            text += f", cases on {entry['cases_on']}"
        return text
    if source == "foreign key":
        return f"→ {entry['references']}"
    if "until" in entry:
        return f"after {entry['after']}, until {entry['until']}"
    if source in ("after", "before"):
        return f"{source} {entry[source]} (within {entry['within_seconds']:,.0f} s)"
    if source == "from":
        return f"from {entry['from']}"
    return source


def render_text(report: list[dict[str, Any]]) -> str:
    """The report for a terminal: a block per table, a few lines per column."""
    lines: list[str] = []
    for table in report:
        lines.append(f"{table['table']} — {table['rows']:,} rows")
        name_w = max((len(c["column"]) for c in table["columns"]), default=4)
        type_w = max((len(c["type"]) for c in table["columns"]), default=4)
        pad = " " * (4 + name_w + type_w + 2)
        for c in table["columns"]:
            extras = []
            if c.get("unique"):
                extras.append("unique")
            if c.get("null_ratio"):
                extras.append(f"{c['null_ratio']:.0%} NULL")
            suffix = f"  [{', '.join(extras)}]" if extras else ""
            lines.append(f"  {c['column']:<{name_w}}  {c['type']:<{type_w}}  {_what(c)}{suffix}")
            lines.append(f"{pad}why: {c['why']}")
            if c.get("samples"):
                lines.append(f"{pad}e.g. {_sample_text(c['samples'])}")
        lines.append("")
    return "\n".join(lines)


def selected_tables(
    schema: ResolvedSchema, tables: tuple[str, ...], exclude: tuple[str, ...]
) -> list[str] | None:
    """The table keys -t/-T patterns select, as generate matches them (None: every table);
    unlike generate, a table can be shown without its parents."""
    if not tables and not exclude:
        return None

    def matches(key: str, pattern: str) -> bool:
        table = schema.tables[key]
        name = f"{table.schema}.{table.name}" if "." in pattern else table.name
        return fnmatch.fnmatchcase(name, pattern)

    keys = [k for k in schema.tables if not tables or any(matches(k, p) for p in tables)]
    if tables and not keys:
        raise UsageError(f"no table matches -t {' '.join(tables)}")
    return [k for k in keys if not any(matches(k, p) for p in exclude)]
