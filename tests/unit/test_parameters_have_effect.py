"""Every accepted key has an effect (issue 12, 8): each parameter of every registered
generator and distribution changes the data of at least one minimal schema, or is a
pure constraint (listed below with the reason).

For each generator, :data:`COLUMNS` gives a minimal column (its type, the parameters it
needs, the types it uses); for each parameter a changed value is derived from its model
(another literal, the other boolean, a number moved within its bounds) or taken from
:data:`CHANGES`, which may also add the parameters that switch it on (``weekend_factor``
with ``business_days``). The schema is resolved and generated in-process, as ``pgmock
generate`` does, and the column's text compared with the same schema without the change.
"""

from __future__ import annotations

import functools
import math
import sys
import tempfile
import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import pytest
from pydantic.fields import FieldInfo

from pgmock.errors import SchemaError
from pgmock.generate.engine import Engine
from pgmock.generate.plan import make_plan
from pgmock.plugins.registry import Registry
from pgmock.schema.resolver import Resolver
from pgmock.testing import TestHost
from pgmock_sdk.trust import Allowed, Trust, granted

ROWS = 400
JS = "function generate(n, random, rows, options, ctx) {{ return Array.from({{length: n}}, {}); }}"
# where the schemas "are": js "file" reads values.js next to it
HERE = Path(tempfile.mkdtemp(prefix="pgmock-effect-"))
(HERE / "values.js").write_text(JS.format("(_, i) => 'f' + i") + "\n")
# a generator program: its options' "tag", how many earlier columns it was sent and how
# many arguments it was given
(HERE / "prog.py").write_text(
    "import json, sys\n"
    "for line in sys.stdin:\n"
    "    msg = json.loads(line)\n"
    "    if 'protocol' in msg:\n"
    "        tag = msg['params'].get('tag', 'v')\n"
    "        print(json.dumps({'ok': True}), flush=True)\n"
    "        continue\n"
    "    out = [f\"{tag}{len(msg.get('rows', {}))}{len(sys.argv)}\"] * msg['n']\n"
    "    print(json.dumps({'values': out}), flush=True)\n"
)
PROGRAM = [sys.executable, str(HERE / "prog.py")]

ENUM = {"mood": {"enum": ["sad", "ok", "happy", "meh"]}}


def _constant(value: str) -> dict[str, Any]:
    return {"type": "text", "generator": "core.constant", "params": {"value": value}}


def _number(value: int) -> dict[str, Any]:
    return {"type": "integer", "generator": "core.integer", "params": {"min": value, "max": value}}


ADDR = {"addr": {"composite": {"street": "text", "zip": "varchar(10)"}}}

