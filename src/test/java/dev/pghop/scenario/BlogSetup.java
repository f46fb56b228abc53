package dev.pghop.scenario;

import dev.pghop.testing.PgServer;

/**
 * The two servers of the blog post: the old PostgreSQL 12 with md5 passwords (pg_hba md5, password_encryption md5)
 * and a new server with SCRAM, whose major is at least the installed client's, since a pg_dumpall script only
 * loads into a server at least as new as the pg_dumpall that wrote it.
 */
final class BlogSetup {
    static final String OLD_SUPERUSER = "admin";

    private BlogSetup() {
    }

    static PgServer.Builder oldServer(String adminPassword) {
        return PgServer.builder("12").superuser(OLD_SUPERUSER).password(adminPassword).passwordEncryption("md5");
    }

    /** The new server with the blog's superuser name, {@code pg-<major>-admin}. */
    static PgServer.Builder newServer(String adminPassword) {
        return newServer("pg-" + newMajor() + "-admin", adminPassword);
    }

    static PgServer.Builder newServer(String superuser, String adminPassword) {
        return PgServer.builder(newVersion()).superuser(superuser).password(adminPassword)
                .passwordEncryption("scram-sha-256");
    }

    static String newVersion() {
        return PgServer.newestVersionAtLeast(PgServer.clientMajor());
    }

    static int newMajor() {
        return Integer.parseInt(newVersion().split("\\.")[0]);
    }
}
