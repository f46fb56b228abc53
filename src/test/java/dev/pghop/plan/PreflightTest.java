package dev.pghop.plan;

import static dev.pghop.postgres.Inventories.db;
import static dev.pghop.postgres.Inventories.newServer;
import static dev.pghop.postgres.Inventories.oldServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.pghop.plan.Finding.Severity;
import dev.pghop.postgres.ClusterInventory;
import dev.pghop.postgres.ClusterInventory.Login;
import dev.pghop.postgres.ClusterInventory.RoleInfo;
import dev.pghop.postgres.ClusterInventory.TablespaceInfo;
import dev.pghop.postgres.PgVersion;
import dev.pghop.report.ExitCode;
import dev.pghop.report.PghopException;

class PreflightTest {

    @Test
    void theBlogsPairPassesEveryCheck() {
        List<Finding> all = new ArrayList<>(Preflight.between(oldServer(), newServer(), false));
        all.addAll(Preflight.dumpSide(oldServer(), new PgVersion(12, 22), newServer(),
                new Preflight.Volume("/pg-migrate", 10_000_000)));
        all.addAll(Preflight.loadSide(newServer(), new PgVersion(15, 18), false));

        assertThat(all).allSatisfy(f -> assertThat(f.severity()).as(f.toString()).isEqualTo(Severity.OK));
    }

    @Test
    void theSameClusterUnderTwoNamesIsABlocker() {
        ClusterInventory sameAsOld = with(newServer(), oldServer().systemIdentifier());

        Finding f = Preflight.between(oldServer(), sameAsOld, false).get(0);

        assertThat(f.severity()).isEqualTo(Severity.BLOCKER);
        assertThat(f.message()).contains("SAME cluster").contains("7000000000000000012").contains("NEW_PG_HOST");
    }

    @Test
    void versionsMustGoUpAndToolsMustFit() {
        assertThat(severities(Preflight.between(newServer(), oldServer(), false), "server versions"))
                .containsExactly(Severity.BLOCKER);
        assertThat(severities(Preflight.dumpSide(oldServer(), new PgVersion(11, 5), newServer(), null),
                "pg_dumpall version")).containsExactly(Severity.BLOCKER);
        assertThat(Preflight.dumpSide(oldServer(), new PgVersion(17, 4), newServer(), null))
                .anySatisfy(f -> assertThat(f.message()).contains("pg_dumpall 17.4 writes SQL that PostgreSQL 15.12"));
        assertThat(severities(Preflight.loadSide(newServer(), new PgVersion(14, 10), false), "psql version"))
                .containsExactly(Severity.BLOCKER);
    }

