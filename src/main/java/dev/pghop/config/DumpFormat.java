package dev.pghop.config;

import java.util.Locale;
import java.util.Optional;

/** DUMP_FORMAT: how the dump is kept on the volume. */
public enum DumpFormat {
    /** One pg_dumpall.sql file, loaded by psql. */
    PLAIN,
    /** globals.sql plus one pg_dump directory per database, dumped and restored in parallel, resumable. */
    DIRECTORY;

    public static Optional<DumpFormat> parse(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "plain" -> Optional.of(PLAIN);
            case "directory" -> Optional.of(DIRECTORY);
            default -> Optional.empty();
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
