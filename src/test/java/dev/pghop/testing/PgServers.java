package dev.pghop.testing;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Owns the test servers of one test class:
 * {@code @RegisterExtension static PgServers servers = new PgServers();} then
 * {@code servers.start(PgServer.builder("12").superuser("admin"))}. A server started in {@code @BeforeAll} is closed
 * after all tests of the class; one started in {@code @BeforeEach} or in a test is closed after that test. Servers
 * left open when the JVM exits (an aborted run) are closed by a shutdown hook.
 * Assumes the tests of a class run one at a time.
 */
public final class PgServers implements BeforeEachCallback, AfterEachCallback, AfterAllCallback {

    private final List<PgServer> classServers = new ArrayList<>();
    private final List<PgServer> testServers = new ArrayList<>();
    private boolean inTest;

    public synchronized PgServer start(PgServer.Builder builder) {
        PgServer server = builder.start();
        (inTest ? testServers : classServers).add(server);
        return server;
    }

    @Override
    public synchronized void beforeEach(ExtensionContext context) {
        inTest = true;
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        inTest = false;
        closeAll(testServers);
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        closeAll(testServers);
        closeAll(classServers);
    }

    /** Closes every server, even when one fails to close; the first failure carries the others. */
    private static void closeAll(List<PgServer> servers) {
        RuntimeException failure = null;
        for (PgServer server : servers) {
            try {
                server.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        servers.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
