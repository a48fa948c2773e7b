"""Plain scripts of hand-built dumps, and their comparison block by block.

``render`` writes a Dump with PlainWriter as pg_dump 15.18 would (``INFO``);
``assert_same_script`` compares two scripts entry by entry, so a failure names the block.
"""

from __future__ import annotations

import io
import re

from pgmock_builtins.writers.plain import PlainWriter
from pgmock_sdk import (
    Dump,
    DumpInfo,
    WriteOptions,
)

VERSION = "15.18 (Debian 15.18-0+deb12u1)"
INFO = DumpInfo("sampledb", server_version=VERSION, dumped_by=f"pg_dump version {VERSION}")

_UNIT = re.compile(
    r"^(?:--\n-- (?:Data for )?Name: (?P<name>.*?); Type: (?P<type>.*?); "
    r"Schema: (?P<schema>.*?); Owner: .*|SET default_\w+ = .*"
    r"|--\n-- PostgreSQL database dump complete)$",
    re.M,
)


def units(text: str) -> list[tuple[tuple[str, ...], str]]:
    """The script cut into the header, one block per entry (or SET line), and the trailer."""
    found = list(_UNIT.finditer(text))
    out: list[tuple[tuple[str, ...], str]] = [(("HEAD",), text[: found[0].start()])]
    for m, nxt in zip(found, [*found[1:], None], strict=True):
        block = text[m.start() : nxt.start() if nxt else len(text)]
        if m.group("type"):
            key: tuple[str, ...] = (m.group("type"), m.group("schema"), m.group("name"))
        elif block.startswith("SET"):
            key = ("SET", m.group(0))
        else:
            key = ("END",)
        out.append((key, block))
    return out


def assert_same_script(ours: str, expected: str) -> None:
    """Equal, with a block-by-block failure message."""
    got, want = units(ours), units(expected)
    assert [k for k, _ in got] == [k for k, _ in want]
    for (key, a), (_, b) in zip(got, want, strict=True):
        assert a == b, key
    assert ours == expected


def render(dump: Dump, options: WriteOptions | None = None) -> str:
    out = io.BytesIO()
    PlainWriter().write(dump, out, options or WriteOptions())
    return out.getvalue().decode("utf-8")
