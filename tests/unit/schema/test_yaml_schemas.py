"""YAML schema files: accepted wherever JSON is, read as JSON would read the same
document, with problems naming the file, the line and the JSON path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pgmock.errors import SchemaError
from pgmock.plugins.host import make_host
from pgmock.schema import load_raw, resolve_schema
from pgmock_sdk import SchemaSourceError
from pgmock_sdk.yamldoc import MAX_NODES, load_yaml

from clihelp import EXAMPLES, pgmock


def test_the_yaml_twin_of_the_example_writes_the_same_dump() -> None:
    yaml_dump = pgmock("generate", str(EXAMPLES / "shop.yaml"), "-F", "c", "-Z", "0").stdout
    json_dump = pgmock("generate", str(EXAMPLES / "shop.json"), "-F", "c", "-Z", "0").stdout
    assert yaml_dump == json_dump
    assert load_yaml((EXAMPLES / "shop.yaml").read_text()).data == json.loads(
        (EXAMPLES / "shop.json").read_text()
    )


def _problems(tmp_path: Path, files: dict[str, str]) -> list[str]:
    paths = []
    for name, text in files.items():
        (tmp_path / name).write_text(text)
        paths.append(str(tmp_path / name))
    registry = make_host(env={}).registry
    with pytest.raises(SchemaError) as exc:
        raw, origin = load_raw(paths, registry)
        resolve_schema(raw, origin, paths, registry)
    return [str(p).replace(f"{tmp_path}/", "") for p in exc.value.problems]


BAD = """\
version: "1.0"
tables:
  users:
    rowCount: 10
    columns:
      id: {type: serial, primaryKey: true}
      email:
        type: text
        generator: emial
  orders:
    rowCount: 5
    columns:
      user_id: {type: integer, references: user.id}
      kind: {type: text, colour: red}
"""


def test_problems_name_the_line_of_their_path(tmp_path: Path) -> None:
    assert _problems(tmp_path, {"bad.yaml": BAD}) == [
        "bad.yaml:14: tables.orders.columns.kind.colour: unknown key (allowed: after, cases, "
        "check, comment, default, distribution, expr, from, generated, generator, identity, "
        "locale, maxDepth, nullRatio, nullable, params, primaryKey, references, type, unique)",
        # a bad key no longer drops its table (issue 12): its other problems are found too
        'bad.yaml:13: tables.orders.columns.user_id.references: references unknown table "user" '
        '— did you mean "users"?',
        'bad.yaml:9: tables.users.columns.email.generator: unknown generator "emial" — did you '
        'mean "email"?',
    ]


def test_a_missing_key_is_reported_at_its_parent(tmp_path: Path) -> None:
    text = 'version: "1.0"\ntables:\n  t:\n    columns:\n      a: {type: text}\n'
    assert _problems(tmp_path, {"t.yml": text}) == [
        "t.yml:3: tables.t.rowCount: required key is missing"
    ]


def test_yaml_and_json_files_mix(tmp_path: Path) -> None:
    users = (
        'version: "1.0"\ntables:\n  users:\n    rowCount: 3\n    columns:\n'
        "      id: {type: serial, primaryKey: true}\n"
    )
    orders = {
        "version": "1.0",
        "tables": {
            "orders": {
                "rowCount": 4,
                "columns": {"user_id": {"type": "integer", "references": "users.id"}},
            },
            "users": {"rowCount": 1, "columns": {"id": {"type": "serial"}}},
        },
    }
    (clash,) = _problems(tmp_path, {"users.yaml": users, "orders.json": json.dumps(orders)})
    assert clash.startswith(
        'orders.json: tables.users: table "users" is declared by parts "users" '
        '(users.yaml:3: tables.users) and "orders"; resolve it in a mix file'
    )
    del orders["tables"]["users"]  # type: ignore[attr-defined]
    (tmp_path / "orders.json").write_text(json.dumps(orders))
    out = pgmock("generate", str(tmp_path / "users.yaml"), str(tmp_path / "orders.json"), "-a")
    assert out.stdout.decode().count("\n1\n") >= 1


def test_yaml_12_keeps_words_as_text(tmp_path: Path) -> None:
    """YAML 1.1 readers turn no/yes/on/off into booleans; a schema means the words."""
    text = """\
version: "1.0"
types:
  answer: {enum: [yes, no, maybe]}
tables:
  t:
    rowCount: 20
    columns:
      a: {type: answer}
      country: {type: text, generator: choice, params: {values: [NO, SE, DK]}}
      day: {type: date, distribution: {name: uniform, min: 2024-01-01, max: 2024-12-31}}
"""
    doc = load_yaml(text).data
    assert doc["types"]["answer"]["enum"] == ["yes", "no", "maybe"]
    assert doc["tables"]["t"]["columns"]["country"]["params"]["values"] == ["NO", "SE", "DK"]
    assert doc["tables"]["t"]["columns"]["day"]["distribution"]["min"] == "2024-01-01"
    (tmp_path / "t.yaml").write_text(text)
    dump = pgmock("generate", str(tmp_path / "t.yaml"), "-a").stdout.decode()
    rows = dump.split("FROM stdin;\n")[1].split("\\.")[0].splitlines()
    assert {r.split("\t")[0] for r in rows} <= {"yes", "no", "maybe"}
    assert {r.split("\t")[1] for r in rows} <= {"NO", "SE", "DK"}
    assert all(r.split("\t")[2].startswith("2024-") for r in rows)


def test_anchors_and_merge_keys_reuse_definitions() -> None:
    doc = load_yaml(
        "money: &money {type: 'numeric(10,2)', nullable: false}\n"
        "cols:\n  price: *money\n  tax: {<<: *money, nullable: true}\n"
    )
    assert doc.data["cols"] == {
        "price": {"type": "numeric(10,2)", "nullable": False},
        "tax": {"type": "numeric(10,2)", "nullable": True},
    }
    assert doc.lines["cols.tax.nullable"] == 4


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        (
            "a: 1\na: 2\n",
            'invalid YAML: found duplicate key "a" with value "2" (original value: "1")',
            2,
        ),
        ("a: [1,\n", "invalid YAML: expected the node content, but found '<stream end>'", 2),
        ("a: 1\n---\nb: 2\n", "invalid YAML: but found another document", 2),
        (
            "x: !!python/object:os.system 3\n",
            "unsupported YAML value (tag tag:yaml.org,2002:python/object:os.system)",
            1,
        ),
        ("? [1]\n: 2\n", "a key must be a string, not CommentedKeySeq", 1),
        ("1: a\n'1': b\n", 'duplicate key "1"', 2),
    ],
)
def test_what_a_yaml_schema_cannot_be(text: str, message: str, line: int) -> None:
    with pytest.raises(SchemaSourceError) as exc:
        load_yaml(text)
    assert (exc.value.message, exc.value.line) == (message, line)


def test_aliases_cannot_multiply_a_document() -> None:
    """The billion laughs: each level repeats the one above ten times."""
    text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(7)
    )
    with pytest.raises(SchemaSourceError, match=f"more than {MAX_NODES:,} values"):
        load_yaml(text)


def test_syntax_errors_name_file_line_and_column(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text('version: "1.0"\ntables: {t: [\n')
    out = pgmock("validate", str(tmp_path / "s.yaml"), check=False)
    assert out.returncode == 2
    assert out.stderr.decode().splitlines()[0] == (
        f"{tmp_path}/s.yaml:3:1: invalid YAML: expected the node content, but found '<stream end>'"
    )
