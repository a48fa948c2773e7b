"""Composite columns: each field generated like a column of its own, a batch at a time.

For a column of a composite type (``{"composite": {"street": "text", "zip": "varchar(10)"}}``)
the resolver picks one generator per field exactly as it does for columns: by the field's
name (``street`` → ``faker.street_address``), else by its type; or as the column's
``params`` say::

    "params": {"fields": {"zip": {"generator": "faker.postal_code", "params": {}},
                          "note": {"nullRatio": 0.3}}}

Each field's batch is rendered with :func:`pgmock.render.values.render_values` (so a field of a
domain keeps to the domain, a field of another composite type nests), then the rows are
laid out as ``record_out`` prints them (:mod:`pgmock.render.records`). Arrays of composites use
the array generator with this generator for their elements.

Fields draw from their own streams, keyed by field name like columns are, so adding a
field does not change the others.
"""

from __future__ import annotations

import dataclasses
import difflib
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import Field, PrivateAttr, ValidationError

from pgmock.generate.domains import domain_checker, enforce
from pgmock.render.records import record_literals
from pgmock.render.values import render_values
from pgmock.schema import model
from pgmock.schema.resolved import DistributionChoice, GeneratorChoice, RColumn, RTable
from pgmock.sql.domains import generation_type, null_forbidden
from pgmock_sdk import ColumnInfo, GenContext, Generator, Params, PgType

if TYPE_CHECKING:
    from pgmock.schema.generators import GeneratorChooser as Resolver

__all__ = ["CompositeGenerator", "CompositeParams", "FieldSpec", "choose", "host_fills"]

QUALIFIED = "pgmock.generate.composite"


@dataclass(frozen=True)
class _FieldPlan:
    name: str
    type: PgType  # what the field's generator fills (a domain's CHECK may narrow it)
    generator: GeneratorChoice
    distribution: DistributionChoice | None
    null_ratio: float


class FieldSpec(Params):
    generator: str | None = Field(
        None, description="Generator of this field; inferred from its name and type when absent."
    )
    params: dict[str, Any] = Field(default_factory=dict, description="Its parameters.")
    distribution: model.DistributionSpec | None = Field(None, description="Its distribution.")
    nullRatio: float = Field(0.0, ge=0.0, le=1.0, description="Share of NULL fields.")


class CompositeParams(Params):
    fields: dict[str, FieldSpec] = Field(
        default_factory=dict,
        description='Per field: {"generator": …, "params": …, "distribution": …, '
        '"nullRatio": …}; fields not named are inferred.',
    )
    # The fields' resolved generators, set by the resolver (see choose()).
    _plan: tuple[_FieldPlan, ...] | None = PrivateAttr(None)


_GROUPED = "table_key" in {f.name for f in dataclasses.fields(ColumnInfo)}


def _mix(key: int, name: str) -> int:
    """A 64-bit key for a part of a column, derived from the column's key."""
    return (key ^ zlib.crc32(name.encode("utf-8")) * 0x9E3779B97F4A7C15) % 2**64


def host_fills(pgtype: PgType) -> bool:
    """Whether values of this type come from the host's composite generator."""
    return pgtype.user is not None and pgtype.user.kind == "composite"


