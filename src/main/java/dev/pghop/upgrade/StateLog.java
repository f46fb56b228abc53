package dev.pghop.upgrade;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * The upgrade's state as its steps move it on, kept in the upgrade's own directory: each change is written before the
 * step it names goes on. Empty when no upgrade is under way.
 */
final class StateLog {
    private final Path workspace;
    private UpgradeState current;

    /** @param current the state the last run left, or null */
    StateLog(Path workspace, UpgradeState current) {
        this.workspace = workspace;
        this.current = current;
    }

    /** The state now, or null when no upgrade is under way. */
    UpgradeState current() {
        return current;
    }

    /** Writes {@code state} as the upgrade's state, then holds it. */
    void set(UpgradeState state) throws IOException {
        state.write(workspace);
        current = state;
    }

    void update(UnaryOperator<UpgradeState> change) throws IOException {
        set(change.apply(current));
    }

    void advance(UpgradeState.Phase next) throws IOException {
        update(s -> s.at(next));
    }

    /** The upgrade was undone or abandoned: no state is held (its directory is removed by the caller). */
    void clear() {
        current = null;
    }
}
