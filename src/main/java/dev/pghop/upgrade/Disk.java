package dev.pghop.upgrade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.stream.Stream;

import dev.pghop.config.TransferMode;
import dev.pghop.config.UpgradeSettings;
import dev.pghop.report.PghopException;

/**
 * The volume and the data directory, as the in-place upgrade finds them before starting anything, and the transfer
 * mode they call for (TRANSFER=auto resolved): the first stage of its checks.
 *
 * @param oldMajor the major PGDATA's PG_VERSION names, when it names one
 * @param newPrograms the new major's programs, or why they cannot be used
 * @param oldPrograms the old major's programs, or why they cannot be used
 * @param data the data directory, when the old programs could read it
 * @param mountPoint PGDATA is the root of its volume
 * @param oneFilesystem the new cluster's place is on PGDATA's filesystem
 * @param usableBytes free room where the new cluster goes
 * @param clusterBytes the old cluster's files, WAL excepted: what a copy writes again
 * @param catalogBytes the old cluster's system catalogs: what every transfer mode writes again
 * @param transfer the transfer mode, auto resolved
 * @param transferWhy why auto chose it, or empty
 * @param placeWritable this user may write in the directory the new cluster goes in
 * @param placeTaken what is already where the new cluster is to be made, when something is (never removed)
 * @param modeWas PGDATA's mode before pghop made it private, when it had to (a pod's fsGroup)
 */
public record Disk(Optional<Integer> oldMajor, Result<ServerPrograms> newPrograms,
        Result<ServerPrograms> oldPrograms, Optional<DataDirectory> data, boolean mountPoint, boolean oneFilesystem,
        long usableBytes, long clusterBytes, long catalogBytes, TransferMode transfer, String transferWhy,
        boolean placeWritable, Optional<Path> placeTaken, Optional<String> modeWas) {
    private static final long MARGIN = 256L << 20;

    /** A value, or why there is none. */
    public record Result<T>(Optional<T> value, String problem) {
        static <T> Result<T> of(T value) {
            return new Result<>(Optional.of(value), "");
        }

        static <T> Result<T> missing(String problem) {
            return new Result<>(Optional.empty(), problem);
        }
    }

    /** Reads the volume and the data directory; only a group-writable PGDATA is changed (made private). */
    static Disk read(UpgradeSettings settings, Layout layout, IntFunction<Path> newDirOf) {
        try {
            return readDisk(settings, layout, newDirOf);
        } catch (IOException e) {
            throw PghopException.upgradeFailed("while reading " + settings.pgdata() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PghopException.upgradeFailed("interrupted while reading " + settings.pgdata(), e);
        }
    }

    private static Disk readDisk(UpgradeSettings settings, Layout layout, IntFunction<Path> newDirOf)
            throws IOException, InterruptedException {
        Optional<Integer> oldMajor = DataDirectory.majorOf(settings.pgdata());
        Result<ServerPrograms> newPrograms;
        try {
            newPrograms = Result.of(ServerPrograms.newest(settings.newBinDir()));
        } catch (ServerPrograms.Missing e) {
            newPrograms = Result.missing(e.getMessage());
        }
        Result<ServerPrograms> oldPrograms = Result.missing("PGDATA holds no cluster");
        Optional<DataDirectory> data = Optional.empty();
        Optional<String> modeWas = oldMajor.isPresent() ? DataDirectory.makePrivate(settings.pgdata())
                : Optional.empty();
        if (oldMajor.isPresent()) {
            try {
                ServerPrograms programs = ServerPrograms.ofMajor(oldMajor.get(), settings.oldBinDir());
                oldPrograms = Result.of(programs);
                data = Optional.of(DataDirectory.read(settings.pgdata(), programs));
            } catch (ServerPrograms.Missing e) {
                oldPrograms = Result.missing(e.getMessage());
            }
        }
        boolean mountPoint = Mounts.isMountPoint(settings.pgdata());
        Path newParent = layout.newParent();
        boolean oneFilesystem = Mounts.sameMount(settings.pgdata(), newParent);
        long usable = Files.getFileStore(newParent).getUsableSpace();
        boolean writable = Files.isWritable(newParent);
        long[] sizes = sizes(settings.pgdata());
        TransferMode transfer = settings.transfer();
        String why = "";
        if (transfer == TransferMode.AUTO) {
            if (!oneFilesystem) {
                transfer = TransferMode.COPY;
                why = "copy: the new cluster's place is on another filesystem than PGDATA";
            } else if (writable && Reflinks.work(newParent)) {
                transfer = TransferMode.CLONE;
                why = "clone: the volume makes reflinks, so the old cluster keeps its own files";
            } else {
                transfer = TransferMode.LINK;
                why = "link: the volume makes no reflinks; the old cluster's way back ends when the new one first"
                        + " starts (before the proof, in this run)";
            }
        }
        Optional<Path> taken = newPrograms.value().map(p -> newDirOf.apply(p.major())).filter(Disk::holdsAnything);
        return new Disk(oldMajor, newPrograms, oldPrograms, data, mountPoint, oneFilesystem, usable, sizes[0],
                sizes[1], transfer, why, writable, taken, modeWas);
    }

    /** Whether a path exists and is not an empty directory (a volume's lost+found aside). */
    private static boolean holdsAnything(Path dir) {
        if (!Files.exists(dir)) {
            return false;
        }
        if (!Files.isDirectory(dir)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.anyMatch(e -> !e.getFileName().toString().equals("lost+found"));
        } catch (IOException e) {
            return true;
        }
    }

    /** The old cluster's files without its WAL, and its system catalogs' files (those below the first user OID). */
    private static long[] sizes(Path pgdata) throws IOException {
        long[] total = {0, 0};
        for (String part : List.of("base", "global")) {
            Path dir = pgdata.resolve(part);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(Files::isRegularFile).forEach(f -> {
                    long size = f.toFile().length();
                    total[0] += size;
                    if (isCatalogFile(f.getFileName().toString())) {
                        total[1] += size;
                    }
                });
            }
        }
        return total;
    }

    private static boolean isCatalogFile(String name) {
        String number = name.split("[._]", 2)[0];
        try {
            return Long.parseLong(number) < 16384;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** What the new cluster will need on the volume with this transfer mode. */
    public long roomNeeded() {
        boolean copies = transfer == TransferMode.COPY || transfer == TransferMode.COPY_FILE_RANGE;
        return (copies ? clusterBytes : catalogBytes) + MARGIN;
    }
}
