-- A lending library of four tables, as a newcomer's application declares it: no hints,
-- no generators, nothing written for pgmock. The restore test
-- (tests/restore/schema/test_import_realism.py) queries what pgmock makes of it: valid
-- ISBN-13s, loans due after they were made, members who joined on the day their row was
-- created. Written for pgmock's tests (no original).

CREATE TABLE members (
    id         serial PRIMARY KEY,
    name       text NOT NULL,
    email      text NOT NULL UNIQUE,
    joined_on  date NOT NULL DEFAULT current_date,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE books (
    id             serial PRIMARY KEY,
    title          text NOT NULL,
    author         text NOT NULL,
    isbn           char(13) NOT NULL UNIQUE,
    published_year int
);

CREATE TABLE loans (
    id          serial PRIMARY KEY,
    member_id   int NOT NULL REFERENCES members(id),
    book_id     int NOT NULL REFERENCES books(id),
    loaned_at   timestamptz NOT NULL DEFAULT now(),
    due_date    date NOT NULL,
    returned_at timestamptz
);

CREATE INDEX loans_member_id_idx ON loans (member_id);
CREATE INDEX loans_book_id_idx ON loans (book_id);
