-- Trading company importing and exporting specialty foods, modeled on the
-- structure of Microsoft's Northwind Traders sample database (as ported to
-- PostgreSQL). Written for pgmock's schema corpus; see tests/corpus/README.md.

CREATE TABLE categories (
    category_id   smallint PRIMARY KEY,
    category_name varchar(15) NOT NULL,
    description   text,
    picture       bytea
);
CREATE UNIQUE INDEX categories_name_idx ON categories (category_name);

CREATE TABLE region (
    region_id          smallint PRIMARY KEY,
    region_description character(50) NOT NULL
);

CREATE TABLE territories (
    territory_id          varchar(20) PRIMARY KEY,
    territory_description character(50) NOT NULL,
    region_id             smallint NOT NULL REFERENCES region (region_id)
);

CREATE TABLE us_states (
    state_id     smallint PRIMARY KEY,
    state_name   varchar(100),
    state_abbr   varchar(2),
    state_region varchar(50)
);

CREATE TABLE customer_demographics (
    customer_type_id character(10) PRIMARY KEY,
    customer_desc    text
);

CREATE TABLE customers (
    customer_id   character(5) PRIMARY KEY,
    company_name  varchar(40) NOT NULL,
    contact_name  varchar(30),
    contact_title varchar(30),
    address       varchar(60),
    city          varchar(15),
    region        varchar(15),
    postal_code   varchar(10),
    country       varchar(15),
    phone         varchar(24),
    fax           varchar(24)
);
CREATE INDEX customers_city_idx ON customers (city);
CREATE INDEX customers_company_name_idx ON customers (company_name);
CREATE INDEX customers_postal_code_idx ON customers (postal_code);
CREATE INDEX customers_region_idx ON customers (region);

CREATE TABLE customer_customer_demo (
    customer_id      character(5) NOT NULL REFERENCES customers (customer_id),
    customer_type_id character(10) NOT NULL REFERENCES customer_demographics (customer_type_id),
    PRIMARY KEY (customer_id, customer_type_id)
);

CREATE TABLE employees (
    employee_id       smallint PRIMARY KEY,
    last_name         varchar(20) NOT NULL,
    first_name        varchar(10) NOT NULL,
    title             varchar(30),
    title_of_courtesy varchar(25),
    birth_date        date,
    hire_date         date,
    address           varchar(60),
    city              varchar(15),
    region            varchar(15),
    postal_code       varchar(10),
    country           varchar(15),
    home_phone        varchar(24),
    extension         varchar(4),
    photo             bytea,
    notes             text,
    reports_to        smallint REFERENCES employees (employee_id),
    photo_path        varchar(255),
    CONSTRAINT ck_birth_date CHECK (birth_date < CURRENT_DATE)
);
CREATE INDEX employees_last_name_idx ON employees (last_name);
CREATE INDEX employees_postal_code_idx ON employees (postal_code);

CREATE TABLE employee_territories (
    employee_id  smallint NOT NULL REFERENCES employees (employee_id),
    territory_id varchar(20) NOT NULL REFERENCES territories (territory_id),
    PRIMARY KEY (employee_id, territory_id)
);

CREATE TABLE shippers (
    shipper_id   smallint PRIMARY KEY,
    company_name varchar(40) NOT NULL,
    phone        varchar(24)
);

CREATE TABLE suppliers (
    supplier_id   smallint PRIMARY KEY,
    company_name  varchar(40) NOT NULL,
    contact_name  varchar(30),
    contact_title varchar(30),
    address       varchar(60),
    city          varchar(15),
    region        varchar(15),
    postal_code   varchar(10),
    country       varchar(15),
    phone         varchar(24),
    fax           varchar(24),
    homepage      text
);
CREATE INDEX suppliers_company_name_idx ON suppliers (company_name);
CREATE INDEX suppliers_postal_code_idx ON suppliers (postal_code);

CREATE TABLE products (
    product_id        smallint PRIMARY KEY,
    product_name      varchar(40) NOT NULL,
    supplier_id       smallint REFERENCES suppliers (supplier_id),
    category_id       smallint REFERENCES categories (category_id),
    quantity_per_unit varchar(20),
    unit_price        real DEFAULT 0 CHECK (unit_price >= 0),
    units_in_stock    smallint DEFAULT 0 CHECK (units_in_stock >= 0),
    units_on_order    smallint DEFAULT 0 CHECK (units_on_order >= 0),
    reorder_level     smallint DEFAULT 0 CHECK (reorder_level >= 0),
    discontinued      integer NOT NULL DEFAULT 0
);
CREATE INDEX products_category_id_idx ON products (category_id);
CREATE INDEX products_supplier_id_idx ON products (supplier_id);
CREATE INDEX products_name_idx ON products (product_name);
-- What still sells: the catalogue queries filter on it.
CREATE INDEX products_current_idx ON products (category_id) WHERE discontinued = 0;

