"""pgmock verify: every format reads back clean, and every kind of violation is found
with its exact report — on dumps corrupted by hand (a COPY line edited, a parent row
dropped, a key duplicated, a NULL or a failing value written) and on data that a stricter
schema than the one that generated it forbids. No database: verify needs none.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner

from pgmock.cli import cli
from pgmock.sql.check import CheckSyntaxError, Unsupported, compile_row_check
from pgmock.verify import checker, keys
from pgmock_sdk import parse_type

SCHEMA: dict[str, Any] = {
    "version": "1.0",
    "seed": 3,
    "types": {
        "mood": {"enum": ["sad", "ok", "happy"]},
        "posint": {"domain": "integer", "check": "VALUE > 0"},
    },
    "tables": {
        "customers": {
            "rowCount": 40,
            "columns": {
                "id": {"type": "serial", "primaryKey": True},
                "email": {"type": "text", "generator": "email", "unique": True},
                "code": {
                    "type": "varchar(12)",
                    "generator": "core.sequence",
                    "params": {"prefix": "C-"},
                },
                "region": {
                    "type": "integer",
                    "generator": "core.integer",
                    "params": {"min": 1, "max": 3},
                    "nullRatio": 0.3,
                },
                "mood": {"type": "mood"},
                "referrer_id": {"type": "integer", "references": "customers.id", "nullRatio": 0.5},
                "discount": {
                    "type": "numeric(4,2)",
                    "generator": "core.decimal",
                    "params": {"min": 0, "max": 1},
                    "check": "discount >= 0 AND discount <= 1",
                },
            },
            "indexes": [{"columns": ["code"], "unique": True}],
            "unique": [["region", "mood", "code"]],
        },
        "orders": {
            "rowCount": {"per": "customers", "count": 2},
            "columns": {
                "customer_id": {"type": "integer", "references": "customers.id"},
                "n": {"type": "smallint", "generator": "core.sequence"},
                "qty": {"type": "posint"},
                "note": {"type": "text", "generator": "core.text", "nullable": False},
            },
            "primaryKey": ["customer_id", "n"],
            "checks": ["qty < 1000000"],
        },
        "lines": {
            "rowCount": 100,
            "columns": {
                "id": {"type": "bigserial", "primaryKey": True},
                "customer_id": {"type": "integer"},
                "n": {"type": "smallint"},
            },
            "foreignKeys": [
                {
                    "columns": ["customer_id", "n"],
                    "references": {"table": "orders", "columns": ["customer_id", "n"]},
                }
            ],
        },
    },
}
ROWS = 40 + 80 + 100
CLEAN = f"OK — 3 tables, {ROWS} rows: row counts, keys, foreign keys, NOT NULL and CHECKs hold"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def write_schema(tmp_path: Path, schema: dict[str, Any] = SCHEMA, name: str = "s.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(schema), encoding="utf-8")
    return str(path)


def generate(tmp_path: Path, name: str, *flags: str, schema: str | None = None) -> str:
    schema = schema or write_schema(tmp_path)
    out = str(tmp_path / name)
    code, _, err = run("generate", schema, "-f", out, *flags)
    assert code == 0, err
    return out


def verify(dump: str, schema: str, *flags: str) -> tuple[int, list[str], str]:
    code, out, err = run("verify", dump, "--schema", schema, *flags)
    return code, out.splitlines(), err


# ------------------------------------------------------------------ every format, clean

FORMATS = {
    "plain COPY": ("-F", "p"),
    "plain --inserts": ("-F", "p", "--inserts"),
    "plain --column-inserts": ("-F", "p", "--column-inserts"),
    "plain --rows-per-insert": ("-F", "p", "--rows-per-insert", "7"),
    "plain -j 2": ("-F", "p", "-j", "2"),
    "custom": ("-F", "c"),
    "custom -Z 0": ("-F", "c", "-Z", "0"),
    "custom lz4": ("-F", "c", "-Z", "lz4", "--target-version", "16"),
    "custom zstd": ("-F", "c", "-Z", "zstd", "--target-version", "17"),
    "custom --inserts": ("-F", "c", "--inserts"),
    "directory": ("-F", "d"),
    "directory -Z 0": ("-F", "d", "-Z", "none"),
    "directory lz4": ("-F", "d", "-Z", "lz4:3", "--target-version", "16"),
    "directory zstd --column-inserts": (
        "-F", "d", "-Z", "zstd", "--target-version", "16", "--column-inserts",
    ),
    "tar": ("-F", "t"),
    "tar --rows-per-insert": ("-F", "t", "--rows-per-insert", "3"),
}  # fmt: skip


@pytest.mark.parametrize("flags", list(FORMATS.values()), ids=list(FORMATS))
def test_every_format_verifies_clean(tmp_path: Path, flags: tuple[str, ...]) -> None:
    schema = write_schema(tmp_path)
    dump = generate(tmp_path, "out", *flags, schema=schema)
    code, lines, err = verify(dump, schema)
    assert (code, lines, err) == (0, [f"{dump}: {CLEAN}"], "")


def test_a_plain_dump_compressed_as_a_whole_verifies(tmp_path: Path) -> None:
    schema = write_schema(tmp_path)
    dump = Path(generate(tmp_path, "out.sql", schema=schema))
    packed = tmp_path / "out.sql.gz"
    packed.write_bytes(gzip.compress(dump.read_bytes()))
    code, lines, _ = verify(str(packed), schema)
    assert (code, lines) == (0, [f"{packed}: {CLEAN}"])


# ------------------------------------------------------------------ corrupted plain dumps


def copy_rows(sql: str, table: str) -> tuple[int, int]:
    """(index of the first data line, index of the \\. line) of a table's COPY block."""
    lines = sql.split("\n")
    head = next(i for i, line in enumerate(lines) if line.startswith(f"COPY public.{table} "))
    end = lines.index("\\.", head)
    return head + 1, end


