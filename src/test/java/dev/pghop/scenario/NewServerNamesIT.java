package dev.pghop.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.pghop.testing.PgServer;
import dev.pghop.testing.PgServers;

/**
 * A new server started with its superuser named like an ordinary role of the old cluster (the image's
 * POSTGRES_USER=app where app is the application's role): the copy would leave app a superuser, and the database the
 * image made for it with the image's locale. Every command that could write refuses before writing, naming both.
 */
class NewServerNamesIT {
    private static final String BLOCKERS = "refused before changing anything";

    @RegisterExtension
    static PgServers servers = new PgServers();

    @TempDir
    Path volume;

    @Test
    void aNewSuperuserNamedLikeAnOrdinaryOldRoleIsRefusedBeforeAnyWrite() {
        PgServer old = servers.start(BlogSetup.oldServer("names-0ld"));
        // The harness, like the image, makes a database named after the superuser: app, in the C locale.
        PgServer target = servers.start(BlogSetup.newServer("app", "names-n3w"));
        old.execute("postgres", "CREATE ROLE app LOGIN PASSWORD 'app-pw'",
                "CREATE DATABASE app OWNER app TEMPLATE template0 LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'");
        old.execute("app", "CREATE TABLE public.t (a text)", "INSERT INTO public.t VALUES ('x')");
        String role = "app is the new server's bootstrap superuser (its image's POSTGRES_USER, made by initdb, which"
                + " always stays a superuser), but on the old cluster app is an ordinary role";
        String database = "database app: collation C.UTF-8 on the old server, C on the new";

        Pghop.withArgs("plan").source(old).target(target).run().exits(3)
                .says("[BLOCKER] new server's superusers", role, "[BLOCKER] databases that already exist", database);
        Pghop.withArgs("migrate").source(old).target(target).run().exits(3).says(BLOCKERS, role, database);
        Pghop.dump().dumpPath(volume).source(old).target(target).run().exits(3).says(BLOCKERS, role);
        Pghop.dump().dumpPath(volume).source(old).run().exits(0);
        Pghop.load().dumpPath(volume).target(target).run().exits(3).says(BLOCKERS, role, database);

        assertThat(target.rows("app", "SELECT 1 FROM pg_tables WHERE tablename = 't'")).as("nothing loaded").isEmpty();
        assertThat(target.rows("postgres", "SELECT 1 FROM pg_roles WHERE rolname = 'admin'")).isEmpty();
    }
}
