-- Online shop application: catalogue with variants and options, stock per
-- location, orders with line items, payments, shipments, taxes, promotions
-- and returns. Modeled on the data model of the Spree Commerce platform
-- (table prefix spree_), with its foreign keys written out as constraints.
-- Written for pgmock's schema corpus; see tests/corpus/README.md.

CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;

CREATE FUNCTION set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$;

------------------------------------------------------------------------------
-- Geography and zones
------------------------------------------------------------------------------

-- two-letter codes: at most 100 unique ones from a generic text generator
-- pgmock: rows=100
CREATE TABLE spree_countries (
    id               bigserial PRIMARY KEY,
    iso_name         varchar(255),
    iso              varchar(2) NOT NULL UNIQUE,
    iso3             varchar(3) UNIQUE,
    name             varchar(255) NOT NULL,
    numcode          integer,
    states_required  boolean NOT NULL DEFAULT false,
    zipcode_required boolean NOT NULL DEFAULT true,
    created_at       timestamp(6) without time zone,
    updated_at       timestamp(6) without time zone
);
CREATE UNIQUE INDEX index_spree_countries_on_lower_name ON spree_countries (lower(name));

CREATE TABLE spree_states (
    id         bigserial PRIMARY KEY,
    name       varchar(255) NOT NULL,
    abbr       varchar(255) NOT NULL,
    country_id bigint NOT NULL REFERENCES spree_countries (id),
    created_at timestamp(6) without time zone,
    updated_at timestamp(6) without time zone
);
CREATE INDEX index_spree_states_on_country_id ON spree_states (country_id);

CREATE TABLE spree_zones (
    id                 bigserial PRIMARY KEY,
    name               varchar(255) NOT NULL UNIQUE,
    description        varchar(255),
    default_tax        boolean NOT NULL DEFAULT false,
    zone_members_count integer NOT NULL DEFAULT 0,
    kind               varchar(255) NOT NULL DEFAULT 'state' CHECK (kind IN ('country', 'state')),
    created_at         timestamp(6) without time zone NOT NULL,
    updated_at         timestamp(6) without time zone NOT NULL
);

CREATE TABLE spree_zone_members (
    id            bigserial PRIMARY KEY,
    zoneable_type varchar(255),
    zoneable_id   bigint,
    zone_id       bigint REFERENCES spree_zones (id) ON DELETE CASCADE,
    created_at    timestamp(6) without time zone NOT NULL,
    updated_at    timestamp(6) without time zone NOT NULL
);
CREATE INDEX index_spree_zone_members_on_zone_id ON spree_zone_members (zone_id);
CREATE INDEX index_spree_zone_members_on_zoneable ON spree_zone_members (zoneable_id, zoneable_type);

------------------------------------------------------------------------------
-- Customers
------------------------------------------------------------------------------

CREATE TABLE spree_users (
    id                      bigserial PRIMARY KEY,
    email                   citext NOT NULL,
    encrypted_password      varchar(128),
    password_salt           varchar(128),
    first_name              varchar(255),
    last_name               varchar(255),
    login                   varchar(255),
    sign_in_count           integer NOT NULL DEFAULT 0 CHECK (sign_in_count >= 0),
    failed_attempts         integer NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
    last_request_at         timestamp(6) without time zone,
    current_sign_in_at      timestamp(6) without time zone,
    last_sign_in_at         timestamp(6) without time zone,
    current_sign_in_ip      inet,
    last_sign_in_ip         inet,
    reset_password_token    varchar(255) UNIQUE,
    reset_password_sent_at  timestamp(6) without time zone,
    confirmation_token      varchar(255) UNIQUE,
    confirmed_at            timestamp(6) without time zone,
    locked_at               timestamp(6) without time zone,
    ship_address_id         bigint,
    bill_address_id         bigint,
    selected_locale         varchar(10),
    accepts_email_marketing boolean NOT NULL DEFAULT false,
    created_at              timestamp(6) without time zone NOT NULL,
    updated_at              timestamp(6) without time zone NOT NULL,
    deleted_at              timestamp(6) without time zone
);
-- One live account per e-mail; deleted accounts keep theirs.
CREATE UNIQUE INDEX email_idx_unique ON spree_users (email) WHERE deleted_at IS NULL;
CREATE INDEX index_spree_users_on_deleted_at ON spree_users (deleted_at);
CREATE TRIGGER spree_users_updated_at BEFORE UPDATE ON spree_users
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE spree_addresses (
    id                bigserial PRIMARY KEY,
    firstname         varchar(255),
    lastname          varchar(255),
    company           varchar(255),
    address1          varchar(255),
    address2          varchar(255),
    city              varchar(255),
    zipcode           varchar(255),
    phone             varchar(255),
    alternative_phone varchar(255),
    state_name        varchar(255),
    state_id          bigint REFERENCES spree_states (id),
    country_id        bigint REFERENCES spree_countries (id),
    user_id           bigint REFERENCES spree_users (id),
    label             varchar(255),
    created_at        timestamp(6) without time zone NOT NULL,
    updated_at        timestamp(6) without time zone NOT NULL,
    deleted_at        timestamp(6) without time zone
);
CREATE INDEX index_spree_addresses_on_country_id ON spree_addresses (country_id);
CREATE INDEX index_spree_addresses_on_state_id ON spree_addresses (state_id);
CREATE INDEX index_spree_addresses_on_user_id ON spree_addresses (user_id);
CREATE INDEX index_addresses_on_firstname ON spree_addresses (firstname);
CREATE INDEX index_addresses_on_lastname ON spree_addresses (lastname);

