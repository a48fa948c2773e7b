"""Several templates and schema files combined into one database: a mix.

A *part* is one template or schema file, with what it extends merged in. Parts are
joined table by table; where two declare the same name, the mix says how they meet
(docs/templates.md, "Mixing"):

* ``"shared": {"customers": "saas.users"}`` — this part's ``customers`` *is* part
  saas's ``users``: its own declaration is dropped and every reference to it points at
  saas's table, which exists once;
* ``"schema": "shop"`` — the part's tables and types of schema ``public`` move into
  schema ``shop`` (``orders`` becomes ``shop.orders``); its references follow.

A table name in a part means, in this order: the part's own table (wherever it moved, or
the table it shares); a table of the mixed database by its full key; ``PART.TABLE``, the
table ``TABLE`` of another part (``"references": "billing.accounts.id"``), wherever that
one ended up. Every collision left is a problem naming both parts, the name, where each
declared it, and the two ways out, all reported in one pass.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from pgmock.errors import Problem, SchemaError
from pgmock.plugins.registry import LookupFailed, Registry
from pgmock.schema import model
from pgmock.schema.extends import expand
from pgmock.schema.load import COMMENT, read_schema_files
from pgmock.schema.problems import did_you_mean, pydantic_problems
from pgmock.schema.provenance import Provenance, Source, join

if TYPE_CHECKING:
    from pgmock.library import Library

__all__ = ["MIX", "Part", "compose", "mix_parts"]

MIX = "mix"
_LISTS = ("plugins", "extensions")
_MAPS = ("tables", "types", "schemas")
_DOCS = "docs/templates.md, Mixing"
# A type spelling that is one name, maybe an array: what a moved type's users write.
_ONE_NAME = re.compile(r"^(\s*)([A-Za-z_][A-Za-z0-9_]*)(\s*(?:\[\s*\d*\s*\]\s*)*)$")


@dataclass
class Part:
    """One template or schema file of a mix, and how it joins the others."""

    name: str  # how "shared" and PART.TABLE name it; "" for the mix file's own tables
    doc: Any
    provenance: Provenance
    label: str  # for messages: "template saas@1.0.0", "team_b.yaml"
    schema: str | None = None
    shared: dict[str, str] = field(default_factory=dict)
    # Where the mix file declared this part ("mix.1"), for problems about the entry.
    entry: tuple[Source, str] | None = None

    @property
    def title(self) -> str:
        return self.name or self.label

    @property
    def entry_text(self) -> str:
        """`` (platform.yaml:8: mix.1)``: where a mix file declared the part."""
        if self.entry is None:
            return ""
        source, path = self.entry
        line = source.line_of(path)
        return f" [{source.name}{f':{line}' if line else ''}: {path}]"

    def summary(self) -> str:
        """One line for validate: ``shop: template ecommerce@1.0.0, in schema shop, …``."""
        text = f"{self.name}: {self.label}"
        if self.schema:
            text += f", in schema {self.schema}"
        shares = ", ".join(f"{k} is {v}" for k, v in self.shared.items())
        return text + (f", {shares}" if shares else "")

    def tables(self) -> dict[str, Any]:
        tables = self.doc.get("tables") if isinstance(self.doc, dict) else None
        return {k: v for k, v in tables.items() if k != COMMENT} if isinstance(tables, dict) else {}

    def types(self) -> dict[str, Any]:
        types = self.doc.get("types") if isinstance(self.doc, dict) else None
        return {k: v for k, v in types.items() if k != COMMENT} if isinstance(types, dict) else {}

    def where(self, path: str) -> Problem:
        """A problem's location at ``path`` of this part (message filled in later)."""
        at = self.provenance.where(path)
        return Problem(at.file, at.path, "", at.line)

    def entry_problem(self, sub: str, message: str) -> Problem:
        if self.entry is None:
            at = self.where("")
            return Problem(at.file, sub, message, at.line)
        source, path = self.entry
        full = join(path, sub) if sub else path
        return Problem(source.name, full, message, source.line_of(full))

    def moved(self, key: str) -> str:
        """Where the part's table or type ``key`` goes: into its schema when in public."""
        return f"{self.schema}.{key}" if self.schema and "." not in key else key


