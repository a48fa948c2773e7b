"""Byte-shaped generators: uuid, bytea, inet/cidr, macaddr, bit strings, "char" and
pg_lsn, rendered from uint8 matrices (hex, binary or decimal digits) decoded once per
batch."""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal, cast

import numpy as np
from pydantic import Field, field_validator, model_validator

from pgmock_builtins._vec import (
    digit_codes,
    hex_matrix,
    hex_quads,
    marked_matrix,
    split_fixed,
    split_marked,
)
from pgmock_sdk import ColumnInfo, GenContext, Generator, Params
from pgmock_sdk.textmatrix import TextMatrix
from pgmock_sdk.unique import permute, permute_uint64, scramble64

if TYPE_CHECKING:
    from numpy.typing import NDArray

_TEXTISH = frozenset({"text", "varchar", "bpchar", "citext"})


def _check_room(column: ColumnInfo, width: int) -> None:
    limit = column.type.length
    if column.type.name in _TEXTISH and limit is not None and limit < width:
        raise ValueError(f"{column.path}: {column.type} is too short for {width}-character values")


# --------------------------------------------------------------------------- uuid

_SECOND_HALF = 0x9E3779B97F4A7C15  # keys the random-looking half apart from the unique one


def uuid_texts(
    unique_bits: NDArray[np.uint64], rng: np.random.Generator | NDArray[np.uint64]
) -> list[str]:
    """Version-4-looking UUIDs whose first 64 free bits are ``unique_bits`` (so distinct
    inputs give distinct UUIDs) and whose other 58 free bits are random: drawn from
    ``rng``, or the low bits of the given 64-bit words (one per value)."""
    full = marked_matrix(len(unique_bits), 36)
    uuid_matrix(unique_bits, rng, full[:, 1:])
    return split_marked(full, nuls=False)


def uuid_matrix(
    unique_bits: NDArray[np.uint64],
    rng: np.random.Generator | NDArray[np.uint64],
    out: NDArray[np.uint8] | None = None,
) -> NDArray[np.uint8]:
    """The texts of :func:`uuid_texts` as an (n, 36) ASCII matrix (``out`` if given)."""
    n = len(unique_bits)
    if isinstance(rng, np.random.Generator):
        raw = rng.integers(0, 256, (n, 16), dtype=np.uint8)
    else:
        raw = np.empty((n, 16), np.uint8)
        raw[:, 8:] = rng.astype(">u8").view(np.uint8).reshape(n, 8)
    ub = unique_bits.astype(">u8").view(np.uint8).reshape(n, 8)
    raw[:, 0:6] = ub[:, 0:6]
    raw[:, 6] = 0x40 | (ub[:, 6] >> 4)
    raw[:, 7] = ((ub[:, 6] & 0x0F) << 4) | (ub[:, 7] >> 4)
    raw[:, 8] = 0x80 | ((ub[:, 7] & 0x0F) << 2) | (raw[:, 8] & 0x03)
    quads = hex_quads(raw)  # (n, 8): the hex digits of two bytes each
    if out is None:
        out = np.empty((n, 36), np.uint8)
    out[:, [8, 13, 18, 23]] = ord("-")
    # the groups of digits as fields of a record laid over each row: 8-4-4-4-12
    groups = out.view(_UUID_GROUPS) if out.flags.c_contiguous else np.empty(n, _UUID_GROUPS)
    groups = groups.reshape(n)
    groups["a"] = quads[:, 0:2]
    groups["b"] = quads[:, 2]
    groups["c"] = quads[:, 3]
    groups["d"] = quads[:, 4]
    groups["e"] = quads[:, 5:8]
    if not out.flags.c_contiguous:
        digits = groups.view(np.uint8).reshape(n, 36)
        for lo, hi in ((0, 8), (9, 13), (14, 18), (19, 23), (24, 36)):
            out[:, lo:hi] = digits[:, lo:hi]
    return out


# Where a uuid's groups of hex digits sit in its 36 characters (the dashes between them).
_UUID_GROUPS = np.dtype(
    {
        "names": ["a", "b", "c", "d", "e"],
        "formats": [("V4", 2), "V4", "V4", "V4", ("V4", 3)],
        "offsets": [0, 9, 14, 19, 24],
        "itemsize": 36,
    }
)


