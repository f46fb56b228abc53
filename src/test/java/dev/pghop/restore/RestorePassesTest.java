package dev.pghop.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;


class RestorePassesTest {
    @Test
    void indexesAndIndexBuildingConstraintsGoInParallelAndEverythingThatLocksMoreInOneSession() {
        RestorePasses lists = RestorePasses.of(Stream.of(
                ";",
                "; Archive created at 2026-12-01 23:02:26 UTC",
                ";     dbname: regression",
                "4436; 2606 37760 CONSTRAINT public fk_notpartitioned_pk fk_notpartitioned_pk_pkey admin",
                "4812; 1259 38101 INDEX public hash_i4_index admin",
                "4813; 0 0 INDEX ATTACH public idxpart1_a_idx admin",
                "5016; 2606 37801 FK CONSTRAINT public fk_partitioned_fk fk_partitioned_fk_a_b_fkey admin",
                "5017; 2606 37805 FK CONSTRAINT public fk_partitioned_fk_4_2 fk_partitioned_fk_4_2_a_b_fkey admin",
                "4990; 2620 38000 TRIGGER public main_table before_ins_stmt_trig admin",
                "5100; 0 38010 MATERIALIZED VIEW DATA public mvtest_tm admin",
                "4700; 2606 37000 CHECK CONSTRAINT public t t_check admin"));

        assertThat(lists.parallel()).containsExactly(
                "4436; 2606 37760 CONSTRAINT public fk_notpartitioned_pk fk_notpartitioned_pk_pkey admin",
                "4812; 1259 38101 INDEX public hash_i4_index admin");
        assertThat(lists.serial()).containsExactly(
                "4813; 0 0 INDEX ATTACH public idxpart1_a_idx admin",
                "5016; 2606 37801 FK CONSTRAINT public fk_partitioned_fk fk_partitioned_fk_a_b_fkey admin",
                "5017; 2606 37805 FK CONSTRAINT public fk_partitioned_fk_4_2 fk_partitioned_fk_4_2_a_b_fkey admin",
                "4990; 2620 38000 TRIGGER public main_table before_ins_stmt_trig admin",
                "5100; 0 38010 MATERIALIZED VIEW DATA public mvtest_tm admin",
                "4700; 2606 37000 CHECK CONSTRAINT public t t_check admin");
    }

    @Test
    void aWholeArchiveRestoresAllButWhatLocksMoreThanOneTableInParallel() {
        String table = "230; 1259 16390 TABLE public orders app";
        String data = "4100; 0 16390 TABLE DATA public orders app";
        String index = "4812; 1259 38101 INDEX public orders_idx app";
        String foreignKey = "5016; 2606 37801 FK CONSTRAINT public orders orders_customer_fkey app";

        RestorePasses passes = RestorePasses.ofWhole(Stream.of(";", table, data, index, foreignKey),
                Stream.of(";", index, foreignKey));

        assertThat(passes.parallel()).containsExactly(table, data, index);
        assertThat(passes.serial()).containsExactly(foreignKey);
    }
}
