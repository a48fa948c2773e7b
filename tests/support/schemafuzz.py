"""Fuzzing the schema loader and resolver: random documents and mutants of real schemas.

An input is the bytes of a schema file. It comes from one of two hypothesis strategies:

* :func:`random_documents`: JSON built from scratch, shaped like a schema (a version,
  tables, columns with keys of the format, types, generators and distributions that
  exist) with random values anywhere, or no shape at all;
* :func:`mutants`: one of the example schemas (examples/shop.json,
  tests/data/kitchen_sink.json, examples/generators/books.json, tests/corpus/*/schema.json)
  changed structurally: keys deleted, duplicated, renamed or retyped, values swapped
  between paths or grafted from another schema, numbers and strings replaced by extreme
  ones (huge, negative, NaN-like, empty, 1 MB, control characters, lone surrogates,
  reserved names), values nested hundreds of levels deep, and the text itself cut,
  broken or given a duplicate key.

:class:`Oracle` loads an input as ``pgmock validate`` does (the JSON source, then the
resolver) and accepts two outcomes only: a resolved schema, or a SchemaError whose every
problem names its file and, unless it is about the whole file, a JSON path, on one line.
Anything else is a crash: another exception, a run over the time limit (a hang) or one
that hits the memory limit (a huge allocation). For the schemas that validate (and run
no program or JavaScript), it also generates a few rows of every table (row counts cut
down) in plain format, and the output must be UTF-8 without NUL bytes; failures there
are crashes too, except the documented refusal of a domain CHECK no redraw satisfies.

tests/unit/schema/test_fuzz_schema.py runs it briefly in CI, bench/fuzz_schema.py at
length with counts and every distinct crash saved.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import io
import json
import random
import re
import resource
import shutil
import signal
import traceback
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from hypothesis import strategies as st

from pgmock.errors import GeneratorError, PgmockError, SchemaError, UsageError
from pgmock.plugins.host import PluginHost, make_host

ROOT = Path(__file__).resolve().parents[2]
SEED_FILES = [
    ROOT / "examples" / "shop.json",
    ROOT / "tests" / "data" / "kitchen_sink.json",
    ROOT / "examples" / "generators" / "books.json",
    *sorted((ROOT / "tests" / "corpus").glob("*/schema.json")),
]

# -- what inputs are made of -----------------------------------------------------------

EDGE_CHARS = [
    "\x00", "\x01", "\t", "\n", "\r", "\x1b", "\x7f", "\x85", "\xa0", "é", "\u0301", "ß",
    "İ", "ﬃ", "\u200b", "\u2028", "\u202e", "\u2066", "\ufeff", "\uffff", "\ud800",
    "\udfff", "😀", "'", '"', "\\", ".", "$", "%", "{", "}", "(", ")", ",", ";", " ",
]  # fmt: skip
EDGE_STRINGS = [
    "", " ", "x" * 63, "x" * 64, "é" * 32, "e\u0301", "😀" * 16, "x" * 100_000, "y" * 1_000_000,
    "NULL", "\\N", "null", "true", "0", "-1", "1e999", "NaN", "pg_catalog.t",
    "information_schema.t", "pg_toast.t", "public.", ".", "..", "a.b.c", "users.id",
    "now()", "VALUE > 0", "(((", "'; DROP TABLE x; --", "$$", "\\.", "%s%n", "{}", "[]",
    "int", "integer[]", "text[][][][][][][]", "numeric(1000,999)", "varchar(0)", "serial",
    "bit(83886081)", "varchar(10485761)", "timestamp(7)", "interval day to second(9)",
    "zipf", "weighted", "core.json", "js", "process", "\ud800", "\x00", "a\nb", "\u202e",
]  # fmt: skip
EDGE_NUMBERS: list[Any] = [
    0, -1, 1, 2, 3, 63, 64, 100, 10_000, 2**15, 2**31 - 1, 2**31, 2**32, 2**53, 2**53 + 1,
    2**63 - 1, 2**63, 2**64, 10**12, 10**12 + 1, 10**18, 10**30, -(2**63) - 1, 0.0, -0.0,
    0.5, 1e-300, 5e-324, 1.7976931348623157e308, -1.7976931348623157e308, 1e16, 10**400,
]  # fmt: skip
DEPTHS = [5, 20, 60, 63, 64, 65, 100, 500, 1200, 5000]

TYPE_SPELLINGS = [
    "int", "bigint", "smallint", "serial", "bigserial", "numeric(10,2)", "float8", "real",
    "text", "varchar(5)", "char(3)", "boolean", "date", "timestamptz", "timestamp(3)",
    "time", "interval", "uuid", "json", "jsonb", "inet", "bytea", "int[]", "text[][]",
    "int4range", "tsvector", "point", "money", "xml", "citext",
]  # fmt: skip
COLUMN_KEYS = [
    "type", "generator", "params", "distribution", "nullable", "nullRatio", "unique",
    "primaryKey", "references", "maxDepth", "default", "identity", "generated", "check",
    "comment", "locale", "expr", "from", "cases", "after",
]  # fmt: skip
DISTRIBUTIONS = [
    {"name": "uniform"}, {"name": "normal", "mean": 50, "stddev": 10}, {"name": "zipf"},
    {"name": "zipf", "n_ranks": 10}, {"name": "poisson", "lambda": 3},
    {"name": "weighted", "weights": [1, 2]}, {"name": "weighted", "weights": [1], "values": [5]},
    {"name": "sequential", "start": 0.5}, {"name": "histogram", "edges": [0, 1], "weights": [1]},
    {"name": "pareto", "alpha": 0.01}, {"name": "beta", "alpha": 2, "beta": 2},
    {"name": "empirical", "values": [1, 2]}, {"name": "nope"},
]  # fmt: skip


def _text() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(EDGE_STRINGS),
        st.text(st.sampled_from(EDGE_CHARS) | st.characters(), max_size=20),
        st.sampled_from(TYPE_SPELLINGS),
    )


def _number() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.sampled_from(EDGE_NUMBERS),
        st.integers(-1000, 10**6),
        st.floats(allow_nan=False, allow_infinity=False),
    )


def json_values(max_leaves: int = 12) -> st.SearchStrategy[Any]:
    """Any JSON value, with edge-case leaves."""
    leaves = st.one_of(st.none(), st.booleans(), _number(), _text())
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(_text(), inner, max_size=4)
        ),
        max_leaves=max_leaves,
    )


# -- inputs ----------------------------------------------------------------------------


@dataclass
class Case:
    """One input: a file's bytes, the folder of the schema it came from, and how it was
    made (for reports)."""

    data: bytes
    origin: str  # "random" or the seed's path relative to the repository
    steps: list[str] = field(default_factory=list)

    def describe(self, limit: int = 2000) -> str:
        text = self.data.decode("utf-8", "backslashreplace")
        if len(text) > limit:
            text = text[: limit // 2] + f" … ({len(text):,} characters) … " + text[-limit // 2 :]
        return f"from {self.origin}: {'; '.join(self.steps) or 'as drawn'}\n{text}"


@dataclass(frozen=True)
class Seed:
    path: Path
    doc: Any
    valid: bool  # pgmock validate accepts it as it is

    @property
    def name(self) -> str:
        return str(self.path.relative_to(ROOT))


@functools.cache
def generator_names() -> list[str]:
    return sorted(e.qualified for e in make_host(env={}).registry.generators)


@functools.cache
def seeds() -> list[Seed]:
    from pgmock.schema import resolve_schema

    registry = make_host(env={}).registry
    out = []
    for path in SEED_FILES:
        doc = json.loads(path.read_text(encoding="utf-8"))
        try:
            resolve_schema(doc, {}, [str(path)], registry)
            valid = True
        except SchemaError:
            valid = False  # some corpus schemas are as a new user wrote them
        out.append(Seed(path, doc, valid))
    return out


def _dump(doc: Any) -> bytes:
    # ensure_ascii: a lone surrogate survives as \ud800, as a file can hold it.
    return json.dumps(doc, ensure_ascii=True).encode("ascii")


@st.composite
def random_documents(draw: st.DrawFn) -> Case:
    """JSON from scratch: schema-shaped (with random values anywhere) or any shape."""
    if draw(st.integers(0, 9)) == 0:
        return Case(_dump(draw(json_values(30))), "random", ["any JSON"])
    value = json_values(4)
    columns = {}
    for name in draw(st.lists(_text(), min_size=1, max_size=4, unique=True)):
        keys = draw(st.lists(st.sampled_from(COLUMN_KEYS), max_size=4, unique=True))
        column: dict[str, Any] = {"type": draw(st.sampled_from(TYPE_SPELLINGS) | _text())}
        for key in keys:
            if key == "distribution":
                column[key] = draw(st.sampled_from(DISTRIBUTIONS) | value)
            elif key == "references":
                column[key] = draw(st.sampled_from(["t.c", "t.id", "u.id", name]) | value)
            else:
                column[key] = draw(value)
        columns[name] = column
    rows = draw(st.sampled_from([0, 1, 3, 100, 10**12 + 1]) | value)
    tables = {
        draw(st.sampled_from(["t", "u", "s.t"]) | _text()): {"rowCount": rows, "columns": columns}
    }
    doc: dict[str, Any] = {"version": draw(st.sampled_from(["1.0", "1.0", "2.0"]) | value)}
    if draw(st.booleans()):
        kinds = [{"enum": ["a", "b"]}, {"composite": {"x": "int"}}, {"range": "float8"}]
        kinds.append({"domain": "int", "check": "VALUE > 0"})
        doc["types"] = {draw(_text()): draw(st.sampled_from(kinds) | value)}
    doc["tables"] = tables
    return Case(_dump(doc), "random", ["schema-shaped"])


Path_ = tuple[Any, ...]  # keys and indices from the root


def _paths(doc: Any) -> list[Path_]:
    """Every position below the root, iteratively (mutants may nest deeply)."""
    out: list[Path_] = []
    stack: list[tuple[Any, Path_]] = [(doc, ())]
    while stack:
        value, path = stack.pop()
        items = (
            value.items()
            if isinstance(value, dict)
            else enumerate(value)
            if isinstance(value, list)
            else ()
        )
        for key, item in items:
            out.append((*path, key))
            stack.append((item, (*path, key)))
    return out


def _get(doc: Any, path: Path_) -> Any:
    for key in path:
        doc = doc[key]
    return doc


def _set(doc: Any, path: Path_, value: Any) -> Any:
    if not path:
        return value
    _get(doc, path[:-1])[path[-1]] = value
    return doc


def _shown(path: Path_) -> str:
    return ".".join(str(p) for p in path)[:200]


_PLACEHOLDER = "__pgmock_fuzz_placeholder__"


def _rand_text(rnd: random.Random) -> str:
    roll = rnd.random()
    if roll < 0.5:
        return rnd.choice(EDGE_STRINGS)
    if roll < 0.7:
        return rnd.choice(TYPE_SPELLINGS)
    alphabet = [*EDGE_CHARS, *"abcxyz_09"]
    return "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 12)))


def _rand_number(rnd: random.Random) -> Any:
    roll = rnd.random()
    if roll < 0.6:
        return rnd.choice(EDGE_NUMBERS)
    return rnd.randint(-1000, 10**6) if roll < 0.8 else rnd.uniform(-1e6, 1e6)


def _rand_json(rnd: random.Random, budget: int = 6) -> Any:
    roll = rnd.random()
    if budget <= 0 or roll < 0.6:
        return rnd.choice([None, True, False, _rand_number(rnd), _rand_text(rnd)])
    size = rnd.randint(0, 3)
    if roll < 0.8:
        return [_rand_json(rnd, budget - 1 - size) for _ in range(size)]
    return {_rand_text(rnd): _rand_json(rnd, budget - 1 - size) for _ in range(size)}


class _Mutator:
    """Structural mutations of one document. Choices come from ``rnd`` (seeded by
    hypothesis), uniformly: hypothesis' own draws favour the first element, which
    would mutate ``version`` every time."""

    def __init__(self, rnd: random.Random, doc: Any, donors: list[Any]) -> None:
        self.rnd = rnd
        self.doc = doc
        self.donors = donors
        self.steps: list[str] = []
        self.text_ops: list[Callable[[bytes], bytes]] = []

    def path(self, containers: bool = False) -> Path_ | None:
        paths = _paths(self.doc)
        if containers:
            paths = [p for p in paths if isinstance(_get(self.doc, p), dict | list)]
        return self.rnd.choice(paths) if paths else None

    def delete(self) -> None:
        path = self.path()
        if path is not None:
            parent = _get(self.doc, path[:-1])
            del parent[path[-1]]
            self.steps.append(f"delete {_shown(path)}")

    def duplicate(self) -> None:
        """Copy a value under a new key (a second table, column, type …), or repeat a
        list element."""
        path = self.path()
        if path is None:
            return
        parent, key = _get(self.doc, path[:-1]), path[-1]
        if isinstance(parent, dict):
            new = self.rnd.choice(
                [f"{key}2", f"{key}_copy", str(key).upper(), _rand_text(self.rnd)]
            )
            parent[new] = copy.deepcopy(parent[key])
            self.steps.append(f"duplicate {_shown(path)} as {new!r}")
        else:
            parent.insert(key, copy.deepcopy(parent[key]))
            self.steps.append(f"repeat {_shown(path)}")

    def rename(self) -> None:
        path = self.path()
        if path is None or not isinstance(_get(self.doc, path[:-1]), dict):
            return
        parent, key = _get(self.doc, path[:-1]), path[-1]
        new = _rand_text(self.rnd)
        if new in parent:
            return
        # keep the order of the keys (columns are ordered)
        items = [(new if k == key else k, v) for k, v in parent.items()]
        parent.clear()
        parent.update(items)
        self.steps.append(f"rename {_shown(path)} to {new!r}")

    def retype(self) -> None:
        path = self.path()
        if path is not None:
            value = _rand_json(self.rnd)
            _set(self.doc, path, value)
            self.steps.append(f"set {_shown(path)} to {json.dumps(value)[:80]}")

    def extreme(self) -> None:
        path = self.path()
        if path is None:
            return
        old = _get(self.doc, path)
        numeric = isinstance(old, int | float) and not isinstance(old, bool)
        if self.rnd.random() < 0.8:
            value = _rand_number(self.rnd) if numeric else _rand_text(self.rnd)
        else:
            value = _rand_text(self.rnd) if numeric else _rand_number(self.rnd)
        _set(self.doc, path, value)
        self.steps.append(f"set {_shown(path)} to {repr(value)[:80]}")

    def swap(self) -> None:
        a, b = self.path(), self.path()
        if a is None or b is None or a[: len(b)] == b or b[: len(a)] == a:
            return  # one inside the other
        va, vb = _get(self.doc, a), _get(self.doc, b)
        _set(self.doc, a, vb)
        _set(self.doc, b, va)
        self.steps.append(f"swap {_shown(a)} and {_shown(b)}")

    def reuse(self) -> None:
        """A string from elsewhere (a table, column or generator name) in another place."""
        paths = _paths(self.doc)
        strings = sorted(
            {v for p in paths if isinstance(v := _get(self.doc, p), str)}
            | {p[-1] for p in paths if isinstance(p[-1], str)}
        )
        path = self.path()
        if path is None or not strings:
            return
        value = self.rnd.choice(strings)
        _set(self.doc, path, value)
        self.steps.append(f"set {_shown(path)} to {value[:60]!r}")

    def graft(self) -> None:
        """A subtree of another schema (a column, a table, params) put somewhere here."""
        donor = self.rnd.choice(self.donors)
        paths = [p for p in _paths(donor) if isinstance(_get(donor, p), dict)]
        target = self.path(containers=True)
        if not paths or target is None:
            return
        source = self.rnd.choice(paths)
        into = _get(self.doc, target)
        value = copy.deepcopy(_get(donor, source))
        if isinstance(into, dict):
            into[source[-1]] = value
        else:
            into.append(value)
        self.steps.append(f"graft {_shown(source)} into {_shown(target)}")

    def nest(self) -> None:
        """A value wrapped hundreds of levels deep (done on the text: json.dumps would
        recurse)."""
        path = self.path()
        if path is None:
            return
        depth = self.rnd.choice(DEPTHS)
        brackets = self.rnd.choice(["list", "object"])
        inner = json.dumps(_get(self.doc, path), ensure_ascii=True)
        opened, closed = ("[" * depth, "]" * depth)
        if brackets == "object":
            opened, closed = ('{"k": ' * depth, "}" * depth)
        wrapped = (opened + inner + closed).encode("ascii")
        placeholder = f"{_PLACEHOLDER}{len(self.text_ops)}"
        _set(self.doc, path, placeholder)
        quoted = json.dumps(placeholder).encode("ascii")
        self.text_ops.append(lambda data: data.replace(quoted, wrapped, 1))
        self.steps.append(f"nest {_shown(path)} {depth} {brackets}s deep")

    def duplicate_key(self) -> None:
        """The same key twice in one object of the text (json would keep the last)."""
        dicts = [p for p in _paths(self.doc) if isinstance(_get(self.doc, p), dict)]
        dicts = [p for p in dicts if _get(self.doc, p)]
        if not dicts:
            return
        path = self.rnd.choice(dicts)
        target = _get(self.doc, path)
        key = self.rnd.choice(list(target))
        placeholder = f"{_PLACEHOLDER}{len(self.text_ops)}"
        target[placeholder] = 0
        quoted = json.dumps(placeholder).encode("ascii")
        self.text_ops.append(lambda data: data.replace(quoted, json.dumps(key).encode(), 1))
        self.steps.append(f"repeat key {key!r} in {_shown(path)}")

    # -- tweaks: changes a schema could well have, so that many mutants still validate
    # and their rows are generated

    def _tables(self) -> dict[str, Any]:
        tables = self.doc.get("tables") if isinstance(self.doc, dict) else None
        if not isinstance(tables, dict):
            return {}
        return {k: v for k, v in tables.items() if isinstance(v, dict)}

    def tweak(self) -> None:
        """A key of a column set to a value that often makes sense there."""
        tables = self._tables()
        columns = [
            (t, c, spec)
            for t, v in tables.items()
            if isinstance(v.get("columns"), dict)
            for c, spec in v["columns"].items()
        ]
        columns = [x for x in columns if isinstance(x[2], dict)]
        if not columns:
            return
        table, name, spec = self.rnd.choice(columns)
        here = [c for t, c, _ in columns if t == table]
        types = TYPE_SPELLINGS + [t for t in (self.doc.get("types") or {}) if isinstance(t, str)]
        options: list[tuple[str, list[Any]]] = [
            ("generator", generator_names()),
            ("distribution", DISTRIBUTIONS),
            ("type", types),
            ("unique", [True, False]),
            ("nullable", [True, False]),
            ("primaryKey", [True, False]),
            ("nullRatio", [0, 0.3, 1]),
            ("references", [f"{t}.{c}" for t, c, _ in columns]),
            ("from", [f"{t}.{c}" for t, c, _ in columns]),
            ("after", here),
            ("expr", [f"{c} * 2" for c in here]),
            ("cases", [{"on": c, "values": {"a": None}} for c in here]),
            ("maxDepth", [1, 3, 100]),
            ("identity", ["always", "by default"]),
            ("params", [{}, {"min": 5, "max": 1}, {"max_length": 10**9}, {"values": ["a", "b"]}]),
        ]
        key, values = self.rnd.choice(options)
        value = self.rnd.choice(values)
        spec[key] = copy.deepcopy(value)
        self.steps.append(f"set tables.{table}.columns.{name}.{key} to {json.dumps(value)[:60]}")

    def row_count(self) -> None:
        tables = self._tables()
        if not tables:
            return
        table, parent = self.rnd.choice(list(tables)), self.rnd.choice(list(tables))
        value = self.rnd.choice(
            [0, 1, 2, 50, 2**15, {"per": parent, "count": 2}, {"per": parent, "min": 0, "max": 3},
             {"per": parent, "distribution": {"name": "poisson", "lambda": 2}}]
        )  # fmt: skip
        tables[table]["rowCount"] = value
        self.steps.append(f"set tables.{table}.rowCount to {json.dumps(value)}")

    def break_text(self) -> None:
        """The file itself: cut short, an invalid UTF-8 byte, a byte-order mark."""
        how = self.rnd.choice(["cut", "byte", "bom", "latin1"])
        fraction, byte = self.rnd.random(), self.rnd.choice([b"\xff", b"\xc3", b"\x00", b"\x80"])

        def broken(data: bytes) -> bytes:
            at = int(len(data) * fraction)
            if how == "cut":
                return data[:at]
            if how == "byte":
                return data[:at] + byte + data[at:]
            if how == "bom":
                return b"\xef\xbb\xbf" + data
            return data.decode("utf-8").encode("latin-1", "replace")

        self.text_ops.append(broken)
        self.steps.append(f"break the text ({how})")

    OPS = (
        *("delete", "duplicate", "rename", "retype", "extreme", "extreme", "swap"),
        *("reuse", "reuse", "graft", "graft", "nest", "duplicate_key", "break_text"),
        *("tweak",) * 8,
        *("row_count",) * 2,
    )


@st.composite
def mutants(draw: st.DrawFn) -> Case:
    """An example schema, changed by one to three structural mutations."""
    rnd = random.Random(draw(st.integers(0, 2**64 - 1)))
    pool = seeds()
    # Mostly the schemas that validate: their mutants get past the structure.
    seed = rnd.choice([s for s in pool if s.valid] * 3 + pool)
    mutator = _Mutator(rnd, copy.deepcopy(seed.doc), [s.doc for s in pool])
    for _ in range(rnd.choice([1, 1, 1, 2, 2, 3])):
        getattr(mutator, rnd.choice(_Mutator.OPS))()
    data = _dump(mutator.doc)
    for text_op in mutator.text_ops:
        data = text_op(data)
    return Case(data, seed.name, mutator.steps)


# -- the oracle ------------------------------------------------------------------------


class Hang(BaseException):
    """The time limit of one input ran out (BaseException: pgmock's own ``except
    Exception`` must not swallow it)."""


@dataclass
class Outcome:
    """``ok`` (validated), ``rejected`` (problems reported as they should be),
    ``generated`` (validated, and a few rows of it generated), or ``crash``."""

    verdict: str
    signature: str = ""  # for crashes: what broke, where
    detail: str = ""

    @property
    def crashed(self) -> bool:
        return self.verdict == "crash"


# Refusals at generate time that are documented, not crashes: custom code failing, and
# a domain CHECK no redraw could satisfy (docs/schema.md, Types).
_EXPECTED_AT_GENERATE = re.compile(r"still fail|generator (js|subprocess)\.|domain .* CHECK")
_CUSTOM_CODE = re.compile(r'"(js|process|js\.js|subprocess\.process)"')
_SAMPLE_ROWS = 20
_MAX_SAMPLE_ROWS = 5_000


class Oracle:
    """Loads inputs as ``pgmock validate`` does, each in a copy of its seed's folder (for
    files the schema names), with a time and a memory limit."""

    def __init__(self, workdir: Path, time_limit: float = 20.0, memory_limit: int = 3 << 30):
        self.workdir = workdir
        self.time_limit = time_limit
        self.memory_limit = memory_limit
        self.host: PluginHost = make_host(env={})
        self._folders: dict[str, Path] = {}

    def folder(self, origin: str) -> Path:
        """A scratch copy of the seed's folder (books.json runs sku.js from it)."""
        found = self._folders.get(origin)
        if found is None:
            found = self.workdir / re.sub(r"[^A-Za-z0-9]+", "-", origin)
            if origin.startswith("examples/generators/"):
                source = (ROOT / origin).parent
                shutil.copytree(
                    source, found, ignore=shutil.ignore_patterns("*.json"), dirs_exist_ok=True
                )
            found.mkdir(parents=True, exist_ok=True)
            self._folders[origin] = found
        return found

    def check(self, case: Case, generate: bool = False) -> Outcome:
        path = self.folder(case.origin) / "schema.json"
        path.write_bytes(case.data)
        stage = "validate"
        try:
            with self._limits():
                resolved = self._validate(path)
                if isinstance(resolved, Outcome):
                    return resolved
                if not generate or _CUSTOM_CODE.search(case.data.decode("utf-8", "replace")):
                    return Outcome("ok")
                stage = "generate"
                return self._generate(path)
        except Hang:
            return _crash(stage, f"hang (over {self.time_limit:g} s)")
        except MemoryError:
            return _crash(stage, "huge allocation (MemoryError)")
        except RecursionError:
            return _crash(stage, "RecursionError")
        except Exception as exc:
            return _crash(stage, f"{type(exc).__name__}: {exc}")

    def _validate(self, path: Path) -> Any:
        from pgmock.schema import load_raw, resolve_schema

        try:
            raw, origin = load_raw([str(path)], self.host.registry)
            return resolve_schema(raw, origin, [str(path)], self.host.registry)
        except SchemaError as exc:
            bad = _badly_reported(exc, str(path))
            return Outcome("rejected") if bad is None else _crash("validate", bad, frames=False)
        except UsageError as exc:
            return Outcome("rejected", detail=str(exc))

    def _generate(self, path: Path) -> Outcome:
        from pgmock.dump.pipeline import Options, build_dump
        from pgmock.schema import load_raw, resolve_schema

        raw, origin = load_raw([str(path)], self.host.registry)
        small = _fewer_rows(raw)
        try:
            resolved = resolve_schema(small, origin, [str(path)], self.host.registry)
        except SchemaError:
            return Outcome("ok", detail="with fewer rows it does not validate")
        if sum(t.row_count for t in resolved.tables.values()) > _MAX_SAMPLE_ROWS:
            return Outcome("ok", detail="too many rows to sample")
        writer = self.host.registry.writer("p").obj()
        out = io.BytesIO()
        try:
            with build_dump(resolved, Options()) as (dump, options, _):
                writer.write(dump, out, options)
        except (GeneratorError, PgmockError) as exc:
            if _EXPECTED_AT_GENERATE.search(str(exc)):
                return Outcome("ok", detail=str(exc))
            return _crash("generate", f"{type(exc).__name__}: {exc}", frames=False)
        data = out.getvalue()
        if b"\x00" in data:
            return _crash("generate", "a NUL byte in plain output", frames=False)
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            return _crash("generate", f"plain output is not UTF-8: {exc}", frames=False)
        return Outcome("generated")

    @contextlib.contextmanager
    def _limits(self) -> Iterator[None]:
        """SIGALRM after ``time_limit`` seconds (raising Hang), and ``memory_limit`` bytes
        of data on top of what the process holds now (MemoryError). RLIMIT_DATA, not
        RLIMIT_AS: V8 reserves a large address space it does not use and aborts without."""

        def expire(signum: int, frame: FrameType | None) -> None:
            raise Hang

        soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
        limit = _data_size() + self.memory_limit
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        previous = signal.signal(signal.SIGALRM, expire)
        resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
        signal.setitimer(signal.ITIMER_REAL, self.time_limit)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
            resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))


