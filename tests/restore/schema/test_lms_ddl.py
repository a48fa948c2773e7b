"""A stranger's course-registration / learning-management DDL (tests/data/lms.sql, no
hints), restored and queried the way a demo would.

Each assertion is something the first try got wrong: a thousand "universities" named
"Quiet Lotus", departments of "Inside Sales", instructors titled "10 Ways to Grow a
Memory", student numbers "weight realize 6123", sections "do 1141" seating 990 in room
"red hair remain say", waitlisted and dropped students graded A to F as often as
completed ones, as many Fs as As, assignments worth 587.35 points due years before they
were published, scores of 835 out of 149, quizzes allowing 785 attempts, drop dates on
completed enrolments."""

from __future__ import annotations

from pathlib import Path

from pgmock_builtins import _mimesis_data
from pgmock_builtins.terms_gen import vocabulary

from pgharness import PgCluster
from pgtools import restore_ddl

DDL = Path(__file__).parents[2] / "data" / "lms.sql"


def _ints(pg: PgCluster, db: str, sql: str) -> list[int]:
    return [int(v or 0) for v in pg.query(sql, db)[0]]


def test_a_course_registration_app_from_its_ddl_reads_like_one(
    pg: PgCluster, pgdb: str, tmp_path: Path
) -> None:
    restore_ddl(pg, pgdb, tmp_path, "lms", DDL.read_text())

    universities = set(_mimesis_data.words(_mimesis_data.FALLBACK, "person", "university"))
    schools = [r[0] for r in pg.query("SELECT name FROM institutions", pgdb)]
    assert set(schools) <= universities and 5 <= len(schools) <= 50, schools[:5]
    departments = {
        r[0]
        for r in pg.query(
            "SELECT d.name FROM instructors i JOIN departments d ON d.id = i.department_id", pgdb
        )
    }
    assert departments <= set(vocabulary("academic_department")[0]), departments
    ranks = {r[0] for r in pg.query("SELECT DISTINCT title FROM instructors", pgdb)}
    assert ranks - {None} <= set(vocabulary("academic_rank")[0]), ranks

    odd_numbers, low, high = map(float, pg.query(
        "SELECT count(*) FILTER (WHERE student_number !~ '^[0-9]{9}$'), min(gpa), max(gpa)"
        " FROM students", pgdb)[0])  # fmt: skip
    assert odd_numbers == 0 and low >= 0 and high <= 4
    bad_sections, smallest, largest, over = _ints(pg, pgdb,
        "SELECT count(*) FILTER (WHERE section_number !~ '^0[0-9]{2}$'), min(capacity),"
        " max(capacity), count(*) FILTER (WHERE taken > capacity) FROM ("
        "  SELECT cs.*, (SELECT count(*) FROM enrollments e WHERE e.section_id = cs.id"
        "                AND e.status IN ('enrolled', 'completed')) AS taken"
        "  FROM course_sections cs) s")  # fmt: skip
    assert bad_sections == 0 and smallest >= 8 and largest <= 300 and over == 0

    wrong_drops, early_drops = _ints(pg, pgdb,
        "SELECT count(*) FILTER (WHERE (dropped_at IS NOT NULL) <> (status = 'dropped')),"
        " count(*) FILTER (WHERE dropped_at < enrolled_at) FROM enrollments")  # fmt: skip
    assert wrong_drops == 0 and early_drops == 0
    ungraded_completions, graded_others, a_grades, f_grades = _ints(pg, pgdb,
        "SELECT count(*) FILTER (WHERE status = 'completed' AND grade IS NULL),"
        " count(*) FILTER (WHERE status <> 'completed' AND grade IS NOT NULL),"
        " count(*) FILTER (WHERE grade LIKE 'A%'), count(*) FILTER (WHERE grade = 'F')"
        " FROM enrollments")  # fmt: skip
    assert ungraded_completions == 0 and graded_others == 0 and a_grades > 2 * f_grades
    odd_rooms, odd_days = _ints(pg, pgdb,
        "SELECT count(*) FILTER (WHERE room !~ '^(Room|Hall|Lab) [1-9][0-9]+$'),"
        " count(*) FILTER (WHERE meeting_days NOT IN ('MWF', 'TR', 'MW', 'M', 'T', 'W', 'R',"
        " 'F')) FROM course_sections")  # fmt: skip
    assert odd_rooms == 0 and odd_days == 0

    odd_points, due_early, due_late = _ints(pg, pgdb,
        "SELECT count(*) FILTER (WHERE max_points NOT IN (5, 10, 20, 25, 50, 100)),"
        " count(*) FILTER (WHERE due_at < published_at),"
        " count(*) FILTER (WHERE due_at > published_at + interval '21 days')"
        " FROM assignments")  # fmt: skip
    assert odd_points == 0 and due_early == 0 and due_late == 0
    over_max, before_published, late_unexplained, first_tries, submissions = _ints(pg, pgdb,
        "SELECT count(*) FILTER (WHERE s.score > a.max_points),"
        " count(*) FILTER (WHERE s.submitted_at < a.published_at),"
        # handed in after the due date only by a student who joined after it
        " count(*) FILTER (WHERE s.submitted_at > a.due_at"
        "   AND greatest(st.created_at, st.enrolled_on) <= a.due_at),"
        " count(*) FILTER (WHERE s.attempt = 1), count(*)"
        " FROM submissions s JOIN assignments a ON a.id = s.assignment_id"
        " JOIN students st ON st.id = s.student_id")  # fmt: skip
    assert over_max == 0 and before_published == 0 and late_unexplained == 0
    assert first_tries > 0.6 * submissions
    long_quizzes, many_attempts = _ints(pg, pgdb,
        "SELECT count(*) FILTER (WHERE closes_at - opens_at > interval '21 days'),"
        " count(*) FILTER (WHERE max_attempts > 5) FROM quizzes")  # fmt: skip
    assert long_quizzes == 0 and many_attempts == 0