    @Test
    void aHalfFilledNewServerIsListedAndBlocksUnlessOptedIn() {
        ClusterInventory leftover = new ClusterInventory(newServer().version(), "15.12", "x", newServer().login(),
                "pg-15-admin", List.of(new RoleInfo("pg-15-admin", true, true, "scram-sha-256"),
                        new RoleInfo("app", false, true, "md5")),
                List.of(db("pg-15-admin", List.of(), 0), db("postgres", List.of(), 3), db("app", List.of(), 0)),
                List.of(), Set.of(), Set.of());

        Finding blocked = finding(Preflight.loadSide(leftover, new PgVersion(15, 18), false), "new server is empty");
        Finding allowed = finding(Preflight.loadSide(leftover, new PgVersion(15, 18), true), "new server is empty");

        assertThat(blocked.severity()).isEqualTo(Severity.BLOCKER);
        assertThat(blocked.message()).contains("database app").contains("in database postgres: table public.t")
                .contains("role app").contains("scale its Deployment to 0").contains("LOAD_INTO_NON_EMPTY=true");
        assertThat(allowed.severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void namesMissingExtensionsLocalesAndTablespacesPerDatabase() {
        ClusterInventory old = new ClusterInventory(oldServer().version(), "12.22", "1", oldServer().login(), "admin",
                oldServer().roles(), List.of(db("gis", List.of("plpgsql", "postgis"), 0),
                        new ClusterInventory.DatabaseInfo("de", "admin", "UTF8", "de_DE.UTF-8", "de_DE.UTF-8", 1, 1,
                                List.of(), List.of(), 0, null)),
                List.of(new TablespaceInfo("fast", "/mnt/ssd")), Set.of(), Set.of());

        List<Finding> findings = Preflight.between(old, newServer(), false);

        assertThat(finding(findings, "extensions").message()).contains("database gis uses postgis");
        assertThat(finding(findings, "locales").message()).contains("database de (UTF8) uses locale de_DE.UTF-8");
        assertThat(finding(findings, "tablespaces").message()).contains("fast at /mnt/ssd");
        assertThat(findings).filteredOn(Finding::blocks).hasSize(3);
    }

    @Test
    void privilegesAndRoomAreChecked() {
        ClusterInventory notSuper = new ClusterInventory(oldServer().version(), "12.22", "1",
                new Login("reader", false, false, false), "admin", List.of(), List.of(db("app", List.of(), 0)),
                List.of(), Set.of(), Set.of());

        List<Finding> dump = Preflight.dumpSide(notSuper, new PgVersion(12, 22), null,
                new Preflight.Volume("/pg-migrate", 1_100_000));
        List<Finding> load = Preflight.loadSide(with(notSuper, "9"), new PgVersion(15, 18), false);

        assertThat(finding(dump, "dump role").message()).contains("WITHOUT a password");
        assertThat(finding(dump, "dump volume room").severity()).isEqualTo(Severity.WARNING);
        assertThat(Preflight.dumpSide(notSuper, new PgVersion(12, 22), null, new Preflight.Volume("/v", 10)))
                .anySatisfy(f -> assertThat(f.message()).contains("Give PGDUMP_PATH a bigger volume"));
        assertThat(finding(load, "load role").severity()).isEqualTo(Severity.BLOCKER);
    }

    @Test
    void aShortVolumeNamesTheFailedDumpsThatFillIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Files.write(dir.resolve("pg_dumpall.sql.failed-20261201T101500Z"), new byte[3000]);
        java.nio.file.Files.createDirectories(dir.resolve("databases/app.failed-20261201T101500Z"));
        java.nio.file.Files.write(dir.resolve("databases/app.failed-20261201T101500Z/toc.dat"), new byte[500]);
        Preflight.Volume found = Preflight.Volume.of(dir);
        assertThat(found.failed()).containsOnlyKeys("pg_dumpall.sql.failed-20261201T101500Z",
                "databases/app.failed-20261201T101500Z");

        Preflight.Volume full = new Preflight.Volume(dir.toString(), 10, found.failed());
        assertThat(finding(Preflight.dumpSide(oldServer(), new PgVersion(12, 22), null, full), "dump volume room")
                .message()).contains("2 failed dump(s) kept there take 3.4 kB",
                        "pg_dumpall.sql.failed-20261201T101500Z (2.9 kB)", "or delete the failed dumps");
    }

    @Test
    void aHalfLoadedNewServerIsNotOfferedALoadIntoItThatWouldFail() {
        ClusterInventory halfLoaded = withDatabases(newServer(), db("app", List.of(), 3));
        ClusterInventory extraRole = new ClusterInventory(newServer().version(), "15.12", "9", newServer().login(),
                newServer().bootstrapRole(), List.of(new RoleInfo("other", false, true, "none")),
                newServer().databases(), List.of(), newServer().availableExtensions(), newServer().locales());

        assertThat(finding(Preflight.loadSide(halfLoaded, new PgVersion(15, 18), false), "new server is empty")
                .message()).contains("Reset the new server").doesNotContain("LOAD_INTO_NON_EMPTY");
        assertThat(finding(Preflight.loadSide(extraRole, new PgVersion(15, 18), false), "new server is empty")
                .message()).contains("role other", "or set LOAD_INTO_NON_EMPTY=true");
    }

    @Test
    void enforceRefusesWithEveryBlockerNamed() {
        List<Finding> findings = List.of(Finding.ok("a", "fine"), Finding.blocker("b", "bad one"),
                Finding.blocker("c", "bad two"));

        assertThatThrownBy(() -> Preflight.enforce("load", findings)).isInstanceOfSatisfying(PghopException.class,
                e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.REFUSED);
                    assertThat(e.getMessage()).contains("load refused before changing anything")
                            .contains("b: bad one").contains("c: bad two");
                });
    }

    @Test
    void aNewSuperuserNamedLikeAnOrdinaryOldRoleIsABlockerButTheSameAdminIsNot() {
        ClusterInventory appAdmin = superuser(newServer(), "app");

        Finding f = finding(Preflight.between(oldServer(), appAdmin, false), "new server's superusers");

        assertThat(f.severity()).isEqualTo(Severity.BLOCKER);
        assertThat(f.message()).contains("app is the new server's bootstrap superuser", "an ordinary role",
                "POSTGRES_USER", "NEW_PG_USER");
        assertThat(finding(Preflight.between(oldServer(), superuser(newServer(), "admin"), false),
                "new server's superusers").severity()).isEqualTo(Severity.OK);
    }

    @Test
    void aDatabaseTheNewServerHasWithAnotherLocaleIsABlocker() {
        ClusterInventory.DatabaseInfo postgresInC = new ClusterInventory.DatabaseInfo("postgres", "x", "UTF8", "C",
                "C", 1, 1, List.of(), List.of(), 0, null, ClusterInventory.LocaleProvider.LIBC);
        ClusterInventory target = new ClusterInventory(newServer().version(), "15.12", "9", newServer().login(),
                newServer().bootstrapRole(), newServer().roles(), List.of(postgresInC), List.of(), Set.of(),
                Set.of());

        Finding f = finding(Preflight.between(oldServer(), target, false), "databases that already exist");

        assertThat(f.severity()).isEqualTo(Severity.BLOCKER);
        assertThat(f.message()).contains("database postgres: collation C.UTF-8 on the old server, C on the new",
                "ctype C.UTF-8 on the old server, C on the new", "POSTGRES_INITDB_ARGS");
        assertThat(finding(Preflight.between(oldServer(), newServer(), false), "databases that already exist")
                .severity()).as("C.UTF-8 and C.utf8 name one locale").isEqualTo(Severity.OK);
    }

    private static ClusterInventory superuser(ClusterInventory inv, String name) {
        List<RoleInfo> roles = List.of(new RoleInfo(name, true, true, "scram-sha-256"));
        return new ClusterInventory(inv.version(), inv.versionText(), "9", new Login(name, true, true, true), name,
                roles, inv.databases(), inv.tablespaces(), inv.availableExtensions(), inv.locales());
    }

    private static ClusterInventory with(ClusterInventory inv, String systemIdentifier) {
        return new ClusterInventory(inv.version(), inv.versionText(), systemIdentifier, inv.login(),
                inv.bootstrapRole(), inv.roles(), inv.databases(), inv.tablespaces(), inv.availableExtensions(),
                inv.locales());
    }

    private static ClusterInventory withDatabases(ClusterInventory inv, ClusterInventory.DatabaseInfo extra) {
        List<ClusterInventory.DatabaseInfo> databases = new ArrayList<>(inv.databases());
        databases.add(extra);
        return new ClusterInventory(inv.version(), inv.versionText(), "9", inv.login(), inv.bootstrapRole(),
                inv.roles(), databases, inv.tablespaces(), inv.availableExtensions(), inv.locales());
    }

    private static List<Severity> severities(List<Finding> findings, String check) {
        return findings.stream().filter(f -> f.check().equals(check)).map(Finding::severity).toList();
    }

    private static Finding finding(List<Finding> findings, String check) {
        return findings.stream().filter(f -> f.check().equals(check)).findFirst().orElseThrow();
    }
}
