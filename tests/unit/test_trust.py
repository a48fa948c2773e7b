"""The trust model's pieces: the user's opt-ins, what a schema asks for, escaped messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from pgmock.errors import GeneratorError, Problem, UsageError, one_line
from pgmock.trust import allowed
from pgmock_sdk import ColumnInfo
from pgmock_sdk.testing import column_info
from pgmock_sdk.trust import Allowed, Trust, current, granted, require_exec, resolve_file


def _column(folder: Path) -> ColumnInfo:
    return column_info("text", name="c", schema_file=str(folder / "schema.json"))


def test_opt_ins_come_from_flags_and_the_variable_only() -> None:
    assert allowed([], {}) == Allowed(exec=False, files=False, how=allowed([], {}).how)
    both = allowed([], {"PGMOCK_ALLOW": " exec , files "})
    assert both.exec and both.files
    assert allowed(["exec"], {}).exec and not allowed(["exec"], {}).files
    assert allowed([], {}).how["exec"] == "--allow-exec or PGMOCK_ALLOW=exec"
    with pytest.raises(UsageError, match="unknown permission 'all'"):
        allowed([], {"PGMOCK_ALLOW": "all"})


def test_without_a_trust_set_nothing_is_allowed(tmp_path: Path) -> None:
    column = _column(tmp_path)
    with pytest.raises(ValueError, match="would run prog --x: a schema runs programs only"):
        require_exec(column, ["prog", "--x"], tmp_path)
    outside = tmp_path.parent / "x.js"
    with pytest.raises(ValueError, match="outside the schema's folder"):
        resolve_file(column, "../x.js")
    assert not outside.exists()
    assert current().accesses == []  # a fresh default each time: nothing is shared


def test_files_inside_the_folder_are_allowed_and_symlinks_out_are_not(tmp_path: Path) -> None:
    folder = tmp_path / "schemas"
    (folder / "gen").mkdir(parents=True)
    (tmp_path / "secret.js").write_text("x")
    (folder / "gen" / "ok.js").write_text("x")
    (folder / "out.js").symlink_to(tmp_path / "secret.js")
    column = _column(folder)
    with granted(Trust()) as trust:
        assert resolve_file(column, "gen/ok.js") == folder / "gen" / "ok.js"
        assert resolve_file(column, "gen/../gen/ok.js") == folder / "gen" / "ok.js"
        for name in ("out.js", "../secret.js", str(tmp_path / "secret.js"), "/etc/passwd"):
            with pytest.raises(ValueError, match="--allow-files"):
                resolve_file(column, name)
    reads = [(a.target, a.needs, a.allowed) for a in trust.accesses]
    assert reads[0] == (str(folder / "gen" / "ok.js"), None, True)
    assert (str(tmp_path / "secret.js"), "files", False) in reads


def test_a_column_without_a_schema_file_has_no_folder(tmp_path: Path) -> None:
    column = column_info("text", name="c")  # a template's column
    (tmp_path / "x.js").write_text("x")
    with granted(Trust()), pytest.raises(ValueError, match=r"\(no schema folder\)"):
        resolve_file(column, str(tmp_path / "x.js"))
    with granted(Trust(Allowed(files=True))):
        assert resolve_file(column, str(tmp_path / "x.js")) == tmp_path / "x.js"


def test_what_a_schema_asks_for_is_recorded_once(tmp_path: Path) -> None:
    column = _column(tmp_path)
    with granted(Trust(Allowed(exec=True))) as trust:
        for _ in range(3):  # the resolver makes a generator several times
            require_exec(column, ["./gen", "a b"], tmp_path)
    (access,) = trust.accesses
    assert (access.column, access.kind, access.needs) == (column.path, "runs", "exec")
    assert access.target == f"./gen 'a b' (in {tmp_path})"


def test_one_line_escapes_what_could_forge_or_hide_a_line() -> None:
    assert (
        one_line("plain text, ünïcode, 中文 and emoji 😀")
        == "plain text, ünïcode, 中文 and emoji 😀"
    )
    raw = "a\nb\r\tc\x1b[2J\x00\x85d\u2028e\u2029f\u202eg\u2066h\ud800"
    assert one_line(raw) == (
        "a\\nb\\r\\tc\\x1b[2J\\x00\\x85d\\u2028e\\u2029f\\u202eg\\u2066h\\ud800"
    )
    assert str(Problem("s.json", "tables.t\n", "bad\npgmock: ok")) == (
        "s.json: tables.t\\n: bad\\npgmock: ok"
    )
    err = GeneratorError("t.c", "js.js", (0, 10), 1, "Error: x\n\x1b[1Apgmock: fine")
    assert "\n" not in str(err) and "\x1b" not in str(err)
    str(err).encode("utf-8")  # printable: no lone surrogate can reach the terminal
