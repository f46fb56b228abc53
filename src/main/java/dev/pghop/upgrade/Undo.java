package dev.pghop.upgrade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

import org.jboss.logging.Logger;

import dev.pghop.config.TransferMode;
import dev.pghop.config.UpgradeSettings;
import dev.pghop.files.DurableFiles;
import dev.pghop.report.PghopException;

/**
 * Puts things back as they were before an upgrade whose transfer did not end: the old cluster recovered (pghop or
 * pg_upgrade had it running when the run was killed), its pg_control back where pg_upgrade --link had renamed it,
 * its columns' options back where pghop had taken a stamp off, the half-made new cluster and the upgrade's own
 * files removed. The next run then starts afresh.
 */
final class Undo {
    private static final Logger LOG = Logger.getLogger("pghop");

    private Undo() {
    }

    static void beforeTransfer(UpgradeSettings settings, Layout layout, UpgradeState state, String why)
            throws IOException, InterruptedException {
        Path pgdata = settings.pgdata();
        if (state.phase() == UpgradeState.Phase.TRANSFERRING && state.transfer() == TransferMode.SWAP) {
            throw PghopException.refused("the earlier run was killed while pg_upgrade --swap moved the old cluster's"
                    + " files into the new one: the old cluster in " + pgdata + " is no longer whole, and the new one"
                    + " in " + layout.building(state.newMajor()) + " is not finished. Restore the cluster from a"
                    + " backup");
        }
        LOG.infof("undoing the earlier run (%s): the old cluster stays as it was", why);
        pgControlBack(pgdata);
        Optional<ServerPrograms> programs = oldPrograms(settings);
        if (programs.isPresent()) {
            recover(pgdata, programs.get());
            if (!state.superuser().isEmpty()) {
                ColumnStamps.putBack(layout.workspace(), pgdata, programs.get(), state.superuser());
            }
        }
        Path building = layout.building(state.newMajor());
        deleteNewTablespaceParts(pgdata, state.newMajor());
        Trees.deleteMade(building);
        Trees.delete(Inspection.checkDir(building));
        Trees.delete(layout.workspace());
    }

    /**
     * The new major's part of each tablespace, which pg_upgrade made beside the old one's for a new cluster that is
     * being removed. The checks refuse to start while such a part exists, so one found here is this upgrade's.
     */
    static void deleteNewTablespaceParts(Path oldPgdata, int newMajor) throws IOException {
        for (Path part : DataDirectory.tablespaceParts(oldPgdata, newMajor)) {
            LOG.infof("removing the new cluster's part of a tablespace: %s", part);
            Trees.delete(part);
        }
    }

    /** pg_control back where pg_upgrade --link renamed it: only ever before the new cluster first started. */
    static void pgControlBack(Path pgdata) throws IOException {
        Path controlOld = pgdata.resolve("global/pg_control.old");
        Path control = pgdata.resolve("global/pg_control");
        if (Files.exists(controlOld) && !Files.exists(control)) {
            Files.move(controlOld, control, StandardCopyOption.ATOMIC_MOVE);
            DurableFiles.syncDirectory(control.getParent());
            LOG.infof("renamed %s back to pg_control: pg_upgrade --link had renamed it, and the new cluster never"
                    + " started", controlOld);
        }
    }

    /** The programs of the major PGDATA's cluster is of; empty when PGDATA holds none. */
    static Optional<ServerPrograms> oldPrograms(UpgradeSettings settings) throws IOException, InterruptedException {
        Optional<Integer> major = DataDirectory.majorOf(settings.pgdata());
        if (major.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ServerPrograms.ofMajor(major.get(), settings.oldBinDir()));
        } catch (ServerPrograms.Missing e) {
            throw PghopException.refused("the old cluster's programs are missing: " + e.getMessage());
        }
    }

    /**
     * Replays a cluster's WAL when a killed run left it as after a crash (pghop or pg_upgrade had it running), in
     * single-user mode, which shuts it down cleanly; a cluster shut down cleanly is left as it is.
     */
    static void recover(Path pgdata, ServerPrograms programs) throws IOException, InterruptedException {
        DataDirectory.makePrivate(pgdata);
        ControlData control = DataDirectory.controlData(pgdata, programs);
        if (control.shutDownCleanly()) {
            return;
        }
        LOG.infof("the cluster in %s was left %s by a killed run, which had it running: recovering it", pgdata,
                control.state());
        SingleUser.recover(pgdata, programs);
        LOG.infof("the cluster in %s is recovered and shut down cleanly", pgdata);
    }
}