def mix_parts(
    doc: dict[str, Any],
    source: Source,
    library: Library | None,
    registry: Registry,
    read_outside: bool,
) -> list[Part]:
    """The parts a mix file names, its own tables first (a part named ""), each file part
    read and expanded. ``read_outside``: the user allows reading files outside the mix
    file's folder (--allow-files)."""
    problems: list[Problem] = []
    if "extends" in doc:
        problems.append(
            Problem(
                source.name,
                "extends",
                "a mix file extends nothing: name the template as a part "
                '({"template": "saas"}), or extend it in a part\'s own file',
                source.line_of("extends"),
            )
        )
    entries = doc.get(MIX)
    if not isinstance(entries, list) or not entries:
        raise SchemaError(
            [*problems, Problem(source.name, MIX, "expected a list of parts", source.line_of(MIX))]
        )
    own_doc = {k: v for k, v in doc.items() if k not in (MIX, "extends")}
    parts = [Part("", own_doc, Provenance(source), source.name)]
    folder = Path(source.name).resolve().parent
    for i, raw in enumerate(entries):
        path = f"{MIX}.{i}"
        try:
            entry = model.MixPart.model_validate(raw)
        except ValidationError as exc:
            for p in pydantic_problems(source.name, exc, path, model.MixPart):
                problems.append(Problem(source.name, p.path, p.message, source.line_of(p.path)))
            continue
        try:
            parts.append(_part(entry, path, source, folder, library, registry, read_outside))
        except SchemaError as exc:
            problems.extend(exc.problems)
    if problems:
        raise SchemaError(problems)
    return parts


def _part(
    entry: model.MixPart,
    path: str,
    source: Source,
    folder: Path,
    library: Library | None,
    registry: Registry,
    read_outside: bool,
) -> Part:
    def refuse(sub: str, message: str) -> SchemaError:
        full = join(path, sub)
        return SchemaError([Problem(source.name, full, message, source.line_of(full))])

    if entry.template is not None:
        from pgmock.library import TemplateNotFound

        if library is None:
            raise refuse("template", "no template library here")
        try:
            info = library.find(entry.template)
        except TemplateNotFound as exc:
            raise refuse("template", exc.message) from None
        data, prov, _ = expand({"extends": entry.template}, info.source, library)
        name = entry.name or info.name
        label = f"template {info.label}"
    else:
        assert entry.file is not None
        # Named as the mix file is (relative stays relative in messages), checked resolved.
        file = Path(source.name).parent / entry.file
        if not read_outside and not file.resolve().is_relative_to(folder):
            raise refuse(
                "file",
                f"{entry.file} is outside the mix file's folder {folder}: a schema reads "
                "files outside its folder only when you allow it (--allow-files or "
                "PGMOCK_ALLOW=files), or give that file on the command line",
            )
        located = read_schema_files([str(file)], registry)
        if isinstance(located.data, dict) and MIX in located.data:
            raise refuse("file", f"{entry.file} is a mix itself: name its parts here instead")
        part_source = Source(str(file), located.lines)
        data, prov, _ = expand(located.data, part_source, library)
        name = entry.name or file.stem
        label = str(file)
    return Part(name, data, prov, label, entry.schema_, dict(entry.shared), (source, path))


