"""Table data back to values: COPY text lines and INSERT statements, a batch at a time.

Both give a :class:`Batch`: the values of a run of rows, column by column, each the
PostgreSQL text of the value (what COPY would print) or None for NULL. Work is done on
whole batches: a batch of COPY lines becomes its fields with one ``replace``/``split``
over the batch's text when every line has the right number of fields (checked by the
count), escapes are undone only in columns that contain a backslash; INSERT statements
are tokenized with one regular expression and their value groups found with numpy.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from pgmock.verify.streams import ByteReader, DumpFormatError

__all__ = [
    "Batch",
    "InsertParser",
    "InsertRows",
    "copy_batches",
    "decode_literals",
    "insert_batches",
    "parse_copy_statement",
    "parse_identifier_list",
    "parse_qualified_name",
]

BATCH_BYTES = 1 << 20
_SEP = "\x00"  # cannot occur in PostgreSQL text


@dataclass
class Batch:
    """Rows ``first_row`` … ``first_row + n - 1`` (0-based) of a table."""

    first_row: int
    n: int
    columns: list[list[str | None]]  # in the order of the dump's column list
    first_line: int | None = None  # plain COPY: the file line of the first row


# ------------------------------------------------------------------ identifiers

_IDENT = re.compile(r'"((?:[^"]|"")*)"|([^\s",().]+)')


def _ident(m: re.Match[str]) -> str:
    quoted = m.group(1)
    return quoted.replace('""', '"') if quoted is not None else m.group(2).lower()


def parse_qualified_name(text: str) -> tuple[str | None, str]:
    """``public.users`` / ``"My Schema"."T"`` → (schema or None, name), as PostgreSQL
    reads them (unquoted names fold to lower case)."""
    parts: list[str] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = _IDENT.match(text, pos)
        if m is None:
            raise DumpFormatError(f"cannot read the table name {text!r}")
        parts.append(_ident(m))
        pos = m.end()
        if pos < len(text):
            if text[pos] != ".":
                raise DumpFormatError(f"cannot read the table name {text!r}")
            pos += 1
    if len(parts) == 1:
        return None, parts[0]
    if len(parts) == 2:
        return parts[0], parts[1]
    raise DumpFormatError(f"cannot read the table name {text!r}")


def parse_identifier_list(text: str) -> list[str]:
    """``id, "Full Name", email`` → the column names."""
    names: list[str] = []
    for part in re.finditer(r'\s*("(?:[^"]|"")*"|[^\s,"]+)\s*(?:,|$)', text):
        token = part.group(1)
        names.append(token[1:-1].replace('""', '"') if token.startswith('"') else token.lower())
    return names


_COPY_HEAD = re.compile(r"COPY\s+(.+?)\s*(?:\((.*)\))?\s+FROM\s+stdin;?\s*$", re.DOTALL)


def parse_copy_statement(text: str) -> tuple[str | None, str, list[str] | None]:
    """``COPY public.t (a, b) FROM stdin;`` → (schema, table, columns or None)."""
    m = _COPY_HEAD.fullmatch(text.strip())
    if m is None:
        raise DumpFormatError(f"cannot read the COPY statement {text.strip()[:200]!r}")
    schema, name = parse_qualified_name(m.group(1))
    cols = parse_identifier_list(m.group(2)) if m.group(2) is not None else None
    return schema, name, cols


# ------------------------------------------------------------------ COPY text

_COPY_ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2})|(.))", re.DOTALL)
_SIMPLE_ESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}


def _unescape_match(m: re.Match[str]) -> str:
    if m.group(1) is not None:
        return chr(int(m.group(1), 8) & 0xFF)
    if m.group(2) is not None:
        return chr(int(m.group(2), 16))
    ch = m.group(3)
    return _SIMPLE_ESCAPES.get(ch, ch)


def decode_copy_column(col: list[str]) -> list[str | None]:
    """One column of COPY fields as values: ``\\N`` is NULL, escapes undone (COPY FROM's
    rules: ``\\n`` ``\\t`` …, octal ``\\ooo``, hex ``\\xhh``, any other ``\\c`` is c)."""
    joined = _SEP.join(col)
    if "\\" not in joined:
        return col  # type: ignore[return-value]
    nulls = [i for i, v in enumerate(col) if v == "\\N"] if "\\N" in col else []
    values: list[str | None] = _COPY_ESCAPE.sub(_unescape_match, joined).split(_SEP)  # type: ignore[assignment]
    if len(values) != len(col):
        raise DumpFormatError("a COPY field holds an escaped NUL character (\\000)")
    for i in nulls:
        values[i] = None
    return values


def _bad_line(lines: list[str], ncols: int) -> int:
    """Index of the first line whose field count is not *ncols*."""
    want = max(ncols - 1, 0)
    for i, line in enumerate(lines):
        if (line.count("\t") != want) or (ncols == 0 and line):
            return i
    return -1


def copy_batches(reader: ByteReader, ncols: int, first_line: int | None = None) -> Iterator[Batch]:
    """The rows of one COPY data stream up to its ``\\.`` line (or the end of the stream,
    for archives whose payload lacks it), consumed from *reader*.

    *first_line*: the reader's line numbers are file lines (plain dumps).
    """
    row = 0
    while True:
        reader.ensure(BATCH_BYTES)
        avail = reader.available()
        if reader.peek(3) == b"\\.\n" or (reader.eof and reader.peek(3) == b"\\."):
            reader.take(3)
            return
        if avail == 0:
            reader.raise_error()
            if first_line is not None:
                raise DumpFormatError(
                    "the COPY data does not end with a \\. line (truncated?)", row + 1
                )
            return
        end = reader.find(b"\n\\.\n")
        if end < 0 and reader.eof:
            tail = reader.peek(avail)
            end = avail - 3 if tail.endswith(b"\n\\.") else -1
        if end >= 0:
            cut = end + 1
        else:
            cut = reader.buf.rfind(b"\n", reader.pos, reader.pos + avail) + 1 - reader.pos
            if cut <= 0:
                if not reader.eof:
                    if not reader.fill():
                        continue
                    continue
                # the last line has no newline and is not \. : a truncated stream
                cut = avail
        line_no = reader.line if first_line is not None else None
        raw = reader.take(cut)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad_row = row + raw[: exc.start].count(b"\n") + 1
            raise DumpFormatError(f"invalid UTF-8: {exc.reason}", bad_row) from None
        if not text.endswith("\n"):
            reader.raise_error()
            text += "\n"
            if first_line is not None or not reader.eof:
                n_lines = text.count("\n")
                raise DumpFormatError(
                    "the COPY data does not end with a \\. line (truncated?)",
                    row + n_lines,
                    None if line_no is None else line_no + n_lines - 1,
                )
        batch = _split_copy(text, ncols, row, line_no)
        row += batch.n
        yield batch


def _split_copy(text: str, ncols: int, row: int, line_no: int | None) -> Batch:
    n = text.count("\n")
    body = text[:-1]
    if ncols == 0:
        if body.replace("\n", ""):
            i = _bad_line(body.split("\n"), 0)
            raise DumpFormatError(
                "a row has data but the table has no columns with data",
                row + i + 1,
                None if line_no is None else line_no + i,
            )
        return Batch(row, n, [], line_no)
    fields = body.replace("\n", "\t").split("\t")
    if len(fields) != n * ncols:
        lines = body.split("\n")
        i = _bad_line(lines, ncols)
        got = lines[i].count("\t") + 1
        raise DumpFormatError(
            f"{got} fields, the COPY column list has {ncols}",
            row + i + 1,
            None if line_no is None else line_no + i,
        )
    columns = [fields] if ncols == 1 else [fields[j::ncols] for j in range(ncols)]
    has_escapes = "\\" in text
    out: list[list[str | None]] = []
    for j, col in enumerate(columns):
        if has_escapes:
            try:
                out.append(decode_copy_column(col))
            except DumpFormatError as exc:
                raise DumpFormatError(f"column {j + 1}: {exc}", row + 1, line_no) from None
        else:
            out.append(col)  # type: ignore[arg-type]
    return Batch(row, n, out, line_no)


# ------------------------------------------------------------------ INSERT statements

# Quoted strings ('' doubles a quote; standard_conforming_strings is on in every dump),
# quoted identifiers, comments, bare words (numbers, NULL, names), punctuation; a lone
# quote is an unterminated literal (the text was cut inside it).
_SQL_TOKEN = re.compile(r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|[^\s'"(),;]+|[(),;]|['"]""")
_BOOLS = {"true": "t", "false": "f"}


