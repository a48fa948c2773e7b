"""``pgmock rules``: the inference rules and lifecycles of the loaded plugins, in the order
they are tried (docs/inference.md is its ``--markdown`` output)."""

from __future__ import annotations

import json
from typing import Any

import click

from pgmock.cli.app import cli, host_of

__all__ = ["rules_markdown"]


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _code(text: str | None) -> str:
    return f"`{_cell(text)}`" if text else ""


def _rule_rows(registry: Any) -> list[dict[str, Any]]:
    from pgmock.schema.inference import ordered_rules

    rows = []
    for entry in ordered_rules(registry.rules):
        rule = entry.obj
        rows.append(
            {
                "plugin": entry.plugin,
                "specificity": rule.specificity,
                "table": rule.table,
                "references": rule.references,
                "schema_has": rule.schema_has,
                "primary_key": rule.primary_key,
                "column": rule.column,
                "types": list(rule.types),
                "generator": rule.generator,
                "params": dict(rule.params),
                "distribution": None if rule.distribution is None else dict(rule.distribution),
                "note": rule.note,
            }
        )
    return rows


def _lifecycle_rows(registry: Any) -> list[dict[str, Any]]:
    return [
        {
            "plugin": e.plugin,
            "name": e.obj.name,
            "table": e.obj.table,
            "note": e.obj.note,
            "stages": [
                {"column": s.column, "within": s.within, "null_ratio": s.null_ratio}
                for s in e.obj.stages
            ],
        }
        for e in registry.lifecycles
    ]


def rules_markdown(registry: Any) -> str:
    """The rule and lifecycle tables as Markdown."""
    lines = [
        "| # | table | context | column | types | generator | params | distribution | why |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for i, r in enumerate(_rule_rows(registry), 1):
        context = " ".join(
            ["primary key"] * r["primary_key"]
            + [
                f"{what} {_code(r[key])}"
                for what, key in (("references", "references"), ("schema has", "schema_has"))
                if r[key]
            ]
        )
        params = json.dumps(r["params"], ensure_ascii=False) if r["params"] else ""
        dist = json.dumps(r["distribution"], ensure_ascii=False) if r["distribution"] else ""
        lines.append(
            f"| {i} | {_code(r['table'])} | {context} | {_code(r['column'])} | "
            f"{', '.join(r['types'])} | `{r['generator']}` | {_code(params)} | {_code(dist)} | "
            f"{_cell(r['note'])} |"
        )
    lines += [
        "",
        "| lifecycle | table | stages, in order (within: largest gap from the previous; "
        "NULL: share of rows without the stage) | why |",
        "|---|---|---|---|",
    ]
    for c in _lifecycle_rows(registry):
        stages = "<br>".join(
            f"{n}. {_code(s['column'])}"
            + ("" if n == 1 else f" within {s['within']}")
            + (f", NULL {s['null_ratio']:.0%}" if s["null_ratio"] else "")
            for n, s in enumerate(c["stages"], 1)
        )
        lines.append(f"| {c['name']} | {_code(c['table'])} | {stages} | {_cell(c['note'])} |")
    return "\n".join(lines) + "\n"


@cli.command("rules")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--markdown", is_flag=True, help="Markdown tables (docs/inference.md).")
@click.pass_context
def rules(ctx: click.Context, as_json: bool, markdown: bool) -> None:
    """List the inference rules (table, column, type -> generator) and lifecycles, in the
    order they are tried."""
    registry = host_of(ctx).registry
    if as_json:
        payload = {"rules": _rule_rows(registry), "lifecycles": _lifecycle_rows(registry)}
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    elif markdown:
        click.echo(rules_markdown(registry), nl=False)
    else:
        for i, r in enumerate(_rule_rows(registry), 1):
            where = ", ".join(
                ["primary key"] * r["primary_key"]
                + [f"{k} ~ {r[k]}" for k in ("table", "references", "schema_has", "column") if r[k]]
            )
            click.echo(f"{i:>3}. {r['generator']:<22} {where}")
            if r["note"]:
                click.echo(f"     {'':<22} {r['note']}")
        for c in _lifecycle_rows(registry):
            stages = " → ".join(s["column"] for s in c["stages"])
            click.echo(f"lifecycle {c['name']}: {stages}")
