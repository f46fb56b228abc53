package dev.pghop.upgrade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

import org.jboss.logging.Logger;

import dev.pghop.config.UpgradeSettings;
import dev.pghop.files.DurableFiles;
import dev.pghop.report.PghopException;

/**
 * `pghop upgrade rollback`: the old cluster back in PGDATA, wherever it is still whole. Before the swap the half-made
 * or finished new cluster is removed (no one has used it); after it, the new cluster is moved aside, never deleted,
 * since its server may have taken writes. Where the old cluster's files are no longer its own (TRANSFER=link once
 * the new cluster started, swap once the transfer began), it says so and changes nothing.
 */
public final class Rollback {
    private static final Logger LOG = Logger.getLogger("pghop");

    /** What the rollback did, for the summary. */
    public record Done(String summary) {
    }

    private Rollback() {
    }

    public static Done run(UpgradeSettings settings) {
        Layout layout = Layout.of(settings.pgdata(), settings.newPgdata());
        Optional<UpgradeState> found;
        try {
            found = UpgradeState.read(layout.workspace());
        } catch (IOException e) {
            throw PghopException.upgradeFailed("cannot read the upgrade's state in " + layout.workspace() + ": "
                    + e.getMessage(), e);
        }
        if (found.isEmpty()) {
            return new Done("no upgrade of " + settings.pgdata() + " to roll back (" + layout.workspace()
                    + " holds none); nothing was changed");
        }
        UpgradeState state = found.get();
        if (!state.oldIntact()) {
            throw PghopException.refused("the old cluster can no longer be put back: " + (state.transfer().wayBack()
                    == dev.pghop.config.TransferMode.WayBack.NONE ? "TRANSFER=swap moved its files into the new"
                            + " cluster" : "TRANSFER=link made its files the new cluster's too, and the new cluster"
                                    + " has started since")
                    + ". The new cluster is in " + (state.phase().compareTo(UpgradeState.Phase.SWAPPING) >= 0
                            ? settings.pgdata() : layout.building(state.newMajor()))
                    + "; to go back to PostgreSQL " + state.oldMajor() + ", restore a backup. Nothing was changed");
        }
        try {
            if (layout.kind() == Layout.Kind.INSIDE && (state.phase() == UpgradeState.Phase.SWAPPING
                    || state.phase() == UpgradeState.Phase.SWAPPING_IN)) {
                state = finishSwap(settings, layout, state);
            }
            if (state.phase() != UpgradeState.Phase.ROLLING_BACK_IN) {
                state.at(UpgradeState.Phase.ROLLING_BACK).write(layout.workspace());
            }
            String summary = putBack(settings, layout, state);
            Trees.delete(layout.workspace());
            return new Done(summary);
        } catch (IOException e) {
            throw PghopException.upgradeFailed("the rollback failed: " + e.getMessage() + ". Run `pghop upgrade"
                    + " rollback` again", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PghopException.upgradeFailed("interrupted during the rollback; run it again", e);
        }
    }

    /**
     * A swap inside PGDATA cut short leaves each cluster's entries split between two directories. Its moves are
     * finished first (each a rename, and resumable), so the old cluster is whole in its kept directory and the new
     * one whole in PGDATA before the rollback moves anything back.
     */
    private static UpgradeState finishSwap(UpgradeSettings settings, Layout layout, UpgradeState cut)
            throws IOException {
        StateLog log = new StateLog(layout.workspace(), cut);
        LOG.infof("the swap inside %s was cut short: finishing its moves first, so each cluster is whole",
                settings.pgdata());
        new Swap(settings.pgdata(), layout, cut, log).run();
        return log.current();
    }

    private static String putBack(UpgradeSettings settings, Layout layout, UpgradeState state)
            throws IOException, InterruptedException {
        Path pgdata = settings.pgdata();
        Path building = layout.building(state.newMajor());
        Path kept = layout.keptOld(state.oldMajor());
        String movedAside = "";
        if (layout.kind() == Layout.Kind.INSIDE && Files.exists(kept)) {
            // inside the volume's root: the new cluster's entries go aside, then the old cluster's come back up
            Path aside = layout.rolledBack(state.newMajor());
            if (state.phase() != UpgradeState.Phase.ROLLING_BACK_IN) {
                Files.createDirectories(aside);
                Trees.moveEntries(pgdata, aside, Trees.notPghops());
                state.at(UpgradeState.Phase.ROLLING_BACK_IN).write(layout.workspace());
            }
            Trees.moveEntries(kept, pgdata, name -> true);
            Files.delete(kept);
            movedAside = "; the new cluster, which may have taken writes, is kept in " + aside;
        } else if (layout.inPlace() && Files.exists(kept)) {
            // swapped (or half-swapped): the new cluster leaves PGDATA, kept aside; the old one comes back
            if (Files.exists(pgdata)) {
                Path aside = DurableFiles.moveAside(pgdata, ".rolled-back-" + state.newMajor());
                movedAside = "; the new cluster, which may have taken writes, is kept in " + aside;
            }
            Files.move(kept, pgdata, StandardCopyOption.ATOMIC_MOVE);
            DurableFiles.syncDirectory(pgdata.getParent());
        } else {
            Undo.deleteNewTablespaceParts(pgdata, state.newMajor());
            Trees.deleteMade(building);
        }
        Trees.delete(Inspection.checkDir(building));
        Undo.pgControlBack(pgdata);
        ServerPrograms programs;
        try {
            programs = ServerPrograms.ofMajor(state.oldMajor(), settings.oldBinDir());
        } catch (ServerPrograms.Missing e) {
            throw new IOException("the old major's programs are missing: " + e.getMessage(), e);
        }
        Undo.recover(pgdata, programs);
        if (!state.superuser().isEmpty()) {
            ColumnStamps.putBack(layout.workspace(), pgdata, programs, state.superuser());
        }
        LOG.infof("PGDATA %s holds the PostgreSQL %d cluster again", pgdata, state.oldMajor());
        return "PGDATA " + pgdata + " holds the PostgreSQL " + state.oldMajor() + " cluster again, shut down"
                + " cleanly; start the old Deployment (its image unchanged)" + movedAside;
    }
}
