package dev.pghop.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.pghop.testing.PgServer;

/**
 * The upgrade on throwaway servers: a PostgreSQL 12 like the blog's (md5, superuser admin) filled with sample data,
 * a newer server with SCRAM and its own superuser, then `pghop plan`, `dump` and `load` exactly as a Job runs them,
 * then `pghop verify`, with their output shown. Run by bin/demo.
 */
public final class Demo {
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
            for (String command : List.of("plan", "dump", "load", "verify")) {
                say("pghop " + command);
                int status = pghop(command, env);
                outcomes.add(Files.readString(summaries, StandardCharsets.UTF_8).strip());
                if (status != 0) {
                    say("pghop " + command + " exited " + status + "; stopping the demo");
                    return status;
                }
            }
            say("summary");
            outcomes.forEach(line -> System.out.println("  " + line));
            String query = "SELECT count(*) || ' customers, ' || (SELECT name FROM app_schema.customers WHERE id = "
                    + SampleCluster.NON_ASCII_CUSTOMER_ID + ") FROM app_schema.customers";
            System.out.println("  old server, database app: " + old.value("app", query));
            System.out.println("  new server, database app: " + fresh.value("app", query));
            return 0;
        } finally {
            deleteTree(work);
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
