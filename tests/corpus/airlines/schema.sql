-- Airline bookings: flights between airports, bookings with one ticket per
-- passenger, ticket coupons per flight and boarding passes. Modeled on the
-- structure of the Postgres Pro "Airlines" demonstration database (2017
-- edition, schema bookings). Written for pgmock's schema corpus; see
-- tests/corpus/README.md.

CREATE SCHEMA bookings;
COMMENT ON SCHEMA bookings IS 'Airlines demo database schema';

SET search_path = bookings, public;

-- The demo data is a snapshot: "now" is the moment it was taken.
CREATE FUNCTION bookings.now() RETURNS timestamp with time zone
LANGUAGE sql IMMUTABLE AS $$
    SELECT timestamptz '2017-08-15 18:00:00+03'
$$;
COMMENT ON FUNCTION bookings.now() IS 'Point in time the demo data was taken';

-- Language of the translatable columns, from the bookings.lang setting.
CREATE FUNCTION bookings.lang() RETURNS text
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN current_setting('bookings.lang');
EXCEPTION WHEN undefined_object THEN
    RETURN NULL;
END
$$;

CREATE TABLE bookings.aircrafts_data (
    aircraft_code character(3) NOT NULL,
    model         jsonb NOT NULL,
    range         integer NOT NULL,
    CONSTRAINT aircrafts_pkey PRIMARY KEY (aircraft_code),
    CONSTRAINT aircrafts_range_check CHECK (range > 0)
);
COMMENT ON TABLE bookings.aircrafts_data IS 'Aircraft models (translations)';
COMMENT ON COLUMN bookings.aircrafts_data.model IS 'Model name per language, {"en": …, "ru": …}';
COMMENT ON COLUMN bookings.aircrafts_data.range IS 'Maximal flying distance, km';

CREATE TABLE bookings.airports_data (
    airport_code character(3) NOT NULL,
    airport_name jsonb NOT NULL,
    city         jsonb NOT NULL,
    coordinates  point NOT NULL,
    timezone     text NOT NULL,
    CONSTRAINT airports_data_pkey PRIMARY KEY (airport_code)
);
COMMENT ON TABLE bookings.airports_data IS 'Airports (translations)';
COMMENT ON COLUMN bookings.airports_data.coordinates IS 'Longitude and latitude';
COMMENT ON COLUMN bookings.airports_data.timezone IS 'Time zone of the airport';

CREATE TABLE bookings.seats (
    aircraft_code   character(3) NOT NULL,
    seat_no         varchar(4) NOT NULL,
    fare_conditions varchar(10) NOT NULL,
    CONSTRAINT seats_pkey PRIMARY KEY (aircraft_code, seat_no),
    CONSTRAINT seats_aircraft_code_fkey FOREIGN KEY (aircraft_code)
        REFERENCES bookings.aircrafts_data (aircraft_code) ON DELETE CASCADE,
    CONSTRAINT seats_fare_conditions_check
        CHECK (fare_conditions IN ('Economy', 'Comfort', 'Business'))
);
COMMENT ON TABLE bookings.seats IS 'Seat layout of each aircraft model';

CREATE TABLE bookings.flights (
    flight_id           serial NOT NULL,
    flight_no           character(6) NOT NULL,
    scheduled_departure timestamp with time zone NOT NULL,
    scheduled_arrival   timestamp with time zone NOT NULL,
    departure_airport   character(3) NOT NULL,
    arrival_airport     character(3) NOT NULL,
    status              varchar(20) NOT NULL,
    aircraft_code       character(3) NOT NULL,
    actual_departure    timestamp with time zone,
    actual_arrival      timestamp with time zone,
    CONSTRAINT flights_pkey PRIMARY KEY (flight_id),
    CONSTRAINT flights_flight_no_scheduled_departure_key UNIQUE (flight_no, scheduled_departure),
    CONSTRAINT flights_aircraft_code_fkey FOREIGN KEY (aircraft_code)
        REFERENCES bookings.aircrafts_data (aircraft_code),
    CONSTRAINT flights_departure_airport_fkey FOREIGN KEY (departure_airport)
        REFERENCES bookings.airports_data (airport_code),
    CONSTRAINT flights_arrival_airport_fkey FOREIGN KEY (arrival_airport)
        REFERENCES bookings.airports_data (airport_code),
    CONSTRAINT flights_check CHECK (scheduled_arrival > scheduled_departure),
    CONSTRAINT flights_check1 CHECK (actual_arrival IS NULL
        OR (actual_departure IS NOT NULL AND actual_arrival IS NOT NULL
            AND actual_arrival > actual_departure)),
    CONSTRAINT flights_status_check CHECK (status IN
        ('On Time', 'Delayed', 'Departed', 'Arrived', 'Scheduled', 'Cancelled'))
);
COMMENT ON TABLE bookings.flights IS 'Flights';
COMMENT ON COLUMN bookings.flights.flight_no IS 'Flight number, e.g. PG0403';
COMMENT ON COLUMN bookings.flights.actual_departure IS 'NULL until the flight has departed';
CREATE INDEX flights_departure_idx ON bookings.flights (departure_airport, scheduled_departure);
-- The departure board: flights still to leave.
CREATE INDEX flights_pending_idx ON bookings.flights (scheduled_departure)
    WHERE status IN ('Scheduled', 'On Time', 'Delayed');

CREATE TABLE bookings.bookings (
    book_ref     character(6) NOT NULL,
    book_date    timestamp with time zone NOT NULL,
    total_amount numeric(10,2) NOT NULL,
    CONSTRAINT bookings_pkey PRIMARY KEY (book_ref)
);
COMMENT ON TABLE bookings.bookings IS 'Bookings';
COMMENT ON COLUMN bookings.bookings.total_amount IS 'Total booking cost, roubles';
CREATE INDEX bookings_book_date_day_idx ON bookings.bookings ((date_trunc('day', book_date AT TIME ZONE 'UTC')));

