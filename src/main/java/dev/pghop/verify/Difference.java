package dev.pghop.verify;

/**
 * One thing that is not the same on both servers.
 *
 * @param database the database it belongs to, or null for what is cluster-wide (roles, memberships, parameters)
 * @param object what it is, e.g. "table app_schema.customers" or "role app"
 * @param what which property differs, e.g. "rows", "owner", or {@link #EXISTS} when the object is on one side only
 * @param oldValue the value on the old server
 * @param newValue the value on the new server
 * @param expectedReason why the difference is expected after an upgrade, or null when it is not
 */
public record Difference(String database, String object, String what, String oldValue, String newValue,
        String expectedReason) {
    public static final String EXISTS = "exists";
    public static final String YES = "yes";
    public static final String NO = "no";

    public static Difference of(String database, String object, String what, String oldValue, String newValue) {
        return new Difference(database, object, what, oldValue, newValue, null);
    }

    public static Difference onlyOld(String database, String object) {
        return of(database, object, EXISTS, YES, NO);
    }

    public static Difference onlyNew(String database, String object) {
        return of(database, object, EXISTS, NO, YES);
    }

    public boolean expected() {
        return expectedReason != null;
    }

    public boolean isOnlyOld() {
        return EXISTS.equals(what) && YES.equals(oldValue);
    }

    public boolean isOnlyNew() {
        return EXISTS.equals(what) && YES.equals(newValue);
    }

    public Difference expectedBecause(String reason) {
        return new Difference(database, object, what, oldValue, newValue, reason);
    }
}
