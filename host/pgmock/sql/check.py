"""A domain's CHECK on VALUE: parsed once, evaluated over whole batches with numpy.

pgmock has no server to ask whether a value passes ``CHECK (VALUE > 0)``, so it reads the
common forms itself: comparisons, ``BETWEEN``, ``IN (…)``, ``LIKE``, ``AND``/``OR``/``NOT``,
``IS [NOT] NULL``, arithmetic (``VALUE % 2 = 0``), casts of literals
(``'2020-01-01'::date``) and ``length``/``char_length``/``octet_length``/``lower``/
``upper``/``abs``/``btrim``. Evaluation follows SQL's three-valued logic (a CHECK fails
only when it is false, never when it is NULL) over the PostgreSQL text of the values, so
what is checked is exactly what the server receives.

Two kinds of failure: :class:`CheckSyntaxError` for text PostgreSQL would reject as well
(unbalanced parentheses, an unterminated literal, a column name where only VALUE is
allowed), and :class:`Unsupported` for valid SQL pgmock cannot evaluate (a regular
expression, ``now()``, an ordering of text, which depends on the collation); for those
the schema is accepted with a warning.

Booleans are int8 arrays: 0 false, 1 NULL, 2 true, so AND is ``minimum``, OR is
``maximum`` and NOT is ``2 - x``. ``numeric`` and ``money`` values, and literals such as
``0.1``, are exact (:class:`decimal.Decimal` arrays, kind "dec"), as the server's are:
``c = a + b`` over ``numeric(12,2)`` columns must not fail on a rounding that floating
point makes and PostgreSQL does not. Only ``real``/``double precision`` are floats.
"""

from __future__ import annotations

import functools
import math
import operator
import re
import sys
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from typing import Any, cast

from pgmock.sql.literals import parse_bool
from pgmock.sql.tokens import Token, string_value, tokens, type_name_end, unquote_ident
from pgmock_sdk.lazy import np
from pgmock_sdk.pgtypes import (
    FLOAT_TYPES,
    INTEGER_TYPES,
    PgType,
    TypeParseError,
    parse_type,
)

__all__ = [
    "Bounds",
    "CheckSyntaxError",
    "CompiledCheck",
    "RowCheck",
    "Unsupported",
    "columns_of",
    "compile_check",
    "compile_row_check",
    "compile_table_check",
    "ordered_pair",
    "true_columns",
    "unequal_pair",
]


class CheckSyntaxError(ValueError):
    """A CHECK PostgreSQL would reject as well."""


class Unsupported(ValueError):
    """A valid CHECK pgmock cannot evaluate."""


FALSE, NULL, TRUE = 0, 1, 2

# --------------------------------------------------------------------------- syntax tree


@dataclass(frozen=True)
class Value:
    pass


@dataclass(frozen=True)
class Column:
    """A column of the row, in a table's CHECK."""

    name: str


@dataclass(frozen=True)
class Const:
    value: Any
    kind: str  # int num text unknown (a quoted literal) bool null


@dataclass(frozen=True)
class Cast:
    arg: Any
    type: PgType


@dataclass(frozen=True)
class Func:
    name: str
    args: tuple[Any, ...]


@dataclass(frozen=True)
class Arith:
    op: str
    left: Any
    right: Any


@dataclass(frozen=True)
class Neg:
    arg: Any


@dataclass(frozen=True)
class Cmp:
    op: str
    left: Any
    right: Any


@dataclass(frozen=True)
class Between:
    arg: Any
    lo: Any
    hi: Any
    negated: bool
    symmetric: bool


@dataclass(frozen=True)
class In:
    arg: Any
    items: tuple[Any, ...]
    negated: bool


@dataclass(frozen=True)
class Like:
    arg: Any
    pattern: Any
    negated: bool


@dataclass(frozen=True)
class Is:
    arg: Any
    what: str  # null true false
    negated: bool


@dataclass(frozen=True)
class BoolOp:
    op: str  # and or
    args: tuple[Any, ...]


@dataclass(frozen=True)
class Not:
    arg: Any


# --------------------------------------------------------------------------- tokens


def _tokens(text: str) -> list[Token]:
    out = tokens(text)
    for tok in out:
        if tok.kind != "other":
            continue
        ch, pos = tok.text, tok.pos
        if ch in "'\"":
            what = "string literal" if ch == "'" else "quoted name"
            raise CheckSyntaxError(f"unterminated {what} at position {pos + 1}")
        if ch == ";":
            raise CheckSyntaxError("a CHECK is one expression; remove the ';'")
        raise Unsupported(f"the operator {ch!r}")
    depth = 0
    for tok in out:
        if tok.is_op("("):
            depth += 1
        elif tok.is_op(")"):
            depth -= 1
            if depth < 0:
                raise CheckSyntaxError(f"unbalanced parentheses: ')' at position {tok.pos + 1}")
    if depth:
        raise CheckSyntaxError("unbalanced parentheses: a '(' is never closed")
    out.append(Token("end", "", len(text)))
    return out


# Words that are SQL, not a column: pgmock cannot evaluate them but they are not mistakes.
_SQL_WORDS = frozenset(
    """all any array as asymmetric at between both by case cast collate current_date
    current_time current_timestamp current_user distinct else end escape exists extract
    false from ilike in interval is isnull leading localtime localtimestamp not notnull
    null nullif coalesce greatest least or overlaps overlay position similar some substring
    symmetric then time timestamp to trailing trim true unknown when with without zone
    session_user user""".split()
)
_LENGTH_FUNCS = frozenset({"length", "char_length", "character_length"})


