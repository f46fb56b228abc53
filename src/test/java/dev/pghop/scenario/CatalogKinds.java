package dev.pghop.scenario;

import java.util.List;

import dev.pghop.testing.PgServer;

/**
 * The catalog's object kinds beyond the sample cluster's tables, so that each catalog query of verify meets at least
 * one on the old server (a PostgreSQL 12: what it cannot make is planted on the new server only), and one change per
 * kind to plant on the new server after the hop, with what verify must report. The objects are made by the old
 * server's bootstrap superuser, admin, who owns them on both servers.
 */
final class CatalogKinds {
    static final String MAPPING_PASSWORD = "Mapping-secret-42";
    static final String OTHER_MAPPING_PASSWORD = "Other-mapping-secret-17";
    static final String FEED_PASSWORD = "Feed-secret-71";
    static final String OTHER_FEED_PASSWORD = "Other-feed-secret-93";
    /** A publisher nobody listens at: the subscription never connects, and pg_dump makes it with connect = false. */
    private static final String FEED = "host=127.0.0.1 port=" + UnusedPort.find() + " dbname=app user=feeder password=";
    private static final String APP = "app";
    private static final String POSTGRES = "postgres";
    private static final String KINDS = "table app_schema.kinds";
    private static final String CREATE_PUBLICATION = "CREATE PUBLICATION app_orders FOR TABLE app_schema.orders"
            + " WITH (publish = 'insert, update')";

    /** One difference planted on the new server, how to take it back, and what verify reports of it. */
    record Planted(String name, int sinceMajor, String database, String change, List<String> undo,
            VerifyIT.Found found) {
        @Override
        public String toString() {
            return name;
        }
    }

    private CatalogKinds() {
    }

