package dev.pghop.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.pghop.testing.PgServer;

/**
 * The upgrade on throwaway servers: a PostgreSQL 12 like the blog's (md5, superuser admin) filled with sample data,
 * a newer server with SCRAM and its own superuser, then `pghop plan`, `dump` and `load` exactly as a Job runs them.
 * The load names the roles whose md5 passwords cannot log in to the SCRAM server; `pghop passwords` then gives them
 * their passwords from ROLE_PASSWORDS_DIR, as the Secret pghop-role-passwords does in Kubernetes, and `pghop
 * verify` compares the servers. Their output is shown, then each role logging in to the new server. Run by bin/demo.
 */
public final class Demo {
    /** The role ops has no password on the old server; the demo gives it one, as a team would. */
    private static final String OPS_PASSWORD = "ops-Secr3t-7e42";

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run());
    }

    /** The demo; returns 0, or the exit status of the pghop command that failed. */
    private static int run() throws Exception {
        Path work = Files.createTempDirectory("pghop-demo-");
        Path volume = Files.createDirectories(work.resolve("pg-migrate"));
        Path summaries = Files.createFile(work.resolve("termination-log"));
        say("starting a throwaway PostgreSQL 12 (md5, superuser admin) and PostgreSQL " + BlogSetup.newVersion()
                + " (SCRAM)");
        try (PgServer old = BlogSetup.oldServer("demo-old-admin-pw").start();
                PgServer fresh = BlogSetup.newServer("demo-new-admin-pw").start()) {
            SampleCluster.fill(old);
            say("old server on " + old.host() + ":" + old.port() + " holds the sample databases app, my-app, reports");
            Map<String, String> env = new LinkedHashMap<>();
            env.put("PGDUMP_PATH", volume.toString());
            env.put("PG_HOST", old.host());
            env.put("PG_PORT", String.valueOf(old.port()));
            env.put("PG_USER", old.superuser());
            env.put("PG_PASS", old.password());
            env.put("NEW_PG_HOST", fresh.host());
            env.put("NEW_PG_PORT", String.valueOf(fresh.port()));
            env.put("NEW_PG_USER", fresh.superuser());
            env.put("NEW_PG_PASS", fresh.password());
            env.put("TERMINATION_LOG", summaries.toString());
            List<String> outcomes = new ArrayList<>();
            int status = runEach(List.of("plan", "dump", "load"), env, summaries, outcomes);
            if (status != 0) {
                return status;
            }
            Map<String, String> passwords = rolePasswords(old);
            Path dir = writeRolePasswords(passwords, Files.createDirectory(work.resolve("role-passwords")));
            say("the roles the load named get their passwords: ROLE_PASSWORDS_DIR=" + dir + " holds one file per"
                    + " role (" + String.join(", ", passwords.keySet()) + "), named for the role and holding its"
                    + " password, as the Secret pghop-role-passwords does in Kubernetes");
            env.put("ROLE_PASSWORDS_DIR", dir.toString());
            status = runEach(List.of("passwords", "verify"), env, summaries, outcomes);
            if (status != 0) {
                return status;
            }
            say("summary");
            outcomes.forEach(line -> System.out.println("  " + line));
            String query = "SELECT count(*) || ' customers, ' || (SELECT name FROM app_schema.customers WHERE id = "
                    + SampleCluster.NON_ASCII_CUSTOMER_ID + ") FROM app_schema.customers";
            System.out.println("  old server, database app: " + old.value("app", query));
            System.out.println("  new server, database app: " + fresh.value("app", query));
            passwords.forEach((role, password) -> System.out.println("  new server, role " + role + " logs in with"
                    + " its password from ROLE_PASSWORDS_DIR: " + logsIn(fresh, role, password)));
            return 0;
        } finally {
            deleteTree(work);
        }
    }

    /** Runs each command in turn, keeping its summary line; returns 0, or the status of the one that failed. */
    private static int runEach(List<String> commands, Map<String, String> env, Path summaries, List<String> outcomes)
            throws IOException, InterruptedException {
        for (String command : commands) {
            say("pghop " + command);
            int status = pghop(command, env);
            outcomes.add(Files.readString(summaries, StandardCharsets.UTF_8).strip());
            if (status != 0) {
                say("pghop " + command + " exited " + status + "; stopping the demo");
                return status;
            }
        }
        return 0;
    }

    /** The passwords of the sample cluster's login roles, the old server's superuser among them. */
    private static Map<String, String> rolePasswords(PgServer old) {
        Map<String, String> passwords = new LinkedHashMap<>();
        passwords.put(old.superuser(), old.password());
        passwords.put("app", SampleCluster.APP_PASSWORD);
        passwords.put("ops", OPS_PASSWORD);
        passwords.put("reporter", SampleCluster.REPORTER_PASSWORD);
        return passwords;
    }

    private static Path writeRolePasswords(Map<String, String> passwords, Path dir) throws IOException {
        for (Map.Entry<String, String> role : passwords.entrySet()) {
            Files.writeString(dir.resolve(role.getKey()), role.getValue() + "\n", StandardCharsets.UTF_8);
        }
        return dir;
    }

    /** Whether the role logs in to the server's postgres database over a fresh connection. */
    private static String logsIn(PgServer server, String role, String password) {
        try (Connection session = server.connect("postgres", role, password)) {
            return session.isValid(5) ? "yes" : "no: the session does not answer";
        } catch (SQLException e) {
            return "no: " + e.getMessage();
        }
    }

    private static int pghop(String command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bin/pghop", command).inheritIO();
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(Pghop.TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return 124;
        }
        return p.exitValue();
    }

    private static void say(String text) {
        System.out.println();
        System.out.println("==> " + text);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
