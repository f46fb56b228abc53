package dev.pghop.cli;

import java.nio.file.Path;
import java.util.Optional;

import dev.pghop.config.Env;
import dev.pghop.config.Var;
import dev.pghop.process.PgTools;

/** The client programs of PG_BIN_DIR (else of PATH), a missing one reported as PG_BIN_DIR's mistake. */
final class BinDirectory {
    private BinDirectory() {
    }

    static PgTools tools(Optional<Path> binDirectory) {
        return new PgTools(binDirectory, problem -> Env.invalid(Var.PG_BIN_DIR, problem));
    }
}
