package dev.pghop.scenario;

import java.util.HexFormat;

import dev.pghop.testing.SqlServer;

/**
 * The cluster of the blog post that pghop replaces a script for, built on the old server: three databases (one with
 * a dash in its name), login roles in a group role, per-role and per-database settings, an extension, a large
 * object, sequences, a partitioned table, non-ASCII text, a view, a function, comments and grants. A few thousand
 * rows, so a dump and a load take seconds. Plain Java (no JUnit), so a demo program can build it too.
 */
public final class SampleCluster {
    /** The application role's password; stored md5-hashed when the old server's password_encryption is md5. */
    public static final String APP_PASSWORD = "app-Secr3t-ffd1";
    public static final String REPORTER_PASSWORD = "rep-Secr3t-a9c0";
    public static final String NON_ASCII_NAME = "naïve café 日本語 🐘";
    /** Row 501 of app_schema.customers in database app holds {@link #NON_ASCII_NAME}. */
    public static final int NON_ASCII_CUSTOMER_ID = 501;
    public static final long LARGE_OBJECT_OID = 424242;
    /** app_schema.invoice_number_seq was advanced to this value (is_called), so the next invoice is one more. */
    public static final long INVOICE_NUMBER = 4242;
    /** A table in the maintenance database postgres, which pg_dumpall dumps without creating the database. */
    public static final String POSTGRES_DB_TABLE = "site_settings";

    private SampleCluster() {
    }

    /** Builds everything on {@code old}, logged in as its superuser. */
    public static void fill(SqlServer old) {
        rolesAndDatabases(old);
        appDatabase(old);
        myAppDatabase(old);
        reportsDatabase(old);
        old.execute("postgres",
                "CREATE TABLE public." + POSTGRES_DB_TABLE + " (name text PRIMARY KEY, value text NOT NULL)",
                "INSERT INTO public." + POSTGRES_DB_TABLE + " VALUES ('maintenance', 'off'), ('theme', 'dark')");
    }

    private static void rolesAndDatabases(SqlServer old) {
        old.execute("postgres",
                "CREATE ROLE app_readers NOLOGIN",
                "COMMENT ON ROLE app_readers IS 'read-only access to the application data'",
                "CREATE ROLE app LOGIN CREATEDB CONNECTION LIMIT 20 PASSWORD '" + APP_PASSWORD + "'",
                "CREATE ROLE reporter LOGIN NOINHERIT PASSWORD '" + REPORTER_PASSWORD + "'",
                "CREATE ROLE ops LOGIN CREATEROLE REPLICATION BYPASSRLS",
                "GRANT app_readers TO reporter",
                "GRANT app_readers TO app WITH ADMIN OPTION",
                "ALTER ROLE app SET work_mem = '8MB'",
                "CREATE DATABASE app OWNER app",
                "CREATE DATABASE \"my-app\" OWNER app",
                "CREATE DATABASE reports OWNER reporter CONNECTION LIMIT 5",
                "ALTER ROLE reporter IN DATABASE reports SET statement_timeout = '30s'",
                "ALTER DATABASE app SET search_path = app_schema, public",
                "ALTER DATABASE reports SET timezone = 'Europe/Berlin'",
                "COMMENT ON DATABASE app IS 'the application''s data'",
                "REVOKE CONNECT ON DATABASE reports FROM PUBLIC",
                "GRANT CONNECT ON DATABASE reports TO app_readers");
    }