#: generator -> (column type, parameters it needs, user types, extra columns before it)
COLUMNS: dict[str, tuple[str, dict[str, Any], dict[str, Any], dict[str, Any]]] = {
    "core.array": ("integer[]", {}, {}, {}),
    "core.bit": ("bit(8)", {}, {}, {}),
    "core.box": ("box", {}, {}, {}),
    "core.char": ('"char"', {}, {}, {}),
    "core.choice": ("text", {"values": ["a", "b", "c"]}, {}, {}),
    "core.circle": ("circle", {}, {}, {}),
    "core.constant": ("text", {"value": "x"}, {}, {}),
    "core.decimal": ("numeric(12,3)", {}, {}, {}),
    "core.enum": ("mood", {}, ENUM, {}),
    "core.inet": ("inet", {}, {}, {}),
    "core.json": ("jsonb", {}, {}, {}),
    "core.line": ("line", {}, {}, {}),
    "core.lseg": ("lseg", {}, {}, {}),
    "core.lsn": ("pg_lsn", {}, {}, {}),
    "core.macaddr": ("macaddr", {}, {}, {}),
    "core.metric": ("float8", {}, {}, {}),
    "core.multirange": ("nummultirange", {}, {}, {}),
    "core.path": ("path", {}, {}, {}),
    "core.point": ("point", {}, {}, {}),
    "core.polygon": ("polygon", {}, {}, {}),
    "core.position": ("integer", {}, {}, {}),
    "core.search_vector": ("tsvector", {}, {}, {}),
    "core.slug": ("text", {"source_column": "title"}, {}, {"title": _constant("Alpha Post")}),
    "core.range": ("numrange", {}, {}, {}),
    "core.share": ("integer", {"of_column": "amount"}, {}, {"amount": _number(1000)}),
    "core.tier_price": (
        "numeric(10,2)", {"tier_column": "plan"}, {}, {"plan": _constant("Pro")}
    ),
    "core.vat_number": (
        "varchar(20)", {"country_column": "country"}, {}, {"country": _constant("DE")}
    ),
    "core.pattern": ("varchar(20)", {"pattern": ["AB-####", "CD-####"]}, {}, {}),
    "core.sequence": ("integer", {}, {}, {}),
    "core.tsquery": ("tsquery", {}, {}, {}),
    "core.tsvector": ("tsvector", {}, {}, {}),
    "core.uuid": ("uuid", {}, {}, {}),
    "core.varbit": ("varbit(32)", {}, {}, {}),
    "core.xml": ("xml", {}, {}, {}),
    "core.interval": ("interval", {}, {}, {}),
    "core.time": ("time(6)", {}, {}, {}),
    "core.timestamp": ("timestamp", {}, {}, {}),
    "core.event_time": ("timestamp", {}, {}, {}),
    "core.date": ("date", {}, {}, {}),
    "core.integer": ("integer", {}, {}, {}),
    "core.boolean": ("boolean", {}, {}, {}),
    "core.bytea": ("bytea", {}, {}, {}),
    "faker.age": ("integer", {}, {}, {}),
    "faker.quantity": ("integer", {}, {}, {}),
    "faker.birth_date": ("date", {}, {}, {}),
    "faker.latitude": ("float8", {}, {}, {}),
    "faker.longitude": ("float8", {}, {}, {}),
    "faker.price": ("numeric(12,2)", {}, {}, {}),
    "js.js": ("text", {"code": JS.format("(_, i) => 'v' + i")}, {}, {}),
    "nested.composite": ("addr", {}, ADDR, {}),
    "pgvector.embedding": ("vector(8)", {}, {}, {}),
    "nested.json_template": ("jsonb", {"template": {"a": "faker.city"}}, {}, {}),
    "subprocess.process": ("text", {"command": PROGRAM}, {}, {}),
}

