package dev.pghop.upgrade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import dev.pghop.config.TransferMode;
import dev.pghop.config.UpgradeSettings;
import dev.pghop.passwords.AuthRules;
import dev.pghop.postgres.Endpoint;
import dev.pghop.postgres.Sessions;
import dev.pghop.report.PghopException;
import dev.pghop.verify.CatalogRecord;

/**
 * What the checks before an in-place upgrade look at, gathered stage by stage, each only when the one before it leaves
 * nothing that blocks: first the volume and the data directory (nothing started, nothing written); then the old
 * cluster, which pghop starts for itself with the old major's programs; then a new, empty cluster made for the
 * upgrade beside it, with the old configuration carried in; last pg_upgrade --check of the pair, with the old
 * cluster still running. `plan` runs the same stages and removes the new cluster afterwards; `upgrade` keeps it.
 * Closing stops the old cluster if it still runs.
 */
public final class Inspection implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("pghop");
    private static final long MARGIN = 256L << 20;
    /** The mark a plan leaves while the old cluster runs for it. */
    private static final String OLD_RUNNING = "old-running";

    private final UpgradeSettings settings;
    private final Layout layout;
    private final IntFunction<Path> newDirOf;
    private final boolean scratch;
    private final boolean recordProof;
    private Path newDir;
    private Disk disk;
    private PrivateServer oldServer;
    private OldCluster old;
    private CatalogRecord oldRecord;
    private Fresh fresh;

    /**
     * The volume and the data directory, read without starting anything.
     *
     * @param oldMajor the major PGDATA's PG_VERSION names, when it names one
     * @param newPrograms the new major's programs, or why they cannot be used
     * @param oldPrograms the old major's programs, or why they cannot be used
     * @param data the data directory, when the old programs could read it
     * @param mountPoint PGDATA is the root of its volume
     * @param oneFilesystem the new cluster's place is on PGDATA's filesystem
     * @param usableBytes free room where the new cluster goes
     * @param clusterBytes the old cluster's files, WAL excepted: what a copy writes again
     * @param catalogBytes the old cluster's system catalogs: what every transfer mode writes again
     * @param transfer the transfer mode, auto resolved
     * @param transferWhy why auto chose it, or empty
     * @param placeWritable this user may write in the directory the new cluster goes in
     * @param modeWas PGDATA's mode before pghop made it private, when it had to (a pod's fsGroup)
     */
    public record Disk(Optional<Integer> oldMajor, Result<ServerPrograms> newPrograms,
            Result<ServerPrograms> oldPrograms, Optional<DataDirectory> data, boolean mountPoint,
            boolean oneFilesystem, long usableBytes, long clusterBytes, long catalogBytes, TransferMode transfer,
            String transferWhy, boolean placeWritable, Optional<String> modeWas) {
    }

    /** A value, or why there is none. */
    public record Result<T>(Optional<T> value, String problem) {
        static <T> Result<T> of(T value) {
            return new Result<>(Optional.of(value), "");
        }

        static <T> Result<T> missing(String problem) {
            return new Result<>(Optional.empty(), problem);
        }
    }

    /**
     * The new cluster made for the upgrade, as the checks see it.
     *
     * @param cluster what it offers, read while it ran with initdb's configuration and the old pg_hba's rules
     * @param carried what was carried into it from the old data directory
     * @param rules the authentication rules it will have, the old pg_hba's, as the new major reads them; empty when
     *        the new major refuses them ({@code rulesProblem} says why)
     */
    public record Fresh(NewCluster cluster, CarriedConfig carried, Optional<AuthRules> rules,
            Optional<String> rulesProblem) {
    }

    /**
     * @param newDirOf where the new cluster is made, given the new major
     * @param scratch the new cluster is only for the checks: closing removes it
     * @param recordProof the old cluster's catalog (and rows, as VERIFY_DATA says) is recorded while it runs
     */
    Inspection(UpgradeSettings settings, Layout layout, IntFunction<Path> newDirOf, boolean scratch,
            boolean recordProof) {
        this.settings = settings;
        this.layout = layout;
        this.newDirOf = newDirOf;
        this.scratch = scratch;
        this.recordProof = recordProof;
    }

    /**
     * The inspection `plan` makes: its new cluster in a scratch directory beside the new cluster's place
     * ({@code <PGDATA>.plan}), removed when closed. A plan killed while it had the old cluster running leaves a
     * mark there, and the next plan or upgrade recovers the old cluster first ({@link #sweepPlanLeftovers}).
     */
    public static Inspection forPlan(UpgradeSettings settings) {
        Layout layout = Layout.of(settings.pgdata(), settings.newPgdata());
        return new Inspection(settings, layout, major -> planDir(layout).resolve("new"), true, false);
    }

    private static Path planDir(Layout layout) {
        return layout.target().resolveSibling(layout.target().getFileName() + ".plan");
    }

    /**
     * Removes what a killed `plan` left beside PGDATA; when it had the old cluster running, the cluster is recovered
     * first (its WAL replayed once, in single-user mode, and shut down cleanly): the crash was pghop's own.
     */
    public static void sweepPlanLeftovers(UpgradeSettings settings) {
        Layout layout = Layout.of(settings.pgdata(), settings.newPgdata());
        Path dir = planDir(layout);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try {
            if (Files.exists(dir.resolve(OLD_RUNNING))) {
                int major = DataDirectory.majorOf(settings.pgdata()).orElseThrow();
                ServerPrograms programs = ServerPrograms.ofMajor(major, settings.oldBinDir());
                DataDirectory.makePrivate(settings.pgdata());
                if (!DataDirectory.controlData(settings.pgdata(), programs).shutDownCleanly()) {
                    LOG.infof("a killed plan left the old cluster running: recovering it");
                    PrivateServer.bootstrapSuperuser(settings.pgdata(), programs);
                }
            }
            Trees.delete(dir);
        } catch (IOException | ServerPrograms.Missing | java.util.NoSuchElementException e) {
            throw PghopException.upgradeFailed("cannot clear what a killed plan left in " + dir + ": "
                    + e.getMessage() + "; the old cluster in " + settings.pgdata() + " was not changed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PghopException.upgradeFailed("interrupted while clearing " + dir, e);
        }
    }

    public Layout layout() {
        return layout;
    }

    /** Where the new cluster is made; known once the new major is. */
    public Path newDir() {
        if (newDir == null) {
            newDir = newDirOf.apply(disk().newPrograms().value().orElseThrow().major());
        }
        return newDir;
    }

    /** The directory the new cluster goes in: PGDATA's, or NEW_PGDATA's. */
    private Path newParent() {
        return layout.target().getParent();
    }

    /** The old cluster's catalog as the proof compares it, recorded while it ran for the checks. */
    public CatalogRecord oldRecord() {
        oldCluster();
        return oldRecord;
    }

    /** Stage one: the volume and the data directory. */
    public Disk disk() {
        if (disk == null) {
            try {
                disk = readDisk();
            } catch (IOException e) {
                throw PghopException.upgradeFailed("while reading " + settings.pgdata() + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw PghopException.upgradeFailed("interrupted while reading " + settings.pgdata(), e);
            }
        }
        return disk;
    }

    private Disk readDisk() throws IOException, InterruptedException {
        Optional<Integer> oldMajor = DataDirectory.majorOf(settings.pgdata());
        Result<ServerPrograms> newPrograms;
        try {
            newPrograms = Result.of(ServerPrograms.newest(settings.newBinDir()));
        } catch (ServerPrograms.Missing e) {
            newPrograms = Result.missing(e.getMessage());
        }
        Result<ServerPrograms> oldPrograms = Result.missing("PGDATA holds no cluster");
        Optional<DataDirectory> data = Optional.empty();
        Optional<String> modeWas = oldMajor.isPresent() ? DataDirectory.makePrivate(settings.pgdata())
                : Optional.empty();
        if (oldMajor.isPresent()) {
            try {
                ServerPrograms programs = ServerPrograms.ofMajor(oldMajor.get(), settings.oldBinDir());
                oldPrograms = Result.of(programs);
                data = Optional.of(DataDirectory.read(settings.pgdata(), programs));
            } catch (ServerPrograms.Missing e) {
                oldPrograms = Result.missing(e.getMessage());
            }
        }
        boolean mountPoint = Mounts.isMountPoint(settings.pgdata());
        Path newParent = newParent();
        boolean oneFilesystem = Mounts.sameMount(settings.pgdata(), newParent);
        long usable = Files.getFileStore(newParent).getUsableSpace();
        boolean writable = Files.isWritable(newParent);
        long[] sizes = sizes(settings.pgdata());
        TransferMode transfer = settings.transfer();
        String why = "";
        if (transfer == TransferMode.AUTO) {
            if (!oneFilesystem) {
                transfer = TransferMode.COPY;
                why = "copy: the new cluster's place is on another filesystem than PGDATA";
            } else if (writable && Reflinks.work(newParent)) {
                transfer = TransferMode.CLONE;
                why = "clone: the volume makes reflinks, so the old cluster keeps its own files";
            } else {
                transfer = TransferMode.LINK;
                why = "link: the volume makes no reflinks; the old cluster's way back ends when the new one first"
                        + " starts (before the proof, in this run)";
            }
        }
        return new Disk(oldMajor, newPrograms, oldPrograms, data, mountPoint, oneFilesystem, usable, sizes[0],
                sizes[1], transfer, why, writable, modeWas);
    }

    /** The old cluster's files without its WAL, and its system catalogs' files (those below the first user OID). */
    private static long[] sizes(Path pgdata) throws IOException {
        long[] total = {0, 0};
        for (String part : List.of("base", "global")) {
            Path dir = pgdata.resolve(part);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(Files::isRegularFile).forEach(f -> {
                    long size = f.toFile().length();
                    total[0] += size;
                    if (isCatalogFile(f.getFileName().toString())) {
                        total[1] += size;
                    }
                });
            }
        }
        return total;
    }

    private static boolean isCatalogFile(String name) {
        String number = name.split("[._]", 2)[0];
        try {
            return Long.parseLong(number) < 16384;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** What the new cluster will need on the volume with this transfer mode. */
    public static long roomNeeded(Disk disk) {
        boolean copies = disk.transfer() == TransferMode.COPY || disk.transfer() == TransferMode.COPY_FILE_RANGE;
        return (copies ? disk.clusterBytes() : disk.catalogBytes()) + MARGIN;
    }

    /** Stage two: the old cluster, started with its own major's programs; it keeps running until closed. */
    public OldCluster oldCluster() {
        if (old == null) {
            ServerPrograms programs = disk().oldPrograms().value().orElseThrow();
            try {
                if (scratch) {
                    Files.createDirectories(planDir(layout));
                    Files.writeString(planDir(layout).resolve(OLD_RUNNING), "the old cluster runs for pghop plan\n");
                }
                oldServer = PrivateServer.start(settings.pgdata(), programs,
                        PrivateServer.bootstrapSuperuser(settings.pgdata(), programs), "",
                        "the old cluster (PostgreSQL " + programs.version() + ")");
                old = OldCluster.read(oldServer.endpoint(Endpoint.Side.OLD));
                if (recordProof) {
                    int newMajor = disk().newPrograms().value().orElseThrow().major();
                    oldRecord = CatalogRecord.read(oldServer.endpoint(Endpoint.Side.OLD), CatalogRecord.newSalt(),
                            programs.major() >= 16 && newMajor >= 16, settings.rowProof(), settings.jobs(),
                            settings.progressInterval(), "the old cluster");
                }
            } catch (PrivateServer.StartFailed e) {
                throw PghopException.refused("the old cluster in " + settings.pgdata() + " does not start with"
                        + " PostgreSQL " + programs.version() + "'s programs here: " + String.join(" | ", e.log())
                        + ". Nothing was changed. Check that the image carries that major's server programs"
                        + " (OLD_PG_BIN_DIR) and the libraries its configuration loads");
            } catch (IOException e) {
                throw PghopException.upgradeFailed("while starting the old cluster: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw PghopException.upgradeFailed("interrupted while starting the old cluster", e);
            }
        }
        return old;
    }

    /** The old cluster's endpoint while it runs for pghop. */
    Endpoint oldEndpoint() {
        oldCluster();
        return oldServer.endpoint(Endpoint.Side.OLD);
    }

    /**
     * Stage three: the new cluster, made beside the old one, read while it runs with initdb's configuration, then
     * given the old configuration.
     */
    public Fresh newCluster() {
        if (fresh == null) {
            OldCluster o = oldCluster();
            ServerPrograms programs = disk().newPrograms().value().orElseThrow();
            DataDirectory data = disk().data().orElseThrow();
            try {
                NewCluster.make(newDir(), programs, o, data);
                Path hba = settings.pgdata().resolve("pg_hba.conf");
                String rules = Files.isRegularFile(hba) ? Files.readString(hba) : "";
                Optional<String> rulesProblem = Optional.empty();
                PrivateServer server;
                try {
                    server = PrivateServer.start(newDir(), programs, o.superuser(), rules, "the new cluster"
                            + " (PostgreSQL " + programs.version() + "), with the old pg_hba's rules");
                } catch (PrivateServer.StartFailed e) {
                    rulesProblem = Optional.of(String.join(" | ", e.log()));
                    server = PrivateServer.start(newDir(), programs, o.superuser(), "", "the new cluster"
                            + " (PostgreSQL " + programs.version() + ")");
                }
                NewCluster cluster;
                Optional<AuthRules> authRules = Optional.empty();
                try (PrivateServer running = server) {
                    cluster = NewCluster.read(running.endpoint(Endpoint.Side.NEW));
                    if (rulesProblem.isEmpty()) {
                        try (var c = Sessions.openMaintenance(running.endpoint(Endpoint.Side.NEW), true)) {
                            authRules = Optional.of(AuthRules.read(c));
                        } catch (java.sql.SQLException e) {
                            throw new IOException("cannot read the new cluster's pg_hba rules: " + e.getMessage(), e);
                        }
                    }
                }
                CarriedConfig carried = CarriedConfig.plan(settings.pgdata(), o.fileSettings(),
                        cluster.inventory().settings());
                carried.apply(settings.pgdata(), newDir(), o.inventory().version().major(), programs.major());
                fresh = new Fresh(cluster, carried, authRules, rulesProblem);
            } catch (IOException e) {
                throw PghopException.upgradeFailed("while making the new cluster in " + newDir() + ": "
                        + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw PghopException.upgradeFailed("interrupted while making the new cluster", e);
            }
        }
        return fresh;
    }

    /**
     * Stage four, for `plan` only: pg_upgrade --check of the pair, with the new cluster started by pg_upgrade with the
     * carried configuration. `upgrade` leaves it out: its pg_upgrade runs the same checks first, and stops before
     * changing anything when they fail.
     */
    public Optional<PgUpgradeResult> pgUpgradeCheck() {
        if (!scratch) {
            return Optional.empty();
        }
        newCluster();
        try {
            stopOld();
            return Optional.of(new PgUpgrade(disk().oldPrograms().value().orElseThrow(), disk().newPrograms().value()
                    .orElseThrow(), settings.pgdata(), newDir(), old.superuser(), workDir()).check(disk().transfer(),
                            settings.jobs()));
        } catch (IOException e) {
            throw PghopException.upgradeFailed("while running pg_upgrade --check: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PghopException.upgradeFailed("interrupted during pg_upgrade --check", e);
        }
    }

    /** The indexes whose collation's version changes between the old cluster's record and the new major. */
    public CollationChanges collations() {
        return CollationChanges.between(oldCluster(), newCluster().cluster());
    }

    /** Where pg_upgrade writes its files while checking. */
    Path workDir() throws IOException {
        Path dir = checkDir(newDir());
        Files.createDirectories(dir);
        return dir;
    }

    void stopOld() throws IOException, InterruptedException {
        if (oldServer != null) {
            oldServer.stop();
            if (scratch) {
                Files.deleteIfExists(planDir(layout).resolve(OLD_RUNNING));
            }
        }
    }

    /** Where pg_upgrade --check runs, beside the new cluster. */
    static Path checkDir(Path newDir) {
        return newDir.resolveSibling(newDir.getFileName() + ".check");
    }

    /** Stops the old cluster if it still runs; the inspection `plan` made also removes its new cluster. */
    @Override
    public void close() {
        try {
            stopOld();
            if (scratch) {
                Trees.delete(planDir(layout));
            }
        } catch (IOException e) {
            LOG.errorf("could not stop the old cluster cleanly, or remove %s: %s", newDir, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
