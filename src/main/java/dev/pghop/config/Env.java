package dev.pghop.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import dev.pghop.postgres.Endpoint;
import dev.pghop.report.PghopException;

/**
 * Reads and checks the variables of one command, for its settings record. Every failure is an
 * {@link PghopException#invalidInput} whose message names the variable, says what it is for and how to fix it;
 * nothing is touched before all checks pass. A command reads only the variables {@link Var} declares for it: any
 * other is a mistake in pghop, refused at once, so that --help and the reference list exactly what each command
 * reads.
 */
public final class Env {
    public static final String VERIFY_REPORT_NAME = "verify-report.json";
    private static final int MAX_JOBS = 64;
    private static final String SET_IT = "; set it in the container's environment (env, or the ConfigMap pghop-env)";

    private final Environment raw;
    private final String command;

    public Env(Environment raw, String command) {
        this.raw = raw;
        this.command = command;
    }

    /** The variables of {@code command}, from the process environment. */
    public static Env forCommand(String command) {
        return new Env(Environment.ofProcess(), command);
    }

    /** The command whose variables these are. */
    public String command() {
        return command;
    }

    /** The raw value; only of a variable the command declares. */
    private Optional<String> read(Var var) {
        if (!var.usedBy(command)) {
            throw new IllegalStateException("pghop " + command + " reads " + var + ", which Var does not declare"
                    + " for it: add \"" + command + "\" to its commands");
        }
        return raw.raw(var);
    }

    /**
     * The variable's value when it is set. A value that is set but empty, or has spaces around it, is refused: it is
     * nearly always a broken reference in the manifest, and read silently it would mean the default, or a value the
     * user did not write.
     */
    public Optional<String> optional(Var var) {
        Optional<String> value = read(var);
        if (raw.setButEmpty(var)) {
            throw invalid(var, "is set but empty; " + (var.defaultValue() == null ? "give it a value"
                    : "give it a value, or remove it to use the default (" + var.defaultValue() + ")"));
        }
        value.filter(v -> !v.equals(v.strip())).ifPresent(v -> {
            throw invalid(var, "is '" + v + "', with spaces around it; remove them");
        });
        return value.filter(v -> !v.isEmpty());
    }

    public String required(Var var) {
        return optional(var).orElseThrow(() -> invalid(var, "is not set" + SET_IT));
    }

    public String orDefault(Var var) {
        return optional(var).orElse(var.defaultValue());
    }

    /** The old server, from PG_HOST, PG_PORT, PG_USER and PG_PASS or PG_PASS_FILE. */
    public Endpoint source() {
        String host = host(Var.PG_HOST);
        int port = port(Var.PG_PORT);
        String user = required(Var.PG_USER);
        String password = password(Var.PG_PASS, Var.PG_PASS_FILE)
                .orElseThrow(() -> invalid(Var.PG_PASS, "is not set, nor is PG_PASS_FILE"
                        + mountIt(Var.PG_PASS_FILE)));
        return new Endpoint(Endpoint.Side.OLD, host, port, user, password);
    }

    /** The new server; NEW_PG_USER and the password fall back to PG_USER and PG_PASS, as the script did. */
    public Endpoint target() {
        String host = host(Var.NEW_PG_HOST);
        int port = port(Var.NEW_PG_PORT);
        String user = optional(Var.NEW_PG_USER).or(() -> optional(Var.PG_USER))
                .orElseThrow(() -> invalid(Var.NEW_PG_USER, "is not set, nor is PG_USER" + SET_IT));
        String password = password(Var.NEW_PG_PASS, Var.NEW_PG_PASS_FILE)
                .or(() -> password(Var.PG_PASS, Var.PG_PASS_FILE))
                .orElseThrow(() -> invalid(Var.NEW_PG_PASS,
                        "is not set, nor are NEW_PG_PASS_FILE, PG_PASS and PG_PASS_FILE"
                                + mountIt(Var.NEW_PG_PASS_FILE)));
        return new Endpoint(Endpoint.Side.NEW, host, port, user, password);
    }