class Plain:
    """A plain dump to corrupt: rows by table and 1-based row number, fields by index."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp = tmp_path
        self.schema = write_schema(tmp_path)
        self.path = tmp_path / "dump.sql"
        generate(tmp_path, "dump.sql", schema=self.schema)
        self.lines = self.path.read_text(encoding="utf-8").split("\n")

    def at(self, table: str, row: int) -> int:
        start, _ = copy_rows("\n".join(self.lines), table)
        return start + row - 1

    def row(self, table: str, row: int) -> list[str]:
        return self.lines[self.at(table, row)].split("\t")

    def set(self, table: str, row: int, field: int, value: str) -> int:
        """Overwrite one field; returns the file line (1-based) of the row."""
        fields = self.row(table, row)
        fields[field] = value
        i = self.at(table, row)
        self.lines[i] = "\t".join(fields)
        return i + 1

    def find(self, table: str, field: int, value: str) -> list[int]:
        """Rows (1-based) whose field equals value."""
        start, end = copy_rows("\n".join(self.lines), table)
        return [
            i - start + 1 for i in range(start, end) if self.lines[i].split("\t")[field] == value
        ]

    def verify(self, *flags: str) -> tuple[int, list[str]]:
        self.path.write_text("\n".join(self.lines), encoding="utf-8")
        code, lines, _ = verify(str(self.path), self.schema, *flags)
        return code, lines


def test_a_duplicated_key_is_found_with_both_rows(tmp_path: Path) -> None:
    d = Plain(tmp_path)
    email = d.row("customers", 3)[1]
    line = d.set("customers", 7, 1, email)
    code, lines = d.verify()
    assert code == 1
    assert lines == [
        f"{d.path}:{line}: customers: unique customers_email_key (email): row 7: "
        f"email = '{email}' repeats row 3",
        f"{d.path}: 1 violation in 1 table (3 tables, {ROWS} rows read)",
    ]


def test_unique_index_and_composite_primary_key(tmp_path: Path) -> None:
    d = Plain(tmp_path)
    code_line = d.set("customers", 9, 2, "C-2")
    first = d.row("orders", 5)
    pk_line = d.set("orders", 6, 1, first[1])
    d.set("orders", 6, 0, first[0])
    code, lines = d.verify()
    assert code == 1
    assert (
        f"{d.path}:{code_line}: customers: unique index customers_code_idx (code): row 9: "
        "code = 'C-2' repeats row 2"
    ) in lines
    assert (
        f"{d.path}:{pk_line}: orders: primary key orders_pkey (customer_id, n): row 6: "
        f"(customer_id, n) = ({first[0]}, {first[1]}) repeats row 5"
    ) in lines


def test_a_dropped_parent_row_breaks_its_children_and_the_count(tmp_path: Path) -> None:
    d = Plain(tmp_path)
    orders = d.find("orders", 0, "5")
    assert orders, "customer 5 has orders"
    referrers = d.find("customers", 5, "5")
    del d.lines[d.at("customers", 5)]
    code, lines = d.verify()
    assert code == 1
    copy_line = d.at("customers", 1)  # the COPY statement's line (0-based + 1 = 1-based)
    assert lines[0] == (
        f"{d.path}:{copy_line}: customers: row count: 39 rows; the schema makes 40 "
        "(give verify the --seed, --rows and --scale that generate had)"
    )
    assert any(
        re.fullmatch(
            rf"{re.escape(str(d.path))}:\d+: orders: foreign key orders_customer_id_fkey "
            rf"\(customer_id\): row {orders[0]}: customer_id = 5 has no row in customers \(id\)"
            + (f" \\({len(orders)} rows\\)" if len(orders) > 1 else ""),
            line,
        )
        for line in lines
    ), lines
    if referrers:
        assert any("customers_referrer_id_fkey" in line for line in lines)


def test_null_in_a_not_null_column_and_in_a_domain(tmp_path: Path) -> None:
    d = Plain(tmp_path)
    line = d.set("orders", 4, 3, "\\N")
    qty_line = d.set("orders", 8, 2, "0")
    code, lines = d.verify()
    assert code == 1
    assert lines[:2] == [
        f"{d.path}:{line}: orders: not null note: row 4: note is NULL",
        f"{d.path}:{qty_line}: orders: domain public.posint (qty): row 8: qty = 0 fails the "
        "domain's CHECK (VALUE > 0)",
    ]


def test_a_failing_check_is_found_and_counted(tmp_path: Path) -> None:
    d = Plain(tmp_path)
    line = d.set("customers", 2, 6, "1.50")
    d.set("customers", 30, 6, "-0.01")
    code, lines = d.verify()
    assert code == 1
    assert lines[0] == (
        f"{d.path}:{line}: customers: check customers_discount_check (discount): row 2: "
        "discount = 1.50 fails CHECK (discount >= 0 AND discount <= 1) (2 rows)"
    )


def test_composite_foreign_key_and_match_simple(tmp_path: Path) -> None:
    d = Plain(tmp_path)
    # a NULL in one column of a composite FK: MATCH SIMPLE checks nothing
    d.set("lines", 3, 1, "\\N")
    d.set("lines", 3, 2, "999")
    line = d.set("lines", 5, 2, "999")
    customer = d.row("lines", 5)[1]
    code, lines = d.verify()
    assert code == 1
    assert lines[0] == (
        f"{d.path}:{line}: lines: foreign key lines_customer_id_n_fkey (customer_id, n): row 5: "
        f"(customer_id, n) = ({customer}, 999) has no row in orders (customer_id, n)"
    )
    assert len(lines) == 2


def test_nulls_never_collide_in_a_composite_unique(tmp_path: Path) -> None:
    d = Plain(tmp_path)
    for row, region in ((1, "\\N"), (2, "\\N"), (3, "2"), (4, "2")):
        d.set("customers", row, 3, region)
        d.set("customers", row, 4, "ok")
        d.set("customers", row, 2, "C-1" if row < 3 else "C-3")
    code, lines = d.verify()
    assert code == 1
    composite = [line for line in lines if "region_mood_code" in line]
    assert [line.split(": ", 1)[1] for line in composite] == [
        "customers: unique customers_region_mood_code_key (region, mood, code): row 4: "
        "(region, mood, code) = (2, 'ok', 'C-3') repeats row 3"
    ]  # rows 1 and 2 differ only in NULLs: no conflict
    assert sum("customers_code_idx" in line for line in lines) == 1


def test_a_malformed_copy_line_names_row_and_line(tmp_path: Path) -> None:
    d = Plain(tmp_path)
    i = d.at("orders", 12)
    d.lines[i] = d.lines[i].rsplit("\t", 1)[0]
    code, lines = d.verify()
    assert code == 1
    assert lines[0] == (
        f"{d.path}:{i + 1}: orders: format: row 12: 3 fields, the COPY column list has 4"
    )


def test_row_counts_follow_rows_and_seed(tmp_path: Path) -> None:
    schema = write_schema(tmp_path)
    dump = generate(tmp_path, "big.sql", "--rows", "customers=50", schema=schema)
    code, lines, _ = verify(dump, schema)
    assert code == 1
    assert [re.sub(r":\d+:", ":N:", line, count=1) for line in lines[:2]] == [
        f"{dump}:N: customers: row count: 50 rows; the schema makes 40 (give verify the "
        "--seed, --rows and --scale that generate had)",
        f"{dump}:N: orders: row count: 100 rows; the schema makes 80 (give verify the "
        "--seed, --rows and --scale that generate had)",
    ]
    assert verify(dump, schema, "--rows", "customers=50")[0] == 0


def test_table_selection_and_missing_tables(tmp_path: Path) -> None:
    schema = write_schema(tmp_path)
    dump = generate(tmp_path, "part.sql", "-T", "lines", schema=schema)
    assert verify(dump, schema, "-T", "lines")[0] == 0
    code, lines, _ = verify(dump, schema)
    assert (code, lines[0]) == (
        1,
        f"{dump}: lines: missing table: the dump has no data for this table",
    )


# ------------------------------------------------------------------ archives


def test_a_corrupted_directory_archive(tmp_path: Path) -> None:
    schema = write_schema(tmp_path)
    out = Path(generate(tmp_path, "dir", "-F", "d", "-Z", "0", schema=schema))
    toc = (out / "toc.dat").read_bytes()
    data = {p: p.read_text(encoding="utf-8") for p in out.glob("*.dat") if p.name != "toc.dat"}
    customers = next(p for p, text in data.items() if "@" in text)
    rows = data[customers].split("\n")
    rows[9] = "\t".join([rows[2].split("\t")[0], *rows[9].split("\t")[1:]])
    customers.write_text("\n".join(rows), encoding="utf-8")
    assert toc
    code, lines, _ = verify(str(out), schema)
    assert code == 1
    assert lines[0] == (
        f"{out}: customers: primary key customers_pkey (id): row 10: id = 3 repeats row 3"
    )


# What validate accepts but the data of SCHEMA breaks (validate refuses uniqueness a
# generator cannot give, and FKs the parents cannot satisfy, so those are not here).
STRICT = json.loads(json.dumps(SCHEMA))
STRICT["tables"]["customers"]["columns"]["region"] = {"type": "integer", "nullable": False}
STRICT["tables"]["customers"]["checks"] = ["mood <> 'sad'"]
STRICT["tables"]["orders"]["columns"]["qty"]["check"] = "qty % 2 = 0"
# a unique index is a key pgmock fills (a unique one on lines.customer_id, an FK with
# fewer parents than rows, is refused): 40 discounts of 101 values repeat
STRICT["tables"]["customers"]["indexes"].append({"columns": ["discount"], "unique": True})


@pytest.mark.parametrize("flags", list(FORMATS.values()), ids=list(FORMATS))
def test_every_format_reports_the_same_violations(tmp_path: Path, flags: tuple[str, ...]) -> None:
    """Data generated from a loose schema, checked against a stricter one."""
    loose = write_schema(tmp_path)
    strict = write_schema(tmp_path, STRICT, "strict.json")
    reference = generate(tmp_path, "ref.sql", schema=loose)
    dump = generate(tmp_path, "out", *flags, schema=loose)
    _, want, _ = verify(reference, strict)
    code, got, _ = verify(dump, strict)
    assert code == 1
    kinds = [line.split(": ", 3)[1:3] for line in got[:-1]]
    assert kinds == [
        ["customers", "not null region"],
        ["customers", "check customers_mood_check (mood)"],
        ["customers", "unique index customers_discount_idx (discount)"],
        ["orders", "check orders_qty_check (qty)"],
    ]

    def unlocated(lines: list[str], path: str) -> list[str]:
        return [re.sub(rf"^{re.escape(path)}(:\d+)?: ", "", line) for line in lines[:-1]]

    assert unlocated(got, dump) == unlocated(want, reference)


# ------------------------------------------------------------------ bounded memory


def test_key_sets_spill_and_still_find_duplicates(tmp_path: Path) -> None:
    schema = {
        "version": "1.0",
        "tables": {
            "big": {
                "rowCount": 400_000,
                "columns": {
                    "id": {"type": "bigserial", "primaryKey": True},
                    "token": {"type": "uuid", "unique": True},
                },
            }
        },
    }
    path = write_schema(tmp_path, schema)
    dump = generate(tmp_path, "big.sql", schema=path)
    code, out, _ = run("verify", dump, "--schema", path, "--work-mem", "1MB", "--json")
    report = json.loads(out)
    assert (code, report["ok"], report["rows"]) == (0, True, 400_000)
    assert report["spilled_bytes"] > 4_000_000  # both keys went to disk in runs
    sql = Path(dump).read_text(encoding="utf-8").split("\n")
    start, end = copy_rows("\n".join(sql), "big")
    first = sql[start].split("\t")
    sql[end - 1] = "\t".join([sql[end - 1].split("\t")[0], first[1]])  # last token = first
    Path(dump).write_text("\n".join(sql), encoding="utf-8")
    code, lines, _ = verify(dump, path, "--work-mem", "1MB")
    assert code == 1
    assert lines[0] == (
        f"{dump}:{end}: big: unique big_token_key (token): row 400000: "
        f"token = '{first[1]}' repeats row 1"
    )


def test_hash_collisions_are_checked_on_the_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a hash that collides all the time, clean data stays clean and a real
    duplicate is still the one reported."""

    def weak(columns: Any) -> np.ndarray:
        return (keys.hash_keys(columns) % np.uint64(5)).astype(np.uint64)

    monkeypatch.setattr(checker, "hash_keys", weak)
    d = Plain(tmp_path)
    assert d.verify()[0] == 0
    email = d.row("customers", 11)[1]
    d.set("customers", 12, 1, email)
    code, lines = d.verify()
    assert code == 1
    assert [line.split(": ", 2)[2] for line in lines[:-1]] == [
        f"unique customers_email_key (email): row 12: email = '{email}' repeats row 11"
    ]