class _Parser:
    def __init__(self, text: str, columns: Collection[str] | None = None) -> None:
        self.toks = _tokens(text)
        self.i = 0
        # a table's CHECK names the row's columns; a domain's refers to VALUE
        self.columns = columns

    @property
    def tok(self) -> Token:
        return self.toks[self.i]

    def next(self) -> Token:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def at(self, *words: str) -> bool:
        return self.tok.word in words

    def at_op(self, *ops: str) -> bool:
        return self.tok.kind == "op" and self.tok.text in ops

    def expect_op(self, op: str) -> None:
        if not self.at_op(op):
            raise CheckSyntaxError(f"expected {op!r} at position {self.tok.pos + 1}")
        self.i += 1

    def parse(self) -> Any:
        if self.tok.kind == "end":
            raise CheckSyntaxError("the CHECK is empty")
        node = self.or_()
        if self.tok.kind != "end":
            raise CheckSyntaxError(f"unexpected {self.tok.text!r} at position {self.tok.pos + 1}")
        return node

    def or_(self) -> Any:
        args = [self.and_()]
        while self.at("or"):
            self.i += 1
            args.append(self.and_())
        return args[0] if len(args) == 1 else BoolOp("or", tuple(args))

    def and_(self) -> Any:
        args = [self.not_()]
        while self.at("and"):
            self.i += 1
            args.append(self.not_())
        return args[0] if len(args) == 1 else BoolOp("and", tuple(args))

    def not_(self) -> Any:
        if self.at("not"):
            self.i += 1
            return Not(self.not_())
        return self.is_()

    def is_(self) -> Any:
        node = self.cmp()
        while True:
            if self.at("isnull", "notnull"):
                node = Is(node, "null", self.next().word == "notnull")
            elif self.at("is"):
                self.i += 1
                negated = self.at("not")
                if negated:
                    self.i += 1
                if not self.at("null", "true", "false"):
                    raise Unsupported(f"IS {self.tok.text.upper()}")
                node = Is(node, self.next().word, negated)
            else:
                return node

    def cmp(self) -> Any:
        node = self.pred()
        if self.at_op("=", "<>", "!=", "<", "<=", ">", ">="):
            op = self.next().text
            node = Cmp("<>" if op == "!=" else op, node, self.pred())
            if self.at_op("=", "<>", "!=", "<", "<=", ">", ">="):
                raise CheckSyntaxError(
                    f"comparisons cannot be chained (position {self.tok.pos + 1})"
                )
        return node

    def pred(self) -> Any:
        node = self.arith()
        negated = False
        if self.at("not") and self.toks[self.i + 1].word in (
            "between",
            "in",
            "like",
            "ilike",
            "similar",
        ):
            self.i += 1
            negated = True
        if self.at("between"):
            self.i += 1
            symmetric = self.at("symmetric")
            if symmetric or self.at("asymmetric"):
                self.i += 1
            lo = self.arith()
            if not self.at("and"):
                raise CheckSyntaxError(f"BETWEEN needs AND (position {self.tok.pos + 1})")
            self.i += 1
            return Between(node, lo, self.arith(), negated, symmetric)
        if self.at("in"):
            self.i += 1
            self.expect_op("(")
            if self.at("select"):
                raise Unsupported("a subquery")
            items = [self.or_()]
            while self.at_op(","):
                self.i += 1
                items.append(self.or_())
            self.expect_op(")")
            return In(node, tuple(items), negated)
        if self.at("like"):
            self.i += 1
            pattern = self.arith()
            if self.at("escape"):
                raise Unsupported("LIKE … ESCAPE")
            return Like(node, pattern, negated)
        if self.at("ilike", "similar") or self.at_op("~", "!"):
            raise Unsupported(f"the {self.tok.text.upper()} operator")
        if negated:
            raise CheckSyntaxError(f"unexpected NOT at position {self.tok.pos + 1}")
        return node

    def arith(self) -> Any:
        node = self.term()
        while self.at_op("+", "-", "||"):
            op = self.next().text
            if op == "||":
                raise Unsupported("the || operator")
            node = Arith(op, node, self.term())
        return node

    def term(self) -> Any:
        node = self.unary()
        while self.at_op("*", "/", "%"):
            op = self.next().text
            node = Arith(op, node, self.unary())
        return node

    def unary(self) -> Any:
        if self.at_op("-"):
            self.i += 1
            return Neg(self.unary())
        if self.at_op("+"):
            self.i += 1
            return self.unary()
        return self.postfix()

    def postfix(self) -> Any:
        node = self.primary()
        while True:
            if self.at_op("::"):
                self.i += 1
                node = Cast(node, self.type_name())
            elif self.at_op("["):
                raise Unsupported("array subscripts")
            elif self.at("collate"):
                raise Unsupported("COLLATE")
            else:
                return node

    def type_name(self) -> PgType:
        if self.tok.kind not in ("id", "qid"):
            raise CheckSyntaxError(f"expected a type name at position {self.tok.pos + 1}")
        end = type_name_end(self.toks, self.i)
        parts, self.i = self.toks[self.i : end], end
        spelling = ""
        for tok in parts:
            if tok.kind in ("id", "qid") and spelling and not spelling.endswith("."):
                spelling += " "
            spelling += tok.text
        if spelling.lower().startswith("pg_catalog."):
            spelling = spelling[len("pg_catalog.") :]
        try:
            return parse_type(spelling)
        except (TypeParseError, KeyError):
            raise Unsupported(f"a cast to {spelling}") from None

    def primary(self) -> Any:
        tok = self.tok
        if tok.kind == "num":
            self.i += 1
            text = tok.text
            if re.fullmatch(r"\d+", text):
                return Const(int(text), "int")
            # 1.5 and 1e3 are numeric in PostgreSQL, exact
            return Const(Decimal(text), "dec")
        if tok.kind == "str":
            self.i += 1
            return Const(string_value(tok), "unknown")
        if tok.kind == "op" and tok.text == "(":
            self.i += 1
            node = self.or_()
            if self.at_op(","):
                raise Unsupported("row constructors")
            self.expect_op(")")
            return node
        if self.columns is not None and tok.kind in ("id", "qid"):
            column = self.column()
            if column is not None:
                return column
        if tok.kind == "qid":
            name = unquote_ident(tok)
            raise CheckSyntaxError(
                f'a domain CHECK refers to its value as VALUE; "{name}" is not allowed here'
            )
        if tok.kind != "id":
            raise CheckSyntaxError(f"unexpected {tok.text!r} at position {tok.pos + 1}")
        word = tok.word
        nxt = self.toks[self.i + 1]
        if word == "value" and self.columns is None:
            self.i += 1
            return Value()
        if word in ("true", "false"):
            self.i += 1
            return Const(TRUE if word == "true" else FALSE, "bool")
        if word == "null":
            self.i += 1
            return Const(None, "null")
        if word == "cast" and nxt.text == "(":
            self.i += 2
            arg = self.or_()
            if not self.at("as"):
                raise CheckSyntaxError(f"CAST needs AS (position {self.tok.pos + 1})")
            self.i += 1
            pgtype = self.type_name()
            self.expect_op(")")
            return Cast(arg, pgtype)
        if nxt.kind == "str":
            # a typed literal: DATE '2020-01-01', numeric '1.5'
            self.i += 1
            lit = self.primary()
            try:
                return Cast(lit, parse_type(tok.text))
            except (TypeParseError, KeyError):
                raise Unsupported(f"the literal form {tok.text} '…'") from None
        if nxt.kind == "op" and nxt.text == "(":
            self.i += 2
            args: list[Any] = []
            if not self.at_op(")"):
                args.append(self.or_())
                while self.at_op(","):
                    self.i += 1
                    args.append(self.or_())
            self.expect_op(")")
            return Func(word, tuple(args))
        if word in _SQL_WORDS or (nxt.kind == "op" and nxt.text == "."):
            raise Unsupported(word.upper())
        if self.columns is not None:
            raise CheckSyntaxError(f'the table has no column "{tok.text}"')
        raise CheckSyntaxError(
            f'a domain CHECK refers to its value as VALUE; "{tok.text}" is not allowed here'
        )

    def column(self) -> Column | None:
        """A column name at the current token (not a function or a qualifier)."""
        assert self.columns is not None
        tok, nxt = self.tok, self.toks[self.i + 1]
        if nxt.kind == "op" and nxt.text in ("(", "."):
            return None
        name = unquote_ident(tok) if tok.kind == "qid" else tok.word
        if name not in self.columns:
            if tok.kind == "qid":
                raise CheckSyntaxError(f'the table has no column "{name}"')
            return None
        self.i += 1
        return Column(name)


