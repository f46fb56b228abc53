package dev.pghop.upgrade;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where an in-place upgrade puts what, on the old cluster's volume. By default the new cluster takes PGDATA's place:
 * it is built beside it ({@code PGDATA.new-<major>}), then the two are swapped and the old cluster is kept as
 * {@code PGDATA.old-<major>}, so the Deployment keeps its PGDATA. With NEW_PGDATA the new cluster is built there and
 * PGDATA is left as it is. Either way the upgrade's own files (its state, the proof, pg_upgrade's scripts and logs)
 * go in a directory beside the new cluster, named {@code .upgrade}: a rerun finds them there, whatever step the last
 * run reached.
 *
 * @param pgdata PGDATA, where the old cluster is until the swap
 * @param target where the Deployment finds the new cluster at the end: PGDATA, or NEW_PGDATA
 * @param inPlace whether the new cluster takes PGDATA's place (no NEW_PGDATA)
 */
public record Layout(Path pgdata, Path target, boolean inPlace) {

    public static Layout of(Path pgdata, Optional<Path> newPgdata) {
        return newPgdata.map(n -> new Layout(pgdata, n, false)).orElseGet(() -> new Layout(pgdata, pgdata, true));
    }

    /** The upgrade's own directory: its state file, the recorded proof, pg_upgrade's scripts and logs. */
    public Path workspace() {
        return sibling(target, ".upgrade");
    }

    /** Where pg_upgrade builds the new cluster: beside PGDATA, or NEW_PGDATA itself. */
    public Path building(int newMajor) {
        return inPlace ? sibling(pgdata, ".new-" + newMajor) : target;
    }

    /** Where the old cluster is once the new one has taken its place: beside it, or still PGDATA. */
    public Path keptOld(int oldMajor) {
        return inPlace ? sibling(pgdata, ".old-" + oldMajor) : pgdata;
    }

    /** Where a rollback puts a new cluster that had already taken PGDATA's place, so nothing is deleted. */
    public Path rolledBack(int newMajor) {
        return sibling(pgdata, ".rolled-back-" + newMajor);
    }

    private static Path sibling(Path dir, String suffix) {
        return dir.resolveSibling(dir.getFileName() + suffix);
    }
}
