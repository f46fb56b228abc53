package dev.pghop.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

/** The top command: lists the subcommands and takes --help / --version. */
@TopCommand
@Command(name = "pghop", mixinStandardHelpOptions = true, versionProvider = PghopVersion.class,
        description = "Hops a PostgreSQL cluster to a new major version: dump from the old server, load into the new,"
                + " verify that the new one holds what the old one held; or upgrade it in place with pg_upgrade.",
        subcommands = {PlanCommand.class, DumpCommand.class, LoadCommand.class, MigrateCommand.class,
            VerifyCommand.class, PasswordsCommand.class, UpgradeCommand.class})
public class PghopCommand {
}
