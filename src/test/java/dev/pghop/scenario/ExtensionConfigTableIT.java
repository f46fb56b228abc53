package dev.pghop.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.pghop.testing.PgServer;
import dev.pghop.testing.PgServers;

/**
 * An extension's configuration table (pg_extension_config_dump) whose filter holds an OR: `migrate` copies exactly
 * the rows the filter keeps, also when the table is large enough to be split into ranges of blocks, and `verify`
 * compares those rows (and the configuration sequence's value), so a difference in them is reported.
 */
class ExtensionConfigTableIT {
    private static final String EXTENSION = "pghop_cfg";
    /** Over the size from which migrate splits a table into ranges of blocks on an old server of 14 or later. */
    private static final int ROWS = 900_000;

    @RegisterExtension
    static PgServers servers = new PgServers();

    @Test
    void aSplitConfigurationTableArrivesWithExactlyTheRowsItsFilterKeepsAndVerifyComparesThem() {
        PgServer old = servers.start(PgServer.builder("14").superuser("admin").password("cfg-0ld")
                .binariesCustomizer(ExtensionConfigTableIT::installExtension));
        PgServer target = servers.start(BlogSetup.newServer("cfg-n3w")
                .binariesCustomizer(ExtensionConfigTableIT::installExtension));
        old.execute("postgres", "CREATE DATABASE ext");
        old.execute("ext", "CREATE EXTENSION " + EXTENSION,
                "INSERT INTO public.cfg SELECT g, (ARRAY['a', 'b', 'c'])[g % 3 + 1], repeat(md5(g::text), 2)"
                        + " FROM generate_series(1, " + ROWS + ") g",
                "SELECT setval('public.cfg_seq', 4242)");

        Pghop.withArgs("migrate").source(old).target(target).env("JOBS", "4").run().exits(0)
                .says("table public.cfg in 4 ranges of blocks");

        String byKind = "SELECT string_agg(kind || '=' || n, ', ' ORDER BY kind) FROM (SELECT kind, count(*) AS n"
                + " FROM public.cfg GROUP BY kind) k";
        assertThat(target.value("ext", byKind)).as("the extension's own row, then the user's rows the filter keeps")
                .isEqualTo("a=" + ROWS / 3 + ", b=" + ROWS / 3 + ", default=1");
        assertThat(target.value("ext", "SELECT last_value FROM public.cfg_seq")).isEqualTo("4242");
        Pghop.verify().source(old).target(target).run().exits(0).says("RESULT: EQUAL");

        target.execute("ext", "DELETE FROM public.cfg WHERE id = 3", "SELECT setval('public.cfg_seq', 7)");
        Pghop.verify().source(old).target(target).run().exits(7)
                .says("table public.cfg", "rows", String.valueOf(2 * ROWS / 3), String.valueOf(2 * ROWS / 3 - 1))
                .says("sequence public.cfg_seq", "4242");
    }

    /** A tiny extension with a configuration table whose filter is an OR, and a configuration sequence. */
    private static void installExtension(Path binaries) {
        Path dir = binaries.resolve("share/postgresql/extension");
        try {
            Files.writeString(dir.resolve(EXTENSION + ".control"),
                    "default_version = '1.0'\nrelocatable = false\nschema = public\n");
            Files.writeString(dir.resolve(EXTENSION + "--1.0.sql"), """
                    CREATE TABLE public.cfg (id int, kind text NOT NULL, v text);
                    CREATE SEQUENCE public.cfg_seq;
                    SELECT pg_catalog.pg_extension_config_dump('public.cfg', 'WHERE kind = ''a'' OR kind = ''b''');
                    SELECT pg_catalog.pg_extension_config_dump('public.cfg_seq', '');
                    INSERT INTO public.cfg VALUES (0, 'default', 'made by the extension');
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the test extension in " + dir, e);
        }
    }
}
