package dev.pghop.verify;

import static dev.pghop.verify.CatalogSql.sortedArray;

/**
 * What ALTER TABLE ... ALTER COLUMN sets beside a column's type and default, and a dump carries: the statistics
 * target, the storage (where it is not the type's), the compression (PostgreSQL 14 and later), the options and the
 * FDW options. Each is one property of the relation that lists only the columns whose setting is not the default,
 * so a relation with none has none, and a reset shows as the column leaving the list.
 */
final class ColumnSettings {
    private static final String NAME = "quote_ident(a.attname)";
    /**
     * The options but pg_attver: PostgreSQL 17.12 stamps it on every column it makes, no pg_dump carries it (the load
     * leaves out the one a pg_dump 18 would copy), so it says nothing about what the user set.
     */
    private static final String OPTIONS = "(SELECT array_agg(o ORDER BY o COLLATE \"C\") FROM unnest(a.attoptions) o"
            + " WHERE o NOT LIKE 'pg\\_attver=%')::text";

    private ColumnSettings() {
    }

    /** The settings of a table's, view's or foreign table's columns, as select-list items. */
    static String ofTable(String relation, int major) {
        String compression = major >= 14 ? each(relation, NAME, "CASE a.attcompression WHEN 'p' THEN 'pglz'"
                + " WHEN 'l' THEN 'lz4' ELSE a.attcompression::text END", "a.attcompression <> ''") : "NULL::text";
        return statisticsTargets(relation, NAME) + " AS \"column statistics targets\", "
                + each(relation, NAME, "CASE a.attstorage WHEN 'p' THEN 'plain' WHEN 'e' THEN 'external'"
                        + " WHEN 'm' THEN 'main' ELSE 'extended' END", "a.attstorage <> t.typstorage")
                + " AS \"column storage\", " + compression + " AS \"column compression\", "
                + each(relation, NAME, OPTIONS, OPTIONS + " IS NOT NULL") + " AS \"column options\", "
                + each(relation, NAME, sortedArray("a.attfdwoptions"), "a.attfdwoptions IS NOT NULL")
                + " AS \"column FDW options\"";
    }

    /** The statistics targets an index's columns were given (ALTER INDEX ... ALTER COLUMN n), by column number. */
    static String ofIndex(String index) {
        return statisticsTargets(index, "'column ' || a.attnum") + " AS \"column statistics targets\"";
    }

    /** The default target is -1 up to PostgreSQL 16 and NULL from 17 on: either way it is not listed. */
    private static String statisticsTargets(String relation, String name) {
        return each(relation, name, "a.attstattarget::text", "a.attstattarget >= 0");
    }

    private static String each(String relation, String name, String value, String isSet) {
        return "(SELECT string_agg(" + name + " || ' ' || " + value + ", ', ' ORDER BY a.attname COLLATE \"C\")"
                + " FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid WHERE a.attrelid = " + relation
                + " AND a.attnum > 0 AND NOT a.attisdropped AND " + isSet + ")";
    }
}
