package dev.pghop.config;

import java.util.List;
import java.util.Optional;

import org.eclipse.microprofile.config.ConfigProvider;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.Expressions;
import io.smallrye.config.WithName;

/**
 * The environment contract: every variable pghop reads, with its default and what it is for. Property names map to
 * environment variables the SmallRye way ({@code pg.pass.file} is {@code PG_PASS_FILE}). Values stay raw strings here;
 * {@link Env} checks them and produces messages that name the variable.
 */
@ConfigMapping(prefix = "")
public interface PghopEnv {

    @WithName("pgdump.path")
    Optional<String> pgdumpPath();

    @WithName("pg.host")
    Optional<String> pgHost();

    @WithName("pg.port")
    Optional<String> pgPort();

    @WithName("pg.user")
    Optional<String> pgUser();

    @WithName("pg.pass.file")
    Optional<String> pgPassFile();

    @WithName("new.pg.host")
    Optional<String> newPgHost();

    @WithName("new.pg.port")
    Optional<String> newPgPort();

    @WithName("new.pg.user")
    Optional<String> newPgUser();

    @WithName("new.pg.pass.file")
    Optional<String> newPgPassFile();

    @WithName("pg.bin.dir")
    Optional<String> pgBinDir();

    @WithName("progress.interval")
    Optional<String> progressInterval();

    @WithName("termination.log")
    Optional<String> terminationLog();

    @WithName("load.into.non.empty")
    Optional<String> loadIntoNonEmpty();

    @WithName("role.passwords.dir")
    Optional<String> rolePasswordsDir();

    @WithName("drop.role.passwords")
    Optional<String> dropRolePasswords();

    @WithName("verify.data")
    Optional<String> verifyData();

    @WithName("jobs")
    Optional<String> jobs();

    @WithName("dump.format")
    Optional<String> dumpFormat();

    @WithName("load.settings")
    Optional<String> loadSettings();

    @WithName("analyze")
    Optional<String> analyze();

    @WithName("verify.report")
    Optional<String> verifyReport();

    @WithName("keep.script.dump")
    Optional<String> keepScriptDump();

    @WithName("fence.old.writes")
    Optional<String> fenceOldWrites();

    /** The raw value of one variable. */
    default Optional<String> raw(Var var) {
        return switch (var) {
            case PGDUMP_PATH -> pgdumpPath();
            case PG_HOST -> pgHost();
            case PG_PORT -> pgPort();
            case PG_USER -> pgUser();
            case PG_PASS, NEW_PG_PASS -> unexpanded(var);
            case PG_PASS_FILE -> pgPassFile();
            case NEW_PG_HOST -> newPgHost();
            case NEW_PG_PORT -> newPgPort();
            case NEW_PG_USER -> newPgUser();
            case NEW_PG_PASS_FILE -> newPgPassFile();
            case PG_BIN_DIR -> pgBinDir();
            case PROGRESS_INTERVAL -> progressInterval();
            case TERMINATION_LOG -> terminationLog();
            case LOAD_INTO_NON_EMPTY -> loadIntoNonEmpty();
            case ROLE_PASSWORDS_DIR -> rolePasswordsDir();
            case DROP_ROLE_PASSWORDS -> dropRolePasswords();
            case JOBS -> jobs();
            case DUMP_FORMAT -> dumpFormat();
            case LOAD_SETTINGS -> loadSettings();
            case ANALYZE -> analyze();
            case VERIFY_DATA -> verifyData();
            case VERIFY_REPORT -> verifyReport();
            case KEEP_SCRIPT_DUMP -> keepScriptDump();
            case FENCE_OLD_WRITES -> fenceOldWrites();
        };
    }

    /**
     * Whether the variable is in the environment with an empty or blank value. SmallRye reads such a value as not
     * set at all, so it is looked up here.
     */
    default boolean setButEmpty(Var var) {
        String value = System.getenv(var.name());
        return value != null && value.isBlank();
    }

    /**
     * A secret exactly as given. Passwords are not mapped like the other values: SmallRye would expand a
     * {@code ${...}} inside them as a property expression, and a password may well contain one.
     */
    private static Optional<String> unexpanded(Var var) {
        return Expressions.withoutExpansion(
                () -> ConfigProvider.getConfig().getOptionalValue(var.property(), String.class));
    }

