"""JSON templates whose leaves are generators: documents built a leaf column at a time.

A json/jsonb column's ``params.template`` describes the document's shape::

    {"id": {"generator": "core.sequence"},
     "customer": {"name": "faker.full_name", "city": {"generator": "faker.city"}},
     "tags": {"array": {"generator": "core.text", "params": {"max_words": 1}}, "max": 4},
     "score": {"generator": "core.decimal", "type": "numeric(5,2)", "nullRatio": 0.2}}

Objects nest; ``{"array": node, "min": …, "max": …}`` is a JSON array of min..max
elements; a leaf is a generator (``"faker.city"``, or ``{"generator": …, "params": …,
"type": …, "nullRatio": …, "distribution": …}``) or one of the json default generator's
kinds (``"int"``, ``"name"`` …: a leaf of ``core.json``). Templates of kinds only stay with
``core.json``; this generator stands in for it when a template holds generators or
arrays (``NestedGenerator.extends``), also when the column names ``core.json``.

Each leaf is a nested field the host resolves and generates (:mod:`pgmock_sdk.nested`): a
whole batch from its own stream keyed by its path, as the PostgreSQL text of its
``type``, turned into JSON texts for the whole batch (numbers stay numbers, booleans
become true/false, everything else a JSON string escaped only where needed, NULL null).
The documents are assembled with C-level ``str.format``/``str.join`` maps, never a Python
step per row. jsonb text is what jsonb prints (keys by length then bytes, numbers as
numeric prints them), so a round trip through the server is byte-identical.
"""

from __future__ import annotations

import dataclasses
import operator
import re
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from itertools import islice, repeat
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any, cast

import numpy as np
from pydantic import Field, PrivateAttr

from pgmock_builtins.composite_gen import FieldParams
from pgmock_builtins.document_gen import jsonb_key_order
from pgmock_sdk import ColumnInfo, GenContext, Generator, Params, PgType
from pgmock_sdk.nested import (
    BoundField,
    FieldResolver,
    FieldSpec,
    GeneratorRef,
    NestedGenerator,
    ResolvedField,
    derive_key,
)
from pgmock_sdk.pgtypes import FLOAT_TYPES, INTEGER_TYPES

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["JsonTemplateGenerator", "json_values", "natural_type", "needs_nested"]

# What a leaf's PostgreSQL text becomes in JSON.
_NUMBERS = INTEGER_TYPES | FLOAT_TYPES | {"numeric"}
# A leaf without "type" is generated as the first of these its generator fills (its
# default types if it has some); generators of any type (choice, constant, js) give text.
_NATURAL = (
    *("numeric", "int4", "int8", "int2", "float8", "float4", "bool"),
    *("date", "timestamptz", "timestamp", "time", "timetz", "interval"),
    *("uuid", "inet", "cidr", "macaddr", "macaddr8", "json", "jsonb", "text"),
)
_BOOLS = {"t": "true", "f": "false", "true": "true", "false": "false"}
# Number texts JSON or jsonb write differently: exponents (jsonb prints numeric), -0
# (numeric has no negative zero), NaN and ±Infinity (no JSON number: null).
_ODD_NUMBER = re.compile(r"[eIN]|-0(?:\.0*)?(?![.\d])")
_NON_FINITE = frozenset({"NaN", "Infinity", "-Infinity"})
# Characters a JSON string must escape (NUL is refused before).
_ESCAPED = re.compile('["\\\\\x01-\x1f]')
_IS_NONE = partial(operator.is_, None)


class LeafSpec(FieldParams):
    generator: str = Field(description="The leaf's generator (plugin.name or a short name).")
    type: str | None = Field(
        None,
        description="PostgreSQL type the leaf is generated as; default: its generator's "
        "natural type (numbers, booleans, dates …; text for generators of any type).",
    )


class ArraySpec(Params):
    array: Any = Field(description="The elements: a leaf, an object or another array.")
    min: int = Field(0, ge=0, le=10_000, description="Fewest elements.")
    max: int = Field(3, ge=0, le=10_000, description="Most elements.")