def _data_size() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmData:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmData in /proc/self/status")


def _badly_reported(exc: SchemaError, file: str) -> str | None:
    """What is wrong with how a SchemaError reports its problems (None: nothing)."""
    if not exc.problems:
        return "SchemaError without problems"
    for p in exc.problems:
        line = str(p)
        if not p.file.startswith(file):
            return f"problem names another file: {line[:200]!r}"
        if not p.path and not re.match(r":\d+", p.file[len(file) :]) and not _file_level(p.message):
            return f"problem without a JSON path: {line[:200]!r}"
        if _breaks_line(line):
            return "problem is not one line: " + repr(line[:200])
    return None


def _breaks_line(text: str) -> bool:
    """Whether printing ``text`` could break or reorder the line: controls, line and
    paragraph separators, lone surrogates, bidirectional overrides."""
    return any(
        unicodedata.category(ch) in ("Cc", "Zl", "Zp", "Cs")
        or 0x202A <= ord(ch) <= 0x202E
        or 0x2066 <= ord(ch) <= 0x2069
        for ch in text
    )


def _file_level(message: str) -> bool:
    """Problems about the file as a whole have no JSON path."""
    return bool(
        re.match(
            r"invalid JSON|not UTF-8 text|cannot read file|Input should be a valid dict", message
        )
    )


