package dev.pghop.upgrade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

import org.jboss.logging.Logger;

import dev.pghop.files.DurableFiles;

/**
 * The new cluster takes PGDATA's place, each move recorded first, so that a run killed in the middle is finished by
 * the next. Beside PGDATA: two renames, PGDATA to the old cluster's kept name, then the new cluster to PGDATA; a
 * rerun that finds PGDATA missing makes the second. Inside PGDATA (its volume's root, which cannot be renamed): the
 * old cluster's entries move into the kept directory, then the new cluster's up into PGDATA; the state says which
 * of the two a killed run was in, so a rerun moves only what is left of that one.
 */
final class Swap {
    private static final Logger LOG = Logger.getLogger("pghop");

    private final Path pgdata;
    private final Layout layout;
    private final UpgradeState state;
    private final StateLog phases;

    Swap(Path pgdata, Layout layout, UpgradeState state, StateLog phases) {
        this.pgdata = pgdata;
        this.layout = layout;
        this.state = state;
        this.phases = phases;
    }

    void run() throws IOException {
        Path building = layout.building(state.newMajor());
        Path kept = layout.keptOld(state.oldMajor());
        if (layout.kind() == Layout.Kind.INSIDE) {
            inside(building, kept);
        } else {
            beside(building, kept);
        }
        LOG.infof("the new cluster is in %s; the old one is kept in %s", pgdata, kept);
    }

    private void beside(Path building, Path kept) throws IOException {
        phases.advance(UpgradeState.Phase.SWAPPING);
        if (Files.exists(building) && DataDirectory.majorOf(pgdata).orElse(-1) == state.oldMajor()) {
            Files.move(pgdata, kept, StandardCopyOption.ATOMIC_MOVE);
            DurableFiles.syncDirectory(pgdata.getParent());
            TestPause.at("swap");
        }
        if (Files.exists(building) && !Files.exists(pgdata)) {
            Files.move(building, pgdata, StandardCopyOption.ATOMIC_MOVE);
            DurableFiles.syncDirectory(pgdata.getParent());
        }
    }

    private void inside(Path building, Path kept) throws IOException {
        if (state.phase() != UpgradeState.Phase.SWAPPING_IN) {
            phases.advance(UpgradeState.Phase.SWAPPING);
            Files.createDirectories(kept, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                    "rwx------")));
            Trees.moveEntries(pgdata, kept, Trees.notPghops());
            TestPause.at("swap");
            phases.advance(UpgradeState.Phase.SWAPPING_IN);
        }
        if (Files.isDirectory(building)) {
            Trees.moveEntries(building, pgdata, name -> true);
            Files.delete(building);
            DurableFiles.syncDirectory(pgdata);
        }
    }
}
