"""The table of every supported type for ``pgmock types`` (and docs/types.md).

Nothing here is written by hand that the code already knows: the types come from
``TYPE_FAMILIES`` and the types plugins registered, their spellings and modifiers from
probing ``parse_type``, and each default generator from the resolver itself. A probe
schema gets one column per type (and per array of it) with no ``generator``, named so that
no generator's column-name pattern matches; what the resolver picks for it is the type's
default, and a column it rejects shows the resolver's own message. So the table says
exactly what a schema gets.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from pgmock.errors import SchemaError
from pgmock.plugins.registry import Registry
from pgmock.schema import resolve_schema
from pgmock.schema.resolved import GeneratorChoice
from pgmock_sdk.pgtypes import (
    INTERVAL_FIELDS,
    TYPE_FAMILIES,
    PgType,
    TypeParseError,
    display_name,
    extension_types,
    known_type_names,
    parse_type,
)

_TABLE = "types"
_ROWS = 1000
_WHERE = "pgmock types"

# One declaration per user type kind, with how its values are made (the resolver shows
# which generator; this says what it does with the declaration).
USER_KINDS: dict[str, tuple[dict[str, Any], str]] = {
    "enum": ({"enum": ["small", "medium", "large"]}, "one of the type's labels"),
    "composite": (
        {"composite": {"street": "text", "floor": "integer"}},
        "each field like a column of its own: by the field's name, else its type's default "
        "generator; `params.fields` sets a field's generator, params or nullRatio",
    ),
    "domain": (
        {"domain": "integer", "check": "VALUE > 0"},
        "the base type's default generator, narrowed to the CHECK's bounds where it states "
        "them (`VALUE BETWEEN 1 AND 9`, `VALUE IN (…)`); every value is checked against the "
        "CHECK, and the domain's NOT NULL is kept",
    ),
    "range": (
        {"range": "float8"},
        "ranges over the subtype (numbers, dates, times, enums) in canonical text",
    ),
}


@dataclass(frozen=True)
class Resolved:
    """What the resolver made of one probe column."""

    generator: str | None  # qualified name, None when it rejected the column
    params: tuple[str, ...]
    problem: str | None  # the resolver's message when it rejected the column


@dataclass(frozen=True)
class TypeRow:
    family: str
    name: str  # canonical name (int4) or user type kind (enum)
    spelling: str  # pg_dump's spelling, or the declaration of a user type
    aliases: tuple[str, ...]
    serials: tuple[str, ...]
    modifiers: str
    how: str  # user type kinds: how values are made
    scalar: Resolved
    array: Resolved  # T[]
    matrix: Resolved  # T[][]


def _try_parse(spelling: str) -> PgType | None:
    try:
        return parse_type(spelling)
    except (TypeParseError, KeyError):
        return None


def _probe_spelling(canonical: str) -> str:
    """A spelling parse_type reads as ``canonical`` (``char`` alone means character(1),
    so the single-byte type is spelled ``"char"``)."""
    parsed = _try_parse(canonical)
    if parsed is not None and parsed.name == canonical:
        return canonical
    spelled = display_name(canonical)
    parsed = _try_parse(spelled)
    if parsed is None or parsed.name != canonical:
        raise RuntimeError(f"no spelling of {canonical} parses back to it")
    return spelled


def _aliases(canonical: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(other spellings, serial spellings) that parse to ``canonical``."""
    shown = display_name(canonical)
    plain: list[str] = []
    serial: list[str] = []
    for spelling in known_type_names():
        parsed = _try_parse(spelling)
        if parsed is None or parsed.name != canonical or spelling == shown:
            continue
        (serial if parsed.serial else plain).append(spelling)
    return tuple(plain), tuple(serial)


def _modifiers(spelling: str) -> str:
    """The modifiers the type takes, found by asking parse_type."""
    forms: list[str] = []
    bare = _try_parse(spelling)
    one = _try_parse(f"{spelling}(3)")
    if _try_parse(f"{spelling}(5,2)") is not None:
        forms.append("(p) or (p,s): precision, scale")
    elif one is not None and one.length == 3:
        default = f" (default {bare.modifiers[0]})" if bare and bare.modifiers else ""
        forms.append(f"(n): length{default}")
    elif one is not None:
        forms.append("(p): precision")
    example = sorted(INTERVAL_FIELDS)[0]
    if _try_parse(f"{spelling} {example}") is not None:
        forms.append(f"fields: {', '.join(sorted(INTERVAL_FIELDS))}")
    return "; ".join(forms)


def _column_prefix(registry: Registry, count: int) -> str:
    """A column-name prefix no generator's name pattern or inference rule matches, so the
    resolver picks by type alone, as for a column whose name says nothing."""
    patterns = [p for e in registry.generators for p in e.spec.column_names]
    patterns += [e.obj.column for e in registry.rules if e.obj.column is not None]
    for prefix in ("c", "col", "q", "zq", "xyzzy"):
        names = [f"{prefix}{i}{s}" for i in range(count) for s in ("", "_a", "_m")]
        if not any(re.fullmatch(p, n) for p in patterns for n in names):
            return prefix
    raise RuntimeError("every probe column name matches some generator's name pattern")


