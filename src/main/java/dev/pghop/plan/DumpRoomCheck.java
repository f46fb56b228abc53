package dev.pghop.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.pghop.report.Sizes;

/**
 * The dump volume must have room for the dump. The estimate is the old cluster's table data without indexes, which
 * a plain dump is close to; below it the dump would fail part-way, below 1.2 times it is tight. When room is short,
 * the earlier failed dumps pghop kept there (never deleting them) are named with their sizes: after a full disk,
 * they are what fills it.
 */
final class DumpRoomCheck {
    private static final String FAILED = ".failed-";

    private DumpRoomCheck() {
    }

    static Finding check(Preflight.Volume volume, long estimateBytes) {
        String check = "dump volume room";
        String numbers = volume.path() + " has " + Sizes.bytes(volume.usableBytes()) + " free; the dump needs about "
                + Sizes.bytes(estimateBytes);
        if (volume.usableBytes() < estimateBytes) {
            return Finding.blocker(check, numbers + leftovers(volume) + ". Give PGDUMP_PATH a bigger volume (at least "
                    + Sizes.bytes((long) (estimateBytes * 1.2)) + ")" + (volume.failed().isEmpty() ? ""
                            : ", or delete the failed dumps you no longer need"));
        }
        if (volume.usableBytes() < estimateBytes * 1.2) {
            return Finding.warning(check, numbers + leftovers(volume) + ": little margin, the dump may not fit");
        }
        return Finding.ok(check, numbers);
    }

    private static String leftovers(Preflight.Volume volume) {
        if (volume.failed().isEmpty()) {
            return "";
        }
        long total = volume.failed().values().stream().mapToLong(Long::longValue).sum();
        return "; " + volume.failed().size() + " failed dump(s) kept there take " + Sizes.bytes(total) + ": "
                + volume.failed().entrySet().stream().map(e -> e.getKey() + " (" + Sizes.bytes(e.getValue()) + ")")
                        .collect(Collectors.joining(", "));
    }

    /** The files and directories pghop moved aside in {@code dir} (also under databases/), with their sizes. */
    static Map<String, Long> failedLeftovers(Path dir) throws IOException {
        Map<String, Long> found = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir, 2)) {
            for (Path p : all.filter(p -> p.getFileName().toString().contains(FAILED)).toList()) {
                found.put(dir.relativize(p).toString(), size(p));
            }
        }
        return found;
    }

    private static long size(Path p) throws IOException {
        if (!Files.isDirectory(p)) {
            return Files.size(p);
        }
        try (Stream<Path> files = Files.walk(p)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