# Nesting in a CHECK: parsing and evaluation recurse per level (a dozen frames for each
# parenthesis), and no CHECK written by hand comes near these.
MAX_CHECK_DEPTH = 100
MAX_CHECK_PARENS = 32


def parse_check(text: str, columns: Collection[str] | None = None) -> Any:
    """The syntax tree of a CHECK expression (raises CheckSyntaxError/Unsupported):
    a domain's on VALUE, or with *columns* a table's on those columns."""
    parser = _Parser(text, columns)
    depth = deepest = 0
    for tok in parser.toks:
        if tok.kind == "op" and tok.text in ("(", ")"):
            depth += 1 if tok.text == "(" else -1
            deepest = max(deepest, depth)
    if deepest > MAX_CHECK_PARENS:
        raise CheckSyntaxError(f"parentheses nested more than {MAX_CHECK_PARENS} deep")
    try:
        tree = parser.parse()
    except RecursionError:
        raise CheckSyntaxError("nested too deeply to read") from None
    if _depth(tree) > MAX_CHECK_DEPTH:
        raise CheckSyntaxError(f"nested more than {MAX_CHECK_DEPTH} levels deep")
    return tree


def _depth(tree: Any) -> int:
    """The nesting of a syntax tree (iteratively: it may be deep)."""
    deepest = 0
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        for value in vars(node).values() if hasattr(node, "__dataclass_fields__") else ():
            children = value if isinstance(value, tuple) else (value,)
            stack.extend((c, depth + 1) for c in children if hasattr(c, "__dataclass_fields__"))
    return deepest


# --------------------------------------------------------------------------- values


@dataclass
class _Val:
    """An evaluated operand: ``data`` is an array of the batch or one constant."""

    kind: str  # int dec num text unknown date ts bool null
    data: Any
    const: bool


_KIND_OF: dict[str, str] = {
    **{t: "int" for t in INTEGER_TYPES},
    **{t: "num" for t in FLOAT_TYPES},
    "numeric": "dec",
    "money": "dec",
    "text": "text",
    "varchar": "text",
    "bpchar": "text",
    "name": "text",
    "date": "date",
    "timestamp": "ts",
    "timestamptz": "ts",
    "bool": "bool",
}
_CAST_KIND = {**_KIND_OF, "citext": "", "char": ""}


def value_kind(base: PgType) -> str:
    """What kind of value VALUE of this base type is, or raise Unsupported: int, num (any
    number that is not an integer), text, date, ts or bool."""
    kind = _eval_kind(base)
    return "num" if kind == "dec" else kind


def _eval_kind(base: PgType) -> str:
    """How VALUE of this base type is evaluated: value_kind, with numeric and money as
    "dec" (exact)."""
    kind = _KIND_OF.get(base.name)
    if kind is None or base.is_array:
        raise Unsupported(f"CHECKs on {base.display()} values")
    return kind


# Exact numeric arithmetic: enough digits for any realistic value (numeric's own limit
# is far above it), and NaN/Infinity results instead of exceptions, as PostgreSQL's
# numeric gives NaN for Infinity - Infinity.
_EXACT = Context(prec=2000, Emax=999_999, Emin=-999_999, traps=[])
# PostgreSQL's numeric division keeps at least this many significant digits
# (NUMERIC_MIN_SIG_DIGITS) and at most this scale (NUMERIC_MAX_DISPLAY_SCALE).
_DIV_MIN_SIG_DIGITS = 16
_DIV_MAX_SCALE = 1000


def _money_text(text: str) -> str:
    return text.replace("$", "").replace(",", "")


def _as_decimal(x: Any) -> Decimal:
    """An int or a Decimal as a Decimal (a float through its shortest text, as PostgreSQL's
    float8 → numeric cast does)."""
    if isinstance(x, Decimal):
        return x
    if isinstance(x, (float, np.floating)):
        return Decimal(repr(float(x)))
    return Decimal(int(x))


@functools.cache
def _elementwise(fn: Callable[..., Any], nin: int) -> Any:
    """``fn`` as a numpy ufunc over object arrays (made on first use: numpy is imported
    when a CHECK is evaluated, not when this module is)."""
    return np.frompyfunc(fn, nin, 1)


def _to_decimal(x: Any) -> Any:
    return _elementwise(_as_decimal, 1)(x)


def _dec_compare(x: Any, y: Any) -> np.ndarray:
    """-1, 0 or 1 per row as numeric orders x and y (Decimal arrays or constants): the
    comparisons run in numpy's loop over the objects, NaN sorted as PostgreSQL does
    (above every number, equal to itself)."""
    xa, ya = np.asarray(x, dtype=object), np.asarray(y, dtype=object)
    with localcontext(_EXACT):  # a NaN compared is False, not an exception
        lt = np.asarray(xa < ya, bool)
        gt = np.asarray(xa > ya, bool)
        xn = np.asarray(xa != xa, bool)  # only NaN differs from itself
        yn = np.asarray(ya != ya, bool)
    sign = gt.astype(np.int64) - lt.astype(np.int64)
    if xn.any() or yn.any():
        sign = np.where(xn & yn, 0, np.where(xn, 1, np.where(yn, -1, sign)))
    return sign


def _dec_scale(x: Decimal) -> int:
    exponent = x.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _dec_div(x: Decimal, y: Decimal) -> Decimal:
    """x / y rounded to the scale PostgreSQL's numeric division chooses (select_div_scale:
    16 significant digits, at least either operand's scale), so an equality with a
    stored quotient compares what the server compares."""
    if not (x.is_finite() and y.is_finite()) or not x or not y:
        return x / y
    # weights and first digits in base 10000, PostgreSQL's NBASE
    wx, wy = x.adjusted() // 4, y.adjusted() // 4
    fx, fy = int(abs(x).scaleb(-4 * wx)), int(abs(y).scaleb(-4 * wy))
    qweight = wx - wy - (1 if fx < fy else 0)
    scale = _DIV_MIN_SIG_DIGITS - qweight * 4
    scale = min(max(scale, _dec_scale(x), _dec_scale(y), 0), _DIV_MAX_SCALE)
    with localcontext(_EXACT) as ctx:
        ctx.prec = max(scale + (qweight + 2) * 4 + 4, 28)
        return (x / y).quantize(Decimal(1).scaleb(-scale), rounding=ROUND_HALF_UP)


def _dec_divs(x: Any, y: Any) -> Any:
    return _elementwise(_dec_div, 2)(x, y)


def _dec_round(x: Decimal, places: int) -> Decimal:
    """round(numeric, n): half away from zero, as PostgreSQL rounds numeric."""
    if not x.is_finite():
        return x
    with localcontext(_EXACT):
        return x.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _dec_rounds(x: Any, places: Any) -> Any:
    return _elementwise(_dec_round, 2)(x, places)