def compose(parts: list[Part], registry: Registry | None) -> tuple[Any, Provenance]:
    """The parts as one document, and where each of its paths was written. The first
    part's settings (``version``, ``database``, ``seed``) win; lists add up."""
    if len(parts) == 1 and not parts[0].schema and not parts[0].shared:
        return parts[0].doc, parts[0].provenance
    problems: list[Problem] = []
    names = _Names(parts, problems)
    provenance = Provenance(parts[0].provenance.default)
    provenance.extended = list(dict.fromkeys(t for p in parts for t in p.provenance.extended))
    provenance.mixed = [part.summary() for part in parts if part.name]
    merged: dict[str, Any] = {}
    owners: dict[str, tuple[Part, str]] = {}  # "tables.x" / "types.x" -> who wrote it
    for part in parts:
        if not isinstance(part.doc, dict):
            problems.append(part.entry_problem("", "the top level must be a JSON object"))
            continue
        rewrite = _Rewriter(part, names, registry, problems)
        for key, value in part.doc.items():
            if key in _MAPS and not isinstance(value, dict):
                at = part.where(key)
                problems.append(Problem(at.file, at.path, "expected an object", at.line))
            elif key == "tables":
                tables = merged.setdefault("tables", {})
                for tkey, spec in part.tables().items():
                    if tkey in part.shared:
                        continue
                    final = part.moved(tkey)
                    new = rewrite.table(spec, f"tables.{tkey}")
                    if _collides(problems, owners, part, "tables", tkey, final, tables, new):
                        continue
                    tables[final] = new
                    provenance.take(part.provenance, f"tables.{tkey}", f"tables.{final}")
            elif key == "types":
                types = merged.setdefault("types", {})
                for tkey, spec in part.types().items():
                    final = part.moved(tkey)
                    new = rewrite.type_spec(spec)
                    if _collides(problems, owners, part, "types", tkey, final, types, new):
                        continue
                    types[final] = new
                    provenance.take(part.provenance, f"types.{tkey}", f"types.{final}")
            elif key == "schemas":
                schemas = merged.setdefault("schemas", {})
                for skey, spec in value.items():
                    if skey == COMMENT:
                        continue  # a note, not a schema
                    if _collides(problems, owners, part, "schemas", skey, skey, schemas, spec):
                        continue
                    schemas[skey] = spec
                    provenance.take(part.provenance, f"schemas.{skey}")
            elif key == "objects" and isinstance(value, list):
                if part.schema and value:
                    problems.append(
                        part.entry_problem(
                            "schema",
                            f'part "{part.name}" carries SQL objects (views, functions …) '
                            "whose SQL names its tables as they are; it cannot move into "
                            f'schema "{part.schema}": share its clashing tables instead',
                        )
                    )
                merged.setdefault("objects", []).extend(value)
            elif key in _LISTS and isinstance(value, list):
                target = merged.setdefault(key, [])
                target.extend(v for v in value if v not in target)
            elif key not in merged:
                merged[key] = value
                provenance.take(part.provenance, key)
    if problems:
        raise SchemaError(problems)
    return merged, provenance


def _collides(
    problems: list[Problem],
    owners: dict[str, tuple[Part, str]],
    part: Part,
    kind: str,
    key: str,
    final: str,
    present: dict[str, Any],
    value: Any,
) -> bool:
    """Whether ``final`` is taken already; a problem says by whom and how to resolve it.
    Types and schema comments written identically by two parts are one (no problem)."""
    mark = f"{kind}.{final}"
    if final not in present:
        owners[mark] = (part, key)
        return False
    if kind != "tables" and present[final] == value:
        return True
    first, first_key = owners[mark]
    if first is part:
        return True  # a part moved onto its own table: told with its "schema"
    at = part.where(f"{kind}.{key}")
    what = {"tables": "table", "types": "type", "schemas": "schema"}[kind]
    message = (
        f'{what} "{final}" is declared by parts "{first.title}" ({_at(first, kind, first_key)}) '
        f'and "{part.title}"'
    )
    if kind == "schemas":
        message += " with different comments: give the comment in one of them only"
    else:
        ways = []
        if kind == "tables" and first.name and part.name:
            ways.append(
                f'share it ("shared": {{"{key}": "{first.name}.{first_key}"}} on part '
                f'"{part.name}"{part.entry_text})'
            )
        if part.name:
            ways.append(
                f'qualify a part ("schema": "{part.name}" on part "{part.name}"{part.entry_text} '
                f"moves its tables and types into schema {part.name})"
            )
        if kind == "types":
            ways.append("give both the same definition")
            message += " with different definitions"
        mix_file = "" if part.entry is not None and first.entry is not None else " in a mix file"
        message += f"; resolve it{mix_file}: {' or '.join(ways)} ({_DOCS})"
    problems.append(Problem(at.file, at.path, message, at.line))
    return True


def _at(part: Part, kind: str, key: str) -> str:
    there = part.where(f"{kind}.{key}")
    return f"{there.file}{f':{there.line}' if there.line else ''}: {there.path}"