class UuidGenerator(Generator):
    """Random-looking version 4 UUIDs, unique by construction (64 bits come from a keyed
    bijection of the row number)."""

    name = "uuid"
    pg_types = frozenset({"uuid"}) | _TEXTISH
    default_for = frozenset({"uuid"})
    supports_unique = True
    # Both halves are keyed hashes of the row number (never the rng): a child table can
    # compute the UUID of any parent row instead of holding them all.
    row_pure = True

    def __init__(self, params: Params, column: ColumnInfo) -> None:
        super().__init__(params, column)
        _check_room(column, 36)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> Sequence[str]:
        rows = ctx.row_numbers(n)
        key = self.column.key
        unique, rest = scramble64(rows, key), scramble64(rows, key ^ _SECOND_HALF)
        if ctx.labels:  # the host writes the bytes: no str a value
            return TextMatrix(uuid_matrix(unique, rest), plain=True)
        return uuid_texts(unique, rest)


# --------------------------------------------------------------------------- password hash

#: Characters of each algorithm's stored form (hex digests; bcrypt's "$2b$12$" + 53).
_HASH_WIDTH = {"md5": 32, "sha1": 40, "sha256": 64, "bcrypt": 60}
_BCRYPT = np.frombuffer(
    b"./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", np.uint8
)


class PasswordHashParams(Params):
    algorithm: Literal["md5", "sha1", "sha256", "bcrypt"] | None = Field(
        None,
        description="Stored form: hex digests of md5 (32 characters), sha1 (40), sha256 (64), "
        "or bcrypt ($2b$12$…, 60). Default: the longest hex digest the column holds.",
    )