@dataclass(frozen=True)
class _LeafPlan:
    field: ResolvedField  # name: the leaf's path, which keys its stream
    encoding: str  # number | bool | raw | string


@dataclass(frozen=True)
class _ObjectPlan:
    name: str
    keys: tuple[str, ...]  # in generation (template) order
    children: tuple[_Plan, ...]
    order: tuple[int, ...]  # output order: template order (json) or jsonb's key order


@dataclass(frozen=True)
class _ArrayPlan:
    name: str
    element: _Plan
    min: int
    max: int


_Plan = _LeafPlan | _ObjectPlan | _ArrayPlan

# Leaf values of one document. A batch of 10,000 rows holds them all at once (1,000 a
# document take 1.2 GB for a batch); nested arrays multiply, so 25 levels of 3 would be
# 3**25 values a document.
MAX_VALUES = 10_000


def _most_values(plan: _Plan) -> int:
    """The most leaf values a document of this plan can hold."""
    if isinstance(plan, _ArrayPlan):
        return plan.max * _most_values(plan.element)
    if isinstance(plan, _ObjectPlan):
        return sum(_most_values(child) for child in plan.children)
    return 1


class JsonTemplateParams(Params):
    template: dict[str, Any] | str = Field(
        description="The document's shape: objects, arrays and leaves (docs/schema.md)."
    )
    # The template as the host resolved its leaves (see resolve_fields).
    _tree: _Plan | None = PrivateAttr(None)


# --------------------------------------------------------------------------- JSON texts


def _flagged(texts: list[str], pattern: re.Pattern[str]) -> NDArray[np.intp]:
    """Indices of the texts in which ``pattern`` matches (one regex pass over the batch
    joined by NUL, matches mapped to texts by their offsets)."""
    joined = "\x00".join(texts)
    hits = np.fromiter((m.start() for m in pattern.finditer(joined)), np.int64)
    if not hits.size:
        return np.zeros(0, np.intp)
    ends = np.cumsum(np.fromiter(map(len, texts), np.int64, len(texts)) + 1)
    return np.unique(np.searchsorted(ends, hits, side="right"))


def _replaced(texts: list[str], idx: NDArray[np.intp], fn: Callable[[str], str]) -> list[str]:
    out = np.array(texts, dtype=object)
    out[idx] = list(map(fn, out[idx].tolist()))
    return list(out.tolist())


def _jsonb_number(text: str) -> str:
    """A number as jsonb prints it (numeric_out: no exponent, no negative zero)."""
    if text in _NON_FINITE:
        return "null"
    out = format(Decimal(text), "f")
    return out[1:] if out.startswith("-") and not out.strip("-0.") else out


def _json_number(text: str) -> str:
    return "null" if text in _NON_FINITE else text


def _strings(texts: list[str], where: str) -> list[str]:
    joined = "".join(texts)
    if "\x00" in joined:
        raise ValueError(
            f"{where}: a value contains a NUL character, which PostgreSQL cannot store"
        )
    quoted = list(map('"{}"'.format, texts))
    if not _ESCAPED.search(joined):
        return quoted
    idx = _flagged(texts, _ESCAPED)
    out = np.array(quoted, dtype=object)
    out[idx] = list(map(encode_basestring, np.array(texts, dtype=object)[idx].tolist()))
    return list(out.tolist())


def json_values(rendered: list[str | None], encoding: str, jsonb: bool, where: str) -> list[str]:
    """A leaf's batch (PostgreSQL texts, None = NULL) as JSON value texts."""
    nulls = None
    texts = cast("list[str]", rendered)
    if None in rendered:
        nulls = np.fromiter(map(_IS_NONE, rendered), bool, len(rendered))
        texts = np.array(rendered, dtype=object)[~nulls].tolist()
    if encoding == "number":
        idx = _flagged(texts, _ODD_NUMBER)
        if idx.size:
            texts = _replaced(texts, idx, _jsonb_number if jsonb else _json_number)
    elif encoding == "bool":
        words = list(map(_BOOLS.get, texts))
        if None in words:
            bad = texts[words.index(None)]
            raise ValueError(f"{where}: {bad!r} is not a boolean (t or f)")
        texts = cast("list[str]", words)
    elif encoding == "string":
        texts = _strings(texts, where)
    if nulls is None:
        return texts
    out = np.full(len(rendered), "null", dtype=object)
    out[~nulls] = texts
    return list(out.tolist())


