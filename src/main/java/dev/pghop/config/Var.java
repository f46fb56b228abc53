package dev.pghop.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every environment variable pghop reads, declared once: its name, default, purpose and the commands that read it,
 * with a note where one command does something of its own with it. It is the source of --help, of the reference in
 * docs/reference.md and of every message about input; each command's settings record reads its variables through
 * {@link Env}, which refuses one the command does not declare here.
 */
public enum Var {
    PGDUMP_PATH(null, "directory holding the dump: pg_dumpall.sql and its manifest, or the directory format's"
            + " files", Map.of(
                    "dump", "dump writes it here; load must see the same volume",
                    "load", "load reads it here and, in the directory format, keeps load-state.json beside it",
                    "plan", "optional: plan checks that it has room for the dump",
                    "verify", "optional: verify writes verify-report.json here"),
            "dump", "load", "plan", "verify"),
    PG_HOST(null, "host name or IP of the OLD server (the one being upgraded)", Map.of(
                    "load", "optional: when set, load checks a dump written without pghop against the live old"
                            + " server"),
            "dump", "load", "plan", "migrate", "verify"),
    PG_PORT("5432", "port of the old server", "dump", "load", "plan", "migrate", "verify"),
    PG_USER(null, "role pghop logs in as on the old server", Map.of(
                    "dump", "a superuser, so that dump can read the role passwords",
                    "plan", "a superuser, so that the role passwords are dumped too (plan checks it)",
                    "migrate", "a superuser, so that migrate can copy the role passwords",
                    "verify", "a superuser: verify reads every role's password hash, table and large object",
                    "load", "load logs in there only with PG_HOST; also the default of NEW_PG_USER",
                    "passwords", "passwords uses it only as the default of NEW_PG_USER"),
            "dump", "load", "plan", "passwords", "migrate", "verify"),
    PG_PASS(null, "password of PG_USER (or use PG_PASS_FILE)", Map.of(
                    "passwords", "passwords uses it only as the default of NEW_PG_PASS"),
            "dump", "load", "plan", "passwords", "migrate", "verify"),
    PG_PASS_FILE(null, "file holding the password of PG_USER, e.g. a mounted Secret", Map.of(
                    "passwords", "passwords uses it only as the default of NEW_PG_PASS_FILE"),
            "dump", "load", "plan", "passwords", "migrate", "verify"),
    NEW_PG_HOST(null, "host name or IP of the NEW server, which receives the data", Map.of(
                    "dump", "optional: when set, dump checks it against the old server before dumping",
                    "load", "it must be empty (see LOAD_INTO_NON_EMPTY)",
                    "migrate", "it must be empty (see LOAD_INTO_NON_EMPTY)"),
            "load", "plan", "dump", "passwords", "migrate", "verify"),
    NEW_PG_PORT("5432", "port of the new server", "load", "plan", "dump", "passwords", "migrate", "verify"),
    NEW_PG_USER("PG_USER", "role pghop logs in as on the new server (best: its own superuser, not the old one's)",
            "load", "plan", "dump", "passwords", "migrate", "verify"),
    NEW_PG_PASS("PG_PASS", "password of NEW_PG_USER (or use NEW_PG_PASS_FILE)", "load", "plan", "dump",
            "passwords", "migrate", "verify"),
    NEW_PG_PASS_FILE(null, "file holding the password of NEW_PG_USER, e.g. a mounted Secret", "load", "plan",
            "dump", "passwords", "migrate", "verify"),
    PG_BIN_DIR(null, "directory holding the client programs (pg_dumpall, pg_dump, psql, pg_restore, vacuumdb); by"
            + " default they are looked up on PATH",
            Map.of("upgrade", "upgrade runs the NEW major's server programs from here (initdb, pg_upgrade, postgres);"
                    + " by default from where pg_upgrade is found on PATH",
                    "plan", "with PGDATA, plan runs the new major's server programs from here, as upgrade does"),
            "dump", "load", "plan", "migrate", "upgrade"),
    PROGRESS_INTERVAL("5", "seconds between progress lines during long work", "dump", "load", "migrate", "verify",
            "upgrade"),
    TERMINATION_LOG("/dev/termination-log",
            "file that receives the one-line summary (the Kubernetes termination message), when writable",
            "dump", "load", "plan", "passwords", "migrate", "verify", "upgrade"),
    LOAD_INTO_NON_EMPTY("false", "true to load into a new server that already holds databases, roles or"
            + " objects (refused by default: it is usually the leftover of a failed load)", Map.of(
                    "plan", "plan then reports such a server as a warning, not a blocker"),
            "load", "plan", "migrate"),
    ROLE_PASSWORDS_DIR(null, "directory with one file per role (file name = role, content = its password),"
            + " e.g. a mounted Secret", Map.of(
                    "load", "after the load, each of those roles gets a SCRAM-SHA-256 password and its login"
                            + " is proven",
                    "migrate", "after the copy, each of those roles gets a SCRAM-SHA-256 password and its login"
                            + " is proven",
                    "passwords", "each of those roles gets a SCRAM-SHA-256 password and its login is proven",
                    "plan", "plan does not count those roles among the ones that will be locked out",
                    "verify", "verify reads only the file names, and expects those roles' passwords to differ",
                    "upgrade", "after pg_upgrade, each of those roles gets a SCRAM-SHA-256 password and its login"
                            + " is proven, before the new cluster takes PGDATA's place"),
            "load", "plan", "passwords", "migrate", "verify", "upgrade"),
    DROP_ROLE_PASSWORDS("false", "true to load every role WITHOUT its old password hash (for teams that rotate"
            + " every secret)", Map.of(
                    "load", "roles in ROLE_PASSWORDS_DIR still get theirs",
                    "migrate", "roles in ROLE_PASSWORDS_DIR still get theirs",
                    "verify", "give verify the value the load had: with true, verify expects roles without"
                            + " passwords"),
            "load", "migrate", "verify"),
    JOBS("2", "how much work runs at once; about the number of CPU cores", Map.of(
                    "dump", "in the directory format, dump runs up to JOBS pg_dump at once, one per database,"
                            + " each with --jobs of its own when there are fewer databases than JOBS",
                    "load", "load runs up to JOBS psql sessions at once: the databases of a plain dump beside"
                            + " each other, the table data of a large one in several; in the directory format,"
                            + " up to JOBS pg_restore at once, one per database, each with --jobs of its own"
                            + " when there are fewer databases than JOBS; vacuumdb analyzes JOBS tables at once",
                    "migrate", "migrate copies JOBS databases at once and streams the rows of JOBS tables at"
                            + " once (a table over 64 MB in several streams when the old server is PostgreSQL"
                            + " 14 or later), then builds the indexes with pg_restore --jobs",
                    "verify", "verify compares the rows of JOBS tables at once",
                    "upgrade", "upgrade gives it to pg_upgrade as --jobs (databases and tablespaces at once), to"
                            + " vacuumdb, and to the row proof"),
            "dump", "load", "migrate", "verify", "upgrade"),
    DUMP_FORMAT("plain", "plain: one pg_dumpall.sql file; directory: globals.sql plus one pg_dump directory per"
            + " database, dumped and restored in parallel and resumable database by database", "dump", "load"),
    LOAD_SETTINGS("maintenance_work_mem=512MB,synchronous_commit=off", "settings for the loading sessions"
            + " (name=value, comma separated), speeding up ingestion and index builds without touching the"
            + " server's configuration; none to load with the server's own", "load", "migrate"),
    ANALYZE("true", "true to rebuild planner statistics", Map.of(
                    "load", "load analyzes each database with vacuumdb --analyze-only as soon as it is"
                            + " loaded, while the next one loads",
                    "migrate", "migrate analyzes each table as soon as its rows are in",
                    "upgrade", "upgrade runs the first stage of an analyze in stages (statistics target 1) before"
                            + " the new cluster takes PGDATA's place; into 18, which carries the statistics, only"
                            + " what has none"),
            "load", "migrate", "upgrade"),
    VERIFY_DATA(null, "how table data is compared: checksums (row counts and an order-independent checksum of"
            + " every row, so a changed value is found) or counts (exact row counts only: no value is compared, so a"
            + " changed value goes unnoticed; quicker)", Map.of(
                    "verify", "verify's default: checksums",
                    "upgrade", "upgrade's default: none, no row is read (pg_upgrade moves files, not rows); counts or"
                            + " checksums reads every row of the old cluster before the transfer and of the new one"
                            + " after it, with an ETA, and fails on a difference"),
            "verify", "upgrade"),
    VERIFY_REPORT(null, "file that receives verify's JSON report; by default $PGDUMP_PATH/verify-report.json when"
            + " PGDUMP_PATH is set, else none", "verify"),
    KEEP_SCRIPT_DUMP("false", "true to keep a pg_dumpall.sql written without pghop (no manifest, so its cluster"
            + " and age cannot be checked) and skip the dump; by default dump refuses it", "dump"),
    FENCE_OLD_WRITES("false", "true to make the old cluster read-only for everyone else before it is copied"
            + " (ALTER SYSTEM SET default_transaction_read_only, open transactions ended), so no write can be"
            + " lost; it stays so until lifted with ALTER SYSTEM RESET default_transaction_read_only", Map.of(
                    "plan", "plan checks that PG_USER may raise it (a superuser), and names the sessions it would"
                            + " end"),
            "dump", "migrate", "plan"),
    IGNORE_INCOMPATIBLE("false", "true to go on when the old cluster holds objects the new server refuses"
            + " to create (plan names each, why, and its fix on the old server); by default that refuses before"
            + " anything is written, since the load would stop at the first of them", Map.of(
                    "plan", "plan then reports those objects as warnings, not blockers",
                    "dump", "dump judges them only when NEW_PG_HOST is set; load judges them from the manifest",
                    "upgrade", "upgrade also carries a setting of the old configuration files that the new major"
                            + " does not know as a comment, instead of refusing"),
            "dump", "load", "migrate", "plan", "upgrade"),
    LOCK_WAIT_TIMEOUT("60", "seconds a session reading the old server waits for a table's lock before it fails,"
            + " naming the table and the session in the way (an ALTER TABLE, TRUNCATE or VACUUM FULL elsewhere)"
            + " rather than waiting behind it for ever", Map.of(
                    "migrate", "migrate also holds a lock on every table it copies from before its copy starts"
                            + " until the last one ends, so no one can empty or rewrite one meanwhile"),
            "dump", "migrate"),
    PGDATA(null, "the old cluster's data directory, as its server's image sets it (the official image's"
            + " /var/lib/postgresql/data, or a directory below the volume's mount such as"
            + " /var/lib/postgresql/data/pgdata); the Job mounts that volume at the same place", Map.of(
                    "upgrade", "at the end it holds the new major's cluster, and the old one is kept beside it"
                            + " (see NEW_PGDATA)",
                    "plan", "with PGDATA and no PG_HOST, plan checks an in-place upgrade of that cluster, as"
                            + " upgrade would, and changes nothing"),
            "upgrade", "plan"),
    NEW_PGDATA(null, "where the new cluster is made; by default in PGDATA's place: it is built beside PGDATA,"
            + " then the two are swapped and the old cluster is kept as PGDATA.old-<major> (inside PGDATA, as"
            + " .pghop-old-<major>, where PGDATA is its volume's root). Set it (e.g."
            + " /var/lib/postgresql/18/docker) to leave PGDATA as it is; TRANSFER link and clone need it on"
            + " PGDATA's filesystem", "upgrade", "plan"),
    OLD_PG_BIN_DIR(null, "directory holding the OLD major's server programs (postgres, pg_ctl, pg_controldata);"
            + " by default /usr/lib/postgresql/<old major>/bin, where the upgrade images and Debian put them",
            "upgrade", "plan"),
    TRANSFER("auto", "how pg_upgrade moves the data files: auto (clone where the volume makes reflinks, else"
            + " link), clone, link (the old cluster's way back ends when the new one first starts), copy (needs"
            + " room for a second copy), copy-file-range (17+) or swap (18+; no way back)", "upgrade", "plan"),
    RECOVER_CRASHED("false", "true to let pghop replay the WAL of an old cluster that was not shut down cleanly"
            + " (a killed pod, a lost node), once, with the old major's programs, before upgrading it. Only when"
            + " no server runs on that data anywhere: two servers on one data directory corrupt it",
            "upgrade", "plan");

