package dev.pghop.load;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rewrites pghop applies to a pg_dumpall script on its way into psql, one line at a time. A rewritten line
 * becomes a comment, so psql's line numbers still match the dump file's.
 * <ul>
 * <li>{@code CREATE ROLE} for a role that already exists on the new server is skipped (it would stop the load);</li>
 * <li>{@code ALTER ROLE ... WITH ...} for the role pghop loads as is skipped, so the dump cannot change its password
 * or demote it half-way (the old script's lock-out when both servers' admin had the same name);</li>
 * <li>{@code CREATE DATABASE} for a database that already exists on the new server is skipped;</li>
 * <li>with DROP_ROLE_PASSWORDS, the PASSWORD clause of every other {@code ALTER ROLE ... WITH} is removed;</li>
 * <li>an older pg_dumpall's {@code GRANTED BY} is removed from role grants loaded into PostgreSQL 16 or later;</li>
 * <li>the restrict / unrestrict meta-commands are dropped when the loading psql predates them.</li>
 * </ul>
 */
public final class LoadRules {
    /** The password literal pg_dumpall writes in ALTER ROLE ... WITH: quotes doubled inside. */
    private static final Pattern PASSWORD_CLAUSE = Pattern.compile(" PASSWORD '(?:[^']|'')*'");
    /** The grantor pg_dumpall names at the end of a role membership grant. */
    private static final Pattern GRANTOR_CLAUSE =
            Pattern.compile(" GRANTED BY (?:\"(?:[^\"]|\"\")*\"|[a-z_][a-z0-9_$]*);$");
    private final Set<String> existingRoles;
    private final Set<String> existingDatabases;
    private final String loaderRole;
    private final boolean dropRestrict;
    private final boolean dropPasswords;
    private final boolean dropGrantors;
    /** Several databases may be loaded at once through the same rules. */
    private final Set<String> notes = java.util.Collections.synchronizedSet(new LinkedHashSet<>());

    /**
     * The rewrites that depend on the programs and servers at hand.
     *
     * @param dropRestrict the loading psql predates the restrict meta-commands
     * @param dropPasswords load every role without its stored password (DROP_ROLE_PASSWORDS)
     * @param dropGrantors the new server is PostgreSQL 16 or later and the dump comes from an older pg_dumpall: its
     *        {@code GRANT role TO member GRANTED BY admin} fails there ("the grantor must have the ADMIN option"),
     *        so the grant is made by the loading superuser instead
     */
    public record Options(boolean dropRestrict, boolean dropPasswords, boolean dropGrantors) {
        public static final Options NONE = new Options(false, false, false);
    }

    public LoadRules(Set<String> existingRoles, Set<String> existingDatabases, String loaderRole, Options options) {
        this.existingRoles = Set.copyOf(existingRoles);
        this.existingDatabases = Set.copyOf(existingDatabases);
        this.loaderRole = loaderRole;
        this.dropRestrict = options.dropRestrict();
        this.dropPasswords = options.dropPasswords();
        this.dropGrantors = options.dropGrantors();
    }

    /** What the rewrites did, one sentence each, for the summary. */
    public List<String> notes() {
        synchronized (notes) {
            return new ArrayList<>(notes);
        }
    }

    /**
     * The replacement for one statement line outside COPY data, or null to keep it.
     *
     * @param inGlobals true before the first {@code \connect}: the roles section
     * @param databaseHeader true when the last "-- Name:" header announced a DATABASE
     */
    byte[] rewrite(String line, boolean inGlobals, boolean databaseHeader) {
        if (dropRestrict && (line.startsWith("\\restrict ") || line.startsWith("\\unrestrict "))) {
            notes.add("dropped the \\restrict lines this psql does not know (the dump is pghop's own, checksummed)");
            return comment("removed a \\restrict line this psql does not understand");
        }
        if (inGlobals && line.startsWith("CREATE ROLE ")) {
            SqlIdentifier role = SqlIdentifier.parse(line, "CREATE ROLE ".length());
            if (role != null && existingRoles.contains(role.name())) {
                notes.add("role " + role.name() + " already existed on the new server: not created again");
                return comment("role " + quote(role.name()) + " already exists on the new server; not created");
            }
        }
        if (inGlobals && line.startsWith("ALTER ROLE ")) {
            SqlIdentifier role = SqlIdentifier.parse(line, "ALTER ROLE ".length());
            if (role != null && role.name().equals(loaderRole) && line.startsWith(" WITH ", role.end())) {
                notes.add("role " + role.name() + " (the loading role) kept its own attributes and password");
                return comment("role " + quote(role.name()) + " loads this dump; it keeps its attributes and password");
            }
            if (role != null && dropPasswords && line.startsWith(" WITH ", role.end())
                    && PASSWORD_CLAUSE.matcher(line).find()) {
                notes.add("every role was loaded without its old password (DROP_ROLE_PASSWORDS=true)");
                return (PASSWORD_CLAUSE.matcher(line).replaceAll("") + "\n").getBytes(StandardCharsets.UTF_8);
            }
        }
        if (inGlobals && dropGrantors && line.startsWith("GRANT ") && GRANTOR_CLAUSE.matcher(line).find()) {
            notes.add("role memberships were granted by the loading role: PostgreSQL 16 and later refuse the old"
                    + " grantor unless it holds ADMIN OPTION");
            return (GRANTOR_CLAUSE.matcher(line).replaceAll(";") + "\n").getBytes(StandardCharsets.UTF_8);
        }
        if (databaseHeader && line.startsWith("CREATE DATABASE ")) {
            SqlIdentifier db = SqlIdentifier.parse(line, "CREATE DATABASE ".length());
            if (db != null && existingDatabases.contains(db.name())) {
                notes.add("database " + db.name() + " already existed on the new server: not created again,"
                        + " its contents, owner and settings loaded into it");
                return comment("database " + quote(db.name()) + " already exists on the new server; not created");
            }
        }
        return null;
    }

    private static String quote(String name) {
        return '"' + name.replace("\n", " ") + '"';
    }

    private static byte[] comment(String text) {
        return ("-- pghop: " + text + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