class _Names:
    """Where every part's tables end up, and what a table name in a part means."""

    def __init__(self, parts: list[Part], problems: list[Problem]) -> None:
        self.parts: dict[str, Part] = {}
        for part in parts:
            if part.name:
                self.parts.setdefault(part.name, part)
        self.problems = problems
        seen: dict[str, Part] = {}
        for part in parts:
            if part.name and part.name in seen:
                problems.append(
                    part.entry_problem(
                        "name", f'two parts are named "{part.name}": give one another "name"'
                    )
                )
            seen.setdefault(part.name, part)
        # part -> its table key -> the key in the mixed database (shared ones: the target's)
        self.final: dict[str, dict[str, str]] = {
            p.name: {k: p.moved(k) for k in p.tables()} for p in parts
        }
        # part -> its shared table -> (the part owning the target, the target's key there)
        self.shared: dict[str, dict[str, tuple[Part, str]]] = {}
        for part in parts:
            self._check_moves(part)
            for table, target in part.shared.items():
                found = self._share(part, table, target)
                if found is not None:
                    self.shared.setdefault(part.name, {})[table] = found
                    self.final[part.name][table] = found[0].moved(found[1])
        self.everywhere = {
            v for p in parts for k, v in self.final[p.name].items() if k not in p.shared
        }

    def _check_moves(self, part: Part) -> None:
        if not part.schema:
            return
        own = part.tables()
        for key in own:
            final = part.moved(key)
            if final != key and final in own:
                self.problems.append(
                    part.entry_problem(
                        "schema",
                        f'moving part "{part.name}" into schema "{part.schema}" puts its '
                        f'"{key}" onto its own "{final}": choose another schema',
                    )
                )

    def _share(self, part: Part, table: str, target: str) -> tuple[Part, str] | None:
        sub = f"shared.{table}"
        if table not in part.tables():
            self.problems.append(
                part.entry_problem(
                    sub,
                    f'part "{part.name}" has no table "{table}" to share'
                    + did_you_mean(table, part.tables()),
                )
            )
            return None
        other_name, dot, other_table = target.partition(".")
        other = self.parts.get(other_name) if dot else None
        if other is None or other is part:
            others = [n for n in self.parts if n != part.name]
            self.problems.append(
                part.entry_problem(
                    sub,
                    f'"{target}": write "PART.TABLE", a table of another part '
                    f"(parts: {', '.join(others) or 'none'})" + did_you_mean(other_name, others),
                )
            )
            return None
        if other_table not in other.tables():
            self.problems.append(
                part.entry_problem(
                    sub,
                    f'part "{other.name}" has no table "{other_table}"'
                    + did_you_mean(other_table, other.tables()),
                )
            )
            return None
        if other_table in other.shared:
            self.problems.append(
                part.entry_problem(
                    sub,
                    f'"{target}" is shared itself (as {other.shared[other_table]}): '
                    "name that table",
                )
            )
            return None
        return other, other_table

    def table(self, part: Part, name: str) -> tuple[str, tuple[Part, str] | None]:
        """The key in the mixed database of the table ``part`` calls ``name``, and the
        table it is shared with (its part and key) when it is a shared one."""
        own = self.final.get(part.name, {})
        if name in own:
            return own[name], self.shared.get(part.name, {}).get(name)
        if name in self.everywhere:
            return name, None
        other_name, dot, other_table = name.partition(".")
        other = self.parts.get(other_name) if dot else None
        if other is not None and other is not part and other_table in self.final[other.name]:
            return self.final[other.name][other_table], self.shared.get(other.name, {}).get(
                other_table
            )
        return name, None  # unknown: the resolver says so, with the names it knows


