"""The archive encoders, byte for byte against pg_dump 15/16's files, and their invariants.

Golden bytes come from pg15-samples/ of the format specification (pg_dump 15.18 and 16.2
against a PostgreSQL 15.18 server): the custom header of sample-Z0.dump, the TABLE DATA
entry of app.customer at byte 5946, the start of pg16.dump's header, and the toc.dat
member header of sample.tar. tests/support/archive_reader.py is an independent parser.
"""

from __future__ import annotations

import io
import os
import threading
import zlib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

import lz4.frame
import pytest
import zstandard
from hypothesis import given, settings
from hypothesis import strategies as st

from pgmock.dump.toc import TocOptions, build_toc
from pgmock_builtins.writers import archive_data, pg_dump
from pgmock_builtins.writers.archive_data import (
    COPY_END,
    adler32_combine,
    crc32_combine,
    encode_piece,
    stitch,
)
from pgmock_builtins.writers.archive_format import (
    V1_14,
    V1_15,
    V1_16,
    archive_entries,
    archive_version,
    check_compression,
    encode_entry,
    encode_header,
    pg_int,
    pg_offset,
    pg_str,
)
from pgmock_builtins.writers.custom import write_custom
from pgmock_builtins.writers.directory import write_directory
from pgmock_builtins.writers.restore_script import psql_connect, restore_script
from pgmock_builtins.writers.tar import tar_header, write_tar
from pgmock_sdk import Compression, Dump, DumpInfo, Section, TocEntry, WriteOptions

from archive_reader import gzip_members, read_archive, read_blocks, read_tar
from recording_registry import WriterRegistry
from resolved_samples import FakeData, sample_data, sample_schema

VERSION = "15.18 (Debian 15.18-0+deb12u1)"

# sample-Z0.dump bytes 0..0x85: header of `pg_dump -Fc -Z0` (15.18), 2026-11-26 05:18:55.
SAMPLE_HEADER = bytes.fromhex(
    "5047444d50010e000408010000000000003700000000120000000005000000001a000000000a00000000"
    "7e0000000000000000000800000073616d706c656462001e00000031352e3138202844656269616e2031"
    "352e31382d302b6465623132753129001e00000031352e3138202844656269616e2031352e31382d302b"
    "6465623132753129"
)
# sample-Z0.dump bytes 5946..6167: TABLE DATA app.customer (dumpId 3474), offset (2, 9396).
SAMPLE_TABLE_DATA_ENTRY = bytes.fromhex(
    "00920d00000001000000000100000030000500000031363530370008000000637573746f6d6572000a00"
    "00005441424c4520444154410003000000010100000001010000000055000000434f5059206170702e63"
    "7573746f6d6572202869642c20656d61696c2c206e616d652c206d6f6f642c20746167732c2070726f66"
    "696c652c2073636f72652c2063726561746564292046524f4d20737464696e3b0a000300000061707001"
    "0100000001010000000008000000706f737467726573000500000066616c736500030000003231390101"
    "00000002b424000000000000"
)
# pg16.dump (pg_dump 16.2, archive 1.15, default gzip): magic .. tm_mday, 2026-11-26 05:19:32.
PG16_HEADER_START = bytes.fromhex(
    "5047444d50010f0004080101002000000000130000000005000000001a000000"
)
# sample.tar: the 512-byte header of its first member, toc.dat (9263 bytes).
SAMPLE_TAR_HEADER = bytes.fromhex(
    "746f632e646174" + "00" * 93 + "3030303036303020303030343030302030303032303030"
    "20303030303030323230353720313533303137343035303020303031343434302030"
    + "00" * 100
    + "7573746172003030706f737467726573"
    + "00" * 24
    + "706f737467726573"
    + "00" * 24
    + "30303030303030203030303030303020"
).ljust(512, b"\0")
SAMPLE_TAR_MTIME = 0o15301740500


def sample_dump(chunk_rows: int = 2, **toc: bool) -> Dump:
    info = DumpInfo("sampledb", server_version=VERSION, dumped_by="pgmock test")
    return build_toc(sample_schema(), sample_data(chunk_rows), TocOptions(**toc), info=info)


