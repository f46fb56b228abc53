package dev.pghop.verify;

/**
 * SQL fragments the catalog queries share. Every list is sorted in the "C" collation, so both servers print it the
 * same whatever their own collation, and whatever order grants or settings were made in.
 */
final class CatalogSql {
    private CatalogSql() {
    }

    /** A schema of the user's: not pg_catalog, pg_toast, a temporary schema or information_schema. */
    static String userSchema(String nspname) {
        return nspname + " !~ '^pg_' AND " + nspname + " <> 'information_schema'";
    }

    /** The object is not a member of an extension: the new server's extension scripts create those, not the dump. */
    static String notFromExtension(String classId, String objectId) {
        return "NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = " + classId + " AND e.objid = " + objectId
                + " AND e.deptype = 'e')";
    }

    /**
     * The object was not made along with another by the server itself (an internal dependency): from PostgreSQL 14 on,
     * a range type makes its multirange's constructors and casts, which an older server's range lacks and no dump
     * carries.
     */
    static String notMadeAlong(String classId, String objectId) {
        return "NOT EXISTS (SELECT 1 FROM pg_depend i WHERE i.classid = " + classId + " AND i.objid = " + objectId
                + " AND i.deptype = 'i')";
    }

    /**
     * An aclitem[] as sorted text. NULL, which stands for the built-in default, reads as that default (acldefault),
     * so "never granted" and "granted back to the default" compare equal.
     *
     * @param kind SQL for acldefault's object kind, e.g. {@code 'n'} for a schema
     */
    static String privileges(String acl, String kind, String owner) {
        return privileges("coalesce(" + acl + ", acldefault(" + kind + ", " + owner + "))");
    }

    /** An aclitem[] as sorted text, NULL as NULL. */
    static String privileges(String acl) {
        return sorted("unnest(" + acl + ")");
    }

    /** A text[] (settings, options, role names) as sorted text. */
    static String sortedArray(String array) {
        return sorted("unnest(" + array + ")");
    }

    private static String sorted(String unnest) {
        return "(SELECT array_agg(v::text ORDER BY v::text COLLATE \"C\") FROM " + unnest + " v)::text";
    }

    /**
     * A 64-bit hash of a text as a numeric: the first 16 hex digits of its MD5. Summed over rows it gives a checksum
     * that does not depend on their order, the same on every major from 12 on.
     */
    static String hash64(String text) {
        return "('x' || substr(md5(" + text + "), 1, 16))::bit(64)::bigint::numeric";
    }

    /**
     * A column that only some majors' catalogs have, as text (a boolean reads true or false), NULL on a major that
     * lacks it: one query then serves every major, each side giving what its own catalog holds.
     */
    static String column(String row, String name) {
        return "(to_jsonb(" + row + ") ->> '" + name + "')";
    }

    /** An object the user made: initdb hands out the OIDs below 16384 (FirstNormalObjectId) to its own. */
    static String madeByUser(String objectId) {
        return objectId + " >= 16384";
    }

    /**
     * A short fingerprint of a text that may hold a secret (a password in a connection string or an option). It is
     * salted with {@link FingerprintSalt}, the same on both servers for one comparison and never printed, so the
     * fingerprint compares the two sides but cannot be checked against guessed passwords.
     */
    static String fingerprint(String text) {
        return "left(md5(current_setting('" + FingerprintSalt.SETTING + "') || " + text + "), 12)";
    }

    /**
     * Options (a text[] of name=value) as their sorted names and a fingerprint of the values: a value may be a
     * password, so none is ever printed.
     */
    static String optionNames(String options) {
        return "(SELECT string_agg(split_part(o, '=', 1), ', ' ORDER BY o COLLATE \"C\") || ', fingerprint ' || "
                + fingerprint("string_agg(o, ',' ORDER BY o COLLATE \"C\")") + " FROM unnest(" + options + ") o)";
    }

    /** How a trigger, event trigger or rule fires, from its enabled flag (O, D, R, A). */
    static String firing(String enabled) {
        return "CASE " + enabled + " WHEN 'D' THEN 'disabled' WHEN 'R' THEN 'replica only' WHEN 'A' THEN 'always'"
                + " ELSE 'enabled' END";
    }

    /** A function named by a regproc or oid column, with its argument types; NULL where there is none (0). */
    static String function(String regproc) {
        return "nullif(" + regproc + "::oid, 0)::regprocedure::text";
    }

    /** schema.name, each quoted where SQL needs it. */
    static String qualified(String schema, String name) {
        return "format('%I.%I', " + schema + ", " + name + ")";
    }
}
