package dev.pghop.upgrade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where an in-place upgrade puts what, on the old cluster's volume. The new cluster takes PGDATA's place, so the
 * Deployment keeps its PGDATA:
 * <ul>
 * <li>{@link Kind#BESIDE}, where PGDATA is a directory of its volume (the blog's /var/lib/postgresql/data/pgdata): the
 * new cluster is made beside it ({@code PGDATA.new-<major>}), then two renames swap them, and the old cluster is
 * kept as {@code PGDATA.old-<major>};</li>
 * <li>{@link Kind#INSIDE}, where PGDATA is the volume's root itself (the official image's default, a Docker named
 * volume at /var/lib/postgresql/data), which cannot be renamed: the new cluster is made in PGDATA's own
 * {@code .pghop-new-<major>}, then the old cluster's entries move into {@code .pghop-old-<major>} and the new
 * cluster's up into PGDATA, entry by entry;</li>
 * <li>{@link Kind#ELSEWHERE}, with NEW_PGDATA: the new cluster is made there, and PGDATA stays as it is.</li>
 * </ul>
 * The upgrade's own files (its state, the proof, pg_upgrade's scripts and logs) go in its own directory, beside the
 * new cluster's place ({@code .upgrade}) or, inside, {@code .pghop-upgrade}: a rerun finds them there, whatever step
 * the last run reached.
 *
 * @param pgdata PGDATA, where the old cluster is until the swap
 * @param target where the Deployment finds the new cluster at the end: PGDATA, or NEW_PGDATA
 */
public record Layout(Path pgdata, Path target, Kind kind) {
    /** The names pghop gives what it keeps inside PGDATA; nothing of a cluster's own starts so. */
    static final String INSIDE_PREFIX = ".pghop-";

    /** How the new cluster comes to its place. */
    public enum Kind { BESIDE, INSIDE, ELSEWHERE }

    public static Layout of(Path pgdata, Optional<Path> newPgdata) {
        if (newPgdata.isPresent()) {
            return new Layout(pgdata, newPgdata.get(), Kind.ELSEWHERE);
        }
        return new Layout(pgdata, pgdata, isVolumeRoot(pgdata) ? Kind.INSIDE : Kind.BESIDE);
    }

    private static boolean isVolumeRoot(Path pgdata) {
        try {
            return Files.isDirectory(pgdata) && Mounts.isMountPoint(pgdata);
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the new cluster takes PGDATA's place (no NEW_PGDATA). */
    public boolean inPlace() {
        return kind != Kind.ELSEWHERE;
    }

    /** The upgrade's own directory: its state file, the recorded proof, pg_upgrade's scripts and logs. */
    public Path workspace() {
        return kind == Kind.INSIDE ? pgdata.resolve(INSIDE_PREFIX + "upgrade") : sibling(target, ".upgrade");
    }

    /** Where pg_upgrade builds the new cluster: beside PGDATA, inside it, or NEW_PGDATA itself. */
    public Path building(int newMajor) {
        return switch (kind) {
            case BESIDE -> sibling(pgdata, ".new-" + newMajor);
            case INSIDE -> pgdata.resolve(INSIDE_PREFIX + "new-" + newMajor);
            case ELSEWHERE -> target;
        };
    }

    /** Where the old cluster is once the new one has taken its place: beside it, inside it, or still PGDATA. */
    public Path keptOld(int oldMajor) {
        return switch (kind) {
            case BESIDE -> sibling(pgdata, ".old-" + oldMajor);
            case INSIDE -> pgdata.resolve(INSIDE_PREFIX + "old-" + oldMajor);
            case ELSEWHERE -> pgdata;
        };
    }

    /** Where a rollback puts a new cluster that had already taken PGDATA's place, so nothing is deleted. */
    public Path rolledBack(int newMajor) {
        return kind == Kind.INSIDE ? pgdata.resolve(INSIDE_PREFIX + "rolled-back-" + newMajor)
                : sibling(pgdata, ".rolled-back-" + newMajor);
    }

    /** Where `plan` makes its scratch cluster, which it removes. */
    public Path planScratch() {
        return kind == Kind.INSIDE ? pgdata.resolve(INSIDE_PREFIX + "plan") : sibling(target, ".plan");
    }

    /** The directory the new cluster and the upgrade's own files go in. */
    public Path newParent() {
        return kind == Kind.INSIDE ? pgdata : target.getParent();
    }

    private static Path sibling(Path dir, String suffix) {
        return dir.resolveSibling(dir.getFileName() + suffix);
    }
}