class _Field:
    def __init__(self, plan: _FieldPlan, column: ColumnInfo) -> None:
        self.plan = plan
        self.where = f"{column.path}.{plan.name}"
        info = dataclasses.replace(
            column,
            name=f"{column.name}.{plan.name}",
            type=plan.type,
            nullable=True,
            unique=False,
            key=_mix(column.key, plan.name),
        )
        if _GROUPED:
            # The fields of one composite value agree like the columns of a row do (street,
            # city and postal code of one place), apart from other columns and values.
            info = dataclasses.replace(info, table_key=_mix(column.key, "\x00composite"))
        choice = plan.generator
        self.gen: Generator = choice.cls(choice.params, info)
        dist = plan.distribution
        # a bound distribution is what the engine hands generators as ctx.distribution
        self.sampler: Any = dist.cls(dist.params) if dist is not None else None
        self.checker = domain_checker(plan.type)
        self.crc = zlib.crc32(plan.name.encode("utf-8"))

    def batch(
        self, n: int, base: int, ctx: GenContext, rows: dict[str, Any]
    ) -> tuple[Any, list[str | None]]:
        seq = np.random.SeedSequence(base, spawn_key=(self.crc,))
        values_seq, nulls_seq = seq.spawn(2)
        rng = np.random.Generator(np.random.PCG64(values_seq))
        fctx = GenContext(
            column=self.gen.column, offset=ctx.offset, rows=rows, distribution=self.sampler
        )
        values = self._draw(n, rng, fctx)
        rendered = render_values(values, self.plan.type, self.where)
        if self.checker is not None:
            values, rendered = enforce(
                values,
                rendered,
                self.checker,
                lambda k: self._draw(k, rng, dataclasses.replace(fctx, rows={})),
                lambda v: render_values(v, self.plan.type, self.where),
            )
        if self.plan.null_ratio > 0:
            nulls_rng = np.random.Generator(np.random.PCG64(nulls_seq))
            mask = nulls_rng.random(n) < self.plan.null_ratio
            arr = np.array(rendered, dtype=object)
            arr[mask] = None
            rendered = list(arr.tolist())
        return values, rendered

    def _draw(self, n: int, rng: np.random.Generator, ctx: GenContext) -> Any:
        values = self.gen.generate(n, rng, ctx)
        if len(values) != n:
            raise ValueError(
                f"{self.where}: generator {self.plan.generator.qualified} returned "
                f"{len(values)} values for a batch of {n}"
            )
        return values