ALTER TABLE spree_users
    ADD CONSTRAINT spree_users_ship_address_fkey FOREIGN KEY (ship_address_id) REFERENCES spree_addresses (id),
    ADD CONSTRAINT spree_users_bill_address_fkey FOREIGN KEY (bill_address_id) REFERENCES spree_addresses (id);

CREATE TABLE spree_roles (
    id         bigserial PRIMARY KEY,
    name       varchar(255) NOT NULL UNIQUE,
    created_at timestamp(6) without time zone,
    updated_at timestamp(6) without time zone
);

CREATE TABLE spree_role_users (
    id         bigserial PRIMARY KEY,
    role_id    bigint NOT NULL REFERENCES spree_roles (id),
    user_id    bigint NOT NULL REFERENCES spree_users (id) ON DELETE CASCADE,
    created_at timestamp(6) without time zone,
    updated_at timestamp(6) without time zone,
    CONSTRAINT spree_role_users_role_user_key UNIQUE (role_id, user_id)
);
CREATE INDEX index_spree_role_users_on_user_id ON spree_role_users (user_id);

------------------------------------------------------------------------------
-- Stores, taxes, shipping categories
------------------------------------------------------------------------------

CREATE TABLE spree_stores (
    id                     bigserial PRIMARY KEY,
    name                   varchar(255) NOT NULL,
    url                    varchar(255) NOT NULL,
    code                   varchar(255) NOT NULL UNIQUE,
    meta_description       text,
    meta_keywords          text,
    seo_title              varchar(255),
    mail_from_address      varchar(255),
    customer_support_email varchar(255),
    default_currency       character(3) NOT NULL DEFAULT 'USD',
    supported_currencies   varchar(255),
    default_locale         varchar(10),
    default_country_id     bigint REFERENCES spree_countries (id),
    checkout_zone_id       bigint REFERENCES spree_zones (id),
    description            text,
    address                text,
    contact_phone          varchar(255),
    "default"              boolean NOT NULL DEFAULT false,
    created_at             timestamp(6) without time zone NOT NULL,
    updated_at             timestamp(6) without time zone NOT NULL,
    deleted_at             timestamp(6) without time zone
);
CREATE UNIQUE INDEX index_spree_stores_one_default ON spree_stores ("default") WHERE "default";
CREATE INDEX index_spree_stores_on_url ON spree_stores (url);

CREATE TABLE spree_tax_categories (
    id          bigserial PRIMARY KEY,
    name        varchar(255) NOT NULL,
    description varchar(255),
    is_default  boolean NOT NULL DEFAULT false,
    tax_code    varchar(255),
    created_at  timestamp(6) without time zone NOT NULL,
    updated_at  timestamp(6) without time zone NOT NULL,
    deleted_at  timestamp(6) without time zone
);

CREATE TABLE spree_tax_rates (
    id                 bigserial PRIMARY KEY,
    name               varchar(255),
    amount             numeric(8,5) NOT NULL CHECK (amount >= 0 AND amount < 1),
    zone_id            bigint REFERENCES spree_zones (id),
    tax_category_id    bigint REFERENCES spree_tax_categories (id),
    included_in_price  boolean NOT NULL DEFAULT false,
    show_rate_in_label boolean NOT NULL DEFAULT true,
    created_at         timestamp(6) without time zone NOT NULL,
    updated_at         timestamp(6) without time zone NOT NULL,
    deleted_at         timestamp(6) without time zone
);
CREATE INDEX index_spree_tax_rates_on_zone_id ON spree_tax_rates (zone_id);
CREATE INDEX index_spree_tax_rates_on_tax_category_id ON spree_tax_rates (tax_category_id);
COMMENT ON COLUMN spree_tax_rates.amount IS 'Rate as a fraction: 0.08 is 8 %';

CREATE TABLE spree_shipping_categories (
    id         bigserial PRIMARY KEY,
    name       varchar(255) NOT NULL UNIQUE,
    created_at timestamp(6) without time zone NOT NULL,
    updated_at timestamp(6) without time zone NOT NULL
);

------------------------------------------------------------------------------
-- Catalogue
------------------------------------------------------------------------------

CREATE TABLE spree_products (
    id                   bigserial PRIMARY KEY,
    name                 varchar(255) NOT NULL DEFAULT '',
    description          text,
    slug                 varchar(255) NOT NULL,
    status               varchar(255) NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'archived')),
    available_on         timestamp(6) without time zone,
    discontinue_on       timestamp(6) without time zone,
    meta_title           varchar(255),
    meta_description     text,
    meta_keywords        varchar(255),
    tax_category_id      bigint REFERENCES spree_tax_categories (id),
    shipping_category_id bigint REFERENCES spree_shipping_categories (id),
    promotionable        boolean NOT NULL DEFAULT true,
    search_vector        tsvector,
    created_at           timestamp(6) without time zone NOT NULL,
    updated_at           timestamp(6) without time zone NOT NULL,
    deleted_at           timestamp(6) without time zone
);
CREATE UNIQUE INDEX index_spree_products_on_slug ON spree_products (slug) WHERE deleted_at IS NULL;
CREATE INDEX index_spree_products_on_available_on ON spree_products (available_on);
CREATE INDEX index_spree_products_on_deleted_at ON spree_products (deleted_at);
CREATE INDEX index_spree_products_on_name ON spree_products (name);
CREATE INDEX index_spree_products_on_status ON spree_products (status) WHERE deleted_at IS NULL;
CREATE INDEX index_spree_products_search ON spree_products USING gin (search_vector);

