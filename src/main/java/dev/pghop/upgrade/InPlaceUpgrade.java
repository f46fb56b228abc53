package dev.pghop.upgrade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.jboss.logging.Logger;

import dev.pghop.config.UpgradeSettings;
import dev.pghop.passwords.PasswordStep;
import dev.pghop.report.PghopException;
import dev.pghop.verify.VerifyReport;

/**
 * The steps of `pghop upgrade` after its checks, each recorded in the state file before it changes anything, so a
 * run killed at any moment is taken up by the next: the transfer (pg_upgrade), the finish (the new cluster started
 * for pghop alone: extensions updated, indexes of changed collations rebuilt, a first statistics pass, passwords,
 * the proof against the old cluster's record), and the swap that puts the new cluster in PGDATA's place.
 */
public final class InPlaceUpgrade {
    private static final Logger LOG = Logger.getLogger("pghop");
    static final String OLD_RECORD = "old-catalog.json";
    static final String REPORT = "verify-report.json";
    static final String REBUILD = "rebuild-indexes.json";

    /** Where a run takes up: from the start, after the transfer, at the swap, or nothing left to do. */
    public enum Resume { FRESH, AFTER_TRANSFER, AT_SWAP, DONE, ALREADY_NEW }

    private final UpgradeSettings settings;
    private final Layout layout;
    /** The upgrade's state, each change written before the step it names. */
    private final StateLog log;

    private InPlaceUpgrade(UpgradeSettings settings, Layout layout, UpgradeState state) {
        this.settings = settings;
        this.layout = layout;
        this.log = new StateLog(layout.workspace(), state);
    }

    public static InPlaceUpgrade open(UpgradeSettings settings) {
        Layout layout = Layout.of(settings.pgdata(), settings.newPgdata());
        try {
            return new InPlaceUpgrade(settings, layout, UpgradeState.read(layout.workspace()).orElse(null));
        } catch (IOException e) {
            throw PghopException.upgradeFailed("cannot read the upgrade's state in " + layout.workspace() + ": "
                    + e.getMessage() + ". Move that directory aside only if no upgrade of this cluster is under way",
                    e);
        }
    }

    public Layout layout() {
        return layout;
    }

    public Optional<UpgradeState> state() {
        return Optional.ofNullable(log.current());
    }

    /** The inspection `upgrade` makes: its new cluster where the transfer will fill it, the proof recorded. */
    public Inspection inspection() {
        return new Inspection(settings, layout, layout::building, false, true);
    }

    /**
     * Takes up what an earlier run left ({@link TakeUp}): one cut short before its transfer ended is undone, so this
     * run starts afresh; one cut short later goes on where it was.
     */
    public Resume takeUp() {
        Resume resume = TakeUp.from(settings, layout, log.current());
        if (resume == Resume.FRESH) {
            log.clear();
        }
        return resume;
    }

    /** The checks passed far enough to write: the upgrade's directory and its state, before the clusters start. */
    public void begin(Disk disk) {
        try {
            Files.createDirectories(layout.workspace(), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            log.set(UpgradeState.begin(disk.oldMajor().orElseThrow(), disk.newPrograms().value().orElseThrow()
                    .major(), disk.transfer()).withOldRunning(true));
        } catch (IOException e) {
            throw PghopException.upgradeFailed("cannot write the upgrade's state in " + layout.workspace() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The checks refused: what `begin` and the inspection made is removed; the old cluster is as it was. */
    public void abandon(Inspection inspection) {
        inspection.close();
        try {
            if (inspection.disk().placeTaken().isEmpty()) {
                Trees.deleteMade(inspection.newDir());
            }
            Trees.delete(Inspection.checkDir(inspection.newDir()));
            Trees.delete(layout.workspace());
            log.clear();
        } catch (IOException e) {
            LOG.errorf("could not remove %s: %s", inspection.newDir(), e.getMessage());
        }
    }

    /**
     * The transfer ({@link Transfer}): the proof of the old cluster and the indexes to rebuild are recorded, then
     * pg_upgrade runs. Until it ends, a killed run is undone by the next one.
     */
    public void transfer(Inspection inspection) {
        new Transfer(settings, layout, log).run(inspection);
    }

    /** What the finish found. */
    public record Finished(VerifyReport proof, PasswordStep.Result passwords, int indexesRebuilt) {
    }

    /**
     * The finish ({@link Finish}), on the new cluster started for pghop alone: from here on, in link mode, the old
     * cluster's files are the new one's too.
     */
    public Finished finish() {
        return new Finish(settings, layout, log).run();
    }

    /** What the old cluster's way back is now, for a failure's message. */
    public String wayBack() {
        return wayBack(settings, log.current());
    }

    static String wayBack(UpgradeSettings settings, UpgradeState state) {
        return state.oldIntact()
                ? "The old cluster in " + settings.pgdata() + " is intact: fix the cause and run `pghop upgrade` again,"
                        + " or run `pghop upgrade rollback`"
                : "The old cluster's files are the new one's too (TRANSFER=" + state.transfer() + "), so there is no"
                        + " way back to it: fix the cause and run `pghop upgrade` again, which goes on from here";
    }

    /**
     * The new cluster takes PGDATA's place ({@link Swap}); then the upgrade is done, and the record of the old catalog,
     * compared, is removed.
     */
    public void swap() {
        try {
            if (layout.inPlace()) {
                new Swap(settings.pgdata(), layout, log.current(), log).run();
            }
            Files.deleteIfExists(layout.workspace().resolve(OLD_RECORD));
            log.advance(UpgradeState.Phase.DONE);
        } catch (IOException e) {
            throw PghopException.upgradeFailed("while putting the new cluster in PGDATA's place: " + e.getMessage()
                    + ". Run `pghop upgrade` again: it finishes the swap", e);
        }
    }

    /** How long the upgrade took since its state was first written. */
    public Duration took() {
        UpgradeState state = log.current();
        return state == null ? Duration.ZERO : Duration.between(state.startedAt(), Instant.now());
    }

    /** One line on the old cluster kept beside the new one, for the summary. */
    public String keptOldSummary() {
        UpgradeState state = log.current();
        Path kept = layout.keptOld(state.oldMajor());
        return "the old cluster is kept in " + kept + (state.oldIntact() ? " (intact: `pghop upgrade rollback` puts it"
                + " back)" : " (its files are shared with the new one: no way back)") + "; `pghop upgrade drop-old`"
                + " removes it";
    }
}
