"""Hook specifications: the whole contract between pgmock and its plugins.

Every hook starts with ``pgmock_`` so ``check_pending()`` rejects a misspelled impl. The
registration hooks receive a registry bound to the calling plugin, so every generator,
distribution, writer, schema source and template records which plugin provided it;
collisions are errors, never silent overrides. Plugins import ``hookimpl`` from
``pgmock_sdk``; the spec marker stays private here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    import click

    from pgmock_sdk import Registrar

hookspec = pluggy.HookspecMarker("pgmock")

# ---------------------------------------------------------------------------
# Registration: called once per plugin at start-up, after every plugin is loaded.
# ---------------------------------------------------------------------------


@hookspec
def pgmock_register_schema_sources(registry: Registrar) -> None:
    """Register schema file readers with ``registry.add_schema_source(cls)``.

    :param registry: registrar bound to the calling plugin.

    A source turns a file (JSON, YAML, SQL DDL …) into the plain structure the schema
    model validates. Sources are chosen by file suffix; two sources claiming one suffix
    are an error.

    .. versionadded:: 0.1
    """


@hookspec
def pgmock_register_types(registry: Registrar) -> None:
    """Register types that PostgreSQL extensions add with ``registry.add_type(ext)``
    (``pgmock_sdk.ExtensionType``).

    :param registry: registrar bound to the calling plugin.

    A registered type is spelled like a built-in one (``vector(1536)``), its modifiers
    checked by the type; a schema using it gets the extension created in the dump, before
    the tables, as pg_dump writes it. A generator fills it by naming the type in
    ``pg_types`` (and ``default_for``); the type renders what generators return into its
    text form. A spelling another plugin or PostgreSQL already has is an error.

    .. versionadded:: 0.2
    """


@hookspec
def pgmock_register_generators(registry: Registrar) -> None:
    """Register value generators with ``registry.add_generator(cls)``.

    :param registry: registrar bound to the calling plugin.

    Generators get the qualified name ``<plugin>.<name>``; a schema may use the short
    ``name`` while it is unambiguous among loaded plugins.

    .. versionadded:: 0.1
    """


@hookspec
def pgmock_register_distributions(registry: Registrar) -> None:
    """Register distributions with ``registry.add_distribution(cls)``.

    :param registry: registrar bound to the calling plugin.

    .. versionadded:: 0.1
    """


@hookspec
def pgmock_register_writers(registry: Registrar) -> None:
    """Register output formats with ``registry.add_writer(cls)``.

    :param registry: registrar bound to the calling plugin.

    Each writer claims ``-F`` names (``p``/``plain``); a name claimed twice is an error.

    .. versionadded:: 0.1
    """


@hookspec
def pgmock_register_templates(registry: Registrar) -> None:
    """Register scenario templates with ``registry.add_template(template)``.

    :param registry: registrar bound to the calling plugin.

    A template is a named schema users start from (``pgmock generate --template NAME``).

    .. versionadded:: 0.1
    """


@hookspec
def pgmock_register_inference_rules(registry: Registrar) -> None:
    """Register inference rules with ``registry.add_rule(rule)`` and lifecycles with
    ``registry.add_lifecycle(lifecycle)`` (``pgmock_sdk.inference``).

    :param registry: registrar bound to the calling plugin.

    A rule gives columns the schema leaves open a generator, parameters and a
    distribution, by the table's singular noun, the column's name and its type. The most
    specific rule wins (table and column, then column, then table, then type; a
    ``primary_key=True`` condition, the column alone is the table's primary key, outweighs
    them all); among equals a plugin's rules come before pgmock's built-in ones. A
    lifecycle orders moments
    of a row (ordered, paid, shipped) through ``after``.

    .. versionadded:: 0.2
    """


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------


@hookspec
def pgmock_register_commands(cli: click.Group) -> None:
    """Add subcommands to the ``pgmock`` command group with ``cli.add_command``.

    :param cli: the root click group.

    Called before the command line is parsed. A command whose name is already taken is
    an error naming both plugins.

    .. versionadded:: 0.1
    """
