package dev.pghop.upgrade;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.SQLException;

import org.jboss.logging.Logger;

import dev.pghop.config.TransferMode;
import dev.pghop.config.UpgradeSettings;
import dev.pghop.report.Interruption;
import dev.pghop.report.PghopException;

/**
 * The transfer: what must be recorded before it (the old catalog for the proof, the indexes to rebuild, the column
 * stamps taken off), then pg_upgrade, its phases shown as they go. A failure in pg_upgrade's own checks, before it
 * changed anything, is a refusal, undone at once; a later one says whether the old cluster is still whole.
 */
final class Transfer {
    private static final Logger LOG = Logger.getLogger("pghop");

    private final UpgradeSettings settings;
    private final Layout layout;
    private final StateLog log;

    Transfer(UpgradeSettings settings, Layout layout, StateLog log) {
        this.settings = settings;
        this.layout = layout;
        this.log = log;
    }

    void run(Inspection inspection) {
        Disk disk = inspection.disk();
        try {
            ColumnStamps stamps = inspection.oldCluster().stamps();
            if (stamps.count() > 0 && log.current().newMajor() != log.current().oldMajor()) {
                stamps.write(layout.workspace());
                stamps.remove(inspection.oldEndpoint());
            }
            inspection.close();
            inspection.oldRecord().write(layout.workspace().resolve(InPlaceUpgrade.OLD_RECORD));
            IndexList.write(layout.workspace().resolve(InPlaceUpgrade.REBUILD), inspection.collations());
            Trees.delete(Inspection.checkDir(inspection.newDir()));
            log.update(s -> s.at(UpgradeState.Phase.CHECKED).withOldRunning(false)
                    .withSuperuser(inspection.oldCluster().superuser()));
            log.update(s -> s.at(UpgradeState.Phase.TRANSFERRING).withOldRunning(true));
            UpgradeState state = log.current();
            Interruption.leaves("the upgrade stopped during pg_upgrade's transfer; the old cluster is "
                    + (state.transfer() == TransferMode.SWAP ? "no longer whole (TRANSFER=swap)" : "intact")
                    + ": run `pghop upgrade` again to start over, or `pghop upgrade rollback`");
            LOG.infof("pg_upgrade from PostgreSQL %d to %d, TRANSFER=%s%s", state.oldMajor(), state.newMajor(),
                    state.transfer(), disk.transferWhy().isEmpty() ? "" : " (auto: " + disk.transferWhy() + ")");
            try (TransferProgress progress = new TransferProgress(inspection.newDir(), disk.clusterBytes(),
                    settings.progressInterval())) {
                new PgUpgrade(disk.oldPrograms().value().orElseThrow(), disk.newPrograms().value().orElseThrow(),
                        settings.pgdata(), inspection.newDir(), inspection.oldCluster().superuser(),
                        layout.workspace()).upgrade(state.transfer(), settings.jobs(), progress);
            }
            // pg_upgrade's script removes the old cluster by the path it had, which the swap gives the new one
            Files.deleteIfExists(layout.workspace().resolve("delete_old_cluster.sh"));
            log.update(s -> s.at(UpgradeState.Phase.TRANSFERRED).withOldRunning(false));
            TestPause.at("transferred");
        } catch (PgUpgrade.Failed e) {
            if (!e.checking()) {
                throw failed(e.getMessage(), inspection, e);
            }
            try {
                Undo.beforeTransfer(settings, layout, log.current(), "pg_upgrade's checks refused the pair");
                log.clear();
            } catch (IOException | InterruptedException undo) {
                e.addSuppressed(undo);
            }
            throw PghopException.refused("upgrade refused before changing anything: pg_upgrade's checks: "
                    + String.join(" | ", e.result().problems()) + ". Fix each in the old cluster, then run again");
        } catch (SQLException e) {
            throw PghopException.upgradeFailed("while taking the column option pg_attver off the old cluster: "
                    + e.getMessage() + ". " + InPlaceUpgrade.wayBack(settings, log.current()), e);
        } catch (IOException e) {
            throw failed("pg_upgrade failed: " + e.getMessage(), inspection, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PghopException.upgradeFailed("interrupted during pg_upgrade", e);
        }
    }

    /** pg_upgrade failed once it began: whether the old cluster is whole, and where pg_upgrade's logs are. */
    private PghopException failed(String what, Inspection inspection, Exception cause) {
        return PghopException.upgradeFailed(what + ". The old cluster in " + settings.pgdata() + " is "
                + (log.current().oldIntact() ? "intact: run `pghop upgrade` again once the cause is fixed (it starts"
                        + " over), or `pghop upgrade rollback`"
                        : "no longer whole (TRANSFER=swap): restore it from a backup")
                + "; pg_upgrade's logs are in " + inspection.newDir().resolve("pg_upgrade_output.d"), cause);
    }
}
