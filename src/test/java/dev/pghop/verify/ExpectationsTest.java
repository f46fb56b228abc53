package dev.pghop.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Which differences an upgrade makes by itself, and that everything else stays a real difference. */
class ExpectationsTest {
    private final Expectations blog = new Expectations("admin", "pg-15-admin");

    @Test
    void theNewBootstrapSuperuserAndItsDatabaseAreExpected() {
        assertThat(reasons(blog, Difference.onlyNew(null, "role pg-15-admin"),
                Difference.onlyNew("pg-15-admin", "database pg-15-admin"),
                Difference.onlyOld(null, "role admin")))
                .allSatisfy(reason -> assertThat(reason).isNotNull());
    }

    @Test
    void namesTheNewMajorQuotesAsItsKeywordsAndItsXmlserializeAreExpected() {
        assertThat(reasons(blog, Difference.of("regression", "table public.tab_core_types", "columns",
                "i interval, json json", "i interval, \"json\" json"),
                Difference.of("regression", "view public.xmlview9", "definition",
                        " SELECT XMLSERIALIZE(CONTENT 'good'::xml AS text) AS \"xmlserialize\";",
                        " SELECT XMLSERIALIZE(CONTENT 'good'::xml AS text NO INDENT) AS \"xmlserialize\";")))
                .allSatisfy(reason -> assertThat(reason).isNotNull());
        assertThat(reasons(blog, Difference.of("regression", "view public.limit_thousand_v_3", "definition",
                "SELECT x FROM t FETCH FIRST (NULL::integer + 1) ROWS WITH TIES;",
                "SELECT x FROM t FETCH FIRST ((NULL::integer + 1)) ROWS WITH TIES;"))).doesNotContainNull();
        assertThat(reasons(blog, Difference.of("app", "table public.t", "columns", "\"Json\" json", "json json")))
                .containsOnlyNulls();
    }

    @Test
    void theInThatPostgres14WritesInAProceduresSignatureIsExpected() {
        String postgres13 = "CREATE OR REPLACE PROCEDURE public.ptest5(a integer, b text, c integer)\n LANGUAGE sql\n"
                + "AS $procedure$ SELECT 'IN ' || b $procedure$\n";
        String postgres15 = "CREATE OR REPLACE PROCEDURE public.ptest5(IN a integer, IN b text, IN c integer)\n"
                + " LANGUAGE sql\nAS $procedure$ SELECT 'IN ' || b $procedure$\n";

        assertThat(reasons(blog, Difference.of("regression", "procedure public.ptest5(a integer, b text, c integer)",
                "definition", postgres13, postgres15))).doesNotContainNull();
        assertThat(reasons(blog, Difference.of("regression", "procedure public.ptest5(a integer, b text, c integer)",
                "definition", postgres13, postgres15.replace("SELECT 'IN '", "SELECT 'in '")))).containsOnlyNulls();
    }

    @Test
    void aMaterializedViewsRowsAreComputedAfreshButATablesAreNot() {
        assertThat(reasons(blog, Difference.of("app", "materialized view public.totals", "content checksum", "1", "2"),
                Difference.of("app", "materialized view public.totals", "rows", "1", "2")))
                .allSatisfy(reason -> assertThat(reason).contains("stale"));
        assertThat(reasons(blog, Difference.of("app", "table public.domnotnull", "rows", "1", "0"),
                Difference.of("app", "materialized view public.totals", "definition", "SELECT 1", "SELECT 2")))
                .containsOnlyNulls();
    }

    @Test
    void anOrdinaryOldRoleNamedLikeTheNewBootstrapSuperuserDiffersForReal() {
        Expectations app = new Expectations("admin", "app");

        assertThat(reasons(app, Difference.of(null, "role app", "superuser", "false", "true"),
                Difference.of(null, "role app", "bypassrls", "false", "true"),
                Difference.of(null, "role app in database app", "settings", "{work_mem=8MB}", "(none)")))
                .containsOnlyNulls();
        assertThat(reasons(app, Difference.onlyNew(null, "role app"))).doesNotContainNull();
    }

    @Test
    void theOldBootstrapSuperuserIsComparedWithItsNamesakeOnTheNewServer() {
        assertThat(reasons(blog, Difference.of(null, "role admin", "password", "md5 hash, fingerprint 0a1b",
                "md5 hash, fingerprint 2c3d"))).containsOnlyNulls();
    }

