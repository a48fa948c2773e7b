"""Keyed bijections for unique values by construction, a whole batch at a time.

A unique column maps each table row number ``i`` (``ctx.offset + arange(n)``) through a
bijection keyed by ``column.key``: distinct rows give distinct values in every batch, with
no retry loop and no memory of earlier batches, and the values look shuffled rather than
sequential.

* :func:`permute` is a bijection of ``[0, domain)`` for any domain up to 2**63: an
  alternating Feistel network on the smallest power of two covering the domain, with
  cycle-walking for the values that land outside it (vectorized: each walk step touches
  only the shrinking set of elements still out of range; on average fewer than two steps).
* :func:`scramble64` is a bijection of 64-bit integers (xor/multiply/xorshift steps, each
  invertible), for when the domain is all 64-bit values; :func:`unscramble64` inverts it.

Everything is numpy arithmetic on ``uint64`` arrays, which wraps modulo 2**64.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from pgmock_sdk.lazy import np

if TYPE_CHECKING:
    from numpy.typing import ArrayLike, NDArray

__all__ = ["permute", "permute_per_key", "permute_uint64", "scramble64", "unscramble64"]

_MASK64 = (1 << 64) - 1
_ROUNDS = 6
# Odd multipliers of the murmur3/splitmix finalizers.
_M1 = 0xBF58476D1CE4E5B9
_M2 = 0x94D049BB133111EB
_M3 = 0xFF51AFD7ED558CCD
_GOLDEN = 0x9E3779B97F4A7C15


def _splitmix64(x: int) -> int:
    """One step of splitmix64 on a Python int (used to derive round keys)."""
    x = (x + _GOLDEN) & _MASK64
    x = ((x ^ (x >> 30)) * _M1) & _MASK64
    x = ((x ^ (x >> 27)) * _M2) & _MASK64
    return x ^ (x >> 31)


def _subkeys(key: int, count: int, salt: int) -> list[np.uint64]:
    state = (key ^ (salt * _GOLDEN)) & _MASK64
    out = []
    for _ in range(count):
        state = _splitmix64(state)
        out.append(np.uint64(state))
    return out


def _mix_masked_xor(
    dst: NDArray[np.uint64],
    src: NDArray[np.uint64],
    k: np.uint64 | NDArray[np.uint64],
    mask: np.uint64,
    h: NDArray[np.uint64],
    t: NDArray[np.uint64],
) -> None:
    """``dst ^= mix(src + k) & mask`` in place, ``mix`` being the murmur3 finalizer (a
    keyed 64-bit avalanche); ``h`` and ``t`` are scratch buffers."""
    np.add(src, k, out=h)
    np.right_shift(h, np.uint64(33), out=t)
    np.bitwise_xor(h, t, out=h)
    np.multiply(h, np.uint64(_M3), out=h)
    np.right_shift(h, np.uint64(29), out=t)
    np.bitwise_xor(h, t, out=h)
    np.multiply(h, np.uint64(_M1), out=h)
    np.right_shift(h, np.uint64(32), out=t)
    np.bitwise_xor(h, t, out=h)
    np.bitwise_and(h, mask, out=h)
    np.bitwise_xor(dst, h, out=dst)


def _feistel(
    x: NDArray[np.uint64], bits: int, keys: Sequence[np.uint64 | NDArray[np.uint64]]
) -> NDArray[np.uint64]:
    """A bijection of ``[0, 2**bits)``: rounds alternately xor a keyed hash of one part
    into the other, so each round is invertible whatever the two parts' widths."""
    lo_bits = (bits + 1) // 2
    lo_mask = np.uint64((1 << lo_bits) - 1)
    hi_mask = np.uint64((1 << (bits - lo_bits)) - 1)
    shift = np.uint64(lo_bits)
    lo = x & lo_mask
    hi = x >> shift
    h = np.empty_like(x)
    t = np.empty_like(x)
    for r, k in enumerate(keys):
        if r % 2 == 0:
            _mix_masked_xor(lo, hi, k, lo_mask, h, t)
        else:
            _mix_masked_xor(hi, lo, k, hi_mask, h, t)
    np.left_shift(hi, shift, out=hi)
    np.bitwise_or(hi, lo, out=hi)
    return hi


def _as_uint64(index: ArrayLike) -> NDArray[np.uint64]:
    arr = np.asarray(index)
    if arr.dtype.kind not in "iu":
        raise TypeError(f"index must be an integer array, not {arr.dtype}")
    if arr.dtype == np.uint64:
        return arr.copy()
    if arr.dtype.itemsize == 8:
        return arr.view(np.uint64).copy()
    return arr.astype(np.int64).view(np.uint64)


