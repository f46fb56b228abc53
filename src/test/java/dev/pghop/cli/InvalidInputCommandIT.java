package dev.pghop.cli;

import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;

/** {@link InvalidInputCommandTest} against the packaged artifact, its profile's values passed as properties. */
@QuarkusMainIntegrationTest
class InvalidInputCommandIT extends InvalidInputCommandTest {
}
