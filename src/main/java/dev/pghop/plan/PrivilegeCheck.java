package dev.pghop.plan;

import dev.pghop.postgres.ClusterInventory.Login;

/** The dump role must read role passwords; the load role must create roles and databases. */
final class PrivilegeCheck {
    private PrivilegeCheck() {
    }

    static Finding dumpRole(Login login) {
        String check = "dump role";
        if (!login.superuser()) {
            return Finding.warning(check, "PG_USER " + login.name() + " is not a superuser, so it cannot read"
                    + " pg_authid: the dump is taken with --no-role-passwords and every role arrives on the new"
                    + " server WITHOUT a password. Dump as a superuser to keep them");
        }
        return Finding.ok(check, login.name() + " is a superuser: role passwords are dumped");
    }

    static Finding loadRole(Login login) {
        String check = "load role";
        if (login.superuser()) {
            return Finding.ok(check, login.name() + " is a superuser");
        }
        if (!login.createRole() || !login.createDb()) {
            return Finding.blocker(check, "NEW_PG_USER " + login.name() + " cannot create "
                    + (login.createRole() ? "databases" : login.createDb() ? "roles" : "roles or databases")
                    + ", which the dump does. Load as the new server's superuser (the image's POSTGRES_USER)");
        }
        return Finding.warning(check, "NEW_PG_USER " + login.name() + " is not a superuser: superuser-only parts of"
                + " the dump (other roles' SUPERUSER attribute, untrusted languages, some extensions) will fail."
                + " Load as the new server's superuser");
    }
}