    private static void appDatabase(SqlServer old) {
        old.execute("app",
                "CREATE SCHEMA app_schema AUTHORIZATION app",
                "SET ROLE app",
                "CREATE TABLE app_schema.customers (id serial PRIMARY KEY, name text NOT NULL, note text)",
                "INSERT INTO app_schema.customers (name, note) SELECT 'customer ' || g,"
                        + " CASE WHEN g % 7 = 0 THEN NULL ELSE 'note ' || g END FROM generate_series(1, 500) g",
                "INSERT INTO app_schema.customers (name, note) VALUES ('" + NON_ASCII_NAME + "', 'non-ASCII')",
                "CREATE TABLE app_schema.orders (id bigserial PRIMARY KEY,"
                        + " customer_id int NOT NULL REFERENCES app_schema.customers, amount numeric(10,2) NOT NULL,"
                        + " ordered_at timestamptz NOT NULL)",
                "INSERT INTO app_schema.orders (customer_id, amount, ordered_at) SELECT 1 + g % 500,"
                        + " (g % 997) / 3.0, timestamptz '2024-01-01 00:00:00+00' + g * interval '1 hour'"
                        + " FROM generate_series(1, 2000) g",
                "CREATE SEQUENCE app_schema.invoice_number_seq START 1000",
                "SELECT setval('app_schema.invoice_number_seq', " + INVOICE_NUMBER + ")",
                "CREATE TABLE app_schema.measurements (city_id int NOT NULL, logdate date NOT NULL, peak_temp int)"
                        + " PARTITION BY RANGE (logdate)",
                "CREATE TABLE app_schema.measurements_2024 PARTITION OF app_schema.measurements"
                        + " FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
                "CREATE TABLE app_schema.measurements_2025 PARTITION OF app_schema.measurements"
                        + " FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
                "INSERT INTO app_schema.measurements SELECT g % 10, date '2024-07-01' + g, (g * 7) % 40"
                        + " FROM generate_series(0, 399) g",
                "CREATE VIEW app_schema.customer_totals AS SELECT c.id, c.name, sum(o.amount) AS total"
                        + " FROM app_schema.customers c JOIN app_schema.orders o ON o.customer_id = c.id"
                        + " GROUP BY c.id, c.name",
                "CREATE FUNCTION app_schema.customer_total(p_customer int) RETURNS numeric LANGUAGE sql STABLE"
                        + " AS $$ SELECT coalesce(sum(amount), 0) FROM app_schema.orders"
                        + " WHERE customer_id = p_customer $$",
                "COMMENT ON TABLE app_schema.customers IS 'who buys'",
                "COMMENT ON COLUMN app_schema.orders.amount IS 'in euros, VAT included'",
                "COMMENT ON FUNCTION app_schema.customer_total(int) IS 'sum of a customer''s orders'",
                "GRANT USAGE ON SCHEMA app_schema TO app_readers",
                "GRANT SELECT ON ALL TABLES IN SCHEMA app_schema TO app_readers",
                "GRANT USAGE ON SEQUENCE app_schema.invoice_number_seq TO app_readers",
                "SELECT lo_from_bytea(" + LARGE_OBJECT_OID + ", decode('" + HexFormat.of().formatHex(largeObject())
                        + "', 'hex'))",
                "COMMENT ON LARGE OBJECT " + LARGE_OBJECT_OID + " IS 'the company logo'",
                "RESET ROLE");
    }

    private static void myAppDatabase(SqlServer old) {
        old.execute("my-app",
                "CREATE EXTENSION hstore",
                "SET ROLE app",
                "CREATE TABLE public.profiles (id int PRIMARY KEY, attrs hstore NOT NULL)",
                "INSERT INTO public.profiles SELECT g, hstore(ARRAY['plan', 'seats'],"
                        + " ARRAY[CASE WHEN g % 2 = 0 THEN 'pro' ELSE 'free' END, g::text])"
                        + " FROM generate_series(1, 300) g",
                "INSERT INTO public.profiles VALUES (1000, 'city=>\"Zürich\", mascot=>\"🐘\"')",
                "GRANT SELECT ON public.profiles TO app_readers",
                "RESET ROLE");
    }

    private static void reportsDatabase(SqlServer old) {
        old.execute("reports",
                // From PostgreSQL 15 on, PUBLIC may not create in public; reporter (NOINHERIT) is given it itself.
                "GRANT CREATE ON SCHEMA public TO reporter",
                "SET ROLE reporter",
                "CREATE TABLE public.daily_visits (day date PRIMARY KEY, visits int NOT NULL)",
                "INSERT INTO public.daily_visits SELECT date '2023-01-01' + g, (g * 37) % 1000"
                        + " FROM generate_series(0, 999) g",
                "COMMENT ON TABLE public.daily_visits IS 'visits per day, from the web logs'",
                "RESET ROLE");
    }

    /** The large object's content: every byte value, then a text tail. */
    public static byte[] largeObject() {
        byte[] tail = " <- every byte value; pghop large object".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bytes = new byte[256 + tail.length];
        for (int i = 0; i < 256; i++) {
            bytes[i] = (byte) i;
        }
        System.arraycopy(tail, 0, bytes, 256, tail.length);
        return bytes;
    }
}