def permute_uint64(index: ArrayLike, domain: int, key: int) -> NDArray[np.uint64]:
    """Like :func:`permute` for domains up to 2**64; values come back as ``uint64``."""
    if not 1 <= domain <= 1 << 64:
        raise ValueError(f"domain must be between 1 and 2**64, got {domain}")
    x = _as_uint64(index)
    if x.size == 0:
        return x
    if int(x.max()) >= domain:  # negative int64 reads as >= 2**63
        raise ValueError(f"index out of range for domain {domain}")
    bits = max(1, (domain - 1).bit_length())
    keys = _subkeys(key, _ROUNDS, bits)
    y = _feistel(x, bits, keys)
    if domain == 1 << bits:
        return y
    dom = np.uint64(domain)
    todo = np.flatnonzero(y >= dom)
    while todo.size:
        z = _feistel(y[todo], bits, keys)
        y[todo] = z
        todo = todo[z >= dom]
    return y


def permute(index: ArrayLike, domain: int, key: int) -> NDArray[np.int64]:
    """A keyed bijection of ``[0, domain)`` applied to every element of ``index``.

    ``index`` holds integers in ``[0, domain)`` (typically table row numbers); the result
    has the same shape, dtype int64. Same key, same mapping; different keys give
    unrelated mappings. ``domain`` may be up to 2**63 (use :func:`permute_uint64` or
    :func:`scramble64` for all 64-bit values).
    """
    if domain > 1 << 63:
        raise ValueError("domain above 2**63: use permute_uint64 or scramble64")
    return permute_uint64(index, domain, key).view(np.int64)


def permute_per_key(index: ArrayLike, domain: int, keys: ArrayLike) -> NDArray[np.int64]:
    """Like :func:`permute`, with a key per element: the elements that share a key go
    through one keyed bijection of ``[0, domain)``, so distinct indexes under one key
    give distinct values. For a bijection per group of rows (each parent's children
    drawing distinct partners), without a loop over the groups."""
    if not 1 <= domain <= 1 << 63:
        raise ValueError(f"domain must be between 1 and 2**63, got {domain}")
    x = _as_uint64(index)
    if x.size == 0:
        return x.view(np.int64)
    if int(x.max()) >= domain:
        raise ValueError(f"index out of range for domain {domain}")
    bits = max(1, (domain - 1).bit_length())
    state = np.broadcast_to(_as_uint64(keys), x.shape) ^ np.uint64((bits * _GOLDEN) & _MASK64)
    rounds = []
    for _ in range(_ROUNDS):
        state = _splitmix64_array(state)
        rounds.append(state)
    y = _feistel(x, bits, rounds)
    dom = np.uint64(domain)
    todo = np.flatnonzero(y >= dom)
    while todo.size:
        z = _feistel(y[todo], bits, [k[todo] for k in rounds])
        y[todo] = z
        todo = todo[z >= dom]
    return y.view(np.int64)


def _splitmix64_array(x: NDArray[np.uint64]) -> NDArray[np.uint64]:
    """:func:`_splitmix64` of every element."""
    x = x + np.uint64(_GOLDEN)
    x = (x ^ (x >> np.uint64(30))) * np.uint64(_M1)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(_M2)
    return x ^ (x >> np.uint64(31))


def _scramble_keys(key: int) -> tuple[np.uint64, np.uint64, np.uint64]:
    k0, k1, k2 = _subkeys(key, 3, 0x5CA)
    return k0, k1, k2


def scramble64(index: ArrayLike, key: int) -> NDArray[np.uint64]:
    """A keyed bijection of 64-bit integers (int64 input is read as its two's complement)."""
    k0, k1, k2 = _scramble_keys(key)
    x = _as_uint64(index)
    x ^= k0
    x *= np.uint64(_M1)
    x ^= x >> np.uint64(31)
    x += k1
    x *= np.uint64(_M2)
    x ^= x >> np.uint64(29)
    x ^= k2
    x *= np.uint64(_M3)
    x ^= x >> np.uint64(32)
    return x


def _unxorshift(y: NDArray[np.uint64], s: int) -> NDArray[np.uint64]:
    x = y.copy()
    for _ in range(64 // s + 1):
        x = y ^ (x >> np.uint64(s))
    return x


def unscramble64(value: ArrayLike, key: int) -> NDArray[np.uint64]:
    """The inverse of :func:`scramble64` (row number from a scrambled value)."""
    k0, k1, k2 = _scramble_keys(key)
    x = _as_uint64(value)
    x = _unxorshift(x, 32)
    x *= np.uint64(pow(_M3, -1, 1 << 64))
    x ^= k2
    x = _unxorshift(x, 29)
    x *= np.uint64(pow(_M2, -1, 1 << 64))
    x -= k1
    x = _unxorshift(x, 31)
    x *= np.uint64(pow(_M1, -1, 1 << 64))
    x ^= k0
    return x