def test_merged_runs_are_sorted_and_complete(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keys, "MERGE_BLOCK", 7)
    rng = np.random.default_rng(1)
    with keys.Spill(1 << 20) as spill:
        parents, children = keys.HashSet(spill, "p"), keys.HashSet(spill, "c")
        values = rng.integers(0, 500, 3000).astype(np.uint64)
        for part in np.array_split(values, 9):
            parents.add(part)
            parents.spill()
        kids = rng.integers(0, 800, 2000).astype(np.uint64)
        for part in np.array_split(kids, 4):
            children.add(part)
            children.spill()
        children.add(np.array([7, 7], np.uint64))  # one in memory, not spilled
        merged = np.concatenate(list(parents.blocks()))
        assert np.array_equal(merged, np.sort(values))
        dups, extra = keys.repeated(parents, 10**6)
        uniq, counts = np.unique(values, return_counts=True)
        assert np.array_equal(dups, uniq[counts > 1])
        assert extra == int((counts - 1).sum())
        lost, total = keys.missing(children, parents, 10**6)
        all_kids = np.concatenate([kids, [7, 7]]).astype(np.uint64)
        absent = ~np.isin(all_kids, values)
        assert np.array_equal(lost, np.unique(all_kids[absent]))
        assert total == int(absent.sum())


