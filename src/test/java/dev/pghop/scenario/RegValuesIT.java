package dev.pghop.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.pghop.testing.PgServer;
import dev.pghop.testing.PgServers;

/**
 * Columns of the reg* types (regclass, regconfig, regproc, ...) hold object identifiers, which a new cluster does
 * not keep: `migrate` must carry them by name, as pg_dump does, both in a table of built-in types only (which it
 * would otherwise copy in COPY's binary form, where such a value is the bare OID) and in a table copied as text,
 * whose names must not depend on the search_path of the copying sessions.
 */
class RegValuesIT {
    private static final String OLD_PASSWORD = "reg-0ld";
    private static final String NEW_PASSWORD = "reg-n3w";
    /** Enough rows that each table is over the size from which migrate gives a table a pipe of its own. */
    private static final int ROWS = 70_000;
    private static final String REG_COLUMNS = "c regclass, cfg regconfig, d regdictionary, n regnamespace,"
            + " o regoper, op regoperator, p regproc, pp regprocedure, r regrole, t regtype, cs regclass[]";
    private static final String REG_VALUES = "'s.target_table', 'english', 'simple', 's', '||/',"
            + " '+(integer,integer)', 'now', 's.f(integer)', 'app_role', 's.mood',"
            + " ARRAY['s.target_table'::regclass, 'pg_catalog.pg_class'::regclass]";
    private static final List<String> COLUMNS = List.of("c", "cfg", "d", "n", "o", "op", "p", "pp", "r", "t", "cs");

    @RegisterExtension
    static PgServers servers = new PgServers();

    @Test
    void regValuesArriveByNameInBinaryAndTextCopies() {
        PgServer old = servers.start(BlogSetup.oldServer(OLD_PASSWORD));
        PgServer target = servers.start(BlogSetup.newServer(NEW_PASSWORD));
        old.execute("postgres", "CREATE ROLE app_role", "CREATE DATABASE regs");
        old.execute("regs", "CREATE SCHEMA s",
                "CREATE TABLE s.target_table (a int)",
                // A table of the same name in public: a name read without its schema would find this one.
                "CREATE TABLE public.target_table (a int)",
                "CREATE FUNCTION s.f(integer) RETURNS integer LANGUAGE sql AS 'SELECT $1'",
                "CREATE TYPE s.mood AS ENUM ('sad', 'ok')",
                // Every column of a built-in type: copied in COPY's binary form unless reg* columns forbid it.
                "CREATE TABLE s.builtin (id int PRIMARY KEY, " + REG_COLUMNS + ", pad text)",
                "INSERT INTO s.builtin SELECT g, " + REG_VALUES + ", repeat('x', 100)"
                        + " FROM generate_series(1, " + ROWS + ") g",
                // A column of a type of its own: copied as text, where names follow the session's search_path.
                "CREATE TABLE s.mixed (id int PRIMARY KEY, m s.mood, " + REG_COLUMNS + ", pad text)",
                "INSERT INTO s.mixed SELECT g, 'ok', " + REG_VALUES + ", repeat('x', 100)"
                        + " FROM generate_series(1, " + ROWS + ") g");
        // The old server's login reads with s first in its search_path: a regclass then prints without its schema.
        old.execute("postgres", "ALTER ROLE " + old.superuser() + " IN DATABASE regs SET search_path = s, public");

        Pghop.withArgs("migrate").source(old).target(target).env("JOBS", "2").run().exits(0)
                .says("table s.builtin", "table s.mixed");
        // Both sides print names relative to the same search_path from here on.
        for (PgServer server : List.of(old, target)) {
            server.execute("postgres", "ALTER ROLE " + old.superuser() + " IN DATABASE regs RESET search_path");
        }

        for (String table : List.of("s.builtin", "s.mixed")) {
            for (String column : COLUMNS) {
                String values = "SELECT string_agg(DISTINCT " + column + "::text, ' | ') FROM " + table;
                assertThat(target.value("regs", values)).as("%s.%s on the new server", table, column)
                        .isEqualTo(old.value("regs", values));
            }
            assertThat(target.value("regs", "SELECT count(*) FROM " + table)).isEqualTo(String.valueOf(ROWS));
            assertThat(target.value("regs", "SELECT DISTINCT to_tsvector(cfg, 'the cats')::text FROM " + table))
                    .as("a text search configuration the new server can use").isEqualTo("'cat':2");
        }
        Pghop.withArgs("verify").source(old).target(target).run().exits(0).says("RESULT: EQUAL");
    }
}