def _resolve_columns(
    registry: Registry, columns: dict[str, str], types: dict[str, Any]
) -> dict[str, Resolved]:
    """Resolve one table with these columns (name -> type); columns the resolver rejects
    are taken out with their first problem and the rest resolved again."""
    failed: dict[str, str] = {}
    prefix = f"tables.{_TABLE}.columns."
    while True:
        raw = {
            "version": "1.0",
            "types": types,
            "tables": {
                _TABLE: {
                    "rowCount": _ROWS,
                    "columns": {n: {"type": t} for n, t in columns.items() if n not in failed},
                }
            },
        }
        try:
            schema = resolve_schema(raw, {}, [_WHERE], registry)
        except SchemaError as exc:
            new: dict[str, str] = {}
            for p in exc.problems:
                if not p.path.startswith(prefix):
                    raise  # not about one column: the probe schema itself is wrong
                new.setdefault(p.path[len(prefix) :].split(".")[0], p.message)
            failed.update(new)
            continue
        out = {n: Resolved(None, (), msg) for n, msg in failed.items()}
        for name, col in schema.tables[_TABLE].columns.items():
            out[name] = _chosen(col.generator)
        return out


def _chosen(choice: GeneratorChoice | None) -> Resolved:
    if choice is None:
        return Resolved(None, (), "no generator chosen")
    return Resolved(choice.qualified, tuple(choice.cls.Params.model_fields), None)


def type_rows(registry: Registry) -> list[TypeRow]:
    """One row per built-in type of TYPE_FAMILIES and per type plugins registered, then
    one per user type kind."""
    with extension_types(registry.type_spellings()):
        return _type_rows(registry)


def _type_rows(registry: Registry) -> list[TypeRow]:
    builtins = [(family, t) for family, names in TYPE_FAMILIES.items() for t in names]
    extensions = {e.obj.name: e.obj for e in registry.types.values()}
    builtins += [(ext.family, name) for name, ext in sorted(extensions.items())]
    spellings = {t: _probe_spelling(t) for _, t in builtins}
    for name in extensions:  # probed with a modifier where it takes one: vector(3)
        if _try_parse(f"{name}(3)") is not None:
            spellings[name] = f"{name}(3)"
    user_names = {kind: f"my_{kind}" for kind in USER_KINDS}
    probes = [(t, spellings[t]) for _, t in builtins]
    probes += [(kind, user_names[kind]) for kind in USER_KINDS]
    prefix = _column_prefix(registry, len(probes))
    columns: dict[str, str] = {}
    for i, (_, spelling) in enumerate(probes):
        columns[f"{prefix}{i}"] = spelling
        columns[f"{prefix}{i}_a"] = f"{spelling}[]"
        columns[f"{prefix}{i}_m"] = f"{spelling}[][]"
    types = {user_names[kind]: decl for kind, (decl, _) in USER_KINDS.items()}
    resolved = _resolve_columns(registry, columns, types)

    rows: list[TypeRow] = []
    for i, (name, spelling) in enumerate(probes):
        col = f"{prefix}{i}"
        aliases: tuple[str, ...] = ()
        serials: tuple[str, ...] = ()
        if name in USER_KINDS:
            decl, how = USER_KINDS[name]
            family, shown, mods = "user type", json.dumps(decl), ""
        elif name in extensions:
            ext = extensions[name]
            family, how, shown, mods = ext.family, "", ext.qualified, ext.modifiers
            aliases = (name, *sorted(ext.aliases))  # the dump writes it qualified
        else:
            family = next(f for f, t in builtins if t == name)
            how, shown, mods = "", display_name(name), _modifiers(spelling)
            aliases, serials = _aliases(name)
        rows.append(
            TypeRow(
                family=family,
                name=name,
                spelling=shown,
                aliases=aliases,
                serials=serials,
                modifiers=mods,
                how=how,
                scalar=resolved[col],
                array=resolved[f"{col}_a"],
                matrix=resolved[f"{col}_m"],
            )
        )
    return rows


# ------------------------------------------------------------------ output


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _code(items: tuple[str, ...] | list[str]) -> str:
    return ", ".join(f"`{_md(i)}`" for i in items)


def _generator_cell(r: Resolved) -> str:
    if r.generator is None:
        return f"**none**: {_md(r.problem or '')}"
    return f"`{r.generator}`"


def _array_cell(row: TypeRow) -> str:
    if row.array.generator is None:
        return "—"
    cell = f"`{row.array.generator}`"
    if row.matrix.generator is None:
        cell += " (one dimension)"
    elif row.matrix.generator != row.array.generator:
        cell += f"; `[][]`: `{row.matrix.generator}`"
    return cell


def markdown(rows: list[TypeRow]) -> str:
    """Two Markdown tables: the built-in types, then the user type kinds."""
    out = [
        "| family | type | also spelled | modifiers | default generator | its parameters "
        "| arrays |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        if r.how:
            continue
        aliases = _code(r.aliases)
        if r.serials:
            aliases += ("; " if aliases else "") + "serial: " + _code(r.serials)
        out.append(
            f"| {r.family} | `{_md(r.spelling)}` | {aliases or '—'} | {_md(r.modifiers) or '—'} "
            f"| {_generator_cell(r.scalar)} | {_md(', '.join(r.scalar.params)) or '—'} "
            f"| {_array_cell(r)} |"
        )
    out += [
        "",
        "| user type | declared as (in `types`) | values | default generator | its parameters "
        "| arrays |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        if not r.how:
            continue
        out.append(
            f"| {r.name} | `{_md(r.spelling)}` | {_md(r.how)} | {_generator_cell(r.scalar)} "
            f"| {_md(', '.join(r.scalar.params)) or '—'} | {_array_cell(r)} |"
        )
    return "\n".join(out)


def plain(rows: list[TypeRow]) -> str:
    """One line per type: family, pg_dump's spelling, default generator, arrays."""
    lines = []
    for r in rows:
        spelled = r.name if r.how else r.spelling
        gen = r.scalar.generator or f"NONE ({r.scalar.problem})"
        arrays = r.array.generator or "-"
        if r.array.generator and r.matrix.generator is None:
            arrays += " (1-D)"
        lines.append(f"{r.family:<12} {spelled:<28} {gen:<26} arrays: {arrays}")
    return "\n".join(lines)