#: (generator, parameter) -> (changed value, other parameters it needs to have an
#: effect; "__type__" and "__locale__" change the column instead)
CHANGES: dict[tuple[str, str], tuple[Any, dict[str, Any]]] = {
    ("core.array", "shape"): ([7], {}),
    ("core.array", "element_generator"): ("core.sequence", {}),
    ("core.array", "element"): ({"min": 5000, "max": 6000}, {}),
    ("core.array", "distinct"): (True, {"element": {"min": 1, "max": 6}, "shape": [4]}),
    ("core.char", "alphabet"): ("xyz", {}),
    ("core.pattern", "pattern"): ("ZZ-####", {}),
    ("core.pattern", "weights"): ([9, 1], {}),
    ("core.description", "title_column"): (
        "headline",
        {"__before__": {"title": _constant("Alpha"), "headline": _constant("Omega")}},
    ),
    ("core.slug", "source_column"): (
        "name",
        {"__before__": {"title": _constant("Alpha"), "name": _constant("Omega")}},
    ),
    ("core.share", "of_column"): (
        "other", {"__before__": {"amount": _number(1000), "other": _number(90_000)}}
    ),
    ("core.share", "of_parent"): (
        "p.points",
        {
            "of_column": None,
            "__tables__": {
                "p": {
                    "rowCount": 20,
                    "columns": {
                        "id": {"type": "integer", "primaryKey": True},
                        "points": _number(90_000),
                    },
                }
            },
            "__before__": {"p_id": {"type": "integer", "references": "p.id", "nullable": False}},
        },
    ),
    ("core.share", "min"): (0.2, {}),
    ("core.share", "max"): (0.9, {}),
    ("core.tier_price", "tier_column"): (
        "name", {"__before__": {"plan": _constant("Free"), "name": _constant("Enterprise")}}
    ),
    ("core.tier_price", "minor_units"): (True, {}),
    ("core.vat_number", "country_column"): (
        "land", {"__before__": {"country": _constant("DE"), "land": _constant("FR")}}
    ),
    ("core.search_vector", "source_columns"): (
        ["body"],
        {"__before__": {"title": _constant("alpha words"), "body": _constant("beta words")}},
    ),
    ("faker.city", "distinct"): (True, {"world": True}),
    ("faker.city", "country_from"): (
        "country.country",
        {
            "world": True,
            "__tables__": {
                "country": {
                    "rowCount": 20,
                    "columns": {
                        "id": {"type": "integer", "primaryKey": True},
                        "country": {"type": "text", "generator": "faker.country"},
                    },
                }
            },
            "__before__": {"country_id": {"type": "integer", "references": "country.id"}},
        },
    ),
    ("faker.state", "city_from"): (
        "city.city",
        {
            "__tables__": {
                "city": {
                    "rowCount": 20,
                    "columns": {
                        "id": {"type": "integer", "primaryKey": True},
                        "city": {
                            "type": "text",
                            "generator": "faker.city",
                            "params": {"world": True, "distinct": True},
                        },
                    },
                }
            },
            "__before__": {"city_id": {"type": "integer", "references": "city.id"}},
        },
    ),
    ("core.choice", "values"): (["d", "e"], {}),
    ("core.choice", "weights"): ([0.9, 0.05, 0.05], {}),
    ("core.constant", "value"): ("y", {}),
    ("core.date", "start"): ("2024-06-01", {}),
    ("core.date", "end"): ("2016-01-01", {}),
    ("core.decimal", "min"): (500, {}),
    ("core.decimal", "max"): (10, {}),
    ("core.decimal", "decimals"): (1, {}),
    ("core.decimal", "infinity_ratio"): (0.3, {"__type__": "float8"}),
    ("core.enum", "weights"): ([0.7, 0.1, 0.1, 0.1], {}),
    ("core.inet", "network"): ("192.168.0.0/16", {}),
    ("core.inet", "prefix"): (16, {"__type__": "cidr"}),
    ("core.integer", "min"): (500, {}),
    ("core.integer", "max"): (10, {}),
    ("core.json", "template"): ({"a": "int"}, {}),
    ("core.lsn", "min"): ("16/0", {}),
    ("core.lsn", "max"): ("0/100", {}),
    ("core.path", "closed"): (True, {}),
    ("core.range", "min_width"): (50, {}),
    ("core.range", "max_width"): (5, {}),
    ("core.range", "unbounded_side"): ("lower", {"unbounded_ratio": 0.5}),
    ("core.multirange", "unbounded_side"): ("lower", {"unbounded_ratio": 0.5}),
    ("core.review", "rating_column"): (
        "stars",
        {
            "__before__": {
                "stars": {"type": "integer", "generator": "integer", "params": {"min": 1, "max": 5}}
            }
        },
    ),
    ("core.review", "rating_max"): (
        10,
        {
            "rating_column": "stars",
            "__before__": {
                "stars": {"type": "integer", "generator": "integer", "params": {"min": 1, "max": 5}}
            },
        },
    ),
    ("core.review", "subject"): ("food", {}),
    ("pgvector.embedding", "dimensions"): (4, {"__type__": "vector", "dimensions": 8}),
    ("core.sequence", "prefix"): ("N-", {"__type__": "text"}),
    ("core.sequence", "width"): (6, {"__type__": "text"}),
    ("core.time", "start"): ("12:00:00", {}),
    ("core.time", "end"): ("06:00:00", {}),
    ("core.time", "step"): (900, {}),
    ("core.timestamp", "start"): ("2025-06-01T00:00:00", {}),
    ("core.timestamp", "end"): ("2016-01-01T00:00:00", {}),
    ("core.tsquery", "words"): (["alpha", "beta"], {}),
    ("core.tsquery", "operators"): (["&"], {}),
    ("core.tsvector", "words"): (["alpha", "beta"], {}),
    ("core.varbit", "max_length"): (4, {}),
    ("core.xml", "root"): ("doc", {}),
    ("faker.age", "min"): (60, {}),
    ("faker.age", "max"): (20, {}),
    ("faker.birth_date", "reference_date"): ("1990-01-01", {}),
    ("faker.email", "domains"): (["example.org"], {}),
    ("faker.email", "free_mail_ratio"): (0.0, {}),
    ("faker.email", "company_group"): ("employer", {}),
    ("faker.gender", "labels"): (["w", "m"], {}),
    ("faker.last_name", "female_ratio"): (0.9, {"__locale__": "ru_RU"}),
    ("faker.price", "min"): (500, {}),
    ("faker.price", "max"): (10, {}),
    ("faker.price", "decimals"): (0, {}),
    ("faker.quantity", "min"): (50, {"max": 100}),
    ("faker.quantity", "max"): (2, {}),
    ("faker.state", "abbreviated"): (True, {}),
    ("faker.country", "world"): (True, {}),
    ("faker.country_code", "world"): (True, {}),
    ("faker.country", "markets"): (True, {}),
    ("faker.country_code", "markets"): (True, {}),
    ("js.js", "code"): (JS.format("(_, i) => 'w' + i"), {}),
    ("js.js", "file"): ("values.js", {"code": None}),
    ("js.js", "options"): (
        {"p": "z"},
        {"code": JS.format("() => options.p || 'v'")},
    ),
    ("js.js", "rows"): (
        ["a"],
        {
            # names no column: only "rows" passes one
            "code": JS.format("(_, i) => Object.keys(rows).length ? 'r' : 'v'"),
            "__before__": {"a": {"type": "integer"}},
        },
    ),
    ("subprocess.process", "command"): ([*PROGRAM, "more"], {}),
    ("subprocess.process", "options"): ({"tag": "t"}, {}),
    ("subprocess.process", "rows"): (["a"], {"__before__": {"a": {"type": "integer"}}}),
    ("mimesis.nationality", "gender"): ("female", {"__locale__": "de_DE"}),
    ("nested.composite", "fields"): (
        {"zip": {"generator": "core.constant", "params": {"value": "1"}}},
        {},
    ),
    ("nested.json_template", "template"): ({"b": "faker.city"}, {}),
    **{
        (f"core.{g}", p): change
        for g in ("event_time", "metric")
        for p, change in {
            "start": ("2024-06-01T00:00:00", {}),
            "end": ("2024-03-01T00:00:00", {}),
            "utc_offset": ("+05:00", {"business_hours": "09:00-17:00"}),
            "daily_peak": ("03:00", {"daily_amplitude": 0.8}),
            "weekly_peak": ("sunday", {"weekly_amplitude": 0.8}),
            "yearly_peak": ("06-15", {"yearly_amplitude": 0.8}),
            "business_hours": ("09:00-17:00", {}),
            "off_hours_factor": (0.5, {"business_hours": "09:00-17:00"}),
            "weekend_factor": (0.5, {}),
            "holidays": (["2024-03-04", "2024-05-06", "2024-08-01", "2024-11-05"], {}),
            "holiday_factor": (0.9, {"us_holidays": True}),
            "bursts": (5, {"burst_size": 50.0} if g == "metric" else {}),
            "burst_duration": (
                "6 hours",
                {"bursts": 5, "end": "2024-01-03T00:00:00"}
                | ({"burst_size": 50.0} if g == "metric" else {}),
            ),
            "burst_factor": (30.0, {"bursts": 5}),
            "burst_size": (50.0, {"bursts": 5}),
        }.items()
    },
    ("core.metric", "time_column"): ("at", {"__before__": {"at": {"type": "timestamp"}}}),
    ("core.metric", "step"): ("1 hour", {}),
    ("core.metric", "min"): (110.0, {}),
    ("core.metric", "max"): (90.0, {}),
    ("core.metric", "decimals"): (0, {}),
    **{
        (f"core.{g}", p): change
        for g in ("range", "multirange")
        for p, change in {
            "min": (500.0, {}),
            "max": (10.0, {}),
            "decimals": (0, {}),
        }.items()
    },
}

