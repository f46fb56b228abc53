package dev.pghop.upgrade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jboss.logging.Logger;

import dev.pghop.config.UpgradeSettings;
import dev.pghop.report.PghopException;

/**
 * The scratch directory `plan` makes its new cluster in, beside the new cluster's place, and removes when it ends. A
 * plan killed while the old cluster ran for it leaves a mark there, so that the next plan or upgrade, which sweeps
 * the leftovers first, knows the crash was pghop's own and recovers the old cluster.
 */
public final class PlanScratch {
    private static final Logger LOG = Logger.getLogger("pghop");
    /** The mark a plan leaves while the old cluster runs for it. */
    private static final String OLD_RUNNING = "old-running";

    private PlanScratch() {
    }

    static void markOldRunning(Layout layout) throws IOException {
        Files.createDirectories(layout.planScratch());
        Files.writeString(layout.planScratch().resolve(OLD_RUNNING), "the old cluster runs for pghop plan\n");
    }

    static void unmarkOldRunning(Layout layout) throws IOException {
        Files.deleteIfExists(layout.planScratch().resolve(OLD_RUNNING));
    }

    /**
     * Removes what a killed `plan` left beside PGDATA; when it had the old cluster running, the cluster is recovered
     * first (its WAL replayed once, in single-user mode, and shut down cleanly): the crash was pghop's own.
     */
    public static void sweep(UpgradeSettings settings) {
        Layout layout = Layout.of(settings.pgdata(), settings.newPgdata());
        Path dir = layout.planScratch();
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
                    SingleUser.recover(settings.pgdata(), programs);
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
}
