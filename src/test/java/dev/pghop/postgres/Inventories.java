package dev.pghop.postgres;

import java.util.List;
import java.util.Set;

import dev.pghop.postgres.ClusterInventory.DatabaseInfo;
import dev.pghop.postgres.ClusterInventory.Login;
import dev.pghop.postgres.ClusterInventory.RoleInfo;

/** Hand-made inventories for tests of the checks, shaped like the blog's two servers. */
public final class Inventories {
    private Inventories() {
    }

    /** The blog's old server: PG12, superuser admin, an app database using hstore. */
    public static ClusterInventory oldServer() {
        return new ClusterInventory(new PgVersion(12, 22), "12.22", "7000000000000000012",
                new Login("admin", true, true, true), "admin",
                List.of(new RoleInfo("admin", true, true, "md5"), new RoleInfo("app", false, true, "md5")),
                List.of(db("admin", List.of("plpgsql"), 0), db("app", List.of("hstore", "plpgsql"), 0),
                        db("postgres", List.of("plpgsql"), 0), db("template1", List.of("plpgsql"), 0)),
                List.of(), Set.of(), Set.of("c", "posix", "c.utf8"));
    }

    /** The blog's new server, freshly started: PG15, superuser pg-15-admin, nothing else. */
    public static ClusterInventory newServer() {
        return new ClusterInventory(new PgVersion(15, 12), "15.12", "7000000000000000015",
                new Login("pg-15-admin", true, true, true), "pg-15-admin",
                List.of(new RoleInfo("pg-15-admin", true, true, "scram-sha-256")),
                List.of(db("pg-15-admin", List.of("plpgsql"), 0), db("postgres", List.of("plpgsql"), 0),
                        db("template1", List.of("plpgsql"), 0)),
                List.of(), Set.of("plpgsql", "hstore", "pgcrypto"), Set.of("c", "posix", "c.utf8"));
    }

    public static DatabaseInfo db(String name, List<String> extensions, int userObjects) {
        List<String> objects = userObjects == 0 ? List.of() : List.of("table public.t");
        return new DatabaseInfo(name, "admin", "UTF8", "C.UTF-8", "C.UTF-8", 8_000_000, 1_000_000, extensions,
                objects, userObjects, new ClusterInventory.PublicSchema(true, "admin", "{admin=UC/admin,=UC/admin}"));
    }
}
