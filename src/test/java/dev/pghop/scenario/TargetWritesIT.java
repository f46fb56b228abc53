package dev.pghop.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.pghop.postgres.ClusterInventory;
import dev.pghop.postgres.Endpoint;
import dev.pghop.postgres.InventoryReader;
import dev.pghop.restore.TargetWrites;
import dev.pghop.testing.PgServer;
import dev.pghop.testing.PgServers;

/** After a failed load, the advice fits what happened: reset the new server only when something was written to it. */
class TargetWritesIT {
    @RegisterExtension
    static PgServers servers = new PgServers();

    @Test
    void advisesAResetOnlyWhenTheNewServerWasWrittenTo() {
        PgServer target = servers.start(BlogSetup.newServer("writes-n3w"));
        Endpoint endpoint = new Endpoint(Endpoint.Side.NEW, target.host(), target.port(), target.superuser(),
                target.password());
        ClusterInventory before = InventoryReader.read(endpoint);

        assertThat(TargetWrites.advice(endpoint, before, "a partial load", "pghop load"))
                .contains("Nothing was written to the new server", "run pghop load again").doesNotContain("PVC");

        target.execute("postgres", "CREATE ROLE half_loaded");
        assertThat(TargetWrites.advice(endpoint, before, "a partial load", "pghop load"))
                .contains("The new server now holds a partial load: reset it", "recreate its PVC");
        target.execute("postgres", "DROP ROLE half_loaded", "CREATE TABLE public.half_loaded (id int)");
        assertThat(TargetWrites.advice(endpoint, before, "a partial load", "pghop load"))
                .contains("now holds a partial load");
    }
}
