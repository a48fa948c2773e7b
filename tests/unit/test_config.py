"""Configuration layers: defaults < ~/.pgmock/config.yaml < .pgmock.yaml < the schema <
PGMOCK_* variables < flags, each value with its origin (``pgmock config``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from pgmock.cli import cli
from pgmock.config import ConfigError, find_project_file, load_config

SCHEMA = {
    "version": "1.0",
    "tables": {
        "t": {
            "rowCount": 5,
            "columns": {
                "id": {"type": "serial", "primaryKey": True},
                "n": {"type": "integer", "params": {"min": 0, "max": 1000000}},
                "city": {"type": "text", "generator": "city"},
            },
        }
    },
}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with a schema; the working directory is a folder inside it and
    the user's home (PGMOCK_HOME) is an empty folder beside it."""
    root = tmp_path / "proj"
    (root / "sub").mkdir(parents=True)
    (root / "schema.json").write_text(json.dumps(SCHEMA))
    (tmp_path / "home").mkdir()
    monkeypatch.chdir(root / "sub")
    for name in ("PGMOCK_SEED", "PGMOCK_JOBS", "PGMOCK_FORMAT", "PGMOCK_PLUGINS", "PGMOCK_ROWS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PGMOCK_HOME", str(tmp_path / "home"))
    return root


def _run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env)


