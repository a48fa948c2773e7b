"""The rule that keeps the two halves of the suite apart (tests/support/suite_layout.py)."""

from __future__ import annotations

from pathlib import Path

from suite_layout import misplaced

TESTS = Path("/repo/tests")


def test_each_half_holds_only_its_own_tests() -> None:
    placed = [
        ("tests/unit/test_a.py::test_fast", TESTS / "unit" / "test_a.py", False),
        ("tests/restore/x/test_b.py::test_pg", TESTS / "restore" / "x" / "test_b.py", True),
        ("tests/docs/test_c.py::test_doc", TESTS / "docs" / "test_c.py", False),
    ]
    assert misplaced(placed, TESTS) == []


def test_a_test_in_the_wrong_half_is_named_with_where_it_belongs() -> None:
    wrong = [
        ("tests/unit/test_a.py::test_pg", TESTS / "unit" / "test_a.py", True),
        ("tests/docs/test_c.py::test_pg", TESTS / "docs" / "test_c.py", True),
        ("tests/restore/test_b.py::test_fast", TESTS / "restore" / "test_b.py", False),
    ]
    problems = misplaced(wrong, TESTS)
    assert len(problems) == 3
    assert problems[0].startswith("tests/unit/test_a.py::test_pg needs PostgreSQL: move it under")
    assert "tests/docs/test_c.py::test_pg needs PostgreSQL" in problems[1]
    assert problems[2].startswith("tests/restore/test_b.py::test_fast needs no PostgreSQL")


def test_tests_outside_the_suite_are_not_judged() -> None:
    example = Path("/repo/examples/plugins/x/tests/test_x.py")
    assert misplaced([("examples/.../test_x.py::test_pg", example, True)], TESTS) == []