CREATE FUNCTION spree_products_search_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := to_tsvector('pg_catalog.simple',
        coalesce(NEW.name, '') || ' ' || coalesce(NEW.description, '') || ' ' || coalesce(NEW.meta_keywords, ''));
    RETURN NEW;
END
$$;
CREATE TRIGGER spree_products_search BEFORE INSERT OR UPDATE ON spree_products
    FOR EACH ROW EXECUTE FUNCTION spree_products_search_update();
CREATE TRIGGER spree_products_updated_at BEFORE UPDATE ON spree_products
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE spree_variants (
    id              bigserial PRIMARY KEY,
    product_id      bigint NOT NULL REFERENCES spree_products (id) ON DELETE CASCADE,
    sku             varchar(255) NOT NULL DEFAULT '',
    is_master       boolean NOT NULL DEFAULT false,
    weight          numeric(8,2) DEFAULT 0.0 CHECK (weight >= 0),
    height          numeric(8,2) CHECK (height >= 0),
    width           numeric(8,2) CHECK (width >= 0),
    depth           numeric(8,2) CHECK (depth >= 0),
    cost_price      numeric(10,2) CHECK (cost_price >= 0),
    cost_currency   character(3),
    position        integer,
    track_inventory boolean NOT NULL DEFAULT true,
    tax_category_id bigint REFERENCES spree_tax_categories (id),
    discontinue_on  timestamp(6) without time zone,
    created_at      timestamp(6) without time zone NOT NULL,
    updated_at      timestamp(6) without time zone NOT NULL,
    deleted_at      timestamp(6) without time zone
);
CREATE INDEX index_spree_variants_on_product_id ON spree_variants (product_id);
CREATE INDEX index_spree_variants_on_sku ON spree_variants (sku);
CREATE UNIQUE INDEX index_spree_variants_one_master ON spree_variants (product_id) WHERE is_master AND deleted_at IS NULL;
COMMENT ON COLUMN spree_variants.weight IS 'Shipping weight in kilograms';

CREATE TABLE spree_prices (
    id                bigserial PRIMARY KEY,
    variant_id        bigint NOT NULL REFERENCES spree_variants (id) ON DELETE CASCADE,
    amount            numeric(10,2) CHECK (amount >= 0),
    compare_at_amount numeric(10,2),
    currency          character(3) NOT NULL,
    created_at        timestamp(6) without time zone NOT NULL,
    updated_at        timestamp(6) without time zone NOT NULL,
    deleted_at        timestamp(6) without time zone,
    CONSTRAINT spree_prices_variant_currency_key UNIQUE (variant_id, currency)
);

CREATE TABLE spree_option_types (
    id           bigserial PRIMARY KEY,
    name         varchar(100) NOT NULL UNIQUE,
    presentation varchar(100) NOT NULL,
    position     integer NOT NULL DEFAULT 0,
    filterable   boolean NOT NULL DEFAULT true,
    created_at   timestamp(6) without time zone NOT NULL,
    updated_at   timestamp(6) without time zone NOT NULL
);

CREATE TABLE spree_option_values (
    id             bigserial PRIMARY KEY,
    option_type_id bigint NOT NULL REFERENCES spree_option_types (id) ON DELETE CASCADE,
    name           varchar(255) NOT NULL,  -- pgmock: generator=core.text
    presentation   varchar(255) NOT NULL,
    position       integer,
    created_at     timestamp(6) without time zone NOT NULL,
    updated_at     timestamp(6) without time zone NOT NULL,
    CONSTRAINT spree_option_values_type_name_key UNIQUE (option_type_id, name)
);

CREATE TABLE spree_option_value_variants (
    id              bigserial PRIMARY KEY,
    variant_id      bigint NOT NULL REFERENCES spree_variants (id) ON DELETE CASCADE,
    option_value_id bigint NOT NULL REFERENCES spree_option_values (id) ON DELETE CASCADE,
    CONSTRAINT index_option_values_variants_on_variant_id_and_option_value_id UNIQUE (variant_id, option_value_id)
);

CREATE TABLE spree_product_option_types (
    id             bigserial PRIMARY KEY,
    product_id     bigint NOT NULL REFERENCES spree_products (id) ON DELETE CASCADE,
    option_type_id bigint NOT NULL REFERENCES spree_option_types (id) ON DELETE CASCADE,
    position       integer,
    created_at     timestamp(6) without time zone NOT NULL,
    updated_at     timestamp(6) without time zone NOT NULL
);
CREATE INDEX index_spree_product_option_types_on_product_id ON spree_product_option_types (product_id);

CREATE TABLE spree_properties (
    id           bigserial PRIMARY KEY,
    name         varchar(255) NOT NULL UNIQUE,
    presentation varchar(255) NOT NULL,
    filterable   boolean NOT NULL DEFAULT false,
    created_at   timestamp(6) without time zone NOT NULL,
    updated_at   timestamp(6) without time zone NOT NULL
);

CREATE TABLE spree_product_properties (
    id          bigserial PRIMARY KEY,
    product_id  bigint NOT NULL REFERENCES spree_products (id) ON DELETE CASCADE,
    property_id bigint NOT NULL REFERENCES spree_properties (id) ON DELETE CASCADE,
    value       varchar(255),
    position    integer DEFAULT 0,
    created_at  timestamp(6) without time zone NOT NULL,
    updated_at  timestamp(6) without time zone NOT NULL,
    CONSTRAINT spree_product_properties_product_property_key UNIQUE (product_id, property_id)
);

