package dev.pghop.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadFailureTest {

    @Test
    void namesTheDumpLineTheStatementStartAndTheServerMessage(@TempDir Path dir) throws IOException {
        Path dump = Files.writeString(dir.resolve("pg_dumpall.sql"), """
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

        LoadFailure failure = LoadFailure.from(stderr, dump);

        assertThat(failure.line()).isEqualTo(8);
        assertThat(failure.statementLine()).isEqualTo(5);
        assertThat(failure.describe()).isEqualTo("psql stopped at line 8 of the dump (statement from line 5: "
                + "CREATE TABLE \"public\".\"t\" ( \"id\" integer, \"v\" \"public\".\"missing_type\" );): "
                + "ERROR: type \"public.missing_type\" does not exist | LINE 3:     \"v\" \"public\".\"missing_type\"");
    }

    @Test
    void masksPasswordsInTheQuotedStatement(@TempDir Path dir) throws IOException {
        Path dump = Files.writeString(dir.resolve("d.sql"), "\nALTER ROLE \"a\" WITH LOGIN PASSWORD 'md5secret';\n");

        LoadFailure failure = LoadFailure.from(List.of("psql:<stdin>:2: ERROR:  boom"), dump);

        assertThat(failure.describe()).contains("PASSWORD '*****'").doesNotContain("md5secret");
    }

    @Test
    void yieldsNothingWithoutALocatedError(@TempDir Path dir) throws IOException {
        assertThat(LoadFailure.from(List.of("psql: error: connection refused"), dir.resolve("none"))).isNull();
    }
}