class CompositeGenerator(Generator):
    """Composite values: each field from its own generator (inferred from the field's name
    and type, or set per field under params.fields), laid out as PostgreSQL prints rows."""

    name = "composite"
    pg_types = frozenset({"composite"})
    Params = CompositeParams

    def __init__(self, params: CompositeParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        user = column.type.user
        if user is None or user.kind != "composite" or column.type.is_array:
            raise ValueError(f"{column.path}: {column.type} is not a composite type")
        plan = params._plan
        if plan is None:
            raise ValueError(f"{column.path}: the composite generator needs its fields resolved")
        self.fields = [_Field(p, column) for p in plan]
        # A field generator that cannot cross a fork keeps the whole table in-process.
        self.__dict__["fork_safe"] = all(f.gen.fork_safe for f in self.fields)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        base = int(rng.integers(0, 2**63))
        rows: dict[str, Any] = {}
        texts = []
        for f in self.fields:
            values, rendered = f.batch(n, base, ctx, rows)
            rows[f.plan.name] = values
            texts.append(rendered)
        names = [f.plan.name for f in self.fields]
        return record_literals(texts, n, self.column.path, names)

    def close(self) -> None:
        for f in self.fields:
            f.gen.close()


# --------------------------------------------------------------------------- resolving


def choose(
    resolver: Resolver, path: str, col: RColumn, spec: model.Column, table: RTable
) -> GeneratorChoice | None:
    """The generator of a composite column (or array of composites), its fields resolved;
    problems are reported on ``resolver`` with their JSON paths."""
    if col.type.is_array:
        return _choose_array(resolver, path, col, spec, table)
    from pgmock.schema.resolved import column_info

    user = col.type.user
    assert user is not None
    try:
        params = CompositeParams.model_validate(spec.params)
    except ValidationError as exc:
        resolver.problems.pydantic(exc, f"{path}.params", CompositeParams, QUALIFIED)
        return None
    names = [name for name, _ in user.attributes]
    ok = True
    for name in params.fields:
        if name not in names:
            close = difflib.get_close_matches(name, names, n=1)
            hint = f' — did you mean "{close[0]}"?' if close else ""
            resolver.problems.add(
                f"{path}.params.fields.{name}",
                f'{user.qualified} has no field "{name}"{hint} (fields: {", ".join(names)})',
            )
            ok = False
    plans = []
    for name, ftype in user.attributes:
        fpath = f"{path}.params.fields.{name}"
        plan = _field_plan(resolver, fpath, col, name, ftype, params.fields.get(name), table)
        if plan is None:
            ok = False
        else:
            plans.append(plan)
    if not ok:
        return None
    params._plan = tuple(plans)
    try:
        CompositeGenerator(params, column_info(col, 0, table))
    except ValueError as exc:
        resolver.problems.add(f"{path}.type", f"{QUALIFIED}: {exc}")
        return None
    return GeneratorChoice(CompositeGenerator, QUALIFIED, params, inferred=True)


def _field_plan(
    resolver: Resolver,
    path: str,
    col: RColumn,
    name: str,
    ftype: PgType,
    spec: FieldSpec | None,
    table: RTable,
) -> _FieldPlan | None:
    from pgmock.schema.generators import infer_generator

    spec = spec or FieldSpec()
    gtype = generation_type(ftype)
    no_null = null_forbidden(ftype)
    if spec.nullRatio and no_null is not None:
        resolver.problems.add(
            f"{path}.nullRatio", f"domain {no_null.qualified} does not allow NULL"
        )
        return None
    fcol = RColumn(
        name=name,
        type=gtype,
        nullable=no_null is None,
        null_ratio=spec.nullRatio,
        unique=False,
        primary_key=False,
        default=None,
        check=None,
        comment=None,
        locale=col.locale,
    )
    if (
        not spec.generator
        and not host_fills(gtype)
        and infer_generator(resolver.registry, name, gtype) is None
    ):
        resolver.problems.add(
            path,
            f"no generator can fill field {name} of type {ftype.display()}; "
            'set "generator" (see: pgmock generators)',
        )
        return None
    as_column = model.Column(type=ftype.display(), generator=spec.generator, params=spec.params)
    choice = resolver.choose(path, fcol, as_column, table)
    if choice is None:
        return None
    dist = None
    if spec.distribution is not None:
        dist = resolver.distribution(path, fcol, spec.distribution, choice)
        if dist is None:
            return None
    return _FieldPlan(name, gtype, choice, dist, spec.nullRatio)


def _choose_array(
    resolver: Resolver, path: str, col: RColumn, spec: model.Column, table: RTable
) -> GeneratorChoice | None:
    """Arrays of composites: the registered array generator, composite elements."""
    from pgmock.plugins.registry import LookupFailed
    from pgmock.schema.resolved import column_info

    try:
        entry = resolver.registry.generators.resolve("array")
    except LookupFailed as exc:
        resolver.problems.add(f"{path}.type", exc.message)
        return None
    cls = _ARRAY_CLASSES.get(entry.obj) or _array_class(entry.obj)
    if cls is None:
        resolver.problems.add(
            f"{path}.type", f"generator {entry.qualified} cannot fill arrays of composites"
        )
        return None
    try:
        params = cls.Params.model_validate(spec.params)
    except ValidationError as exc:
        resolver.problems.pydantic(exc, f"{path}.params", cls.Params, entry.qualified)
        return None
    element = dataclasses.replace(col, type=col.type.element, unique=False, null_ratio=0.0)
    raw = getattr(params, "element", None) or {}
    elem_spec = model.Column(type=col.type.element.display(), params=raw)
    choice = choose(resolver, f"{path}.params.element", element, elem_spec, table)
    if choice is None:
        return None
    params._element = choice  # type: ignore[attr-defined]
    try:
        cls(params, column_info(col, 0, table))
    except ValueError as exc:
        resolver.problems.add(f"{path}.type", f"{entry.qualified}: {exc}")
        return None
    return GeneratorChoice(cls, entry.qualified, params, inferred=not spec.generator)


def _array_class(base: type[Generator]) -> type[Generator] | None:
    """The array generator with composite elements from the host: its element_class_for
    hook returns a composite generator bound to the resolved fields."""
    if not hasattr(base, "element_class_for"):
        return None
    base_params: Any = base.Params

    class ElementParams(base_params):
        _element: GeneratorChoice | None = PrivateAttr(None)

    class CompositeArrayGenerator(base):  # type: ignore[valid-type, misc]
        __doc__ = base.__doc__
        pg_types = frozenset({"composite[]"})
        default_for: frozenset[str] = frozenset()
        Params = ElementParams

        def element_class_for(self, elem_type: PgType, name: str | None) -> type[Generator]:
            choice = self.params._element
            if choice is None or name is not None:
                raise ValueError(f"{self.column.path}: composite elements come from the host")
            return _bound(choice.params._plan)

    _ARRAY_CLASSES[base] = CompositeArrayGenerator
    return CompositeArrayGenerator


# array generator class -> its subclass with composite elements, made once
_ARRAY_CLASSES: dict[type[Generator], type[Generator]] = {}


def _bound(plan: tuple[_FieldPlan, ...] | None) -> type[Generator]:
    """A composite generator class that fills its fields from ``plan`` (for array
    elements, whose parameters the array generator validates again without it)."""

    class BoundComposite(CompositeGenerator):
        def __init__(self, params: CompositeParams, column: ColumnInfo) -> None:
            params = params.model_copy()
            params._plan = plan
            super().__init__(params, column)

    return BoundComposite