    @Test
    void withOneAdminNameForBothServersTheSharedRoleIsExpectedToDiffer() {
        Expectations sameName = new Expectations("admin", "admin");

        assertThat(reasons(sameName, Difference.of(null, "role admin", "password", "md5 hash, fingerprint 0a1b",
                "SCRAM-SHA-256 hash, fingerprint 2c3d"))).singleElement().asString().contains("both servers'");
        assertThat(reasons(sameName, Difference.of("postgres", "database postgres", "comment", "a", "b")))
                .containsOnlyNulls();
    }

    @Test
    void valuesThatOnlyNameEachServersBootstrapSuperuserAreExpected() {
        Difference acl = Difference.of("postgres", "database postgres", "privileges", "{=Tc/admin,admin=CTc/admin}",
                "{\"\\\"pg-15-admin\\\"=CTc/\\\"pg-15-admin\\\"\",\"=Tc/\\\"pg-15-admin\\\"\"}");
        Difference owner = Difference.of("template1", "database template1", "owner", "admin", "pg-15-admin");

        assertThat(reasons(blog, acl, owner)).allSatisfy(reason -> assertThat(reason).contains("bootstrap superuser"));
    }

    @Test
    void aLostGrantBesideTheBootstrapNamesOrATakenOverTableIsNotExpected() {
        Difference acl = Difference.of("postgres", "database postgres", "privileges",
                "{=Tc/admin,admin=CTc/admin,ops=c/admin}", "{\"\\\"pg-15-admin\\\"=CTc/\\\"pg-15-admin\\\"\"}");
        Difference otherRole = Difference.of("app", "table app_schema.orders", "owner", "administrator", "app");
        Difference takenOver = Difference.of("app", "table app_schema.orders", "owner", "admin", "pg-15-admin");

        assertThat(reasons(blog, acl, otherRole, takenOver)).containsOnlyNulls();
    }

    @Test
    void extensionVersionsMayRiseButAMissingExtensionIsReal() {
        assertThat(reasons(blog, Difference.of("my-app", "extension hstore", "version", "1.6", "1.8"),
                Difference.onlyOld("my-app", "extension hstore"))).containsExactly(
                "CREATE EXTENSION on the new server installs the version its packages provide", null);
    }

    @Test
    void theMaintainPrivilegeOfPostgres17IsExpectedButNoOtherNewPrivilege() {
        assertThat(reasons(blog,
                Difference.of("app", "table app_schema.orders", "privileges", "{app=arwdDxt/app,ops=a*r*w*d*D*x*t*/app}",
                        "{app=arwdDxtm/app,ops=a*r*w*d*D*x*t*m*/app}"),
                Difference.of("app", "table app_schema.orders", "privileges", "{app=arwdDxt/app}",
                        "{app=arwdDxtm/app,ops=r/app}")))
                .first().asString().contains("MAINTAIN");
        assertThat(reasons(blog, Difference.of("app", "table app_schema.orders", "privileges", "{app=arwdDxt/app}",
                "{app=arwdDxtm/app,ops=r/app}"))).containsOnlyNulls();
    }

    @Test
    void aViewQueryPrintedWithoutTableNamesIsExpectedButAnotherQueryIsNot() {
        String postgres12 = " SELECT orders.customer_id,\n    count(*) AS count\n   FROM app_schema.orders\n"
                + "  GROUP BY orders.customer_id;";
        String postgres16 = " SELECT customer_id,\n    count(*) AS count\n   FROM app_schema.orders\n"
                + "  GROUP BY customer_id;";

        assertThat(reasons(blog, Difference.of("app", "materialized view app_schema.mv", "definition", postgres12,
                postgres16))).singleElement().asString().contains("PostgreSQL 16");
        assertThat(reasons(blog, Difference.of("app", "view app_schema.v", "definition", postgres12,
                postgres16.replace("count(*)", "sum(amount)")))).containsOnlyNulls();
    }