#: (generator, parameter) -> why it never changes the data: what it bounds or guards.
CONSTRAINTS: dict[tuple[str, str], str] = {
    ("js.js", "timeout"): "a limit on one batch's run time: exceeding it is an error",
    ("js.js", "max_memory"): "a limit on the JavaScript heap: exceeding it is an error",
    ("subprocess.process", "timeout"): "a limit on waiting for the program: an error",
    ("subprocess.process", "shared"): "one process for several columns: same data",
}


#: (generator, parameter) -> why the model keeps a parameter it refuses (validate says
#: so): a shared parameter model where this generator has no use for it.
REFUSED: dict[tuple[str, str], str] = {
    ("faker.country", "group"): "every place of a locale is in its country",
    ("faker.country_code", "group"): "every place of a locale is in its country",
}


@functools.cache
def registry() -> Registry:
    return TestHost().registry


def generate(
    column: dict[str, Any],
    types: dict[str, Any],
    before: dict[str, Any],
    tables: dict[str, Any] | None = None,
) -> list[Any]:
    """The column's text in table ``t`` of :data:`ROWS` rows (after ``tables``, its
    parents), as generated."""
    raw = {
        "version": "1.0",
        "seed": 3,
        "types": types,
        "tables": {**(tables or {}), "t": {"rowCount": ROWS, "columns": {**before, "c": column}}},
    }
    schema = Resolver(registry(), str(HERE / "effect.json")).resolve(raw)
    plan = make_plan(schema)
    with Engine(plan) as engine:
        return [v for i in range(len(plan.chunks("t"))) for v in engine.generate_chunk("t", i)["c"]]