def _literal(text: str, kind: str) -> Any:
    """A quoted literal read as ``kind`` (PostgreSQL's input for the common spellings)."""
    t = text.strip()
    try:
        if kind == "int":
            return int(t)
        if kind == "num":
            return float(_money_text(t)) if t else float("nan")
        if kind == "dec":
            return Decimal(_money_text(t)) if t else Decimal("NaN")
        if kind == "date":
            return _dates([t])[0]
        if kind == "ts":
            return _timestamps([t])[0]
        if kind == "bool":
            return TRUE if parse_bool(t) else FALSE
    except (ValueError, ArithmeticError):
        # decimal's InvalidOperation is an ArithmeticError
        shown = "num" if kind == "dec" else kind
        raise Unsupported(f"the literal {text!r} as a {shown} value") from None
    return text


_INFINITE = {"infinity": "max", "+infinity": "max", "-infinity": "min"}


def _dates(texts: Sequence[str]) -> np.ndarray:
    try:
        return np.array(texts, dtype="M8[D]")
    except ValueError:
        return np.array([_special_moment(t, "D") for t in texts], dtype="M8[D]")


def _timestamps(texts: Sequence[str]) -> np.ndarray:
    arr = np.array(texts, dtype=str)
    if arr.size and np.strings.endswith(arr, "+00").all():
        arr = np.strings.slice(arr, 0, -3)
    try:
        return arr.astype("M8[us]")
    except ValueError:
        return np.array([_special_moment(str(t), "us") for t in arr], dtype="M8[us]")


def _special_moment(text: str, unit: Any) -> np.datetime64:
    """infinity, BC years and time zones: the rare forms numpy does not read."""
    t = text.strip().lower()
    if t in _INFINITE:
        info = np.iinfo(np.int64)
        return np.datetime64(int(info.max if _INFINITE[t] == "max" else info.min + 1), unit)
    if t.endswith("+00") or t.endswith("z"):
        t = t[:-3] if t.endswith("+00") else t[:-1]
    if t.endswith(" bc"):
        year, rest = t[:-3].split("-", 1)
        return np.datetime64(f"-{int(year) - 1:04d}-{rest}".replace(" ", "T"), unit)
    return np.datetime64(t.replace(" ", "T"), unit)


def column_values(texts: Sequence[str], base: PgType) -> np.ndarray:
    """The batch (PostgreSQL text, no NULLs) as an array of the evaluation kind."""
    kind = _eval_kind(base)
    # int() and float() read PostgreSQL's integer and float text (NaN, Infinity included)
    # faster than numpy's string conversion
    if kind == "int":
        return np.fromiter(map(int, texts), np.int64, len(texts))
    if kind == "num":
        return np.fromiter(map(float, texts), np.float64, len(texts))
    if kind == "dec":
        if base.name == "money":
            texts = list(map(_money_text, texts))
        # NaN, Infinity and -Infinity are numeric's spellings and Decimal's too
        return np.fromiter(map(Decimal, texts), dtype=object, count=len(texts))
    if kind == "date":
        return _dates(texts)
    if kind == "ts":
        return _timestamps(texts)
    if kind == "bool":
        return np.where(np.array(texts, dtype=object) == "t", TRUE, FALSE).astype(np.int8)
    arr = np.empty(len(texts), dtype=object)
    arr[:] = texts
    if base.name == "bpchar":
        # character(n) compares and measures without its padding
        arr[:] = [t.rstrip(" ") for t in texts]
    return arr


# --------------------------------------------------------------------------- evaluation