CREATE TABLE orders (
    order_id         smallint PRIMARY KEY,
    customer_id      character(5) REFERENCES customers (customer_id),
    employee_id      smallint REFERENCES employees (employee_id),
    order_date       date,
    required_date    date,
    shipped_date     date,
    ship_via         smallint REFERENCES shippers (shipper_id),
    freight          real DEFAULT 0,
    ship_name        varchar(40),
    ship_address     varchar(60),
    ship_city        varchar(15),
    ship_region      varchar(15),
    ship_postal_code varchar(10),
    ship_country     varchar(15)
);
CREATE INDEX orders_customer_id_idx ON orders (customer_id);
CREATE INDEX orders_employee_id_idx ON orders (employee_id);
CREATE INDEX orders_order_date_idx ON orders (order_date);
CREATE INDEX orders_shipped_date_idx ON orders (shipped_date);
CREATE INDEX orders_ship_via_idx ON orders (ship_via);
CREATE INDEX orders_ship_postal_code_idx ON orders (ship_postal_code);
-- Orders not shipped yet, by due date.
CREATE INDEX orders_unshipped_idx ON orders (required_date) WHERE shipped_date IS NULL;

CREATE TABLE order_details (
    order_id   smallint NOT NULL REFERENCES orders (order_id),
    product_id smallint NOT NULL REFERENCES products (product_id),
    unit_price real NOT NULL DEFAULT 0 CHECK (unit_price >= 0),
    quantity   smallint NOT NULL DEFAULT 1 CHECK (quantity > 0),
    discount   real NOT NULL DEFAULT 0 CHECK (discount >= 0 AND discount <= 1),
    PRIMARY KEY (order_id, product_id)
);
CREATE INDEX order_details_product_id_idx ON order_details (product_id);

------------------------------------------------------------------------------
-- The classic reporting views
------------------------------------------------------------------------------

CREATE VIEW order_subtotals AS
SELECT od.order_id,
       sum((od.unit_price * od.quantity * (1 - od.discount))::numeric(12,2)) AS subtotal
  FROM order_details od
 GROUP BY od.order_id;

CREATE VIEW products_above_average_price AS
SELECT p.product_name, p.unit_price
  FROM products p
 WHERE p.unit_price > (SELECT avg(unit_price) FROM products);

CREATE VIEW current_product_list AS
SELECT p.product_id, p.product_name
  FROM products p
 WHERE p.discontinued = 0;

CREATE VIEW customer_and_suppliers_by_city AS
SELECT city, company_name, contact_name, 'Customers'::text AS relationship FROM customers
UNION
SELECT city, company_name, contact_name, 'Suppliers'::text FROM suppliers;

CREATE VIEW sales_by_category AS
SELECT c.category_id, c.category_name, p.product_name,
       sum((od.unit_price * od.quantity * (1 - od.discount))::numeric(12,2)) AS product_sales
  FROM categories c
  JOIN products p ON p.category_id = c.category_id
  JOIN order_details od ON od.product_id = p.product_id
  JOIN orders o ON o.order_id = od.order_id
 WHERE o.order_date BETWEEN DATE '1997-01-01' AND DATE '1997-12-31'
 GROUP BY c.category_id, c.category_name, p.product_name;

CREATE FUNCTION employee_sales_by_country(p_from date, p_to date)
RETURNS TABLE (country varchar, last_name varchar, first_name varchar,
               shipped_date date, order_id smallint, sale_amount numeric)
LANGUAGE sql STABLE AS $$
    SELECT e.country, e.last_name, e.first_name, o.shipped_date, o.order_id, s.subtotal
      FROM employees e
      JOIN orders o ON o.employee_id = e.employee_id
      JOIN order_subtotals s ON s.order_id = o.order_id
     WHERE o.shipped_date BETWEEN p_from AND p_to
$$;

COMMENT ON TABLE orders IS 'Customer orders; shipped_date is NULL until the goods leave';
COMMENT ON COLUMN orders.freight IS 'Shipping charge in dollars';
COMMENT ON COLUMN products.discontinued IS '1 when the product is no longer sold, else 0';
COMMENT ON COLUMN order_details.discount IS 'Fraction of the price taken off (0.05 = 5 %)';
COMMENT ON COLUMN employees.extension IS 'Internal telephone extension';