CREATE TABLE spree_taxonomies (
    id         bigserial PRIMARY KEY,
    name       varchar(255) NOT NULL,  -- pgmock: generator=core.text
    position   integer DEFAULT 0,
    store_id   bigint REFERENCES spree_stores (id),
    created_at timestamp(6) without time zone NOT NULL,
    updated_at timestamp(6) without time zone NOT NULL,
    CONSTRAINT spree_taxonomies_name_store_key UNIQUE (name, store_id)
);

-- Category trees (nested set plus parent pointer).
CREATE TABLE spree_taxons (
    id               bigserial PRIMARY KEY,
    taxonomy_id      bigint NOT NULL REFERENCES spree_taxonomies (id) ON DELETE CASCADE,
    parent_id        bigint REFERENCES spree_taxons (id),
    position         integer DEFAULT 0,
    name             varchar(255) NOT NULL,
    permalink        varchar(255),
    lft              integer,
    rgt              integer,
    depth            integer CHECK (depth >= 0),
    description      text,
    meta_title       varchar(255),
    meta_description varchar(255),
    hide_from_nav    boolean NOT NULL DEFAULT false,
    created_at       timestamp(6) without time zone NOT NULL,
    updated_at       timestamp(6) without time zone NOT NULL,
    CONSTRAINT spree_taxons_bounds CHECK (lft IS NULL OR rgt IS NULL OR lft < rgt)
);
CREATE INDEX index_spree_taxons_on_parent_id ON spree_taxons (parent_id);
CREATE INDEX index_spree_taxons_on_taxonomy_id ON spree_taxons (taxonomy_id);
CREATE INDEX index_spree_taxons_on_lft ON spree_taxons (lft);
CREATE UNIQUE INDEX index_spree_taxons_on_permalink ON spree_taxons (taxonomy_id, permalink);

CREATE TABLE spree_products_taxons (
    id         bigserial PRIMARY KEY,
    product_id bigint NOT NULL REFERENCES spree_products (id) ON DELETE CASCADE,
    taxon_id   bigint NOT NULL REFERENCES spree_taxons (id) ON DELETE CASCADE,
    position   integer,
    CONSTRAINT spree_products_taxons_product_taxon_key UNIQUE (product_id, taxon_id)
);
CREATE INDEX index_spree_products_taxons_on_taxon_id ON spree_products_taxons (taxon_id);

-- Product images (attached to variants).
CREATE TABLE spree_assets (
    id                      bigserial PRIMARY KEY,
    viewable_type           varchar(255),
    viewable_id             bigint,
    attachment_width        integer CHECK (attachment_width > 0),
    attachment_height       integer CHECK (attachment_height > 0),
    attachment_file_size    integer CHECK (attachment_file_size >= 0),
    attachment_content_type varchar(255),
    attachment_file_name    varchar(255),
    attachment_updated_at   timestamp(6) without time zone,
    position                integer,
    type                    varchar(75),
    alt                     text,
    created_at              timestamp(6) without time zone,
    updated_at              timestamp(6) without time zone
);
CREATE INDEX index_assets_on_viewable_id ON spree_assets (viewable_id);
CREATE INDEX index_assets_on_viewable_type_and_type ON spree_assets (viewable_type, type);

------------------------------------------------------------------------------
-- Stock
------------------------------------------------------------------------------

CREATE TABLE spree_stock_locations (
    id                     bigserial PRIMARY KEY,
    name                   varchar(255) NOT NULL,
    admin_name             varchar(255),
    "default"              boolean NOT NULL DEFAULT false,
    address1               varchar(255),
    address2               varchar(255),
    city                   varchar(255),
    state_id               bigint REFERENCES spree_states (id),
    state_name             varchar(255),
    country_id             bigint REFERENCES spree_countries (id),
    zipcode                varchar(255),
    phone                  varchar(255),
    active                 boolean NOT NULL DEFAULT true,
    backorderable_default  boolean NOT NULL DEFAULT false,
    propagate_all_variants boolean NOT NULL DEFAULT true,
    created_at             timestamp(6) without time zone NOT NULL,
    updated_at             timestamp(6) without time zone NOT NULL
);

CREATE TABLE spree_stock_items (
    id                bigserial PRIMARY KEY,
    stock_location_id bigint NOT NULL REFERENCES spree_stock_locations (id),
    variant_id        bigint NOT NULL REFERENCES spree_variants (id),
    count_on_hand     integer NOT NULL DEFAULT 0,
    backorderable     boolean NOT NULL DEFAULT false,
    created_at        timestamp(6) without time zone NOT NULL,
    updated_at        timestamp(6) without time zone NOT NULL,
    deleted_at        timestamp(6) without time zone
);
CREATE UNIQUE INDEX stock_item_by_loc_var_id ON spree_stock_items (stock_location_id, variant_id) WHERE deleted_at IS NULL;
CREATE INDEX index_spree_stock_items_on_variant_id ON spree_stock_items (variant_id);

CREATE TABLE spree_stock_movements (
    id              bigserial PRIMARY KEY,
    stock_item_id   bigint NOT NULL REFERENCES spree_stock_items (id),
    quantity        integer NOT NULL DEFAULT 0,
    action          varchar(255),
    originator_type varchar(255),
    originator_id   bigint,
    created_at      timestamp(6) without time zone NOT NULL,
    updated_at      timestamp(6) without time zone NOT NULL
);
CREATE INDEX index_spree_stock_movements_on_stock_item_id ON spree_stock_movements (stock_item_id);