class _Eval:
    """Evaluates a tree for a batch; ``failed`` marks rows whose evaluation would raise an
    error in PostgreSQL (division by zero), which the caller treats as a failed CHECK.

    ``dry``: kinds only, no rows — the columns' values are ``_Val(kind, None, False)`` and
    every result that depends on them, or is a condition, has no data; constants are
    still evaluated (a literal PostgreSQL rejects, a division by zero). Type-checking a
    CHECK this way raises what evaluating it would, without numpy for the common forms,
    so ``pgmock validate`` does not import numpy for them.
    """

    def __init__(
        self, value: _Val | None, n: int, row: dict[str, _Val] | None = None, dry: bool = False
    ) -> None:
        self.value = value
        self.n = n
        self.dry = dry
        self.failed: Any = None if dry else np.zeros(n, bool)
        self.row = row or {}

    def _no_data(self, *operands: _Val) -> bool:
        """In a dry run: whether a result over these operands has no data (one of them
        is a column's)."""
        return self.dry and not all(v.const for v in operands)

    def bools(self, node: Any) -> np.ndarray:
        v = self.eval(node)
        if v.kind not in ("null", "bool"):
            raise CheckSyntaxError("a CHECK must be a condition (true or false)")
        if self.dry:
            return None  # type: ignore[return-value]
        if v.kind == "null":
            return np.full(self.n, NULL, np.int8)
        return np.broadcast_to(np.asarray(v.data, np.int8), (self.n,))

    def eval(self, node: Any) -> _Val:
        method: Callable[[Any], _Val] = getattr(self, "_" + type(node).__name__.lower())
        return method(node)

    def _value(self, node: Value) -> _Val:
        assert self.value is not None
        return self.value

    def _column(self, node: Column) -> _Val:
        return self.row[node.name]

    def _const(self, node: Const) -> _Val:
        return _Val(node.kind, node.value, True)

    def _cast(self, node: Cast) -> _Val:
        v = self.eval(node.arg)
        target = _CAST_KIND.get(node.type.name, "")
        if not target or node.type.is_array:
            raise Unsupported(f"a cast to {node.type.display()}")
        if v.kind == "null":
            return v
        if v.kind == "unknown":
            v = _Val(target, _literal(v.data, target), True)
        elif v.kind in _NUMBERS and target in ("dec", "num"):
            v = _as_kind(v, target)
        elif v.kind != target and (v.kind, target) != ("date", "ts"):
            raise Unsupported(f"a cast of {v.kind} values to {node.type.display()}")
        if self._no_data(v) and (target == v.kind or (v.kind, target) == ("date", "ts")):
            return _Val(target, None, False)
        if target == "dec":
            # numeric(p, s) rounds to its scale
            scale = node.type.precision_scale[1] if node.type.modifiers else None
            if node.type.name == "money":
                scale = 2
            if scale is not None:
                return _Val("dec", _dec_rounds(v.data, scale), v.const)
            return v
        if v.kind == target:
            return v
        if (v.kind, target) == ("date", "ts"):
            return _Val("ts", np.asarray(v.data).astype("M8[us]"), v.const)
        raise Unsupported(f"a cast of {v.kind} values to {node.type.display()}")

    def _neg(self, node: Neg) -> _Val:
        v = self.eval(node.arg)
        if v.kind == "unknown":
            v = _Val("dec", _literal(v.data, "dec"), True)
        if v.kind not in (*_NUMBERS, "null"):
            raise CheckSyntaxError("'-' needs a number")
        if v.kind == "null" or self._no_data(v):
            return v
        with localcontext(_EXACT):
            return _Val(v.kind, -v.data, v.const)

    def _arith(self, node: Arith) -> _Val:
        a, b = self.eval(node.left), self.eval(node.right)
        if "null" in (a.kind, b.kind):
            return _Val("null", None, True)
        a, b = _unify(a, b, arithmetic=True)
        op = node.op
        const = a.const and b.const
        kind = _arith_kind(a.kind, op, b.kind)
        if self._no_data(a, b):
            return _Val(kind, None, False)
        if a.kind == "date" and b.kind == "int" and op in "+-":
            step = np.asarray(b.data).astype("m8[D]")
            return _Val("date", a.data + step if op == "+" else a.data - step, const)
        if a.kind == "int" and b.kind == "date" and op == "+":
            return _Val("date", b.data + np.asarray(a.data).astype("m8[D]"), const)
        if a.kind == b.kind == "date" and op == "-":
            return _Val("int", (a.data - b.data).astype(np.int64), const)
        a, b = _as_kind(a, kind), _as_kind(b, kind)
        x, y = np.asarray(a.data), np.asarray(b.data)
        if op in "/%":
            zero = np.asarray(y == 0, bool)
            if zero.any():
                if const:
                    raise CheckSyntaxError("division by zero")
                self.failed |= np.broadcast_to(zero, (self.n,))
                one: Any = Decimal(1) if kind == "dec" else 1
                y = np.where(zero, one, y)
        if kind == "dec":
            with localcontext(_EXACT):
                if op == "/":
                    out = _dec_divs(x, y)
                elif op == "%":
                    out = x % y  # Decimal's remainder has the dividend's sign, like numeric's
                else:
                    out = {"+": operator.add, "-": operator.sub, "*": operator.mul}[op](x, y)
            if isinstance(out, np.ndarray) and out.ndim == 0:
                out = out[()]
            return _Val(kind, out, const)
        with np.errstate(all="ignore"):
            if op == "+":
                out = x + y
            elif op == "-":
                out = x - y
            elif op == "*":
                out = x * y
            elif op == "%":
                out = np.fmod(x, y)  # the sign of the dividend, as in C and PostgreSQL
            elif kind == "int":
                q = np.abs(x) // np.abs(y)  # integer division truncates toward zero
                out = np.where((x < 0) != (y < 0), -q, q)
            else:
                out = x / y
        return _Val(kind, out, const)

    def _func(self, node: Func) -> _Val:
        name = node.name
        if name in (
            "length",
            "char_length",
            "character_length",
            "octet_length",
            "lower",
            "upper",
            "btrim",
            "abs",
            "round",
        ):
            if name == "round":
                return self._round(node)
            if len(node.args) != 1:
                raise Unsupported(f"{name}() with {len(node.args)} arguments")
            v = self.eval(node.args[0])
            if v.kind == "null":
                return v
            if name == "abs":
                if v.kind == "unknown":
                    v = _Val("dec", _literal(v.data, "dec"), True)
                if v.kind not in _NUMBERS:
                    raise Unsupported(f"abs() of {v.kind} values")
                if self._no_data(v):
                    return v
                with localcontext(_EXACT):
                    return _Val(v.kind, np.abs(v.data), v.const)
            if v.kind not in ("text", "unknown"):
                raise Unsupported(f"{name}() of {v.kind} values")
            if self._no_data(v):
                counts = name in _LENGTH_FUNCS or name == "octet_length"
                return _Val("int" if counts else "text", None, False)
            texts = [v.data] if v.const else v.data
            if name in _LENGTH_FUNCS:
                out = np.fromiter(map(len, texts), np.int64, len(texts))
            elif name == "octet_length":
                out = np.fromiter(map(len, map(str.encode, texts)), np.int64, len(texts))
            else:
                fn = {"lower": str.lower, "upper": str.upper, "btrim": _strip_spaces}[name]
                out = np.empty(len(texts), dtype=object)
                out[:] = list(map(fn, texts))
            if v.const:
                return _Val("int" if out.dtype.kind == "i" else "text", out[0], True)
            return _Val("int" if out.dtype.kind == "i" else "text", out, False)
        raise Unsupported(f"the function {name}()")

    def _round(self, node: Func) -> _Val:
        """round(x) and round(numeric, n), as PostgreSQL rounds: numeric half away from
        zero, double precision half to even."""
        if len(node.args) not in (1, 2):
            raise Unsupported(f"round() with {len(node.args)} arguments")
        v = self.eval(node.args[0])
        places = self.eval(node.args[1]) if len(node.args) == 2 else _Val("int", 0, True)
        if "null" in (v.kind, places.kind):
            return _Val("null", None, True)
        if not places.const or places.kind != "int":
            raise Unsupported("round() to a number of places that is not an integer constant")
        if v.kind == "unknown":
            v = _Val("dec", _literal(v.data, "dec"), True)
        if v.kind == "int":
            v = _as_kind(v, "dec")  # round(integer) is round(numeric)
        if v.kind == "num":
            if len(node.args) == 2:
                raise Unsupported("round(double precision, n) (PostgreSQL has none)")
            if self._no_data(v):
                return v
            return _Val("num", np.round(v.data), v.const)
        if v.kind != "dec":
            raise Unsupported(f"round() of {v.kind} values")
        if self._no_data(v):
            return v
        return _Val("dec", _dec_rounds(v.data, int(places.data)), v.const)

    def _cmp(self, node: Cmp) -> _Val:
        a, b = self.eval(node.left), self.eval(node.right)
        return _Val("bool", self._compare(node.op, a, b), False)

    def _compare(self, op: str, a: _Val, b: _Val) -> Any:
        if "null" in (a.kind, b.kind):
            return None if self.dry else np.full(self.n, NULL, np.int8)
        a, b = _unify(a, b)
        if a.kind == "text" and op not in ("=", "<>"):
            raise Unsupported("ordering text values (it depends on the collation)")
        if a.kind == "bool" and op not in ("=", "<>"):
            raise Unsupported("ordering booleans")
        if self.dry:
            return None
        x, y = a.data, b.data
        if a.kind == "dec":
            result = _SIGN_TESTS[op](_dec_compare(x, y), 0)
        elif a.kind == "num":
            # PostgreSQL orders NaN above every number and equal to itself.
            xa, ya = np.asarray(x, np.float64), np.asarray(y, np.float64)
            xn, yn = np.isnan(xa), np.isnan(ya)
            with np.errstate(invalid="ignore"):
                sign = np.where(xa < ya, -1, np.where(xa > ya, 1, 0))
            sign = np.where(xn & yn, 0, np.where(xn, 1, np.where(yn, -1, sign)))
            result = _SIGN_TESTS[op](sign, 0)
        elif a.kind == "text":
            xs = np.asarray(x, dtype=object) if not a.const else x
            ys = np.asarray(y, dtype=object) if not b.const else y
            result = np.asarray(xs == ys, bool) if op == "=" else np.asarray(xs != ys, bool)
        else:
            result = _SIGN_TESTS[op](np.asarray(x), np.asarray(y))
        return np.broadcast_to(np.where(result, TRUE, FALSE).astype(np.int8), (self.n,))

    def _between(self, node: Between) -> _Val:
        a, lo, hi = self.eval(node.arg), self.eval(node.lo), self.eval(node.hi)
        if node.symmetric:
            if not (lo.const and hi.const) or "null" in (lo.kind, hi.kind):
                raise Unsupported("BETWEEN SYMMETRIC with non-constant bounds")
            x, y = _unify(lo, hi)
            if x.data > y.data:
                lo, hi = hi, lo
        low, high = self._compare(">=", a, lo), self._compare("<=", a, hi)
        if self.dry:
            return _Val("bool", None, False)
        out = np.minimum(low, high)
        return _Val("bool", 2 - out if node.negated else out, False)

    def _in(self, node: In) -> _Val:
        a = self.eval(node.arg)
        if self.dry:
            for item in node.items:
                self._compare("=", a, self.eval(item))
            return _Val("bool", None, False)
        out = np.full(self.n, FALSE, np.int8)
        for item in node.items:
            out = np.maximum(out, self._compare("=", a, self.eval(item)))
        return _Val("bool", 2 - out if node.negated else out, False)

    def _like(self, node: Like) -> _Val:
        a, p = self.eval(node.arg), self.eval(node.pattern)
        if "null" in (a.kind, p.kind):
            return _Val("null", None, True)
        if not p.const or p.kind not in ("unknown", "text"):
            raise Unsupported("LIKE with a pattern that is not a literal")
        if a.kind not in ("text", "unknown"):
            raise Unsupported(f"LIKE on {a.kind} values")
        regex = _like_regex(p.data)
        if self.dry:
            return _Val("bool", None, a.const)
        texts = [a.data] if a.const else a.data
        hits = np.fromiter(map(bool, map(regex.fullmatch, texts)), bool, len(texts))
        if node.negated:
            hits = ~hits
        return _Val("bool", np.where(hits, TRUE, FALSE).astype(np.int8), a.const)

    def _is(self, node: Is) -> _Val:
        v = self.eval(node.arg)
        if node.what != "null" and v.kind not in ("bool", "null"):
            raise CheckSyntaxError(f"IS {node.what.upper()} needs a condition")
        if self.dry:
            return _Val("bool", None, False)
        if node.what == "null":
            if v.kind == "null":
                hit = np.ones(self.n, bool)
            elif v.kind == "bool":
                hit = np.broadcast_to(np.asarray(v.data) == NULL, (self.n,))
            else:
                hit = np.zeros(self.n, bool)
        else:
            want = TRUE if node.what == "true" else FALSE
            data = NULL if v.kind == "null" else v.data
            hit = np.broadcast_to(np.asarray(data) == want, (self.n,))
        if node.negated:
            hit = ~hit
        return _Val("bool", np.where(hit, TRUE, FALSE).astype(np.int8), False)

    def _boolop(self, node: BoolOp) -> _Val:
        parts = [self.bools(arg) for arg in node.args]
        if self.dry:
            return _Val("bool", None, False)
        combine = np.minimum if node.op == "and" else np.maximum
        out = parts[0]
        for part in parts[1:]:
            out = combine(out, part)
        return _Val("bool", out, False)

    def _not(self, node: Not) -> _Val:
        result = self.bools(node.arg)
        return _Val("bool", None if self.dry else 2 - result, False)