    private final String defaultValue;
    private final String purpose;
    private final Map<String, String> notes;
    private final List<String> commands;

    Var(String defaultValue, String purpose, String... commands) {
        this(defaultValue, purpose, Map.of(), commands);
    }

    Var(String defaultValue, String purpose, Map<String, String> notes, String... commands) {
        this.defaultValue = defaultValue;
        this.purpose = purpose;
        this.notes = notes;
        this.commands = List.of(commands);
    }

    /** The default, or the name of the variable it falls back to, or null when it has none. */
    public String defaultValue() {
        return defaultValue;
    }

    /** The config property SmallRye reads from this environment variable, e.g. {@code new.pg.pass}. */
    public String property() {
        return name().toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** What it is for, whichever command reads it: the text of messages about its value. */
    public String purpose() {
        return purpose;
    }

    /** What it is for in one command: the purpose, then what that command does with it. */
    public String purposeIn(String command) {
        String note = notes.get(command);
        return note == null ? purpose : purpose + "; " + note;
    }

    /** The commands that have a note of their own; each reads the variable. */
    public Set<String> notedCommands() {
        return notes.keySet();
    }

    public boolean usedBy(String command) {
        return commands.contains(command);
    }

    /** The commands that read this variable. */
    public List<String> commands() {
        return commands;
    }
}