# ------------------------------------------------------------------ usage, JSON, notes


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    schema = write_schema(tmp_path)
    dump = generate(tmp_path, "d.sql", schema=schema)
    assert run("verify", dump)[0] == 2  # no schema
    code, _, err = run("verify", schema, "--schema", schema)
    assert code == 2 and "looks like JSON, not a dump" in err
    assert run("verify", str(tmp_path / "nope.sql"), "--schema", schema)[0] == 2
    bad = write_schema(tmp_path, {"version": "1.0", "tables": {"t": {"columns": 3}}}, "bad.json")
    assert run("verify", dump, "--schema", bad)[0] == 2


def test_json_report(tmp_path: Path) -> None:
    d = Plain(tmp_path)
    d.set("orders", 4, 3, "\\N")
    d.path.write_text("\n".join(d.lines), encoding="utf-8")
    code, out, _ = run("verify", str(d.path), "--schema", d.schema, "--json")
    report = json.loads(out)
    assert code == 1 and report["ok"] is False and report["format"] == "plain SQL"
    assert [t["table"] for t in report["tables"]] == ["customers", "orders", "lines"]
    (v,) = report["violations"]
    assert {k: v[k] for k in ("table", "kind", "constraint", "row", "values", "count")} == {
        "table": "orders",
        "kind": "not null",
        "constraint": "note",
        "row": 4,
        "values": {"note": None},
        "count": 1,
    }


