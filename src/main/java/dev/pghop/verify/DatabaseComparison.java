package dev.pghop.verify;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.pghop.postgres.Endpoint;
import dev.pghop.report.PghopException;

/**
 * One database on both servers: its catalog (schemas, tables, columns, indexes, constraints, views, rules, extended
 * statistics, functions, triggers, event triggers, policies, types, operators and what indexes are made of, casts,
 * collations, conversions, transforms, languages, text search, foreign data, publications, subscriptions,
 * extensions, comments, security labels, privileges), where its sequences stand and its large objects; and the
 * tables both servers hold, whose rows {@link TableVerifier} compares afterwards.
 *
 * @param objects how many catalog objects the old server's database holds
 */
public record DatabaseComparison(String database, List<Difference> differences, List<TableVerifier.Table> tables,
        int objects) {

    public static DatabaseComparison run(String database, Endpoint old, Endpoint fresh) {
        try (Connection oldSession = VerifySessions.open(old, database);
                Connection newSession = VerifySessions.open(fresh, database)) {
            FingerprintSalt.shareBetween(oldSession, newSession);
            CatalogSnapshot before = read(oldSession, old, database);
            CatalogSnapshot after = read(newSession, fresh, database);
            List<Difference> found = new ArrayList<>(SnapshotDiff.between(database, before, after));
            found.addAll(LargeObjects.eachWhereSummariesDiffer(database, before, after, oldSession, newSession));
            return new DatabaseComparison(database, found, tablesOnBoth(database, tables(oldSession, old, database),
                    tables(newSession, fresh, database)), before.size());
        } catch (SQLException e) {
            throw failure(database, "the old and the new server", e);
        }
    }

    /** The same comparison with each difference the upgrade makes by itself marked expected, with its reason. */
    public DatabaseComparison classifiedBy(Expectations expectations) {
        return new DatabaseComparison(database, expectations.classify(differences), tables, objects);
    }

    private static CatalogSnapshot read(Connection session, Endpoint endpoint, String database) {
        try {
            return CatalogSnapshot.read(session, queries(session, true));
        } catch (SQLException e) {
            throw failure(database, endpoint.toString(), e);
        }
    }

    /**
     * The queries of one database's snapshot on this session's server.
     *
     * @param largeObjectContents whether the large objects' summary reads their contents too (every byte of
     *        pg_largeobject), or only how many there are, whose they are and their privileges
     */
    static List<String> queries(Connection session, boolean largeObjectContents) throws SQLException {
        int major = session.getMetaData().getDatabaseMajorVersion();
        List<String> queries = new ArrayList<>(RelationCatalog.queries(major));
        queries.addAll(ObjectCatalog.ALL);
        queries.addAll(OperatorCatalog.ALL);
        queries.addAll(ConversionCatalog.ALL);
        queries.addAll(TextSearchCatalog.ALL);
        queries.addAll(ForeignDataCatalog.ALL);
        queries.addAll(ReplicationCatalog.queries(major));
        queries.addAll(SequenceValues.queries(session));
        queries.add(largeObjectContents ? LargeObjects.SUMMARY : LargeObjects.METADATA_SUMMARY);
        return queries;
    }

    private static Map<String, TableList.Entry> tables(Connection session, Endpoint endpoint, String database) {
        try {
            return TableList.read(session);
        } catch (SQLException e) {
            throw failure(database, endpoint.toString(), e);
        }
    }

    /** Tables on one side only are differences the catalog already reports; their rows are not compared. */
    private static List<TableVerifier.Table> tablesOnBoth(String database, Map<String, TableList.Entry> old,
            Map<String, TableList.Entry> fresh) {
        List<TableVerifier.Table> both = new ArrayList<>();
        old.forEach((object, entry) -> {
            if (fresh.containsKey(object)) {
                both.add(new TableVerifier.Table(database, entry, fresh.get(object)));
            }
        });
        return both;
    }

    private static PghopException failure(String database, String where, SQLException e) {
        return PghopException.connectionFailed("while reading the catalog of database " + database + " on the "
                + where + ": " + e.getMessage(), e);
    }
}
