"""The plugin module named by the ``csv-writer`` entry point: ``-F csv``.

``pgmock --plugin csv-writer generate schema.json -F csv -f out/`` writes into the
directory ``out/``:

* ``<schema>.<table>.csv`` for every table with data: a header line with the column
  names, then one line per row in PostgreSQL's CSV format (``COPY … WITH (FORMAT csv)``):
  NULL is an empty field, an empty string is ``""``, fields holding a comma, a quote or a
  line break are quoted with quotes doubled;
* ``load.sql``: psql ``\\copy`` commands that load the files, in the dump's order.

Like every writer it only sees the dump's table of contents. The host writes into a
fresh temporary directory and renames it when the writer returns, so a failed run leaves
nothing behind. Rows are formatted with ``payloads``, so with ``--jobs`` the CSV text is
made in the worker processes, next to the generation.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import BinaryIO

from pgmock_sdk import Chunk, Dump, Registrar, WriteOptions, Writer, hookimpl
from pgmock_sdk.sqlnames import quote_ident

_NEEDS_QUOTES = re.compile(r'[,"\r\n]')


def csv_column(values: list[str | None]) -> list[str]:
    """One column as CSV fields; the common case (nothing to quote) costs one regex scan."""
    if None not in values and "" not in values:
        joined = "\x00".join(values)  # type: ignore[arg-type]
        if _NEEDS_QUOTES.search(joined) is None:
            return values  # type: ignore[return-value]
    return [_field(v) for v in values]


def _field(value: str | None) -> str:
    if value is None:
        return ""
    if value == "" or _NEEDS_QUOTES.search(value) is not None:
        return '"' + value.replace('"', '""') + '"'
    return value


def csv_chunk(chunk: Chunk) -> str:
    """A chunk of rows as CSV lines (a module-level function: it runs in workers)."""
    if chunk.n == 0:
        return ""
    columns = [csv_column(list(values)) for values in chunk.columns]
    return "".join(",".join(row) + "\n" for row in zip(*columns))


def file_name(schema: str | None, table: str) -> str:
    # Names are quoted identifiers in SQL; in file names keep them readable but safe.
    raw = f"{schema or 'public'}.{table}"
    return re.sub(r"[^\w.-]", "_", raw) + ".csv"


class CsvWriter(Writer):
    """One CSV file per table, with a header line, plus load.sql for psql."""

    name = "csv"
    formats = ("csv",)
    writes_directory = True

    def write(self, dump: Dump, out: BinaryIO | Path, options: WriteOptions) -> None:
        assert isinstance(out, Path)
        loads: list[str] = []
        for entry in dump.entries:
            data = entry.data
            if data is None:
                continue
            name = file_name(entry.namespace, entry.tag)
            names = [c.name for c in data.columns]
            with open(out / name, "w", encoding="utf-8", newline="") as fh:
                fh.write(",".join(_field(n) for n in names) + "\n")
                for text in data.payloads(csv_chunk):
                    fh.write(text)
            cols = ", ".join(quote_ident(n) for n in names)
            target = f"{data.qualified_name} ({cols})"
            loads.append(f"\\copy {target} FROM '{name}' WITH (FORMAT csv, HEADER true)")
        (out / "load.sql").write_text(
            "-- From this directory: psql -v ON_ERROR_STOP=1 -d DB -f load.sql\n"
            + "".join(line + "\n" for line in loads),
            encoding="utf-8",
        )


@hookimpl
def pgmock_register_writers(registry: Registrar) -> None:
    registry.add_writer(CsvWriter)
