package dev.pghop.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.pghop.report.ExitCode;
import dev.pghop.report.PghopException;

/** When a directory-format load goes on where an earlier one stopped, and when it starts afresh. */
class LoadStateTest {
    private static final String SERVER = "7000000000000000015";
    private static final String DUMP = "dump-sha";

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-24T08:15:00Z"), ZoneOffset.UTC);

    @Test
    void theSameServerAndDumpResumeWithWhatTheEarlierRunRecorded() throws IOException {
        LoadState first = LoadState.resumeOrStart(dir, SERVER, DUMP, Set.of("postgres", "template1", "admin"));
        first.begin(clock);
        first.markGlobalsDone();
        first.markStarted("app");
        first.markDone("app");
        first.markStarted("reports");

        LoadState again = LoadState.resumeOrStart(dir, SERVER, DUMP, Set.of("postgres", "app", "reports"));

        assertThat(again.resumed()).isTrue();
        assertThat(again.globalsDone()).isTrue();
        assertThat(again.isDone("app")).isTrue();
        assertThat(again.isStarted("reports")).isTrue();
        assertThat(again.isDone("reports")).isFalse();
        assertThat(again.preExisting()).as("what the server held before the first run")
                .containsExactlyInAnyOrder("postgres", "template1", "admin");
    }

    @Test
    void anotherServerStartsAfreshAndTheOldStateIsKeptAside() throws IOException {
        LoadState first = LoadState.resumeOrStart(dir, SERVER, DUMP, Set.of("postgres"));
        first.begin(clock);
        first.markGlobalsDone();

        LoadState fresh = LoadState.resumeOrStart(dir, "7000000000000000099", DUMP, Set.of("postgres"));
        assertThat(fresh.resumed()).isFalse();
        assertThat(fresh.globalsDone()).isFalse();

        assertThat(fresh.begin(clock)).hasValue(dir.resolve("load-state.json.failed-20261124T081500Z"));
        assertThat(LoadState.resumeOrStart(dir, "7000000000000000099", DUMP, Set.of()).resumed()).isTrue();
    }

    @Test
    void theSameServerWithAnotherDumpIsRefused() throws IOException {
        LoadState.resumeOrStart(dir, SERVER, DUMP, Set.of("postgres")).begin(clock);

        assertThatThrownBy(() -> LoadState.resumeOrStart(dir, SERVER, "another-dump", Set.of()))
                .isInstanceOfSatisfying(PghopException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.REFUSED);
                    assertThat(e.getMessage()).contains("another dump", "fresh new server");
                });
    }

    @Test
    void anUnreadableStateStartsAfresh() throws IOException {
        Files.writeString(dir.resolve(LoadState.FILE), "{ not json");

        assertThat(LoadState.resumeOrStart(dir, SERVER, DUMP, Set.of()).resumed()).isFalse();
    }
}
