"""A small reader of pg_dump archives, written from the format description for the tests.

It is deliberately independent of the writers (no shared code), so the encoding tests
compare two implementations of the layout; pg_restore itself is the final judge in
test_archives.py.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass, field


class Reader:
    def __init__(self, data: bytes, pos: int = 0) -> None:
        self.data = data
        self.pos = pos

    def take(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise EOFError(f"need {n} bytes at {self.pos}, have {len(self.data) - self.pos}")
        out = self.data[self.pos : self.pos + n]
        self.pos += n
        return out

    def byte(self) -> int:
        return self.take(1)[0]

    def int(self) -> int:
        sign = self.byte()
        value = int.from_bytes(self.take(4), "little")
        return -value if sign else value

    def str(self) -> str | None:
        n = self.int()
        if n < 0:
            return None
        return self.take(n).decode("utf-8")


@dataclass
class Entry:
    dump_id: int
    had_dumper: int
    tableoid: str
    oid: str
    tag: str
    desc: str
    section: int
    defn: str | None
    drop_stmt: str | None
    copy_stmt: str | None
    namespace: str | None
    tablespace: str | None
    tableam: str | None
    relkind: int | None
    owner: str | None
    with_oids: str
    deps: list[int]
    offset: tuple[int, int] | None = None  # custom: (flag, position)
    filename: str | None = None  # directory/tar


@dataclass
class Archive:
    version: tuple[int, int, int]
    fmt: int
    compression: int  # level int (<= 1.14) or algorithm byte (>= 1.15)
    created: tuple[int, ...]  # struct tm: sec, min, hour, mday, mon, year, isdst
    database: str | None
    server_version: str | None
    dumped_by: str | None
    entries: list[Entry] = field(default_factory=list)
    toc_end: int = 0


def read_archive(data: bytes) -> Archive:
    """Header and TOC of a custom archive or a toc.dat."""
    r = Reader(data)
    assert r.take(5) == b"PGDMP"
    version = (r.byte(), r.byte(), r.byte())
    int_size, off_size, fmt = r.byte(), r.byte(), r.byte()
    assert (int_size, off_size) == (4, 8)
    compression = r.byte() if version >= (1, 15, 0) else r.int()
    created = tuple(r.int() for _ in range(7))
    archive = Archive(version, fmt, compression, created, r.str(), r.str(), r.str())
    for _ in range(r.int()):
        fields: list[object] = [r.int(), r.int(), r.str(), r.str(), r.str(), r.str(), r.int()]
        fields += [r.str() for _ in range(6)]  # defn drop copy namespace tablespace tableam
        fields.append(r.int() if version >= (1, 16, 0) else None)
        fields += [r.str(), r.str()]
        deps = []
        while (dep := r.str()) is not None:
            deps.append(int(dep))
        entry = Entry(*fields, deps=deps)  # type: ignore[arg-type]
        if fmt == 1:
            entry.offset = (r.byte(), int.from_bytes(r.take(8), "little"))
        else:
            entry.filename = r.str()
        archive.entries.append(entry)
    archive.toc_end = r.pos
    return archive


def read_blocks(data: bytes, start: int) -> list[tuple[int, int, list[bytes]]]:
    """The data blocks of a custom archive from *start*: (position, dumpId, chunks)."""
    r = Reader(data, start)
    blocks = []
    while r.pos < len(data):
        position = r.pos
        assert r.byte() == 1, f"not a data block at {position}"
        dump_id = r.int()
        chunks = []
        while (n := r.int()) > 0:
            chunks.append(r.take(n))
        blocks.append((position, dump_id, chunks))
    return blocks


@dataclass
class TarMember:
    name: str
    header: bytes
    content: bytes


def read_tar(data: bytes) -> tuple[list[TarMember], bytes]:
    """Members in order, and what follows the last one (the end-of-archive blocks)."""
    stream = io.BytesIO(data)
    members = []
    while True:
        header = stream.read(512)
        if header == b"\0" * 512:
            return members, header + stream.read()
        name = header[:100].rstrip(b"\0").decode()
        size = int(header[124:136].strip(b" \0"), 8)
        checksum = int(header[148:156].strip(b" \0"), 8)
        assert checksum == sum(header[:148]) + 256 + sum(header[156:]), name
        members.append(TarMember(name, header, stream.read(size)))
        stream.read(-size % 512)


def gzip_members(data: bytes) -> int:
    """How many gzip members *data* holds (checking each one's CRC and size)."""
    import zlib

    count = 0
    while data:
        d = zlib.decompressobj(31)
        out = d.decompress(data)
        assert d.eof
        assert (
            struct.unpack("<I", data[len(data) - len(d.unused_data) - 4 :][:4])[0]
            == len(out) & 0xFFFFFFFF
        )
        data = d.unused_data
        count += 1
    return count
