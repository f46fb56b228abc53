package dev.pghop.plan;

import dev.pghop.report.Sizes;

/**
 * The dump volume must have room for the dump. The estimate is the old cluster's table data without indexes, which
 * a plain dump is close to; below it the dump would fail part-way, below 1.2 times it is tight.
 */
final class DumpRoomCheck {
    private DumpRoomCheck() {
    }

    static Finding check(String dumpPath, long usableBytes, long estimateBytes) {
        String check = "dump volume room";
        String numbers = dumpPath + " has " + Sizes.bytes(usableBytes) + " free; the dump needs about "
                + Sizes.bytes(estimateBytes);
        if (usableBytes < estimateBytes) {
            return Finding.blocker(check, numbers + ". Give PGDUMP_PATH a bigger volume (at least "
                    + Sizes.bytes((long) (estimateBytes * 1.2)) + ")");
        }
        if (usableBytes < estimateBytes * 1.2) {
            return Finding.warning(check, numbers + ": little margin, the dump may not fit");
        }
        return Finding.ok(check, numbers);
    }
}
