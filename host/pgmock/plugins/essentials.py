"""The built-in plugins pgmock ships, and the few it cannot run without.

Every built-in is an entry point of the ``pgmock`` distribution, loaded through the same
path as a third-party plugin; pyproject.toml is the source of truth and a test checks
these tuples against its metadata. They serve two purposes only: refusing to block an
essential plugin, and failing fast when the installed metadata lacks a built-in.

Essential, as pytest's essential plugins are — pgmock cannot do its one job without them:

* ``schema-json`` reads schema files: without a schema source no schema loads.
* ``core`` has a default generator for every PostgreSQL type. A column that names no
  generator falls back on it, array elements and domains listing their values are filled
  with it, and every other generator plugin is optional on top of it.
* ``sql`` writes plain SQL, the default ``-F p`` every other format can be compared with.

Every other built-in adds features that a schema or a flag asks for by name — realistic
vocabularies (``faker``, ``mimesis``), ``distributions``, values of composite types and
JSON templates with generator leaves (``nested``), JavaScript and external programs
(``js``, ``subprocess``), the table of inference rules (``inference``), archives
(``pg-dump``: ``-F c/d/t``), SQL DDL and YAML as schemas (``schema-sql``, with pglast;
``schema-yaml``), ``templates``, the ``pgmock plugin new`` command (``scaffold``) and
pgvector's ``vector(n)`` type with its embeddings (``pgvector``).
``--plugin no:NAME`` or ``PGMOCK_PLUGINS=no:NAME`` switches one off: name inference then
picks among what is loaded, and asking for a blocked plugin's feature says it is blocked
and how to unblock it.
"""

from __future__ import annotations

ESSENTIAL = ("core", "schema-json", "sql")
OPTIONAL = (
    "distributions",
    "faker",
    "inference",
    "js",
    "mimesis",
    "nested",
    "pg-dump",
    "pgvector",
    "scaffold",
    "schema-sql",
    "subprocess",
    "schema-yaml",
    "templates",
)
BUILTIN = ESSENTIAL + OPTIONAL
# The built-ins that add subcommands (pgmock_register_commands): the only ones imported to
# build the command line, so `pgmock --help` does not import every generator (a unit test
# keeps this tuple true).
COMMANDS = ("scaffold",)
