package dev.pghop.upgrade;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.pghop.process.ToolFailedException;
import dev.pghop.process.ToolProcess;

/**
 * A cluster read in single-user mode, which needs no login and no pg_hba, before pghop first starts it: who its
 * bootstrap superuser is (the one role pghop's own pg_hba lets in, and the name the new cluster must have) and what
 * initdb was given (template0's encoding and locale). Single-user mode replays the WAL of a cluster left as after a
 * crash, and shuts it down cleanly: pghop recovers a cluster of its own crash this way too.
 */
final class SingleUser {
    /** A cluster that replays a crash's WAL may take long; a day bounds one that hangs. */
    private static final Duration BOUND = Duration.ofDays(1);
    /** How single-user mode prints a column: {@code 1: su = "postgres" (typeid = 19, ...)}; NULL is not printed. */
    private static final Pattern COLUMN = Pattern.compile("^\\s*\\d+: (\\w+) = \"(.*)\"\\s+\\(typeid",
            Pattern.MULTILINE);

    /** What a run learns of a cluster before starting it. */
    record Bootstrap(String superuser, OldCluster.InitdbLocale locale) {
    }

    private SingleUser() {
    }

    static Bootstrap read(Path dataDir, ServerPrograms programs) throws IOException, InterruptedException {
        int major = programs.major();
        String provider = major >= 15 ? "d.datlocprovider::text" : "'c'";
        String locale = major >= 17 ? "d.datlocale" : major >= 15 ? "d.daticulocale" : "NULL";
        Map<String, String> row = query(dataDir, programs, "SELECT a.rolname AS su,"
                + " pg_catalog.pg_encoding_to_char(d.encoding) AS enc, d.datcollate AS coll, d.datctype AS ctyp, "
                + provider + " AS prov, " + locale + " AS loc FROM pg_catalog.pg_authid a, pg_catalog.pg_database d"
                + " WHERE a.oid = 10 AND d.datname = 'template0'");
        if (!row.containsKey("su") || !row.containsKey("enc")) {
            throw new IOException("single-user mode did not name the bootstrap superuser and template0's encoding");
        }
        return new Bootstrap(row.get("su"), new OldCluster.InitdbLocale(row.get("enc"), row.get("coll"),
                row.get("ctyp"), row.getOrDefault("prov", "c"), row.get("loc")));
    }

    /** Recovers a cluster left as after a crash: single-user mode replays its WAL and shuts it down cleanly. */
    static void recover(Path dataDir, ServerPrograms programs) throws IOException, InterruptedException {
        query(dataDir, programs, "SELECT 1 AS one");
    }

    /** One query's one row, column by name. */
    private static Map<String, String> query(Path dataDir, ServerPrograms programs, String sql)
            throws IOException, InterruptedException {
        ToolProcess.Builder single = programs.program("postgres", List.of("--single", "-D", dataDir.toString(),
                "-c", "archive_mode=off", "-c", "logging_collector=off", "template1")).stdinPiped()
                .stdout(ToolProcess.Stdout.PIPE).env("LC_MESSAGES", "C");
        String output;
        try (ToolProcess p = single.start()) {
            try (var in = p.stdin()) {
                in.write((sql + "\n").getBytes(StandardCharsets.UTF_8));
            }
            try (var out = p.stdout()) {
                output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            }
            try {
                p.awaitSuccess(BOUND);
            } catch (ToolFailedException e) {
                throw new PrivateServer.StartFailed("the cluster in " + dataDir + " did not start in single-user"
                        + " mode: " + String.join(" | ", e.stderrTail()), e.stderrTail(), e);
            }
        }
        Map<String, String> row = new HashMap<>();
        Matcher m = COLUMN.matcher(output);
        while (m.find()) {
            row.putIfAbsent(m.group(1), m.group(2));
        }
        return row;
    }
}
