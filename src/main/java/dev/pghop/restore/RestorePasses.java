package dev.pghop.restore;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Splits the post-data entries of a pg_restore --list into the two passes that restore them without a deadlock
 * (pg_restore --jobs keeps two entries on one table apart, but not two that lock each other's tables):
 * <ul>
 * <li>indexes and the constraints that build one (primary key, unique, exclusion), in parallel: each locks just
 * its own table (pg_dump writes them ON ONLY a partitioned table), and pg_restore keeps two of them on one table
 * apart;</li>
 * <li>everything else in one session, in the archive's order: a foreign key locks two tables, and on a partitioned
 * table every partition too, so two run at once can wait on each other (a partition's own foreign key against its
 * parent's, say), as can triggers, rules and index attachments.</li>
 * </ul>
 */
public record RestorePasses(List<String> parallel, List<String> serial) {
    /** "2345; 1259 16500 INDEX public orders_customer_idx app", "2301; 2606 16420 CONSTRAINT public t t_pkey app". */
    private static final Pattern ONE_TABLE = Pattern.compile("^\\d+; \\d+ \\d+ (INDEX (?!ATTACH )|CONSTRAINT ).*");
    private static final Pattern ENTRY = Pattern.compile("^\\d+; .*");

    /** @param listing a pg_restore --list --section=post-data */
    public static RestorePasses of(Stream<String> listing) {
        List<String> entries = listing.filter(line -> ENTRY.matcher(line).matches()).toList();
        return new RestorePasses(entries.stream().filter(RestorePasses::locksOneTable).toList(),
                entries.stream().filter(line -> !locksOneTable(line)).toList());
    }

    /**
     * The passes of a whole archive: everything but the post-data entries that lock more than one table in
     * parallel (pg_restore orders them by their dependencies), then those in one session.
     *
     * @param listing a pg_restore --list of the whole archive
     * @param postData a pg_restore --list --section=post-data of it
     */
    public static RestorePasses ofWhole(Stream<String> listing, Stream<String> postData) {
        List<String> serial = of(postData).serial();
        Set<String> last = Set.copyOf(serial);
        return new RestorePasses(listing.filter(line -> ENTRY.matcher(line).matches() && !last.contains(line))
                .toList(), serial);
    }

    private static boolean locksOneTable(String line) {
        return ONE_TABLE.matcher(line).matches();
    }
}
