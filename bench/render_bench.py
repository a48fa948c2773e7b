"""Micro-benchmark of the column renderer (ns per value for each type family) and of the
built-in generators (values per second, generate + render).

Run: ``python bench/render_bench.py [n] [--generators]`` (default n=100000).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from pgmock.render.values import render_values
from pgmock_sdk import parse_type


def _cases(n: int) -> list[tuple[str, str, Any]]:
    rng = np.random.default_rng(0)
    us = rng.integers(1_420_070_400_000_000, 1_767_225_600_000_000, n)
    return [
        ("int4 (1..1000)", "int4", rng.integers(1, 1000, n)),
        ("int8 (full range)", "int8", rng.integers(-(2**62), 2**62, n)),
        ("bool", "bool", rng.random(n) < 0.5),
        ("float8 (2 decimals)", "float8", np.round(rng.random(n) * 1000, 2)),
        ("float8 (full precision)", "float8", rng.random(n) * 1000),
        ("float4", "float4", (rng.random(n) * 1000).astype(np.float32)),
        ("numeric(10,2)", "numeric(10,2)", np.round(rng.random(n) * 10000, 2)),
        ("money", "money", np.round(rng.random(n) * 10000, 2)),
        ("date", "date", (us // 86_400_000_000).astype("M8[D]")),
        ("timestamp (seconds)", "timestamp", (us // 1_000_000 * 1_000_000).astype("M8[us]")),
        ("timestamptz (microseconds)", "timestamptz", us.astype("M8[us]")),
        ("time", "time", (us % 86_400_000_000).astype("m8[us]")),
        ("interval", "interval", rng.integers(0, 30 * 86_400, n).astype("m8[s]")),
        ("text (pass-through)", "varchar(50)", [f"word {i}" for i in range(n)]),
        ("int4[] (3 elements)", "int4[]", rng.integers(0, 100, (n, 3)).tolist()),
        ("text[] (2 elements)", "text[]", [["a b", "c"]] * n),
    ]


def _time(fn: Callable[[], Any], repeat: int = 5) -> float:
    fn()
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main(n: int = 100_000) -> None:
    print(f"render_values, n={n}: best of 5, ns/value")
    for label, type_name, values in _cases(n):
        pgtype = parse_type(type_name)
        secs = _time(lambda v=values, t=pgtype: render_values(v, t, "bench"))
        print(f"  {label:<28} {secs / n * 1e9:8.1f}")


# generator name -> (type, unique) benchmarked with default parameters
_GENERATOR_TYPES = {
    "integer": ("int4", False),
    "sequence": ("int8", True),
    "decimal": ("numeric(10,2)", False),
    "boolean": ("bool", False),
    "date": ("date", False),
    "timestamp": ("timestamptz", False),
    "time": ("time", False),
    "interval": ("interval", False),
    "text": ("text", False),
    "slug": ("text", True),
    "choice": ("text", False),
    "constant": ("int4", False),
    "enum": ("enum", False),
    "uuid": ("uuid", True),
    "bytea": ("bytea", False),
    "inet": ("inet", True),
    "macaddr": ("macaddr", False),
    "json": ("jsonb", False),
    "xml": ("xml", False),
    "array": ("int4[]", False),
    "email": ("varchar(255)", True),
    "username": ("text", True),
    "price": ("numeric(10,2)", False),
    "quantity": ("int4", False),
    "age": ("int2", False),
    "birth_date": ("date", False),
    "latitude": ("float8", False),
    "longitude": ("float8", False),
}


def _natural_type(cls: type) -> str:
    """The first type a generator is the default for (bit, box, int4range …), else text."""
    keys = sorted(k for k in getattr(cls, "default_for", ()) if k not in ("enum", "range"))
    return keys[0] if keys else "varchar(100)"


def _titles(n: int) -> list[str]:
    """Article titles, as a title column before a slug holds them."""
    from pgmock_builtins.titles_gen import WorkTitleGenerator
    from pgmock_sdk import ColumnInfo, GenContext

    column = ColumnInfo("public", "t", "title", parse_type("text"), row_count=n, key=7)
    gen = WorkTitleGenerator(WorkTitleGenerator.Params.model_validate({"kind": "article"}), column)
    return list(gen.generate(n, np.random.default_rng(1), GenContext(column, 0)))


def generators(n: int = 100_000) -> None:
    from pgmock_builtins import core_generators, faker_gen
    from pgmock_sdk import ColumnInfo, GenContext, PgType, UserType

    print(f"generate + render, n={n}, unique where marked: best of 3, values/s (ns/value)")
    for cls in (*core_generators.GENERATORS, *faker_gen.GENERATORS):
        type_name, unique = _GENERATOR_TYPES.get(cls.name, (_natural_type(cls), False))
        if type_name == "enum":
            user = UserType("public", "mood", "enum", ("sad", "ok", "happy"))
            pgtype = PgType("mood", user=user)
        else:
            pgtype = parse_type(type_name)
        raw = {
            "choice": {"values": ["a", "b", "c"]},
            "constant": {"value": 1},
            "slug": {"source_column": "title"},
        }.get(cls.name, {})
        column = ColumnInfo(
            "public", "t", cls.name, pgtype, unique=unique, row_count=10 * n, key=42
        )
        gen = cls(cls.Params.model_validate(raw), column)
        # the row's columns a generator reads (a slug's title), made once
        rows = {"title": _titles(n)} if cls.name == "slug" else {}

        def run(g: Any = gen, c: Any = column, t: Any = pgtype, r: Any = rows) -> None:
            rng = np.random.default_rng(1)
            render_values(g.generate(n, rng, GenContext(c, n, r)), t, "bench")

        secs = _time(run, repeat=3)
        flag = " (unique)" if unique else ""
        print(f"  {cls.name + flag:<24} {n / secs:12,.0f}  ({secs / n * 1e9:7.0f} ns)")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    count = int(args[0]) if args else 100_000
    main(count)
    if "--generators" in sys.argv:
        generators(count)
