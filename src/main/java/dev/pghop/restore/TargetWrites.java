package dev.pghop.restore;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.pghop.postgres.ClusterInventory;
import dev.pghop.postgres.ClusterInventory.DatabaseInfo;
import dev.pghop.postgres.ClusterInventory.RoleInfo;
import dev.pghop.postgres.Endpoint;
import dev.pghop.postgres.InventoryReader;
import dev.pghop.report.PghopException;
import dev.pghop.report.ResetAdvice;

/**
 * After a load or migration failed: whether it wrote anything to the new server, so the message gives the advice
 * that fits. Resetting the new server (its PVC) is the cure for a partial load, and needless work when the failure
 * came before the first statement (a refused connection, a setting the server does not know).
 */
public final class TargetWrites {
    private TargetWrites() {
    }

    /**
     * The sentence that ends the failure message.
     *
     * @param before what the new server held before the load began
     * @param partial what a written server now holds ("a partial load")
     * @param command the command to run again ("pghop load")
     */
    public static String advice(Endpoint target, ClusterInventory before, String partial, String command) {
        ClusterInventory after;
        try {
            after = InventoryReader.read(target);
        } catch (PghopException e) {
            return " The new server cannot be read to tell whether it was written to (" + e.getMessage()
                    + "): if it was, it holds " + partial + "; " + ResetAdvice.before(command) + ".";
        }
        if (contents(before).equals(contents(after))) {
            return " Nothing was written to the new server: it holds what it held before. Fix the cause and run "
                    + command + " again.";
        }
        return " The new server now holds " + partial + ": " + ResetAdvice.before(command) + ".";
    }

    /** Roles, databases, and how many objects each database holds. */
    private static Map<String, Object> contents(ClusterInventory inventory) {
        Map<String, Object> contents = new TreeMap<>();
        contents.put(" roles", inventory.roles().stream().map(RoleInfo::name).sorted().toList());
        for (DatabaseInfo db : inventory.databases()) {
            contents.put(db.name(), List.of(db.userObjectCount()));
        }
        return contents;
    }
}
