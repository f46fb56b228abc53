package dev.pghop.verify;

import static dev.pghop.verify.CatalogSql.hash64;
import static dev.pghop.verify.CatalogSql.privileges;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Large objects: a summary per database (count, bytes, a checksum of the contents and one of owners and privileges)
 * that a large cluster's many objects fit in; and, when the summaries differ and there are not too many, one line
 * per object, so the report names which one differs. Contents are hashed page by page, in pg_largeobject.
 */
final class LargeObjects {
    static final String SUMMARY_OBJECT = "large objects";
    /** Above this many on a side, only the summary is compared: one line each would not fit pghop's small heap. */
    static final long MOST_LISTED = 10_000;

    private static final String CONTENT = "(SELECT loid, sum(length(data)) AS bytes, md5(string_agg(pageno || ':'"
            + " || md5(data), ',' ORDER BY pageno)) AS md5 FROM pg_largeobject GROUP BY loid)";
    private static final String PRIVILEGES = privileges("m.lomacl", "'L'", "m.lomowner");
    static final String SUMMARY = "SELECT '" + SUMMARY_OBJECT + "', count(*) AS count, coalesce(sum(c.bytes), 0)"
            + " AS bytes, coalesce(sum(" + hash64("m.oid::text || ':' || coalesce(c.md5, '')") + "), 0)"
            + " AS \"content checksum\", coalesce(sum(" + hash64("m.oid::text || ':' || pg_get_userbyid(m.lomowner)"
            + " || ':' || coalesce(" + PRIVILEGES + ", '')") + "), 0) AS \"owners and privileges checksum\""
            + " FROM pg_largeobject_metadata m LEFT JOIN " + CONTENT + " c ON c.loid = m.oid";
    /** The same summary without the contents: how many, whose, with which privileges; pg_largeobject is not read. */
    static final String METADATA_SUMMARY = "SELECT '" + SUMMARY_OBJECT + "', count(*) AS count, coalesce(sum("
            + hash64("m.oid::text || ':' || pg_get_userbyid(m.lomowner) || ':' || coalesce(" + PRIVILEGES + ", '')")
            + "), 0) AS \"owners and privileges checksum\" FROM pg_largeobject_metadata m";
    private static final String EACH = "SELECT 'large object ' || m.oid, pg_get_userbyid(m.lomowner) AS owner, "
            + PRIVILEGES + " AS privileges, coalesce(c.bytes, 0) AS bytes, c.md5 AS \"content md5 by page\""
            + " FROM pg_largeobject_metadata m LEFT JOIN " + CONTENT + " c ON c.loid = m.oid";

    private LargeObjects() {
    }

    /** One line per large object, when both summaries differ and both sides hold few enough to list. */
    static List<Difference> eachWhereSummariesDiffer(String database, CatalogSnapshot old, CatalogSnapshot fresh,
            Connection oldSession, Connection newSession) throws SQLException {
        if (old.properties(SUMMARY_OBJECT).equals(fresh.properties(SUMMARY_OBJECT))
                || count(old) > MOST_LISTED || count(fresh) > MOST_LISTED) {
            return List.of();
        }
        return SnapshotDiff.between(database, CatalogSnapshot.read(oldSession, List.of(EACH)),
                CatalogSnapshot.read(newSession, List.of(EACH)));
    }

    private static long count(CatalogSnapshot snapshot) {
        return Long.parseLong(snapshot.properties(SUMMARY_OBJECT).getOrDefault("count", "0"));
    }
}
