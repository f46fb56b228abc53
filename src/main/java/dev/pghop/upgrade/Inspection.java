package dev.pghop.upgrade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

import org.jboss.logging.Logger;

import dev.pghop.config.UpgradeSettings;
import dev.pghop.passwords.AuthRules;
import dev.pghop.postgres.Endpoint;
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
    private CompletableFuture<NewSide> newSide;
    private Fresh fresh;

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
     * mark there, and the next plan or upgrade recovers the old cluster first ({@link PlanScratch#sweep}).
     */
    public static Inspection forPlan(UpgradeSettings settings) {
        Layout layout = Layout.of(settings.pgdata(), settings.newPgdata());
        return new Inspection(settings, layout, major -> layout.planScratch().resolve("new"), true, false);
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

    /** The old cluster's catalog as the proof compares it, recorded while it ran for the checks. */
    public CatalogRecord oldRecord() {
        oldCluster();
        return oldRecord;
    }

    /** Stage one: the volume and the data directory, read once ({@link Disk}). */
    public Disk disk() {
        if (disk == null) {
            disk = Disk.read(settings, layout, newDirOf);
        }
        return disk;
    }

    /** Stage two: the old cluster, started with its own major's programs; it keeps running until closed. */
    public OldCluster oldCluster() {
        if (old == null) {
            ServerPrograms programs = disk().oldPrograms().value().orElseThrow();
            try {
                if (scratch) {
                    PlanScratch.markOldRunning(layout);
                }
                SingleUser.Bootstrap boot = SingleUser.read(settings.pgdata(), programs);
                // the new cluster is made and read meanwhile: the two servers start side by side
                newSide = NewSide.start(newDir(), settings.pgdata(), disk().newPrograms().value().orElseThrow(), boot,
                        disk().data().orElseThrow());
                oldServer = PrivateServer.start(settings.pgdata(), programs, boot.superuser(), "", "the old cluster");
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
     * Stage three: the new cluster, made beside the old one (while the old one starts), read while it runs with
     * initdb's configuration and the old pg_hba's rules, then given the old configuration.
     */
    public Fresh newCluster() {
        if (fresh == null) {
            OldCluster o = oldCluster();
            ServerPrograms programs = disk().newPrograms().value().orElseThrow();
            try {
                NewSide side = NewSide.joined(newSide);
                CarriedConfig carried = CarriedConfig.plan(settings.pgdata(), o.fileSettings(),
                        side.cluster().inventory().settings());
                carried.apply(settings.pgdata(), newDir(), o.inventory().version().major(), programs.major());
                fresh = new Fresh(side.cluster(), carried, side.rules(), side.rulesProblem());
            } catch (IOException e) {
                throw PghopException.upgradeFailed("while making the new cluster in " + newDir() + ": "
                        + e.getMessage(), e);
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
                PlanScratch.unmarkOldRunning(layout);
            }
        }
    }

    /** Where pg_upgrade --check runs, beside the new cluster. */
    static Path checkDir(Path newDir) {
        return newDir.resolveSibling(newDir.getFileName() + ".check");
    }

    /**
     * Waits for the new side's work, stops the old cluster if it still runs; the inspection `plan` made also removes
     * its new cluster.
     */
    @Override
    public void close() {
        if (newSide != null) {
            newSide.exceptionally(e -> null).join();
        }
        try {
            stopOld();
            if (scratch) {
                Trees.delete(layout.planScratch());
            }
        } catch (IOException e) {
            LOG.errorf("could not stop the old cluster cleanly, or remove %s: %s", newDir, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