    /** Name, default, purpose and users of each variable: the source of --help and of every message about input. */
    enum Var {
        PGDUMP_PATH(null, "directory holding the dump (pg_dumpall.sql and its manifest, or the directory format's"
                + " files and load-state.json); the same volume in dump and load; verify writes verify-report.json"
                + " there", "dump", "load", "plan", "verify"),
        PG_HOST(null, "host name or IP of the OLD server (the one being upgraded); for load, optional: when set, a"
                + " dump written without pghop is checked against the live old server", "dump", "load", "plan",
                "migrate", "verify"),
        PG_PORT("5432", "port of the old server", "dump", "load", "plan", "migrate", "verify"),
        PG_USER(null, "role pghop logs in as on the old server; a superuser, so role passwords are dumped too",
                "dump", "load", "plan", "passwords", "migrate", "verify"),
        PG_PASS(null, "password of PG_USER (or use PG_PASS_FILE)", "dump", "load", "plan", "passwords", "migrate",
                "verify"),
        PG_PASS_FILE(null, "file holding the password of PG_USER, e.g. a mounted Secret", "dump", "load", "plan",
                "passwords", "migrate", "verify"),
        NEW_PG_HOST(null, "host name or IP of the NEW, empty server that receives the data; for dump, optional:"
                + " when set, the dump also checks it against the old server", "load", "plan", "dump", "passwords",
                "migrate", "verify"),
        NEW_PG_PORT("5432", "port of the new server", "load", "plan", "dump", "passwords", "migrate", "verify"),
        NEW_PG_USER("PG_USER", "role pghop logs in as on the new server (best: its own superuser, not the old one's)",
                "load", "plan", "dump", "passwords", "migrate", "verify"),
        NEW_PG_PASS("PG_PASS", "password of NEW_PG_USER (or use NEW_PG_PASS_FILE)", "load", "plan", "dump",
                "passwords", "migrate", "verify"),
        NEW_PG_PASS_FILE(null, "file holding the password of NEW_PG_USER, e.g. a mounted Secret", "load", "plan",
                "dump", "passwords", "migrate", "verify"),
        PG_BIN_DIR(null, "directory holding the client programs (pg_dumpall, pg_dump, psql, pg_restore, vacuumdb); by"
                + " default they are looked up on PATH",
                "dump", "load", "plan", "migrate"),
        PROGRESS_INTERVAL("5", "seconds between progress lines during long work", "dump", "load", "migrate", "verify"),
        TERMINATION_LOG("/dev/termination-log",
                "file that receives the one-line summary (the Kubernetes termination message), when writable",
                "dump", "load", "plan", "passwords", "migrate", "verify"),
        LOAD_INTO_NON_EMPTY("false", "true to load into a new server that already holds databases, roles or"
                + " objects (refused by default: it is usually the leftover of a failed load)", "load", "plan",
                "migrate"),
        ROLE_PASSWORDS_DIR(null, "directory with one file per role (file name = role, content = its password),"
                + " e.g. a mounted Secret; after the load each gets a SCRAM-SHA-256 password and its login is proven;"
                + " verify expects those roles' passwords to differ", "load", "plan", "passwords", "migrate",
                "verify"),
        DROP_ROLE_PASSWORDS("false", "true to load every role WITHOUT its old password hash (for teams that rotate"
                + " every secret); roles in ROLE_PASSWORDS_DIR still get theirs; verify then expects roles without"
                + " passwords", "load", "migrate", "verify"),
        JOBS("2", "how many databases (and, in the directory format, tables) are dumped or loaded at once, and how"
                + " many tables verify reads at once; about the number of CPU cores", "dump", "load", "migrate",
                "verify"),
        DUMP_FORMAT("plain", "plain: one pg_dumpall.sql file; directory: globals.sql plus one pg_dump directory per"
                + " database, dumped and restored in parallel and resumable database by database", "dump", "load"),
        LOAD_SETTINGS("maintenance_work_mem=512MB,synchronous_commit=off", "settings for the loading sessions"
                + " (name=value, comma separated), speeding up ingestion and index builds without touching the"
                + " server's configuration; none to load with the server's own", "load", "migrate"),
        ANALYZE("true", "true to rebuild planner statistics: in load, each database with vacuumdb"
                + " --analyze-in-stages as soon as it is loaded; in migrate, each table as soon as its rows are in",
                "load", "migrate"),
        VERIFY_DATA("checksums", "how verify compares table data: counts (exact row counts) or checksums (row counts"
                + " and an order-independent checksum of every row)", "verify"),
        VERIFY_REPORT(null, "file that receives verify's JSON report; by default $PGDUMP_PATH/verify-report.json when"
                + " PGDUMP_PATH is set, else none", "verify"),
        KEEP_SCRIPT_DUMP("false", "true to keep a pg_dumpall.sql written without pghop (no manifest, so its cluster"
                + " and age cannot be checked) and skip the dump; by default dump refuses it", "dump"),
        FENCE_OLD_WRITES("false", "true to make the old cluster read-only for everyone else before the dump (ALTER"
                + " SYSTEM SET default_transaction_read_only, open write transactions ended), so no write can be"
                + " lost; it stays so until lifted with ALTER SYSTEM RESET default_transaction_read_only", "dump",
                "migrate", "plan");

        private final String defaultValue;
        private final String purpose;
        private final List<String> commands;

        Var(String defaultValue, String purpose, String... commands) {
            this.defaultValue = defaultValue;
            this.purpose = purpose;
            this.commands = List.of(commands);
        }

        /** The default, or the name of the variable it falls back to, or null when it has none. */
        public String defaultValue() {
            return defaultValue;
        }

        /** The config property SmallRye reads from this environment variable, e.g. {@code new.pg.pass}. */
        public String property() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '.');
        }

        public String purpose() {
            return purpose;
        }

        public boolean usedBy(String command) {
            return commands.contains(command);
        }

        /** The commands that read this variable. */
        public List<String> commands() {
            return commands;
        }
    }
}