def _fewer_rows(raw: Any) -> Any:
    """The document with every fixed row count cut to a few rows and per-parent counts
    to at most 3 a parent."""
    small = copy.deepcopy(raw)
    tables = small.get("tables") if isinstance(small, dict) else None
    for spec in tables.values() if isinstance(tables, dict) else ():
        count = spec.get("rowCount") if isinstance(spec, dict) else None
        if isinstance(count, int) and not isinstance(count, bool):
            spec["rowCount"] = min(count, _SAMPLE_ROWS)
        elif isinstance(count, dict):
            for key in ("count", "min", "max"):
                if isinstance(count.get(key), int):
                    count[key] = min(count[key], 3)
    return small


def _crash(stage: str, what: str, frames: bool = True) -> Outcome:
    """A crash: its signature is the stage, the innermost frame of pgmock's code and the
    message with numbers and quoted names blanked (so one bug is one signature)."""
    where = _innermost_frame() if frames else ""
    message = re.sub(r"\d+", "N", re.sub(r"([\"']).*?\1", "…", what.splitlines()[0]))[:120]
    return Outcome("crash", f"{stage}: {message}{' at ' + where if where else ''}",
                   traceback.format_exc() if frames else what)  # fmt: skip


def _innermost_frame() -> str:
    tb = traceback.extract_tb(__import__("sys").exc_info()[2])
    ours = [f for f in tb if re.search(r"/(pgmock|pgmock_builtins|pgmock_sdk)/", f.filename)]
    frame = (ours or tb or [None])[-1]
    return "" if frame is None else f"{Path(frame.filename).name}:{frame.name}"
