package dev.pghop.upgrade;

import java.io.IOException;
import java.util.function.UnaryOperator;

/** The upgrade's state as its steps move it on: each change is written before the step it names goes on. */
interface StateLog {
    UpgradeState current();

    void update(UnaryOperator<UpgradeState> change) throws IOException;

    /** The upgrade was undone: no state is left. */
    void clear();

    default void advance(UpgradeState.Phase next) throws IOException {
        update(s -> s.at(next));
    }
}
