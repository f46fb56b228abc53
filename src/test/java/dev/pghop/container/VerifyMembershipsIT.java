package dev.pghop.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * verify between two servers of PostgreSQL 16 or later, where a membership has INHERIT and SET options and a
 * grantor of its own: the sample cluster (with one membership granted by app, not a superuser) hopped 17 → 18 is
 * equal, the grants the old bootstrap superuser made being expected to name the new one; then an option or a grantor
 * changed on the new server is reported, and undone.
 */
@ExtendWith(DockerEngine.class)
class VerifyMembershipsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static MatrixServers servers = new MatrixServers();

    @TempDir
    Path volume;

    @Test
    void membershipOptionsAndGrantorsAreComparedBetweenServersOf16AndLater() throws IOException {
        PostgresInContainer old = servers.old(17);
        old.execute("postgres", "SET ROLE app", "GRANT app_readers TO ops");
        PostgresInContainer target = servers.freshNew(18);
        inImage(17, old, target).dumpVolume(volume).run("dump").exits(0);
        inImage(18, old, target).dumpVolume(volume).run("load").exits(0);

        JsonNode equal = verify(old, target, 0);
        assertThat(equal.path("differences")).isEmpty();
        assertThat(lines(equal.path("expected"))).contains("member reporter of app_readers, granted by: {admin} → {"
                + MatrixServers.newAdmin(18) + "}");

        whileChanged(target, "GRANT app_readers TO reporter WITH INHERIT TRUE",
                "GRANT app_readers TO reporter WITH INHERIT FALSE", old,
                "member reporter of app_readers, inherit option: false → true");
        whileChanged(target, "GRANT app_readers TO reporter WITH SET FALSE",
                "GRANT app_readers TO reporter WITH SET TRUE", old,
                "member reporter of app_readers, set option: true → false");
        whileChanged(target, "REVOKE app_readers FROM ops GRANTED BY app; GRANT app_readers TO ops",
                "REVOKE app_readers FROM ops; SET ROLE app; GRANT app_readers TO ops", old,
                "member ops of app_readers, granted by: {app} → {" + MatrixServers.newAdmin(18) + "}");
    }

    private void whileChanged(PostgresInContainer target, String change, String undo, PostgresInContainer old,
            String reported) throws IOException {
        target.execute("postgres", change.split("; "));
        try {
            assertThat(lines(verify(old, target, 7).path("differences"))).containsExactly(reported);
        } finally {
            target.execute("postgres", undo.split("; "));
        }
    }

    /** Runs verify in the new major's image, which must exit so; its JSON report. */
    private JsonNode verify(PostgresInContainer old, PostgresInContainer target, int exit) throws IOException {
        Path reports = TestImages.openToContainers(Files.createDirectories(volume.resolve("verify")));
        inImage(18, old, target).dumpVolume(reports).run("verify").exits(exit);
        return JSON.readTree(reports.resolve("verify-report.json").toFile());
    }

    private static List<String> lines(JsonNode differences) {
        List<String> lines = new ArrayList<>();
        differences.forEach(d -> lines.add(d.path("object").asText() + ", " + d.path("what").asText() + ": "
                + d.path("old").asText() + " → " + d.path("new").asText()));
        return lines;
    }

    private static PghopInContainer inImage(int major, PostgresInContainer old, PostgresInContainer target) {
        return PghopInContainer.image(major, servers.network()).source(old).target(target);
    }
}
