package dev.pghop.verify;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which differences an upgrade makes by itself, each with the reason the report gives: the two servers' bootstrap
 * superusers (created by initdb, oid 10) and the new server's bootstrap database, extension versions that rose, the
 * MAINTAIN privilege PostgreSQL 17 added, view and rule queries that the new major prints another way, names it
 * quotes as keywords of its own, the IN it writes in a procedure's definition, the rows of a materialized view (the
 * load computes them afresh), role passwords the load replaced on purpose, subscriptions that pg_dump leaves
 * disabled, and values that differ only in naming each server's own bootstrap superuser where that is how the
 * upgrade goes: in postgres and template1 (pg_dumpall does not carry those databases' own properties), a membership's
 * grantor, and privileges on parameters. Everything else is a real difference.
 */
public final class Expectations {
    private static final String EXTENSION = "extension ";
    /** Stands for a bootstrap superuser's name in a value; no catalog text holds it. */
    private static final String MARKER = "\u0000";
    /** A name followed by a dot and another name: the qualifier of a column or table name in a query. */
    private static final Pattern QUALIFIER =
            Pattern.compile("(?:\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*)\\.(?=[\"A-Za-z_])");
    /** The mode IN before an argument, after the opening parenthesis or a comma. */
    private static final Pattern IN_MODE = Pattern.compile("([(,] ?)IN ");
    /** FETCH FIRST's count, which PostgreSQL 15 prints in parentheses. */
    private static final Pattern FETCH_FIRST = Pattern.compile("FETCH FIRST (.+?) ROW");
    /** The AS before the alias of an UPDATE's or DELETE's target table, which some releases print (17.12). */
    private static final Pattern TARGET_ALIAS = Pattern.compile("((?:UPDATE|DELETE FROM) (?:ONLY )?[^\\s(]+) AS ");
    /** A lower-case name in double quotes, which only a keyword needs. */
    private static final Pattern QUOTED_PLAIN_NAME = Pattern.compile("\"([a-z_][a-z0-9_$]*)\"");
    /** The privileges of one ACL item, between "grantee=" and "/grantor". */
    private static final Pattern PRIVILEGES = Pattern.compile("=([A-Za-z*]*)/");

    private static final String ROLE = "role ";
    private static final String RULE = "rule ";
    private static final String SUBSCRIPTION = "subscription ";
    private static final String MEMBER = "member ";
    private static final String GRANTED_BY = "granted by";
    private static final String PARAMETER = "parameter ";
    /** The databases initdb creates, whose own properties and objects name each server's bootstrap superuser. */
    private static final Set<String> INITDB_DATABASES = Set.of("postgres", "template1");
    private static final String PASSWORD = "password";
    private static final String SCRAM = "SCRAM-SHA-256 hash";
    /** What verify compares of a table's or a materialized view's rows. */
    private static final Set<String> ROW_PROPERTIES = Set.of("rows", "content checksum");

    private final String oldBootstrap;
    private final String newBootstrap;
    private final PasswordChanges passwordChanges;

    /**
     * What the load did to role passwords on purpose: the roles given a new SCRAM-SHA-256 password from
     * ROLE_PASSWORDS_DIR, and whether every role was loaded without its old hash (DROP_ROLE_PASSWORDS).
     */
    public record PasswordChanges(Set<String> rehashed, boolean dropped) {
        public static final PasswordChanges NONE = new PasswordChanges(Set.of(), false);
    }

    public Expectations(String oldBootstrap, String newBootstrap) {
        this(oldBootstrap, newBootstrap, PasswordChanges.NONE);
    }

    public Expectations(String oldBootstrap, String newBootstrap, PasswordChanges passwordChanges) {
        this.oldBootstrap = oldBootstrap;
        this.newBootstrap = newBootstrap;
        this.passwordChanges = passwordChanges;
    }

    public List<Difference> classify(List<Difference> found) {
        return found.stream().map(d -> {
            String reason = reason(d);
            return reason == null ? d : d.expectedBecause(reason);
        }).toList();
    }

    private String reason(Difference d) {
        if (isAbout(d, newBootstrap) && oldBootstrap.equals(newBootstrap)) {
            return "both servers' bootstrap superuser (created by initdb) is called " + newBootstrap + "; the load"
                    + " logs in as the new one and keeps its own password and attributes";
        }
        // Where the old cluster has an ordinary role of the new bootstrap superuser's name, that role's differences
        // (superuser, password) are real: only the role that the old cluster does not have at all is expected.
        if (isAbout(d, newBootstrap) && d.isOnlyNew()) {
            return "the new server's own bootstrap superuser (created by initdb), not a role of the old cluster";
        }
        if (d.object().equals("role " + oldBootstrap) && d.isOnlyOld()) {
            return "the old server's bootstrap superuser; the new server has its own, " + newBootstrap;
        }
        if (d.object().equals(ClusterCatalog.DATABASE + newBootstrap) && d.isOnlyNew()) {
            return "the new server's own database, which the image creates for its superuser " + newBootstrap;
        }
        String passwordReason = passwordReason(d);
        if (passwordReason != null) {
            return passwordReason;
        }
        if (d.object().startsWith(EXTENSION) && d.what().equals("version")) {
            return "CREATE EXTENSION on the new server installs the version its packages provide";
        }
        if (d.what().equals("privileges") && withoutMaintain(d.newValue()).equals(d.oldValue())) {
            return "PostgreSQL 17 added the MAINTAIN privilege (m), which an owner and a grant of ALL now include";
        }
        if (printsAQuery(d) && d.what().equals("definition") && printed(d.oldValue()).equals(printed(d.newValue()))) {
            return "each server prints the " + (d.object().startsWith(RULE) ? "rule's" : "view's") + " query its own"
                    + " way (PostgreSQL 15 puts FETCH FIRST's count in parentheses; PostgreSQL 16 leaves out the table"
                    + " names that columns do not need and writes XMLSERIALIZE's NO INDENT; 17.12 writes AS before"
                    + " the alias of an UPDATE's or DELETE's target table, which 15, 17.4 and 18 leave out); without"
                    + " them the two are the same";
        }
        if (d.object().startsWith("procedure ") && d.what().equals("definition")
                && withoutInModes(d.oldValue()).equals(withoutInModes(d.newValue()))) {
            return "PostgreSQL 14 and later write IN before a procedure's input arguments; without it the two are the"
                    + " same";
        }
        if (!d.what().equals(Difference.EXISTS) && unquotedNames(d.oldValue()).equals(unquotedNames(d.newValue()))) {
            return "the new server quotes the names that are keywords of its major (json became one in PostgreSQL"
                    + " 16); without those quotes the two are the same";
        }
        if (d.object().startsWith("materialized view ") && ROW_PROPERTIES.contains(d.what())) {
            return "a dump carries no rows of a materialized view: the load fills it by running its query on the new"
                    + " server, so it differs where it was stale on the old one (not refreshed since the tables it"
                    + " reads changed); those tables' rows are compared one by one";
        }
        if (d.object().startsWith(SUBSCRIPTION) && d.what().equals("enabled") && d.oldValue().equals("true")
                && d.newValue().equals("false")) {
            return "pg_dump creates every subscription with connect = false, which leaves it disabled: the new server"
                    + " must not take over the old one's replication slot by itself. Enable it (ALTER SUBSCRIPTION ..."
                    + " ENABLE) once its slot is ready on the publisher";
        }
        String bootstrapNames = bootstrapNamesReason(d);
        if (bootstrapNames != null && differOnlyInBootstrapNames(d)) {
            return bootstrapNames + " (" + oldBootstrap + " on the old server, " + newBootstrap + " on the new one)";
        }
        return null;
    }

    /**
     * Why a value may differ only in naming each server's bootstrap superuser, where it may; null elsewhere, where a
     * new owner or grantor is real.
     */
    private static String bootstrapNamesReason(Difference d) {
        if (d.database() != null) {
            return INITDB_DATABASES.contains(d.database()) ? "differs only in naming each server's bootstrap superuser"
                    : null;
        }
        if (d.object().startsWith(MEMBER) && d.what().equals(GRANTED_BY)) {
            return "granted by each server's bootstrap superuser: the load drops a GRANTED BY that names the old one,"
                    + " which the new server would refuse, so its own bootstrap superuser becomes the grantor";
        }
        if (d.object().startsWith(PARAMETER)) {
            return "a parameter's privileges are granted by, and held by, the bootstrap superuser who owns every"
                    + " parameter; they differ only in naming each server's";
        }
        return null;
    }

    /** A role's password that the load replaced on purpose: a new SCRAM verifier, or none at all. */
    private String passwordReason(Difference d) {
        if (d.database() != null || !d.object().startsWith(ROLE) || !d.what().equals(PASSWORD)) {
            return null;
        }
        String role = d.object().substring(ROLE.length());
        if (passwordChanges.rehashed().contains(role) && d.newValue().startsWith(SCRAM)) {
            return "given a new SCRAM-SHA-256 password from ROLE_PASSWORDS_DIR after the load (a new verifier has a"
                    + " salt of its own, so it never equals the old hash)";
        }
        if (passwordChanges.dropped() && d.newValue().equals(CatalogSnapshot.NONE)) {
            return "loaded without its old password hash (DROP_ROLE_PASSWORDS=true)";
        }
        return null;
    }

    private static boolean printsAQuery(Difference d) {
        return d.object().startsWith("view ") || d.object().startsWith("materialized view ")
                || d.object().startsWith(RULE);
    }

    /**
     * A view's or rule's query as both majors print it: no qualifiers, no quotes around plain names, no NO INDENT, no
     * parentheses in FETCH FIRST's count, no AS before a target table's alias.
     */
    private static String printed(String query) {
        String plain = TARGET_ALIAS.matcher(unquotedNames(unqualified(query)).replace(" NO INDENT", ""))
                .replaceAll("$1 ");
        return FETCH_FIRST.matcher(plain).replaceAll(m -> Matcher.quoteReplacement("FETCH FIRST "
                + m.group(1).replace("(", "").replace(")", "") + " ROW"));
    }

    /** A routine's definition with IN left out of its first line, the signature: "p(IN a int)" reads "p(a int)". */
    static String withoutInModes(String definition) {
        int end = definition.indexOf('\n');
        String signature = end < 0 ? definition : definition.substring(0, end);
        return IN_MODE.matcher(signature).replaceAll("$1") + (end < 0 ? "" : definition.substring(end));
    }

    /** Text without the quotes around names that need none but for being a keyword: "json" reads json. */
    static String unquotedNames(String text) {
        return QUOTED_PLAIN_NAME.matcher(text).replaceAll("$1");
    }

    /** A query's text without the qualifiers of names: "orders.customer_id" reads "customer_id". */
    static String unqualified(String query) {
        return QUALIFIER.matcher(query).replaceAll("");
    }

    /** The role itself, or its settings in one database. */
    private static boolean isAbout(Difference d, String role) {
        String object = "role " + role;
        return d.object().equals(object) || d.object().startsWith(object + " in database ");
    }

    private boolean differOnlyInBootstrapNames(Difference d) {
        if (oldBootstrap.equals(newBootstrap) || d.what().equals(Difference.EXISTS)) {
            return false;
        }
        String old = withoutName(d.oldValue(), oldBootstrap);
        return old.contains(MARKER) && old.equals(withoutName(d.newValue(), newBootstrap));
    }

    /**
     * The value with every mention of the role replaced by a marker. Quotes and backslashes are dropped first:
     * a name like pg-15-admin is quoted in an ACL, and the quotes are escaped again inside an array. The items of
     * an array are sorted again afterwards, as the names sorted them before.
     */
    static String withoutName(String value, String role) {
        Pattern name = Pattern.compile("(?<![\\p{Alnum}_$-])" + Pattern.quote(role) + "(?![\\p{Alnum}_$-])");
        String renamed = name.matcher(unquoted(value)).replaceAll(Matcher.quoteReplacement(MARKER));
        if (renamed.length() < 2 || !renamed.startsWith("{") || !renamed.endsWith("}")) {
            return renamed;
        }
        return Arrays.stream(renamed.substring(1, renamed.length() - 1).split(",")).sorted()
                .collect(Collectors.joining(",", "{", "}"));
    }

    /** An ACL without the MAINTAIN privilege: "app=arwdDxtm/app" reads "app=arwdDxt/app". */
    static String withoutMaintain(String acl) {
        return PRIVILEGES.matcher(acl).replaceAll(m -> Matcher.quoteReplacement("=" + m.group(1)
                .replaceAll("m\\*?", "") + "/"));
    }

    private static String unquoted(String value) {
        return value.replace("\\", "").replace("\"", "");
    }
}