# --------------------------------------------------------------------------- generating


class _Leaf:
    def __init__(self, plan: _LeafPlan, scope: ColumnInfo, jsonb: bool) -> None:
        self.plan = plan
        self.key = plan.field.name.rsplit(".", 1)[-1]
        self.field: BoundField = plan.field.bind(scope)
        self.where = f"{scope.path}.{plan.field.name}"
        self.jsonb = jsonb

    def texts(self, n: int, seed: int, ctx: GenContext, rows: dict[str, Any]) -> list[str]:
        values, rendered = self.field.batch(n, seed, ctx, rows)
        rows[self.key] = values
        return json_values(rendered, self.plan.encoding, self.jsonb, self.where)

    def leaves(self) -> list[_Leaf]:
        return [self]


class _Object:
    """Its leaves agree as the columns of a row do (a customer's name and e-mail, a city
    and its postal code): they share a group key, other objects have their own."""

    def __init__(self, plan: _ObjectPlan, column: ColumnInfo, jsonb: bool) -> None:
        scope = dataclasses.replace(column, key=derive_key(column.key, "{" + plan.name))
        self.children = [_node(c, scope, jsonb) for c in plan.children]
        self.order = plan.order
        keys = [
            encode_basestring(plan.keys[i]).replace("{", "{{").replace("}", "}}")
            for i in plan.order
        ]
        self.format = "{{" + ", ".join(f"{k}: {{}}" for k in keys) + "}}"

    def texts(self, n: int, seed: int, ctx: GenContext, rows: dict[str, Any]) -> list[str]:
        siblings: dict[str, Any] = {}  # earlier leaves of this object, by key
        cols = [child.texts(n, seed, ctx, siblings) for child in self.children]
        return list(map(self.format.format, *(cols[i] for i in self.order)))

    def leaves(self) -> list[_Leaf]:
        return [leaf for c in self.children for leaf in c.leaves()]


class _Array:
    """Elements are numbered ``row × max + i`` within a batch's range of such numbers, so
    row-number based leaves (sequence, correlated groups) stay distinct across batches."""

    def __init__(self, plan: _ArrayPlan, column: ColumnInfo, jsonb: bool) -> None:
        self.plan = plan
        scope = dataclasses.replace(column, key=derive_key(column.key, "[" + plan.name))
        self.element = _node(plan.element, scope, jsonb)
        self.crc = zlib.crc32(plan.name.encode("utf-8"))

    def texts(self, n: int, seed: int, ctx: GenContext, rows: dict[str, Any]) -> list[str]:
        seq = np.random.SeedSequence(seed, spawn_key=(self.crc, 1))
        rng = np.random.Generator(np.random.PCG64(seq))
        counts = rng.integers(self.plan.min, self.plan.max, n, endpoint=True)
        inner = dataclasses.replace(ctx, offset=ctx.offset * self.plan.max)
        elements = iter(self.element.texts(int(counts.sum()), seed, inner, {}))
        joined = map(", ".join, map(islice, repeat(elements), counts.tolist()))
        return list(map("[{}]".format, joined))

    def leaves(self) -> list[_Leaf]:
        return self.element.leaves()


_Node = _Leaf | _Object | _Array


def _node(plan: _Plan, column: ColumnInfo, jsonb: bool) -> _Node:
    if isinstance(plan, _LeafPlan):
        return _Leaf(plan, column, jsonb)
    if isinstance(plan, _ObjectPlan):
        return _Object(plan, column, jsonb)
    return _Array(plan, column, jsonb)


