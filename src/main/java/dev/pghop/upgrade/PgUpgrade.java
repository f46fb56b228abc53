package dev.pghop.upgrade;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import dev.pghop.config.TransferMode;
import dev.pghop.process.PrivateDirectory;
import dev.pghop.process.ToolFailedException;
import dev.pghop.process.ToolProcess;

/**
 * pg_upgrade of the new major, run the way pghop needs it: its servers reachable only through a private socket
 * directory, at ports of their own, with pghop's own pg_hba (the bootstrap superuser, without a password) and WAL
 * archiving off; its files (logs, update_extensions.sql) in the upgrade's own directory; its output logged line by
 * line, each phase handed to the caller.
 */
final class PgUpgrade {
    private static final Logger LOG = Logger.getLogger("pghop");
    /** The check and the run of a large cluster's schema take long; a day bounds one that hangs. */
    private static final Duration BOUND = Duration.ofDays(1);
    /** Where pg_upgrade names a file that lists the objects a check found. */
    private static final Pattern LISTED_IN = Pattern.compile("(/\\S+\\.txt)");
    /** Where pg_upgrade points at the log that says why a step failed. */
    private static final Pattern CONSULT = Pattern.compile("Consult the last few lines of \"([^\"]+)\"");

    private final ServerPrograms old;
    private final ServerPrograms fresh;
    private final Path oldDir;
    private final Path newDir;
    private final String superuser;
    private final Path workDir;

    PgUpgrade(ServerPrograms old, ServerPrograms fresh, Path oldDir, Path newDir, String superuser, Path workDir) {
        this.old = old;
        this.fresh = fresh;
        this.oldDir = oldDir;
        this.newDir = newDir;
        this.superuser = superuser;
        this.workDir = workDir;
    }

    /**
     * pg_upgrade failed; {@link #problems} says why, from its output and the files it named: the objects a check
     * listed, the last lines of a log it pointed at.
     *
     * @param checking it failed in its consistency checks, before changing anything of the old cluster
     */
    static final class Failed extends IOException {
        private final transient PgUpgradeResult result;
        private final boolean checking;

        Failed(PgUpgradeResult result, boolean checking, Throwable cause) {
            super("pg_upgrade failed" + (checking ? " its checks" : "") + ": " + String.join(" | ",
                    result.problems()), cause);
            this.result = result;
            this.checking = checking;
        }

        PgUpgradeResult result() {
            return result;
        }

        boolean checking() {
            return checking;
        }
    }

    /** pg_upgrade --check with the transfer mode the run will use; changes nothing. */
    PgUpgradeResult check(TransferMode mode, int jobs) throws IOException, InterruptedException {
        try {
            run(mode, jobs, true, line -> { });
            return new PgUpgradeResult(true, List.of());
        } catch (Failed e) {
            return e.result();
        }
    }

    /** The upgrade itself; {@code phase} receives each line pg_upgrade prints. */
    void upgrade(TransferMode mode, int jobs, Consumer<String> phase) throws IOException, InterruptedException {
        run(mode, jobs, false, phase);
    }

    /** What went wrong, as pg_upgrade's output and the files it names say. */
    private static List<String> problems(List<String> output, ToolFailedException e) throws IOException {
        List<String> problems = new ArrayList<>();
        for (String line : output) {
            String text = line.strip();
            if (text.endsWith("fatal") || text.startsWith("Your installation") || text.startsWith("In database")
                    || text.contains("could not") || text.startsWith("The ") || text.startsWith("Consider")
                    || text.startsWith("There seems")) {
                problems.add(text.replaceAll("\\s{2,}", " "));
            }
            Matcher listed = LISTED_IN.matcher(text);
            if (listed.find() && Files.isReadable(Path.of(listed.group(1)))) {
                Files.readAllLines(Path.of(listed.group(1)), StandardCharsets.UTF_8).stream().limit(20)
                        .map(String::strip).filter(l -> !l.isEmpty()).forEach(problems::add);
            }
            Matcher log = CONSULT.matcher(text);
            if (log.find() && Files.isReadable(Path.of(log.group(1)))) {
                List<String> lines = Files.readAllLines(Path.of(log.group(1)), StandardCharsets.UTF_8).stream()
                        .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("command:")).toList();
                problems.add(Path.of(log.group(1)).getFileName() + " ends: " + String.join(" | ",
                        lines.subList(Math.max(0, lines.size() - 6), lines.size())));
            }
        }
        if (problems.isEmpty()) {
            problems.addAll(output.subList(Math.max(0, output.size() - 10), output.size()));
            problems.addAll(e.stderrTail());
        }
        return problems.stream().distinct().toList();
    }

    private void run(TransferMode mode, int jobs, boolean check, Consumer<String> lines)
            throws IOException, InterruptedException {
        try (PrivateDirectory socket = PrivateDirectory.create(PrivateDirectory.Kind.SERVER)) {
            Path hba = socket.newFile("pg_hba.conf");
            Files.writeString(hba, PrivateServer.bootstrapRules(superuser), StandardCharsets.UTF_8);
            String serverOptions = "-c hba_file=" + hba + " " + PrivateServer.QUIET;
            List<String> args = new ArrayList<>(List.of("--old-bindir=" + old.binDir(), "--new-bindir="
                    + fresh.binDir(), "--old-datadir=" + oldDir, "--new-datadir=" + newDir, "--username=" + superuser,
                    "--socketdir=" + socket.path(), "--old-port=" + freePort(), "--new-port=" + freePort(),
                    "--jobs=" + jobs, "--old-options=" + serverOptions, "--new-options=" + serverOptions));
            mode.flag(fresh.major()).ifPresent(args::add);
            if (check) {
                args.add("--check");
            }
            ToolProcess.Builder builder = fresh.program("pg_upgrade", args).in(workDir).env("LC_MESSAGES", "C")
                    .stdout(ToolProcess.Stdout.PIPE);
            List<String> output = new ArrayList<>();
            boolean upgrading = false;
            try (ToolProcess p = builder.start();
                    BufferedReader out = new BufferedReader(new InputStreamReader(p.stdout(),
                            StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (!line.isBlank()) {
                        LOG.infof("pg_upgrade: %s", line.stripTrailing());
                        output.add(line);
                        upgrading |= line.startsWith("Performing Upgrade");
                        lines.accept(line);
                    }
                }
                p.awaitSuccess(BOUND);
            } catch (ToolFailedException e) {
                throw new Failed(new PgUpgradeResult(false, problems(output, e)), !upgrading, e);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
