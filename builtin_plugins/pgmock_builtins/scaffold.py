"""The ``scaffold`` plugin: ``pgmock plugin new NAME`` writes a generator package.

The package is complete and tested from the first minute: a pyproject with the ``pgmock``
entry point, a generator with parameters and unique support, tests built on the pytest
fixtures pgmock installs (``pgmock.testing``), and a README. ``cd pgmock-NAME && python -m
pytest`` passes before anything is installed.
"""

from __future__ import annotations

import re
from pathlib import Path

import click

from pgmock_sdk import API_VERSION, hookimpl

_NAME = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")

PYPROJECT = """\
[build-system]
requires = ["hatchling>=1.18"]
build-backend = "hatchling.build"

[project]
name = "pgmock-__NAME__"
version = "0.1.0"
description = "__TITLE__ generators for pgmock."
readme = "README.md"
requires-python = ">=3.10"
dependencies = ["pgmockdb>=__PGMOCK_MIN__", "numpy>=1.26"]

[project.optional-dependencies]
test = ["pytest>=8"]

# pgmock finds plugins through this entry-point group, without importing them; users
# enable this one with: pgmock --plugin __NAME__ …
[project.entry-points.pgmock]
__NAME__ = "__PKG__.plugin"

[tool.hatch.build.targets.wheel]
packages = ["__PKG__"]

[tool.pytest.ini_options]
pythonpath = ["."]
testpaths = ["tests"]
"""

INIT = '''\
"""__TITLE__ generators for pgmock."""

__version__ = "0.1.0"
'''

PLUGIN = '''\
"""The plugin module named by the ``__NAME__`` entry point.

Generators return whole batches: ``generate(n, rng, ctx)`` gets the batch size, a numpy
random generator seeded by pgmock, and the batch context (``ctx.offset`` is the row
number of the first value, ``ctx.column`` the column, ``ctx.rows`` earlier columns).
Draw only from ``rng`` and the output is deterministic under ``--seed``.
"""

from __future__ import annotations

import numpy as np
from pydantic import Field

from pgmock_sdk import ColumnInfo, GenContext, Generator, Params, Registrar, hookimpl
from pgmock_sdk.unique import permute


class CodeParams(Params):
    prefix: str = Field("__PREFIX__-", description="Text before the digits.")
    digits: int = Field(6, ge=1, le=15, description="Number of digits.")


class Code(Generator[CodeParams]):
    """Codes such as __PREFIX__-004211; unique when the column is."""

    name = "code"
    pg_types = frozenset({"text", "varchar", "bpchar"})
    supports_unique = True
    # Columns named like this get the generator without naming it in the schema.
    column_names = (r"item_code",)

    def __init__(self, params: CodeParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        size, limit = len(params.prefix) + params.digits, column.type.length
        if limit is not None and size > limit:
            # A ValueError here becomes a schema error naming the column (exit 2).
            raise ValueError(f"codes have {size} characters, the column only {limit}")

    def domain_size(self) -> int:
        return int(10**self.params.digits)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        p = self.params
        domain = 10**p.digits
        if ctx.column.unique:
            # A keyed bijection of row numbers: unique across batches, no retries.
            numbers = permute(ctx.row_numbers(n), domain, ctx.column.key)
        else:
            numbers = rng.integers(0, domain, size=n, dtype=np.int64)
        digits = np.char.zfill(numbers.astype(str), p.digits)
        return list(np.char.add(p.prefix, digits).tolist())


@hookimpl
def pgmock_register_generators(registry: Registrar) -> None:
    registry.add_generator(Code)
'''