# ---------------------------------------------------------------------------
# Primitives, header and TOC entries against pg_dump's bytes
# ---------------------------------------------------------------------------


def test_primitives() -> None:
    assert pg_int(0) == bytes.fromhex("0000000000")
    assert pg_int(38) == bytes.fromhex("0026000000")
    assert pg_int(-1) == bytes.fromhex("0101000000")
    assert pg_int(3474) == bytes.fromhex("00920d0000")
    assert pg_str(None) == pg_int(-1)
    assert pg_str("") == pg_int(0)
    assert pg_str("é") == pg_int(2) + "é".encode()
    assert pg_offset(2, 9396) == bytes.fromhex("02b424000000000000")
    with pytest.raises(ValueError, match="NUL"):
        pg_str("a\0b")


def test_header_matches_pg_dump_15() -> None:
    created = (2026, 11, 26, 5, 18, 55)
    header = encode_header(V1_14, 1, Compression("none"), "sampledb", VERSION, VERSION, created)
    assert header == SAMPLE_HEADER
    gzip_default = encode_header(V1_14, 1, Compression("gzip"), "x", None, None, created)
    assert gzip_default[11:16] == pg_int(-1)  # what plain `pg_dump -Fc` writes
    assert encode_header(V1_14, 1, Compression("gzip", 9), "x", None, None)[11:16] == pg_int(9)
    with pytest.raises(ValueError, match=r"1\.14 cannot store lz4"):
        encode_header(V1_14, 1, Compression("lz4"), "x", None, None)


def test_header_1_15_has_an_algorithm_byte_like_pg_dump_16() -> None:
    created = (2026, 11, 26, 5, 19, 32)
    header = encode_header(V1_15, 1, Compression("gzip"), "sampledb", VERSION, "16.2", created)
    assert header[:32] == PG16_HEADER_START
    parsed = read_archive(header + pg_int(0))
    assert parsed.version == (1, 15, 0) and parsed.compression == 1
    assert (parsed.database, parsed.server_version, parsed.dumped_by) == (
        "sampledb",
        VERSION,
        "16.2",
    )
    for method, byte in (("none", 0), ("lz4", 2), ("zstd", 3)):
        assert encode_header(V1_16, 3, Compression(method), "x", None, None)[11] == byte


def test_table_data_entry_matches_pg_dump_15() -> None:
    entry = TocEntry(
        3474,
        "TABLE DATA",
        "customer",
        Section.DATA,
        namespace="app",
        owner="postgres",
        copy_stmt="COPY app.customer (id, email, name, mood, tags, profile, score, created) "
        "FROM stdin;\n",
        deps=(219,),
        catalog_id=(0, 16507),
        data=FakeData("app.customer", [], []),
    )
    assert encode_entry(entry, V1_14, pg_offset(2, 9396)) == SAMPLE_TABLE_DATA_ENTRY


def test_relkind_only_from_1_16_and_only_for_tables() -> None:
    dump = sample_dump()
    for version, expected in ((V1_14, None), (V1_15, None), (V1_16, 114)):
        body = b"".join(encode_entry(e, version, pg_offset(3)) for e in dump.entries)
        head = encode_header(version, 1, Compression("none"), "db", None, None)
        parsed = read_archive(head + pg_int(len(dump.entries)) + body)
        kinds = {(e.desc, e.relkind) for e in parsed.entries}
        assert ("TABLE", expected) in kinds
        assert {k for d, k in kinds if d != "TABLE"} == ({0} if expected else {None})


def test_archive_versions_follow_the_target() -> None:
    assert [str(archive_version(t)) for t in (None, 14, 15, 16, 17, 18)] == [
        "1.14",
        "1.14",
        "1.14",
        "1.15",
        "1.16",
        "1.16",
    ]


def test_tar_header_matches_pg_dump() -> None:
    assert tar_header("toc.dat", 9263, SAMPLE_TAR_MTIME) == SAMPLE_TAR_HEADER
    big = tar_header("1.dat", 9 << 30, 0)  # > 8 GiB: base-256 size like pg_dump
    assert big[124] == 0x80 and int.from_bytes(big[125:136], "big") == 9 << 30


