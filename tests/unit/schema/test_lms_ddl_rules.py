"""A course-registration / learning-management DDL with no hints: what the first try got
wrong, pinned.

A thousand "universities" named "Quiet Lotus", departments of "Shipping and Receiving"
and "Inside Sales", instructors titled "10 Ways to Grow a Memory", student numbers
"weight realize 6123", sections numbered "do 1141" for 990 students, assignments worth
587.35 points due years before they were published, scores of 835 out of 149, quizzes
allowing 785 attempts, drop dates on completed enrolments and before the enrolment.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pytest
from resolving import first_chunk, resolve

from pgmock_builtins import _mimesis_data
from pgmock_builtins._row_counts import infer_row_counts
from pgmock_builtins.terms_gen import vocabulary


def _table(rows: int = 400, **columns: Any) -> dict[str, Any]:
    return {"rowCount": rows, "columns": {"id": {"type": "serial", "primaryKey": True}, **columns}}


def _fk(table: str) -> dict[str, Any]:
    return {"type": "integer", "nullable": False, "references": f"{table}.id"}


def _seconds(first: str, then: str) -> float:
    return float((np.datetime64(then[:19]) - np.datetime64(first[:19])).astype("m8[s]").astype(int))


SCHOOL = {
    "institutions": _table(20, name={"type": "varchar(200)", "nullable": False, "unique": True}),
    "departments": _table(40, institution_id=_fk("institutions"),
                          name={"type": "varchar(120)", "nullable": False}),
    "instructors": _table(80, department_id=_fk("departments"),
                          first_name={"type": "varchar(80)"}, title={"type": "varchar(50)"}),
    "courses": _table(80, department_id=_fk("departments"),
                      title={"type": "varchar(200)", "nullable": False},
                      credits={"type": "smallint", "nullable": False}),
}  # fmt: skip


def test_a_school_has_universities_academic_departments_and_ranked_faculty() -> None:
    universities = set(_mimesis_data.words(_mimesis_data.FALLBACK, "person", "university"))
    names = first_chunk(SCHOOL, "institutions")["name"]
    assert set(names) <= universities and len(set(names)) == 20
    departments = set(first_chunk(SCHOOL, "departments")["name"])
    assert departments <= set(vocabulary("academic_department")[0]), departments
    assert "Computer Science" in departments or "Mathematics" in departments
    titles = first_chunk(SCHOOL, "instructors")["title"]
    assert set(titles) <= set(vocabulary("academic_rank")[0]) and len(set(titles)) > 4
    credits = np.array(first_chunk(SCHOOL, "courses")["credits"], dtype=int)
    assert credits.min() >= 1 and credits.max() <= 6 and np.median(credits) == 3


def test_departments_without_courses_stay_a_company_s() -> None:
    company = {"departments": _table(8, name={"type": "text", "nullable": False})}
    assert set(first_chunk(company, "departments")["name"]) <= set(vocabulary("department")[0])


def test_a_few_schools_each_with_departments_not_a_thousand_universities() -> None:
    tables: dict[str, Any] = {
        "institutions": {"columns": {"id": {"type": "serial", "primaryKey": True}}},
        "departments": {
            "columns": {"id": {"type": "serial", "primaryKey": True},
                        "institution_id": {"type": "int4", "nullable": False}},
            "foreignKeys": [{"columns": ["institution_id"],
                             "references": {"table": "institutions", "columns": ["id"]}}],
        },
    }  # fmt: skip
    infer_row_counts(tables, set())
    assert tables["institutions"]["rowCount"] == 20
    assert tables["departments"]["rowCount"] == 40  # they still scale from their school


COURSEWORK = {
    "assignments": _table(
        max_points={"type": "numeric(6,2)", "nullable": False},
        published_at={"type": "timestamptz", "nullable": False},
        due_at={"type": "timestamptz", "nullable": False},
    ),
    "submissions": _table(
        800,
        assignment_id=_fk("assignments"),
        submitted_at={"type": "timestamptz", "nullable": False},
        score={"type": "numeric(6,2)"},
        attempt={"type": "smallint", "nullable": False},
    ),
}


def test_work_is_due_after_it_is_published_and_handed_in_between() -> None:
    due = resolve(COURSEWORK).tables["assignments"].columns["due_at"].after
    assert due is not None and due.column == "published_at"
    work = first_chunk(COURSEWORK, "assignments")
    gaps = [_seconds(p, d) for p, d in zip(work["published_at"], work["due_at"])]
    assert min(gaps) >= 0 and max(gaps) <= 21 * 86400
    handed = first_chunk(COURSEWORK, "submissions")
    for parent, at in zip(handed["assignment_id"], handed["submitted_at"]):
        row = int(parent) - 1
        published, deadline = work["published_at"][row], work["due_at"][row]
        assert _seconds(published, at) >= 0 and _seconds(at, deadline) >= 0, (published, at)


def test_a_score_is_within_the_points_the_work_is_out_of() -> None:
    work = first_chunk(COURSEWORK, "assignments")
    points = [float(p) for p in work["max_points"]]
    assert set(points) <= {5, 10, 20, 25, 50, 100} and len(set(points)) > 3
    handed = first_chunk(COURSEWORK, "submissions")
    shares = [
        float(score) / points[int(parent) - 1]
        for parent, score in zip(handed["assignment_id"], handed["score"])
    ]
    assert min(shares) >= 0.4 - 1e-9 and max(shares) <= 1.0, (min(shares), max(shares))
    attempts = np.array(handed["attempt"], dtype=int)
    assert attempts.min() == 1 and attempts.max() <= 3 and np.mean(attempts == 1) > 0.6


def test_a_quiz_opens_and_closes_within_weeks_and_allows_few_attempts() -> None:
    quizzes = {"quizzes": _table(
        max_attempts={"type": "smallint", "nullable": False},
        opens_at={"type": "timestamptz"},
        closes_at={"type": "timestamptz"},
    ), "quiz_questions": _table(
        quiz_id=_fk("quizzes"), points={"type": "numeric(5,2)", "nullable": False},
    )}  # fmt: skip
    rows = first_chunk(quizzes, "quizzes")
    attempts = np.array(rows["max_attempts"], dtype=int)
    assert set(attempts.tolist()) <= {1, 2, 3, 5} and np.mean(attempts == 1) > 0.4
    gaps = [_seconds(o, c) for o, c in zip(rows["opens_at"], rows["closes_at"]) if o and c]
    assert gaps and min(gaps) >= 0 and max(gaps) <= 21 * 86400
    points = {float(p) for p in first_chunk(quizzes, "quiz_questions")["points"]}
    assert points <= {1, 2, 5, 10}


def test_a_dropped_enrolment_alone_has_a_drop_date_after_it_began() -> None:
    enrolments = {"enrollments": _table(
        status={"type": "varchar(12)", "nullable": False,
                "check": "status IN ('enrolled', 'waitlisted', 'dropped', 'completed')"},
        enrolled_at={"type": "timestamptz", "nullable": False},
        dropped_at={"type": "timestamptz"},
    )}  # fmt: skip
    rows = first_chunk(enrolments, "enrollments")
    for status, began, dropped in zip(rows["status"], rows["enrolled_at"], rows["dropped_at"]):
        assert (dropped is not None) == (status == "dropped"), (status, dropped)
        if dropped is not None:
            assert 0 <= _seconds(began, dropped) <= 60 * 86400


def test_students_and_sections_are_numbered_and_sized_as_a_registrar_would() -> None:
    school = {
        "students": _table(
            student_number={"type": "varchar(20)", "nullable": False, "unique": True},
            gpa={"type": "numeric(3,2)"},
        ),
        "course_sections": _table(
            section_number={"type": "varchar(8)", "nullable": False},
            capacity={"type": "integer", "nullable": False},
        ),
    }
    students = first_chunk(school, "students")
    assert all(n.isdigit() and len(n) == 9 for n in students["student_number"])
    gpa = np.array([float(g) for g in students["gpa"] if g is not None])
    assert gpa.min() >= 0 and gpa.max() <= 4 and 2.8 < gpa.mean() < 3.4
    sections = first_chunk(school, "course_sections")
    assert all(n.isdigit() and len(n) == 3 and n != "000" for n in sections["section_number"])
    seats = np.array(sections["capacity"], dtype=int)
    assert seats.min() >= 8 and seats.max() <= 300 and 25 < np.median(seats) < 50


def test_a_share_is_of_a_row_s_number_or_a_parent_s_never_both_nor_neither() -> None:
    from pgmock_builtins.share_gen import ShareParams

    assert ShareParams(of_parent="assignments.max_points").of_column is None
    for wrong in ({}, {"of_column": "amount", "of_parent": "assignments.max_points"}):
        with pytest.raises(ValueError, match="give one of of_column"):
            ShareParams(**wrong)


GRADES = "('A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'D', 'F')"


def test_only_a_completed_enrolment_has_a_grade_and_most_grades_are_as_and_bs() -> None:
    enrolments = {"enrollments": _table(
        1000,
        status={"type": "varchar(12)", "nullable": False,
                "check": "status IN ('enrolled', 'waitlisted', 'dropped', 'completed')"},
        grade={"type": "varchar(2)", "check": f"grade IN {GRADES}"},
    )}  # fmt: skip
    rows = first_chunk(enrolments, "enrollments")
    for status, grade in zip(rows["status"], rows["grade"]):
        assert (grade is not None) == (status == "completed"), (status, grade)
    given = [g for g in rows["grade"] if g is not None]
    share = {letter: sum(g[0] == letter for g in given) / len(given) for letter in "ABCDF"}
    assert share["A"] > 2 * share["F"] and share["B"] > 2 * share["D"], share


def test_an_outcome_without_a_done_state_or_a_grade_list_of_other_letters_is_left_alone() -> None:
    from pgmock.schema.generators import grade_weights

    tasks = {"tasks": _table(
        status={"type": "text", "nullable": False,
                "check": "status IN ('open', 'in_progress', 'blocked')"},
        result={"type": "text"},
    )}  # fmt: skip
    assert resolve(tasks).tables["tasks"].columns["result"].cases_on is None
    assert grade_weights("grade", ["A", "B", "C", "D"]) is None  # no failing grade: a tier
    assert grade_weights("energy_class", ["A", "B", "C", "D", "E", "F"]) is None
    assert grade_weights("grade", ["A", "B", "C", "D", "F"]) == [34.0, 30.0, 18.0, 7.0, 8.0]


def test_a_class_meets_in_a_room_on_days_and_a_course_has_a_level() -> None:
    school = {
        "courses": _table(level={"type": "smallint", "nullable": False}),
        "course_sections": _table(room={"type": "varchar(40)"},
                                  meeting_days={"type": "varchar(10)"}),
        "instructors": _table(office={"type": "varchar(40)"}),
    }  # fmt: skip
    levels = {int(v) for v in first_chunk(school, "courses")["level"]}
    assert levels <= {100, 200, 300, 400, 500} and {100, 400} <= levels
    sections = first_chunk(school, "course_sections")
    assert all(re.fullmatch(r"(Room|Hall|Lab) [1-9][0-9]{1,2}", r) for r in sections["room"])
    assert set(sections["meeting_days"]) <= {"MWF", "TR", "MW", "M", "T", "W", "R", "F"}
    offices = first_chunk(school, "instructors")["office"]
    assert all(re.fullmatch(r"Room [1-9][0-9]{2}", o) for o in offices)
