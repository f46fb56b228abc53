package dev.pghop.config;

import java.util.Locale;
import java.util.Optional;

/** How much of each table's data is compared (VERIFY_DATA); verify takes counts or checksums, upgrade also none. */
public enum VerifyMode {
    /** Exact row counts. */
    COUNTS,
    /** Exact row counts and an order-independent checksum of every row's text. */
    CHECKSUMS,
    /** No row read: the catalog only (upgrade's default, where pg_upgrade moves files, not rows). */
    NONE;

    public static Optional<VerifyMode> parse(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "counts" -> Optional.of(COUNTS);
            case "checksums" -> Optional.of(CHECKSUMS);
            default -> Optional.empty();
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
