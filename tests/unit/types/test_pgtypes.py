"""Type spellings: every PostgreSQL spelling parses to one canonical type, printed back the
way pg_dump prints it (tests/restore/types/test_pgtypes.py checks that against the real
server's format_type())."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pgmock_sdk.pgtypes import (
    TYPE_FAMILIES,
    TypeParseError,
    UserType,
    parse_type,
)

from clihelp import pgmock


def test_every_family_member_parses_to_itself() -> None:
    for names in TYPE_FAMILIES.values():
        for name in names:
            spelled = '"char"' if name == "char" else name
            assert parse_type(spelled).name == name


def test_keys_and_properties() -> None:
    assert parse_type("bit(4)").length == 4
    assert parse_type("bit varying").length is None
    assert parse_type('"char"').length == 1
    assert parse_type("interval day to second(3)").fields == "day to second"
    assert parse_type("int8range").range_subtype == parse_type("bigint")
    assert parse_type("datemultirange").multirange_range == parse_type("daterange")
    assert parse_type("point[]").key == "point[]"


def test_user_type_keys() -> None:
    base = parse_type("varchar(20)")
    dom = UserType("public", "code", "domain", base=base, check="VALUE <> ''")
    comp = UserType("public", "addr", "composite", attributes=(("street", parse_type("text")),))
    rng = UserType("public", "floatrange", "range", base=parse_type("float8"))
    users = {"code": dom, "addr": comp, "floatrange": rng}
    d = parse_type("code[]", users)
    # A domain is generated and rendered as its base type, printed under its own name.
    assert (d.key, d.length, d.display(), d.domain) == ("varchar[]", 20, "public.code[]", dom)
    assert parse_type("addr", users).key == "composite"
    r = parse_type("floatrange", users)
    assert (r.key, r.range_subtype) == ("range", parse_type("double precision"))


@pytest.mark.parametrize(
    "spelling",
    ["interval year to second", "interval year(3)", "bit(0)", "point(3)", "tsvector(1)"],
)
def test_bad_spellings(spelling: str) -> None:
    with pytest.raises(TypeParseError):
        parse_type(spelling)


def _validate(tmp_path: Path, schema: dict[str, object]) -> tuple[int, str]:
    path = tmp_path / "s.json"
    path.write_text(json.dumps(schema))
    proc = pgmock("validate", str(path), check=False)
    return proc.returncode, proc.stderr.decode()


def test_user_type_problems_are_reported_each_with_its_path(tmp_path: Path) -> None:
    code, err = _validate(
        tmp_path,
        {
            "version": "1.0",
            "types": {
                "mood": {"enum": ["ok"]},
                "nokind": {"labels": ["x"]},
                "addr": {"composite": {"street": "text", "m": "mood", "z": "nope"}},
                "arrdom": {"domain": "int[]"},
                "boxrange": {"range": "box"},
            },
            "tables": {
                "t": {"rowCount": 1, "columns": {"m": {"type": "mood"}, "id": {"type": "int"}}}
            },
        },
    )
    assert code == 2
    assert 'types.nokind: a type needs one of the keys "enum", "composite"' in err
    assert 'types.addr.composite.z: unknown type "nope"' in err
    assert "types.arrdom.domain: a domain's base must be a built-in scalar type" in err
    assert "types.boxrange.range: box cannot be a range subtype" in err
    # The good enum still resolves: no "unknown type" for column m.
    assert "columns.m" not in err


def test_identity_and_generated_problems(tmp_path: Path) -> None:
    cols = {
        "id": {"type": "text", "identity": "always"},
        "n": {"type": "int", "identity": "by default", "nullable": True},
        "g": {"type": "int", "generated": "n * 2", "generator": "core.integer", "unique": True},
    }
    code, err = _validate(
        tmp_path, {"version": "1.0", "tables": {"t": {"rowCount": 1, "columns": cols}}}
    )
    assert code == 2
    assert "t.columns.id.identity: identity columns are smallint, integer or bigint" in err
    assert "t.columns.n.nullable: an identity column is NOT NULL" in err
    assert "t.columns.g.generated: pgmock cannot make a computed column unique" in err
    assert "t.columns.g.generator: generated columns are filled by PostgreSQL's rules" in err


def test_keys_on_types_without_btree_equality_are_refused(tmp_path: Path) -> None:
    cols = {"p": {"type": "point", "unique": True}, "j": {"type": "json", "primaryKey": True}}
    code, err = _validate(
        tmp_path, {"version": "1.0", "tables": {"t": {"rowCount": 1, "columns": cols}}}
    )
    assert code == 2
    assert "t.columns.p.unique: point has no b-tree equality" in err
    assert "t.columns.j.type: json has no b-tree equality" in err


def test_null_ratio_on_a_serial_is_refused(tmp_path: Path) -> None:
    cols = {"id": {"type": "serial", "nullRatio": 0.5}}
    code, err = _validate(
        tmp_path, {"version": "1.0", "tables": {"t": {"rowCount": 1, "columns": cols}}}
    )
    assert code == 2
    assert "t.columns.id.nullRatio: a serial column is NOT NULL" in err


def test_identifiers_longer_than_63_bytes_are_refused(tmp_path: Path) -> None:
    long_col = "ä" * 32  # 64 bytes in UTF-8, 32 characters
    cols = {long_col: {"type": "int"}, "ok": {"type": "int"}}
    code, err = _validate(
        tmp_path,
        {
            "version": "1.0",
            "types": {"t" * 64: {"enum": ["a"]}},
            "tables": {"x" * 63: {"rowCount": 1, "columns": cols}},
        },
    )
    assert code == 2
    assert f"tables.{'x' * 63}.columns.{long_col}: column name" in err
    assert "is 64 bytes; PostgreSQL identifiers are at most 63 bytes" in err
    assert f"types.{'t' * 64}: type name" in err
    assert err.count("bytes; PostgreSQL identifiers") == 2


def test_after_an_infinite_moment_is_refused(tmp_path: Path) -> None:
    cols = {
        "a": {"type": "timestamp", "params": {"infinity_ratio": 0.1}},
        "b": {"type": "timestamp", "after": "a"},
    }
    code, err = _validate(
        tmp_path, {"version": "1.0", "tables": {"t": {"rowCount": 1, "columns": cols}}}
    )
    assert code == 2
    assert 't.columns.b.after: "a" can be infinity' in err
