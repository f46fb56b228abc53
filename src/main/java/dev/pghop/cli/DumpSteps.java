package dev.pghop.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

import dev.pghop.config.Env;
import dev.pghop.plan.Finding;
import dev.pghop.plan.Preflight;
import dev.pghop.postgres.ClusterInventory;
import dev.pghop.postgres.Endpoint;
import dev.pghop.postgres.InventoryReader;
import dev.pghop.postgres.PgVersion;
import dev.pghop.process.PgTools;
import dev.pghop.report.Sizes;

/**
 * What `dump` does whatever the format: reads its variables, reads the old server, and runs the dump's checks
 * before anything is written.
 */
final class DumpSteps {
    private static final Logger LOG = Logger.getLogger("pghop");

    private final Env env;
    private final Path dir;
    private final Endpoint source;
    private final Optional<Endpoint> target;
    private final PgTools tools;

    /** Reads and checks every variable `dump` uses, so a bad one stops it before any work. */
    DumpSteps(Env env) {
        this.env = env;
        dir = env.dumpDirectory(true);
        source = env.source();
        target = env.targetIfSet();
        tools = new PgTools(env.binDirectory());
        env.progressInterval();
        env.jobs();
        env.dumpFormat();
    }

    Env env() {
        return env;
    }

    /** PGDUMP_PATH. */
    Path dir() {
        return dir;
    }

    Endpoint source() {
        return source;
    }

    PgTools tools() {
        return tools;
    }

    /** What the old server holds, logged with the dump program that will read it. */
    ClusterInventory readOldServer(String tool, PgVersion toolVersion) {
        ClusterInventory facts = InventoryReader.read(source);
        LOG.infof("old server: PostgreSQL %s, %d databases, %d roles, %s of table data; %s %s",
                facts.versionText(), facts.databases().size(), facts.roles().size(),
                Sizes.bytes(facts.totalDataBytes()), tool, toolVersion);
        return facts;
    }

    /** The dump side's checks, and the pair's when the new server is known here too; refuses on a blocker. */
    void checkBeforeWriting(ClusterInventory old, PgVersion toolVersion) {
        Optional<ClusterInventory> fresh = target.map(InventoryReader::read);
        List<Finding> findings = new ArrayList<>(Preflight.dumpSide(old, toolVersion, fresh.orElse(null),
                Preflight.Volume.of(dir)));
        fresh.ifPresent(f -> findings.addAll(Preflight.between(old, f)));
        Preflight.enforce("dump", findings);
    }
}
