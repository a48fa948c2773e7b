-- Digital music store: artists, albums and tracks sold to customers by
-- invoice, modeled on the structure of the Chinook sample database.
-- Written for pgmock's schema corpus; see tests/corpus/README.md.

CREATE TABLE artist (
    artist_id integer PRIMARY KEY,
    name      varchar(120)
);

CREATE TABLE album (
    album_id  integer PRIMARY KEY,
    title     varchar(160) NOT NULL,
    artist_id integer NOT NULL REFERENCES artist (artist_id)
);
CREATE INDEX album_artist_id_idx ON album (artist_id);

CREATE TABLE genre (
    genre_id integer PRIMARY KEY,
    name     varchar(120)
);

CREATE TABLE media_type (
    media_type_id integer PRIMARY KEY,
    name          varchar(120)
);

CREATE TABLE track (
    track_id      integer PRIMARY KEY,
    name          varchar(200) NOT NULL,
    album_id      integer REFERENCES album (album_id),
    media_type_id integer NOT NULL REFERENCES media_type (media_type_id),
    genre_id      integer REFERENCES genre (genre_id),
    composer      varchar(220),
    milliseconds  integer NOT NULL,
    bytes         integer,
    unit_price    numeric(10,2) NOT NULL CHECK (unit_price >= 0)
);
CREATE INDEX track_album_id_idx ON track (album_id);
CREATE INDEX track_genre_id_idx ON track (genre_id);
CREATE INDEX track_media_type_id_idx ON track (media_type_id);

CREATE TABLE playlist (
    playlist_id integer PRIMARY KEY,
    name        varchar(120)
);

CREATE TABLE playlist_track (
    playlist_id integer NOT NULL REFERENCES playlist (playlist_id),
    track_id    integer NOT NULL REFERENCES track (track_id),
    CONSTRAINT playlist_track_pkey PRIMARY KEY (playlist_id, track_id)
);
CREATE INDEX playlist_track_track_id_idx ON playlist_track (track_id);

CREATE TABLE employee (
    employee_id integer PRIMARY KEY,
    last_name   varchar(20) NOT NULL,
    first_name  varchar(20) NOT NULL,
    title       varchar(30),
    reports_to  integer REFERENCES employee (employee_id),
    birth_date  timestamp without time zone,
    hire_date   timestamp without time zone,
    address     varchar(70),
    city        varchar(40),
    state       varchar(40),
    country     varchar(40),
    postal_code varchar(10),
    phone       varchar(24),
    fax         varchar(24),
    email       varchar(60),
    CONSTRAINT employee_hired_after_birth CHECK (hire_date > birth_date)
);
CREATE INDEX employee_reports_to_idx ON employee (reports_to);

CREATE TABLE customer (
    customer_id    integer PRIMARY KEY,
    first_name     varchar(40) NOT NULL,
    last_name      varchar(20) NOT NULL,
    company        varchar(80),
    address        varchar(70),
    city           varchar(40),
    state          varchar(40),
    country        varchar(40),
    postal_code    varchar(10),
    phone          varchar(24),
    fax            varchar(24),
    email          varchar(60) NOT NULL,
    support_rep_id integer REFERENCES employee (employee_id)
);
CREATE INDEX customer_support_rep_id_idx ON customer (support_rep_id);
CREATE UNIQUE INDEX customer_email_lower_idx ON customer (lower(email));

CREATE TABLE invoice (
    invoice_id          integer PRIMARY KEY,
    customer_id         integer NOT NULL REFERENCES customer (customer_id),
    invoice_date        timestamp without time zone NOT NULL,
    billing_address     varchar(70),
    billing_city        varchar(40),
    billing_state       varchar(40),
    billing_country     varchar(40),
    billing_postal_code varchar(10),
    total               numeric(10,2) NOT NULL CHECK (total >= 0)
);
CREATE INDEX invoice_customer_id_idx ON invoice (customer_id);
CREATE INDEX invoice_date_idx ON invoice (invoice_date);

CREATE TABLE invoice_line (
    invoice_line_id integer PRIMARY KEY,
    invoice_id      integer NOT NULL REFERENCES invoice (invoice_id),
    track_id        integer NOT NULL REFERENCES track (track_id),
    unit_price      numeric(10,2) NOT NULL CHECK (unit_price >= 0),
    quantity        integer NOT NULL CHECK (quantity > 0)
);
CREATE INDEX invoice_line_invoice_id_idx ON invoice_line (invoice_id);
CREATE INDEX invoice_line_track_id_idx ON invoice_line (track_id);

-- Sales per artist, the report the sample's tutorials build first.
CREATE VIEW artist_sales AS
SELECT ar.artist_id, ar.name AS artist, sum(il.unit_price * il.quantity) AS revenue,
       count(DISTINCT i.customer_id) AS customers
  FROM invoice_line il
  JOIN invoice i ON i.invoice_id = il.invoice_id
  JOIN track t ON t.track_id = il.track_id
  JOIN album al ON al.album_id = t.album_id
  JOIN artist ar ON ar.artist_id = al.artist_id
 GROUP BY ar.artist_id, ar.name;

CREATE FUNCTION track_duration(ms integer) RETURNS interval
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT make_interval(secs => ms / 1000.0)
$$;

COMMENT ON TABLE track IS 'Tracks for sale; a track belongs to at most one album';
COMMENT ON COLUMN track.milliseconds IS 'Running time of the track';
COMMENT ON COLUMN track.bytes IS 'Size of the media file';
COMMENT ON COLUMN invoice.total IS 'Sum of the invoice lines';
COMMENT ON COLUMN customer.support_rep_id IS 'Sales support agent in charge of the customer';