_SIGN_TESTS: dict[str, Callable[[Any, Any], Any]] = {
    "=": operator.eq,
    "<>": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _strip_spaces(text: str) -> str:
    return text.strip(" ")


def _unify(a: _Val, b: _Val, arithmetic: bool = False) -> tuple[_Val, _Val]:
    """Both operands of one kind, as PostgreSQL resolves a literal against a typed side."""
    if a.kind == "unknown" and b.kind == "unknown":
        return _Val("text", a.data, True), _Val("text", b.data, True)
    if a.kind == "unknown":
        return _Val(
            b.kind, _literal(a.data, "int" if arithmetic and b.kind == "date" else b.kind), True
        ), b
    if b.kind == "unknown":
        return a, _Val(
            a.kind, _literal(b.data, "int" if arithmetic and a.kind == "date" else a.kind), True
        )
    if arithmetic:
        return a, b
    if a.kind != b.kind and a.kind in _NUMBERS and b.kind in _NUMBERS:
        kind = _common_number(a.kind, b.kind)
        return _as_kind(a, kind), _as_kind(b, kind)
    if {a.kind, b.kind} == {"date", "ts"}:
        return _as_ts(a), _as_ts(b)
    if a.kind != b.kind:
        raise Unsupported(f"comparing {a.kind} with {b.kind} values")
    return a, b


_NUMBERS = ("int", "dec", "num")


def _common_number(a: str, b: str) -> str:
    """The kind two numbers meet in, as PostgreSQL resolves their operators: integer with
    numeric is numeric, anything with double precision is double precision."""
    if "num" in (a, b):
        return "num"
    return "dec" if "dec" in (a, b) else "int"


def _arith_kind(a: str, op: str, b: str) -> str:
    """The kind of ``a op b`` (operands unified), or raise Unsupported."""
    if ((a, b) == ("date", "int") and op in "+-") or (a, b, op) == ("int", "date", "+"):
        return "date"
    if (a, b, op) == ("date", "date", "-"):
        return "int"
    if a not in _NUMBERS or b not in _NUMBERS:
        raise Unsupported(f"{a} {op} {b}")
    return _common_number(a, b)


def _as_kind(v: _Val, kind: str) -> _Val:
    """A number as ``kind`` (int → dec → num; dec from a float through its shortest text)."""
    if v.kind == kind:
        return v
    if v.data is None and not v.const:  # a dry run's column
        return _Val(kind, None, False)
    data: Any
    if kind == "num":
        data = float(v.data) if v.const else np.asarray(v.data).astype(np.float64)
    elif kind == "dec":
        data = _as_decimal(v.data) if v.const else _to_decimal(np.asarray(v.data))
    else:
        raise Unsupported(f"{v.kind} values as {kind}")
    return _Val(kind, data, v.const)


def _as_ts(v: _Val) -> _Val:
    if v.kind != "date":
        return v
    if v.data is None and not v.const:  # a dry run's column
        return _Val("ts", None, False)
    return _Val("ts", np.asarray(v.data).astype("M8[us]"), v.const)


def _like_regex(pattern: str) -> re.Pattern[str]:
    out = []
    chars = iter(pattern)
    for ch in chars:
        if ch == "\\":
            out.append(re.escape(next(chars, "\\")))
        elif ch == "%":
            out.append(".*")
        elif ch == "_":
            out.append(".")
        else:
            out.append(re.escape(ch))
    return re.compile("".join(out), re.DOTALL)


# --------------------------------------------------------------------------- bounds


@dataclass(frozen=True)
class Bounds:
    """What the CHECK's top-level conditions say about VALUE, for choosing generator
    parameters (the CHECK itself is still verified on every value)."""

    lo: Any = None  # a number, numpy datetime64 or None
    lo_strict: bool = False
    hi: Any = None
    hi_strict: bool = False
    min_len: int | None = None
    max_len: int | None = None
    choices: tuple[Any, ...] | None = None  # VALUE IN (…) / VALUE = c


def _is_numpy_scalar(x: Any) -> bool:
    # numpy is not imported to ask: a value cannot be one of its scalars before it is
    numpy = sys.modules.get("numpy")
    return numpy is not None and isinstance(x, numpy.generic)


def _conjuncts(node: Any) -> list[Any]:
    if isinstance(node, BoolOp) and node.op == "and":
        return [c for arg in node.args for c in _conjuncts(arg)]
    return [node]


def _mentions_value(node: Any) -> bool:
    if isinstance(node, Value):
        return True
    if isinstance(node, tuple):
        return any(map(_mentions_value, node))
    if hasattr(node, "__dataclass_fields__"):
        return any(_mentions_value(getattr(node, f)) for f in node.__dataclass_fields__)
    return False


_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "<>": "<>"}


