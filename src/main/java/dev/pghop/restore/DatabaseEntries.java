package dev.pghop.restore;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Picks, from a pg_restore --list --create of one database's archive, the entries that belong to the database
 * itself rather than to its contents: DATABASE (create, owner), DATABASE PROPERTIES (connection limit, ALTER
 * DATABASE ... SET, ALTER ROLE ... IN DATABASE ... SET), and the database's COMMENT, SECURITY LABEL and ACL.
 * pg_restore writes these only with --create; a database that already exists on the new server needs them alone.
 */
public final class DatabaseEntries {
    /** "3348; 1262 16387 DATABASE - app app", "3349; 0 0 COMMENT - DATABASE \"app\" app". */
    private static final Pattern ENTRY = Pattern.compile(
            "^\\d+; \\d+ \\d+ (DATABASE - |DATABASE PROPERTIES - |(COMMENT|ACL|SECURITY LABEL) - DATABASE ).*");

    private DatabaseEntries() {
    }

    /** The list lines to keep, for pg_restore --use-list. */
    public static List<String> of(Stream<String> listing) {
        return listing.filter(line -> ENTRY.matcher(line).matches()).toList();
    }
}
