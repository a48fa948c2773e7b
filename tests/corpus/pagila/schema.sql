-- Film rental chain: a DVD rental business with two stores, modeled on the
-- structure of the Pagila sample database (PostgreSQL port of MySQL's Sakila).
-- Written for pgmock's schema corpus; see tests/corpus/README.md.

CREATE TYPE mpaa_rating AS ENUM ('G', 'PG', 'PG-13', 'R', 'NC-17');

CREATE DOMAIN year AS integer
    CONSTRAINT year_check CHECK (VALUE >= 1901 AND VALUE <= 2155);

-- Keeps last_update current on every UPDATE.
CREATE FUNCTION last_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.last_update := CURRENT_TIMESTAMP;
    RETURN NEW;
END
$$;

CREATE FUNCTION _group_concat(text, text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN $2 IS NULL THEN $1
                WHEN $1 IS NULL THEN $2
                ELSE $1 || ', ' || $2 END
$$;

CREATE AGGREGATE group_concat(text) (SFUNC = _group_concat, STYPE = text);

CREATE FUNCTION last_day(timestamp without time zone) RETURNS date
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT (date_trunc('month', $1) + interval '1 month' - interval '1 day')::date
$$;

------------------------------------------------------------------------------
-- Reference data
------------------------------------------------------------------------------

CREATE TABLE country (
    country_id  serial PRIMARY KEY,
    country     varchar(50) NOT NULL,
    last_update timestamp without time zone NOT NULL DEFAULT now()
);

CREATE TABLE city (
    city_id     serial PRIMARY KEY,
    city        varchar(50) NOT NULL,
    country_id  smallint NOT NULL REFERENCES country (country_id)
                    ON UPDATE CASCADE ON DELETE RESTRICT,
    last_update timestamp without time zone NOT NULL DEFAULT now()
);
CREATE INDEX idx_fk_country_id ON city (country_id);

CREATE TABLE address (
    address_id  serial PRIMARY KEY,
    address     varchar(50) NOT NULL,
    address2    varchar(50),
    district    varchar(20) NOT NULL,
    city_id     smallint NOT NULL REFERENCES city (city_id)
                    ON UPDATE CASCADE ON DELETE RESTRICT,
    postal_code varchar(10),
    phone       varchar(20) NOT NULL,
    last_update timestamp without time zone NOT NULL DEFAULT now()
);
CREATE INDEX idx_fk_city_id ON address (city_id);

CREATE TABLE language (
    language_id serial PRIMARY KEY,
    name        character(20) NOT NULL,
    last_update timestamp without time zone NOT NULL DEFAULT now()
);

CREATE TABLE category (
    category_id serial PRIMARY KEY,
    name        varchar(25) NOT NULL,
    last_update timestamp without time zone NOT NULL DEFAULT now()
);

------------------------------------------------------------------------------
-- Catalogue
------------------------------------------------------------------------------

CREATE TABLE actor (
    actor_id    serial PRIMARY KEY,
    first_name  varchar(45) NOT NULL,
    last_name   varchar(45) NOT NULL,
    last_update timestamp without time zone NOT NULL DEFAULT now()
);
CREATE INDEX idx_actor_last_name ON actor (last_name);

CREATE TABLE film (
    film_id              serial PRIMARY KEY,
    title                varchar(255) NOT NULL,
    description          text,
    release_year         year,
    language_id          smallint NOT NULL REFERENCES language (language_id)
                             ON UPDATE CASCADE ON DELETE RESTRICT,
    original_language_id smallint REFERENCES language (language_id)
                             ON UPDATE CASCADE ON DELETE RESTRICT,
    rental_duration      smallint NOT NULL DEFAULT 3,
    rental_rate          numeric(4,2) NOT NULL DEFAULT 4.99,
    length               smallint,
    replacement_cost     numeric(5,2) NOT NULL DEFAULT 19.99,
    rating               mpaa_rating DEFAULT 'G',
    last_update          timestamp without time zone NOT NULL DEFAULT now(),
    special_features     text[],
    fulltext             tsvector NOT NULL
);
CREATE INDEX film_fulltext_idx ON film USING gist (fulltext);
CREATE INDEX idx_title ON film (title);
CREATE INDEX idx_fk_language_id ON film (language_id);
CREATE INDEX idx_fk_original_language_id ON film (original_language_id);

CREATE TABLE film_actor (
    actor_id    smallint NOT NULL REFERENCES actor (actor_id)
                    ON UPDATE CASCADE ON DELETE RESTRICT,
    film_id     smallint NOT NULL REFERENCES film (film_id)
                    ON UPDATE CASCADE ON DELETE RESTRICT,
    last_update timestamp without time zone NOT NULL DEFAULT now(),
    PRIMARY KEY (actor_id, film_id)
);
CREATE INDEX idx_fk_film_id ON film_actor (film_id);

CREATE TABLE film_category (
    film_id     smallint NOT NULL REFERENCES film (film_id)
                    ON UPDATE CASCADE ON DELETE RESTRICT,
    category_id smallint NOT NULL REFERENCES category (category_id)
                    ON UPDATE CASCADE ON DELETE RESTRICT,
    last_update timestamp without time zone NOT NULL DEFAULT now(),
    PRIMARY KEY (film_id, category_id)
);

------------------------------------------------------------------------------
-- Stores, staff, customers (store and staff reference each other)
------------------------------------------------------------------------------

CREATE TABLE store (
    store_id         serial PRIMARY KEY,
    manager_staff_id smallint NOT NULL,
    address_id       smallint NOT NULL REFERENCES address (address_id)
                         ON UPDATE CASCADE ON DELETE RESTRICT,
    last_update      timestamp without time zone NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX idx_unq_manager_staff_id ON store (manager_staff_id);

CREATE TABLE staff (
    staff_id    serial PRIMARY KEY,
    first_name  varchar(45) NOT NULL,
    last_name   varchar(45) NOT NULL,
    address_id  smallint NOT NULL REFERENCES address (address_id)
                    ON UPDATE CASCADE ON DELETE RESTRICT,
    email       varchar(50),
    store_id    smallint NOT NULL REFERENCES store (store_id),
    active      boolean NOT NULL DEFAULT true,
    username    varchar(16) NOT NULL,
    password    varchar(40),
    last_update timestamp without time zone NOT NULL DEFAULT now(),
    picture     bytea
);

ALTER TABLE store
    ADD CONSTRAINT store_manager_staff_id_fkey FOREIGN KEY (manager_staff_id)
        REFERENCES staff (staff_id) ON UPDATE CASCADE ON DELETE RESTRICT
        DEFERRABLE INITIALLY DEFERRED;

CREATE TABLE customer (
    customer_id serial PRIMARY KEY,
    store_id    smallint NOT NULL REFERENCES store (store_id)
                    ON UPDATE CASCADE ON DELETE RESTRICT,
    first_name  varchar(45) NOT NULL,
    last_name   varchar(45) NOT NULL,
    email       varchar(50),
    address_id  smallint NOT NULL REFERENCES address (address_id)
                    ON UPDATE CASCADE ON DELETE RESTRICT,
    activebool  boolean NOT NULL DEFAULT true,
    create_date date NOT NULL DEFAULT CURRENT_DATE,
    last_update timestamp without time zone DEFAULT now(),
    active      integer
);
CREATE INDEX idx_fk_address_id ON customer (address_id);
CREATE INDEX idx_fk_store_id ON customer (store_id);
CREATE INDEX idx_last_name ON customer (last_name);
-- Case-insensitive login lookups (an expression index the sample lacks).
CREATE UNIQUE INDEX idx_customer_lower_email ON customer (lower(email)) WHERE email IS NOT NULL;

------------------------------------------------------------------------------
-- Operations
------------------------------------------------------------------------------

CREATE TABLE inventory (
    inventory_id serial PRIMARY KEY,
    film_id      smallint NOT NULL REFERENCES film (film_id)
                     ON UPDATE CASCADE ON DELETE RESTRICT,
    store_id     smallint NOT NULL REFERENCES store (store_id)
                     ON UPDATE CASCADE ON DELETE RESTRICT,
    last_update  timestamp without time zone NOT NULL DEFAULT now()
);
CREATE INDEX idx_store_id_film_id ON inventory (store_id, film_id);

CREATE TABLE rental (
    rental_id    serial PRIMARY KEY,
    rental_date  timestamp with time zone NOT NULL,
    inventory_id integer NOT NULL REFERENCES inventory (inventory_id)
                     ON UPDATE CASCADE ON DELETE RESTRICT,
    customer_id  smallint NOT NULL REFERENCES customer (customer_id)
                     ON UPDATE CASCADE ON DELETE RESTRICT,
    return_date  timestamp with time zone,
    staff_id     smallint NOT NULL REFERENCES staff (staff_id)
                     ON UPDATE CASCADE ON DELETE RESTRICT,
    last_update  timestamp with time zone NOT NULL DEFAULT now()
);
CREATE INDEX idx_fk_inventory_id ON rental (inventory_id);
CREATE UNIQUE INDEX idx_unq_rental_rental_date_inventory_id_customer_id
    ON rental (rental_date, inventory_id, customer_id);
-- Items currently out: the rentals without a return.
CREATE INDEX idx_rental_open ON rental (inventory_id) WHERE return_date IS NULL;

-- Payments are partitioned by month of payment_date.
CREATE TABLE payment (
    payment_id   serial NOT NULL,
    customer_id  smallint NOT NULL REFERENCES customer (customer_id),
    staff_id     smallint NOT NULL REFERENCES staff (staff_id),
    rental_id    integer NOT NULL REFERENCES rental (rental_id),
    amount       numeric(5,2) NOT NULL,
    payment_date timestamp with time zone NOT NULL,
    PRIMARY KEY (payment_date, payment_id)
) PARTITION BY RANGE (payment_date);

CREATE TABLE payment_p2022_01 PARTITION OF payment
    FOR VALUES FROM ('2022-01-01 00:00:00+00') TO ('2022-02-01 00:00:00+00');
CREATE TABLE payment_p2022_02 PARTITION OF payment
    FOR VALUES FROM ('2022-02-01 00:00:00+00') TO ('2022-03-01 00:00:00+00');
CREATE TABLE payment_p2022_03 PARTITION OF payment
    FOR VALUES FROM ('2022-03-01 00:00:00+00') TO ('2022-04-01 00:00:00+00');
CREATE TABLE payment_p2022_04 PARTITION OF payment
    FOR VALUES FROM ('2022-04-01 00:00:00+00') TO ('2022-05-01 00:00:00+00');
CREATE TABLE payment_p2022_05 PARTITION OF payment
    FOR VALUES FROM ('2022-05-01 00:00:00+00') TO ('2022-06-01 00:00:00+00');
CREATE TABLE payment_p2022_06 PARTITION OF payment
    FOR VALUES FROM ('2022-06-01 00:00:00+00') TO ('2022-07-01 00:00:00+00');
CREATE TABLE payment_p2022_07 PARTITION OF payment
    FOR VALUES FROM ('2022-07-01 00:00:00+00') TO ('2022-08-01 00:00:00+00');

CREATE INDEX idx_fk_payment_customer_id ON payment (customer_id);
CREATE INDEX idx_fk_payment_staff_id ON payment (staff_id);
CREATE INDEX idx_fk_payment_rental_id ON payment (rental_id);

------------------------------------------------------------------------------
-- Functions over the data
------------------------------------------------------------------------------

CREATE FUNCTION inventory_in_stock(p_inventory_id integer) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    v_open integer;
BEGIN
    SELECT count(*) INTO v_open
      FROM rental
     WHERE inventory_id = p_inventory_id AND return_date IS NULL;
    RETURN v_open = 0;
END
$$;

CREATE FUNCTION film_in_stock(p_film_id integer, p_store_id integer, OUT p_film_count integer)
RETURNS SETOF integer
LANGUAGE sql AS $$
    SELECT inventory_id FROM inventory
     WHERE film_id = $1 AND store_id = $2 AND inventory_in_stock(inventory_id)
$$;

CREATE FUNCTION film_not_in_stock(p_film_id integer, p_store_id integer, OUT p_film_count integer)
RETURNS SETOF integer
LANGUAGE sql AS $$
    SELECT inventory_id FROM inventory
     WHERE film_id = $1 AND store_id = $2 AND NOT inventory_in_stock(inventory_id)
$$;

CREATE FUNCTION inventory_held_by_customer(p_inventory_id integer) RETURNS integer
LANGUAGE sql STABLE AS $$
    SELECT customer_id FROM rental
     WHERE return_date IS NULL AND inventory_id = p_inventory_id
     LIMIT 1
$$;

-- Balance = rental fees + one dollar per overdue day - payments, as of a date.
CREATE FUNCTION get_customer_balance(p_customer_id integer, p_effective_date timestamp with time zone)
RETURNS numeric
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_fees     numeric(10,2);
    v_overdue  integer;
    v_payments numeric(10,2);
BEGIN
    SELECT coalesce(sum(f.rental_rate), 0) INTO v_fees
      FROM rental r JOIN inventory i USING (inventory_id) JOIN film f USING (film_id)
     WHERE r.rental_date <= p_effective_date AND r.customer_id = p_customer_id;

    SELECT coalesce(sum(greatest(
               extract(day FROM (r.return_date - r.rental_date)) - f.rental_duration, 0)), 0)
      INTO v_overdue
      FROM rental r JOIN inventory i USING (inventory_id) JOIN film f USING (film_id)
     WHERE r.rental_date <= p_effective_date AND r.customer_id = p_customer_id;

    SELECT coalesce(sum(p.amount), 0) INTO v_payments
      FROM payment p
     WHERE p.payment_date <= p_effective_date AND p.customer_id = p_customer_id;

    RETURN v_fees + v_overdue - v_payments;
END
$$;

CREATE FUNCTION rewards_report(min_monthly_purchases integer, min_dollar_amount_purchased numeric)
RETURNS SETOF customer
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_start date := date_trunc('month', CURRENT_DATE - interval '3 months')::date;
    v_end   date := last_day(v_start::timestamp);
BEGIN
    IF min_monthly_purchases <= 0 THEN
        RAISE EXCEPTION 'minimum monthly purchases must be > 0';
    END IF;
    IF min_dollar_amount_purchased <= 0 THEN
        RAISE EXCEPTION 'minimum amount purchased must be > 0';
    END IF;
    RETURN QUERY
        SELECT c.* FROM customer c
         WHERE c.customer_id IN (
             SELECT p.customer_id FROM payment p
              WHERE p.payment_date::date BETWEEN v_start AND v_end
              GROUP BY p.customer_id
             HAVING sum(p.amount) > min_dollar_amount_purchased
                AND count(*) > min_monthly_purchases);
END
$$;

------------------------------------------------------------------------------
-- Triggers
------------------------------------------------------------------------------

CREATE TRIGGER last_updated BEFORE UPDATE ON actor FOR EACH ROW EXECUTE FUNCTION last_updated();
CREATE TRIGGER last_updated BEFORE UPDATE ON address FOR EACH ROW EXECUTE FUNCTION last_updated();
CREATE TRIGGER last_updated BEFORE UPDATE ON category FOR EACH ROW EXECUTE FUNCTION last_updated();
CREATE TRIGGER last_updated BEFORE UPDATE ON city FOR EACH ROW EXECUTE FUNCTION last_updated();
CREATE TRIGGER last_updated BEFORE UPDATE ON country FOR EACH ROW EXECUTE FUNCTION last_updated();
CREATE TRIGGER last_updated BEFORE UPDATE ON customer FOR EACH ROW EXECUTE FUNCTION last_updated();
CREATE TRIGGER last_updated BEFORE UPDATE ON film FOR EACH ROW EXECUTE FUNCTION last_updated();
CREATE TRIGGER last_updated BEFORE UPDATE ON film_actor FOR EACH ROW EXECUTE FUNCTION last_updated();
CREATE TRIGGER last_updated BEFORE UPDATE ON film_category FOR EACH ROW EXECUTE FUNCTION last_updated();
CREATE TRIGGER last_updated BEFORE UPDATE ON inventory FOR EACH ROW EXECUTE FUNCTION last_updated();
CREATE TRIGGER last_updated BEFORE UPDATE ON language FOR EACH ROW EXECUTE FUNCTION last_updated();
CREATE TRIGGER last_updated BEFORE UPDATE ON rental FOR EACH ROW EXECUTE FUNCTION last_updated();
CREATE TRIGGER last_updated BEFORE UPDATE ON staff FOR EACH ROW EXECUTE FUNCTION last_updated();
CREATE TRIGGER last_updated BEFORE UPDATE ON store FOR EACH ROW EXECUTE FUNCTION last_updated();

-- The search vector follows title and description.
CREATE TRIGGER film_fulltext_trigger BEFORE INSERT OR UPDATE ON film
    FOR EACH ROW EXECUTE FUNCTION tsvector_update_trigger(fulltext, 'pg_catalog.english', title, description);

------------------------------------------------------------------------------
-- Views
------------------------------------------------------------------------------

CREATE VIEW customer_list AS
SELECT cu.customer_id AS id,
       cu.first_name || ' ' || cu.last_name AS name,
       a.address, a.postal_code AS "zip code", a.phone,
       ci.city, co.country,
       CASE WHEN cu.activebool THEN 'active' ELSE '' END AS notes,
       cu.store_id AS sid
  FROM customer cu
  JOIN address a ON cu.address_id = a.address_id
  JOIN city ci ON a.city_id = ci.city_id
  JOIN country co ON ci.country_id = co.country_id;

CREATE VIEW staff_list AS
SELECT s.staff_id AS id,
       s.first_name || ' ' || s.last_name AS name,
       a.address, a.postal_code AS "zip code", a.phone,
       ci.city, co.country, s.store_id AS sid
  FROM staff s
  JOIN address a ON s.address_id = a.address_id
  JOIN city ci ON a.city_id = ci.city_id
  JOIN country co ON ci.country_id = co.country_id;

CREATE VIEW film_list AS
SELECT f.film_id AS fid, f.title, f.description, c.name AS category,
       f.rental_rate AS price, f.length, f.rating,
       group_concat(a.first_name || ' ' || a.last_name) AS actors
  FROM film f
  LEFT JOIN film_category fc ON fc.film_id = f.film_id
  LEFT JOIN category c ON c.category_id = fc.category_id
  LEFT JOIN film_actor fa ON fa.film_id = f.film_id
  LEFT JOIN actor a ON a.actor_id = fa.actor_id
 GROUP BY f.film_id, f.title, f.description, c.name, f.rental_rate, f.length, f.rating;

CREATE VIEW actor_info AS
SELECT a.actor_id, a.first_name, a.last_name,
       group_concat(DISTINCT c.name::text) AS film_info
  FROM actor a
  LEFT JOIN film_actor fa ON fa.actor_id = a.actor_id
  LEFT JOIN film_category fc ON fc.film_id = fa.film_id
  LEFT JOIN category c ON c.category_id = fc.category_id
 GROUP BY a.actor_id, a.first_name, a.last_name;

CREATE VIEW sales_by_film_category AS
SELECT c.name AS category, sum(p.amount) AS total_sales
  FROM payment p
  JOIN rental r ON p.rental_id = r.rental_id
  JOIN inventory i ON r.inventory_id = i.inventory_id
  JOIN film f ON i.film_id = f.film_id
  JOIN film_category fc ON f.film_id = fc.film_id
  JOIN category c ON fc.category_id = c.category_id
 GROUP BY c.name
 ORDER BY total_sales DESC;

CREATE VIEW sales_by_store AS
SELECT ci.city || ', ' || co.country AS store,
       m.first_name || ' ' || m.last_name AS manager,
       sum(p.amount) AS total_sales
  FROM payment p
  JOIN rental r ON p.rental_id = r.rental_id
  JOIN inventory i ON r.inventory_id = i.inventory_id
  JOIN store s ON i.store_id = s.store_id
  JOIN address a ON s.address_id = a.address_id
  JOIN city ci ON a.city_id = ci.city_id
  JOIN country co ON ci.country_id = co.country_id
  JOIN staff m ON s.manager_staff_id = m.staff_id
 GROUP BY co.country, ci.city, s.store_id, m.first_name, m.last_name
 ORDER BY co.country, ci.city;

CREATE MATERIALIZED VIEW rental_by_category AS
SELECT c.name AS category, sum(p.amount) AS total_sales
  FROM payment p
  JOIN rental r ON p.rental_id = r.rental_id
  JOIN inventory i ON r.inventory_id = i.inventory_id
  JOIN film f ON i.film_id = f.film_id
  JOIN film_category fc ON f.film_id = fc.film_id
  JOIN category c ON fc.category_id = c.category_id
 GROUP BY c.name
WITH NO DATA;
CREATE UNIQUE INDEX rental_category ON rental_by_category (category);

------------------------------------------------------------------------------
-- Comments
------------------------------------------------------------------------------

COMMENT ON TABLE film IS 'Films the chain can rent out, one row per title';
COMMENT ON COLUMN film.length IS 'Running time in minutes';
COMMENT ON COLUMN film.rental_duration IS 'Standard rental period in days';
COMMENT ON COLUMN film.rental_rate IS 'Price of one rental period';
COMMENT ON COLUMN film.replacement_cost IS 'Charged when a copy is not returned';
COMMENT ON COLUMN film.fulltext IS 'Search vector of title and description (kept by a trigger)';
COMMENT ON TABLE rental IS 'One row per copy handed to a customer';
COMMENT ON COLUMN rental.return_date IS 'NULL while the copy is still out';
COMMENT ON TABLE payment IS 'Payments for rentals, partitioned by month';
COMMENT ON COLUMN customer.active IS 'Legacy integer flag (1 active, 0 inactive)';
COMMENT ON MATERIALIZED VIEW rental_by_category IS 'Sales per film category; refreshed nightly';
