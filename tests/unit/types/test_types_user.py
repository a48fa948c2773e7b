"""User types: composite and domain values are the same for any number of workers, and
mistakes are schema errors naming their paths, domains and checks.

tests/restore/types/test_types_user.py restores them into a real PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from clihelp import pgmock
from user_type_schemas import value_schema, write_types_schema


def test_generation_does_not_depend_on_jobs(tmp_path: Path) -> None:
    """Composite fields and domain redraws are deterministic whatever --jobs."""
    spec = value_schema()
    spec["tables"]["inventory.shipments"]["rowCount"] = 12_000
    for name in ("parcels", "addrs", "b"):
        del spec["tables"]["inventory.shipments"]["columns"][name]
    path = tmp_path / "s.json"
    path.write_text(json.dumps(spec))
    one = pgmock("generate", str(path), "-a", "-j", "1").stdout
    two = pgmock("generate", str(path), "-a", "-j", "2").stdout
    assert one == two
    assert one.count(b"\n") > 12_000


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------


def _problems(tmp_path: Path, types: dict[str, Any], columns: dict[str, Any]) -> str:
    path = write_types_schema(tmp_path, types, {"t": {"rowCount": 5, "columns": columns}})
    proc = pgmock("validate", str(path), check=False)
    assert proc.returncode == 2, proc.stdout.decode() + proc.stderr.decode()
    return proc.stderr.decode()


def test_validation_errors_name_their_paths(tmp_path: Path) -> None:
    err = _problems(
        tmp_path,
        {
            "addr": {"composite": {"street": "text", "zip": "varchr(10)"}},
            "place": {"composite": {"street": "text", "zip": "varchar(10)"}},
            "ints": {"domain": "integer[]"},
            "bad": {"domain": "integer", "check": "VALUE > (0"},
            "col": {"domain": "integer", "check": "price > 0"},
            "semi": {"domain": "integer", "check": "VALUE > 0; DROP TABLE t"},
            "nn": {"domain": "text", "notNull": True},
            "narrow": {"domain": "integer", "check": "VALUE BETWEEN 1 AND 5"},
            "t": {"enum": ["x"]},
            "floatrange": {"range": "float8"},
            "floatmultirange": {"enum": ["y"]},
        },
        {
            "p": {
                "type": "place",
                "params": {"fields": {"zipp": {}, "street": {"generator": "emial"}}},
            },
            "q": {"type": "nn", "nullRatio": 0.5},
            "r": {"type": "narrow", "params": {"min": 10, "max": 20}},
        },
    )
    for expected in (
        'types.addr.composite.zip: unknown type "varchr(10)"',
        "types.ints.domain: a domain's base must be a built-in scalar type",
        "types.bad.check: bad CHECK (VALUE > (0): unbalanced parentheses",
        "types.col.check: bad CHECK (price > 0): a domain CHECK refers to its value as VALUE; "
        '"price" is not allowed here',
        "types.semi.check: bad CHECK (VALUE > 0; DROP TABLE t): a CHECK is one expression",
        "tables.t.columns.p.params.fields.zipp: public.place has no field "
        '"zipp" — did you mean "zip"?',
        'tables.t.columns.p.params.fields.street.generator: unknown generator "emial"',
        "tables.t.columns.q.nullRatio: domain public.nn does not allow NULL",
        "tables.t.columns.r.params: domain public.narrow CHECK (VALUE BETWEEN 1 AND 5): no value",
        'types.t: table "t" has the same name (a table is also a type)',
        'types.floatrange.range: PostgreSQL names its multirange type "floatmultirange", '
        'which type "floatmultirange" already uses',
    ):
        assert expected in err, f"missing: {expected}\n{err}"


def test_unverifiable_check_is_a_warning(tmp_path: Path) -> None:
    path = write_types_schema(
        tmp_path,
        {"slug": {"domain": "text", "check": "VALUE ~ '^[a-z]+$'"}},
        {"t": {"rowCount": 3, "columns": {"s": {"type": "slug"}}}},
    )
    proc = pgmock("validate", str(path))
    err = proc.stderr.decode()
    assert "pgmock: warning:" in err and "types.slug.check" in err
    assert "values of domain public.slug are not verified" in err
    gen = pgmock("generate", str(path), "-a")
    assert "public.slug are not verified" in gen.stderr.decode()


def test_impossible_check_fails_naming_column_domain_and_check(tmp_path: Path) -> None:
    path = write_types_schema(
        tmp_path,
        {"never": {"domain": "integer", "check": "VALUE % 2 = 0 AND VALUE % 2 = 1"}},
        {"t": {"rowCount": 3, "columns": {"n": {"type": "never"}}}},
    )
    proc = pgmock("generate", str(path), "-f", str(tmp_path / "out.sql"), check=False)
    err = proc.stderr.decode()
    assert proc.returncode == 1, err
    assert "public.t.n" in err or "t.n" in err
    assert "domain public.never CHECK (VALUE % 2 = 0 AND VALUE % 2 = 1)" in err
    assert not (tmp_path / "out.sql").exists()