def _data(*args: str, env: dict[str, str] | None = None) -> str:
    """The COPY data of a plain dump (what the seed decides)."""
    result = _run("generate", "../schema.json", "-a", *args, env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


def _user(project: Path, text: str) -> None:
    (project.parent / "home" / "config.yaml").write_text(text)


def _project(project: Path, text: str) -> None:
    (project / ".pgmock.yaml").write_text(text)


def test_seed_layer_by_layer(project: Path) -> None:
    """Each layer overrides the one below it; the output is that of the flag."""
    assert _data() == _data("--seed", "0")  # the default
    _user(project, "seed: 3\n")
    assert _data() == _data("--seed", "3")
    _project(project, "seed: 5\n")
    assert _data() == _data("--seed", "5")
    # The schema's own seed beats the config files.
    seeded = dict(SCHEMA, seed=9)
    (project / "schema.json").write_text(json.dumps(seeded))
    assert _data() == _data("--seed", "9")
    assert _data(env={"PGMOCK_SEED": "11"}) == _data("--seed", "11")
    assert _data("--seed", "13", env={"PGMOCK_SEED": "11"}) == _data("--seed", "13")
    assert len({_data("--seed", str(s)) for s in (0, 3, 5, 9, 11, 13)}) == 6


def test_format_and_jobs_layer_by_layer(project: Path) -> None:
    _user(project, "format: c\njobs: 2\n")
    out = _run("generate", "../schema.json", "-f", "a.dump")
    assert out.exit_code == 0, out.output
    assert Path("a.dump").read_bytes().startswith(b"PGDMP")
    _project(project, "format: t\n")
    assert _run("generate", "../schema.json", "-f", "b.tar").exit_code == 0
    assert Path("b.tar").read_bytes()[257:262] == b"ustar"
    assert (
        _run("generate", "../schema.json", "-f", "c.sql", env={"PGMOCK_FORMAT": "p"}).exit_code == 0
    )
    assert Path("c.sql").read_bytes().startswith(b"--")
    assert (
        _run(
            "generate", "../schema.json", "-F", "c", "-f", "d.dump", env={"PGMOCK_FORMAT": "p"}
        ).exit_code
        == 0
    )
    assert Path("d.dump").read_bytes().startswith(b"PGDMP")
    shown = _show(env={"PGMOCK_FORMAT": "p"})
    assert shown["format"] == ("env", "env:PGMOCK_FORMAT", "p")
    assert shown["jobs"][0] == "user"


def test_output_is_relative_to_the_config_file(project: Path) -> None:
    _project(project, "output: build/dump.sql\n")
    (project / "build").mkdir()
    assert _run("generate", "../schema.json").exit_code == 0
    assert (project / "build" / "dump.sql").read_text().startswith("--")
    # A variable's relative path is the working directory's.
    assert _run("generate", "../schema.json", env={"PGMOCK_OUTPUT": "here.sql"}).exit_code == 0
    assert Path("here.sql").is_file()
    # -f - is standard output, whatever the layers say.
    out = _run("generate", "../schema.json", "-f", "-")
    assert out.stdout.startswith("--")


def test_rows_and_scale_merge_per_table(project: Path) -> None:
    _user(project, "rows: {t: 7}\n")
    assert _data().count("\n") > 0
    assert _copy_rows(_data()) == 7
    _project(project, "scale: 2\n")
    assert _copy_rows(_data()) == 7  # --rows beats --scale, in files as on the command line
    assert _copy_rows(_data(env={"PGMOCK_ROWS": "t=4"})) == 4
    assert _copy_rows(_data("--rows", "t=3", env={"PGMOCK_ROWS": "t=4"})) == 3


def _copy_rows(dump: str) -> int:
    body = dump.split("FROM stdin;\n", 1)[1].split("\\.\n", 1)[0]
    return body.count("\n")


def test_locale_layer_by_layer(project: Path) -> None:
    _project(project, "locale: de_DE.utf8\n")
    assert _data() == _data("--locale", "de_DE.utf8")
    assert _data() != _data("--locale", "en_US.utf8")
    # The schema's database.locale beats the project's; the variable beats the schema.
    (project / "schema.json").write_text(json.dumps(dict(SCHEMA, database={"locale": "fr_FR"})))
    assert _data() == _data("--locale", "fr_FR")
    assert _data(env={"PGMOCK_LOCALE": "ja_JP"}) == _data("--locale", "ja_JP")


def test_plugins_from_every_layer(project: Path) -> None:
    assert "acme-healthcare  available" in _run("plugins").stdout
    _user(project, "plugins: [acme-healthcare]\n")
    assert "acme-healthcare  loaded" in _run("plugins").stdout
    shown = _run("config", "plugins", env={"PGMOCK_PLUGINS": "csv-writer"})
    assert shown.stdout.split() == ["csv-writer", "acme-healthcare"]


def _show(env: dict[str, str] | None = None) -> dict[str, tuple[str, str, Any]]:
    result = _run("config", "--json", env=env)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    return {s["key"]: (s["layer"], s["origin"], s["value"]) for s in doc["settings"]}


def test_config_shows_each_origin(project: Path) -> None:
    _user(project, "seed: 3\nformat: c\n")
    _project(project, "# the project's\nseed: 5\n")
    shown = _show(env={"PGMOCK_JOBS": "2"})
    assert shown["seed"] == ("project", f"file:{project / '.pgmock.yaml'}:2", 5)
    assert shown["format"] == ("user", f"file:{project.parent / 'home' / 'config.yaml'}:2", "c")
    assert shown["jobs"] == ("env", "env:PGMOCK_JOBS", 2)
    assert shown["locale"] == ("default", "default", "en_US.utf8")
    text = _run("config").stdout.splitlines()
    assert f"file:{project / '.pgmock.yaml'}:2\tseed=5" in text
    assert "env:PGMOCK_JOBS\tjobs=2" not in text  # no variable in this run
    assert _run("config", "seed").stdout == "5\n"
    missing = _run("config", "compress")
    assert missing.exit_code == 1 and missing.stdout == ""


def test_the_nearest_project_file_wins(project: Path) -> None:
    _project(project, "seed: 5\n")
    (project / "sub" / ".pgmock.yaml").write_text("seed: 6\n")
    assert find_project_file(Path.cwd()) == project / "sub" / ".pgmock.yaml"
    assert load_config().get("seed") == 6


def test_bad_config_reports_every_problem(project: Path) -> None:
    _project(project, "sed: 7\njobs: zero\nrows: {t: -1}\ncompress: brotli\n")
    _user(project, "allow: [everything]\n")
    result = _run("config", env={"PGMOCK_TARGET_VERSION": "13"})
    assert result.exit_code == 2
    lines = result.output.splitlines()
    file = project / ".pgmock.yaml"
    assert lines == [
        f"pgmock: {project.parent / 'home' / 'config.yaml'}:1: allow: unknown permission "
        "'everything' (known: exec, files)",
        f'pgmock: {file}:1: sed: unknown setting — did you mean "seed"? (known: seed, locale, '
        "scale, rows, format, output, compress, target_version, jobs, plugins, templates, "
        "allow)",
        f"pgmock: {file}:2: jobs: expected an integer, got 'zero'",
        f"pgmock: {file}:3: rows: t: expected an integer >= 0, got -1",
        f"pgmock: {file}:4: compress: " + lines[4].split("compress: ", 1)[1],
        "pgmock: PGMOCK_TARGET_VERSION: expected an integer 14..18, got 13",
    ]
    assert "brotli" in lines[4]
    # Also generate refuses to run on a broken config, before reading any schema.
    assert _run("generate", "../schema.json").exit_code == 2


def test_yaml_syntax_errors_name_the_line(project: Path) -> None:
    _project(project, "seed: 1\nseed: 2\n")
    with pytest.raises(ConfigError) as exc:
        load_config()
    assert exc.value.problems == [
        f'{project / ".pgmock.yaml"}:2: invalid YAML: found duplicate key "seed" with value '
        '"2" (original value: "1")'
    ]
    _project(project, "- seed\n")
    with pytest.raises(ConfigError, match=r"\.pgmock\.yaml:1: expected a map of settings"):
        load_config()


def test_empty_files_set_nothing(project: Path) -> None:
    _project(project, "# nothing yet\n")
    _user(project, "")
    config = load_config()
    assert config.project_file == project / ".pgmock.yaml"
    assert config.get("seed") == 0 and config.entry("seed").origin.layer == "default"  # type: ignore[union-attr]


def test_a_project_allows_only_for_its_own_schemas(tmp_path: Path) -> None:
    from pgmock.cli.run import trust_for

    project, home = tmp_path / "shop", tmp_path / "home"
    (project / "db").mkdir(parents=True)
    home.mkdir()
    (project / ".pgmock.yaml").write_text("allow: [files]\n")
    env = {"PGMOCK_HOME": str(home)}
    config = load_config(cwd=project / "db", env=env)
    mine = str(project / "db" / "schema.json")
    assert trust_for(False, False, config, [mine]).allowed.files
    # someone else's: a file outside the project, a package's template
    assert not trust_for(False, False, config, [mine, str(tmp_path / "x.json")]).allowed.files
    assert not trust_for(False, False, config, ["template:saas@1.0.0"]).allowed.files
    assert not trust_for(False, False, config, [mine]).allowed.exec
    # the user's own file speaks for every schema they run
    (home / "config.yaml").write_text("allow: [exec]\n")
    config = load_config(cwd=project / "db", env=env)
    assert trust_for(False, False, config, ["template:saas@1.0.0"]).allowed.exec


@pytest.mark.parametrize("layer", ["user", "project"])
def test_config_files_name_installed_plugins_only(project: Path, layer: str) -> None:
    """A .pgmock.yaml found upward from the working directory may be someone else's: a
    module path or .py file it names is refused, nothing imported; installed ones load."""
    marker = project / "ran"
    (project / "evil.py").write_text(
        f"open({str(marker)!r}, 'w').close()\n"
        "from pgmock_sdk import hookimpl\n"
        "@hookimpl\ndef pgmock_register_generators(registry): pass\n"
    )
    write = _user if layer == "user" else _project
    write(project, f"plugins:\n  - acme-healthcare\n  - {project / 'evil.py'}\n  - os.path\n")
    for args in (("plugins",), ("generate", "../schema.json", "-a"), ("templates",)):
        result = _run(*args)
        assert result.exit_code == 2, args
        assert not marker.exists()
    where = (
        project / ".pgmock.yaml" if layer == "project" else project.parent / "home" / "config.yaml"
    )
    lines = result.output.splitlines()
    assert lines == [
        f'pgmock: {where}:3: plugins: no installed plugin named "{project / "evil.py"}" '
        "(installed plugins: acme-healthcare, csv-writer); a config file names installed "
        "plugins only, by entry-point or distribution name; load a module or a .py file with "
        "--plugin or PGMOCK_PLUGINS",
        f'pgmock: {where}:4: plugins: no installed plugin named "os.path" '
        "(installed plugins: acme-healthcare, csv-writer); a config file names installed "
        "plugins only, by entry-point or distribution name; load a module or a .py file with "
        "--plugin or PGMOCK_PLUGINS",
    ]
    write(project, "plugins: [acme-healthcare, no:mimesis]\n")
    assert "acme-healthcare  loaded" in _run("plugins").stdout
    # the same file loads from the command line, where the user names it
    loaded = _run("--plugin", str(project / "evil.py"), "generate", "../schema.json", "-a")
    assert loaded.exit_code == 0, loaded.output
    assert marker.exists()
