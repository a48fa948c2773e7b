"""The command line: help, listings, errors, atomic output."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from clihelp import EXAMPLES, SUPPORT, pgmock

SHOP = str(EXAMPLES / "shop.json")


def _schema(tmp_path: Path, columns: dict[str, object], rows: int = 25_000) -> Path:
    path = tmp_path / "s.json"
    path.write_text(
        json.dumps({"version": "1.0", "tables": {"t": {"rowCount": rows, "columns": columns}}})
    )
    return path


def test_help_explains_commands_and_flags() -> None:
    out = pgmock("--help").stdout.decode()
    for word in ("generate", "validate", "plugins", "generators", "schema", "--plugin"):
        assert word in out
    gen = pgmock("generate", "--help").stdout.decode()
    for flag in (
        "-F, --format",
        "-f, --file",
        "-s, --schema-only",
        "-a, --data-only",
        "-t, --table",
        "-T, --exclude-table",
        "--inserts",
        "--column-inserts",
        "--rows-per-insert",
        "--seed",
        "--no-indexes",
        "--no-constraints",
        "--rows",
        "--scale",
        "-j, --jobs",
    ):
        assert flag in gen, flag


def test_json_schema_describes_the_format() -> None:
    doc = json.loads(pgmock("schema", "--json-schema").stdout)
    assert doc["title"].startswith("pgmock schema")
    assert "rowCount" in doc["$defs"]["Table"]["properties"]
    assert doc["$defs"]["Column"]["additionalProperties"] is False


def test_generators_listing_has_types_and_params() -> None:
    listing = json.loads(pgmock("generators", "--json").stdout)
    email = next(g for g in listing if g["name"] == "faker.email")
    assert "varchar" in email["types"] and email["unique"] is True
    ints = json.loads(pgmock("generators", "--json", "--type", "int4").stdout)
    assert "core.integer" in {g["name"] for g in ints}
    assert "faker.email" not in {g["name"] for g in ints}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_failed_generation_leaves_no_file(tmp_path: Path, jobs: str) -> None:
    plugin = tmp_path / "flaky_plugin.py"
    plugin.write_text((SUPPORT / "flaky_plugin.py").read_text())
    schema = _schema(tmp_path, {"v": {"type": "text", "generator": "flaky"}})
    out = tmp_path / "out.sql"
    out.write_text("previous contents\n")
    # under -j 2 the error is raised in a worker and must arrive whole, not as a TypeError
    args = ("generate", str(schema), "-f", str(out), "-j", jobs)
    proc = pgmock("--plugin", str(plugin), *args, check=False)
    err = proc.stderr.decode()
    assert proc.returncode == 1
    assert (
        "t.v: generator flaky_plugin.flaky failed for rows 10000..19999 (seed 0): "
        "RuntimeError: upstream service went away" in err
    )
    assert out.read_text() == "previous contents\n"  # untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["flaky_plugin.py", "out.sql", "s.json"]


def test_broken_plugin_does_not_break_the_plugins_listing(tmp_path: Path) -> None:
    plugin = tmp_path / "broken_plugin.py"
    plugin.write_text("raise ImportError('needs libfoo')\n")
    proc = pgmock("--plugin", str(plugin), "plugins", "--json", check=False)
    assert proc.returncode == 0
    listing = {p["name"]: p for p in json.loads(proc.stdout)}
    assert listing["broken_plugin"]["status"] == "broken"
    assert "ImportError: needs libfoo" in listing["broken_plugin"]["error"]
    assert listing["sql"]["status"] == "builtin"
    gen = pgmock("--plugin", str(plugin), "generate", SHOP, check=False)
    assert gen.returncode == 2
    assert gen.stderr.decode().count("\n") == 1  # one clear line, no traceback
    assert "broken_plugin" in gen.stderr.decode()
    debug = pgmock("--debug", "--plugin", str(plugin), "generate", SHOP, check=False)
    assert "Traceback" in debug.stderr.decode()


def test_usage_errors_exit_2() -> None:
    both = pgmock("generate", SHOP, "-s", "-a", check=False)
    assert both.returncode == 2 and b"cannot be used together" in both.stderr
    fmt = pgmock("generate", SHOP, "-F", "x", check=False)
    assert fmt.returncode == 2 and b'unknown output format "x"' in fmt.stderr
    rows = pgmock("generate", SHOP, "--rows", "nope=3", check=False)
    assert rows.returncode == 2 and b"--rows names unknown table(s): nope" in rows.stderr
    none = pgmock("generate", check=False)
    assert none.returncode == 2 and b"no schema given" in none.stderr


def test_rows_and_scale_override_counts() -> None:
    out = pgmock(
        "generate", SHOP, "-a", "--scale", "0.1", "--rows", "users=7", "--rows", "order_tags=3"
    ).stdout.decode()
    tags = out[out.index("COPY sales.order_tags") :]
    assert tags.count("\n", 0, tags.index("\\.")) == 4
    assert (
        out.count(
            "\n", out.index("COPY public.users"), out.index("\\.", out.index("COPY public.users"))
        )
        == 8
    )
    orders = out[out.index("COPY sales.orders") :]
    assert orders.count("\n", 0, orders.index("\\.")) == 501


def test_template_generates_without_files() -> None:
    out = pgmock("generate", "--template", "shop", "-s").stdout.decode()
    assert "CREATE TABLE public.users" in out
    assert "shop" in pgmock("templates").stdout.decode()


def test_generators_doc_is_current() -> None:
    doc = (Path(__file__).parents[2] / "docs" / "generators.md").read_text()
    table = pgmock("generators", "--markdown").stdout.decode()
    assert table in doc, "docs/generators.md is stale: regenerate with pgmock generators --markdown"


COMMAND_PLUGIN = """
    import click
    from pgmock_sdk import hookimpl

    @click.command()
    @click.argument("who")
    def hello(who):
        '''Greets WHO.'''
        click.echo(f"hello {who}")

    @hookimpl
    def pgmock_register_commands(cli):
        cli.add_command(hello)
"""


def test_plugin_adds_a_command(tmp_path: Path) -> None:
    plugin = tmp_path / "hello_plugin.py"
    plugin.write_text(textwrap.dedent(COMMAND_PLUGIN))
    assert pgmock("--plugin", str(plugin), "hello", "world").stdout == b"hello world\n"
    assert b"hello" in pgmock("--plugin", str(plugin), "--help").stdout
    clash = tmp_path / "clash_plugin.py"
    clash.write_text(
        textwrap.dedent(COMMAND_PLUGIN)
        .replace("def hello", "def generate")
        .replace("add_command(hello)", "add_command(generate)")
    )
    proc = pgmock("--plugin", str(clash), "validate", "x.json", check=False)
    assert proc.returncode == 2
    assert b"command \"generate\" of plugin 'clash_plugin' is already taken" in proc.stderr
