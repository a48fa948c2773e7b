"""Mixing templates and schema files into one database (docs/templates.md, "Mixing"):
shared entities, parts moved into schemas of their own, references across parts, and
every collision explained in one pass."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pgmock.errors import SchemaError
from pgmock.library import Library
from pgmock.plugins.host import make_host
from pgmock.schema import load_raw, resolve_schema
from pgmock.schema.resolved import ResolvedSchema

from clihelp import pgmock


def _table(rows: int, **columns: Any) -> dict[str, Any]:
    return {"rowCount": rows, "columns": {"id": {"type": "serial", "primaryKey": True}, **columns}}


BILLING = {
    "version": "1.0",
    "seed": 3,
    "database": {"name": "billing"},
    "types": {"status": {"enum": ["open", "paid"]}},
    "tables": {
        "users": _table(5, email={"type": "text", "generator": "email"}),
        "accounts": _table(
            8,
            user_id={"type": "integer", "references": "users.id"},
            state={"type": "status"},
            states={"type": "status[]"},
        ),
    },
}

SHOP = {
    "version": "1.0",
    "seed": 9,
    "database": {"name": "shop"},
    "types": {"status": {"enum": ["new", "shipped"]}},
    "tables": {
        "customers": _table(4, created_at={"type": "timestamptz"}),
        "orders": {
            "rowCount": {"per": "customers", "count": 2},
            "columns": {
                "id": {"type": "serial", "primaryKey": True},
                "customer_id": {"type": "integer", "references": "customers.id"},
                "account_id": {"type": "integer", "references": "billing.accounts.id"},
                "state": {"type": "status"},
            },
        },
        "users": _table(3),
    },
}


def _write(folder: Path, files: dict[str, Any]) -> None:
    for name, doc in files.items():
        text = doc if isinstance(doc, str) else json.dumps(doc, indent=1)
        (folder / name).write_text(text)


def _load(tmp_path: Path, files: dict[str, Any], *paths: str, **kw: Any) -> ResolvedSchema:
    _write(tmp_path, files)
    registry = make_host(env={}).registry
    names = [str(tmp_path / p) for p in paths]
    library = Library.collect(registry, [tmp_path / "lib"])
    raw, origin = load_raw(names, registry, library, **kw)
    return resolve_schema(raw, origin, names, registry)


def _problems(tmp_path: Path, files: dict[str, Any], *paths: str, **kw: Any) -> list[str]:
    with pytest.raises(SchemaError) as info:
        _load(tmp_path, files, *paths, **kw)
    return [str(p).replace(f"{tmp_path}/", "") for p in info.value.problems]


MIX = {
    "version": "1.0",
    "database": {"name": "platform"},
    "seed": 11,
    "mix": [
        {"file": "billing.json", "schema": "billing"},
        {"file": "shop.json", "schema": "shop", "shared": {"customers": "billing.users"}},
    ],
}


def test_a_shared_table_exists_once_and_each_part_keeps_its_own_schema(tmp_path: Path) -> None:
    files = {"billing.json": BILLING, "shop.json": SHOP, "platform.json": MIX}
    schema = _load(tmp_path, files, "platform.json")
    assert sorted(schema.tables) == [
        "billing.accounts",
        "billing.users",
        "shop.orders",
        "shop.users",
    ]
    orders = schema.tables["shop.orders"]
    # customers is billing's users: its references and children per parent follow
    assert {fk.ref_table for fk in orders.fks} == {"billing.users", "billing.accounts"}
    assert orders.per_parent is not None and orders.per_parent.ref_table == "billing.users"
    # each part's enum moved with it, so the two "status" types no longer collide
    assert orders.columns["state"].type.user is not None
    assert orders.columns["state"].type.user.qualified == "shop.status"
    accounts = schema.tables["billing.accounts"]
    assert accounts.columns["states"].type.display() == "billing.status[]"
    # the mix file's own settings win over its parts'
    assert (schema.seed, schema.database) == (11, "platform")


def test_a_reference_into_another_part_names_the_part_and_follows_it(tmp_path: Path) -> None:
    # Unqualified, billing's accounts stays "accounts": billing.accounts.id still reaches it.
    mix = {"version": "1.0", "mix": [{"file": "billing.json"}, {"file": "shop2.json"}]}
    shop = json.loads(json.dumps(SHOP))
    del shop["types"], shop["tables"]["users"], shop["tables"]["orders"]["columns"]["state"]
    schema = _load(tmp_path, {"billing.json": BILLING, "shop2.json": shop, "m.json": mix}, "m.json")
    refs = {fk.ref_table for fk in schema.tables["orders"].fks}
    assert refs == {"customers", "accounts"}


def test_every_collision_is_explained_in_one_pass(tmp_path: Path) -> None:
    mix = {"version": "1.0", "mix": [{"file": "billing.json"}, {"file": "shop.json"}]}
    problems = _problems(
        tmp_path, {"billing.json": BILLING, "shop.json": SHOP, "m.json": mix}, "m.json"
    )
    assert len(problems) == 2, problems
    users, status = sorted(problems, key=lambda p: "type" in p.split(":")[2])
    assert users.startswith(
        'shop.json: tables.users: table "users" is declared by parts "billing" '
        '(billing.json: tables.users) and "shop"; resolve it: share it ("shared": '
        '{"users": "billing.users"} on part "shop" [m.json: mix.1]) or qualify a part '
        '("schema": "shop" on part "shop" [m.json: mix.1] moves its tables and types into '
        "schema shop)"
    )
    assert status.startswith(
        'shop.json: types.status: type "status" is declared by parts "billing" '
        '(billing.json: types.status) and "shop" with different definitions; resolve it: '
    )
    assert "give both the same definition" in status


def test_collisions_of_files_on_the_command_line_point_at_lines(tmp_path: Path) -> None:
    users = (
        'version: "1.0"\ntables:\n  users:\n    rowCount: 3\n    columns:\n      id: {type: int}\n'
    )
    problems = _problems(tmp_path, {"a.yaml": users, "b.yaml": users}, "a.yaml", "b.yaml")
    assert problems == [
        'b.yaml:3: tables.users: table "users" is declared by parts "a" (a.yaml:3: tables.users) '
        'and "b"; resolve it in a mix file: share it ("shared": {"users": "a.users"} on part '
        '"b") or qualify a part ("schema": "b" on part "b" moves its tables and types into '
        "schema b) (docs/templates.md, Mixing)"
    ]


def test_identical_types_of_two_parts_are_one(tmp_path: Path) -> None:
    a = {"version": "1.0", "types": {"mood": {"enum": ["ok"]}}, "tables": {"a": _table(1)}}
    b = {"version": "1.0", "types": {"mood": {"enum": ["ok"]}},
         "tables": {"b": _table(1, m={"type": "mood"})}}  # fmt: skip
    schema = _load(tmp_path, {"a.json": a, "b.json": b}, "a.json", "b.json")
    assert schema.tables["b"].columns["m"].type.user is not None


def test_shared_and_qualified_declarations_are_checked(tmp_path: Path) -> None:
    own = dict(SHOP, tables={**SHOP["tables"], "shop.orders": _table(1)})
    mix = {
        "version": "1.0",
        "mix": [
            {"file": "billing.json", "name": "billing"},
            {
                "file": "shop.json",
                "schema": "shop",
                "shared": {"customer": "billing.users", "users": "nowhere.users"},
            },
            {"file": "other.json", "name": "billing", "shared": {"users": "billing.user"}},
            {"template": "saas", "file": "x.json"},
            {"template": "nope"},
        ],
    }
    other = {"version": "1.0", "tables": {"users": _table(1), "other": _table(1)}}
    files = {"billing.json": BILLING, "shop.json": own, "other.json": other, "m.json": mix}
    problems = _problems(tmp_path, files, "m.json")
    assert problems == [
        'm.json: mix.3: Value error, give exactly one of "template" and "file"',
        'm.json: mix.4.template: unknown template "nope" (known: ecommerce, finance, '
        "healthcare, saas, shop). Templates come from the folders on the template path "
        "(pgmock config) and installed plugins",
    ]
    del mix["mix"][3:]
    problems = _problems(tmp_path, {"m.json": mix}, "m.json")
    assert problems == [
        'm.json: mix.2.name: two parts are named "billing": give one another "name"',
        'm.json: mix.1.schema: moving part "shop" into schema "shop" puts its "orders" onto '
        'its own "shop.orders": choose another schema',
        'm.json: mix.1.shared.customer: part "shop" has no table "customer" to share — '
        'did you mean "customers"?',
        'm.json: mix.1.shared.users: "nowhere.users": write "PART.TABLE", a table of another '
        "part (parts: billing)",
        'm.json: mix.2.shared.users: part "billing" has no table "user" — did you mean "users"?',
    ]


def test_a_shared_table_must_have_the_columns_its_users_reference(tmp_path: Path) -> None:
    shop = json.loads(json.dumps(SHOP))
    shop["tables"]["orders"]["columns"]["placed_at"] = {
        "type": "timestamptz",
        "after": "customers.created_at",
    }
    problems = _problems(
        tmp_path, {"billing.json": BILLING, "shop.json": shop, "platform.json": MIX},
        "platform.json",
    )  # fmt: skip
    assert problems == [
        'shop.json: tables.orders.columns.placed_at.after: "customers" is shared as '
        'billing.users, which has no column "created_at": reference one it has, or do not '
        "share it"
    ]


def test_a_problem_in_a_moved_table_names_the_part_file_and_line(tmp_path: Path) -> None:
    billing = (
        'version: "1.0"\ntables:\n  accounts:\n    rowCount: 2\n    columns:\n'
        "      id: {type: serial, primaryKey: true}\n      kind: {type: text, generator: chioce}\n"
    )
    mix = {"version": "1.0", "mix": [{"file": "billing.yaml", "schema": "fin"}]}
    problems = _problems(tmp_path, {"billing.yaml": billing, "m.json": mix}, "m.json")
    assert problems == [
        'billing.yaml:7: tables.accounts.columns.kind.generator: unknown generator "chioce" '
        '— did you mean "choice"?'
    ]


def test_a_parameter_naming_a_parent_column_follows_a_moved_table(tmp_path: Path) -> None:
    places = {
        "version": "1.0",
        "tables": {
            "country": _table(5, country={"type": "text", "generator": "faker.country"}),
            "city": _table(
                9,
                country_id={"type": "integer", "references": "country.id"},
                name={
                    "type": "text",
                    "generator": "faker.city",
                    "params": {"world": True, "country_from": "country.country"},
                },
            ),
        },
    }
    mix = {"version": "1.0", "mix": [{"file": "places.json", "schema": "geo"}]}
    schema = _load(tmp_path, {"places.json": places, "m.json": mix}, "m.json")
    name = schema.tables["geo.city"].columns["name"]
    assert name.generator is not None
    assert name.generator.params.country_from == "geo.country.country"


def test_a_mix_file_reads_files_outside_its_folder_only_when_allowed(tmp_path: Path) -> None:
    (tmp_path / "mix").mkdir()
    _write(tmp_path, {"billing.json": BILLING})
    mix = {"version": "1.0", "mix": [{"file": "../billing.json"}]}
    problems = _problems(tmp_path, {"mix/m.json": mix}, "mix/m.json")
    assert problems == [
        "mix/m.json: mix.0.file: ../billing.json is outside the mix file's folder mix: "
        "a schema reads files outside its folder only when you allow it (--allow-files or "
        "PGMOCK_ALLOW=files), or give that file on the command line"
    ]
    schema = _load(tmp_path, {}, "mix/m.json", read_outside=True)
    assert sorted(schema.tables) == ["accounts", "users"]


def test_a_mix_is_neither_extended_nor_nested_nor_resolved_unread(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    lib.mkdir()
    _write(lib, {"both.json": {"version": "1.0", "mix": [{"template": "saas"}]}})
    mine = {"version": "1.0", "extends": "both", "tables": {}}
    outer = {"version": "1.0", "extends": "both", "mix": [{"file": "lib/both.json"}]}
    problems = _problems(tmp_path, {"mine.json": mine}, "mine.json")
    assert problems == [
        "mine.json: extends: template both@0.0.0 is a mix: a mix is not extended; give its "
        "file to pgmock generate, or name its parts in a mix of your own"
    ]
    problems = _problems(tmp_path, {"outer.json": outer}, "outer.json")
    assert problems == [
        "outer.json: extends: a mix file extends nothing: name the template as a part "
        '({"template": "saas"}), or extend it in a part\'s own file',
        "outer.json: mix.0.file: lib/both.json is a mix itself: name its parts here instead",
    ]
    registry = make_host(env={}).registry
    with pytest.raises(SchemaError, match="mix: a mix is combined when its file is read"):
        resolve_schema({**BILLING, "mix": []}, {}, ["x.json"], registry)


def test_the_command_line_mixes_templates_and_files(tmp_path: Path) -> None:
    notes = _table(3, user_id={"type": "integer", "references": "saas.users.id"})
    _write(tmp_path, {"extra.json": {"version": "1.0", "seed": 5, "tables": {"notes": notes}}})
    out = pgmock(
        "validate", "--template", "saas", str(tmp_path / "extra.json"), "--rows", "users=50"
    )
    assert out.stdout.decode().splitlines() == [
        f"{tmp_path / 'extra.json'}, saas: OK — 14 tables, 40,440 rows",
        f"part extra: {tmp_path / 'extra.json'}",
        "part saas: template saas@1.0.0",
        "extends saas@1.0.0 (plugin templates)",
    ]
    sql = pgmock(
        "generate", "--template", "saas", str(tmp_path / "extra.json"), "-s"
    ).stdout.decode()
    # saas is not qualified: saas.users is the part's users table, public.users
    assert "FOREIGN KEY (user_id) REFERENCES public.users(id)" in sql
    clash = pgmock("validate", "--template", "saas", "--template", "ecommerce", check=False)
    assert clash.returncode == 2
    assert 'table "payments" is declared by parts "saas"' in clash.stderr.decode()


def test_the_json_schema_describes_mix_files() -> None:
    from pgmock.schema.model import json_schema

    doc = json_schema()
    assert "tables" not in doc["required"]
    assert doc["anyOf"] == [{"required": ["tables"]}, {"required": ["mix"]}]
    part = doc["$defs"]["MixPart"]
    assert set(part["properties"]) == {"template", "file", "name", "schema", "shared", "$comment"}
    assert part["additionalProperties"] is False


def test_what_cannot_be_moved_or_merged_is_told(tmp_path: Path) -> None:
    view = {"kind": "view", "name": "v", "sql": "CREATE VIEW public.v AS SELECT 1;"}
    a = {
        "version": "1.0",
        "schemas": {"x": {"comment": "mine"}},
        "objects": [view],
        "tables": {"a": _table(1)},
    }
    b = {"version": "1.0", "schemas": {"x": {"comment": "yours"}}, "tables": []}
    mix = {"version": "1.0", "mix": [{"file": "a.json", "schema": "q"}, {"file": "b.json"}]}
    problems = _problems(tmp_path, {"a.json": a, "b.json": b, "m.json": mix}, "m.json")
    assert problems == [
        'm.json: mix.0.schema: part "a" carries SQL objects (views, functions …) whose SQL '
        'names its tables as they are; it cannot move into schema "q": share its clashing '
        "tables instead",
        'b.json: schemas.x: schema "x" is declared by parts "a" (a.json: schemas.x) and "b" '
        "with different comments: give the comment in one of them only",
        "b.json: tables: expected an object",
    ]  # fmt: skip