class JsonTemplateGenerator(NestedGenerator[JsonTemplateParams]):
    """JSON documents from a template whose leaves are generators (any registered one),
    with nested objects and arrays; jsonb text in PostgreSQL's normal form. Stands in
    for core.json when a template holds generator leaves or arrays."""

    name = "json_template"
    pg_types = frozenset({"json", "jsonb"})
    extends_default_for = pg_types

    @classmethod
    def extends(cls, params: Mapping[str, Any]) -> bool:
        return needs_nested(params.get("template"))

    @classmethod
    def resolve_fields(
        cls,
        params: JsonTemplateParams,
        column: ColumnInfo,
        fields: FieldResolver,
        params_path: str,
    ) -> JsonTemplateParams | None:
        builder = _Builder(fields, column)
        tree = builder.node(params.template, f"{params_path}.template", "")
        if tree is None or not builder.ok:
            return None
        most = _most_values(tree)
        if most > MAX_VALUES:
            fields.problem(
                f"{params_path}.template",
                f"a document holds up to {most:,} values (arrays multiply their elements); "
                f"at most {MAX_VALUES:,} (lower the arrays' max)",
            )
            return None
        out = params.model_copy()
        out._tree = tree
        return out

    def __init__(self, params: JsonTemplateParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        if column.type.is_array or column.type.name not in self.pg_types:
            raise ValueError(f"{column.path}: {column.type} is not json or jsonb")
        tree = params._tree
        if tree is None:
            raise ValueError(f"{column.path}: the JSON template needs its leaves resolved")
        self.root = _node(tree, column, column.type.name == "jsonb")
        self._leaves = self.root.leaves()
        # A leaf generator that cannot cross a fork keeps the whole table in-process.
        self.__dict__["fork_safe"] = all(leaf.field.fork_safe for leaf in self._leaves)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        seed = int(rng.integers(0, 2**63))
        return self.root.texts(n, seed, ctx, {})

    def close(self) -> None:
        for leaf in self._leaves:
            leaf.field.close()


# --------------------------------------------------------------------------- resolving


def needs_nested(template: Any) -> bool:
    """Whether a template holds generator leaves or arrays (core.json fills the rest)."""
    if isinstance(template, str):
        return "." in template
    if not isinstance(template, dict):
        return False
    if "generator" in template or "array" in template:
        return True
    return any(needs_nested(v) for v in template.values())


def natural_type(cls: type[Generator]) -> str | None:
    """The type a leaf of this generator is generated as when the template gives none."""
    own = cls.default_for or cls.pg_types
    if "*" in cls.pg_types or {"text", "bool"} <= own:
        return "text"  # a generator of any type (choice, constant, js): its values as text
    return next((name for name in _NATURAL if name in own), None)


class _Builder:
    """Resolves a template into plans through the host, reporting every problem with its
    JSON path."""

    def __init__(self, fields: FieldResolver, column: ColumnInfo) -> None:
        self.fields = fields
        self.column = column
        self.jsonb = column.type.name == "jsonb"
        self.ok = True

    def problem(self, path: str, message: str) -> None:
        self.fields.problem(path, message)
        self.ok = False

    def node(self, spec: Any, path: str, name: str) -> _Plan | None:
        if isinstance(spec, str):
            return self.leaf_name(spec, path, name)
        if not isinstance(spec, dict) or not spec:
            self.problem(path, "expected a non-empty object, a generator name or a kind")
            return None
        if "generator" in spec:
            return self.leaf(spec, path, name)
        if "array" in spec:
            return self.array(spec, path, name)
        return self.object(spec, path, name)

    def object(self, spec: dict[str, Any], path: str, name: str) -> _Plan | None:
        keys, children = [], []
        for key, sub in spec.items():
            if "\x00" in key:
                self.problem(f"{path}.{key}", "a JSON key in PostgreSQL cannot hold NUL")
                continue
            child = self.node(sub, f"{path}.{key}", f"{name}.{key}" if name else key)
            if child is not None:
                keys.append(key)
                children.append(child)
        if len(children) != len(spec):
            return None
        if self.jsonb:
            order = [keys.index(k) for k in jsonb_key_order(keys)]
        else:
            order = list(range(len(keys)))
        return _ObjectPlan(name, tuple(keys), tuple(children), tuple(order))

    def array(self, spec: dict[str, Any], path: str, name: str) -> _Plan | None:
        arr = self.validate(path, ArraySpec, spec, "JSON template array")
        if arr is None:
            return None
        if arr.min > arr.max:
            self.problem(f"{path}.min", f"min ({arr.min}) is larger than max ({arr.max})")
            return None
        element = self.node(arr.array, f"{path}.array", f"{name}[]")
        if element is None:
            return None
        return _ArrayPlan(name, element, arr.min, arr.max)

    def leaf_name(self, spec: str, path: str, name: str) -> _Plan | None:
        """``"faker.city"`` (a qualified generator) or a kind of core.json (``"int"``)."""
        if "." in spec:
            if self.lookup(path, spec) is None:
                return None
            return self.leaf({"generator": spec}, path, name, shorthand=True)
        for ref in self.fields.defaults_for("json"):
            try:
                ref.cls.Params.model_validate({"template": spec})
            except ValueError:
                continue
            leaf = {"generator": ref.qualified, "params": {"template": spec}, "type": "json"}
            return self.leaf(leaf, path, name)
        self.problem(
            path,
            f'unknown kind "{spec}": name a generator with its plugin ("faker.{spec}") '
            f'or as {{"generator": "{spec}"}} (see: pgmock generators)',
        )
        return None

    def lookup(self, path: str, generator: str) -> GeneratorRef | None:
        ref = self.fields.generator(path, generator)
        if ref is None:
            self.ok = False
        return ref

    def validate(self, path: str, model: type[Any], raw: Any, label: str) -> Any:
        out = self.fields.validate(path, model, raw, label)
        if out is None:
            self.ok = False
        return out

    def leaf(
        self, raw: dict[str, Any], path: str, name: str, shorthand: bool = False
    ) -> _Plan | None:
        spec = self.validate(path, LeafSpec, raw, "JSON template leaf")
        if spec is None:
            return None
        ref = self.lookup(path if shorthand else f"{path}.generator", spec.generator)
        if ref is None:
            return None
        ftype = self.leaf_type(spec, ref, path)
        if ftype is None:
            return None
        field = self.fields.resolve(
            FieldSpec(
                path=path,
                name=name.rsplit(".", 1)[-1].rstrip("[]") or self.column.name,
                type=ftype,
                generator=spec.generator,
                params=spec.params,
                distribution=spec.distribution,
                null_ratio=spec.nullRatio,
                stream=name or "$",
            )
        )
        if field is None:
            self.ok = False
            return None
        return _LeafPlan(field, _encoding(field.type))

    def leaf_type(self, spec: LeafSpec, ref: GeneratorRef, path: str) -> PgType | None:
        spelling = spec.type or natural_type(ref.cls)
        if spelling is None:
            fills = ", ".join(sorted(ref.cls.pg_types))
            self.problem(
                f"{path}.type",
                f'set "type": generator {ref.qualified} fills {fills}, and none of them '
                "is a built-in type a leaf is generated as by default",
            )
            return None
        where = f"{path}.type"
        ftype = self.fields.parse_type(where, spelling)
        if ftype is None:
            self.ok = False
            return None
        if ftype.serial:
            self.problem(where, "a leaf cannot be serial; use an integer type")
            return None
        if not ftype.is_array and ftype.name in ("json", "jsonb"):
            # JSON leaves are embedded as they are: in the column's own flavour
            return dataclasses.replace(ftype, name=self.column.type.name)
        return ftype


def _encoding(pgtype: PgType) -> str:
    if pgtype.is_array:
        return "string"
    if pgtype.name in _NUMBERS:
        return "number"
    if pgtype.name == "bool":
        return "bool"
    if pgtype.name in ("json", "jsonb"):
        return "raw"
    return "string"
