package dev.pghop.upgrade;

import org.jboss.logging.Logger;

/**
 * Where the tests stop an upgrade to kill it (SIGKILL, as a lost node would) at a chosen moment: when the
 * environment variable PGHOP_TEST_PAUSE_AT names one of these points, the run logs that it waits there, and waits
 * until it is killed. Not a setting: no user has a reason to set it, and --help does not list it.
 */
final class TestPause {
    private static final Logger LOG = Logger.getLogger("pghop");
    private static final String VARIABLE = "PGHOP_TEST_PAUSE_AT";

    private TestPause() {
    }

    static void at(String point) {
        if (point.equals(System.getenv(VARIABLE))) {
            LOG.warnf("paused at %s (%s): waiting to be killed", point, VARIABLE);
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