class CompiledCheck:
    """A domain CHECK ready to run: ``ok(texts)`` says which values pass."""

    def __init__(
        self, text: str, base: PgType, tree: Any = None, column: str | None = None
    ) -> None:
        self.text = text
        self.base = base
        # the column VALUE stands for, for a table's or column's CHECK about one column
        self.column = column
        self.kind = _eval_kind(base)
        self.tree = parse_check(text) if tree is None else tree
        # Type-check once, so unsupported parts surface at validation.
        _Eval(_Val(self.kind, None, False), 0, dry=True).bools(self.tree)
        self.bounds = self._bounds()

    @functools.cached_property
    def allows_null(self) -> bool:
        """Whether a NULL passes (the CHECK is NULL or true for it)."""
        null_run = _Eval(_Val("null", None, True), 1)
        return int(null_run.bools(self.tree)[0]) != FALSE

    def _run(self, values: np.ndarray) -> np.ndarray:
        ev = _Eval(_Val(self.kind, values, False), len(values))
        result = ev.bools(self.tree)
        return (result != FALSE) & ~ev.failed

    def ok(self, texts: Sequence[str | None]) -> np.ndarray:
        """Which values pass: NULL passes when the CHECK allows it (NOT NULL aside)."""
        n = len(texts)
        present = np.fromiter(map(operator.is_not, texts, [None] * n), bool, n)
        out = np.full(n, self.allows_null)
        idx = np.flatnonzero(present)
        if idx.size == n:
            return self._run(column_values(cast("Sequence[str]", texts), self.base))
        if idx.size:
            chosen = [cast(str, texts[i]) for i in idx.tolist()]
            out[idx] = self._run(column_values(chosen, self.base))
        return out

    def _constant(self, node: Any, kind: str | None = None) -> Any:
        """The value of a subexpression without VALUE, read as ``kind`` (VALUE's kind by
        default; "int" for lengths), or None."""
        want = kind or self.kind
        if _mentions_value(node):
            return None
        try:
            v = _Eval(_Val(self.kind, None, False), 1, dry=True).eval(node)
            if v.data is None and v.kind != "null":
                return None  # a condition: not a bound
            if v.kind == "unknown":
                v = _Val(want, _literal(v.data, want), True)
        except ValueError:
            return None
        if v.kind == "null":
            return None
        numeric = want in _NUMBERS and v.kind in _NUMBERS
        if v.kind != want and not numeric:
            return None
        if isinstance(v.data, Decimal):
            # the generators' bounds are floats
            return float(v.data)
        if v.kind in _NUMBERS and _is_numpy_scalar(v.data):
            return v.data.item()
        return v.data

    def _bounds(self) -> Bounds:
        lo: Any = None
        hi: Any = None
        lo_strict = hi_strict = False
        min_len: int | None = None
        max_len: int | None = None
        choices: tuple[Any, ...] | None = None

        def lower(c: Any, strict: bool) -> None:
            nonlocal lo, lo_strict
            if lo is None or c > lo or (c == lo and strict):
                lo, lo_strict = c, strict

        def upper(c: Any, strict: bool) -> None:
            nonlocal hi, hi_strict
            if hi is None or c < hi or (c == hi and strict):
                hi, hi_strict = c, strict

        def length_bound(op: str, c: Any) -> None:
            nonlocal min_len, max_len
            if not isinstance(c, (int, float)):
                return
            if op in (">", ">="):
                m = math.floor(c) + 1 if op == ">" else math.ceil(c)
                min_len = m if min_len is None else max(min_len, m)
            elif op in ("<", "<="):
                m = math.ceil(c) - 1 if op == "<" else math.floor(c)
                max_len = m if max_len is None else min(max_len, m)
            elif op == "=":
                length_bound(">=", c)
                length_bound("<=", c)

        def is_len(node: Any) -> bool:
            if not (isinstance(node, Func) and node.name in _LENGTH_FUNCS and len(node.args) == 1):
                return False
            arg = node.args[0]
            while isinstance(arg, Cast):
                arg = arg.arg
            return isinstance(arg, Value)

        for c in _conjuncts(self.tree):
            if isinstance(c, Cmp):
                left, op, right = c.left, c.op, c.right
                if not isinstance(left, Value) and not is_len(left):
                    left, op, right = right, _FLIP[op], left
                const = self._constant(right, "int" if is_len(left) else None)
                if const is None:
                    continue
                if is_len(left):
                    length_bound(op, const)
                elif isinstance(left, Value):
                    if op in (">", ">="):
                        lower(const, op == ">")
                    elif op in ("<", "<="):
                        upper(const, op == "<")
                    elif op == "=":
                        choices = (const,)
            elif isinstance(c, Between) and not c.negated and not c.symmetric:
                want = "int" if is_len(c.arg) else None
                a, b = self._constant(c.lo, want), self._constant(c.hi, want)
                if a is None or b is None:
                    continue
                if is_len(c.arg):
                    length_bound(">=", a)
                    length_bound("<=", b)
                elif isinstance(c.arg, Value):
                    lower(a, False)
                    upper(b, False)
            elif isinstance(c, In) and not c.negated and isinstance(c.arg, Value):
                consts = [self._constant(item) for item in c.items]
                if all(x is not None for x in consts):
                    choices = tuple(consts)
        return Bounds(lo, lo_strict, hi, hi_strict, min_len, max_len, choices)


def compile_check(text: str, base: PgType) -> CompiledCheck:
    """Parse and type-check a domain CHECK over ``base`` values.

    Raises CheckSyntaxError for text PostgreSQL would reject too, Unsupported for valid
    SQL pgmock cannot evaluate.
    """
    return CompiledCheck(text, base)


# --------------------------------------------------------------------------- table CHECKs


def columns_of(node: Any) -> set[str]:
    """The columns a CHECK's tree names."""
    if isinstance(node, Column):
        return {node.name}
    if isinstance(node, tuple):
        return set().union(*map(columns_of, node)) if node else set()
    if hasattr(node, "__dataclass_fields__"):
        return set().union(*(columns_of(getattr(node, f)) for f in node.__dataclass_fields__))
    return set()


def _evaluated_type(pgtype: PgType) -> PgType:
    """The type a column is evaluated as: a domain as its base (PgType already names it),
    an enum as text (equality with a label is text equality; ordering is refused)."""
    if pgtype.user is not None and pgtype.user.kind == "enum" and not pgtype.is_array:
        return PgType("text")
    return pgtype


