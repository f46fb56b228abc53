package dev.pghop.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class KeyIndexesTest {
    private static final KeyIndexes KEYS = new KeyIndexes(List.of(
            new KeyIndexes.KeyIndex(16420, "public.events",
                    "CREATE UNIQUE INDEX events_pkey ON public.events USING btree (id)",
                    List.of("ALTER TABLE ONLY public.events ADD CONSTRAINT events_pkey PRIMARY KEY"
                            + " USING INDEX events_pkey",
                            "ALTER TABLE public.events CLUSTER ON events_pkey")),
            new KeyIndexes.KeyIndex(16433, "public.orders",
                    "CREATE UNIQUE INDEX orders_ref_key ON public.orders USING btree (ref)",
                    List.of("ALTER TABLE ONLY public.orders ADD CONSTRAINT orders_ref_key UNIQUE"
                            + " USING INDEX orders_ref_key"))));

    @Test
    void leavesPgRestoreEveryEntryButTheKeysItBuildsItself() {
        List<String> entries = List.of(
                "2301; 2606 16420 CONSTRAINT public events events_pkey app",
                "2302; 1259 16421 INDEX public events_account_idx app",
                // the same number as another catalog's oid, or as a constraint's table oid: not a key of the list
                "2303; 1259 16433 INDEX public orders_made_idx app",
                "2304; 2606 16440 CONSTRAINT public orders orders_pkey app",
                "2305; 2606 16433 CONSTRAINT public orders orders_ref_key app",
                "2306; 2606 164200 CONSTRAINT public other other_pkey app");

        assertThat(KEYS.without(entries)).containsExactly(
                "2302; 1259 16421 INDEX public events_account_idx app",
                "2303; 1259 16433 INDEX public orders_made_idx app",
                "2304; 2606 16440 CONSTRAINT public orders orders_pkey app",
                "2306; 2606 164200 CONSTRAINT public other other_pkey app");
    }

    @Test
    void attachesEveryKeyInOrderAndNamesItsTables() {
        assertThat(KEYS.attachments()).containsExactly(
                "ALTER TABLE ONLY public.events ADD CONSTRAINT events_pkey PRIMARY KEY USING INDEX events_pkey",
                "ALTER TABLE public.events CLUSTER ON events_pkey",
                "ALTER TABLE ONLY public.orders ADD CONSTRAINT orders_ref_key UNIQUE USING INDEX orders_ref_key");
        assertThat(KEYS.tables()).isEqualTo("public.events, public.orders");
        assertThat(KeyIndexes.NONE.without(List.of("2301; 2606 16420 CONSTRAINT public events events_pkey app")))
                .hasSize(1);
    }
}
