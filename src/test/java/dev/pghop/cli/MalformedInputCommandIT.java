package dev.pghop.cli;

import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;

/** {@link MalformedInputCommandTest} against the packaged artifact. */
@QuarkusMainIntegrationTest
class MalformedInputCommandIT extends MalformedInputCommandTest {
}
