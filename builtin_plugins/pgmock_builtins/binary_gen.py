"""Byte-shaped generators: uuid, bytea, inet/cidr and macaddr, rendered from uint8
matrices (hex digits or decimal octets) decoded once per batch."""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, cast

import numpy as np
from pydantic import Field, field_validator, model_validator

from pgmock_builtins._vec import DIGITS, hex_matrix, split_fixed
from pgmock_sdk import ColumnInfo, GenContext, Generator, Params
from pgmock_sdk.unique import permute_uint64, scramble64

if TYPE_CHECKING:
    from numpy.typing import NDArray

_TEXTISH = frozenset({"text", "varchar", "bpchar", "citext"})


def _check_room(column: ColumnInfo, width: int) -> None:
    limit = column.type.length
    if column.type.name in _TEXTISH and limit is not None and limit < width:
        raise ValueError(f"{column.path}: {column.type} is too short for {width}-character values")


# --------------------------------------------------------------------------- uuid


def uuid_texts(unique_bits: NDArray[np.uint64], rng: np.random.Generator) -> list[str]:
    """Version-4-looking UUIDs whose first 64 free bits are ``unique_bits`` (so distinct
    inputs give distinct UUIDs) and whose other 58 free bits are random."""
    n = len(unique_bits)
    raw = rng.integers(0, 256, (n, 16), dtype=np.uint8)
    ub = unique_bits.astype(">u8").view(np.uint8).reshape(n, 8)
    raw[:, 0:6] = ub[:, 0:6]
    raw[:, 6] = 0x40 | (ub[:, 6] >> 4)
    raw[:, 7] = ((ub[:, 6] & 0x0F) << 4) | (ub[:, 7] >> 4)
    raw[:, 8] = 0x80 | ((ub[:, 7] & 0x0F) << 2) | (raw[:, 8] & 0x03)
    hexed = hex_matrix(raw)
    out = np.full((n, 36), ord("-"), np.uint8)
    out[:, 0:8] = hexed[:, 0:8]
    out[:, 9:13] = hexed[:, 8:12]
    out[:, 14:18] = hexed[:, 12:16]
    out[:, 19:23] = hexed[:, 16:20]
    out[:, 24:36] = hexed[:, 20:32]
    return split_fixed(out)


class UuidGenerator(Generator):
    """Random-looking version 4 UUIDs, unique by construction (64 bits come from a keyed
    bijection of the row number)."""

    name = "uuid"
    pg_types = frozenset({"uuid"}) | _TEXTISH
    default_for = frozenset({"uuid"})
    supports_unique = True
    column_names = (r"(\w+_)?(uuid|guid)",)

    def __init__(self, params: Params, column: ColumnInfo) -> None:
        super().__init__(params, column)
        _check_room(column, 36)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        return uuid_texts(scramble64(ctx.row_numbers(n), self.column.key), rng)


# --------------------------------------------------------------------------- bytea


class ByteaParams(Params):
    min_length: int = Field(4, ge=0, le=1_000_000, description="Fewest bytes per value.")
    max_length: int = Field(32, ge=0, le=1_000_000, description="Most bytes per value.")

    @model_validator(mode="after")
    def _order(self) -> ByteaParams:
        if self.min_length > self.max_length:
            raise ValueError("min_length must not be greater than max_length")
        return self


class ByteaGenerator(Generator):
    """Random bytes, rendered as PostgreSQL hex (\\x0a1b…)."""

    name = "bytea"
    pg_types = frozenset({"bytea"})
    default_for = pg_types
    Params = ByteaParams

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        p = cast(ByteaParams, self.params)
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
        mat[:, col] = np.where(octet >= 100, DIGITS[hundreds], 0)
        mat[:, col + 1] = np.where(octet >= 10, DIGITS[tens], 0)
        mat[:, col + 2] = DIGITS[ones]
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


class InetGenerator(Generator):
    """IPv4 host addresses (inet, text) or networks (cidr); unique via a permutation of
    the address range."""

    name = "inet"
    pg_types = frozenset({"inet", "cidr"}) | _TEXTISH
    default_for = frozenset({"inet", "cidr"})
    Params = InetParams
    supports_unique = True
    column_names = (r"(\w+_)?ip(v4)?(_?addr(ess)?)?|remote_addr",)

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
            if n and int(rows[-1]) >= self.count:
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
    column_names = (r"(\w+_)?mac(_?addr(ess)?)?",)

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
