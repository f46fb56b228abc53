package dev.pghop.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.pghop.script.DumpFilter;
import dev.pghop.script.LoadRules;

class LoadFailureTest {

    @Test
    void namesTheDumpLineTheStatementStartAndTheServerMessage() throws IOException {
        DumpFilter script = streamed("""
                --
                -- Name: t; Type: TABLE
                --

                CREATE TABLE "public"."t" (
                    "id" integer,
                    "v" "public"."missing_type"
                );
                """);
        List<String> stderr = List.of("psql:<stdin>:8: ERROR:  type \"public.missing_type\" does not exist",
                "LINE 3:     \"v\" \"public\".\"missing_type\"");

        LoadFailure failure = LoadFailure.from(stderr, script);

        assertThat(failure.line()).isEqualTo(8);
        assertThat(failure.statementLine()).isEqualTo(5);
        assertThat(failure.describe()).isEqualTo("psql stopped at line 8 of the dump (statement from line 5: "
                + "CREATE TABLE \"public\".\"t\" ( \"id\" integer, \"v\" \"public\".\"missing_type\" );): "
                + "ERROR: type \"public.missing_type\" does not exist | LINE 3:     \"v\" \"public\".\"missing_type\"");
    }

    @Test
    void anErrorInCopyDataPointsAtTheCopyStatement() throws IOException {
        DumpFilter script = streamed("SET x = 1;\n\nCOPY \"t\" (\"id\") FROM stdin;\n1\n2\nnot a number\n\\.\n\n"
                + "SELECT 1;\n");

        LoadFailure failure = LoadFailure.from(List.of("psql:<stdin>:6: ERROR:  invalid input syntax for type"
                + " integer: \"not a number\"", "CONTEXT:  COPY t, line 3"), script);

        assertThat(failure.statementLine()).isEqualTo(3);
        assertThat(failure.statementStart()).isEqualTo("COPY \"t\" (\"id\") FROM stdin;");
        assertThat(failure.serverMessage()).endsWith("| CONTEXT:  COPY t, line 3");
    }

    @Test
    void masksPasswordsInTheQuotedStatement() throws IOException {
        DumpFilter script = streamed("\nALTER ROLE \"a\" WITH LOGIN PASSWORD 'md5secret';\n");

        LoadFailure failure = LoadFailure.from(List.of("psql:<stdin>:2: ERROR:  boom"), script);

        assertThat(failure.describe()).contains("PASSWORD '*****'").doesNotContain("md5secret");
    }

    @Test
    void yieldsNothingWithoutALocatedError() throws IOException {
        assertThat(LoadFailure.from(List.of("psql: error: connection refused"), streamed(""))).isNull();
    }

    /** The script as it went through the filter on its way to psql. */
    private static DumpFilter streamed(String script) throws IOException {
        DumpFilter filter = DumpFilter.forCluster(new LoadRules(Set.of(), Set.of(), "loader", LoadRules.Options.NONE));
        filter.filter(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)), OutputStream.nullOutputStream());
        return filter;
    }
}
