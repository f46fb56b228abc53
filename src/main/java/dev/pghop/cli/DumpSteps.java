package dev.pghop.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import dev.pghop.config.DumpSettings;
import dev.pghop.dump.DumpProvenance;
import dev.pghop.plan.Preflight;
import dev.pghop.postgres.ClusterInventory;
import dev.pghop.postgres.CopyGuard;
import dev.pghop.postgres.Endpoint;
import dev.pghop.postgres.InventoryReader;
import dev.pghop.postgres.PgVersion;
import dev.pghop.process.ClientPrograms;
import dev.pghop.process.PgTools;
import dev.pghop.report.Outcome;
import dev.pghop.report.PghopException;
import dev.pghop.report.Sizes;

/**
 * What `dump` does whatever the format: reads the old server, runs the dump's checks before anything is written,
 * guards the copy against others' writes, and ends with the summary line.
 */
final class DumpSteps {
    private static final Logger LOG = Logger.getLogger("pghop");

    private final DumpSettings settings;
    private final PgTools tools;
    private final ClientPrograms programs;
    /** The new server's inventory, read while the old server's is (when the new server is known here). */
    private Optional<Supplier<ClusterInventory>> newServer = Optional.empty();

    DumpSteps(DumpSettings settings) {
        this.settings = settings;
        this.tools = BinDirectory.tools(settings.binDirectory());
        this.programs = ClientPrograms.fromTheOldServer(tools, settings.lockWait());
    }

    DumpSettings settings() {
        return settings;
    }

    /** PGDUMP_PATH. */
    Path dir() {
        return settings.dumpDirectory();
    }

    Endpoint source() {
        return settings.source();
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
            oldSystemIdentifier = InventoryReader.systemIdentifier(source());
        } catch (PghopException e) {
            throw PghopException.connectionFailed("a complete dump is in " + dir() + ", but the old server cannot be"
                    + " reached to confirm it is its own: " + e.getMessage() + ". If the old server is gone on"
                    + " purpose, leave `dump` out of the Job: `load` needs only the volume.", e);
        }
        return provenance.keptFor(what, source(), oldSystemIdentifier, settings.keepScriptDump(), Clock.systemUTC());
    }

    /**
     * Just before the copy: raises the write fence when FENCE_OLD_WRITES asks for it, else warns about other
     * sessions that could write meanwhile; then marks the write counters. The returned guard says, after the copy,
     * what others wrote meanwhile and what the fence left.
     */
    CopyGuard guardCopy(String what) {
        return CopyGuard.start(source(), settings.fenceOldWrites(), what);
    }

    /** What the old server holds, logged with the dump program that will read it. */
    ClusterInventory readOldServer(String tool, PgVersion toolVersion) {
        newServer = settings.target().map(InventoryReader::readAhead);
        ClusterInventory facts = InventoryReader.read(source());
        LOG.infof("old server: PostgreSQL %s, %d databases, %d roles, %s of table data; %s %s",
                facts.versionText(), facts.databases().size(), facts.roles().size(),
                Sizes.bytes(facts.totalDataBytes()), tool, toolVersion);
        return facts;
    }

    /** The dump side's checks, and the pair's when the new server is known here too; refuses on a blocker. */
    void checkBeforeWriting(ClusterInventory old, PgVersion toolVersion) {
        if (newServer.isEmpty()) {
            newServer = settings.target().map(InventoryReader::readAhead);
        }
        Preflight.enforce("dump", Preflight.forDump(settings, old, toolVersion, newServer.map(Supplier::get)));
    }

    /** The one-line summary of a dump that ended well. */
    int success(String summary) {
        Outcome.success(settings.terminationLog(), "dump", summary);
        return 0;
    }
}
