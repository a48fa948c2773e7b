"""Blocking built-ins with no:NAME: a handful are essential, every other one can be
switched off, and asking for a blocked plugin's feature says so and how to unblock it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pgmock.errors import PluginError
from pgmock.plugins.essentials import ESSENTIAL, OPTIONAL
from pgmock.plugins.host import make_host
from pgmock.plugins.registry import LookupFailed
from pgmock.schema import resolve_schema

from clihelp import EXAMPLES, pgmock

SHOP = str(EXAMPLES / "shop.json")


def _schema(tmp_path: Path, columns: dict[str, object]) -> Path:
    path = tmp_path / "s.json"
    path.write_text(
        json.dumps({"version": "1.0", "tables": {"t": {"rowCount": 20, "columns": columns}}})
    )
    return path


@pytest.mark.parametrize("name", OPTIONAL)
def test_every_optional_builtin_can_be_blocked(name: str) -> None:
    host = make_host([f"no:{name}"], env={})
    assert name not in host.loaded
    assert set(host.loaded) == {*ESSENTIAL, *OPTIONAL} - {name}
    assert name in host.blocked
    assert host.discovery.plugins[name].status == "blocked"
    registered = [
        *host.registry.generators,
        *host.registry.distributions,
        *host.registry.writers.values(),
        *host.registry.schema_sources.values(),
        *host.registry.templates.values(),
    ]
    assert registered and all(entry.plugin != name for entry in registered)


@pytest.mark.parametrize("name", ESSENTIAL)
def test_blocking_an_essential_builtin_is_a_usage_error(name: str) -> None:
    with pytest.raises(PluginError, match=rf'plugin "{name}" is essential') as info:
        make_host(env={"PGMOCK_PLUGINS": f"no:{name}"})
    assert info.value.exit_code == 2
    assert f"remove no:{name} from PGMOCK_PLUGINS" in str(info.value)
    run = pgmock("--plugin", f"no:{name}", "generators", check=False)
    assert run.returncode == 2
    assert run.stderr.decode().startswith(f'pgmock: plugin "{name}" is essential')
    assert b"Traceback" not in run.stderr


def test_no_generator_module_is_imported_to_register() -> None:
    # Generator plugins register specs; a class is imported when a schema uses it, and a
    # blocked plugin's never.
    probe = (
        "import sys; from pgmock.plugins.host import make_host; "
        "host = make_host(['no:mimesis', 'no:js'], env={}); "
        "print(sorted(m for m in ('pgmock_builtins.mimesis_gen', 'pgmock_builtins.js_gen', "
        "'pgmock_builtins.faker_gen', 'pgmock_builtins.numeric_gen') if m in sys.modules)); "
        "host.registry.generators.resolve('faker.email').obj; "
        "print(sorted(m for m in ('pgmock_builtins.mimesis_gen', 'pgmock_builtins.js_gen', "
        "'pgmock_builtins.faker_gen') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, check=True)
    assert out.stdout.decode().split("\n")[:2] == ["[]", "['pgmock_builtins.faker_gen']"]


def test_a_generator_of_a_blocked_plugin_says_how_to_unblock(tmp_path: Path) -> None:
    schema = _schema(
        tmp_path,
        {
            "id": {"type": "serial", "primaryKey": True},
            "email": {"type": "text", "generator": "faker.email"},
            "also": {"type": "text", "generator": "email"},
            "score": {"type": "int4", "distribution": {"name": "zipf", "n_ranks": 10}},
        },
    )
    run = pgmock("--plugin", "no:faker", "validate", str(schema), check=False)
    assert run.returncode == 2
    err = run.stderr.decode()
    assert (
        'columns.email.generator: generator "faker.email" comes from plugin "faker", which is '
        "blocked (--plugin no:faker); remove no:faker to use it"
    ) in err
    assert (
        'columns.also.generator: unknown generator "email"' in err
        and 'plugin "faker" is blocked (--plugin no:faker) and may provide it' in err
    )
    assert "columns.score.distribution" not in err  # distributions are still loaded
    env = {"PGMOCK_PLUGINS": "no:faker,no:distributions"}
    err = pgmock("validate", str(schema), check=False, env=env).stderr.decode()
    assert "which is blocked (PGMOCK_PLUGINS=no:faker); remove no:faker to use it" in err
    assert (
        'unknown distribution "zipf"; plugins distributions (PGMOCK_PLUGINS=no:distributions), '
        "faker (PGMOCK_PLUGINS=no:faker) are blocked and may provide it"
    ) in err


def test_an_archive_format_with_pg_dump_blocked_says_so(tmp_path: Path) -> None:
    out = tmp_path / "shop.dump"
    run = pgmock("--plugin", "no:pg-dump", "generate", SHOP, "-F", "c", "-f", str(out), check=False)
    assert run.returncode == 2
    assert run.stderr.decode().strip() == (
        'pgmock: unknown output format "c" (known: p, plain); plugin "pg-dump" is blocked '
        "(--plugin no:pg-dump) and may provide it: remove no:pg-dump to use it"
    )
    assert not out.exists()
    assert pgmock("--plugin", "no:pg-dump", "generate", SHOP, "-f", str(out)).returncode == 0


def test_templates_and_commands_of_blocked_plugins_say_so() -> None:
    run = pgmock("--plugin", "no:templates", "generate", "--template", "shop", check=False)
    assert run.returncode == 2
    assert 'plugin "templates" is blocked (--plugin no:templates)' in run.stderr.decode()
    run = pgmock("plugin", "new", "x", check=False, env={"PGMOCK_PLUGINS": "no:scaffold"})
    assert run.returncode == 2
    err = run.stderr.decode()
    # click's suggestions (plugins; explain is as close to "plugin") come before the hint
    assert "No such command 'plugin'." in err and "'plugins'" in err
    assert (
        "Plugin \"scaffold\" is blocked "
        "(PGMOCK_PLUGINS=no:scaffold) and may provide it: remove no:scaffold to use it."
    ) in err


def test_the_listing_shows_blocked_plugins() -> None:
    listed = pgmock("--plugin", "no:faker", "plugins").stdout.decode().splitlines()
    rows = {line.split()[0]: line.split()[1] for line in listed}
    assert rows["faker"] == "blocked"
    assert rows["mimesis"] == "builtin" and rows["core"] == "builtin"
    as_json = pgmock("plugins", "--json", env={"PGMOCK_PLUGINS": "no:js,no:subprocess"})
    status = {p["name"]: p["status"] for p in json.loads(as_json.stdout)}
    assert status["js"] == status["subprocess"] == "blocked"
    assert status["faker"] == "builtin"
    run = pgmock("--plugin", "no:sql", "plugins", check=False)
    assert run.returncode == 2 and b'plugin "sql" is essential' in run.stderr


def test_inference_falls_back_on_what_is_loaded() -> None:
    raw = {
        "version": "1.0",
        "tables": {
            "people": {
                "rowCount": 10,
                "columns": {
                    "email": {"type": "text"},
                    "first_name": {"type": "text"},
                    "blood_type": {"type": "text"},
                    "born": {"type": "date"},
                },
            }
        },
    }
    full = resolve_schema(raw, {}, ["s.json"], make_host(env={}).registry)
    chosen = {
        n: c.generator.qualified for n, c in full.tables["people"].columns.items() if c.generator
    }
    assert chosen["email"] == "faker.email" and chosen["blood_type"] == "mimesis.blood_type"
    host = make_host(["no:faker", "no:mimesis"], env={})
    bare = resolve_schema(raw, {}, ["s.json"], host.registry)
    chosen = {
        n: c.generator.qualified for n, c in bare.tables["people"].columns.items() if c.generator
    }
    assert all(name.startswith("core.") for name in chosen.values()), chosen


def test_the_schema_cannot_block_what_is_already_loaded() -> None:
    host = make_host(env={})
    with pytest.raises(PluginError) as info:
        host.load_named(["no:faker"], source="the schema's plugins list")
    assert str(info.value) == (
        'pgmock: plugin "faker" is already loaded: no:faker in the schema\'s plugins list '
        "comes too late; block it with --plugin no:faker or PGMOCK_PLUGINS=no:faker"
    )


def test_a_lookup_without_blocked_plugins_gives_no_hint() -> None:
    host = make_host(env={})
    with pytest.raises(LookupFailed) as info:
        host.registry.writer("x")
    assert (
        info.value.message
        == 'unknown output format "x" (known: c, custom, d, directory, p, plain, t, tar)'
    )