def test_checks_pgmock_cannot_evaluate_are_named(tmp_path: Path) -> None:
    schema = json.loads(json.dumps(SCHEMA))
    schema["tables"]["orders"]["checks"] = ["note ~ '^[a-z ]+$'"]
    path = write_schema(tmp_path, schema)
    dump = generate(tmp_path, "d.sql", schema=path)
    code, _, err = verify(dump, path)
    assert code == 0
    assert err.startswith(
        "pgmock: not verified: orders: CHECK orders_note_check (note ~ '^[a-z ]+$'): "
        "pgmock cannot evaluate"
    )
    assert err.count("\n") == 1


# ------------------------------------------------------------------ table CHECKs


def test_table_checks_follow_three_valued_logic() -> None:
    types = {"a": parse_type("int"), "b": parse_type("numeric(6,2)"), "s": parse_type("text")}
    check = compile_row_check("a < b OR a IS NULL", types)
    got = check.ok({"a": ["1", "5", None, "3"], "b": ["2", "2.5", "1", None]}, 4)
    assert got.tolist() == [True, False, True, True]  # 3 < NULL is NULL: passes
    check = compile_row_check("length(s) BETWEEN 1 AND 3 AND a % 2 = 0", types)
    got = check.ok({"s": ["ab", "", "abcd", None], "a": ["2", "2", "2", "3"]}, 4)
    assert got.tolist() == [True, False, False, False]  # NULL AND false is false
    check = compile_row_check('"a" / (b - 2) > 0', types)
    assert check.ok({"a": ["1", "1"], "b": ["2", "3"]}, 2).tolist() == [False, True]
    with pytest.raises(CheckSyntaxError, match='no column "c"'):
        compile_row_check("c > 0", types)
    with pytest.raises(Unsupported):
        compile_row_check("s < 'm'", types)  # ordering text depends on the collation


