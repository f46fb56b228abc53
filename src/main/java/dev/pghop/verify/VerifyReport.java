package dev.pghop.verify;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.pghop.config.VerifyMode;

/**
 * What verify found: every difference between the two servers, the expected ones with their reason, and how much
 * was compared.
 *
 * @param oldServer the old server as the report names it, e.g. "admin@10.0.0.5:5432 (PostgreSQL 12.22)"
 * @param differences all differences, expected or not, sorted by database and object
 */
public record VerifyReport(String oldServer, String newServer, VerifyMode mode, Instant startedAt,
        Instant finishedAt, Compared compared, List<Difference> differences) {

    /**
     * @param databases databases whose contents were compared
     * @param objects catalog objects of the old server compared (roles, databases, tables, functions, ...)
     * @param tables tables whose rows were compared
     * @param rows rows of those tables on the old server
     */
    public record Compared(int databases, int objects, int tables, long rows) {
    }

    public List<Difference> unexpected() {
        return differences.stream().filter(d -> !d.expected()).toList();
    }

    public List<Difference> expected() {
        return differences.stream().filter(Difference::expected).toList();
    }

    /** True when the new server holds what the old one held: no difference but the expected ones. */
    public boolean equal() {
        return unexpected().isEmpty();
    }

    public Duration took() {
        return Duration.between(startedAt, finishedAt);
    }
}
