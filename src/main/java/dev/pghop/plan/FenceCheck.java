package dev.pghop.plan;

import java.util.List;

import dev.pghop.postgres.ClusterInventory;
import dev.pghop.postgres.Endpoint;
import dev.pghop.postgres.WriteFence;

/**
 * FENCE_OLD_WRITES before any write: the fence needs a superuser on the old server (ALTER SYSTEM), and nothing there
 * that would let writes through it (prepared transactions, roles or databases that opt out).
 */
final class FenceCheck {
    private static final String CHECK = "write fence";

    private FenceCheck() {
    }

    static List<Finding> check(boolean fence, Endpoint source, ClusterInventory old) {
        if (!fence) {
            return List.of();
        }
        if (!old.login().superuser()) {
            return List.of(Finding.blocker(CHECK, "FENCE_OLD_WRITES=true needs PG_USER (" + old.login().name()
                    + ") to be a superuser of the old server, for ALTER SYSTEM; use a superuser, or leave"
                    + " FENCE_OLD_WRITES unset and stop the applications yourself"));
        }
        List<String> holes = WriteFence.holes(source);
        return List.of(holes.isEmpty()
                ? Finding.ok(CHECK, "FENCE_OLD_WRITES=true: the old server will be made read-only for everyone before"
                        + " the copy")
                : Finding.blocker(CHECK, "FENCE_OLD_WRITES=true cannot make the old server read-only for everyone: "
                        + String.join("; ", holes)));
    }
}