def _options(annotation: Any) -> list[Any]:
    """The values of a Literal annotation (also inside Optional)."""
    if typing.get_origin(annotation) is Literal:
        return list(typing.get_args(annotation))
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [o for arg in typing.get_args(annotation) for o in _options(arg)]
    return []


def _bounds(field: FieldInfo) -> tuple[float, float]:
    lo, hi = -math.inf, math.inf
    for m in field.metadata:
        lo = max(lo, getattr(m, "ge", None) if getattr(m, "ge", None) is not None else lo)
        if getattr(m, "gt", None) is not None:
            lo = max(lo, m.gt + 1e-9)
        hi = min(hi, getattr(m, "le", None) if getattr(m, "le", None) is not None else hi)
        if getattr(m, "lt", None) is not None:
            hi = min(hi, m.lt - 1e-9)
    return lo, hi


def candidates(field: FieldInfo) -> list[Any]:
    """Values other than the default, most telling first."""
    default = field.get_default(call_default_factory=True)
    options = [o for o in _options(field.annotation) if o != default]
    if options:
        return options
    if isinstance(default, bool):
        return [not default]
    if isinstance(default, (int, float)) and default is not None:
        lo, hi = _bounds(field)
        kind = type(default)
        moves = [default * 3, default + 5, default * 0.5, default - 5, default + 1, default - 1]
        if isinstance(default, float):
            moves += [default + 0.3, default - 0.3, 0.9, 0.1, 0.5]
        out = [kind(m) for m in moves if lo <= m <= hi and kind(m) != default]
        return list(dict.fromkeys(out))
    return []


