package dev.pghop.cli;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.jboss.logging.Logger;

import dev.pghop.config.Env;
import dev.pghop.process.PrivateDirectory;
import dev.pghop.report.ExitCode;
import dev.pghop.report.Interruption;
import dev.pghop.report.Outcome;
import dev.pghop.report.PghopException;
import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Builds the command line: adds each command's environment section to its --help, and maps every failure to its
 * exit code in one place, with the message logged and written to the termination message.
 */
@ApplicationScoped
public class CommandLineSetup {
    private static final Logger LOG = Logger.getLogger("pghop");

    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        CommandLine cli = withHelpFooters(factory.create());
        cli.setExecutionExceptionHandler(failureHandler());
        cli.setExecutionStrategy(CommandLineSetup::runGuarded);
        cli.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println(ex.getMessage());
            ex.getCommandLine().getErr().println("Run with --help for usage.");
            return ExitCode.INVALID_INPUT.status();
        });
        return cli;
    }

    /**
     * The command line's --help: each command's environment section and the exit codes, at the help's width. The
     * reference in docs/reference.md is rendered the same way.
     */
    static CommandLine withHelpFooters(CommandLine cli) {
        cli.setUsageHelpWidth(EnvHelp.WIDTH);
        cli.getSubcommands().forEach((name, sub) -> sub.getCommandSpec().usageMessage()
                .footer(EnvHelp.render(name) + EnvHelp.exitCodes()));
        cli.getCommandSpec().usageMessage().footer(EnvHelp.exitCodes());
        return cli;
    }

    /**
     * Runs the command between the steps every command shares: the private files a killed run left (password files,
     * schema archives) are removed first, and a signal while it runs ends it with the interrupted summary
     * ({@link Interruption}).
     */
    private static int runGuarded(ParseResult parsed) {
        ParseResult sub = parsed.subcommand();
        if (sub == null || sub.isUsageHelpRequested() || sub.isVersionHelpRequested()) {
            return new CommandLine.RunLast().execute(parsed);
        }
        String command = sub.commandSpec().name();
        PrivateDirectory.removeStale();
        Interruption.arm(command, terminationLogOrNull(command), WHAT_AN_INTERRUPTION_LEAVES.getOrDefault(command,
                "nothing was changed"));
        try {
            return new CommandLine.RunLast().execute(parsed);
        } finally {
            Interruption.disarm();
        }
    }

    /** Where the summary goes; a malformed TERMINATION_LOG is reported by the command itself, with exit 2. */
    private static java.nio.file.Path terminationLogOrNull(String command) {
        try {
            return Env.forCommand(command).terminationLog();
        } catch (PghopException e) {
            return null;
        }
    }

    /** What each command leaves when a signal stops it before it says otherwise ({@link Interruption#leaves}). */
    private static final java.util.Map<String, String> WHAT_AN_INTERRUPTION_LEAVES = java.util.Map.of(
            "dump", "nothing half-renamed: a dump cut short stays *.partial (the directory format: only finished"
                    + " parts have their marker), and the next `pghop dump` moves it aside and dumps again",
            "load", "nothing was written to the new server yet",
            "migrate", "nothing was written to the new server yet",
            "passwords", "some roles may have their new password already: run `pghop passwords` again",
            "upgrade", "nothing was changed");

    private static IExecutionExceptionHandler failureHandler() {
        return (Exception ex, CommandLine cmd, ParseResult parsed) -> {
            PghopException failure = ex instanceof PghopException p ? p
                    : PghopException.internal("unexpected " + ex, ex);
            if (failure.exitCode() == ExitCode.INTERNAL) {
                LOG.error("internal error", failure.getCause() == null ? failure : failure.getCause());
            }
            Outcome.failure(terminationLogOrNull(cmd.getCommandName()), cmd.getCommandName(), failure.exitCode(),
                    failure.getMessage());
            return failure.exitCode().status();
        };
    }
}
