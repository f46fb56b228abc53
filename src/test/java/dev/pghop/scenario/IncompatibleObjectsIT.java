package dev.pghop.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.pghop.testing.PgServer;
import dev.pghop.testing.PgServers;

/**
 * Objects of the old cluster that the new major refuses to create (a postfix operator, a setting it removed): plan
 * names each with why and its fix; migrate, load and a dump that knows the new server refuse before writing; the
 * fixes plan gives make the hop pass; IGNORE_INCOMPATIBLE turns them into warnings.
 */
class IncompatibleObjectsIT {
    private static final String OLD_PASSWORD = "incompatible-0ld";
    private static final String NEW_PASSWORD = "incompatible-n3w";
    private static final String POSTFIX = "DROP OPERATOR app_schema.!! (bigint, NONE);";
    private static final String SETTING = "ALTER ROLE app IN DATABASE app RESET operator_precedence_warning;";

    @RegisterExtension
    static PgServers servers = new PgServers();

    @TempDir
    Path volume;

    @Test
    void whatTheNewMajorRefusesIsNamedBeforeAnythingIsWrittenAndItsFixesLetTheHopPass() {
        PgServer old = servers.start(BlogSetup.oldServer(OLD_PASSWORD));
        PgServer target = servers.start(BlogSetup.newServer(NEW_PASSWORD));
        SampleCluster.fill(old);
        old.execute("app", "CREATE OPERATOR app_schema.!! (LEFTARG = bigint, PROCEDURE = pg_catalog.factorial)",
                "ALTER ROLE app IN DATABASE app SET operator_precedence_warning = on");

        Pghop.withArgs("plan").source(old).target(target).run().exits(3)
                .says("[BLOCKER] objects the new server refuses: 1 postfix operators in the old cluster: operator"
                        + " app_schema.!! (bigint, NONE) in database app", "have no postfix operators",
                        "in database app: " + POSTFIX)
                .says("1 settings the new server does not know in the old cluster: setting"
                        + " operator_precedence_warning of role app in database app", SETTING);
        Pghop.withArgs("migrate").source(old).target(target).run().exits(3)
                .summaryStartsWith("pghop migrate: FAILED (exit 3, REFUSED)").says("operator app_schema.!!");
        Pghop.dump().dumpPath(volume).source(old).target(target).run().exits(3).says("operator app_schema.!!");
        Pghop.dump().dumpPath(volume).source(old).run().exits(0);
        Pghop.load().dumpPath(volume).target(target).run().exits(3)
                .summaryStartsWith("pghop load: FAILED (exit 3, REFUSED)").says(POSTFIX, SETTING);
        assertThat(target.rows("postgres", "SELECT datname FROM pg_database WHERE datname = 'app'")).isEmpty();

        Pghop.withArgs("plan").source(old).target(target).env("IGNORE_INCOMPATIBLE", "true").run().exits(0)
                .says("[WARNING] objects the new server refuses", "IGNORE_INCOMPATIBLE=true: going on");

        old.execute("app", POSTFIX, SETTING);
        Pghop.withArgs("plan").source(old).target(target).run().exits(0)
                .says("[OK]      objects the new server refuses: none found");
        Pghop.withArgs("migrate").source(old).target(target).run().exits(0);
        assertThat(target.rows("app", "SELECT count(*) FROM app_schema.customers"))
                .isEqualTo(old.rows("app", "SELECT count(*) FROM app_schema.customers"));
    }
}
