"""The plugin host: discovery, loading by name, provenance and collisions."""

from __future__ import annotations

import importlib.metadata as md
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pgmock.errors import PluginError, RegistryError
from pgmock.plugins.discovery import discover
from pgmock.plugins.essentials import BUILTIN, COMMANDS, ESSENTIAL, OPTIONAL
from pgmock.plugins.host import make_command_host, make_host
from pgmock.plugins.registry import LookupFailed

from clihelp import EXAMPLES, ROOT


def _plugin_file(tmp_path: Path, name: str, body: str) -> str:
    path = tmp_path / f"{name}.py"
    path.write_text(textwrap.dedent(body))
    return str(path)


GEN_PLUGIN = """
    from pgmock_sdk import Generator, hookimpl

    class Thing(Generator):
        '''Things.'''
        name = "{gen}"
        pg_types = frozenset({{"text"}})

        def generate(self, n, rng, ctx):
            return ["x"] * n

    @hookimpl
    def pgmock_register_generators(registry):
        registry.add_generator(Thing)
"""


def test_essential_tuple_matches_our_metadata() -> None:
    eps = md.distribution("pgmockdb").entry_points
    assert sorted(ep.name for ep in eps if ep.group == "pgmock") == sorted(BUILTIN)
    assert set(ESSENTIAL) <= {ep.name for ep in eps if ep.group == "pgmock"}
    assert not set(ESSENTIAL) & set(OPTIONAL)
    assert sorted(ESSENTIAL) == ["core", "schema-json", "sql"]  # a handful, as in pytest


def test_the_command_line_imports_only_the_builtins_that_add_commands() -> None:
    host = make_host(env={})
    adds = {name for name, info in host.loaded.items()
            if info.builtin and hasattr(info.module, "pgmock_register_commands")}  # fmt: skip
    assert adds == set(COMMANDS)
    assert set(make_command_host(env={}).loaded) == set(COMMANDS)


