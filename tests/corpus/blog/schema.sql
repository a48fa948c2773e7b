-- A blog of five tables, as a newcomer's application declares it: no hints, no
-- generators, nothing written for pgmock. pgmock reads it with no help; the restore
-- test (tests/restore/schema/test_import_realism.py) queries what it made: slugs of the
-- titles, drafts without a publication date, nothing published before it was written,
-- a short list of real topics as tags. Written for pgmock's tests (no original).

CREATE TABLE authors (
    id         serial PRIMARY KEY,
    name       text NOT NULL,
    email      text NOT NULL UNIQUE,
    bio        text,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tags (
    id   serial PRIMARY KEY,
    name text NOT NULL UNIQUE
);

CREATE TABLE posts (
    id           serial PRIMARY KEY,
    author_id    int NOT NULL REFERENCES authors(id),
    title        text NOT NULL,
    slug         text NOT NULL UNIQUE,
    body         text NOT NULL,
    status       text NOT NULL DEFAULT 'draft'
                 CHECK (status IN ('draft', 'published', 'archived')),
    published_at timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE post_tags (
    post_id int NOT NULL REFERENCES posts(id),
    tag_id  int NOT NULL REFERENCES tags(id),
    PRIMARY KEY (post_id, tag_id)
);

CREATE TABLE comments (
    id          serial PRIMARY KEY,
    post_id     int NOT NULL REFERENCES posts(id),
    author_name text NOT NULL,
    body        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