    /** Makes the objects in the old server's database app, after the sample cluster and verify's own kinds. */
    static void fill(PgServer old) {
        old.execute(APP,
                "ALTER TABLE app_schema.kinds SET (fillfactor = 70)",
                "ALTER TABLE app_schema.kinds REPLICA IDENTITY FULL",
                "ALTER TABLE app_schema.kinds ALTER COLUMN f SET STATISTICS 500",
                "ALTER TABLE app_schema.kinds ALTER COLUMN b SET STORAGE EXTERNAL",
                "ALTER TABLE app_schema.kinds ALTER COLUMN iv SET (n_distinct = 5)",
                "CREATE INDEX kinds_twice_f ON app_schema.kinds ((f * 2))",
                "ALTER INDEX app_schema.kinds_twice_f ALTER COLUMN 1 SET STATISTICS 300",
                "CREATE STATISTICS app_schema.kinds_dependencies (dependencies) ON id, p FROM app_schema.kinds",
                "CREATE TYPE app_schema.pair AS (x int, y int)",
                "CREATE TABLE app_schema.pairs OF app_schema.pair",
                "CREATE RULE scratch_kept AS ON DELETE TO app_schema.scratch DO INSTEAD NOTHING",
                "CREATE FUNCTION app_schema.on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$",
                "CREATE EVENT TRIGGER app_ddl ON ddl_command_end WHEN TAG IN ('CREATE TABLE')"
                        + " EXECUTE FUNCTION app_schema.on_ddl()",
                CREATE_PUBLICATION,
                "CREATE SUBSCRIPTION app_feed CONNECTION '" + FEED + FEED_PASSWORD + "' PUBLICATION app_orders"
                        + " WITH (connect = false)",
                "ALTER SUBSCRIPTION app_feed ENABLE",
                "CREATE FOREIGN DATA WRAPPER app_wrapper",
                "CREATE SERVER app_remote FOREIGN DATA WRAPPER app_wrapper"
                        + " OPTIONS (host 'remote.example', dbname 'app')",
                "CREATE USER MAPPING FOR app SERVER app_remote OPTIONS (user 'remote_app', password '"
                        + MAPPING_PASSWORD + "')",
                "CREATE FOREIGN TABLE app_schema.remote_orders (id int OPTIONS (column_name 'order_id'),"
                        + " amount numeric) SERVER app_remote OPTIONS (table_name 'orders')",
                "CREATE TEXT SEARCH DICTIONARY app_schema.app_simple (TEMPLATE = simple, STOPWORDS = english)",
                "CREATE TEXT SEARCH CONFIGURATION app_schema.app_english (COPY = english)",
                "ALTER TEXT SEARCH CONFIGURATION app_schema.app_english ALTER MAPPING FOR word"
                        + " WITH app_schema.app_simple, english_stem",
                "CREATE TYPE app_schema.celsius AS (degrees numeric)",
                "CREATE TYPE app_schema.fahrenheit AS (degrees numeric)",
                "CREATE FUNCTION app_schema.to_fahrenheit(app_schema.celsius) RETURNS app_schema.fahrenheit"
                        + " LANGUAGE sql IMMUTABLE AS $$ SELECT ROW($1.degrees * 9 / 5 + 32)::app_schema.fahrenheit $$",
                createCast(),
                "CREATE FUNCTION app_schema.int_eq(int, int) RETURNS bool LANGUAGE sql IMMUTABLE"
                        + " AS $$ SELECT $1 = $2 $$",
                "CREATE OPERATOR app_schema.=== (LEFTARG = int, RIGHTARG = int, FUNCTION = app_schema.int_eq,"
                        + " COMMUTATOR = OPERATOR(app_schema.===))",
                "CREATE OPERATOR FAMILY app_schema.int_family USING btree",
                "CREATE OPERATOR CLASS app_schema.int_reverse FOR TYPE int USING btree FAMILY app_schema.int_family AS"
                        + " OPERATOR 1 >, OPERATOR 2 >=, OPERATOR 3 app_schema.===, OPERATOR 4 <=, OPERATOR 5 <,"
                        + " FUNCTION 1 btint4cmp(int, int)",
                "ALTER OPERATOR FAMILY app_schema.int_family USING btree ADD OPERATOR 1 < (int, bigint),"
                        + " FUNCTION 1 (int, bigint) btint48cmp(int, bigint)",
                "CREATE COLLATION app_schema.plain (provider = libc, locale = 'C')",
                "CREATE CONVERSION app_schema.latin_to_utf8 FOR 'LATIN1' TO 'UTF8' FROM iso8859_1_to_utf8",
                "CREATE ACCESS METHOD app_heap TYPE TABLE HANDLER heap_tableam_handler",
                "CREATE TABLE app_schema.on_app_heap (a int) USING app_heap",
                "INSERT INTO app_schema.on_app_heap VALUES (1)",
                "CREATE FUNCTION app_schema.plx_handler() RETURNS language_handler LANGUAGE c"
                        + " AS '$libdir/plpgsql', 'plpgsql_call_handler'",
                "CREATE TRUSTED LANGUAGE plx HANDLER app_schema.plx_handler",
                "CREATE FUNCTION app_schema.pair_from_sql(internal) RETURNS internal LANGUAGE internal IMMUTABLE"
                        + " AS 'int4recv'",
                "CREATE FUNCTION app_schema.pair_to_sql(internal) RETURNS app_schema.pair LANGUAGE internal IMMUTABLE"
                        + " AS 'int4recv'",
                createTransform());
    }

