package dev.pghop.dump;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.pghop.postgres.Endpoint;
import dev.pghop.report.PghopException;
import dev.pghop.report.Sizes;

/**
 * Where a complete dump found in PGDUMP_PATH came from and when, and whether `dump` may keep it for the old server
 * it is pointed at now. The blog's skip exists so that a rerun of the Job keeps a good dump of the same cluster and
 * retries only the load; a dump of another cluster (a copied volume, a PG_HOST changed since) must never stand in
 * for it, and a file without a manifest cannot be traced to any cluster.
 *
 * @param sourceAddress the old server the dump was taken from, as pghop named it then
 * @param systemIdentifier that cluster's system identifier; null when it was not readable then
 * @param taken when the dump ended (a file without manifest: when it was last written)
 * @param traced false for a file written without pghop, which carries none of this
 */
public record DumpProvenance(String sourceAddress, String systemIdentifier, String serverVersion, Instant taken,
        boolean traced) {

    public static DumpProvenance of(DumpManifest manifest) {
        return new DumpProvenance(manifest.sourceAddress(), manifest.source().systemIdentifier(),
                manifest.source().versionText(), manifest.finishedAt(), true);
    }

    public static DumpProvenance of(DirectoryManifest manifest) {
        return new DumpProvenance(manifest.sourceAddress(), manifest.source().systemIdentifier(),
                manifest.source().versionText(), manifest.finishedAt(), true);
    }

    /** A dump written without pghop: only its file's time is known. */
    public static DumpProvenance untraced(Path file) throws IOException {
        return new DumpProvenance(null, null, null, Files.getLastModifiedTime(file).toInstant(), false);
    }

    /**
     * The reason the dump may be kept and the dump skipped, for the summary line; refuses (exit 3) when it is not the
     * old server's own.
     *
     * @param what the dump, as the messages name it ("pg_dumpall.sql in /pg-migrate")
     * @param oldSystemIdentifier the old server's, read now; null when this login cannot read it
     * @param keepScriptDump KEEP_SCRIPT_DUMP: keep a dump written without pghop
     */
    public String keptFor(String what, Endpoint old, String oldSystemIdentifier, boolean keepScriptDump,
            Clock clock) {
        String age = "taken " + taken + ", " + Sizes.age(Duration.between(taken, Instant.now(clock))) + " ago";
        if (!traced) {
            if (!keepScriptDump) {
                throw PghopException.refused(what + " was written without pghop (it has no manifest; last written "
                        + taken + ", " + Sizes.age(Duration.between(taken, Instant.now(clock))) + " ago), so"
                        + " pghop cannot tell which cluster it comes from or whether it is whole. Nothing was"
                        + " written. Set KEEP_SCRIPT_DUMP=true to keep it and skip the dump, or move it away to"
                        + " dump the " + old + " afresh.");
            }
            return what + " was written without pghop and kept (KEEP_SCRIPT_DUMP=true): last written " + taken
                    + ", " + Sizes.age(Duration.between(taken, Instant.now(clock))) + " ago; which cluster it"
                    + " holds cannot be checked, and writes to the old server since then are not in it";
        }
        boolean sameCluster = systemIdentifier != null && oldSystemIdentifier != null
                ? systemIdentifier.equals(oldSystemIdentifier) : sourceAddress.equals(old.address());
        if (!sameCluster) {
            throw PghopException.refused(what + " is a complete dump of another cluster: " + describe() + ", "
                    + age + "; the old server named now, " + old + ", is " + (oldSystemIdentifier == null
                            ? "another address" : "system identifier " + oldSystemIdentifier)
                    + ". Nothing was written. To dump this server, point PGDUMP_PATH at an empty volume or move"
                    + " those files away; if that dump is the one to load, run only `pghop load`.");
        }
        return what + " is a complete dump of this old server (" + describe() + "), " + age
                + ": writes to the old server since then are not in it; move it away to dump afresh"
                + (systemIdentifier == null || oldSystemIdentifier == null
                        ? " (the cluster's system identifier could not be read, so only its address was compared)"
                        : "");
    }

    private String describe() {
        return sourceAddress + ", PostgreSQL " + serverVersion
                + (systemIdentifier == null ? "" : ", system identifier " + systemIdentifier);
    }
}
