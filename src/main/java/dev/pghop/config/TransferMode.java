package dev.pghop.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How pg_upgrade moves the old cluster's files into the new one (TRANSFER), and what each leaves of the way back.
 * {@link #AUTO} is resolved to {@link #CLONE} or {@link #LINK} before anything is written.
 */
public enum TransferMode {
    AUTO("auto", null, 0, WayBack.ALWAYS),
    /** Reflinks: as fast as links, and the old cluster's files stay its own (btrfs, XFS with reflink, ...). */
    CLONE("clone", "--clone", 12, WayBack.ALWAYS),
    /** Hard links: seconds whatever the size; the old cluster shares its files with the new one. */
    LINK("link", "--link", 0, WayBack.UNTIL_NEW_STARTS),
    /** Every file copied: the old cluster stays whole, and the volume needs room for a second copy. */
    COPY("copy", "--copy", 0, WayBack.ALWAYS),
    COPY_FILE_RANGE("copy-file-range", "--copy-file-range", 17, WayBack.ALWAYS),
    /** The old cluster's directories moved into the new one (PostgreSQL 18): fastest, and no way back at all. */
    SWAP("swap", "--swap", 18, WayBack.NONE);

    /** How long the old cluster stays whole once the transfer has begun. */
    public enum WayBack { ALWAYS, UNTIL_NEW_STARTS, NONE }

    /** The first pg_upgrade with an explicit --copy; before it, copying is what pg_upgrade does without a flag. */
    private static final int EXPLICIT_COPY_SINCE = 16;

    private final String value;
    private final String flag;
    private final int sinceMajor;
    private final WayBack wayBack;

    TransferMode(String value, String flag, int sinceMajor, WayBack wayBack) {
        this.value = value;
        this.flag = flag;
        this.sinceMajor = sinceMajor;
        this.wayBack = wayBack;
    }

    public static Optional<TransferMode> parse(String text) {
        String wanted = text.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(m -> m.value.equals(wanted)).findFirst();
    }

    /** The variable's value that names it. */
    public String value() {
        return value;
    }

    /** The pg_upgrade of this major offers it. */
    public boolean offeredBy(int newMajor) {
        return newMajor >= sinceMajor;
    }

    /** The first major whose pg_upgrade offers it. */
    public int sinceMajor() {
        return sinceMajor;
    }

    /** pg_upgrade's option for it, if that pg_upgrade takes one. */
    public Optional<String> flag(int newMajor) {
        if (this == COPY && newMajor < EXPLICIT_COPY_SINCE) {
            return Optional.empty();
        }
        return Optional.ofNullable(flag);
    }

    public WayBack wayBack() {
        return wayBack;
    }

    /** Whether the old and new data directories must be on one filesystem. */
    public boolean needsOneFilesystem() {
        return this == CLONE || this == LINK || this == SWAP;
    }

    @Override
    public String toString() {
        return value;
    }
}
