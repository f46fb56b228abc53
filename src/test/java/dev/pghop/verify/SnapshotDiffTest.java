package dev.pghop.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The differ on hand-made snapshots: objects on one side only, changed properties, and nothing for equal ones. */
class SnapshotDiffTest {

    @Test
    void anObjectTheCatalogGivesNoNameIsNamedByItsPropertiesAndStillCompared() {
        java.util.TreeMap<String, String> properties = new java.util.TreeMap<>(java.util.Map.of("text",
                "test subscription", "owner", CatalogSnapshot.NONE));

        assertThat(CatalogSnapshot.unnamed(properties)).isEqualTo("object verify cannot name (text test subscription)");
    }

    @Test
    void equalSnapshotsHaveNoDifference() {
        assertThat(SnapshotDiff.between("app", blog(), blog())).isEmpty();
    }

    @Test
    void namesEachObjectOnOneSideAndEachPropertyThatDiffers() {
        CatalogSnapshot fresh = blog()
                .add("table app_schema.orders", "owner", "ops")
                .add("index app_schema.orders_extra_idx", "definition", "CREATE INDEX orders_extra_idx ...");
        CatalogSnapshot old = blog().add("sequence app_schema.invoice_number_seq", "last value", "4243");

        assertThat(SnapshotDiff.between("app", old, withoutIndex(fresh, "index app_schema.orders_pkey")))
                .containsExactly(
                        Difference.onlyNew("app", "index app_schema.orders_extra_idx"),
                        Difference.onlyOld("app", "index app_schema.orders_pkey"),
                        Difference.of("app", "sequence app_schema.invoice_number_seq", "last value", "4242\n4243",
                                "4242"),
                        Difference.of("app", "table app_schema.orders", "owner", "app", "app\nops"));
    }

    @Test
    void aPropertyMissingOnOneSideReadsAsNone() {
        CatalogSnapshot old = new CatalogSnapshot().add("role app", "comment", "the application");
        CatalogSnapshot fresh = new CatalogSnapshot().add("role app");

        assertThat(SnapshotDiff.between(old, fresh, object -> null))
                .containsExactly(Difference.of(null, "role app", "comment", "the application", CatalogSnapshot.NONE));
    }

    @Test
    void clusterObjectsGoToTheirDatabaseOrToTheCluster() {
        CatalogSnapshot old = new CatalogSnapshot().add("database app", "settings", "{search_path=app_schema}")
                .add("member reporter of app_readers", "admin option", "false");
        CatalogSnapshot fresh = new CatalogSnapshot().add("database app", "settings", CatalogSnapshot.NONE);

        assertThat(SnapshotDiff.between(old, fresh, ClusterCatalog::databaseOf)).containsExactly(
                Difference.of("app", "database app", "settings", "{search_path=app_schema}", CatalogSnapshot.NONE),
                Difference.onlyOld(null, "member reporter of app_readers"));
    }

    @Test
    void twoRowsForOneObjectGiveTheSameValueInAnyOrder() {
        CatalogSnapshot one = new CatalogSnapshot().add("member a of b", "admin option", "true")
                .add("member a of b", "admin option", "false");
        CatalogSnapshot other = new CatalogSnapshot().add("member a of b", "admin option", "false")
                .add("member a of b", "admin option", "true");

        assertThat(SnapshotDiff.between("postgres", one, other)).isEmpty();
        assertThat(one.properties("member a of b")).containsEntry("admin option", "false\ntrue");
    }

    private static CatalogSnapshot blog() {
        return new CatalogSnapshot()
                .add("schema app_schema", "owner", "app")
                .add("table app_schema.orders", "owner", "app")
                .add("table app_schema.orders", "privileges", "{app=arwdDxt/app,app_readers=r/app}")
                .add("index app_schema.orders_pkey", "definition", "CREATE UNIQUE INDEX orders_pkey ...")
                .add("sequence app_schema.invoice_number_seq", "last value", "4242");
    }

    private static CatalogSnapshot withoutIndex(CatalogSnapshot snapshot, String index) {
        CatalogSnapshot copy = new CatalogSnapshot();
        snapshot.objects().forEach((object, properties) -> {
            if (!object.equals(index)) {
                copy.add(object);
                properties.forEach((property, value) -> List.of(value.split("\n"))
                        .forEach(v -> copy.add(object, property, v)));
            }
        });
        return copy;
    }
}