def _literal(tok: str) -> str | None:
    if tok[0] == "'":
        return tok[1:-1].replace("''", "'")
    if tok == "NULL":
        return None
    return _BOOLS.get(tok, tok)


@dataclass
class InsertRows:
    """The rows of a run of INSERT statements: literal tokens, a row per line."""

    values: np.ndarray  # (rows, fields) object array


_STARTS_WITH_COMMENT = operator.methodcaller("startswith", "--")


class InsertParser:
    """INSERT statements of one table to rows, a block of text at a time.

    ``target`` and ``columns`` come from the first statement (the table as written after
    INSERT INTO, and --column-inserts' list or None); every later statement must name
    the same table. A comment or another kind of statement ends the run (plain dumps
    follow a table's INSERTs with the next entry's comment header).
    """

    def __init__(self) -> None:
        self.target: str | None = None
        self.columns: list[str] | None = None
        self.width: int | None = None

    def feed(self, text: str, final: bool) -> tuple[InsertRows | None, int, bool]:
        """Rows of the complete statements at the start of *text* (which starts at a
        statement boundary), the number of characters they take, and whether the run of
        INSERTs ended there. *final*: no text follows."""
        end = len(text) if final else text.rfind(";\n") + 2
        while True:
            if end < 2:
                return None, 0, False
            toks = _SQL_TOKEN.findall(text, 0, end)
            if not toks:
                return None, end, final
            bad = _first(toks, _is_lone_quote) if ("'" in toks or '"' in toks) else len(toks)
            comment = _first(toks, _STARTS_WITH_COMMENT) if "--" in text[:end] else len(toks)
            if comment < bad:
                head = toks[:comment]
                if head and head[-1] != ";":
                    raise DumpFormatError("an INSERT statement is cut by a comment")
                break
            if bad == len(toks) and toks and toks[-1] == ";":
                head = toks
                break
            if final:
                raise DumpFormatError(
                    "an INSERT statement ends inside a quoted literal"
                    if bad < len(toks)
                    else "an INSERT statement has no ';'"
                )
            end = text.rfind(";\n", 0, end - 2) + 2
        rows, stop = self._rows(np.array(head, dtype=object), len(head))
        if stop < len(toks):
            return rows, _token_offset(text, stop), True
        return rows, end, final

    def _rows(self, arr: np.ndarray, stop: int) -> tuple[InsertRows | None, int]:
        if arr.size == 0:
            return None, stop
        semis = np.flatnonzero(arr == ";")
        starts = np.concatenate(([0], semis + 1))[: semis.size + 1]
        starts = starts[starts < arr.size]
        heads = arr[starts]
        others = np.flatnonzero(heads != "INSERT")
        if others.size:  # another kind of statement: the run of INSERTs ends before it
            cut = int(starts[others[0]])
            arr, stop = arr[:cut], cut
            if arr.size == 0:
                return None, stop
            semis = semis[semis < cut]
        if semis.size == 0 or semis[-1] != arr.size - 1:
            raise DumpFormatError("an INSERT statement has no ';'")
        self._learn_prefix(arr)
        name_at = np.concatenate(([0], semis[:-1] + 1)) + 2
        if np.any(arr[name_at] != arr[2]):
            i = int(np.flatnonzero(arr[name_at] != arr[2])[0])
            raise DumpFormatError(f"INSERT into {arr[name_at[i]]} among those into {arr[2]}")
        arr = arr[arr != ","]
        prev = np.empty(arr.size, dtype=object)
        prev[0] = None
        prev[1:] = arr[:-1]
        opens = np.flatnonzero((arr == "(") & ((prev == "VALUES") | (prev == ")")))
        if opens.size == 0:
            # INSERT INTO t DEFAULT VALUES: rows without fields
            nrows = int(np.count_nonzero(arr == ";"))
            return InsertRows(np.empty((nrows, 0), dtype=object)), stop
        closes = np.flatnonzero(arr == ")")
        ends = closes[np.minimum(np.searchsorted(closes, opens), closes.size - 1)]
        widths = ends - opens - 1
        if self.width is None:
            self.width = int(widths[0])
        k = self.width
        if np.any(widths != k):
            i = int(np.flatnonzero(widths != k)[0])
            raise DumpFormatError(f"{int(widths[i])} values, other rows have {k}", row=i + 1)
        idx = opens[:, None] + 1 + np.arange(k)
        return InsertRows(arr[idx]), stop

    def _learn_prefix(self, arr: np.ndarray) -> None:
        if self.target is not None:
            return
        if arr.size < 4 or arr[1] != "INTO":
            raise DumpFormatError("cannot read an INSERT statement")
        stops = np.flatnonzero((arr == "VALUES") | (arr == "DEFAULT"))
        head = [t for t in arr[2 : int(stops[0])].tolist() if t != ","]
        if head[-3:] == ["OVERRIDING", "SYSTEM", "VALUE"]:
            head = head[:-3]
        if "(" in head:
            at = head.index("(")
            self.target = "".join(head[:at])
            self.columns = parse_identifier_list(", ".join(head[at + 1 : -1]))
        else:
            self.target = "".join(head)


