package dev.pghop.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.pghop.postgres.ClusterInventory;
import dev.pghop.postgres.ClusterInventory.RoleInfo;

/**
 * The new server's roles that the load leaves as they are: its bootstrap superuser (the image's POSTGRES_USER, made
 * by initdb, which stays a superuser whatever is done to it) and the role pghop loads as (whose attributes and
 * password the load never changes, or it would lock itself out). When the old cluster has an ordinary role of the
 * same name, the copy would make that role a superuser on the new server, and no one would notice: a blocker.
 * The same admin name being a superuser on both sides is the usual case, and fine.
 */
final class KeptRolesCheck {
    private static final String CHECK = "new server's superusers";

    private KeptRolesCheck() {
    }

    static Finding check(ClusterInventory source, ClusterInventory target) {
        Map<String, String> kept = new LinkedHashMap<>();
        kept.put(target.bootstrapRole(), "the new server's bootstrap superuser (its image's POSTGRES_USER, made by"
                + " initdb, which always stays a superuser)");
        kept.putIfAbsent(target.login().name(), "the role pghop loads as on the new server (NEW_PG_USER), whose"
                + " attributes the load keeps, and which is a superuser there");
        List<String> problems = new ArrayList<>();
        kept.forEach((name, what) -> old(source, name).filter(role -> !role.superuser()).ifPresent(role -> problems.add(
                name + " is " + what + ", but on the old cluster " + name + " is an ordinary role (not a superuser"
                        + (role.login() ? ", can log in" : "") + "): after the copy it would be a superuser with"
                        + " every right on the new server")));
        if (problems.isEmpty()) {
            return Finding.ok(CHECK, "no role of the old cluster would gain superuser on the new server");
        }
        return Finding.blocker(CHECK, String.join("; ", problems) + ". Start the new server with another superuser"
                + " name (POSTGRES_USER, e.g. pg-<major>-admin as the blog's servers do; a new server can only get it"
                + " from a fresh data volume) and set NEW_PG_USER to it");
    }

    private static Optional<RoleInfo> old(ClusterInventory source, String name) {
        return source.roles().stream().filter(r -> r.name().equals(name)).findFirst();
    }
}