------------------------------------------------------------------------------
-- Checkout: orders, line items, adjustments, payments, shipments
------------------------------------------------------------------------------

CREATE TABLE spree_orders (
    id                           bigserial PRIMARY KEY,
    number                       varchar(32) NOT NULL UNIQUE,
    store_id                     bigint NOT NULL REFERENCES spree_stores (id),
    user_id                      bigint REFERENCES spree_users (id),
    email                        varchar(255),
    state                        varchar(255) NOT NULL DEFAULT 'cart'
        CHECK (state IN ('cart', 'address', 'delivery', 'payment', 'confirm', 'complete',
                         'canceled', 'returned', 'awaiting_return', 'resumed')),
    item_total                   numeric(10,2) NOT NULL DEFAULT 0.0,
    adjustment_total             numeric(10,2) NOT NULL DEFAULT 0.0,
    promo_total                  numeric(10,2) DEFAULT 0.0,
    shipment_total               numeric(10,2) NOT NULL DEFAULT 0.0,
    additional_tax_total         numeric(10,2) DEFAULT 0.0,
    included_tax_total           numeric(10,2) NOT NULL DEFAULT 0.0,
    total                        numeric(10,2) NOT NULL DEFAULT 0.0,
    payment_total                numeric(10,2) DEFAULT 0.0,
    item_count                   integer DEFAULT 0 CHECK (item_count >= 0),
    currency                     character(3),
    payment_state                varchar(255),
    shipment_state               varchar(255),
    bill_address_id              bigint REFERENCES spree_addresses (id),
    ship_address_id              bigint REFERENCES spree_addresses (id),
    special_instructions         text,
    last_ip_address              inet,
    channel                      varchar(255) DEFAULT 'spree',
    token                        varchar(255),
    considered_risky             boolean NOT NULL DEFAULT false,
    confirmation_delivered       boolean NOT NULL DEFAULT false,
    created_by_id                bigint REFERENCES spree_users (id),
    approver_id                  bigint REFERENCES spree_users (id),
    canceler_id                  bigint REFERENCES spree_users (id),
    completed_at                 timestamp(6) without time zone,
    approved_at                  timestamp(6) without time zone,
    canceled_at                  timestamp(6) without time zone,
    created_at                   timestamp(6) without time zone NOT NULL,
    updated_at                   timestamp(6) without time zone NOT NULL
);
CREATE INDEX index_spree_orders_on_user_id_and_created_by_id ON spree_orders (user_id, created_by_id);
CREATE INDEX index_spree_orders_on_completed_at ON spree_orders (completed_at);
CREATE INDEX index_spree_orders_on_store_id ON spree_orders (store_id);
CREATE INDEX index_spree_orders_on_bill_address_id ON spree_orders (bill_address_id);
CREATE INDEX index_spree_orders_on_ship_address_id ON spree_orders (ship_address_id);
CREATE INDEX index_spree_orders_on_token ON spree_orders (token);
-- Abandoned carts, for the reminder e-mails.
CREATE INDEX index_spree_orders_incomplete ON spree_orders (updated_at) WHERE completed_at IS NULL;
CREATE INDEX index_spree_orders_on_lower_email ON spree_orders (lower(email));
CREATE TRIGGER spree_orders_updated_at BEFORE UPDATE ON spree_orders
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE spree_line_items (
    id                   bigserial PRIMARY KEY,
    order_id             bigint NOT NULL REFERENCES spree_orders (id) ON DELETE CASCADE,
    variant_id           bigint NOT NULL REFERENCES spree_variants (id),
    quantity             integer NOT NULL CHECK (quantity > 0),
    price                numeric(10,2) NOT NULL CHECK (price >= 0),
    cost_price           numeric(10,2),
    currency             character(3),
    tax_category_id      bigint REFERENCES spree_tax_categories (id),
    adjustment_total     numeric(10,2) DEFAULT 0.0,
    additional_tax_total numeric(10,2) DEFAULT 0.0,
    promo_total          numeric(10,2) DEFAULT 0.0,
    included_tax_total   numeric(10,2) NOT NULL DEFAULT 0.0,
    pre_tax_amount       numeric(12,4) NOT NULL DEFAULT 0.0,
    created_at           timestamp(6) without time zone NOT NULL,
    updated_at           timestamp(6) without time zone NOT NULL
);
CREATE INDEX index_spree_line_items_on_order_id ON spree_line_items (order_id);
CREATE INDEX index_spree_line_items_on_variant_id ON spree_line_items (variant_id);

-- Taxes, promotions and shipping charges applied to an order, line item or shipment.
CREATE TABLE spree_adjustments (
    id              bigserial PRIMARY KEY,
    order_id        bigint NOT NULL REFERENCES spree_orders (id) ON DELETE CASCADE,
    adjustable_type varchar(255),
    adjustable_id   bigint NOT NULL,
    source_type     varchar(255),
    source_id       bigint,
    amount          numeric(10,2),
    label           varchar(255),
    mandatory       boolean,
    eligible        boolean DEFAULT true,
    state           varchar(255) CHECK (state IN ('open', 'closed')),
    included        boolean DEFAULT false,
    created_at      timestamp(6) without time zone NOT NULL,
    updated_at      timestamp(6) without time zone NOT NULL
);
CREATE INDEX index_spree_adjustments_on_adjustable ON spree_adjustments (adjustable_id, adjustable_type);
CREATE INDEX index_spree_adjustments_on_order_id ON spree_adjustments (order_id);
CREATE INDEX index_spree_adjustments_on_source ON spree_adjustments (source_id, source_type);
COMMENT ON COLUMN spree_adjustments.amount IS 'Positive for charges, negative for discounts';

