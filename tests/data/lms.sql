-- A learning-management system / course registration app, as its migrations leave it.
-- Written the way an application's DDL reads; no pgmock hints.

CREATE TYPE enrollment_status AS ENUM ('enrolled', 'waitlisted', 'dropped', 'completed');

CREATE TABLE institutions (
    id serial PRIMARY KEY,
    name varchar(200) NOT NULL UNIQUE,
    domain varchar(100) NOT NULL,
    country_code char(2) NOT NULL DEFAULT 'US',
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE departments (
    id serial PRIMARY KEY,
    institution_id integer NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
    name varchar(120) NOT NULL,
    code varchar(10) NOT NULL,
    UNIQUE (institution_id, code)
);

CREATE TABLE instructors (
    id serial PRIMARY KEY,
    department_id integer NOT NULL REFERENCES departments(id),
    first_name varchar(80) NOT NULL,
    last_name varchar(80) NOT NULL,
    email varchar(255) NOT NULL UNIQUE,
    title varchar(50),
    hired_on date NOT NULL,
    office varchar(40),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE students (
    id bigserial PRIMARY KEY,
    institution_id integer NOT NULL REFERENCES institutions(id),
    student_number varchar(20) NOT NULL UNIQUE,
    first_name varchar(80) NOT NULL,
    last_name varchar(80) NOT NULL,
    email varchar(255) NOT NULL UNIQUE,
    date_of_birth date,
    enrolled_on date NOT NULL,
    gpa numeric(3,2) CHECK (gpa BETWEEN 0 AND 4),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE terms (
    id serial PRIMARY KEY,
    institution_id integer NOT NULL REFERENCES institutions(id),
    name varchar(40) NOT NULL,
    start_date date NOT NULL,
    end_date date NOT NULL,
    CHECK (end_date > start_date)
);

CREATE TABLE courses (
    id serial PRIMARY KEY,
    department_id integer NOT NULL REFERENCES departments(id),
    code varchar(16) NOT NULL UNIQUE,
    title varchar(200) NOT NULL,
    description text,
    credits smallint NOT NULL CHECK (credits BETWEEN 1 AND 6),
    level smallint NOT NULL DEFAULT 100,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE course_sections (
    id serial PRIMARY KEY,
    course_id integer NOT NULL REFERENCES courses(id),
    term_id integer NOT NULL REFERENCES terms(id),
    instructor_id integer REFERENCES instructors(id),
    section_number varchar(8) NOT NULL,
    capacity integer NOT NULL CHECK (capacity > 0),
    room varchar(40),
    meeting_days varchar(10),
    UNIQUE (course_id, term_id, section_number)
);

CREATE TABLE enrollments (
    id bigserial PRIMARY KEY,
    student_id bigint NOT NULL REFERENCES students(id),
    section_id integer NOT NULL REFERENCES course_sections(id),
    status enrollment_status NOT NULL DEFAULT 'enrolled',
    grade varchar(2) CHECK (grade IN ('A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'D', 'F')),
    enrolled_at timestamptz NOT NULL DEFAULT now(),
    dropped_at timestamptz,
    UNIQUE (student_id, section_id)
);

CREATE TABLE assignments (
    id bigserial PRIMARY KEY,
    section_id integer NOT NULL REFERENCES course_sections(id),
    title varchar(200) NOT NULL,
    instructions text,
    max_points numeric(6,2) NOT NULL CHECK (max_points > 0),
    published_at timestamptz,
    due_at timestamptz NOT NULL,
    allow_late boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE submissions (
    id bigserial PRIMARY KEY,
    assignment_id bigint NOT NULL REFERENCES assignments(id),
    student_id bigint NOT NULL REFERENCES students(id),
    submitted_at timestamptz NOT NULL,
    score numeric(6,2) CHECK (score >= 0),
    is_late boolean NOT NULL DEFAULT false,
    feedback text,
    attempt smallint NOT NULL DEFAULT 1,
    UNIQUE (assignment_id, student_id, attempt)
);

CREATE TABLE quizzes (
    id serial PRIMARY KEY,
    section_id integer NOT NULL REFERENCES course_sections(id),
    title varchar(200) NOT NULL,
    time_limit_minutes integer,
    max_attempts smallint NOT NULL DEFAULT 1,
    opens_at timestamptz,
    closes_at timestamptz
);

CREATE TABLE quiz_questions (
    id serial PRIMARY KEY,
    quiz_id integer NOT NULL REFERENCES quizzes(id) ON DELETE CASCADE,
    position integer NOT NULL,
    prompt text NOT NULL,
    question_type varchar(20) NOT NULL CHECK (question_type IN ('multiple_choice', 'true_false', 'short_answer', 'essay')),
    points numeric(5,2) NOT NULL DEFAULT 1,
    options jsonb
);

CREATE TABLE announcements (
    id bigserial PRIMARY KEY,
    section_id integer NOT NULL REFERENCES course_sections(id),
    author_id integer NOT NULL REFERENCES instructors(id),
    title varchar(200) NOT NULL,
    body text NOT NULL,
    pinned boolean NOT NULL DEFAULT false,
    posted_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE discussion_posts (
    id bigserial PRIMARY KEY,
    section_id integer NOT NULL REFERENCES course_sections(id),
    student_id bigint REFERENCES students(id),
    parent_id bigint REFERENCES discussion_posts(id),
    body text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    edited_at timestamptz
);

CREATE TABLE attendance (
    id bigserial PRIMARY KEY,
    section_id integer NOT NULL REFERENCES course_sections(id),
    student_id bigint NOT NULL REFERENCES students(id),
    class_date date NOT NULL,
    status varchar(10) NOT NULL CHECK (status IN ('present', 'absent', 'late', 'excused')),
    UNIQUE (section_id, student_id, class_date)
);

CREATE INDEX enrollments_section_idx ON enrollments (section_id);
CREATE INDEX submissions_student_idx ON submissions (student_id);
