package dev.pghop.upgrade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import dev.pghop.config.UpgradeSettings;
import dev.pghop.report.PghopException;
import dev.pghop.report.Sizes;

/**
 * `pghop upgrade drop-old`: removes the old cluster an upgrade kept, once the user says so: its directory, and its
 * part of each tablespace (the PG_&lt;major&gt;_* directory the old major made there). Only after an upgrade that
 * ended; in link mode the files it shares with the new cluster stay, as the new cluster's.
 */
public final class DropOld {
    private static final Logger LOG = Logger.getLogger("pghop");

    private DropOld() {
    }

    public static String run(UpgradeSettings settings) {
        Layout layout = Layout.of(settings.pgdata(), settings.newPgdata());
        try {
            Optional<UpgradeState> found = UpgradeState.read(layout.workspace());
            if (found.isEmpty()) {
                return "no upgrade of " + settings.pgdata() + " kept an old cluster (" + layout.workspace()
                        + " holds none); nothing was removed";
            }
            UpgradeState state = found.get();
            if (state.phase() != UpgradeState.Phase.DONE) {
                throw PghopException.refused("the upgrade of " + settings.pgdata() + " has not ended (it stopped at "
                        + state.phase().text() + "): the old cluster is still the one to keep. Run `pghop upgrade` to"
                        + " finish it, or `pghop upgrade rollback`");
            }
            Path old = layout.keptOld(state.oldMajor());
            Optional<Integer> major = DataDirectory.majorOf(old);
            if (major.isPresent() && major.get() != state.oldMajor()) {
                throw PghopException.refused(old + " holds a PostgreSQL " + major.get() + " cluster, not the old "
                        + state.oldMajor() + " one: nothing was removed");
            }
            List<Path> tablespaceParts = DataDirectory.tablespaceParts(layout.target(), state.oldMajor());
            long bytes = Trees.size(old);
            for (Path part : tablespaceParts) {
                LOG.infof("removing the old cluster's part of a tablespace: %s", part);
                Trees.delete(part);
            }
            LOG.infof("removing the old cluster in %s", old);
            Trees.deleteMade(old);
            Path report = keepReport(layout.workspace(), state);
            return "removed the PostgreSQL " + state.oldMajor() + " cluster kept in " + old + " (" + Sizes.bytes(bytes)
                    + " of files, some of them shared with the new cluster in link mode)"
                    + (tablespaceParts.isEmpty() ? "" : " and its part of " + tablespaceParts.size()
                            + " tablespace(s)") + "; the upgrade's proof stays in " + report;
        } catch (IOException e) {
            throw PghopException.upgradeFailed("while removing the old cluster: " + e.getMessage()
                    + ". Run `pghop upgrade drop-old` again", e);
        }
    }

    /**
     * Empties the upgrade's directory but for its proof, renamed for the pair (verify-report-13-to-15.json): the
     * state goes, so the next upgrade starts afresh, and the report of this one stays.
     */
    private static Path keepReport(Path workspace, UpgradeState state) throws IOException {
        Path report = workspace.resolve("verify-report-" + state.oldMajor() + "-to-" + state.newMajor() + ".json");
        try (Stream<Path> files = Files.list(workspace)) {
            for (Path file : files.toList()) {
                if (file.getFileName().toString().equals(InPlaceUpgrade.REPORT)) {
                    Files.move(file, report, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                } else if (!file.getFileName().toString().startsWith("verify-report-")) {
                    Trees.delete(file);
                }
            }
        }
        return report;
    }
}