CREATE TABLE spree_payment_methods (
    id           bigserial PRIMARY KEY,
    type         varchar(255),
    name         varchar(255),
    description  text,
    active       boolean NOT NULL DEFAULT true,
    display_on   varchar(255) DEFAULT 'both' CHECK (display_on IN ('both', 'front_end', 'back_end')),
    auto_capture boolean,
    preferences  text,
    position     integer DEFAULT 0,
    created_at   timestamp(6) without time zone NOT NULL,
    updated_at   timestamp(6) without time zone NOT NULL,
    deleted_at   timestamp(6) without time zone
);

CREATE TABLE spree_credit_cards (
    id                          bigserial PRIMARY KEY,
    month                       integer CHECK (month BETWEEN 1 AND 12),
    year                        integer,
    cc_type                     varchar(255),
    last_digits                 varchar(4),
    name                        varchar(255),
    address_id                  bigint REFERENCES spree_addresses (id),
    user_id                     bigint REFERENCES spree_users (id),
    payment_method_id           bigint REFERENCES spree_payment_methods (id),
    gateway_customer_profile_id varchar(255),
    gateway_payment_profile_id  varchar(255),
    "default"                   boolean NOT NULL DEFAULT false,
    created_at                  timestamp(6) without time zone NOT NULL,
    updated_at                  timestamp(6) without time zone NOT NULL,
    deleted_at                  timestamp(6) without time zone
);
CREATE INDEX index_spree_credit_cards_on_user_id ON spree_credit_cards (user_id);
COMMENT ON COLUMN spree_credit_cards.year IS 'Expiry year';

CREATE TABLE spree_payments (
    id                     bigserial PRIMARY KEY,
    number                 varchar(255) UNIQUE,
    order_id               bigint NOT NULL REFERENCES spree_orders (id),
    payment_method_id      bigint REFERENCES spree_payment_methods (id),
    source_type            varchar(255),
    source_id              bigint,
    amount                 numeric(10,2) NOT NULL DEFAULT 0.0,
    state                  varchar(255) CHECK (state IN ('checkout', 'processing', 'pending', 'completed',
                                                         'failed', 'void', 'invalid')),
    response_code          varchar(255),
    avs_response           varchar(255),
    cvv_response_code      varchar(255),
    cvv_response_message   varchar(255),
    created_at             timestamp(6) without time zone NOT NULL,
    updated_at             timestamp(6) without time zone NOT NULL
);
CREATE INDEX index_spree_payments_on_order_id ON spree_payments (order_id);
CREATE INDEX index_spree_payments_on_payment_method_id ON spree_payments (payment_method_id);
CREATE INDEX index_spree_payments_on_source ON spree_payments (source_id, source_type);

CREATE TABLE spree_shipping_methods (
    id              bigserial PRIMARY KEY,
    name            varchar(255) NOT NULL,
    admin_name      varchar(255),
    code            varchar(255),
    display_on      varchar(255) NOT NULL DEFAULT 'both',
    tracking_url    varchar(255),
    tax_category_id bigint REFERENCES spree_tax_categories (id),
    created_at      timestamp(6) without time zone NOT NULL,
    updated_at      timestamp(6) without time zone NOT NULL,
    deleted_at      timestamp(6) without time zone
);

CREATE TABLE spree_shipping_method_categories (
    id                   bigserial PRIMARY KEY,
    shipping_method_id   bigint NOT NULL REFERENCES spree_shipping_methods (id) ON DELETE CASCADE,
    shipping_category_id bigint NOT NULL REFERENCES spree_shipping_categories (id) ON DELETE CASCADE,
    created_at           timestamp(6) without time zone NOT NULL,
    updated_at           timestamp(6) without time zone NOT NULL,
    CONSTRAINT unique_spree_shipping_method_categories UNIQUE (shipping_category_id, shipping_method_id)
);

CREATE TABLE spree_shipping_method_zones (
    id                 bigserial PRIMARY KEY,
    shipping_method_id bigint NOT NULL REFERENCES spree_shipping_methods (id) ON DELETE CASCADE,
    zone_id            bigint NOT NULL REFERENCES spree_zones (id) ON DELETE CASCADE,
    created_at         timestamp(6) without time zone,
    updated_at         timestamp(6) without time zone
);

CREATE TABLE spree_shipments (
    id                   bigserial PRIMARY KEY,
    number               varchar(255) UNIQUE,
    order_id             bigint NOT NULL REFERENCES spree_orders (id) ON DELETE CASCADE,
    stock_location_id    bigint REFERENCES spree_stock_locations (id),
    address_id           bigint REFERENCES spree_addresses (id),
    tracking             varchar(255),
    cost                 numeric(10,2) NOT NULL DEFAULT 0.0,
    state                varchar(255) CHECK (state IN ('pending', 'ready', 'shipped', 'canceled')),
    shipped_at           timestamp(6) without time zone,
    adjustment_total     numeric(10,2) DEFAULT 0.0,
    additional_tax_total numeric(10,2) DEFAULT 0.0,
    promo_total          numeric(10,2) DEFAULT 0.0,
    included_tax_total   numeric(10,2) NOT NULL DEFAULT 0.0,
    pre_tax_amount       numeric(12,4) NOT NULL DEFAULT 0.0,
    created_at           timestamp(6) without time zone NOT NULL,
    updated_at           timestamp(6) without time zone NOT NULL
);
CREATE INDEX index_spree_shipments_on_order_id ON spree_shipments (order_id);
CREATE INDEX index_spree_shipments_on_stock_location_id ON spree_shipments (stock_location_id);