TESTS = '''\
"""Tests with the fixtures pgmock installs as a pytest plugin, and copy_rows from the SDK."""

from __future__ import annotations

import re

from pgmock_sdk.testing import copy_rows

from __PKG__ import plugin

SCHEMA = {
    "version": "1.0",
    "seed": 1,
    "tables": {
        "items": {
            "rowCount": 2000,
            "columns": {
                "id": {"type": "serial", "primaryKey": True},
                "item_code": {"type": "varchar(16)", "generator": "code", "unique": True},
            },
        }
    },
}


def test_code_fulfils_the_generator_contract(pgmock_host, pgmock_contract) -> None:
    pgmock_host.register(plugin)
    pgmock_contract("code", type="varchar(16)", bad_params=[{"digits": 0}, {"digits": 15}])


def test_code_values(pgmock_host, pgmock_generate) -> None:
    pgmock_host.register(plugin)
    values = pgmock_generate("code", 500, seed=3, params={"prefix": "X-", "digits": 4})
    assert all(re.fullmatch(r"X-\\d{4}", v) for v in values)


def test_generate_through_the_command_line(pgmock_cli) -> None:
    # A module path works before the package is installed; afterwards so does the
    # entry-point name: --plugin __NAME__.
    sql = pgmock_cli.generate(SCHEMA, plugins=["__PKG__.plugin"])
    codes = [row[1] for row in copy_rows(sql, "items")]
    assert len(codes) == 2000 and len(set(codes)) == 2000
    assert all(re.fullmatch(r"__PREFIX__-\\d{6}", c) for c in codes)
'''

README = """\
# pgmock-__NAME__

__TITLE__ generators for [pgmock](https://pypi.org/project/pgmock/).

| generator | fills | what |
|---|---|---|
| `__NAME__.code` | text, varchar, char | codes like `__PREFIX__-004211`, unique if the column is |

## Use

    pip install pgmock-__NAME__
    pgmock --plugin __NAME__ generators --type text
    pgmock --plugin __NAME__ generate schema.json -f out.sql

or list it in the schema: `"plugins": ["__NAME__"]`, and in a column:

    "item_code": {"type": "varchar(16)", "generator": "__NAME__.code", "unique": true,
                  "params": {"prefix": "__PREFIX__-", "digits": 6}}

## Develop

    python -m pytest              # works before installing: tests use --plugin __PKG__.plugin
    pip install -e .              # then: pgmock --plugin __NAME__ …

Written against pgmock's plugin API __API__ (`pgmock_sdk`); see pgmock's docs/plugins.md.
"""


def scaffold(name: str, target: Path) -> list[Path]:
    """Write the package for plugin ``name`` into ``target`` (which must not exist)."""
    pkg = "pgmock_" + name.replace("-", "_")
    words = {
        "__NAME__": name,
        "__PKG__": pkg,
        "__TITLE__": " ".join(w.capitalize() for w in name.split("-")),
        "__PREFIX__": name.split("-")[-1].upper()[:8],
        "__PGMOCK_MIN__": "0.1",
        "__API__": API_VERSION,
    }
    files = {
        "pyproject.toml": PYPROJECT,
        "README.md": README,
        f"{pkg}/__init__.py": INIT,
        f"{pkg}/plugin.py": PLUGIN,
        "tests/test_plugin.py": TESTS,
    }
    written = []
    for rel, template in files.items():
        text = template
        for key, value in words.items():
            text = text.replace(key, value)
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


@click.group("plugin")
def plugin_group() -> None:
    """Write plugin packages."""


@plugin_group.command("new")
@click.argument("name")
@click.option(
    "-d",
    "--directory",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write the package (default: ./pgmock-NAME).",
)
def new(name: str, directory: Path | None) -> None:
    """Scaffold pgmock-NAME: a generator package that passes its own tests.

    \b
    Example:
      pgmock plugin new acme-retail && cd pgmock-acme-retail && python -m pytest
    """
    from pgmock.errors import UsageError

    if name.startswith("pgmock-"):
        name = name[len("pgmock-") :]
    if not _NAME.fullmatch(name):
        raise UsageError(
            f'plugin name "{name}" must be lower-case words of letters and digits joined by '
            'hyphens, such as "acme-retail"'
        )
    target = directory if directory is not None else Path(f"pgmock-{name}")
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"{target} exists and is not empty")
    for path in scaffold(name, target):
        click.echo(f"created {path}")
    click.echo(
        f"\nNext: cd {target} && python -m pytest   # then pip install -e . and "
        f"pgmock --plugin {name} generators"
    )


@hookimpl
def pgmock_register_commands(cli: click.Group) -> None:
    cli.add_command(plugin_group)