    /** The old server when PG_HOST is set (load uses it only to check a dump that has no manifest). */
    public Optional<Endpoint> sourceIfSet() {
        return optional(Var.PG_HOST).map(h -> source());
    }

    /** The new server when NEW_PG_HOST is set (dump then checks it against the old server before dumping). */
    public Optional<Endpoint> targetIfSet() {
        return optional(Var.NEW_PG_HOST).map(h -> target());
    }

    /** PGDUMP_PATH, which must be an existing directory; writable when pghop is to write the dump. */
    public Path dumpDirectory(boolean writable) {
        String value = required(Var.PGDUMP_PATH);
        Path dir = Path.of(value);
        if (!Files.isDirectory(dir)) {
            throw invalid(Var.PGDUMP_PATH, "names " + value + ", which is not an existing directory;"
                    + " mount the dump volume there or point PGDUMP_PATH at it");
        }
        if (writable && !Files.isWritable(dir)) {
            throw invalid(Var.PGDUMP_PATH, "names " + value + ", which this user cannot write to;"
                    + " make the volume writable (e.g. fsGroup in the pod's securityContext)");
        }
        if (!Files.isReadable(dir)) {
            throw invalid(Var.PGDUMP_PATH, "names " + value + ", which this user cannot read");
        }
        return dir;
    }

    /** ROLE_PASSWORDS_DIR when set; it must be an existing, readable directory. */
    public Optional<Path> rolePasswordsDirectory() {
        Optional<String> value = optional(Var.ROLE_PASSWORDS_DIR);
        value.filter(v -> !Files.isDirectory(Path.of(v)) || !Files.isReadable(Path.of(v))).ifPresent(v -> {
            throw invalid(Var.ROLE_PASSWORDS_DIR, "names " + v + ", which is not a readable directory; mount the"
                    + " Secret holding the role passwords there");
        });
        return value.map(Path::of);
    }

    public Optional<Path> binDirectory() {
        Optional<String> value = optional(Var.PG_BIN_DIR);
        value.filter(v -> !Files.isDirectory(Path.of(v))).ifPresent(v -> {
            throw invalid(Var.PG_BIN_DIR, "names " + v + ", which is not an existing directory");
        });
        return value.map(Path::of);
    }

    public Duration progressInterval() {
        return seconds(Var.PROGRESS_INTERVAL);
    }

    /** LOCK_WAIT_TIMEOUT: how long a session on the old server waits for a table's lock, 1 s or more. */
    public Duration lockWait() {
        return seconds(Var.LOCK_WAIT_TIMEOUT);
    }

    /** VERIFY_DATA: checksums (verify's default) or counts. */
    public VerifyMode verifyMode() {
        String value = optional(Var.VERIFY_DATA).orElse(VerifyMode.CHECKSUMS.toString());
        return VerifyMode.parse(value).orElseThrow(() -> invalid(Var.VERIFY_DATA, "is '" + value
                + "', which is neither counts nor checksums"));
    }

    /** VERIFY_DATA as upgrade reads it: none (its default: no row is read), counts or checksums. */
    public VerifyMode rowProof() {
        Optional<String> value = optional(Var.VERIFY_DATA).filter(v -> !v.equalsIgnoreCase("none"));
        return value.map(v -> VerifyMode.parse(v).orElseThrow(() -> invalid(Var.VERIFY_DATA, "is '" + v
                + "', which is none of none, counts and checksums"))).orElse(VerifyMode.NONE);
    }

    /**
     * PGDATA: the old cluster's data directory, an absolute path to an existing directory this user can read and
     * write (the server's own user: 999 in the official images).
     */
    public Path dataDirectory() {
        return dataDirectory(false);
    }

    /**
     * PGDATA as upgrade reads it: an in-place upgrade killed between its two renames leaves no directory there, in
     * a directory that exists; the upgrade's state then says what to do (the rerun finishes the swap).
     */
    public Path dataDirectoryOrItsPlace() {
        return dataDirectory(true);
    }