CREATE TABLE bookings.tickets (
    ticket_no      character(13) NOT NULL,
    book_ref       character(6) NOT NULL,
    passenger_id   varchar(20) NOT NULL,
    passenger_name text NOT NULL,
    contact_data   jsonb,
    CONSTRAINT tickets_pkey PRIMARY KEY (ticket_no),
    CONSTRAINT tickets_book_ref_fkey FOREIGN KEY (book_ref) REFERENCES bookings.bookings (book_ref)
);
COMMENT ON TABLE bookings.tickets IS 'Tickets';
COMMENT ON COLUMN bookings.tickets.passenger_id IS 'Passenger document number';
COMMENT ON COLUMN bookings.tickets.contact_data IS 'Passenger e-mail and phone';
CREATE INDEX tickets_book_ref_idx ON bookings.tickets (book_ref);

CREATE TABLE bookings.ticket_flights (
    ticket_no       character(13) NOT NULL,
    flight_id       integer NOT NULL,
    fare_conditions varchar(10) NOT NULL,
    amount          numeric(10,2) NOT NULL,
    CONSTRAINT ticket_flights_pkey PRIMARY KEY (ticket_no, flight_id),
    CONSTRAINT ticket_flights_flight_id_fkey FOREIGN KEY (flight_id) REFERENCES bookings.flights (flight_id),
    CONSTRAINT ticket_flights_ticket_no_fkey FOREIGN KEY (ticket_no) REFERENCES bookings.tickets (ticket_no),
    CONSTRAINT ticket_flights_amount_check CHECK (amount >= 0),
    CONSTRAINT ticket_flights_fare_conditions_check
        CHECK (fare_conditions IN ('Economy', 'Comfort', 'Business'))
);
COMMENT ON TABLE bookings.ticket_flights IS 'Flight segments of a ticket';
CREATE INDEX ticket_flights_flight_id_idx ON bookings.ticket_flights (flight_id);

CREATE TABLE bookings.boarding_passes (
    ticket_no   character(13) NOT NULL,
    flight_id   integer NOT NULL,
    boarding_no integer NOT NULL,
    seat_no     varchar(4) NOT NULL,
    CONSTRAINT boarding_passes_pkey PRIMARY KEY (ticket_no, flight_id),
    CONSTRAINT boarding_passes_flight_id_boarding_no_key UNIQUE (flight_id, boarding_no),
    CONSTRAINT boarding_passes_flight_id_seat_no_key UNIQUE (flight_id, seat_no),
    CONSTRAINT boarding_passes_ticket_no_fkey FOREIGN KEY (ticket_no, flight_id)
        REFERENCES bookings.ticket_flights (ticket_no, flight_id)
);
COMMENT ON TABLE bookings.boarding_passes IS 'Boarding passes, issued at check-in';

------------------------------------------------------------------------------
-- Views
------------------------------------------------------------------------------

CREATE VIEW bookings.aircrafts AS
SELECT ml.aircraft_code, ml.model ->> bookings.lang() AS model, ml.range
  FROM bookings.aircrafts_data ml;

CREATE VIEW bookings.airports AS
SELECT ml.airport_code,
       ml.airport_name ->> bookings.lang() AS airport_name,
       ml.city ->> bookings.lang() AS city,
       ml.coordinates, ml.timezone
  FROM bookings.airports_data ml;

CREATE VIEW bookings.flights_v AS
SELECT f.flight_id, f.flight_no,
       f.scheduled_departure,
       timezone(dep.timezone, f.scheduled_departure) AS scheduled_departure_local,
       f.scheduled_arrival,
       timezone(arr.timezone, f.scheduled_arrival) AS scheduled_arrival_local,
       f.scheduled_arrival - f.scheduled_departure AS scheduled_duration,
       f.departure_airport, dep.airport_name AS departure_airport_name,
       dep.city AS departure_city,
       f.arrival_airport, arr.airport_name AS arrival_airport_name,
       arr.city AS arrival_city,
       f.status, f.aircraft_code,
       f.actual_departure, f.actual_arrival,
       f.actual_arrival - f.actual_departure AS actual_duration
  FROM bookings.flights f
  JOIN bookings.airports dep ON f.departure_airport = dep.airport_code
  JOIN bookings.airports arr ON f.arrival_airport = arr.airport_code;

-- Regular routes: the timetable condensed to one row per flight number.
CREATE MATERIALIZED VIEW bookings.routes AS
WITH f3 AS (
    SELECT f.flight_no, f.departure_airport, f.arrival_airport, f.aircraft_code,
           f.scheduled_arrival - f.scheduled_departure AS duration,
           array_agg(DISTINCT extract(isodow FROM f.scheduled_departure)::integer) AS days_of_week
      FROM bookings.flights f
     GROUP BY 1, 2, 3, 4, 5
)
SELECT f3.flight_no, f3.departure_airport, dep.airport_name AS departure_airport_name,
       dep.city AS departure_city, f3.arrival_airport, arr.airport_name AS arrival_airport_name,
       arr.city AS arrival_city, f3.aircraft_code, f3.duration, f3.days_of_week
  FROM f3
  JOIN bookings.airports dep ON f3.departure_airport = dep.airport_code
  JOIN bookings.airports arr ON f3.arrival_airport = arr.airport_code
WITH NO DATA;
COMMENT ON MATERIALIZED VIEW bookings.routes IS 'Routes';
CREATE INDEX routes_flight_no_idx ON bookings.routes (flight_no);

RESET search_path;
