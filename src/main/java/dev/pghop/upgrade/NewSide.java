package dev.pghop.upgrade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.pghop.passwords.AuthRules;
import dev.pghop.postgres.Endpoint;
import dev.pghop.postgres.Sessions;
import dev.pghop.report.PghopException;

/**
 * The new cluster made and read in the background while the old one starts: initdb to match the old cluster, then a
 * start with the old pg_hba's rules after pghop's own (or, if the new major refuses them, without), to read what it
 * offers and the rules it will have.
 *
 * @param cluster what the new cluster offers
 * @param rules the old pg_hba's rules as the new major reads them; empty when it refuses them
 * @param rulesProblem why the new major refused them
 */
record NewSide(NewCluster cluster, Optional<AuthRules> rules, Optional<String> rulesProblem) {

    private static final ExecutorService BACKGROUND = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "pghop-new-cluster");
        t.setDaemon(true);
        return t;
    });

    /** Starts making the new cluster in {@code dir}; {@link #joined} waits for it. */
    static CompletableFuture<NewSide> start(Path dir, Path oldPgdata, ServerPrograms programs,
            SingleUser.Bootstrap boot, DataDirectory data) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return make(dir, oldPgdata, programs, boot, data);
            } catch (IOException e) {
                throw new CompletionException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            }
        }, BACKGROUND);
    }

    private static NewSide make(Path dir, Path oldPgdata, ServerPrograms programs, SingleUser.Bootstrap boot,
            DataDirectory data) throws IOException, InterruptedException {
        NewCluster.make(dir, programs, boot, data);
        Path hba = oldPgdata.resolve("pg_hba.conf");
        String rules = Files.isRegularFile(hba) ? Files.readString(hba) : "";
        Optional<String> rulesProblem = Optional.empty();
        PrivateServer server;
        try {
            server = PrivateServer.start(dir, programs, boot.superuser(), rules,
                    "the new cluster under the old pg_hba's rules");
        } catch (PrivateServer.StartFailed e) {
            rulesProblem = Optional.of(String.join(" | ", e.log()));
            server = PrivateServer.start(dir, programs, boot.superuser(), "", "the new cluster");
        }
        try (PrivateServer running = server) {
            Endpoint endpoint = running.endpoint(Endpoint.Side.NEW);
            NewCluster cluster = NewCluster.read(endpoint);
            if (rulesProblem.isPresent()) {
                return new NewSide(cluster, Optional.empty(), rulesProblem);
            }
            try (var c = Sessions.openMaintenance(endpoint, true)) {
                return new NewSide(cluster, Optional.of(AuthRules.read(c)), rulesProblem);
            } catch (SQLException e) {
                throw new IOException("cannot read the new cluster's pg_hba rules: " + e.getMessage(), e);
            }
        }
    }

    /** The background work's result, or its failure as it was thrown there. */
    static NewSide joined(CompletableFuture<NewSide> side) throws IOException {
        try {
            return side.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw PghopException.upgradeFailed("interrupted while making the new cluster", cause);
        }
    }
}