def test_help_imports_neither_numpy_nor_pydantic_nor_rich_nor_a_generator() -> None:
    code = (
        "import sys\n"
        "from pgmock.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('numpy', 'pydantic', 'faker', 'rich') or m.endswith('_gen')))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1] == "[]"


PEOPLE_AND_COMPANIES = {
    "version": "1.0",
    "tables": {
        "t": {
            "rowCount": 500,
            "columns": {
                "id": {"type": "serial", "primaryKey": True},
                "company_name": {"type": "text", "generator": "company"},
                "job": {"type": "text", "generator": "job_title"},
                "full_name": {"type": "text"},
                "email": {"type": "varchar(120)", "unique": True},
                "gender": {"type": "text", "generator": "gender"},
            },
        }
    },
}


def _imported_by_validate(schema: Path, package: str) -> list[str]:
    """The modules of ``package`` a ``pgmock validate SCHEMA`` process has imported (run
    as the pgmock program runs)."""
    code = (
        "import sys\n"
        f"sys.argv = ['pgmock', 'validate', {str(schema)!r}]\n"
        "from pgmock.entry import main\n"
        "try:\n    main()\n"
        "except SystemExit as exc:\n    assert not exc.code, exc.code\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] == {package!r}))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "OK" in run.stdout
    return json.loads(run.stdout.strip().splitlines()[-1].replace("'", '"'))


@pytest.mark.parametrize("which", ["shop", "people"])
def test_validate_of_a_small_schema_imports_no_faker(which: str, tmp_path: Path) -> None:
    """validate builds each chosen generator to check its parameters; person, e-mail,
    company-name and job-title columns must not build Faker's vocabularies for that."""
    schema = ROOT / "examples" / "shop.json"
    if which == "people":
        schema = tmp_path / "people.json"
        schema.write_text(json.dumps(PEOPLE_AND_COMPANIES))
    assert _imported_by_validate(schema, "faker") == []


def test_validate_of_a_small_schema_imports_no_numpy() -> None:
    """validate checks generators, distributions and CHECKs (shop.json has one) without
    making a value; numpy, a third of its start-up, loads when generation needs it."""
    assert _imported_by_validate(ROOT / "examples" / "shop.json", "numpy") == []


#: What validating shop.json (people, e-mails, enums, numbers, terms) must not import:
#: the Markov chains, the archive writers and the vocabularies of companies, places,
#: phone formats and word lists load when values are made or a dump is written.
NOT_FOR_VALIDATE = {
    "pgmock_builtins.markov_gen",
    "pgmock_builtins.writers.archive_data",
    "pgmock_builtins.writers.archive_format",
    "pgmock_builtins.writers.custom",
    "pgmock_builtins.writers.directory",
    "pgmock_builtins.writers.tar",
    "pgmock_builtins._companies",
    "pgmock_builtins._formats",
    "pgmock_builtins._places",
    "pgmock_builtins._wordlists",
    "pgmock_builtins._world",
}


def test_validate_of_a_small_schema_imports_no_generation_modules() -> None:
    imported = _imported_by_validate(ROOT / "examples" / "shop.json", "pgmock_builtins")
    assert "pgmock_builtins.faker_gen" in imported  # the generators it checks are there
    assert sorted(NOT_FOR_VALIDATE & set(imported)) == []


def test_validate_of_a_small_schema_reads_data_files_without_importlib_resources() -> None:
    """The templates (registered with their plugin) and the terms corpus are read from
    the package folder; importlib.resources and its zip support load only for a zip."""
    imported = _imported_by_validate(ROOT / "examples" / "shop.json", "importlib")
    assert "importlib.resources" not in imported


def test_data_files_are_read_through_importlib_resources_when_not_on_disk(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from pgmock_builtins import _data

    on_disk = _data.read_text("templates_data", "shop.json")
    monkeypatch.setattr(_data, "_ROOT", tmp_path / "not-unpacked")
    assert _data.read_text("templates_data", "shop.json") == on_disk


def test_builtins_are_discovered_without_import_and_loaded() -> None:
    discovery = discover()
    assert {p.name for p in discovery.plugins.values() if p.builtin} == set(BUILTIN)
    host = make_host(env={})
    assert set(host.loaded) == set(BUILTIN)
    assert "p" in host.registry.writers and "plain" in host.registry.writers
    assert host.registry.writers["p"].plugin == "sql"
    assert host.registry.source_for("x.json").plugin == "schema-json"
    assert "shop" in {e.obj.name for e in host.registry.templates.values()}


def test_every_generator_records_its_plugin_and_short_names_resolve() -> None:
    host = make_host(env={})
    entries = list(host.registry.generators)
    assert entries and all(e.qualified == f"{e.plugin}.{e.name}" for e in entries)
    assert host.registry.generators.resolve("email").plugin == "faker"
    assert host.registry.generators.resolve("faker.email").name == "email"


def test_short_name_collision_is_ambiguous_and_qualified_still_works(tmp_path: Path) -> None:
    one = _plugin_file(tmp_path, "one", GEN_PLUGIN.format(gen="email"))
    host = make_host([one], env={})
    with pytest.raises(LookupFailed, match=r'"email" is ambiguous: faker.email, one.email'):
        host.registry.generators.resolve("email")
    assert host.registry.generators.resolve("one.email").plugin == "one"


def test_same_qualified_name_twice_is_an_error(tmp_path: Path) -> None:
    body = GEN_PLUGIN.format(gen="thing") + "        registry.add_generator(Thing)\n"
    twice = _plugin_file(tmp_path, "twice", body)
    with pytest.raises(RegistryError, match=r"generator 'twice.thing' registered twice"):
        make_host([twice], env={})


def test_writer_format_claimed_twice_names_both_plugins(tmp_path: Path) -> None:
    clash = _plugin_file(
        tmp_path,
        "clash",
        """
        from pgmock_sdk import Writer, hookimpl

        class Other(Writer):
            name = "other"
            formats = ("p",)

        @hookimpl
        def pgmock_register_writers(registry):
            registry.add_writer(Other)
    """,
    )
    with pytest.raises(
        RegistryError,
        match=r"output format \"p\" registered by both plugin 'sql' and plugin 'clash'",
    ):
        make_host([clash], env={})


def test_plugin_that_fails_to_import_gives_one_clear_line(tmp_path: Path) -> None:
    broken = _plugin_file(tmp_path, "broken", "import icd10_does_not_exist\n")
    with pytest.raises(PluginError) as info:
        make_host([broken], env={})
    message = str(info.value)
    assert (
        "failed to import: ModuleNotFoundError: No module named 'icd10_does_not_exist'" in message
    )
    assert "skip with --plugin no:broken" in message
    assert "Traceback" not in message


def test_misspelled_hook_is_rejected(tmp_path: Path) -> None:
    typo = _plugin_file(
        tmp_path,
        "typo",
        """
        from pgmock_sdk import hookimpl

        @hookimpl
        def pgmock_register_generator(registry):
            pass
    """,
    )
    with pytest.raises(PluginError, match="pgmock_register_generator"):
        make_host([typo], env={})


def test_module_without_hooks_is_an_error(tmp_path: Path) -> None:
    empty = _plugin_file(tmp_path, "empty", "X = 1\n")
    with pytest.raises(PluginError, match="registers no pgmock hook"):
        make_host([empty], env={})


def test_env_var_loads_plugins_and_no_blocks(tmp_path: Path) -> None:
    one = _plugin_file(tmp_path, "envplug", GEN_PLUGIN.format(gen="envthing"))
    host = make_host(env={"PGMOCK_PLUGINS": one})
    assert "envplug" in host.loaded
    host = make_host(["no:envplug", one], env={})
    assert "envplug" not in host.loaded


def test_essential_plugin_cannot_be_blocked() -> None:
    with pytest.raises(PluginError, match="essential"):
        make_host(["no:sql"], env={})


def test_unknown_plugin_name_lists_what_is_installed() -> None:
    with pytest.raises(PluginError, match=r'no plugin named "nope-nope"'):
        make_host(["nope-nope"], env={})


def test_dotted_module_path_loads_a_plugin() -> None:
    host = make_host(["pgmock_acme_healthcare.plugin"], env={})
    assert "pgmock_acme_healthcare.plugin" in host.loaded
    assert host.registry.generators.resolve("mrn").plugin == "pgmock_acme_healthcare.plugin"


def test_distribution_name_loads_its_entry_points() -> None:
    host = make_host(["pgmock-acme-healthcare"], env={})
    assert host.loaded["acme-healthcare"].status == "loaded"
    assert host.registry.generators.resolve("acme-healthcare.icd10").name == "icd10"


def test_schema_resolution_can_run_twice_in_one_process() -> None:
    # pgmock.schema.resolve_schema must stay a function after the resolver module loads.
    from pgmock.schema import load_raw, resolve_schema

    host = make_host(env={})
    shop = str(EXAMPLES / "shop.json")
    for _ in range(2):
        raw, origin = load_raw([shop], host.registry)
        schema = resolve_schema(raw, origin, [shop], host.registry)
        assert (
            schema.tables["users"].row_count
            == json.loads(Path(shop).read_text())["tables"]["users"]["rowCount"]
        )