    private Path dataDirectory(boolean mayBeRenamedAway) {
        String value = required(Var.PGDATA);
        Path dir = Path.of(value);
        if (!dir.isAbsolute()) {
            throw invalid(Var.PGDATA, "is '" + value + "', not an absolute path; give it as the server's image"
                    + " does, e.g. /var/lib/postgresql/data/pgdata");
        }
        if (mayBeRenamedAway && !Files.exists(dir) && dir.getParent() != null && Files.isDirectory(dir.getParent())
                && Files.isWritable(dir.getParent())) {
            return dir.normalize();
        }
        if (!Files.isDirectory(dir)) {
            throw invalid(Var.PGDATA, "names " + value + ", which is not an existing directory; mount the old"
                    + " server's volume at the same place as its Deployment does");
        }
        if (!Files.isReadable(dir) || !Files.isWritable(dir) || !Files.isExecutable(dir)) {
            throw invalid(Var.PGDATA, "names " + value + ", which this user cannot read and write; run the Job as"
                    + " the old server's user (runAsUser 999 and fsGroup 999 for the official images)");
        }
        return dir.normalize();
    }

    /**
     * NEW_PGDATA when set: an absolute path, other than PGDATA and not inside it, naming a directory that does not
     * exist yet (or is empty) in an existing, writable directory.
     */
    public Optional<Path> newDataDirectory(Path pgdata) {
        Optional<String> value = optional(Var.NEW_PGDATA);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Path dir = Path.of(value.get());
        if (!dir.isAbsolute()) {
            throw invalid(Var.NEW_PGDATA, "is '" + value.get() + "', not an absolute path");
        }
        dir = dir.normalize();
        if (dir.equals(pgdata)) {
            return Optional.empty();
        }
        if (dir.startsWith(pgdata) || pgdata.startsWith(dir)) {
            throw invalid(Var.NEW_PGDATA, "names " + dir + ", which " + (dir.startsWith(pgdata) ? "is inside"
                    : "holds") + " PGDATA " + pgdata + "; name a directory beside it, e.g. " + pgdata.resolveSibling(
                            pgdata.getFileName() + "-new"));
        }
        Path parent = dir.getParent();
        if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
            throw invalid(Var.NEW_PGDATA, "names " + dir + ", whose directory " + parent + " does not exist or this"
                    + " user cannot write to it; mount the volume it belongs on, writable for this user");
        }
        return Optional.of(dir);
    }

    /** OLD_PG_BIN_DIR when set; it must be an existing directory. */
    public Optional<Path> oldBinDirectory() {
        Optional<String> value = optional(Var.OLD_PG_BIN_DIR);
        value.filter(v -> !Files.isDirectory(Path.of(v))).ifPresent(v -> {
            throw invalid(Var.OLD_PG_BIN_DIR, "names " + v + ", which is not an existing directory; use the"
                    + " upgrade image of the new major, which carries the older majors' programs");
        });
        return value.map(Path::of);
    }

    /** TRANSFER: auto, clone, link, copy, copy-file-range or swap. */
    public TransferMode transfer() {
        String value = orDefault(Var.TRANSFER);
        return TransferMode.parse(value).orElseThrow(() -> invalid(Var.TRANSFER, "is '" + value + "'; use auto,"
                + " clone, link, copy, copy-file-range or swap"));
    }

    /** JOBS: how many databases or tables are worked on at the same time, 1 to 64. */
    public int jobs() {
        String value = orDefault(Var.JOBS);
        try {
            int jobs = Integer.parseInt(value);
            if (jobs >= 1 && jobs <= MAX_JOBS) {
                return jobs;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(Var.JOBS, "is '" + value + "', not a whole number from 1 to " + MAX_JOBS);
    }

    /** Where verify writes its JSON report: VERIFY_REPORT, else verify-report.json in PGDUMP_PATH, else nowhere. */
    public Optional<Path> verifyReportFile() {
        Optional<String> explicit = optional(Var.VERIFY_REPORT);
        if (explicit.isEmpty()) {
            return optional(Var.PGDUMP_PATH).map(p -> dumpDirectory(true).resolve(VERIFY_REPORT_NAME));
        }
        Path file = Path.of(explicit.get()).toAbsolutePath();
        if (Files.isDirectory(file)) {
            throw invalid(Var.VERIFY_REPORT, "names " + explicit.get() + ", which is a directory; name a file in it,"
                    + " e.g. " + file.resolve(VERIFY_REPORT_NAME));
        }
        Path dir = file.getParent();
        if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw invalid(Var.VERIFY_REPORT, "names " + explicit.get() + ", but its directory " + dir
                    + " does not exist or this user cannot write to it; point it at a writable volume");
        }
        return Optional.of(file);
    }

    /** A yes/no variable: true or false, in any case; nothing else, so a typo never reads as one of them. */
    public boolean flag(Var var) {
        String value = orDefault(var);
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(var, "is '" + value + "'; set it to true or false");
        };
    }

    /** DUMP_FORMAT: plain or directory. */
    public DumpFormat dumpFormat() {
        String value = orDefault(Var.DUMP_FORMAT);
        return DumpFormat.parse(value).orElseThrow(() -> invalid(Var.DUMP_FORMAT, "is '"
                + value.toLowerCase(java.util.Locale.ROOT) + "'; use plain or directory"));
    }

    /** LOAD_SETTINGS: name=value pairs separated by commas, or none. */
    public LoadSessionSettings loadSettings() {
        String value = orDefault(Var.LOAD_SETTINGS);
        if (value.equalsIgnoreCase("none")) {
            return LoadSessionSettings.NONE;
        }
        for (String setting : value.split(",")) {
            if (!setting.strip().matches("[A-Za-z_][A-Za-z0-9_.]*=[^\\s,'\"]+")) {
                throw invalid(Var.LOAD_SETTINGS, "holds '" + setting.strip() + "', not a name=value setting"
                        + " (e.g. maintenance_work_mem=1GB); separate settings with commas, or use none");
            }
        }
        return new LoadSessionSettings(value);
    }

    public Path terminationLog() {
        return Path.of(orDefault(Var.TERMINATION_LOG));
    }

    /** A number of seconds, at least 1. */
    private Duration seconds(Var var) {
        String value = orDefault(var);
        try {
            int seconds = Integer.parseInt(value);
            if (seconds >= 1) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(var, "is '" + value + "', not a whole number of seconds of at least 1");
    }

    private String host(Var var) {
        String host = required(var);
        if (host.chars().anyMatch(Character::isWhitespace)) {
            throw invalid(var, "is '" + host + "', which holds whitespace; give a host name or an IP address");
        }
        return host;
    }

    private int port(Var var) {
        String value = orDefault(var);
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(var, "is '" + value + "', not a port number from 1 to 65535");
    }

    /** The password from its variable or from its *_FILE twin; both set is ambiguous and refused. */
    private Optional<String> password(Var plain, Var file) {
        Optional<String> direct = read(plain).filter(v -> !v.isEmpty());
        Optional<String> path = optional(file);
        if (direct.isPresent() && path.isPresent()) {
            throw invalid(plain, "and " + file.name() + " are both set; keep only one of them");
        }
        return path.map(p -> readSecretFile(file, p)).or(() -> direct);
    }

    private String readSecretFile(Var var, String path) {
        if (Files.isDirectory(Path.of(path))) {
            throw invalid(var, "names " + path + ", which is a directory; name the file in it that holds the"
                    + " password (a mounted Secret's key, e.g. " + Path.of(path).resolve("password") + ")");
        }
        String content;
        try {
            content = Files.readString(Path.of(path), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw invalid(var, "names " + path + ", which cannot be read (" + e.getClass().getSimpleName()
                    + "); mount the Secret there or fix " + var.name());
        }
        String password = content.replaceAll("[\r\n]+$", "");
        if (password.isEmpty()) {
            throw invalid(var, "names " + path + ", which is empty; put the password in the file");
        }
        return password;
    }

    /** A password comes from a Secret, never from the ConfigMap. */
    private static String mountIt(Var file) {
        return "; mount the password's Secret and set " + file.name() + " to the file holding it";
    }

    public static PghopException invalid(Var var, String problem) {
        return PghopException.invalidInput(var.name() + " " + problem + ". (" + var.name() + ": "
                + var.purpose() + ".)");
    }
}
