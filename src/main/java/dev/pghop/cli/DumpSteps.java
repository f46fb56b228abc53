package dev.pghop.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import java.time.Clock;

import dev.pghop.config.Env;
import dev.pghop.config.PghopEnv.Var;
import dev.pghop.dump.DumpProvenance;
import dev.pghop.plan.Finding;
import dev.pghop.plan.Preflight;
import dev.pghop.postgres.ClusterInventory;
import dev.pghop.postgres.Endpoint;
import dev.pghop.postgres.InventoryReader;
import dev.pghop.postgres.PgVersion;
import dev.pghop.process.ClientPrograms;
import dev.pghop.process.PgTools;
import dev.pghop.report.PghopException;
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
    /** The new server's inventory, read while the old server's is (when the new server is known here). */
    private Optional<Supplier<ClusterInventory>> newServer = Optional.empty();
    private final PgTools tools;
    private final ClientPrograms programs;

    /** Reads and checks every variable `dump` uses, so a bad one stops it before any work. */
    DumpSteps(Env env) {
        this.env = env;
        dir = env.dumpDirectory(true);
        source = env.source();
        target = env.targetIfSet();
        tools = new PgTools(env.binDirectory());
        programs = ClientPrograms.fromTheOldServer(tools, env.lockWait());
        env.progressInterval();
        env.jobs();
        env.dumpFormat();
        env.flag(Var.KEEP_SCRIPT_DUMP);
        env.flag(Var.FENCE_OLD_WRITES);
        env.flag(Var.IGNORE_INCOMPATIBLE);
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

    /** The client programs, reading the old server with the lock wait of LOCK_WAIT_TIMEOUT. */
    ClientPrograms programs() {
        return programs;
    }

    /**
     * Whether a complete dump found in PGDUMP_PATH may be kept for the old server named now: the summary's reason
     * when it may; refuses when it is another cluster's, or untraced without KEEP_SCRIPT_DUMP.
     */
    String keepExisting(String what, DumpProvenance provenance) {
        String oldSystemIdentifier;
        try {
            oldSystemIdentifier = InventoryReader.systemIdentifier(source);
        } catch (PghopException e) {
            throw PghopException.connectionFailed("a complete dump is in " + dir + ", but the old server cannot be"
                    + " reached to confirm it is its own: " + e.getMessage() + ". If the old server is gone on"
                    + " purpose, leave `dump` out of the Job: `load` needs only the volume.", e);
        }
        return provenance.keptFor(what, source, oldSystemIdentifier, env.flag(Var.KEEP_SCRIPT_DUMP),
                Clock.systemUTC());
    }

    /**
     * Just before the copy: raises the write fence when FENCE_OLD_WRITES asks for it, else warns about other
     * sessions that could write meanwhile; then marks the write counters. The returned guard says, after the copy,
     * what others wrote meanwhile and what the fence left.
     */
    CopyGuard guardCopy(String what) {
        return CopyGuard.start(source, env.flag(Var.FENCE_OLD_WRITES), what);
    }

    /** What the old server holds, logged with the dump program that will read it. */
    ClusterInventory readOldServer(String tool, PgVersion toolVersion) {
        newServer = target.map(InventoryReader::readAhead);
        ClusterInventory facts = InventoryReader.read(source);
        LOG.infof("old server: PostgreSQL %s, %d databases, %d roles, %s of table data; %s %s",
                facts.versionText(), facts.databases().size(), facts.roles().size(),
                Sizes.bytes(facts.totalDataBytes()), tool, toolVersion);
        return facts;
    }

    /** The dump side's checks, and the pair's when the new server is known here too; refuses on a blocker. */
    void checkBeforeWriting(ClusterInventory old, PgVersion toolVersion) {
        if (newServer.isEmpty()) {
            newServer = target.map(InventoryReader::readAhead);
        }
        Optional<ClusterInventory> fresh = newServer.map(Supplier::get);
        List<Finding> findings = new ArrayList<>(Preflight.dumpSide(old, toolVersion, fresh.orElse(null),
                Preflight.Volume.of(dir)));
        boolean goOn = env.flag(Var.IGNORE_INCOMPATIBLE);
        fresh.ifPresent(f -> findings.addAll(Preflight.between(old, f, goOn)));
        findings.addAll(CopyGuard.checks(env.flag(Var.FENCE_OLD_WRITES), source, old));
        Preflight.enforce("dump", findings);
    }
}
