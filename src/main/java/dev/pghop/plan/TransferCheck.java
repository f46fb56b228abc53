package dev.pghop.plan;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.pghop.config.TransferMode;
import dev.pghop.config.UpgradeSettings;
import dev.pghop.report.Sizes;
import dev.pghop.upgrade.DataDirectory;
import dev.pghop.upgrade.Disk;
import dev.pghop.upgrade.Inspection;
import dev.pghop.upgrade.Layout;
import dev.pghop.upgrade.ServerPrograms;

/**
 * Before an in-place upgrade, whether the new cluster can be made where it goes, with the transfer mode asked for:
 * beside PGDATA on its own volume (or in NEW_PGDATA), with room for what that mode writes, on one filesystem where
 * the mode shares files (link, clone, swap), and with the tablespaces reachable.
 */
final class TransferCheck {
    static final String PLACE = "new cluster's place";
    static final String TRANSFER = "transfer";
    static final String ROOM = "room for the upgrade";
    static final String TABLESPACES = "tablespaces";

    private TransferCheck() {
    }

    static List<Finding> check(UpgradeSettings settings, Inspection inspection) {
        Disk disk = inspection.disk();
        List<Finding> findings = new ArrayList<>();
        findings.add(place(settings, inspection, disk));
        findings.add(transfer(settings, inspection, disk));
        long needed = disk.roomNeeded();
        findings.add(disk.usableBytes() >= needed
                ? Finding.ok(ROOM, Sizes.bytes(disk.usableBytes()) + " free where the new cluster goes; TRANSFER="
                        + disk.transfer() + " writes about " + Sizes.bytes(needed))
                : Finding.blocker(ROOM, "TRANSFER=" + disk.transfer() + " writes about " + Sizes.bytes(needed)
                        + " where the new cluster goes (" + inspection.newDir().getParent() + "), which has "
                        + Sizes.bytes(disk.usableBytes()) + " free. Grow the volume, or use TRANSFER=link (only the"
                        + " catalogs are written again)"));
        disk.data().ifPresent(data -> findings.addAll(tablespaces(data,
                disk.newPrograms().value().map(ServerPrograms::major))));
        return findings;
    }

    private static Finding place(UpgradeSettings settings, Inspection inspection, Disk disk) {
        Path where = inspection.layout().newParent();
        if (disk.placeTaken().isPresent()) {
            return Finding.blocker(PLACE, disk.placeTaken().get() + " exists and is not empty, and no upgrade of this"
                    + " cluster is under way: pghop makes the new cluster in a new or empty directory, and never"
                    + " removes what it did not make. Move it away" + (inspection.layout().kind()
                            == Layout.Kind.ELSEWHERE ? ", or set NEW_PGDATA to another directory"
                                    : " if it is a leftover you do not need"));
        }
        if (!disk.placeWritable()) {
            return Finding.blocker(PLACE, "this user cannot write in " + where + ", where the new cluster goes:"
                    + " give the volume to the server's user (fsGroup: 999 in the Job's securityContext; on storage"
                    + " that ignores fsGroup, such as hostPath or local-path, chown 999:999 " + where + " once)");
        }
        int oldMajor = disk.oldMajor().orElse(0);
        return Finding.ok(PLACE, switch (inspection.layout().kind()) {
            case BESIDE -> "made in " + inspection.newDir() + ", then swapped with PGDATA; the old cluster is kept as "
                    + inspection.layout().keptOld(oldMajor);
            case INSIDE -> "PGDATA is its volume's root, so the new cluster is made inside it, in "
                    + inspection.newDir() + "; then the old cluster's files move into "
                    + inspection.layout().keptOld(oldMajor) + " and the new one's up into PGDATA. Until `pghop"
                    + " upgrade drop-old`, a base backup of the new server (pg_basebackup) copies the old cluster too";
            case ELSEWHERE -> "made in NEW_PGDATA " + inspection.layout().target() + "; PGDATA stays as it is";
        });
    }

    private static Finding transfer(UpgradeSettings settings, Inspection inspection, Disk disk) {
        TransferMode mode = disk.transfer();
        int newMajor = disk.newPrograms().value().map(p -> p.major()).orElse(0);
        if (!mode.offeredBy(newMajor)) {
            return Finding.blocker(TRANSFER, "TRANSFER=" + mode + " needs pg_upgrade " + mode.sinceMajor()
                    + " or later, and this is " + newMajor + ". Use link, clone or copy");
        }
        if (mode.needsOneFilesystem() && !disk.oneFilesystem()) {
            return Finding.blocker(TRANSFER, "TRANSFER=" + mode + " shares the old cluster's files with the new one,"
                    + " which needs both on one filesystem, but PGDATA " + settings.pgdata() + " and the new"
                    + " cluster's place " + inspection.newDir() + " are on two (pg_upgrade would fail with \"Invalid"
                    + " cross-device link\"). Use TRANSFER=copy (or auto), or set NEW_PGDATA to a directory on"
                    + " PGDATA's volume");
        }
        String wayBack = switch (mode.wayBack()) {
            case ALWAYS -> "the old cluster keeps its own files: `pghop upgrade rollback` puts it back until"
                    + " `pghop upgrade drop-old`";
            case UNTIL_NEW_STARTS -> "the old cluster's way back ends when the new one first starts, which this"
                    + " run does to finish and prove it";
            case NONE -> "no way back: the old cluster's files are moved into the new one";
        };
        String chosen = settings.transfer() == TransferMode.AUTO ? "auto chose " + disk.transferWhy() : "TRANSFER="
                + mode;
        return mode.wayBack() == TransferMode.WayBack.NONE ? Finding.warning(TRANSFER, chosen + "; " + wayBack)
                : Finding.ok(TRANSFER, chosen + "; " + wayBack);
    }

    private static List<Finding> tablespaces(DataDirectory data, Optional<Integer> newMajor) {
        List<Finding> findings = new ArrayList<>();
        List<String> unreachable = data.tablespaces().stream().filter(t -> !t.reachable())
                .map(t -> t.oid() + " at " + t.location()).toList();
        List<Path> newParts = newParts(data, newMajor);
        if (!unreachable.isEmpty()) {
            findings.add(Finding.blocker(TABLESPACES, "tablespaces this Job cannot reach: " + String.join(", ",
                    unreachable) + ". Mount their volumes in the Job where the old server had them"));
        } else if (!newParts.isEmpty()) {
            findings.add(Finding.blocker(TABLESPACES, "the new major's part of a tablespace already exists: "
                    + newParts.stream().map(Path::toString).collect(Collectors.joining(", ")) + ". A new cluster"
                    + " made before (one a rollback kept aside, or one made by hand) still uses it; remove that"
                    + " cluster and these directories if nothing needs them, then run again"));
        } else if (!data.tablespaces().isEmpty()) {
            findings.add(Finding.ok(TABLESPACES, data.tablespaces().size() + " tablespace(s); the new cluster's"
                    + " part goes beside the old one's in each"));
        }
        data.externalWal().ifPresent(wal -> findings.add(Finding.warning("WAL directory", "the old cluster's pg_wal"
                + " leads to " + wal + "; the new cluster keeps its WAL in its own data directory")));
        return findings;
    }

    /** The PG_<new major>_* directories already in the old cluster's tablespaces, which pg_upgrade would refuse. */
    private static List<Path> newParts(DataDirectory data, Optional<Integer> newMajor) {
        if (newMajor.isEmpty()) {
            return List.of();
        }
        try {
            return data.tablespaceParts(newMajor.get());
        } catch (IOException e) {
            return List.of(); // an unreadable tablespace is named by the reachability check above
        }
    }
}
