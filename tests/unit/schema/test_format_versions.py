"""The schema format's version: "version" and "$schema" checked by validate (a newer format
asks for an upgrade, an unknown one is refused), and ``pgmock schema migrate`` bringing a
1.0 file to the current format."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pgmock.schema.formats import CURRENT, SUPPORTED, check_format, migrate, schema_name

from clihelp import pgmock

TABLES = {"t": {"rowCount": 3, "columns": {"id": {"type": "serial", "primaryKey": True}}}}


def _write(path: Path, doc: dict[str, Any]) -> Path:
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _validate(tmp_path: Path, **top: Any) -> tuple[int, str]:
    doc = {**top, "tables": TABLES}
    proc = pgmock("validate", str(_write(tmp_path / "s.json", doc)), check=False)
    return proc.returncode, proc.stderr.decode()


def test_the_current_format_is_the_newest_supported() -> None:
    assert CURRENT == SUPPORTED[-1] == "1.1"
    assert schema_name() == "pgmock-schema-1.1.json"


@pytest.mark.parametrize("version", SUPPORTED)
def test_every_supported_version_validates(tmp_path: Path, version: str) -> None:
    code, err = _validate(tmp_path, version=version)
    assert code == 0, err


@pytest.mark.parametrize(
    "declared",
    [
        "pgmock-schema-1.1.json",
        "./schemas/pgmock-schema-1.1.json",
        "https://example.org/pgmock/pgmock-schema-1.1.json",
        "pgmock schema 1.1",
    ],
)
def test_dollar_schema_names_the_version(tmp_path: Path, declared: str) -> None:
    code, err = _validate(tmp_path, **{"$schema": declared, "version": "1.1"})
    assert code == 0, err


def test_a_newer_version_asks_for_an_upgrade_and_nothing_else(tmp_path: Path) -> None:
    code, err = _validate(tmp_path, version="1.2", newKey=True)
    assert code == 2
    assert "s.json: version: schema format 1.2 is newer than this pgmock" in err
    assert "upgrade pgmock (pip install -U pgmockdb)" in err
    # Keys of the newer format are not reported as unknown: the upgrade is the fix.
    assert "newKey" not in err
    assert "1 problem found" in err


def test_a_newer_format_named_by_dollar_schema_asks_for_an_upgrade(tmp_path: Path) -> None:
    code, err = _validate(tmp_path, **{"$schema": "pgmock-schema-2.0.json", "version": "1.1"})
    assert code == 2
    assert "$schema: schema format 2.0 is newer than this pgmock" in err


@pytest.mark.parametrize("version", ["0.9", "one", "1"])
def test_an_unknown_version_is_refused_with_the_other_problems(
    tmp_path: Path, version: str
) -> None:
    code, err = _validate(tmp_path, version=version, seed=-1)
    assert code == 2
    assert f'version: unknown schema format version "{version}"; this pgmock reads 1.0, 1.1' in err
    # Reported once (not again by the model), and the rest of the document is checked.
    assert err.count("version:") == 1
    assert "seed:" in err
    assert "2 problems found" in err


def test_a_dollar_schema_that_names_no_pgmock_format_is_refused(tmp_path: Path) -> None:
    code, err = _validate(tmp_path, **{"$schema": "https://json-schema.org/x", "version": "1.1"})
    assert code == 2
    assert '$schema: "https://json-schema.org/x" does not name a pgmock schema format' in err
    assert '"pgmock-schema-1.1.json"' in err


def test_dollar_schema_and_version_must_agree(tmp_path: Path) -> None:
    code, err = _validate(tmp_path, **{"$schema": "pgmock schema 1.1", "version": "1.0"})
    assert code == 2
    assert '$schema: names format 1.1 but "version" is "1.0"; make them agree' in err


def test_a_newer_second_file_is_refused_too(tmp_path: Path) -> None:
    first = _write(tmp_path / "a.json", {"version": "1.1", "tables": TABLES})
    second = _write(tmp_path / "b.json", {"version": "3.0", "tables": {"u": TABLES["t"]}})
    proc = pgmock("validate", str(first), str(second), check=False)
    assert proc.returncode == 2
    assert "b.json: version: schema format 3.0 is newer" in proc.stderr.decode()


def test_a_deprecated_spelling_warns_in_the_current_format_only() -> None:
    old = {"version": "1.0", "database": {"encoding": "utf8"}, "tables": TABLES}
    assert check_format(old) == []
    issues = check_format({**old, "version": "1.1"})
    assert [(i.path, i.error) for i in issues] == [("database.encoding", False)]
    assert '"utf8" is a deprecated spelling of "UTF8"' in issues[0].message


def test_migrate_rewrites_a_1_0_document() -> None:
    old = {
        "$schema": "./pgmock-schema-1.0.json",
        "version": "1.0",
        "database": {"encoding": "UTF-8", "name": "db"},
        "tables": TABLES,
    }
    result = migrate(old)
    assert result.doc == {
        "$schema": "./pgmock-schema-1.1.json",
        "version": "1.1",
        "database": {"encoding": "UTF8", "name": "db"},
        "tables": TABLES,
    }
    assert list(result.doc) == list(old)  # keys keep their places
    assert result.source_version == "1.0"
    assert len(result.changes) == 3
    assert old["version"] == "1.0"  # the input is left alone


def test_migrate_adds_a_missing_version_first() -> None:
    result = migrate({"seed": 1, "tables": TABLES})
    assert list(result.doc) == ["version", "seed", "tables"]
    assert result.changes == ['version: added "1.1" (a file without one is read as 1.0)']


def test_migrate_refuses_a_newer_document() -> None:
    with pytest.raises(ValueError, match="newer than this pgmock"):
        migrate({"version": "2.0", "tables": TABLES})


def test_schema_migrate_command_writes_a_file_validate_accepts(tmp_path: Path) -> None:
    src = _write(
        tmp_path / "old.json",
        {"version": "1.0", "database": {"encoding": "utf8"}, "tables": TABLES},
    )
    out = tmp_path / "new.json"
    proc = pgmock("schema", "migrate", str(src), "-o", str(out))
    err = proc.stderr.decode()
    assert 'version: "1.0" -> "1.1"' in err
    assert 'database.encoding: "utf8" is a deprecated spelling of "UTF8", rewritten' in err
    assert proc.stdout == b""
    assert json.loads(out.read_text())["database"]["encoding"] == "UTF8"
    checked = pgmock("validate", str(out))
    assert b"warning" not in checked.stderr
    # The migrated file is current: a second run changes nothing.
    again = pgmock("schema", "migrate", str(out))
    assert b"already format 1.1; nothing to change" in again.stderr
    assert json.loads(again.stdout) == json.loads(out.read_text())


def test_schema_migrate_in_place_keeps_yaml_comments(tmp_path: Path) -> None:
    src = tmp_path / "s.yaml"
    src.write_text(
        "# the shop\n"
        "database:\n"
        "  encoding: UTF-8  # as we always wrote it\n"
        "tables:\n"
        "  t:\n"
        "    rowCount: 3\n"
        "    columns:\n"
        "      id: {type: serial, primaryKey: true}\n",
        encoding="utf-8",
    )
    pgmock("schema", "migrate", str(src), "--in-place")
    text = src.read_text(encoding="utf-8")
    assert text.startswith("# the shop\nversion: '1.1'\ndatabase:\n")
    # The comment keeps its column: the value got one character shorter.
    assert "  encoding: UTF8   # as we always wrote it\n" in text
    pgmock("validate", str(src))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "x.json", "--in-place"], "give -o FILE or --in-place, not both"),
    ],
)
def test_schema_migrate_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    src = _write(tmp_path / "s.json", {"version": "1.0", "tables": TABLES})
    proc = pgmock("schema", "migrate", str(src), *args, check=False, cwd=tmp_path)
    assert proc.returncode == 2
    assert message in proc.stderr.decode()
    assert not (tmp_path / "x.json").exists()


def test_schema_migrate_refuses_sql_and_newer_files(tmp_path: Path) -> None:
    sql = tmp_path / "s.sql"
    sql.write_text("CREATE TABLE t (id int);\n")
    proc = pgmock("schema", "migrate", str(sql), check=False)
    assert proc.returncode == 2
    assert "other sources (SQL DDL) carry no format version" in proc.stderr.decode()
    newer = _write(tmp_path / "n.json", {"version": "1.9", "tables": TABLES})
    out = tmp_path / "out.json"
    proc = pgmock("schema", "migrate", str(newer), "-o", str(out), check=False)
    assert proc.returncode == 2
    assert "n.json: version: schema format 1.9 is newer than this pgmock" in proc.stderr.decode()
    assert not out.exists()  # nothing written on an error