class PasswordHashGenerator(Generator[PasswordHashParams]):
    """What applications store instead of passwords: hex digests or bcrypt strings, keyed
    hashes of the row number (never a real password's hash); unique by construction."""

    name = "password_hash"
    pg_types = _TEXTISH
    supports_unique = True
    row_pure = True

    def __init__(self, params: PasswordHashParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        algorithm: str | None = params.algorithm
        if algorithm is None:
            limit = column.type.length
            hexes = ("sha256", "sha1", "md5")
            fitting = [a for a in hexes if limit is None or limit >= _HASH_WIDTH[a]]
            algorithm = fitting[0] if fitting else "md5"
        _check_room(column, _HASH_WIDTH[algorithm])
        self.algorithm: str = algorithm

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        rows = ctx.row_numbers(n)
        key = self.column.key
        # word 0 is a bijection of the row number (unique); the others only look random
        words = np.stack([scramble64(rows, key ^ (_SECOND_HALF * i)) for i in range(8)], axis=1)
        data = words.astype(">u8").view(np.uint8).reshape(n, 64)
        if self.algorithm != "bcrypt":
            return split_fixed(hex_matrix(data[:, : _HASH_WIDTH[self.algorithm] // 2]))
        # word 0's 64 bits spelled out in 11 characters of 6 bits (still unique), 42 more
        shifts = np.arange(58, 0, -6, dtype=np.uint64)
        first = (words[:, :1] >> shifts) & np.uint64(63)
        last = (words[:, :1] & np.uint64(15)) << np.uint64(2)
        sixes = np.concatenate([first, last], axis=1).astype(np.intp)
        chars = np.concatenate([_BCRYPT[sixes], _BCRYPT[data[:, 8:50] & 63]], axis=1)
        mat = np.empty((n, 60), np.uint8)
        mat[:, :7] = np.frombuffer(b"$2b$12$", np.uint8)
        mat[:, 7:] = chars
        return split_fixed(mat)


# --------------------------------------------------------------------------- bytea


class ByteaParams(Params):
    min_length: int = Field(4, ge=0, le=1_000_000, description="Fewest bytes per value.")
    max_length: int = Field(32, ge=0, le=1_000_000, description="Most bytes per value.")

    @model_validator(mode="after")
    def _order(self) -> ByteaParams:
        if self.min_length > self.max_length:
            raise ValueError("min_length must not be greater than max_length")
        return self


class ByteaGenerator(Generator[ByteaParams]):
    """Random bytes, rendered as PostgreSQL hex (\\x0a1b…)."""

    name = "bytea"
    pg_types = frozenset({"bytea"})
    default_for = pg_types

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        p = self.params
        width = p.max_length
        data = rng.integers(0, 256, (n, width), dtype=np.uint8)
        lengths = rng.integers(p.min_length, p.max_length, n, endpoint=True)
        mat = np.empty((n, 2 + 2 * width), np.uint8)
        mat[:, 0] = ord("\\")
        mat[:, 1] = ord("x")
        mat[:, 2:] = hex_matrix(data)
        mat[:, 2:][np.arange(2 * width) >= 2 * lengths[:, None]] = 0
        return split_fixed(mat)


# --------------------------------------------------------------------------- inet


def dotted_quads(addr: NDArray[np.uint64], prefix: int | None = None) -> list[str]:
    """IPv4 text (``10.0.12.7``) of 32-bit integers, optionally with ``/prefix``."""
    n = len(addr)
    tail = b"" if prefix is None else f"/{prefix}".encode()
    mat = np.zeros((n, 15 + len(tail)), np.uint8)
    a = addr.astype(np.int64)
    for i in range(4):
        octet = (a >> (8 * (3 - i))) & 0xFF
        col = 4 * i
        hundreds, rest = np.divmod(octet, 100)
        tens, ones = np.divmod(rest, 10)
        digits = digit_codes()
        mat[:, col] = np.where(octet >= 100, digits[hundreds], 0)
        mat[:, col + 1] = np.where(octet >= 10, digits[tens], 0)
        mat[:, col + 2] = digits[ones]
        if i < 3:
            mat[:, col + 3] = ord(".")
    if tail:
        mat[:, 15:] = np.frombuffer(tail, np.uint8)
    return split_fixed(mat)


class InetParams(Params):
    network: str | None = Field(
        None,
        description="IPv4 network the values lie in (10.0.0.0/8). Default: the public "
        "unicast ranges 1.0.0.0–223.255.255.255.",
    )
    prefix: int | None = Field(
        None, ge=0, le=32, description="cidr columns: network prefix length (default 24)."
    )

    @field_validator("network")
    @classmethod
    def _network(cls, v: str | None) -> str | None:
        if v is not None:
            try:
                ipaddress.IPv4Network(v, strict=False)
            except ValueError as exc:
                raise ValueError(f"not an IPv4 network: {exc}") from None
        return v


class InetGenerator(Generator[InetParams]):
    """IPv4 host addresses (inet, text) or networks (cidr); unique via a permutation of
    the address range."""

    name = "inet"
    pg_types = frozenset({"inet", "cidr"}) | _TEXTISH
    default_for = frozenset({"inet", "cidr"})
    supports_unique = True

    def __init__(self, params: InetParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        if params.network is not None:
            net = ipaddress.IPv4Network(params.network, strict=False)
            base, size = int(net.network_address), net.num_addresses
        else:
            base, size = 0x01000000, 0xE0000000 - 0x01000000
        self.cidr = column.type.name == "cidr"
        self.prefix = params.prefix if params.prefix is not None else 24
        if self.cidr:
            net_prefix = 32 - (size.bit_length() - 1) if params.network is not None else 8
            if self.prefix < net_prefix:
                raise ValueError(f"{column.path}: prefix /{self.prefix} is wider than the network")
            self.step = 1 << (32 - self.prefix)
            self.base = base & ~(self.step - 1) & 0xFFFFFFFF
            self.count = max(1, size // self.step)
        else:
            self.step, self.base, self.count = 1, base, size
        _check_room(column, 15)

    def domain_size(self) -> int:
        return self.count

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        if self.column.unique:
            rows = ctx.row_numbers(n)
            if n and int(rows.max()) >= self.count:
                raise ValueError(f"{ctx.column.path}: only {self.count:,} distinct addresses")
            k = permute_uint64(rows, self.count, self.column.key)
        else:
            k = rng.integers(0, self.count, n, dtype=np.uint64)
        addr = np.uint64(self.base) + k * np.uint64(self.step)
        return dotted_quads(addr, self.prefix if self.cidr else None)


# --------------------------------------------------------------------------- macaddr


class MacaddrGenerator(Generator):
    """Random MAC addresses (08:00:2b:01:02:03); unique via a keyed bijection."""

    name = "macaddr"
    pg_types = frozenset({"macaddr", "macaddr8"}) | _TEXTISH
    default_for = frozenset({"macaddr", "macaddr8"})
    supports_unique = True

    def __init__(self, params: Params, column: ColumnInfo) -> None:
        super().__init__(params, column)
        self.nbytes = 8 if column.type.name == "macaddr8" else 6
        _check_room(column, 3 * self.nbytes - 1)

    def domain_size(self) -> int:
        return 1 << (8 * self.nbytes)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        k = self.nbytes
        if self.column.unique:
            rows = ctx.row_numbers(n)
            if k == 8:
                bits = scramble64(rows, self.column.key)
            else:
                bits = permute_uint64(rows, 1 << 48, self.column.key)
        else:
            bits = rng.integers(0, (1 << (8 * k)) - 1, n, dtype=np.uint64, endpoint=True)
        raw = bits.astype(">u8").view(np.uint8).reshape(n, 8)[:, 8 - k :]
        hexed = hex_matrix(np.ascontiguousarray(raw))
        mat = np.full((n, 3 * k - 1), ord(":"), np.uint8)
        for i in range(k):
            mat[:, 3 * i : 3 * i + 2] = hexed[:, 2 * i : 2 * i + 2]
        return split_fixed(mat)


# --------------------------------------------------------------------------- bit strings

_BIT_DIGITS = np.frombuffer(b"01", np.uint8)
# A unique bit(n) value keeps at most this many bits from the keyed bijection; longer
# values fill the rest at random (distinct prefixes make distinct values).
_UNIQUE_BITS = 64


def _word_bits(words: NDArray[np.uint64], nbits: int) -> NDArray[np.uint8]:
    """The low ``nbits`` (<= 64) bits of each word, most significant first, as 0/1."""
    shifts = np.arange(nbits - 1, -1, -1, dtype=np.uint64)
    return ((words[:, None] >> shifts) & np.uint64(1)).astype(np.uint8)


def _bit_length_of(column: ColumnInfo) -> int | None:
    """The column's bit count: bit(n) -> n, bit varying(n) -> n, else None."""
    t = column.type
    return t.length if t.name in ("bit", "varbit") else None


class BitGenerator(Generator):
    """Random bit strings of exactly the column's length (bit(n) -> n bits: 0101…); unique
    via a keyed permutation of the 2^n values."""

    name = "bit"
    pg_types = frozenset({"bit"})
    default_for = pg_types
    supports_unique = True

    def __init__(self, params: Params, column: ColumnInfo) -> None:
        super().__init__(params, column)
        self.nbits = _bit_length_of(column) or 1

    def domain_size(self) -> int | None:
        # Above 64 bits the count is astronomically larger than any rowCount.
        return 1 << self.nbits if self.nbits <= _UNIQUE_BITS else None

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        k = self.nbits
        if not self.column.unique:
            mat = rng.integers(0, 2, (n, k), dtype=np.uint8)
        else:
            rows = ctx.row_numbers(n)
            head = min(k, _UNIQUE_BITS)
            if head < 64 and n and int(rows.max()) >= 1 << head:
                raise ValueError(f"{ctx.column.path}: only {1 << head:,} distinct bit({k}) values")
            if head == 64:
                words = scramble64(rows, self.column.key)
            else:
                words = permute_uint64(rows, 1 << head, self.column.key)
            mat = np.empty((n, k), np.uint8)
            mat[:, :head] = _word_bits(words, head)
            mat[:, head:] = rng.integers(0, 2, (n, k - head), dtype=np.uint8)
        return split_fixed(_BIT_DIGITS[mat])


class VarbitParams(Params):
    min_length: int = Field(1, ge=0, le=83_886_080, description="Fewest bits per value.")
    max_length: int | None = Field(
        None,
        ge=0,
        le=83_886_080,
        description="Most bits per value. Default: n of bit varying(n), 32 when unbounded.",
    )

    @model_validator(mode="after")
    def _order(self) -> VarbitParams:
        if self.max_length is not None and self.min_length > self.max_length:
            raise ValueError("min_length must not be greater than max_length")
        return self


class VarbitGenerator(Generator[VarbitParams]):
    """Random bit strings of min_length..max_length bits (bit varying(n): 1..n by
    default)."""

    name = "varbit"
    pg_types = frozenset({"varbit"})
    default_for = pg_types

    def __init__(self, params: VarbitParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        limit = _bit_length_of(column)
        hi = params.max_length if params.max_length is not None else (limit or 32)
        if limit is not None and hi > limit:
            raise ValueError(f"{column.path}: max_length {hi} does not fit {column.type}")
        if params.min_length > hi:
            raise ValueError(
                f"{column.path}: min_length {params.min_length} is greater than max_length {hi}"
            )
        self.lo, self.hi = params.min_length, hi

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        lengths = rng.integers(self.lo, self.hi, n, endpoint=True)
        mat = _BIT_DIGITS[rng.integers(0, 2, (n, self.hi), dtype=np.uint8)]
        mat[np.arange(self.hi) >= lengths[:, None]] = 0  # NUL cells are dropped
        return split_fixed(mat)


# --------------------------------------------------------------------------- "char"

_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


class CharParams(Params):
    alphabet: str = Field(
        _ALNUM,
        min_length=1,
        description='The characters to draw from (ASCII only: "char" prints other bytes as '
        "\\ooo octal escapes). Default: ASCII letters and digits.",
    )

    @field_validator("alphabet")
    @classmethod
    def _ascii(cls, v: str) -> str:
        if not all(0 < ord(c) < 128 for c in v):
            raise ValueError("alphabet must hold ASCII characters other than NUL")
        if len(set(v)) != len(v):
            raise ValueError("alphabet must not repeat characters")
        return v


class CharGenerator(Generator[CharParams]):
    """Single ASCII letters and digits for the one-byte "char" type; unique while rows <=
    the alphabet's size."""

    name = "char"
    pg_types = frozenset({"char"})
    default_for = pg_types
    supports_unique = True

    def __init__(self, params: CharParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        self.symbols = np.array(list(params.alphabet), dtype=object)

    def domain_size(self) -> int:
        return len(self.symbols)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        k = len(self.symbols)
        if self.column.unique:
            rows = ctx.row_numbers(n)
            if n and int(rows.max()) >= k:
                raise ValueError(f'{ctx.column.path}: only {k} distinct "char" values')
            idx = permute(rows, k, self.column.key)
        else:
            idx = rng.integers(0, k, n)
        return cast("list[str]", self.symbols[idx].tolist())


# --------------------------------------------------------------------------- pg_lsn

_HEX_UPPER = np.frombuffer(b"0123456789ABCDEF", np.uint8)
_LSN_MAX = (1 << 64) - 1


def parse_lsn(value: str | int) -> int:
    """An LSN as an integer, from ``"16/B374D848"`` (PostgreSQL's text form) or an int."""
    if isinstance(value, int):
        if not 0 <= value <= _LSN_MAX:
            raise ValueError(f"LSN {value} is outside 0..2^64-1")
        return value
    hi, sep, lo = value.strip().partition("/")
    try:
        if not sep or not 1 <= len(hi) <= 8 or not 1 <= len(lo) <= 8:
            raise ValueError
        return (int(hi, 16) << 32) | int(lo, 16)
    except ValueError:
        raise ValueError(f"{value!r} is not an LSN like 16/B374D848") from None


def _hex_no_zeros(x: NDArray[np.uint64]) -> NDArray[np.uint8]:
    """8 upper-case hex digits per 32-bit value, leading zeros as NUL (one digit stays)."""
    shifts = np.arange(28, -1, -4, dtype=np.uint64)
    nib = ((x[:, None] >> shifts) & np.uint64(0xF)).astype(np.uint8)
    keep = np.maximum.accumulate(nib != 0, axis=1)
    keep[:, -1] = True
    return np.where(keep, _HEX_UPPER[nib], np.uint8(0))


def lsn_texts(values: NDArray[np.uint64]) -> list[str]:
    """pg_lsn text (``%X/%X`` of the high and low 32 bits: ``16/B374D848``)."""
    n = len(values)
    mat = np.empty((n, 17), np.uint8)
    mat[:, :8] = _hex_no_zeros(values >> np.uint64(32))
    mat[:, 8] = ord("/")
    mat[:, 9:] = _hex_no_zeros(values & np.uint64(0xFFFFFFFF))
    return split_fixed(mat)


class LsnParams(Params):
    min: str | int = Field(
        "0/0", description="Smallest LSN (16/B374D848 or an integer). Default 0/0."
    )
    max: str | int = Field(
        "FF/FFFFFFFF", description="Largest LSN (inclusive). Default FF/FFFFFFFF (1 TiB of WAL)."
    )

    @field_validator("min", "max")
    @classmethod
    def _lsn(cls, v: str | int) -> str | int:
        parse_lsn(v)
        return v

    @model_validator(mode="after")
    def _order(self) -> LsnParams:
        if parse_lsn(self.min) > parse_lsn(self.max):
            raise ValueError(f"min ({self.min}) must not be greater than max ({self.max})")
        return self


class LsnGenerator(Generator[LsnParams]):
    """Write-ahead log positions (pg_lsn, 16/B374D848) uniform in [min, max]; unique via a
    keyed permutation of the range."""

    name = "lsn"
    pg_types = frozenset({"pg_lsn"})
    default_for = pg_types
    supports_unique = True

    def __init__(self, params: LsnParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        self.lo, self.hi = parse_lsn(params.min), parse_lsn(params.max)

    def domain_size(self) -> int:
        return self.hi - self.lo + 1

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        if self.column.unique:
            size = self.domain_size()
            rows = ctx.row_numbers(n)
            if n and int(rows.max()) >= size:
                raise ValueError(f"{ctx.column.path}: only {size:,} distinct LSNs in range")
            values = permute_uint64(rows, size, self.column.key) + np.uint64(self.lo)
        else:
            values = rng.integers(self.lo, self.hi, n, dtype=np.uint64, endpoint=True)
        return lsn_texts(values)