@pytest.mark.parametrize("flags", [("-F", "p"), ("-F", "p", "--inserts"), ("-F", "c", "--inserts")])
def test_empty_tables_are_data_too(tmp_path: Path, flags: tuple[str, ...]) -> None:
    """--inserts writes nothing for an empty table but its TABLE DATA header."""
    schema = json.loads(json.dumps(SCHEMA))
    schema["tables"]["lines"]["rowCount"] = 0
    path = write_schema(tmp_path, schema)
    dump = generate(tmp_path, "out", *flags, schema=path)
    code, out, _ = run("verify", dump, "--schema", path, "--json")
    report = json.loads(out)
    assert (code, report["ok"]) == (0, True)
    assert [(t["table"], t["rows"]) for t in report["tables"]][-1] == ("lines", 0)


def test_truncated_and_foreign_files(tmp_path: Path) -> None:
    schema = write_schema(tmp_path)
    dump = Path(generate(tmp_path, "d.dump", "-F", "c", schema=schema))
    cut = tmp_path / "cut.dump"
    cut.write_bytes(dump.read_bytes()[:200])  # inside the TOC
    code, lines, _ = verify(str(cut), schema)
    assert (code, lines) == (
        1,
        [
            f"{cut}: format: {cut} ends early (truncated?)",
            f"{cut}: 1 violation (0 tables, 0 rows read)",
        ],
    )
    plain = Path(generate(tmp_path, "d.sql", schema=schema))
    packed = tmp_path / "cut.sql.gz"
    whole = gzip.compress(plain.read_bytes())
    packed.write_bytes(whole[: len(whole) * 2 // 3])
    code, lines, _ = verify(str(packed), schema)
    assert code == 1
    assert any("gzip data ends before its stream does (truncated?)" in line for line in lines)
    noise = tmp_path / "noise.bin"
    noise.write_bytes(bytes(range(256)) * 4)
    code, _, err = run("verify", str(noise), "--schema", schema)
    assert (code, err) == (
        2,
        f"pgmock: {noise}: not a dump (no pg_dump archive, and not UTF-8 text)\n",
    )


def test_a_partial_unique_index_counts_only_the_rows_its_where_takes(tmp_path: Path) -> None:
    """``UNIQUE (owner_id) WHERE is_default``: owners repeat among the other rows, as the
    server allows. Before, verify checked the index on every row and reported them."""
    schema: dict[str, Any] = {
        "version": "1.0",
        "seed": 5,
        "tables": {
            "owners": {"rowCount": 10, "columns": {"id": {"type": "serial", "primaryKey": True}}},
            "accounts": {
                "rowCount": 60,
                "columns": {
                    "id": {"type": "serial", "primaryKey": True},
                    "owner_id": {"type": "integer", "references": "owners.id"},
                    "is_default": {"type": "boolean"},
                },
                "indexes": [{"columns": ["owner_id"], "unique": True, "where": "is_default"}],
            },
        },
    }
    path = write_schema(tmp_path, schema, "partial.json")
    dump = generate(tmp_path, "partial.sql", schema=path)
    code, lines, _ = verify(dump, path)
    assert code == 0, lines
    text = Path(dump).read_text(encoding="utf-8")
    start, end = copy_rows(text, "accounts")
    rows = text.split("\n")
    defaults = [i for i in range(start, end) if rows[i].endswith("\tt")]
    other = next(i for i in range(start, end) if rows[i].endswith("\tf"))
    owner = rows[defaults[0]].split("\t")[1]
    assert sum(r.split("\t")[1] == owner for r in rows[start:end]) >= 1
    fields = rows[other].split("\t")
    rows[other] = "\t".join([fields[0], owner, "t"])
    Path(dump).write_text("\n".join(rows), encoding="utf-8")
    code, lines, _ = verify(dump, path)
    assert code == 1
    assert any("unique index accounts_owner_id_idx (owner_id)" in line for line in lines), lines


@pytest.mark.parametrize("flags", [(), ("-Fc",)], ids=["plain", "custom"])
def test_a_partitioned_table_is_verified_through_its_partitions(
    tmp_path: Path, flags: tuple[str, ...]
) -> None:
    """pg_dump writes a partitioned table's rows per partition; verify read them as
    tables the schema does not declare and the parent as missing."""
    schema: dict[str, Any] = {
        "version": "1.0",
        "seed": 2,
        "tables": {
            "events": {
                "rowCount": 300,
                "columns": {
                    "id": {"type": "integer", "generator": "core.sequence"},
                    "region": {
                        "type": "text",
                        "generator": "choice",
                        "params": {"values": ["eu", "us"]},
                    },
                },
                "primaryKey": ["id", "region"],
                "partitionBy": "LIST (region)",
                "partitions": {"events_eu": "FOR VALUES IN ('eu')", "events_us": "DEFAULT"},
            }
        },
    }
    path = write_schema(tmp_path, schema, "parts.json")
    dump = generate(tmp_path, "parts.dump", *flags, schema=path)
    code, lines, _ = verify(dump, path)
    assert code == 0, lines
    assert "1 tables, 300 rows" in lines[-1]