CREATE TABLE spree_shipping_rates (
    id                 bigserial PRIMARY KEY,
    shipment_id        bigint NOT NULL REFERENCES spree_shipments (id) ON DELETE CASCADE,
    shipping_method_id bigint NOT NULL REFERENCES spree_shipping_methods (id),
    tax_rate_id        bigint REFERENCES spree_tax_rates (id),
    selected           boolean NOT NULL DEFAULT false,
    cost               numeric(8,2) DEFAULT 0.0,
    created_at         timestamp(6) without time zone NOT NULL,
    updated_at         timestamp(6) without time zone NOT NULL,
    CONSTRAINT spree_shipping_rates_join_index UNIQUE (shipment_id, shipping_method_id)
);
CREATE UNIQUE INDEX index_spree_shipping_rates_one_selected ON spree_shipping_rates (shipment_id) WHERE selected;

CREATE TABLE spree_inventory_units (
    id                       bigserial PRIMARY KEY,
    order_id                 bigint REFERENCES spree_orders (id),
    variant_id               bigint REFERENCES spree_variants (id),
    shipment_id              bigint REFERENCES spree_shipments (id),
    line_item_id             bigint REFERENCES spree_line_items (id),
    state                    varchar(255) CHECK (state IN ('on_hand', 'backordered', 'shipped', 'returned')),
    pending                  boolean DEFAULT true,
    quantity                 integer DEFAULT 1 CHECK (quantity > 0),
    created_at               timestamp(6) without time zone NOT NULL,
    updated_at               timestamp(6) without time zone NOT NULL
);
CREATE INDEX index_inventory_units_on_order_id ON spree_inventory_units (order_id);
CREATE INDEX index_inventory_units_on_shipment_id ON spree_inventory_units (shipment_id);
CREATE INDEX index_inventory_units_on_variant_id ON spree_inventory_units (variant_id);
CREATE INDEX index_spree_inventory_units_on_line_item_id ON spree_inventory_units (line_item_id);

CREATE TABLE spree_state_changes (
    id            bigserial PRIMARY KEY,
    name          varchar(255),
    previous_state varchar(255),
    next_state    varchar(255),
    stateful_type varchar(255),
    stateful_id   bigint,
    user_id       bigint REFERENCES spree_users (id),
    created_at    timestamp(6) without time zone NOT NULL,
    updated_at    timestamp(6) without time zone NOT NULL
);
CREATE INDEX index_spree_state_changes_on_stateful ON spree_state_changes (stateful_id, stateful_type);

------------------------------------------------------------------------------
-- Promotions
------------------------------------------------------------------------------

CREATE TABLE spree_promotion_categories (
    id         bigserial PRIMARY KEY,
    name       varchar(255) NOT NULL,
    code       varchar(255),
    created_at timestamp(6) without time zone NOT NULL,
    updated_at timestamp(6) without time zone NOT NULL
);

CREATE TABLE spree_promotions (
    id                    bigserial PRIMARY KEY,
    name                  varchar(255),
    description           varchar(255),
    code                  varchar(255),
    path                  varchar(255),
    type                  varchar(255),
    match_policy          varchar(255) DEFAULT 'all' CHECK (match_policy IN ('all', 'any')),
    usage_limit           integer CHECK (usage_limit > 0),
    advertise             boolean NOT NULL DEFAULT false,
    starts_at             timestamp(6) without time zone,
    expires_at            timestamp(6) without time zone,
    promotion_category_id bigint REFERENCES spree_promotion_categories (id),
    created_at            timestamp(6) without time zone NOT NULL,
    updated_at            timestamp(6) without time zone NOT NULL,
    CONSTRAINT spree_promotions_period CHECK (expires_at IS NULL OR starts_at IS NULL OR starts_at < expires_at)
);
CREATE UNIQUE INDEX index_spree_promotions_on_lower_code ON spree_promotions (lower(code)) WHERE code IS NOT NULL;
CREATE INDEX index_spree_promotions_on_period ON spree_promotions (starts_at, expires_at);

CREATE TABLE spree_promotion_rules (
    id           bigserial PRIMARY KEY,
    promotion_id bigint NOT NULL REFERENCES spree_promotions (id) ON DELETE CASCADE,
    type         varchar(255),
    code         varchar(255),
    preferences  text,
    created_at   timestamp(6) without time zone NOT NULL,
    updated_at   timestamp(6) without time zone NOT NULL
);
CREATE INDEX index_spree_promotion_rules_on_promotion_id ON spree_promotion_rules (promotion_id);

CREATE TABLE spree_promotion_actions (
    id           bigserial PRIMARY KEY,
    promotion_id bigint NOT NULL REFERENCES spree_promotions (id) ON DELETE CASCADE,
    position     integer,
    type         varchar(255),
    created_at   timestamp(6) without time zone,
    updated_at   timestamp(6) without time zone,
    deleted_at   timestamp(6) without time zone
);

CREATE TABLE spree_order_promotions (
    id           bigserial PRIMARY KEY,
    order_id     bigint NOT NULL REFERENCES spree_orders (id) ON DELETE CASCADE,
    promotion_id bigint NOT NULL REFERENCES spree_promotions (id) ON DELETE CASCADE,
    CONSTRAINT spree_order_promotions_key UNIQUE (promotion_id, order_id)
);

