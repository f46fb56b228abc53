package dev.pghop.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;


class DatabaseEntriesTest {

    /** pg_restore 15's --list --create of a database with a comment, privileges, settings and contents. */
    private static final String LISTING = """
            ;
            ; Archive created at 2026-11-24 09:34:12 UTC
            ;     dbname: app
            ;
            3348; 1262 16387 DATABASE - app app
            3349; 0 0 COMMENT - DATABASE "app" app
            3350; 0 0 ACL - DATABASE "app" app
            3351; 0 0 DATABASE PROPERTIES - app app
            3352; 0 0 COMMENT - SCHEMA "public" pg_database_owner
            214; 1259 16388 TABLE public t admin
            3353; 0 0 COMMENT - LARGE OBJECT 4242 admin
            3354; 0 0 COMMENT public TABLE "DATABASE x" admin
            3340; 0 16388 TABLE DATA public t admin
            3342; 0 0 BLOBS - BLOBS\s
            3197; 2606 16394 CONSTRAINT public t t_pkey admin
            """;

    @Test
    void keepsTheDatabasesOwnEntriesAndNothingOfItsContents() {
        assertThat(DatabaseEntries.of(Stream.of(LISTING.split("\n")))).containsExactly(
                "3348; 1262 16387 DATABASE - app app",
                "3349; 0 0 COMMENT - DATABASE \"app\" app",
                "3350; 0 0 ACL - DATABASE \"app\" app",
                "3351; 0 0 DATABASE PROPERTIES - app app");
    }
}