    @Test
    void passwordsTheLoadReplacedOnPurposeAreExpectedButNoOtherPasswordChange() {
        Expectations rehashed = new Expectations("admin", "pg-15-admin",
                new Expectations.PasswordChanges(java.util.Set.of("app"), false));
        Difference app = Difference.of(null, "role app", "password", "md5 hash, fingerprint 0a1b",
                "SCRAM-SHA-256 hash, fingerprint 2c3d");
        Difference reporter = Difference.of(null, "role reporter", "password", "md5 hash, fingerprint 0a1b",
                "SCRAM-SHA-256 hash, fingerprint 2c3d");
        Difference dropped = Difference.of(null, "role reporter", "password", "md5 hash, fingerprint 0a1b",
                CatalogSnapshot.NONE);

        assertThat(reasons(rehashed, app, reporter, dropped)).satisfiesExactly(
                reason -> assertThat(reason).contains("ROLE_PASSWORDS_DIR"), reason -> assertThat(reason).isNull(),
                reason -> assertThat(reason).isNull());
        assertThat(reasons(blog, app)).containsOnlyNulls();
        assertThat(reasons(new Expectations("admin", "pg-15-admin", new Expectations.PasswordChanges(
                java.util.Set.of(), true)), dropped, reporter)).satisfiesExactly(
                        reason -> assertThat(reason).contains("DROP_ROLE_PASSWORDS"),
                        reason -> assertThat(reason).isNull());
    }

    @Test
    void aSubscriptionThatPgDumpLeftDisabledIsExpectedButNotOneThatCameUpEnabled() {
        assertThat(reasons(blog, Difference.of("app", "subscription app_feed", "enabled", "true", "false")))
                .singleElement().asString().contains("connect = false");
        assertThat(reasons(blog, Difference.of("app", "subscription app_feed", "enabled", "false", "true"),
                Difference.of("app", "subscription app_feed", "slot name", "app_feed", "(none)"),
                Difference.onlyOld("app", "subscription app_feed"))).containsOnlyNulls();
    }

    @Test
    void aMembershipGrantedByEachServersBootstrapSuperuserIsExpectedButNotAnotherGrantor() {
        Difference bootstrap = Difference.of(null, "member reporter of app_readers", "granted by", "{admin}",
                "{\"pg-15-admin\"}");
        Difference other = Difference.of(null, "member reporter of app_readers", "granted by", "{app}",
                "{\"pg-15-admin\"}");
        Difference both = Difference.of(null, "member reporter of app_readers", "granted by", "{admin,app}",
                "{app,\"pg-15-admin\"}");

        assertThat(reasons(blog, bootstrap, other, both)).satisfiesExactly(
                reason -> assertThat(reason).contains("GRANTED BY"), reason -> assertThat(reason).isNull(),
                reason -> assertThat(reason).contains("GRANTED BY"));
        assertThat(reasons(blog, Difference.of(null, "member reporter of app_readers", "inherit option", "true",
                "false"))).containsOnlyNulls();
    }

    @Test
    void parameterPrivilegesThatOnlyNameEachServersBootstrapSuperuserAreExpectedButNotALostGrant() {
        String old = "{admin=sA/admin,app=s/admin}";

        assertThat(reasons(blog, Difference.of(null, "parameter work_mem", "privileges", old,
                "{app=s/\"pg-15-admin\",\"pg-15-admin\"=sA/\"pg-15-admin\"}"))).singleElement().asString()
                .contains("parameter");
        assertThat(reasons(blog, Difference.of(null, "parameter work_mem", "privileges", old,
                "{\"pg-15-admin\"=sA/\"pg-15-admin\"}"), Difference.onlyOld(null, "parameter work_mem"),
                Difference.of(null, "role app", "comment", "admin", "pg-15-admin"))).containsOnlyNulls();
    }

    @Test
    void aRuleQueryPrintedTheNewMajorsWayIsExpectedButAnotherRuleIsNot() {
        String postgres15 = "CREATE RULE r6 AS\n    ON UPDATE TO public.rules_src DO INSTEAD"
                + "  UPDATE public.rules_log trgt SET tag = 'updated'::text\n  WHERE (rules_log.f1 = new.f1);";
        String postgres17 = postgres15.replace("rules_log trgt", "rules_log AS trgt").replace("rules_log.f1", "f1");

        assertThat(reasons(blog, rule(postgres15, postgres17))).singleElement().asString()
                .contains("rule's query", "AS before the alias");
        assertThat(reasons(blog, rule(postgres15, postgres17.replace("AS trgt", "AS other")),
                rule(postgres15, postgres17.replace("INSTEAD", "ALSO")))).containsOnlyNulls();
    }

    private static Difference rule(String old, String fresh) {
        return Difference.of("regression", "rule r6 on public.rules_src", "definition", old, fresh);
    }

    private static List<String> reasons(Expectations expectations, Difference... differences) {
        return expectations.classify(List.of(differences)).stream().map(Difference::expectedReason).toList();
    }
}
