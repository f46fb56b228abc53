package dev.pghop.script;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import dev.pghop.postgres.PgVersion;

/**
 * The rewrites pghop applies to a pg_dumpall script on its way into psql, one line at a time. A rewritten line
 * becomes a comment, so psql's line numbers still match the dump file's.
 * <ul>
 * <li>{@code CREATE ROLE} for a role that already exists on the new server is skipped (it would stop the load);</li>
 * <li>{@code ALTER ROLE ... WITH ...} for the role pghop loads as is skipped, so the dump cannot change its password
 * or demote it half-way (the old script's lock-out when both servers' admin had the same name);</li>
 * <li>{@code CREATE DATABASE} for a database that already exists on the new server is skipped;</li>
 * <li>with DROP_ROLE_PASSWORDS, the PASSWORD clause of every other {@code ALTER ROLE ... WITH} is removed;</li>
 * <li>into PostgreSQL 16 or later, {@code GRANTED BY} is removed from role grants where the new server would refuse
 * it: every grantor of an older pg_dumpall, and the old cluster's bootstrap superuser (see {@link Grantors});</li>
 * <li>the restrict / unrestrict meta-commands are dropped when the loading psql predates them;</li>
 * <li>the column option {@code pg_attver}, a stamp PostgreSQL 17.12 keeps on every column and its own pg_dump leaves
 * out, is removed where a pg_dump of another major copied it: no other server accepts it.</li>
 * </ul>
 */
public final class LoadRules {
    /** The password literal pg_dumpall writes in ALTER ROLE ... WITH: quotes doubled inside. */
    private static final Pattern PASSWORD_CLAUSE = Pattern.compile(" PASSWORD '(?:[^']|'')*'");
    /** The grantor pg_dumpall names at the end of a role membership grant. */
    private static final Pattern GRANTOR_CLAUSE =
            Pattern.compile(" GRANTED BY ((?:\"(?:[^\"]|\"\")*\"|[a-z_][a-z0-9_$]*));$");
    /** One column's options as pg_dump sets them: {@code ALTER TABLE ONLY t ALTER COLUMN c SET (a=1, b=2);}. */
    private static final Pattern COLUMN_OPTIONS = Pattern.compile("^(ALTER TABLE ONLY .+ ALTER COLUMN .+ SET \\()(.*)\\);$");
    private static final Pattern ATTVER_OPTION = Pattern.compile("(?:^|, ?)pg_attver=[^,]*");
    private final Set<String> existingRoles;
    private final Set<String> existingDatabases;
    private final String loaderRole;
    private final boolean dropRestrict;
    private final boolean dropPasswords;
    private final Grantors grantors;
    /** Several databases may be loaded at once through the same rules. */
    private final Set<String> notes = java.util.Collections.synchronizedSet(new LinkedHashSet<>());

    /**
     * The rewrites that depend on the programs and servers at hand.
     *
     * @param dropRestrict the loading psql predates the restrict meta-commands
     * @param dropPasswords load every role without its stored password (DROP_ROLE_PASSWORDS)
     * @param grantors which {@code GRANTED BY} clauses of role grants to remove
     */
    public record Options(boolean dropRestrict, boolean dropPasswords, Grantors grantors) {
        public static final Options NONE = new Options(false, false, Grantors.KEEP);
    }

    /**
     * Which grantors of role memberships the new server would refuse. PostgreSQL 16 and later accept a grantor only
     * if it holds ADMIN OPTION on the role, which no superuser but the bootstrap one does by itself:
     * <ul>
     * <li>a pg_dumpall older than 16 names grantors without that order in mind: every one is removed;</li>
     * <li>one of 16 or later names the old cluster's bootstrap superuser for the grants it made, and that role is an
     * ordinary superuser on the new server: those are removed, so the grant is recorded by the new server's bootstrap
     * superuser, its counterpart there.</li>
     * </ul>
     *
     * @param all remove every GRANTED BY
     * @param oldBootstrap remove the GRANTED BY that names this role; null for none
     */
    public record Grantors(boolean all, String oldBootstrap) {
        public static final Grantors KEEP = new Grantors(false, null);

        /** For a dump by {@code dumpTool} (unknown: a dump written without pghop) of a cluster with that bootstrap role. */
        public static Grantors choose(PgVersion newServer, Optional<PgVersion> dumpTool, Optional<String> oldBootstrap) {
            if (newServer.major() < 16) {
                return KEEP;
            }
            if (dumpTool.map(v -> v.major() < 16).orElse(true)) {
                return new Grantors(true, null);
            }
            return new Grantors(false, oldBootstrap.orElse(null));
        }

        boolean removes(String grantor) {
            return all || grantor.equals(oldBootstrap);
        }
    }

    public LoadRules(Set<String> existingRoles, Set<String> existingDatabases, String loaderRole, Options options) {
        this.existingRoles = Set.copyOf(existingRoles);
        this.existingDatabases = Set.copyOf(existingDatabases);
        this.loaderRole = loaderRole;
        this.dropRestrict = options.dropRestrict();
        this.dropPasswords = options.dropPasswords();
        this.grantors = options.grantors();
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
        if (inGlobals && line.startsWith("GRANT ")) {
            java.util.regex.Matcher grantor = GRANTOR_CLAUSE.matcher(line);
            if (grantor.find() && grantors.removes(SqlIdentifier.parse(line, grantor.start(1)).name())) {
                notes.add(grantors.all() ? "role memberships were granted by the loading role: PostgreSQL 16 and"
                        + " later refuse the old grantor unless it holds ADMIN OPTION"
                        : "role memberships granted by the old cluster's bootstrap superuser " + grantors.oldBootstrap()
                                + " were granted by the new server's: PostgreSQL 16 and later refuse another"
                                + " superuser as their grantor");
                return (line.substring(0, grantor.start()) + ";\n").getBytes(StandardCharsets.UTF_8);
            }
        }
        if (line.startsWith("ALTER TABLE ONLY ") && line.contains("pg_attver=")) {
            java.util.regex.Matcher options = COLUMN_OPTIONS.matcher(line);
            if (options.matches()) {
                notes.add("left out the column option pg_attver, which PostgreSQL 17.12 keeps on every column and no"
                        + " other server accepts (its own pg_dump leaves it out too)");
                String rest = ATTVER_OPTION.matcher(options.group(2)).replaceAll("").replaceFirst("^, ?", "");
                return rest.isEmpty() ? comment("left out the PostgreSQL 17.12 column option pg_attver")
                        : (options.group(1) + rest + ");\n").getBytes(StandardCharsets.UTF_8);
            }
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
