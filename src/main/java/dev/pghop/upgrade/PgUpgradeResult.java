package dev.pghop.upgrade;

import java.util.List;

/** What pg_upgrade --check said: passed, or the lines and the listed objects that say what is wrong. */
public record PgUpgradeResult(boolean passed, List<String> problems) {
}
