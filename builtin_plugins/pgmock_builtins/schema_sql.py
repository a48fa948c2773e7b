"""Built-in schema source: SQL DDL files (``.sql``), parsed by PostgreSQL's own parser.

``pgmock generate schema.sql`` and ``pgmock import migrations/*.sql -o schema.json`` read
the DDL with pglast (libpg_query: the server's grammar, so whatever PostgreSQL accepts
parses) and apply the statements in order, file after file, the way the server would:
``CREATE TABLE`` then ``ALTER TABLE … ADD CONSTRAINT``, ``CREATE INDEX``, ``COMMENT ON``.
Tables, types, keys, indexes, partitions and comments become pgmock's format; views,
functions, triggers, rules, policies and grants are carried as SQL objects (``objects``)
with what they depend on.

Generation hints go in ``-- pgmock:`` comments on the line of a column (or the lines just
above it), or above ``CREATE TABLE`` for the table::

    -- pgmock: rows=10000
    CREATE TABLE users (
        email text NOT NULL,  -- pgmock: generator=email unique
        score int             -- pgmock: distribution=normal mean=50 stddev=10
    );

Every statement is used, carried, or reported with ``file:line``: session settings and
ownership are noted and skipped; what the format cannot hold (``INHERITS``, ``EXCLUDE``
constraints, sequences that are no column's serial …) is refused with the reason.

pglast is imported only when a ``.sql`` file is read (the extra ``pgmockdb[sql]``).
"""

from __future__ import annotations

from typing import Any, ClassVar

from pgmock_sdk import Registrar, SchemaSource, SchemaSourceError, hookimpl

__all__ = ["SqlSource"]


class SqlSource(SchemaSource):
    """SQL DDL (.sql), in migration order when several files are given."""

    name = "sql"
    suffixes = (".sql",)
    joins_files: ClassVar[bool] = True

    def __init__(self) -> None:
        self.notes: list[str] = []

    def load(self, text: str, path: str) -> Any:
        return self.load_files([(text, path)])

    def load_files(self, files: list[tuple[str, str]]) -> Any:
        try:
            import pglast  # noqa: F401
        except ImportError:
            raise SchemaSourceError(
                "reading SQL needs pglast, PostgreSQL's parser: pip install 'pgmockdb[sql]'"
            ) from None
        from pgmock_builtins import _ddl

        state = _ddl.State()
        for text, path in files:
            _ddl.apply_file(state, text, path)
        doc = _ddl.to_document(state)
        self.notes = list(state.notes)
        if state.problems:
            errors = [SchemaSourceError(m, line or None, path=p) for p, line, m in state.problems]
            raise SchemaSourceError(
                errors[0].message, errors[0].line, path=errors[0].path, also=errors[1:]
            )
        return doc


@hookimpl
def pgmock_register_schema_sources(registry: Registrar) -> None:
    registry.add_schema_source(SqlSource)
