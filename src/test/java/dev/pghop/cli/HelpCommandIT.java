package dev.pghop.cli;

import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;

/** {@link HelpCommandTest} against the packaged artifact: the jar, or the native executable when built. */
@QuarkusMainIntegrationTest
class HelpCommandIT extends HelpCommandTest {
}
