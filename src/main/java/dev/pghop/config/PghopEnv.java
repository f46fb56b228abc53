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

    @WithName("verify.data")
    Optional<String> verifyData();

    @WithName("jobs")
    Optional<String> jobs();

    @WithName("verify.report")
    Optional<String> verifyReport();

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
            case VERIFY_DATA -> verifyData();
            case JOBS -> jobs();
            case VERIFY_REPORT -> verifyReport();
        };
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
        PGDUMP_PATH(null, "directory holding the dump (pg_dumpall.sql and its manifest); the same volume in dump and load;"
                + " verify writes verify-report.json there", "dump", "load", "plan", "verify"),
        PG_HOST(null, "host name or IP of the OLD server (the one being upgraded)", "dump", "plan", "verify"),
        PG_PORT("5432", "port of the old server", "dump", "plan", "verify"),
        PG_USER(null, "role pghop logs in as on the old server; a superuser, so role passwords are dumped too",
                "dump", "load", "plan", "verify"),
        PG_PASS(null, "password of PG_USER (or use PG_PASS_FILE)", "dump", "load", "plan", "verify"),
        PG_PASS_FILE(null, "file holding the password of PG_USER, e.g. a mounted Secret", "dump", "load", "plan",
                "verify"),
        NEW_PG_HOST(null, "host name or IP of the NEW, empty server that receives the data; for dump, optional:"
                + " when set, the dump also checks it against the old server", "load", "plan", "dump", "verify"),
        NEW_PG_PORT("5432", "port of the new server", "load", "plan", "dump", "verify"),
        NEW_PG_USER("PG_USER", "role pghop logs in as on the new server (best: its own superuser, not the old one's)",
                "load", "plan", "dump", "verify"),
        NEW_PG_PASS("PG_PASS", "password of NEW_PG_USER (or use NEW_PG_PASS_FILE)", "load", "plan", "dump", "verify"),
        NEW_PG_PASS_FILE(null, "file holding the password of NEW_PG_USER, e.g. a mounted Secret", "load", "plan",
                "dump", "verify"),
        PG_BIN_DIR(null, "directory holding pg_dumpall and psql; by default they are looked up on PATH",
                "dump", "load", "plan"),
        PROGRESS_INTERVAL("5", "seconds between progress lines during long work", "dump", "load", "verify"),
        TERMINATION_LOG("/dev/termination-log",
                "file that receives the one-line summary (the Kubernetes termination message), when writable",
                "dump", "load", "plan", "verify"),
        LOAD_INTO_NON_EMPTY("false", "true to load into a new server that already holds databases, roles or"
                + " objects (refused by default: it is usually the leftover of a failed load)", "load", "plan"),
        VERIFY_DATA("checksums", "how verify compares table data: counts (exact row counts) or checksums (row counts"
                + " and an order-independent checksum of every row)", "verify"),
        JOBS("2", "how many tables are verified at the same time (each is read on both servers at once)", "verify"),
        VERIFY_REPORT(null, "file that receives verify's JSON report; by default $PGDUMP_PATH/verify-report.json when"
                + " PGDUMP_PATH is set, else none", "verify");

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
    }
}
