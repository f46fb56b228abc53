-- A little cluster for the trial: an application role with an md5 password, its database, a table, a grant.
CREATE ROLE shop LOGIN PASSWORD 'shop-app-pass';
CREATE ROLE shop_readers NOLOGIN;
GRANT shop_readers TO shop;
CREATE DATABASE shop OWNER shop;
\connect shop
SET ROLE shop;
CREATE TABLE orders (id bigserial PRIMARY KEY, item text NOT NULL, placed_at timestamptz NOT NULL DEFAULT now());
INSERT INTO orders (item) SELECT 'item ' || g FROM generate_series(1, 1000) g;
GRANT SELECT ON orders TO shop_readers;