    /** One change per kind that verify compares, each reported as one difference. */
    static List<Planted> planted() {
        return List.of(
                new Planted("replica identity back to the default", 0, APP,
                        "ALTER TABLE app_schema.kinds REPLICA IDENTITY DEFAULT",
                        List.of("ALTER TABLE app_schema.kinds REPLICA IDENTITY FULL"),
                        found(KINDS, "replica identity", "full", "default")),
                new Planted("a dropped publication", 0, APP, "DROP PUBLICATION app_orders",
                        List.of(CREATE_PUBLICATION, "ALTER PUBLICATION app_orders OWNER TO admin"),
                        found("publication app_orders", "exists", "yes", "no")),
                new Planted("a column's statistics target reset", 0, APP,
                        "ALTER TABLE app_schema.kinds ALTER COLUMN f SET STATISTICS -1",
                        List.of("ALTER TABLE app_schema.kinds ALTER COLUMN f SET STATISTICS 500"),
                        found(KINDS, "column statistics targets", "f 500", "(none)")),
                new Planted("a membership's INHERIT option", 16, POSTGRES,
                        "GRANT app_readers TO app WITH INHERIT FALSE",
                        List.of("GRANT app_readers TO app WITH INHERIT TRUE"),
                        new VerifyIT.Found(null, "member app of app_readers", "inherit option", "true", "false")),
                new Planted("a membership's SET option", 16, POSTGRES, "GRANT app_readers TO app WITH SET FALSE",
                        List.of("GRANT app_readers TO app WITH SET TRUE"),
                        new VerifyIT.Found(null, "member app of app_readers", "set option", "true", "false")),
                new Planted("a privilege on a parameter", 15, POSTGRES, "GRANT SET ON PARAMETER work_mem TO app",
                        List.of("REVOKE SET ON PARAMETER work_mem FROM app"),
                        new VerifyIT.Found(null, "parameter work_mem", "exists", "no", "yes")),
                new Planted("a column's compression", 14, APP,
                        "ALTER TABLE app_schema.kinds ALTER COLUMN b SET COMPRESSION pglz",
                        List.of("ALTER TABLE app_schema.kinds ALTER COLUMN b SET COMPRESSION default"),
                        found(KINDS, "column compression", "(none)", "b pglz")),
                new Planted("a column's storage", 0, APP,
                        "ALTER TABLE app_schema.kinds ALTER COLUMN b SET STORAGE MAIN",
                        List.of("ALTER TABLE app_schema.kinds ALTER COLUMN b SET STORAGE EXTERNAL"),
                        found(KINDS, "column storage", "b external", "b main")),
                new Planted("a column's options", 0, APP,
                        "ALTER TABLE app_schema.kinds ALTER COLUMN iv RESET (n_distinct)",
                        List.of("ALTER TABLE app_schema.kinds ALTER COLUMN iv SET (n_distinct = 5)"),
                        found(KINDS, "column options", "iv {n_distinct=5}", "(none)")),
                new Planted("a table's access method", 15, APP,
                        "ALTER TABLE app_schema.scratch SET ACCESS METHOD app_heap",
                        List.of("ALTER TABLE app_schema.scratch SET ACCESS METHOD heap"),
                        found("table app_schema.scratch", "access method", "heap", "app_heap")),
                new Planted("a typed table made plain", 0, APP, "ALTER TABLE app_schema.pairs NOT OF",
                        List.of("ALTER TABLE app_schema.pairs OF app_schema.pair"),
                        found("table app_schema.pairs", "typed table of", "app_schema.pair", "(none)")),
                new Planted("an index column's statistics target reset", 0, APP,
                        "ALTER INDEX app_schema.kinds_twice_f ALTER COLUMN 1 SET STATISTICS -1",
                        List.of("ALTER INDEX app_schema.kinds_twice_f ALTER COLUMN 1 SET STATISTICS 300"),
                        found("index app_schema.kinds_twice_f", "column statistics targets", "column 1 300", "(none)")),
                new Planted("an extended statistics target", 13, APP,
                        "ALTER STATISTICS app_schema.kinds_dependencies SET STATISTICS 50",
                        List.of("ALTER STATISTICS app_schema.kinds_dependencies SET STATISTICS -1"),
                        found("statistics app_schema.kinds_dependencies", "statistics target", "(none)", "50")),
                new Planted("a disabled rule", 0, APP, "ALTER TABLE app_schema.scratch DISABLE RULE scratch_kept",
                        List.of("ALTER TABLE app_schema.scratch ENABLE RULE scratch_kept"),
                        found("rule scratch_kept on app_schema.scratch", "enabled", "enabled", "disabled")),
                new Planted("a disabled event trigger", 0, APP, "ALTER EVENT TRIGGER app_ddl DISABLE",
                        List.of("ALTER EVENT TRIGGER app_ddl ENABLE"),
                        found("event trigger app_ddl", "enabled", "enabled", "disabled")),
                new Planted("a table added to a publication", 0, APP,
                        "ALTER PUBLICATION app_orders ADD TABLE app_schema.customers",
                        List.of("ALTER PUBLICATION app_orders DROP TABLE app_schema.customers"),
                        found("publication app_orders", "tables", "app_schema.orders",
                                "app_schema.customers, app_schema.orders")),
                new Planted("a subscription's option", 0, APP,
                        "ALTER SUBSCRIPTION app_feed SET (synchronous_commit = 'on')",
                        List.of("ALTER SUBSCRIPTION app_feed SET (synchronous_commit = 'off')"),
                        found("subscription app_feed", "synchronous commit", "off", "on")),
                new Planted("a subscription's connection password", 0, APP,
                        "ALTER SUBSCRIPTION app_feed CONNECTION '" + FEED + OTHER_FEED_PASSWORD + "'",
                        List.of("ALTER SUBSCRIPTION app_feed CONNECTION '" + FEED + FEED_PASSWORD + "'"),
                        found("subscription app_feed", "connection fingerprint", null, null)),
                new Planted("a user mapping's password", 0, APP, "ALTER USER MAPPING FOR app SERVER app_remote"
                        + " OPTIONS (SET password '" + OTHER_MAPPING_PASSWORD + "')",
                        List.of("ALTER USER MAPPING FOR app SERVER app_remote OPTIONS (SET password '"
                                + MAPPING_PASSWORD + "')"),
                        found("user mapping for app on server app_remote", "options", null, null)),
                new Planted("a foreign server's option", 0, APP,
                        "ALTER SERVER app_remote OPTIONS (SET host 'elsewhere')",
                        List.of("ALTER SERVER app_remote OPTIONS (SET host 'remote.example')"),
                        found("server app_remote", "options", null, null)),
                new Planted("a foreign data wrapper's option", 0, APP,
                        "ALTER FOREIGN DATA WRAPPER app_wrapper OPTIONS (ADD debug 'true')",
                        List.of("ALTER FOREIGN DATA WRAPPER app_wrapper OPTIONS (DROP debug)"),
                        found("foreign data wrapper app_wrapper", "options", "(none)", null)),
                new Planted("a foreign table's option", 0, APP,
                        "ALTER FOREIGN TABLE app_schema.remote_orders OPTIONS (SET table_name 'old_orders')",
                        List.of("ALTER FOREIGN TABLE app_schema.remote_orders OPTIONS (SET table_name 'orders')"),
                        found("foreign table app_schema.remote_orders", "foreign options", "{table_name=orders}",
                                "{table_name=old_orders}")),
                new Planted("a foreign column's option", 0, APP,
                        "ALTER FOREIGN TABLE app_schema.remote_orders ALTER COLUMN id OPTIONS (SET column_name 'id')",
                        List.of("ALTER FOREIGN TABLE app_schema.remote_orders ALTER COLUMN id"
                                + " OPTIONS (SET column_name 'order_id')"),
                        found("foreign table app_schema.remote_orders", "column FDW options",
                                "id {column_name=order_id}", "id {column_name=id}")),
                new Planted("a text search configuration's mapping", 0, APP,
                        "ALTER TEXT SEARCH CONFIGURATION app_schema.app_english DROP MAPPING FOR url",
                        List.of("ALTER TEXT SEARCH CONFIGURATION app_schema.app_english"
                                + " ADD MAPPING FOR url WITH simple"),
                        found("text search configuration app_schema.app_english", "mapping", null, null)),
                new Planted("a text search dictionary's options", 0, APP,
                        "ALTER TEXT SEARCH DICTIONARY app_schema.app_simple (ACCEPT = false)",
                        List.of("ALTER TEXT SEARCH DICTIONARY app_schema.app_simple (ACCEPT)"),
                        found("text search dictionary app_schema.app_simple", "options", null, null)),
                new Planted("a dropped cast", 0, APP, "DROP CAST (app_schema.celsius AS app_schema.fahrenheit)",
                        List.of(createCast()),
                        found("cast (app_schema.celsius AS app_schema.fahrenheit)", "exists", "yes", "no")),
                new Planted("an operator's restriction estimator", 0, APP,
                        "ALTER OPERATOR app_schema.=== (int, int) SET (RESTRICT = eqsel)",
                        List.of("ALTER OPERATOR app_schema.=== (int, int) SET (RESTRICT = NONE)"),
                        found("operator app_schema.===(integer, integer)", "restrict", "(none)", null)),
                new Planted("an operator family's support function", 0, APP,
                        "ALTER OPERATOR FAMILY app_schema.int_family USING btree DROP FUNCTION 1 (int, bigint)",
                        List.of("ALTER OPERATOR FAMILY app_schema.int_family USING btree"
                                + " ADD FUNCTION 1 (int, bigint) btint48cmp(int, bigint)"),
                        found("operator family app_schema.int_family using btree", "support functions", null, null)),
                owner("an operator class's owner", "OPERATOR CLASS app_schema.int_reverse USING btree",
                        "operator class app_schema.int_reverse using btree"),
                owner("a collation's owner", "COLLATION app_schema.plain", "collation app_schema.plain"),
                owner("a conversion's owner", "CONVERSION app_schema.latin_to_utf8",
                        "conversion app_schema.latin_to_utf8"),
                new Planted("a language's privileges", 0, APP, "GRANT USAGE ON LANGUAGE plx TO app",
                        List.of("REVOKE USAGE ON LANGUAGE plx FROM app"),
                        found("language plx", "privileges", "{=U/admin,admin=U/admin}", null)),
                new Planted("a dropped transform", 0, APP, "DROP TRANSFORM FOR app_schema.pair LANGUAGE plx",
                        List.of(createTransform()),
                        found("transform for app_schema.pair language plx", "exists", "yes", "no")),
                new Planted("an access method more", 0, APP,
                        "CREATE ACCESS METHOD app_heap2 TYPE TABLE HANDLER heap_tableam_handler",
                        List.of("DROP ACCESS METHOD app_heap2"),
                        found("access method app_heap2", "exists", "no", "yes")),
                new Planted("revoked default privileges", 0, APP,
                        "ALTER DEFAULT PRIVILEGES FOR ROLE admin IN SCHEMA app_schema"
                                + " REVOKE SELECT ON TABLES FROM app_readers",
                        List.of("ALTER DEFAULT PRIVILEGES FOR ROLE admin IN SCHEMA app_schema"
                                + " GRANT SELECT ON TABLES TO app_readers"),
                        found("default privileges of admin in schema app_schema on tables", "exists", "yes", "no")),
                new Planted("a role's setting in one database", 0, POSTGRES,
                        "ALTER ROLE reporter IN DATABASE reports RESET statement_timeout",
                        List.of("ALTER ROLE reporter IN DATABASE reports SET statement_timeout = '30s'"),
                        new VerifyIT.Found(null, "role reporter in database reports", "exists", "yes", "no")));
    }

    private static String createCast() {
        return "CREATE CAST (app_schema.celsius AS app_schema.fahrenheit)"
                + " WITH FUNCTION app_schema.to_fahrenheit(app_schema.celsius) AS ASSIGNMENT";
    }

    private static String createTransform() {
        return "CREATE TRANSFORM FOR app_schema.pair LANGUAGE plx (FROM SQL WITH FUNCTION"
                + " app_schema.pair_from_sql(internal), TO SQL WITH FUNCTION app_schema.pair_to_sql(internal))";
    }

    /** An object of database app handed from admin, who made it, to app. */
    private static Planted owner(String name, String object, String reported) {
        return new Planted(name, 0, APP, "ALTER " + object + " OWNER TO app",
                List.of("ALTER " + object + " OWNER TO admin"), found(reported, "owner", "admin", "app"));
    }

    private static VerifyIT.Found found(String object, String what, String old, String fresh) {
        return new VerifyIT.Found(APP, object, what, old, fresh);
    }
}
