"""PostgreSQL type names: parse any spelling into one canonical form.

Generators declare the canonical names they accept (``int4``, ``varchar``, ``timestamptz``);
schema authors write whatever PostgreSQL accepts (``integer``, ``character varying(20)``,
``timestamp with time zone``). Everything meets here, so there is one place that knows
that ``int`` and ``int4`` are the same type and how pg_dump spells it back.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

# Types whose one spelling is both their canonical name and how pg_dump prints them
# (more spellings may map to them below).
_SELF_NAMED = (
    *("numeric", "money", "text", "name", "date", "interval", "uuid", "json", "jsonb"),
    *("bytea", "inet", "cidr", "macaddr", "macaddr8", "xml", "bit"),
    *("point", "line", "lseg", "box", "path", "polygon", "circle"),
    *("tsvector", "tsquery", "pg_lsn"),
    *("int4range", "int8range", "numrange", "tsrange", "tstzrange", "daterange"),
    *("int4multirange", "int8multirange", "nummultirange"),
    *("tsmultirange", "tstzmultirange", "datemultirange"),
)

# alias -> canonical name (PostgreSQL's internal type name)
_ALIASES: dict[str, str] = {
    "smallint": "int2",
    "int2": "int2",
    "integer": "int4",
    "int": "int4",
    "int4": "int4",
    "bigint": "int8",
    "int8": "int8",
    "smallserial": "int2",
    "serial2": "int2",
    "serial": "int4",
    "serial4": "int4",
    "bigserial": "int8",
    "serial8": "int8",
    "real": "float4",
    "float4": "float4",
    "double precision": "float8",
    "float8": "float8",
    "float": "float8",
    "decimal": "numeric",
    "varchar": "varchar",
    "character varying": "varchar",
    "char": "bpchar",
    "character": "bpchar",
    "bpchar": "bpchar",
    "citext": "citext",
    "boolean": "bool",
    "bool": "bool",
    "time": "time",
    "time without time zone": "time",
    "timetz": "timetz",
    "time with time zone": "timetz",
    "timestamp": "timestamp",
    "timestamp without time zone": "timestamp",
    "timestamptz": "timestamptz",
    "timestamp with time zone": "timestamptz",
    '"char"': "char",
    "bit varying": "varbit",
    "varbit": "varbit",
    **{name: name for name in _SELF_NAMED},
}

_SERIALS = {
    "smallserial": "int2",
    "serial2": "int2",
    "serial": "int4",
    "serial4": "int4",
    "bigserial": "int8",
    "serial8": "int8",
}

# canonical -> how pg_dump's format_type() prints it (without modifiers)
_DISPLAY: dict[str, str] = {
    "int2": "smallint",
    "int4": "integer",
    "int8": "bigint",
    "float4": "real",
    "float8": "double precision",
    "varchar": "character varying",
    "bpchar": "character",
    "citext": "public.citext",
    "bool": "boolean",
    "time": "time without time zone",
    "timetz": "time with time zone",
    "timestamp": "timestamp without time zone",
    "timestamptz": "timestamp with time zone",
    "char": '"char"',
    "varbit": "bit varying",
    **{name: name for name in _SELF_NAMED},
}

BUILTIN_TYPES: frozenset[str] = frozenset(_DISPLAY)
INTEGER_TYPES = frozenset({"int2", "int4", "int8"})
FLOAT_TYPES = frozenset({"float4", "float8"})
NUMERIC_TYPES = INTEGER_TYPES | FLOAT_TYPES | {"numeric", "money"}
TEXT_TYPES = frozenset({"text", "varchar", "bpchar", "name", "citext"})
TEMPORAL_TYPES = frozenset({"date", "time", "timetz", "timestamp", "timestamptz"})
BIT_TYPES = frozenset({"bit", "varbit"})
GEOMETRIC_TYPES = frozenset({"point", "line", "lseg", "box", "path", "polygon", "circle"})
# range type -> its subtype; multirange type -> its range type
RANGE_SUBTYPES: dict[str, str] = {
    "int4range": "int4",
    "int8range": "int8",
    "numrange": "numeric",
    "tsrange": "timestamp",
    "tstzrange": "timestamptz",
    "daterange": "date",
}
MULTIRANGE_RANGES: dict[str, str] = {
    "int4multirange": "int4range",
    "int8multirange": "int8range",
    "nummultirange": "numrange",
    "tsmultirange": "tsrange",
    "tstzmultirange": "tstzrange",
    "datemultirange": "daterange",
}
# Ranges whose subtype is discrete: PostgreSQL stores them as [lower, upper).
DISCRETE_RANGES = frozenset({"int4range", "int8range", "daterange"})
# The families of built-in types, for documentation and round-trip tests.
TYPE_FAMILIES: dict[str, tuple[str, ...]] = {
    "numeric": ("int2", "int4", "int8", "numeric", "float4", "float8", "money"),
    "text": ("text", "varchar", "bpchar", "char", "name", "citext"),
    "binary": ("bytea", "bit", "varbit"),
    "datetime": ("date", "time", "timetz", "timestamp", "timestamptz", "interval"),
    "other": ("bool", "uuid", "json", "jsonb", "xml", "pg_lsn"),
    "network": ("inet", "cidr", "macaddr", "macaddr8"),
    "geometric": ("point", "line", "lseg", "box", "path", "polygon", "circle"),
    "text search": ("tsvector", "tsquery"),
    "range": tuple(RANGE_SUBTYPES),
    "multirange": tuple(MULTIRANGE_RANGES),
}
# Interval field restrictions (interval day to second(3)); the precision goes only with
# fields that end in SECOND, or with none.
INTERVAL_FIELDS = frozenset(
    {
        "year",
        "month",
        "day",
        "hour",
        "minute",
        "second",
        "year to month",
        "day to hour",
        "day to minute",
        "day to second",
        "hour to minute",
        "hour to second",
        "minute to second",
    }
)
# Built-in types whose values need an extension to exist in the target database; plugins
# add theirs as ExtensionType (below).
EXTENSION_TYPES = {"citext": "citext"}

INT_RANGES = {
    "int2": (-(2**15), 2**15 - 1),
    "int4": (-(2**31), 2**31 - 1),
    "int8": (-(2**63), 2**63 - 1),
}

_TYPE_RE = re.compile(
    r"""^\s*(?P<base>[A-Za-z_"][A-Za-z0-9_ ."]*?)\s*
        (?:\(\s*(?P<mods>[^)]*)\))?\s*
        (?P<tz>with(?:out)?\s+time\s+zone)?\s*
        (?P<arr>(?:\[\s*\d*\s*\]\s*)*)$""",
    re.IGNORECASE | re.VERBOSE,
)


class TypeParseError(ValueError):
    """A type name that is not valid PostgreSQL syntax."""


@dataclass(frozen=True)
class ExtensionType:
    """A type a PostgreSQL extension adds (pgvector's ``vector``), registered by a plugin
    with ``registry.add_type`` (hook ``pgmock_register_types``).

    Once registered it is spelled, parsed and dumped like a built-in type: ``name`` (and
    ``aliases``) with modifiers checked by ``check_modifiers``; the dump writes
    ``CREATE EXTENSION IF NOT EXISTS extension`` before the tables, with ``comment`` (the
    extension's .control comment) as pg_dump does, and the type qualified by the
    extension's ``schema`` (``public.vector(1536)``), as are its ``operator_classes`` in
    indexes (``public.vector_cosine_ops``). Generators match it by ``name``
    (``pg_types = {"vector"}``); ``text`` turns what they return when it is not already
    text (a float matrix, one row per value) into PostgreSQL's text form, a batch at a
    time. Callables must be module-level functions: types travel to worker processes.
    """

    name: str
    extension: str
    schema: str = "public"
    aliases: tuple[str, ...] = ()
    # what the modifiers mean, for `pgmock types` ("(n): dimensions"); "" when none
    modifiers: str = ""
    # the modifiers (never empty) -> a problem, or None when PostgreSQL accepts them;
    # None: the type takes no modifiers
    check_modifiers: Callable[[tuple[int, ...]], str | None] | None = None
    # (batch, column type, column name for messages) -> one str or None per value
    text: Callable[[Any, PgType, str], list[str | None]] | None = None
    comment: str | None = None
    family: str = "extension"
    # operator classes the extension adds for the type (vector_cosine_ops): an index
    # naming one bare gets it qualified by ``schema``, as pg_dump writes it
    operator_classes: tuple[str, ...] = ()

    @property
    def qualified(self) -> str:
        from pgmock_sdk.sqlnames import qualify

        return qualify(self.schema, self.name)


# The extension types of the host that is resolving a schema: parse_type knows them while
# ``extension_types(...)`` is active, so each host (and each test) sees only its plugins'.
_NO_TYPES: Mapping[str, ExtensionType] = MappingProxyType({})
_ACTIVE_TYPES: ContextVar[Mapping[str, ExtensionType]] = ContextVar(
    "pgmock_extension_types", default=_NO_TYPES
)


@contextmanager
def extension_types(types: Mapping[str, ExtensionType]) -> Iterator[None]:
    """Make ``types`` (spelling -> type) known to :func:`parse_type` within the block."""
    token = _ACTIVE_TYPES.set(types)
    try:
        yield
    finally:
        _ACTIVE_TYPES.reset(token)


def active_extension_types() -> Mapping[str, ExtensionType]:
    """The extension types :func:`parse_type` knows here, by every spelling."""
    return _ACTIVE_TYPES.get()


def qualified_operator_class(name: str) -> str:
    """An operator class as pg_dump writes it: a bare one an active extension type's
    extension adds is qualified by the extension's schema (it is not on pg_dump's empty
    search_path); any other name is left as written."""
    for ext in _ACTIVE_TYPES.get().values():
        if name in ext.operator_classes:
            from pgmock_sdk.sqlnames import qualify

            return qualify(ext.schema, name)
    return name


@dataclass(frozen=True)
class UserType:
    """A type declared in the schema's ``types`` section.

    ``kind`` is ``enum`` (``labels``), ``composite`` (``attributes``: name and type of each
    field), ``domain`` (``base`` type, optional ``check`` on VALUE and ``not_null``) or
    ``range`` (``base`` is the subtype).
    """

    schema: str
    name: str
    kind: str
    labels: tuple[str, ...] = ()
    attributes: tuple[tuple[str, PgType], ...] = ()
    base: PgType | None = None
    check: str | None = None
    not_null: bool = False

    @property
    def qualified(self) -> str:
        from pgmock_sdk.sqlnames import qualify

        return qualify(self.schema, self.name)


@dataclass(frozen=True)
class PgType:
    """A resolved column type.

    ``name`` is the canonical base name (``int4``, ``varchar``, or a user type's name),
    ``modifiers`` the typmod numbers (``varchar(255)`` → ``(255,)``), ``array_dims`` the
    number of ``[]``, ``serial`` whether it was spelled as a serial pseudo-type.
    """

    name: str
    modifiers: tuple[int, ...] = ()
    array_dims: int = 0
    serial: bool = False
    user: UserType | None = field(default=None, compare=False)
    # interval field restriction ("year to month"), "" when none
    fields: str = ""
    # the plugin-registered type this is (pgvector's vector), else None
    ext: ExtensionType | None = field(default=None, compare=False)

    @property
    def is_array(self) -> bool:
        return self.array_dims > 0

    @property
    def element(self) -> PgType:
        return PgType(self.name, self.modifiers, 0, False, self.user, self.fields, self.ext)

    @property
    def extension(self) -> str | None:
        """The extension the type needs in the database (``citext``, ``vector``), if any."""
        return self.ext.extension if self.ext is not None else EXTENSION_TYPES.get(self.name)

    @property
    def key(self) -> str:
        """The name generators match on: ``int4``, ``text[]``; ``enum``, ``composite`` and
        ``range`` for user types of those kinds; a domain matches as its base type."""
        base = self.name
        if self.user is not None and self.user.kind != "domain":
            base = self.user.kind
        return base + "[]" * self.array_dims

    @property
    def domain(self) -> UserType | None:
        """The domain this column's type is, if any (its name/modifiers are the base's)."""
        return self.user if self.user is not None and self.user.kind == "domain" else None

    @property
    def range_subtype(self) -> PgType | None:
        """The subtype of a range type (built-in or user), else None."""
        if self.user is not None and self.user.kind == "range":
            return self.user.base
        sub = RANGE_SUBTYPES.get(self.name)
        return PgType(sub) if sub is not None and self.user is None else None

    @property
    def multirange_range(self) -> PgType | None:
        """The range type of a built-in multirange type, else None."""
        rng = MULTIRANGE_RANGES.get(self.name)
        return PgType(rng) if rng is not None and self.user is None else None

    @property
    def length(self) -> int | None:
        """Maximum length of the text form: characters of varchar(n)/char(n)/name, bits
        of bit(n)/bit varying(n) (bit(n) needs exactly n)."""
        if self.name in ("varchar", "bpchar", "bit", "varbit") and self.modifiers:
            return self.modifiers[0]
        if self.name in ("bpchar", "bit", "char"):
            return 1
        if self.name == "name":
            return 63
        return None

    @property
    def precision_scale(self) -> tuple[int | None, int]:
        """(precision, scale) for numeric; (None, 0) when unconstrained."""
        if self.name != "numeric" or not self.modifiers:
            return (None, 0)
        if len(self.modifiers) == 1:
            return (self.modifiers[0], 0)
        return (self.modifiers[0], self.modifiers[1])

    def display(self) -> str:
        """The type as pg_dump prints it in CREATE TABLE (``character varying(255)``)."""
        if self.user is not None:
            return self.user.qualified + "[]" * self.array_dims
        base = self.ext.qualified if self.ext is not None else _DISPLAY.get(self.name, self.name)
        if self.fields:
            base = f"{base} {self.fields}"
        if self.modifiers:
            mods = "(" + ",".join(str(m) for m in self.modifiers) + ")"
            if " with" in base:  # time(3) with time zone
                head, _, tail = base.partition(" with")
                base = f"{head}{mods} with{tail}"
            else:
                base = base + mods
        return base + "[]" * self.array_dims

    def __str__(self) -> str:
        return self.display()


def parse_type(spelling: str, user_types: dict[str, UserType] | None = None) -> PgType:
    """Parse a PostgreSQL type spelling.

    Raises TypeParseError for malformed text and KeyError (with the normalized name)
    for an unknown type, so callers can suggest close names.
    """
    m = _TYPE_RE.match(spelling)
    if not m:
        raise TypeParseError(f"cannot parse type {spelling!r}")
    base = " ".join(m.group("base").lower().split())
    mods_text = m.group("mods")
    tz = m.group("tz")
    arr = m.group("arr") or ""
    if tz:
        base = f"{base} {' '.join(tz.lower().split())}"
    mods: tuple[int, ...] = ()
    if mods_text is not None:
        try:
            mods = tuple(int(p) for p in mods_text.split(","))
        except ValueError as exc:
            raise TypeParseError(f"type modifiers must be integers in {spelling!r}") from exc
    dims = arr.count("[")
    users = user_types or {}
    if base in users:
        ut = users[base]
        if mods:
            raise TypeParseError(f"type {spelling!r}: user type {base} takes no modifiers")
        return _user_type(ut, dims)
    if base.startswith("public.") and base[7:] in users:
        return _user_type(users[base[7:]], dims)
    ext = _extension_type(base)
    if ext is not None:
        if mods:
            problem = (
                f"type {spelling!r} does not take modifiers"
                if ext.check_modifiers is None
                else ext.check_modifiers(mods)
            )
            if problem is not None:
                raise TypeParseError(problem)
        return PgType(ext.name, mods, dims, False, None, "", ext)
    fields = ""
    if base.startswith("interval "):
        fields = base[len("interval ") :]
        if fields not in INTERVAL_FIELDS:
            allowed = ", ".join(sorted(INTERVAL_FIELDS))
            raise TypeParseError(f"interval fields in {spelling!r} must be one of: {allowed}")
        if mods and not fields.endswith("second"):
            raise TypeParseError(f"{spelling!r}: a precision needs fields ending in second")
        base = "interval"
    if base == "float" and mods:
        # float(p): PostgreSQL picks real for p <= 24 and double precision above.
        if len(mods) != 1 or not 1 <= mods[0] <= 53:
            raise TypeParseError(f"precision for {spelling!r} must be between 1 and 53")
        base, mods = ("real" if mods[0] <= 24 else "double precision"), ()
    canonical = _ALIASES.get(base)
    if canonical is None:
        raise KeyError(base)
    serial = base in _SERIALS
    if serial and (dims or mods):
        raise TypeParseError(f"{base} cannot have modifiers or be an array")
    _check_modifiers(canonical, mods, spelling)
    if canonical in ("bpchar", "bit") and not mods:
        mods = (1,)  # char and bit mean char(1) and bit(1), and pg_dump prints them so
    return PgType(canonical, mods, dims, serial, None, fields)


def _extension_type(base: str) -> ExtensionType | None:
    """The active extension type spelled ``base`` (bare, or qualified by its schema)."""
    types = _ACTIVE_TYPES.get()
    ext = types.get(base)
    if ext is None and "." in base:
        schema, _, name = base.partition(".")
        found = types.get(name)
        ext = found if found is not None and found.schema == schema else None
    return ext


def _user_type(ut: UserType, dims: int) -> PgType:
    if ut.kind == "domain" and ut.base is not None:
        # A domain is its base type to generators and rendering; only its name differs.
        b = ut.base
        return PgType(b.name, b.modifiers, dims + b.array_dims, False, ut, b.fields)
    return PgType(ut.name, (), dims, False, ut)


def _check_modifiers(canonical: str, mods: tuple[int, ...], spelling: str) -> None:
    if not mods:
        return
    if canonical in ("varchar", "bpchar"):
        if len(mods) != 1 or not 1 <= mods[0] <= 10485760:
            raise TypeParseError(f"length for type {spelling!r} must be between 1 and 10485760")
    elif canonical == "numeric":
        if len(mods) > 2 or not 1 <= mods[0] <= 1000:
            raise TypeParseError(f"NUMERIC precision in {spelling!r} must be between 1 and 1000")
        if len(mods) == 2 and not -1000 <= mods[1] <= 1000:
            raise TypeParseError(f"NUMERIC scale in {spelling!r} must be between -1000 and 1000")
    elif canonical in ("bit", "varbit"):
        if len(mods) != 1 or not 1 <= mods[0] <= 83886080:
            raise TypeParseError(f"length for type {spelling!r} must be between 1 and 83886080")
    elif canonical in ("time", "timetz", "timestamp", "timestamptz", "interval"):
        if len(mods) != 1 or not 0 <= mods[0] <= 6:
            raise TypeParseError(f"precision for {spelling!r} must be between 0 and 6")
    else:
        raise TypeParseError(f"type {spelling!r} does not take modifiers")


def known_type_names() -> list[str]:
    """Every spelling of a built-in type, for "did you mean" suggestions (the active
    extension types are :func:`active_extension_types`)."""
    return sorted(_ALIASES)


def display_name(canonical: str) -> str:
    """How pg_dump spells a canonical built-in type name (``int4`` → ``integer``)."""
    return _DISPLAY.get(canonical, canonical)
