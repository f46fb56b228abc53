package dev.pghop.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a test server silent the way a lost node or a network partition does, from a client's side: every packet to
 * or from its address and port is dropped (iptables DROP on the input path, which loopback traffic takes), so no
 * reset comes and a connection just stops hearing from it. Closing lifts the rules. Needs root and iptables; {@link
 * #available()} says whether this machine has both, so a test can report itself skipped with the reason.
 */
public final class SilencedServer implements AutoCloseable {
    private static final Duration IPTABLES = Duration.ofSeconds(30);

    private final List<List<String>> rules;
    private boolean lifted;

    private SilencedServer(List<List<String>> rules) {
        this.rules = rules;
    }

    /** Why packets cannot be dropped here, or null when they can. */
    public static String unavailableBecause() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "dropping packets needs root (iptables); the tests run as " + System.getProperty("user.name");
        }
        try {
            BoundedProcess.runChecked(List.of("iptables", "-w", "-S", "INPUT"), Path.of("."), IPTABLES);
            return null;
        } catch (IOException e) {
            return "iptables cannot be used here (" + e.getMessage() + "); bin/setup installs it";
        }
    }

    /** Drops every packet to and from the server's address and port from now until closed. */
    public static SilencedServer silence(PgServer server) throws IOException {
        String port = String.valueOf(server.port());
        List<List<String>> rules = List.of(
                List.of("INPUT", "-p", "tcp", "-d", server.host(), "--dport", port, "-j", "DROP"),
                List.of("INPUT", "-p", "tcp", "-s", server.host(), "--sport", port, "-j", "DROP"));
        List<List<String>> added = new ArrayList<>();
        try {
            for (List<String> rule : rules) {
                iptables("-I", rule);
                added.add(rule);
            }
        } catch (IOException e) {
            new SilencedServer(added).close();
            throw e;
        }
        return new SilencedServer(added);
    }

    /** Lets packets through again. Idempotent. */
    @Override
    public void close() throws IOException {
        if (lifted) {
            return;
        }
        lifted = true;
        IOException failure = null;
        for (List<String> rule : rules) {
            try {
                iptables("-D", rule);
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void iptables(String action, List<String> rule) throws IOException {
        List<String> command = new ArrayList<>(List.of("iptables", "-w", action));
        command.addAll(rule);
        BoundedProcess.runChecked(command, Path.of("."), IPTABLES);
    }
}
