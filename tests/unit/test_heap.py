"""The C allocator's heap padding (pgmock.generate.heap), checked through glibc itself."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import textwrap

import pytest

import pgmock.entry
from pgmock.generate.heap import pad_heap

glibc = pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
    reason="mallopt and mallinfo2 are glibc's",
)

# Allocates and frees 8 MiB, as a chunk's text does, and prints whether it came from the
# heap (not a separate mapping) and whether the heap kept it afterwards.
PROBE = textwrap.dedent(
    """
    import ctypes, sys
    from pgmock.generate.heap import pad_heap

    class Info(ctypes.Structure):
        _fields_ = [(name, ctypes.c_size_t) for name in (
            "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks",
            "uordblks", "fordblks", "keepcost")]

    libc = ctypes.CDLL(None)
    libc.mallinfo2.restype = Info
    libc.malloc.restype = ctypes.c_void_p
    libc.free.argtypes = (ctypes.c_void_p,)
    padded = pad_heap() if sys.argv[1] == "pad" else False
    mappings = libc.mallinfo2().hblks
    block = libc.malloc(8 << 20)
    mapped = libc.mallinfo2().hblks > mappings
    libc.free(block)
    print(padded, mapped, libc.mallinfo2().keepcost >= 8 << 20)
    """
)


def probe(mode: str, env: dict[str, str] | None = None) -> str:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
    environ.update(env or {})
    out = subprocess.run(
        [sys.executable, "-c", PROBE, mode], capture_output=True, text=True, env=environ, check=True
    )
    return out.stdout.strip()


@glibc
def test_a_padded_heap_serves_and_keeps_a_chunks_buffers() -> None:
    assert probe("pad") == "True False True"
    # glibc's defaults: a buffer this size gets a mapping of its own, unmapped when freed
    assert probe("default") == "False True False"


@glibc
def test_the_users_own_setting_wins() -> None:
    assert probe("pad", {"MALLOC_TOP_PAD_": "0"}).startswith("False")


def test_nothing_is_set_where_it_does_not_apply(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    assert pad_heap() is False


def test_the_program_pads_its_heap_before_anything_else(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(pgmock.entry, "pad_heap", lambda: calls.append("pad") or True)
    monkeypatch.setattr("pgmock.cli.main", lambda: calls.append("cli"))
    monkeypatch.setattr(pgmock.entry, "program_start", lambda: None)  # no gc.freeze here
    pgmock.entry.main()
    assert calls == ["pad", "cli"]