-- The calculator of a tax rate, shipping method or promotion action.
CREATE TABLE spree_calculators (
    id              bigserial PRIMARY KEY,
    type            varchar(255),
    calculable_type varchar(255),
    calculable_id   bigint,
    preferences     text,
    created_at      timestamp(6) without time zone NOT NULL,
    updated_at      timestamp(6) without time zone NOT NULL,
    deleted_at      timestamp(6) without time zone
);
CREATE INDEX index_spree_calculators_on_calculable ON spree_calculators (calculable_id, calculable_type);

------------------------------------------------------------------------------
-- Returns and refunds
------------------------------------------------------------------------------

CREATE TABLE spree_return_authorization_reasons (
    id         bigserial PRIMARY KEY,
    name       varchar(255) NOT NULL UNIQUE,
    active     boolean NOT NULL DEFAULT true,
    mutable    boolean NOT NULL DEFAULT true,
    created_at timestamp(6) without time zone NOT NULL,
    updated_at timestamp(6) without time zone NOT NULL
);

CREATE TABLE spree_return_authorizations (
    id                             bigserial PRIMARY KEY,
    number                         varchar(255) UNIQUE,
    state                          varchar(255) CHECK (state IN ('authorized', 'canceled')),
    order_id                       bigint NOT NULL REFERENCES spree_orders (id),
    memo                           text,
    stock_location_id              bigint REFERENCES spree_stock_locations (id),
    return_authorization_reason_id bigint REFERENCES spree_return_authorization_reasons (id),
    created_at                     timestamp(6) without time zone NOT NULL,
    updated_at                     timestamp(6) without time zone NOT NULL
);
CREATE INDEX index_spree_return_authorizations_on_order_id ON spree_return_authorizations (order_id);

CREATE TABLE spree_return_items (
    id                      bigserial PRIMARY KEY,
    return_authorization_id bigint NOT NULL REFERENCES spree_return_authorizations (id) ON DELETE CASCADE,
    inventory_unit_id       bigint NOT NULL REFERENCES spree_inventory_units (id),
    exchange_variant_id     bigint REFERENCES spree_variants (id),
    pre_tax_amount          numeric(12,4) NOT NULL DEFAULT 0.0,
    included_tax_total      numeric(12,4) NOT NULL DEFAULT 0.0,
    additional_tax_total    numeric(12,4) NOT NULL DEFAULT 0.0,
    reception_status        varchar(255),
    acceptance_status       varchar(255),
    resellable              boolean NOT NULL DEFAULT true,
    created_at              timestamp(6) without time zone NOT NULL,
    updated_at              timestamp(6) without time zone NOT NULL
);
CREATE INDEX index_spree_return_items_on_return_authorization_id ON spree_return_items (return_authorization_id);

CREATE TABLE spree_refund_reasons (
    id         bigserial PRIMARY KEY,
    name       varchar(255) NOT NULL UNIQUE,
    active     boolean NOT NULL DEFAULT true,
    mutable    boolean NOT NULL DEFAULT true,
    created_at timestamp(6) without time zone NOT NULL,
    updated_at timestamp(6) without time zone NOT NULL
);

CREATE TABLE spree_refunds (
    id               bigserial PRIMARY KEY,
    payment_id       bigint NOT NULL REFERENCES spree_payments (id),
    refund_reason_id bigint REFERENCES spree_refund_reasons (id),
    amount           numeric(10,2) NOT NULL DEFAULT 0.0 CHECK (amount > 0),
    transaction_id   varchar(255),
    created_at       timestamp(6) without time zone NOT NULL,
    updated_at       timestamp(6) without time zone NOT NULL
);
CREATE INDEX index_spree_refunds_on_payment_id ON spree_refunds (payment_id);

------------------------------------------------------------------------------
-- Reporting
------------------------------------------------------------------------------

CREATE VIEW spree_completed_orders AS
SELECT o.id, o.number, o.store_id, o.user_id, o.email, o.total, o.item_count,
       o.completed_at, a.city AS ship_city, c.iso AS ship_country
  FROM spree_orders o
  LEFT JOIN spree_addresses a ON a.id = o.ship_address_id
  LEFT JOIN spree_countries c ON c.id = a.country_id
 WHERE o.completed_at IS NOT NULL AND o.state = 'complete';

CREATE MATERIALIZED VIEW spree_monthly_product_sales AS
SELECT v.product_id, date_trunc('month', o.completed_at) AS month,
       sum(li.quantity) AS units, sum(li.quantity * li.price) AS revenue
  FROM spree_line_items li
  JOIN spree_orders o ON o.id = li.order_id
  JOIN spree_variants v ON v.id = li.variant_id
 WHERE o.completed_at IS NOT NULL
 GROUP BY v.product_id, date_trunc('month', o.completed_at)
WITH NO DATA;
CREATE UNIQUE INDEX spree_monthly_product_sales_key ON spree_monthly_product_sales (product_id, month);

CREATE FUNCTION spree_order_balance(p_order_id bigint) RETURNS numeric
LANGUAGE sql STABLE AS $$
    SELECT o.total - coalesce((SELECT sum(p.amount) FROM spree_payments p
                                WHERE p.order_id = o.id AND p.state = 'completed'), 0)
      FROM spree_orders o WHERE o.id = p_order_id
$$;

COMMENT ON TABLE spree_orders IS 'Carts and orders: an order is a cart until completed_at is set';
COMMENT ON COLUMN spree_orders.number IS 'Public order number, R followed by nine digits';
COMMENT ON TABLE spree_variants IS 'Sellable variants of a product; every product has one master variant';
COMMENT ON COLUMN spree_products.search_vector IS 'Full-text vector of name, description and keywords (trigger)';
