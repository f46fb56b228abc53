package dev.pghop.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * migrate in the image of 18, whose pg_dump carries the planner statistics: the new server gets the old server's
 * statistics as they were, not ones it gathered itself. Into 17, whose pg_dump cannot, they are gathered again. The
 * probe is a column that was all NULL when the old server last analyzed it and holds values since.
 */
@ExtendWith(DockerEngine.class)
class CarriedStatisticsIT {
    private static final String PROBE = "SELECT null_frac FROM pg_stats WHERE tablename = 'stats_probe'"
            + " AND attname = 'v'";

    @RegisterExtension
    static MatrixServers servers = new MatrixServers();

    @Test
    void eighteensPgDumpCarriesTheOldStatisticsAndSeventeensGathersNewOnes() {
        PostgresInContainer old = servers.old(15);
        createProbe(old);
        try {
            PostgresInContainer into18 = servers.freshNew(18);
            inImage(18, old, into18).run("migrate").exits(0).says("carries the planner statistics");
            assertThat(into18.value("app", PROBE)).as("null_frac as the old server last saw it").isEqualTo("1");

            PostgresInContainer into17 = servers.freshNew(17);
            inImage(17, old, into17).run("migrate").exits(0);
            assertThat(into17.value("app", PROBE)).as("null_frac gathered on the new server").isEqualTo("0");
        } finally {
            old.execute("app", "DROP TABLE public.stats_probe");
        }
    }

    @Test
    void aDumpByEighteensToolsCarriesThemThroughTheLoad(@TempDir Path volume) {
        PostgresInContainer old = servers.old(16);
        createProbe(old);
        try {
            PostgresInContainer target = servers.freshNew(18);
            inImage(18, old, target).dumpVolume(volume).run("dump").exits(0);
            inImage(18, old, target).dumpVolume(volume).run("load").exits(0);
            assertThat(target.value("app", PROBE)).as("null_frac as the old server last saw it").isEqualTo("1");
            assertThat(target.value("app", "SELECT count(*) FROM pg_stats WHERE tablename = 'customers'"))
                    .as("the other tables have statistics too").isNotEqualTo("0");
        } finally {
            old.execute("app", "DROP TABLE public.stats_probe");
        }
    }

    /** The probe column: all NULL when the old server analyzed it, values since. */
    private static void createProbe(PostgresInContainer old) {
        old.execute("app", "CREATE TABLE public.stats_probe (id int PRIMARY KEY, v int)",
                "INSERT INTO public.stats_probe SELECT g, NULL FROM generate_series(1, 2000) g",
                "ANALYZE public.stats_probe", "UPDATE public.stats_probe SET v = id");
    }

    private static PghopInContainer inImage(int major, PostgresInContainer old, PostgresInContainer target) {
        return PghopInContainer.image(major, servers.network()).source(old).target(target);
    }
}
