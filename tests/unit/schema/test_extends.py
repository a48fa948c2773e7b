"""``extends``: a schema as a template plus its changes (docs/templates.md), and the
template libraries it draws on: folders on the search path, plugins, version pins."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pgmock.errors import SchemaError
from pgmock.library import Library, TemplateNotFound, parse_spec
from pgmock.plugins.host import make_host
from pgmock.schema import load_raw, resolve_schema

from clihelp import pgmock

BASE = {
    "template": {"name": "base", "version": "1.2.0", "description": "two tables"},
    "version": "1.0",
    "seed": 1,
    "tables": {
        "users": {
            "rowCount": 10,
            "columns": {
                "id": {"type": "serial", "primaryKey": True},
                "email": {"type": "text", "generator": "email"},
                "nick": {"type": "text"},
                "score": {
                    "type": "integer",
                    "generator": "integer",
                    "params": {"min": 1, "max": 5},
                },
            },
        },
        "orders": {
            "rowCount": 30,
            "columns": {
                "id": {"type": "serial", "primaryKey": True},
                "user_id": {"type": "integer", "references": "users.id"},
            },
            "indexes": [{"columns": ["user_id"]}],
        },
    },
}


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "base.json").write_text(json.dumps(BASE))
    return folder


def _load(folder: Path, tmp_path: Path, doc: dict, name: str = "mine.json") -> tuple:
    registry = make_host(env={}).registry
    path = tmp_path / name
    path.write_text(json.dumps(doc))
    raw, origin = load_raw([str(path)], registry, Library.collect(registry, [folder]))
    return raw, origin, resolve_schema(raw, origin, [str(path)], registry)


def test_objects_merge_scalars_and_lists_replace_and_null_removes(
    library: Path, tmp_path: Path
) -> None:
    raw, _, schema = _load(
        library,
        tmp_path,
        {
            "extends": "base",
            "tables": {
                "users": {
                    "rowCount": 50,
                    "columns": {"nick": None, "age": {"type": "integer"}},
                },
                "orders": {"indexes": []},
                "refunds": {"rowCount": 3, "columns": {"id": {"type": "serial"}}},
            },
        },
    )
    users = schema.tables["users"]
    assert users.row_count == 50
    assert list(users.columns) == ["id", "email", "score", "age"]
    assert raw["tables"]["orders"]["indexes"] == []
    assert schema.tables["orders"].row_count == 30  # untouched keys stay the template's
    assert set(schema.tables) == {"users", "orders", "refunds"}
    assert "extends" not in raw


def test_a_new_generator_does_not_inherit_the_old_parameters(library: Path, tmp_path: Path) -> None:
    raw, _, _ = _load(
        library,
        tmp_path,
        {"extends": "base", "tables": {"users": {"columns": {"score": {"generator": "sequence"}}}}},
    )
    assert raw["tables"]["users"]["columns"]["score"] == {
        "type": "integer",
        "generator": "sequence",
    }


def test_a_problem_names_the_layer_that_wrote_it(library: Path, tmp_path: Path) -> None:
    (library / "broken.json").write_text(
        json.dumps(
            {
                "extends": "base@1",
                "template": {"version": "2.0.0"},
                "tables": {"orders": {"columns": {"user_id": {"generator": "nope"}}}},
            }
        )
    )
    mine = {
        "extends": "broken",
        "tables": {"users": {"rowCount": -1}, "ghost": None},
    }
    with pytest.raises(SchemaError) as exc:
        _load(library, tmp_path, mine)
    found = [str(p).replace(f"{tmp_path}/", "") for p in exc.value.problems]
    assert found == [
        'mine.json: tables.ghost: null removes "ghost", but what this extends has none here'
    ]
    del mine["tables"]["ghost"]  # type: ignore[attr-defined]
    with pytest.raises(SchemaError) as exc:
        _load(library, tmp_path, mine)
    found = [str(p).replace(f"{tmp_path}/", "") for p in exc.value.problems]
    assert any(p.startswith("mine.json: tables.users.rowCount:") for p in found), found
    assert any(
        p.startswith("lib/broken.json: tables.orders.columns.user_id.generator:") for p in found
    ), found


def test_pins_pick_the_highest_matching_version_and_the_first_place_wins(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for folder, versions in ((first, ["1.0.0", "1.4.2"]), (second, ["2.0.0", "1.9.0"])):
        folder.mkdir()
        for v in versions:
            (folder / f"t{v.replace('.', '')}.json").write_text(
                json.dumps({**BASE, "template": {"name": "t", "version": v}})
            )
    lib = Library.collect(make_host(env={}).registry, [first, second])
    assert str(lib.find("t").version) == "1.4.2"  # a: first on the path
    assert str(lib.find("t@1.0").version) == "1.0.0"
    assert str(lib.find("t@2").version) == "2.0.0"  # only b has major 2
    with pytest.raises(TemplateNotFound, match=r'no version of template "t" matches "t@3"'):
        lib.find("t@3")
    with pytest.raises(TemplateNotFound, match='unknown template "u"'):
        lib.find("u")
    assert parse_spec("shop@1.2") == ("shop", (1, 2))
    with pytest.raises(TemplateNotFound, match="version pin"):
        parse_spec("shop@latest")


def test_templates_extending_each_other_in_a_loop_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps({"extends": "b", "version": "1.0"}))
    (folder / "b.json").write_text(json.dumps({"extends": "a", "version": "1.0"}))
    with pytest.raises(SchemaError, match=r"loop: a@0.0.0 -> b@0.0.0 -> a@0.0.0"):
        _load(folder, tmp_path, {"extends": "a"})


def test_the_command_line_lists_shows_and_generates_from_the_search_path(
    library: Path, tmp_path: Path
) -> None:
    env = {"PGMOCK_TEMPLATE_PATH": str(library)}
    listing = pgmock("templates", env=env).stdout.decode()
    assert f"base         1.2.0    {library / 'base.json'}  two tables" in listing
    assert "shop         1.0.0    plugin templates" in listing
    shown = json.loads(pgmock("templates", "show", "base@1", env=env).stdout)
    assert "template" not in shown and shown["tables"]["users"]["rowCount"] == 10
    mine = tmp_path / "mine.json"
    mine.write_text(json.dumps({"extends": "base@1", "tables": {"users": {"rowCount": 4}}}))
    checked = pgmock("validate", str(mine), env=env).stdout.decode()
    assert f"extends base@1.2.0 ({library / 'base.json'})" in checked.splitlines()
    out = pgmock("generate", str(mine), "-t", "users", env=env).stdout.decode()
    assert out.count("@") == 4 + out.count("@", 0, out.index("COPY"))  # four emails
    direct = pgmock("generate", "--template", "base@1.2", env=env).stdout
    assert b"COPY public.orders" in direct
    wrong = pgmock("generate", "--template", "base@7", env=env, check=False)
    assert wrong.returncode == 2
    assert 'no version of template "base" matches "base@7" (found: 1.2.0)' in wrong.stderr.decode()
    # the project's config file names library folders too, relative to itself
    project = tmp_path / "project"
    project.mkdir()
    (project / ".pgmock.yaml").write_text(f"templates:\n  - {library}\n")
    assert "base" in pgmock("templates", cwd=project).stdout.decode()


def test_an_unreadable_template_file_is_reported_not_fatal(library: Path) -> None:
    (library / "bad.json").write_text("{")
    run = pgmock("templates", env={"PGMOCK_TEMPLATE_PATH": str(library)})
    assert "base" in run.stdout.decode()
    assert "bad.json: not a usable template" in run.stderr.decode()


def test_templates_show_is_a_schema_that_gives_the_same_dump(tmp_path: Path) -> None:
    shown = tmp_path / "saas.json"
    shown.write_text(pgmock("templates", "show", "saas@1").stdout.decode())
    assert json.loads(shown.read_text())["tables"]["plans"]["rowCount"] == 6
    args = ("-t", "plans", "-t", "organizations", "-F", "p")
    assert (
        pgmock("generate", str(shown), *args).stdout
        == pgmock("generate", "--template", "saas", *args).stdout
    )
