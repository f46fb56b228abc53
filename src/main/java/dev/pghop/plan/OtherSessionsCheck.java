package dev.pghop.plan;

import java.util.List;

import dev.pghop.postgres.Endpoint;
import dev.pghop.postgres.OtherSessions;

/** Who else is connected to the old server, and could write while it is copied. */
final class OtherSessionsCheck {
    private static final String CHECK = "other sessions";
    private static final int LISTED = 10;

    private OtherSessionsCheck() {
    }

    static Finding check(Endpoint source, boolean fence) {
        List<String> others = OtherSessions.on(source);
        if (others.isEmpty()) {
            return Finding.ok(CHECK, "no other session is connected to the old server");
        }
        String list = String.join(", ", others.subList(0, Math.min(LISTED, others.size())))
                + (others.size() > LISTED ? ", ..." : "");
        return fence ? Finding.ok(CHECK, others.size() + " other session(s) on the old server (" + list
                + "); FENCE_OLD_WRITES will end their open transactions and make it read-only before the copy")
                : Finding.warning(CHECK, others.size() + " other session(s) are connected to the old server: " + list
                        + ". What they write while dump or migrate runs may not be copied: stop the applications"
                        + " first, or set FENCE_OLD_WRITES=true");
    }
}
