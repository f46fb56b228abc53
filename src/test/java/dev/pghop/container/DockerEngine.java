package dev.pghop.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the image tests only where a Docker engine answers, and otherwise skips them with one line saying why: they
 * are then reported as skipped, never as passed. Asked once per test run, through the docker command line (the same
 * way the build scripts reach the engine), so no client library logs its own search for an engine as an error.
 */
final class DockerEngine implements ExecutionCondition {
    private static final long LIMIT_SECONDS = 15;
    private static ConditionEvaluationResult answer;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return ask();
    }

    private static synchronized ConditionEvaluationResult ask() {
        if (answer == null) {
            String why = whyNoEngine();
            answer = why == null ? ConditionEvaluationResult.enabled("a Docker engine answers")
                    : ConditionEvaluationResult.disabled("image tests not run: " + why
                            + " (bin/test starts one where it can: root and Debian's docker.io)");
            if (why != null) {
                Logger.getLogger(DockerEngine.class).warn(answer.getReason().orElseThrow());
            }
        }
        return answer;
    }

    /** Null when `docker info` answers within the limit, else what went wrong. */
    private static String whyNoEngine() {
        try {
            Process docker = new ProcessBuilder("docker", "info", "--format", "{{.ServerVersion}}")
                    .redirectErrorStream(true).start();
            docker.getOutputStream().close();
            if (!docker.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
                docker.destroyForcibly();
                return "`docker info` did not answer within " + LIMIT_SECONDS + " s";
            }
            String output = new String(docker.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return docker.exitValue() == 0 ? null : "no Docker engine answers (`docker info`: "
                    + output.lines().reduce((first, second) -> second).orElse("no output") + ")";
        } catch (IOException e) {
            return "the docker command cannot be run (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while asking for a Docker engine";
        }
    }
}