def _effect(name: str, param: str) -> str | None:
    """None when changing ``param`` changes the data; else why not (for the report)."""
    cls = registry().generators.resolve(name).obj
    ctype, base, utypes, before = COLUMNS.get(name, ("text", {}, {}, {}))
    field = cls.Params.model_fields[param]
    change = CHANGES.get((name, param))
    if change is None and param == "group":
        change = ("other", {})
    tries: list[tuple[Any, dict[str, Any]]]
    tries = [change] if change is not None else [(v, {}) for v in candidates(field)]
    if not tries:
        return "no changed value known: add one to CHANGES"
    problems = []
    for value, given in tries:
        # a None removes one of the generator's own parameters (js: "file" for "code")
        needs = {k: v for k, v in given.items() if not k.startswith("__")}
        params = {k: v for k, v in {**base, **needs}.items() if v is not None}
        column = {"type": given.get("__type__", ctype), "generator": name, "params": params}
        if "__locale__" in given:
            column["locale"] = given["__locale__"]
        before = {**before, **given.get("__before__", {})}
        tables = given.get("__tables__")
        changed = {**column, "params": {**params, param: value}}
        try:
            after = generate(changed, utypes, before, tables)
            try:
                plain = generate(column, utypes, before, tables)
            except SchemaError:
                # the parameters it needs need it too (bursts and burst_size): compare
                # with neither
                plain = generate({**column, "params": base}, utypes, before, tables)
            if plain != after:
                return None
            problems.append(f"{param}={value!r}: same data")
        except SchemaError as exc:
            problems.append(f"{param}={value!r}: {exc.problems[0].message}")
    return "; ".join(problems)


def _generator_params() -> list[tuple[str, str]]:
    host = registry()
    return [(e.qualified, p) for e in host.generators for p in e.obj.Params.model_fields]


@pytest.fixture(autouse=True)
def _programs_allowed() -> Iterator[None]:
    """The test names its own program (subprocess.process): the user's --allow-exec."""
    with granted(Trust(Allowed(exec=True))):
        yield


@pytest.mark.parametrize(("generator", "param"), _generator_params())
def test_every_generator_parameter_changes_the_data(generator: str, param: str) -> None:
    if (generator, param) in CONSTRAINTS:
        return
    if (generator, param) in REFUSED:
        column = {"type": "text", "generator": generator, "params": {param: "other"}}
        with pytest.raises(SchemaError, match=f"{param} has no effect"):
            generate(column, {}, {})
        return
    why = _effect(generator, param)
    assert why is None, f"{generator} param {param!r} has no effect: {why}"


# -- distributions ------------------------------------------------------------------------

_NUMBER = {"type": "float8", "generator": "core.decimal", "params": {"min": -1e6, "max": 1e6}}
_PICK = {"type": "text", "generator": "core.choice", "params": {"values": list("abcde")}}

#: distribution -> (the column it shapes, the parameters it needs)
DISTRIBUTIONS: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "distributions.beta": (_NUMBER, {"alpha": 2.0, "beta": 5.0}),
    "distributions.empirical": (_NUMBER, {"values": [1.0, 2.0, 3.0, 10.0]}),
    "distributions.exponential": (_NUMBER, {}),
    "distributions.gamma": (_NUMBER, {"shape": 2.0}),
    "distributions.histogram": (_NUMBER, {"edges": [0.0, 10.0, 20.0], "weights": [1.0, 3.0]}),
    "distributions.lognormal": (_NUMBER, {}),
    "distributions.normal": (_NUMBER, {}),
    "distributions.pareto": (_NUMBER, {"alpha": 3.0}),
    "distributions.poisson": (_NUMBER, {"lambda": 4.0}),
    "distributions.sequential": (_PICK, {}),
    "distributions.uniform": (_NUMBER, {"min": 0.0, "max": 100.0}),
    "distributions.weighted": (_PICK, {"weights": [5.0, 1.0, 1.0, 1.0, 1.0]}),
    "distributions.zipf": (_PICK, {}),
}

