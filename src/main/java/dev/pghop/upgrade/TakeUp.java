package dev.pghop.upgrade;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;

import org.jboss.logging.Logger;

import dev.pghop.config.Env;
import dev.pghop.config.UpgradeSettings;
import dev.pghop.config.Var;
import dev.pghop.report.PghopException;

/**
 * How a run of `pghop upgrade` takes up what an earlier one left, read from the state file: an upgrade cut short
 * before its transfer ended is undone ({@link Undo}), so this run starts afresh; one cut short later goes on where
 * it was; a rollback cut short must be finished first.
 */
final class TakeUp {
    private static final Logger LOG = Logger.getLogger("pghop");

    private TakeUp() {
    }

    /** Where this run starts; {@code state} is the earlier run's, or null when none is under way. */
    static InPlaceUpgrade.Resume from(UpgradeSettings settings, Layout layout, UpgradeState state) {
        if (state == null) {
            if (!Files.isDirectory(settings.pgdata())) {
                throw Env.invalid(Var.PGDATA, "names " + settings.pgdata() + ", which is not an existing directory,"
                        + " and no upgrade of it is under way (" + layout.workspace() + " holds none); mount the old"
                        + " server's volume at the same place as its Deployment does");
            }
            return alreadyNew(settings, layout) ? InPlaceUpgrade.Resume.ALREADY_NEW : InPlaceUpgrade.Resume.FRESH;
        }
        LOG.infof("an earlier run of this upgrade (PostgreSQL %d to %d, TRANSFER=%s, started %s) stopped at %s",
                state.oldMajor(), state.newMajor(), state.transfer(), state.startedAt(), state.phase().text());
        try {
            return switch (state.phase()) {
                case INSPECTING, CHECKED, TRANSFERRING -> {
                    Undo.beforeTransfer(settings, layout, state, "it stopped before its transfer ended");
                    yield InPlaceUpgrade.Resume.FRESH;
                }
                case TRANSFERRED, FINISHING -> InPlaceUpgrade.Resume.AFTER_TRANSFER;
                case PROVEN, SWAPPING, SWAPPING_IN -> InPlaceUpgrade.Resume.AT_SWAP;
                case DONE -> {
                    refuseWhileOldIsKept(settings, layout, state);
                    yield InPlaceUpgrade.Resume.DONE;
                }
                case ROLLING_BACK, ROLLING_BACK_IN -> throw PghopException.refused("a rollback of this upgrade was"
                        + " cut short; run `pghop upgrade rollback` again to finish it");
            };
        } catch (IOException e) {
            throw PghopException.upgradeFailed("while taking up the earlier run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PghopException.upgradeFailed("interrupted while taking up the earlier run", e);
        }
    }

    /** A finished upgrade whose old cluster is still kept cannot be followed by an upgrade to a newer major. */
    private static void refuseWhileOldIsKept(UpgradeSettings settings, Layout layout, UpgradeState state) {
        Optional<ServerPrograms> newest = newestQuietly(settings);
        if (newest.isPresent() && newest.get().major() != state.newMajor()) {
            throw PghopException.refused("the upgrade from PostgreSQL " + state.oldMajor() + " to " + state.newMajor()
                    + " still keeps the old cluster in " + layout.keptOld(state.oldMajor()) + ": run `pghop upgrade"
                    + " drop-old` (in any upgrade image) once the PostgreSQL " + state.newMajor() + " server has"
                    + " served well, then upgrade again. Nothing was changed");
        }
    }

    /** PGDATA already holds the new major's cluster and no upgrade is under way: there is nothing to do. */
    private static boolean alreadyNew(UpgradeSettings settings, Layout layout) {
        try {
            Optional<Integer> major = DataDirectory.majorOf(settings.pgdata());
            Optional<ServerPrograms> newest = newestQuietly(settings);
            return layout.inPlace() && major.isPresent() && newest.isPresent() && major.get() == newest.get().major();
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<ServerPrograms> newestQuietly(UpgradeSettings settings) {
        try {
            return Optional.of(ServerPrograms.newest(settings.newBinDir()));
        } catch (ServerPrograms.Missing e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
