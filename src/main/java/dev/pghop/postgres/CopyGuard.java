package dev.pghop.postgres;

import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

import dev.pghop.report.Interruption;

/**
 * What `dump` and `migrate` do around their copy of the old server so that no write is lost silently: with
 * FENCE_OLD_WRITES, the old cluster is made read-only first; without it, other sessions are named before the copy,
 * and after it the writes others made meanwhile are counted and reported. What must hold before it starts is
 * checked with the other checks (plan's FenceCheck).
 */
public final class CopyGuard {
    private static final Logger LOG = Logger.getLogger("pghop");

    private final Endpoint old;
    private final boolean fenced;
    private final String what;
    private final WriteWatch.Mark before;

    private CopyGuard(Endpoint old, boolean fenced, String what, WriteWatch.Mark before) {
        this.old = old;
        this.fenced = fenced;
        this.what = what;
        this.before = before;
    }

    /** @param what the copy, as messages name it ("the dump", "the migration") */
    public static CopyGuard start(Endpoint old, boolean fence, String what) {
        if (fence) {
            WriteFence.raise(old);
            Interruption.alsoLeaves("the old server stays read-only (FENCE_OLD_WRITES=true): lift it with "
                    + WriteFence.LIFT);
        } else {
            List<String> others = OtherSessions.on(old);
            if (!others.isEmpty()) {
                LOG.warnf("%d other session(s) are connected to the %s: %s. What they write while %s runs may not"
                        + " be in it: stop the applications first, or set FENCE_OLD_WRITES=true", others.size(), old,
                        String.join(", ", others), what);
            }
        }
        return new CopyGuard(old, fence, what, WriteWatch.mark(old));
    }

    /** After the copy: the sentence the summary ends with, empty when nothing needs saying. */
    public String afterCopy() {
        Optional<String> written = WriteWatch.since(old, before, what);
        written.ifPresent(w -> LOG.warn(w));
        String fence = fenced ? "; the old server stays read-only (FENCE_OLD_WRITES=true): lift it with "
                + WriteFence.LIFT : "";
        return written.map(w -> "; WARNING: " + w).orElse("") + fence;
    }
}