#: (distribution, parameter) -> (changed value, other parameters it needs)
DIST_CHANGES: dict[tuple[str, str], tuple[Any, dict[str, Any]]] = {
    ("distributions.beta", "alpha"): (0.5, {}),
    ("distributions.beta", "beta"): (0.5, {}),
    ("distributions.beta", "min"): (50.0, {"max": 100.0}),
    ("distributions.beta", "max"): (50.0, {"min": 0.0}),
    ("distributions.gamma", "shape"): (9.0, {}),
    ("distributions.pareto", "alpha"): (1.5, {}),
    ("distributions.poisson", "lam"): (40.0, {}),
    ("distributions.empirical", "values"): ([4.0, 5.0], {}),
    ("distributions.empirical", "weights"): ([5.0, 1.0, 1.0, 1.0], {}),
    ("distributions.exponential", "scale"): (10.0, {}),
    ("distributions.exponential", "rate"): (0.1, {}),
    ("distributions.gamma", "scale"): (10.0, {}),
    ("distributions.gamma", "rate"): (0.1, {}),
    ("distributions.histogram", "edges"): ([0.0, 50.0, 100.0], {}),
    ("distributions.histogram", "weights"): ([3.0, 1.0], {}),
    ("distributions.lognormal", "median"): (100.0, {}),
    ("distributions.lognormal", "mu"): (3.0, {}),
    ("distributions.normal", "min"): (0.0, {}),
    ("distributions.normal", "max"): (0.0, {}),
    ("distributions.uniform", "min"): (50.0, {}),
    ("distributions.uniform", "max"): (50.0, {}),
    ("distributions.weighted", "weights"): ([1.0, 1.0, 1.0, 1.0, 5.0], {}),
    ("distributions.weighted", "values"): (
        [30.0, 40.0],
        {"__column__": _NUMBER, "weights": [1.0, 1.0], "values": [10.0, 20.0]},
    ),
    ("distributions.zipf", "n_ranks"): (2, {"__column__": _NUMBER, "n_ranks": 10}),
}


def _dist_effect(name: str, param: str) -> str | None:
    cls = registry().distributions.resolve(name).obj
    column, base = DISTRIBUTIONS[name]
    field = cls.Params.model_fields[param]
    key = field.alias or param
    change = DIST_CHANGES.get((name, param))
    tries = [change] if change is not None else [(v, {}) for v in candidates(field)]
    if not tries:
        return "no changed value known: add one to DIST_CHANGES"
    problems = []
    for value, given in tries:
        col = given.get("__column__", column)
        params = {**base, **{k: v for k, v in given.items() if not k.startswith("__")}}
        plain = {**col, "distribution": {"name": name, **params}}
        changed = {**col, "distribution": {"name": name, **params, key: value}}
        try:
            after = generate(changed, {}, {})
            try:
                before = generate(plain, {}, {})
            except SchemaError:
                before = generate({**col, "distribution": {"name": name, **base}}, {}, {})
            if before != after:
                return None
            problems.append(f"{key}={value!r}: same data")
        except SchemaError as exc:
            problems.append(f"{key}={value!r}: {exc.problems[0].message}")
    return "; ".join(problems)


@pytest.mark.parametrize(
    ("distribution", "param"),
    [(e.qualified, p) for e in registry().distributions for p in e.obj.Params.model_fields],
)
def test_every_distribution_parameter_changes_the_data(distribution: str, param: str) -> None:
    why = _dist_effect(distribution, param)
    assert why is None, f"{distribution} param {param!r} has no effect: {why}"
