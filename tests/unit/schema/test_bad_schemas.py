"""A corpus of broken schemas: every problem is reported, in one pass, with its path."""

from __future__ import annotations

from pathlib import Path

import pytest

from clihelp import pgmock

CORPUS = Path(__file__).parent / "bad_schemas"

# file -> every line the error output must contain (file name and JSON path included)
EXPECTED: dict[str, list[str]] = {
    "syntax_error.json": [
        "syntax_error.json:4:68: invalid JSON: Expecting property name enclosed in double quotes",
    ],
    "unknown_keys.json": [
        'unknown_keys.json: tabels: unknown key — did you mean "tables"?',
        'tables.users.rowcount: unknown key — did you mean "rowCount"?',
        "tables.users.rowCount: required key is missing",
        'tables.users.columns.id.primary_key: unknown key — did you mean "primaryKey"?',
    ],
    "unknown_type_and_generator.json": [
        'tables.users.columns.email.generator: unknown generator "emial" — did you mean "email"?',
        'tables.users.columns.age.type: unknown type "intger" — did you mean "integer"?',
        'tables.users.columns.status.type: unknown type "order_status"',
    ],
    "dangling_references.json": [
        'tables.orders.columns.user_id.references: references unknown table "user" — did you '
        'mean "users"?',
        'tables.orders.columns.owner_id.references: table "users" has no column "uid"',
        "tables.orders.columns.buyer.references: type mismatch: orders.buyer is text but "
        "users.id is integer",
        'tables.orders.foreignKeys.0.columns.0: table "orders" has no column "nope"',
        'tables.orders.indexes.0.columns.0: table "orders" has no column "created"',
    ],
    "impossible_uniqueness.json": [
        "tables.flags.columns.active: 1,000 unique values requested, but generator "
        "core.boolean can produce only 2 distinct values for boolean",
        "tables.flags.columns.mood: 1,000 unique values requested",
        "only 3 distinct values for public.mood",
        "tables.flags.columns.tiny: 1,000 unique values requested",
        "only 10 distinct values for smallint",
        "tables.pairs.rowCount: 20 rows need distinct (a, b), but the referenced tables allow "
        "only 9 combinations",
    ],
    "bad_values.json": [
        'version: unknown schema format version "0.9"; this pgmock reads 1.0, 1.1',
        "tables.t.rowCount: Input should be greater than or equal to 0",
        "tables.t.columns.r.nullRatio: Input should be less than or equal to 1",
        "tables.big.rowCount: 40,000 rows do not fit serial column id (smallint stops at 32,767)",
        "tables.child.rowCount: 5 rows need parents in empty, which has rowCount 0",
    ],
    "bad_params.json": [
        'tables.t.columns.n.params.mn: core.integer: unknown key — did you mean "min"? '
        "(allowed: max, min)",
        "tables.t.columns.d.distribution.stdev: distributions.normal: unknown key — did you "
        'mean "stddev"?',
    ],
    "generator_limits.json": [
        "tables.t.columns.email.generator: faker.email: t.email: character varying(8) is too short "
        "for e-mail addresses",
        "tables.t.columns.u.generator: core.uuid: t.u: character varying(20) is too short",
    ],
    "user_types.json": [
        'user_types.json: types.address.composite.zip: unknown type "varchr(10)" — did you mean '
        '"varchar"?',
        "types.scores.domain: a domain's base must be a built-in scalar type",
        "types.positive.check: bad CHECK (VALUE > (0): unbalanced parentheses",
        'types.floatrange.range: PostgreSQL names its multirange type "floatmultirange"',
        'tables.t.columns.p.params.fields.zipp: public.place has no field "zipp" — did you '
        'mean "zip"?',
        "tables.t.columns.r.nullRatio: domain public.required does not allow NULL",
    ],
    "fk_problems.json": [
        "tables.kids.columns.parent_id.references: type mismatch: kids.parent_id is uuid but "
        "parents.id is integer",
        "tables.kids.columns.code.references: parents(code) is not a primary key or unique",
        "tables.kids.columns.p2.generator: foreign key columns take their values from the "
        "referenced table; remove the generator",
    ],
}


def test_corpus_is_fully_covered() -> None:
    assert sorted(p.name for p in CORPUS.glob("*.json")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_validate_reports_every_problem(name: str) -> None:
    proc = pgmock("validate", str(CORPUS / name), check=False)
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    for line in EXPECTED[name]:
        assert line in err, f"missing:\n  {line}\nin:\n{err}"
    assert "Traceback" not in err
    assert proc.stdout == b""


def test_generate_refuses_bad_schema_and_leaves_no_file(tmp_path: Path) -> None:
    out = tmp_path / "out.sql"
    proc = pgmock("generate", str(CORPUS / "dangling_references.json"), "-f", str(out), check=False)
    assert proc.returncode == 2
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_several_bad_files_are_all_reported() -> None:
    proc = pgmock(
        "validate",
        str(CORPUS / "syntax_error.json"),
        str(CORPUS / "unknown_keys.json"),
        check=False,
    )
    err = proc.stderr.decode()
    assert "syntax_error.json:4:" in err
    assert proc.returncode == 2


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    proc = pgmock("validate", str(tmp_path / "nope.json"), check=False)
    assert proc.returncode == 2
    assert b"nope.json: cannot read file: No such file or directory" in proc.stderr
