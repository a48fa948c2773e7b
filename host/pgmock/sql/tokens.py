"""SQL expressions cut into tokens as PostgreSQL's scanner cuts them.

pgmock reads SQL it has no server for in two places: a domain's CHECK, which
:mod:`pgmock.sql.check` parses and evaluates, and a table's CHECK, whose column names
decide the constraint's name (``orders_total_check``). Both read the same tokens:
string literals (``'it''s'``, ``$$…$$``, ``$tag$…$tag$``), quoted names, numbers, words
(identifiers and keywords), operators, and ``other`` for a character no token starts
with, which a strict reader rejects and a lenient one skips.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

__all__ = [
    "Token",
    "fully_parenthesized",
    "qualify_casts",
    "referenced_columns",
    "string_value",
    "tokens",
    "type_name_end",
    "unquote_ident",
]

_TOKEN = re.compile(
    r"""(?P<ws>\s+)
      |(?P<str>'(?:[^']|'')*'|\$(?P<tag>(?:[^\W\d]\w*)?)\$.*?\$(?P=tag)\$)
      |(?P<qid>"(?:[^"]|"")*")
      |(?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
      |(?P<id>[^\W\d][\w$]*)
      |(?P<op>::|<=|>=|<>|!=|\|\||[-+*/%=<>(),~!\[\].])
      |(?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_KINDS = ("str", "qid", "num", "id", "op", "other")
# Words that continue a multi-word type name (double precision, timestamp with time zone).
_TYPE_WORDS = frozenset({"precision", "varying", "with", "without", "time", "zone"})
# Unquoted names fold to lower case, ASCII letters only (the server's downcase_identifier).
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@dataclass(frozen=True)
class Token:
    kind: str  # str qid num id op other, and end (added by a parser)
    text: str
    pos: int

    @property
    def word(self) -> str:
        """A word in lower case (keywords are matched so); empty for other tokens."""
        return self.text.lower() if self.kind == "id" else ""

    def is_op(self, *ops: str) -> bool:
        return self.kind == "op" and self.text in ops


def tokens(text: str) -> list[Token]:
    """Every token of ``text`` but whitespace, in order."""
    out = []
    for m in _TOKEN.finditer(text):
        kind = next(k for k in _KINDS if m.group(k) is not None) if m.group("ws") is None else ""
        if kind:
            out.append(Token(kind, m.group(), m.start()))
    return out


def string_value(tok: Token) -> str:
    """The text a string literal stands for."""
    if tok.text.startswith("$"):
        fence = tok.text.index("$", 1) + 1
        return tok.text[fence:-fence]
    return tok.text[1:-1].replace("''", "'")


def unquote_ident(tok: Token) -> str:
    """The name a word or a quoted name stands for (unquoted ones fold to lower case)."""
    if tok.kind == "qid":
        return tok.text[1:-1].replace('""', '"')
    return tok.text.translate(_ASCII_LOWER)


def type_name_end(toks: Sequence[Token], i: int) -> int:
    """Where the type name starting at ``toks[i]`` (after ``::`` or ``AS``) ends:
    qualified names, multi-word names and modifiers included
    (``pg_catalog.numeric(5,2)``, ``timestamp(3) with time zone``)."""
    i += 1
    while i < len(toks):
        tok = toks[i]
        if tok.is_op(".") and i + 1 < len(toks) and toks[i + 1].kind in ("id", "qid"):
            i += 2
        elif tok.word in _TYPE_WORDS:
            i += 1
        elif tok.is_op("("):
            while i < len(toks) and not toks[i].is_op(")"):
                i += 1
            i += 1
        else:
            break
    return min(i, len(toks))


def referenced_columns(expr: str, columns: Iterable[str]) -> set[str]:
    """Columns an SQL expression mentions: names, not function names, qualifiers, types
    after ``::`` or literals."""
    names = set(columns)
    toks = tokens(expr)
    found: set[str] = set()
    i = 0
    while i < len(toks):
        tok = toks[i]
        if tok.is_op("::") and i + 1 < len(toks) and toks[i + 1].kind in ("id", "qid"):
            i = type_name_end(toks, i + 1)
            continue
        following = toks[i + 1] if i + 1 < len(toks) else None
        is_call_or_qualifier = following is not None and following.is_op("(", ".")
        if tok.kind in ("id", "qid") and not is_call_or_qualifier:
            name = unquote_ident(tok)
            if name in names:
                found.add(name)
        i += 1
    return found


def qualify_casts(expr: str, names: Mapping[str, str]) -> str:
    """``expr`` with the type names of its casts (``::mood``, ``CAST(… AS mood)``) that
    ``names`` knows (by their lower-cased bare name) replaced by their qualified
    spelling, as pg_dump's deparsed text has them (``'ok'::public.mood``): a dump runs
    with an empty search_path, where a bare user type is not found."""
    toks = tokens(expr)
    edits: list[tuple[int, int, str]] = []
    for i, tok in enumerate(toks[:-1]):
        if not (tok.is_op("::") or tok.word == "as"):
            continue
        name_tok = toks[i + 1]
        if name_tok.kind not in ("id", "qid"):
            continue
        qualified = i + 2 < len(toks) and toks[i + 2].is_op(".")
        found = names.get(unquote_ident(name_tok).lower()) if not qualified else None
        if found is not None:
            edits.append((name_tok.pos, name_tok.pos + len(name_tok.text), found))
    for start, end, text in reversed(edits):
        expr = expr[:start] + text + expr[end:]
    return expr


def fully_parenthesized(expr: str) -> bool:
    """Whether one pair of parentheses encloses all of ``expr`` (``(a) + (b)``: no)."""
    toks = tokens(expr)
    if not toks or not toks[0].is_op("(") or not toks[-1].is_op(")"):
        return False
    depth = 0
    for k, tok in enumerate(toks):
        if tok.is_op("("):
            depth += 1
        elif tok.is_op(")"):
            depth -= 1
            if depth == 0 and k != len(toks) - 1:
                return False
    return depth == 0
