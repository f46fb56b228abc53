package dev.pghop.plan;

import java.util.Optional;

import dev.pghop.upgrade.ColumnStamps;

/**
 * Before an in-place upgrade from PostgreSQL 17.12: the column option pg_attver it stamps on every column, which
 * another major refuses when pg_upgrade restores the schema. The upgrade takes it off the old cluster first, as a
 * load leaves it out; this names how many columns that touches, and that a rollback puts it back.
 */
final class ColumnStampsCheck {
    static final String CHECK = "column option pg_attver";

    private ColumnStampsCheck() {
    }

    static Optional<Finding> check(ColumnStamps stamps, int newMajor) {
        if (stamps.count() == 0 || newMajor == 17) {
            return Optional.empty();
        }
        return Optional.of(Finding.warning(CHECK, stamps.count() + " column(s) in " + stamps.columns().size()
                + " database(s) carry pg_attver, the stamp PostgreSQL 17.12 keeps on every column, which PostgreSQL "
                + newMajor + " refuses (\"unrecognized parameter\"): the upgrade takes it off the old cluster just"
                + " before pg_upgrade, recording each column's options, and a rollback puts them back"));
    }
}