# ---------------------------------------------------------------------------
# Compression options
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("0", Compression("none")),
        ("5", Compression("gzip", 5)),
        ("gzip", Compression("gzip")),
        ("gzip:9", Compression("gzip", 9)),
        ("GZIP:level=3", Compression("gzip", 3)),
        ("lz4", Compression("lz4")),
        ("lz4:12", Compression("lz4", 12)),
        ("zstd:level=19", Compression("zstd", 19)),
        ("none", Compression("none")),
    ],
)
def test_compression_spec(spec: str, expected: Compression) -> None:
    assert Compression.parse(spec) == expected


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("10", "expected 0..9"),
        ("gzip:0", "gzip takes 1..9"),
        ("zstd:23", "zstd takes 1..22"),
        ("lz4:x", "lz4 takes 1..12"),
        ("brotli", 'unknown compression method "brotli"'),
        ("none:3", "takes no level"),
    ],
)
def test_bad_compression_spec(spec: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Compression.parse(spec)


def test_compression_and_target_combinations() -> None:
    both = ("gzip", "lz4", "zstd")
    check_compression(None, None, both, "custom")
    check_compression(Compression("gzip", 1), 14, both, "custom")
    check_compression(Compression("lz4"), 16, both, "custom")
    check_compression(Compression("zstd"), 18, both, "directory")
    check_compression(Compression("none"), None, (), "tar")
    with pytest.raises(ValueError, match=r"needs archive version 1\.15.*--target-version 16"):
        check_compression(Compression("lz4"), None, both, "custom")
    with pytest.raises(ValueError, match=r"needs archive version 1\.15"):
        check_compression(Compression("zstd"), 15, both, "directory")
    with pytest.raises(ValueError, match="compression is not supported by tar archive format"):
        check_compression(Compression("gzip"), None, (), "tar")
    with pytest.raises(ValueError, match="--target-version 13 is not supported"):
        check_compression(None, 13, both, "custom")
    writer = pg_dump.TarWriter()
    with pytest.raises(ValueError, match="tar archive format"):
        writer.check_options(WriteOptions(compress=Compression("zstd"), target_version=17))


# ---------------------------------------------------------------------------
# Stitched streams
# ---------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000), st.binary(max_size=3000))
def test_checksums_of_concatenations(a: bytes, b: bytes) -> None:
    assert adler32_combine(zlib.adler32(a), zlib.adler32(b), len(b)) == zlib.adler32(a + b)
    assert crc32_combine(zlib.crc32(a), zlib.crc32(b), len(b)) == zlib.crc32(a + b)


def test_checksums_of_large_concatenations() -> None:
    # Lengths above the adler32 modulus and the 2^32 wrap are where mistakes hide.
    a, b = os.urandom(100), b"x" * 70_000
    assert adler32_combine(zlib.adler32(a), zlib.adler32(b), len(b)) == zlib.adler32(a + b)
    zeros = (3 << 24) + 12345
    assert crc32_combine(zlib.crc32(a), _crc32_of_zeros(zeros), zeros) == _crc32_of_zeros(
        zeros, zlib.crc32(a)
    )


def _crc32_of_zeros(n: int, crc: int = 0) -> int:
    block = bytes(1 << 24)
    for _ in range(n >> 24):
        crc = zlib.crc32(block, crc)
    return zlib.crc32(bytes(n & ((1 << 24) - 1)), crc)


def _decode(method: str, stream: bytes) -> bytes:
    if method == "none":
        return stream
    if method == "zlib":
        d = zlib.decompressobj()
        out = d.decompress(stream)
        assert d.eof and d.unused_data == b"", "exactly one zlib stream"
        return out
    if method == "gzip":
        assert gzip_members(stream) == 1
        return zlib.decompress(stream, 31)
    if method == "lz4":
        d = lz4.frame.LZ4FrameDecompressor()
        out = d.decompress(stream)
        assert d.eof and not d.unused_data, "exactly one LZ4 frame"
        return bytes(out)
    if method == "zstd":
        reader = zstandard.ZstdDecompressor().stream_reader(
            io.BytesIO(stream), read_across_frames=True
        )
        return bytes(reader.read())
    raise AssertionError(method)


@pytest.mark.parametrize("method", ["none", "zlib", "gzip", "lz4", "zstd"])
@pytest.mark.parametrize("level", [None, 1, 9])
@pytest.mark.parametrize("sizes", [[], [0], [1], [70_000, 3, 200_000], [5] * 20])
def test_stitched_streams_decode_to_the_payload(
    method: str, level: int | None, sizes: list[int]
) -> None:
    rng = __import__("random").Random(len(sizes) * 31 + sum(sizes))
    raws = [bytes(rng.choice(b"abc\t\n\\0123456789") for _ in range(n)) for n in sizes]
    pieces = iter([encode_piece(method, level, raw) for raw in raws])
    parts = list(stitch(method, level, pieces, COPY_END))
    assert all(parts[:-1]) or method == "none"  # no empty chunk would end a block early
    assert _decode(method, b"".join(parts)) == b"".join(raws) + COPY_END


def test_zstd_pieces_are_whole_frames() -> None:
    # pg_restore keeps no state between chunks once a frame ends: one frame per chunk.
    parts = list(stitch("zstd", None, iter([encode_piece("zstd", None, b"a" * 1000)]), COPY_END))
    decompressor = zstandard.ZstdDecompressor()
    frames = [decompressor.decompress(p, max_output_size=1 << 20) for p in parts]
    assert frames == [b"a" * 1000, COPY_END]


def test_gzip_header_is_zlibs() -> None:
    for level in (None, 1, 5, 9):
        assert archive_data.gzip_header(level) == _gzip_head(level)


def _gzip_head(level: int | None) -> bytes:
    c = zlib.compressobj(-1 if level is None else level, zlib.DEFLATED, 31)
    return (c.compress(b"") + c.flush())[:10]


# ---------------------------------------------------------------------------
# Archive entries
# ---------------------------------------------------------------------------


def test_database_entry_is_added_after_the_special_entries() -> None:
    dump = sample_dump()
    entries = archive_entries(dump, WriteOptions())
    assert [e.desc for e in entries[:5]] == [
        "ENCODING",
        "STDSTRINGS",
        "SEARCHPATH",
        "DATABASE",
        "SCHEMA",
    ]
    database = entries[3]
    assert database.tag == "sampledb" and database.owner == "postgres"
    assert database.defn == (
        "CREATE DATABASE sampledb WITH TEMPLATE = template0 ENCODING = 'UTF8';\n"
    )
    assert database.drop_stmt == "DROP DATABASE sampledb;\n"
    ids = [e.dump_id for e in dump.entries] + [d for e in dump.entries for d in e.deps]
    assert database.dump_id == max(ids) + 1
    assert len(archive_entries(Dump(dump.info, entries), WriteOptions())) == len(entries)
    # a data-only TOC names absent TABLEs in its dependencies: no id may collide
    data_only = sample_dump(data_only=True)
    db = archive_entries(data_only, WriteOptions())[3]
    assert db.dump_id > max(d for e in data_only.entries for d in e.deps)


def test_inserts_clear_the_copy_statement() -> None:
    entries = archive_entries(sample_dump(), WriteOptions(inserts=True))
    data = [e for e in entries if e.has_data]
    assert data and all(e.copy_stmt is None for e in data)


# ---------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------


def _payload(method: str, chunks: list[bytes]) -> bytes:
    if method == "none":
        return b"".join(chunks)
    d = zlib.decompressobj()
    out = d.decompress(b"".join(chunks))
    assert d.eof and d.unused_data == b"", "one zlib stream per block"
    return out


@pytest.mark.parametrize("spec", [None, "0", "1", "gzip:9"])
def test_custom_archive_blocks(spec: str | None) -> None:
    compress = Compression.parse(spec) if spec else None
    out = io.BytesIO()
    write_custom(sample_dump(chunk_rows=1), out, WriteOptions(compress=compress))
    data = out.getvalue()
    archive = read_archive(data)
    assert archive.fmt == 1 and archive.version == (1, 14, 0)
    assert archive.compression == {None: -1, "0": 0, "1": 1, "gzip:9": 9}[spec]
    assert archive.created[:6] == (0, 0, 0, 1, 0, 100)  # the fixed 2000-01-01 00:00:00
    blocks = read_blocks(data, archive.toc_end)
    with_data = [e for e in archive.entries if e.had_dumper]
    assert [b[1] for b in blocks] == [e.dump_id for e in with_data]  # TOC order
    method = "none" if spec == "0" else "zlib"
    for entry, (position, _, chunks) in zip(with_data, blocks, strict=True):
        assert entry.offset == (2, position)
        payload = _payload(method, chunks).decode()
        assert payload.endswith("\\.\n\n\n")
    assert all(e.offset == (3, 0) for e in archive.entries if not e.had_dumper)
    # the empty table still has its stream
    empty = next(e for e in with_data if e.tag == "audit_log")
    chunks = next(c for _, i, c in blocks if i == empty.dump_id)
    assert _payload(method, chunks) == b"\\.\n\n\n"


def _through_pipe(write: Callable[[BinaryIO], None]) -> bytes:
    """What *write* sends into a pipe (not seekable), as read from its other end."""
    read_end, write_end = os.pipe()
    received: list[bytes] = []

    def drain() -> None:
        with open(read_end, "rb") as source:
            received.append(source.read())

    reader = threading.Thread(target=drain)
    reader.start()
    with open(write_end, "wb") as pipe:
        write(pipe)
    reader.join()
    return received[0]


def test_custom_archive_without_seeking_leaves_offsets_unset(tmp_path: Path) -> None:
    streamed = _through_pipe(lambda out: write_custom(sample_dump(), out, WriteOptions()))
    archive = read_archive(streamed)
    assert {e.offset for e in archive.entries if e.had_dumper} == {(1, 0)}
    # appending to a file cannot rewrite the TOC either
    appended = tmp_path / "a.dump"
    with appended.open("ab") as out:
        write_custom(sample_dump(), out, WriteOptions())
    assert appended.read_bytes() == streamed
    seekable = tmp_path / "s.dump"
    with seekable.open("wb") as out:
        out.write(b"junk")  # offsets count from the archive's start
        write_custom(sample_dump(), out, WriteOptions())
    data = seekable.read_bytes()[4:]
    archive = read_archive(data)
    positions = [e.offset[1] for e in archive.entries if e.had_dumper and e.offset]
    assert [p for p, _, _ in read_blocks(data, archive.toc_end)] == positions


def test_directory_archive(tmp_path: Path) -> None:
    write_directory(sample_dump(), tmp_path, WriteOptions())
    archive = read_archive((tmp_path / "toc.dat").read_bytes())
    assert archive.fmt == 3 and archive.compression == -1
    data = [e for e in archive.entries if e.had_dumper]
    assert {e.filename for e in archive.entries if not e.had_dumper} == {""}
    assert [e.filename for e in data] == [f"{e.dump_id}.dat" for e in data]
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == sorted([f"{e.dump_id}.dat.gz" for e in data] + ["toc.dat"])
    for e in data:
        raw = (tmp_path / f"{e.dump_id}.dat.gz").read_bytes()
        assert gzip_members(raw) == 1
        assert zlib.decompress(raw, 31).endswith(b"\\.\n\n\n")
    plain = tmp_path / "plain"
    plain.mkdir()
    write_directory(sample_dump(), plain, WriteOptions(compress=Compression("none")))
    assert read_archive((plain / "toc.dat").read_bytes()).compression == 0
    assert {p.suffix for p in plain.iterdir()} == {".dat"}


def test_tar_archive_layout_on_files_and_pipes(tmp_path: Path) -> None:
    seekable = io.BytesIO()
    write_tar(sample_dump(), seekable, WriteOptions(target_version=17))
    data = seekable.getvalue()
    members, end = read_tar(data)
    archive = read_archive(members[0].content)
    data_entries = [e for e in archive.entries if e.had_dumper]
    assert [m.name for m in members] == (
        ["toc.dat"] + [f"{e.dump_id}.dat" for e in data_entries] + ["restore.sql"]
    )
    assert archive.fmt == 3 and archive.compression == 0 and archive.version == (1, 16, 0)
    assert end == b"\0" * 1024 and len(data) % 512 == 0  # no padding to a 10 KiB record
    assert all(m.header[100:108] == b"0000600 " for m in members)
    for entry, member in zip(data_entries, members[1:], strict=False):
        assert member.content.endswith(b"\\.\n\n\n")
        assert entry.filename == member.name
    # through a pipe (spooled members) the bytes are the same
    options = WriteOptions(target_version=17)
    assert _through_pipe(lambda out: write_tar(sample_dump(), out, options)) == data


def test_no_clock_in_the_output_unless_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = io.BytesIO(), io.BytesIO()
    write_custom(sample_dump(), first, WriteOptions())
    write_custom(sample_dump(), second, WriteOptions())
    assert first.getvalue() == second.getvalue()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    dated = io.BytesIO()
    write_custom(sample_dump(), dated, WriteOptions())
    assert read_archive(dated.getvalue()).created[:6] == (20, 13, 22, 14, 10, 123)


# ---------------------------------------------------------------------------
# restore.sql
# ---------------------------------------------------------------------------


def test_restore_script_loads_data_from_member_files() -> None:
    dump = sample_dump()
    entries = archive_entries(dump, WriteOptions())
    script = restore_script(dump, entries, WriteOptions(), "pgmock test")
    assert script.startswith("--\n-- NOTE:\n--\n-- File paths need to be edited.")
    assert "-- Dumped by pg_dump version pgmock test\n" in script
    head, _, rest = script.partition(
        "DROP DATABASE sampledb;\n--\n-- Name: sampledb; Type: DATABASE"
    )
    assert rest and head.endswith("SET row_security = off;\n\n")
    assert "ALTER DATABASE sampledb OWNER TO postgres;\n\n\\connect sampledb\n\nSET " in rest
    data = next(e for e in entries if e.desc == "TABLE DATA" and e.tag == "customer")
    assert data.copy_stmt is not None
    copy_head = data.copy_stmt.removesuffix(" FROM stdin;\n")
    expected = f"{data.copy_stmt}\\.\n{copy_head} FROM '$$PATH$$/{data.dump_id}.dat';\n\n"
    assert expected in script
    assert script.endswith("--\n-- PostgreSQL database dump complete\n--\n\n")
    inserts = archive_entries(dump, WriteOptions(inserts=True))
    text = restore_script(dump, inserts, WriteOptions(inserts=True), None)
    assert f"\\i $$PATH$$/{data.dump_id}.dat\n\n" in text and "COPY " not in text
    no_owner = restore_script(dump, entries, WriteOptions(no_owner=True), None)
    assert "OWNER TO" not in no_owner


def test_psql_connect_quoting() -> None:
    assert psql_connect("shop") == "\\connect shop\n"
    assert psql_connect("Shop") == '\\connect "Shop"\n'
    assert psql_connect("my db") == "\\connect -reuse-previous=on \"dbname='my db'\"\n"
    assert psql_connect("it's") == "\\connect -reuse-previous=on \"dbname='it\\'s'\"\n"
    with pytest.raises(ValueError, match="newline"):
        psql_connect("a\nb")


def test_writers_are_registered() -> None:
    registry = WriterRegistry()
    pg_dump.pgmock_register_writers(registry)  # type: ignore[arg-type,unused-ignore]
    formats = {cls.formats: cls.writes_directory for cls in registry.writers}  # type: ignore[attr-defined]
    assert formats == {("c", "custom"): False, ("d", "directory"): True, ("t", "tar"): False}
    assert all(cls.summary() for cls in registry.writers)  # type: ignore[attr-defined]


def test_entries_are_not_modified() -> None:
    dump = sample_dump()
    before = [replace(e) for e in dump.entries]
    write_custom(dump, io.BytesIO(), WriteOptions(inserts=True))
    assert [(e.dump_id, e.copy_stmt) for e in dump.entries] == [
        (e.dump_id, e.copy_stmt) for e in before
    ]