class RowCheck:
    """A table's (or column's) CHECK over the columns of a row: ``ok(values)`` says which
    rows pass. SQL's three-valued logic applies: a row passes unless the CHECK is false,
    so a NULL in a column usually lets it pass (``discount <= 1`` is NULL for a NULL
    discount); ``IS NULL``, ``OR`` and ``AND`` follow their truth tables."""

    def __init__(self, text: str, columns: Mapping[str, PgType]) -> None:
        self.text = text
        self.tree = parse_check(text, columns)
        self.columns = sorted(columns_of(self.tree))
        self.types = {c: _evaluated_type(columns[c]) for c in self.columns}
        self.kinds = {c: _eval_kind(t) for c, t in self.types.items()}
        # Type-check once, so unsupported parts surface here.
        dry = {c: _Val(k, None, False) for c, k in self.kinds.items()}
        _Eval(None, 0, dry, dry=True).bools(self.tree)

    def _run(
        self, values: Mapping[str, Sequence[str | None]], n: int, nulls: int, strict: bool = False
    ) -> np.ndarray:
        """Evaluate rows whose referenced columns are NULL where bit i of *nulls* says;
        ``strict``: true rows only (a partial index's WHERE), not the rows a CHECK lets
        pass (true or NULL)."""
        row: dict[str, _Val] = {}
        for i, c in enumerate(self.columns):
            if nulls >> i & 1:
                row[c] = _Val("null", None, True)
            else:
                texts = cast("Sequence[str]", values[c])
                row[c] = _Val(self.kinds[c], column_values(texts, self.types[c]), False)
        ev = _Eval(None, n, row)
        result = ev.bools(self.tree)
        if strict:
            return (result == TRUE) & ~ev.failed
        return (result != FALSE) & ~ev.failed

    def ok(
        self, values: Mapping[str, Sequence[str | None]], n: int, strict: bool = False
    ) -> np.ndarray:
        """Which of the *n* rows pass; *values* holds the PostgreSQL text of each
        referenced column (None for NULL). ``strict``: which rows it is true for (a
        partial index's WHERE takes a row only then)."""
        if not self.columns:
            return np.broadcast_to(self._run({}, 1, 0, strict), (n,)).copy()
        pattern = np.zeros(n, np.int64)
        for i, c in enumerate(self.columns):
            col = values[c]
            if None in col:
                isnull = np.fromiter(map(operator.is_, col, [None] * n), bool, n)
                pattern |= isnull.astype(np.int64) << i
        if not pattern.any():
            return self._run(values, n, 0, strict)
        out = np.ones(n, bool)
        for nulls in np.unique(pattern).tolist():
            idx = np.flatnonzero(pattern == nulls)
            subset = {
                c: [values[c][j] for j in idx.tolist()] if not nulls >> i & 1 else []
                for i, c in enumerate(self.columns)
            }
            out[idx] = self._run(subset, idx.size, nulls, strict)
        return out


def compile_row_check(text: str, columns: Mapping[str, PgType]) -> RowCheck:
    """Parse and type-check a table's CHECK over *columns* (name → type).

    Raises CheckSyntaxError for text PostgreSQL would reject as well (a column the table
    does not have), Unsupported for valid SQL pgmock cannot evaluate.
    """
    return RowCheck(text, columns)


def _as_value(node: Any, column: str) -> Any:
    """The tree with ``column`` read as VALUE (a CHECK about one column is checked like
    a domain's)."""
    if isinstance(node, Column):
        return Value() if node.name == column else node
    if isinstance(node, tuple):
        return tuple(_as_value(n, column) for n in node)
    if hasattr(node, "__dataclass_fields__"):
        fields = {f: _as_value(getattr(node, f), column) for f in node.__dataclass_fields__}
        return type(node)(**fields)
    return node


def unequal_pair(node: Any) -> tuple[str, str] | None:
    """The two columns a CHECK is about if it says only that they differ (``a <> b``),
    or None."""
    unequal = isinstance(node, Cmp) and node.op == "<>"
    if unequal and isinstance(node.left, Column) and isinstance(node.right, Column):
        return node.left.name, node.right.name
    return None


def compile_table_check(text: str, columns: Mapping[str, PgType]) -> CompiledCheck | RowCheck:
    """A table's (or a column's) CHECK over the table's columns, for generation: one
    about a single column is checked like a domain's, with that column as VALUE (its
    bounds narrow the generator, an IN-list gives the values); one about several is a
    :class:`RowCheck`.

    Raises CheckSyntaxError (PostgreSQL would reject it too) or Unsupported.
    """
    tree = parse_check(text, columns)
    named = columns_of(tree)
    if len(named) == 1:
        (column,) = named
        base = _evaluated_type(columns[column])
        return CompiledCheck(text, base, _as_value(tree, column), column)
    return RowCheck(text, columns)


def true_columns(where: str, columns: Mapping[str, PgType]) -> list[str]:
    """The columns a condition needs true: those ANDed in bare (``WHERE is_default``),
    as ``col = true`` or as ``col IS TRUE``; the condition is false where any of them is
    false. Raises CheckSyntaxError/Unsupported for a condition it cannot read."""
    out: list[str] = []
    for c in _conjuncts(parse_check(where, columns)):
        if isinstance(c, Is) and c.what == "true" and not c.negated:
            c = c.arg
        elif isinstance(c, Cmp) and c.op == "=":
            if isinstance(c.left, Const) and c.left.kind == "bool" and c.left.value == TRUE:
                c = c.right
            elif isinstance(c.right, Const) and c.right.kind == "bool" and c.right.value == TRUE:
                c = c.left
        if isinstance(c, Column) and c.name not in out:
            out.append(c.name)
    return out


def ordered_pair(node: Any) -> tuple[str, str] | None:
    """The two columns of the one comparison between columns that decides a CHECK (``a <
    b``, alone or next to ``IS [NOT] NULL`` tests), or None."""
    if isinstance(node, BoolOp):
        # "a IS NULL OR …", "a IS NOT NULL AND …": the comparison is what is left
        rest = [arg for arg in node.args if not isinstance(arg, Is)]
        return ordered_pair(rest[0]) if len(rest) == 1 else None
    ordered = isinstance(node, Cmp) and node.op in ("<", "<=", ">", ">=")
    if ordered and isinstance(node.left, Column) and isinstance(node.right, Column):
        return node.left.name, node.right.name
    return None


def ascending_pair(node: Any) -> tuple[str, str] | None:
    """Of the CHECK's one comparison between columns (see ordered_pair): the column that
    must be the smaller, then the larger (``end_date >= start_date``: start, end)."""
    if isinstance(node, BoolOp):
        rest = [arg for arg in node.args if not isinstance(arg, Is)]
        return ascending_pair(rest[0]) if len(rest) == 1 else None
    pair = ordered_pair(node)
    if pair is None:
        return None
    return pair if node.op in ("<", "<=") else (pair[1], pair[0])