class _Rewriter:
    """One part's tables and types with the names of the mixed database."""

    def __init__(
        self, part: Part, names: _Names, registry: Registry | None, problems: list[Problem]
    ) -> None:
        self.part = part
        self.names = names
        self.registry = registry
        self.problems = problems
        self.types = {k.lower(): part.moved(k) for k in part.types() if part.moved(k) != k}

    def _table_name(self, name: Any, path: str, columns: list[str]) -> Any:
        if not isinstance(name, str):
            return name
        final, shared = self.names.table(self.part, name)
        if shared is not None:
            owner, key = shared
            have = owner.tables().get(key, {})
            have_cols = have.get("columns") if isinstance(have, dict) else None
            if isinstance(have_cols, dict):
                for column in columns:
                    if column not in have_cols:
                        at = self.part.where(path)
                        self.problems.append(
                            Problem(
                                at.file,
                                at.path,
                                f'"{name}" is shared as {owner.name}.{key}, which has no '
                                f'column "{column}"'
                                + did_you_mean(column, [c for c in have_cols if c != COMMENT])
                                + ": reference one it has, or do not share it",
                                at.line,
                            )
                        )
        return final

    def _column_ref(self, ref: Any, path: str) -> Any:
        """``"table.column"`` with the table renamed (a bare column is this row's)."""
        if not isinstance(ref, str) or "." not in ref:
            return ref
        table, _, column = ref.rpartition(".")
        return f"{self._table_name(table, path, [column])}.{column}"

    def retype(self, spelling: Any) -> Any:
        if not self.types or not isinstance(spelling, str):
            return spelling
        m = _ONE_NAME.match(spelling)
        new = self.types.get(m[2].lower()) if m else None
        return spelling if m is None or new is None else f"{m[1]}{new}{m[3]}"

    def type_spec(self, spec: Any) -> Any:
        if not self.types or not isinstance(spec, dict):
            return spec
        out = dict(spec)
        for key in ("domain", "range"):
            if key in out:
                out[key] = self.retype(out[key])
        if isinstance(spec.get("composite"), dict):
            out["composite"] = {k: self.retype(v) for k, v in spec["composite"].items()}
        return out

    def table(self, spec: Any, path: str) -> Any:
        if not isinstance(spec, dict):
            return spec
        out = copy.deepcopy(spec)
        count = out.get("rowCount")
        if isinstance(count, dict) and "per" in count:
            count["per"] = self._table_name(count["per"], f"{path}.rowCount.per", [])
        columns = out.get("columns")
        if isinstance(columns, dict):
            for name, col in columns.items():
                if isinstance(col, dict):
                    self._column(col, f"{path}.columns.{name}")
        fks = out.get("foreignKeys")
        for i, fk in enumerate(fks if isinstance(fks, list) else []):
            target = fk.get("references") if isinstance(fk, dict) else None
            if isinstance(target, dict) and "table" in target:
                cols = target.get("columns")
                wanted = [c for c in cols if isinstance(c, str)] if isinstance(cols, list) else []
                where = f"{path}.foreignKeys.{i}.references.table"
                target["table"] = self._table_name(target["table"], where, wanted)
        return out

    def _column(self, col: dict[str, Any], path: str) -> None:
        if "type" in col:
            col["type"] = self.retype(col["type"])
        ref = col.get("references")
        if isinstance(ref, dict) and "table" in ref:
            wanted = [ref["column"]] if isinstance(ref.get("column"), str) else []
            ref["table"] = self._table_name(ref["table"], f"{path}.references", wanted)
        elif ref is not None:
            col["references"] = self._column_ref(ref, f"{path}.references")
        if "from" in col:
            col["from"] = self._column_ref(col["from"], f"{path}.from")
        after = col.get("after")
        if isinstance(after, dict) and "column" in after:
            after["column"] = self._column_ref(after["column"], f"{path}.after.column")
        elif after is not None:
            col["after"] = self._column_ref(after, f"{path}.after")
        for key in self._parent_params(col):
            col["params"][key] = self._column_ref(col["params"][key], f"{path}.params.{key}")

    def _parent_params(self, col: dict[str, Any]) -> list[str]:
        """The parameters naming a parent's column (``Generator.parent_inputs``)."""
        gen, params = col.get("generator"), col.get("params")
        if self.registry is None or not isinstance(gen, str) or not isinstance(params, dict):
            return []
        try:
            cls = self.registry.generators.resolve(gen).obj
            refs = cls.parent_inputs(cls.Params.model_validate(params))
        except (LookupFailed, ValidationError):
            return []  # the resolver reports an unknown generator or bad parameters
        return [k for k, v in params.items() if isinstance(v, str) and v in refs]