def _is_lone_quote(tok: str) -> bool:
    return tok in ("'", '"')


def _first(toks: list[str], test: Any) -> int:
    """Index of the first token passing *test*, len(toks) if none."""
    hits = np.fromiter(map(test, toks), bool, len(toks))
    return int(np.argmax(hits)) if hits.any() else len(toks)


def _token_offset(text: str, index: int) -> int:
    """Where token number *index* starts in *text* (once per table: a loop is fine)."""
    for i, m in enumerate(_SQL_TOKEN.finditer(text)):
        if i == index:
            return m.start()
    return len(text)


def decode_literals(tokens: np.ndarray) -> list[str | None]:
    """A column of INSERT literals as values (NULL → None, booleans as COPY prints them)."""
    return list(map(_literal, tokens.tolist()))


def insert_batches(reader: ByteReader, parser: InsertParser) -> Iterator[InsertRows]:
    """The rows of the INSERT statements at the reader's position, consumed from it up to
    the end of the run (the end of the stream, or the comment of the next entry)."""
    while True:
        reader.ensure(BATCH_BYTES)
        avail = reader.available()
        if avail == 0:
            reader.raise_error()
            return
        raw = reader.peek(avail)
        final = reader.eof
        if final:
            reader.raise_error()
        if not final:
            nl = raw.rfind(b"\n")
            if nl < 0:
                reader.fill()
                continue
            raw = raw[: nl + 1]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DumpFormatError(f"invalid UTF-8 in INSERT statements: {exc.reason}") from None
        rows, used, ended = parser.feed(text, final)
        if used == 0 and not ended:
            if not reader.fill():
                raise DumpFormatError("an INSERT statement has no ';'")
            continue
        reader.take(len(text[:used].encode("utf-8")) if used < len(text) else len(raw))
        if rows is not None and rows.values.shape[0]:
            yield rows
        if ended:
            return
