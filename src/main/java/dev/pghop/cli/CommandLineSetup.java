package dev.pghop.cli;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.jboss.logging.Logger;

import dev.pghop.config.Env;
import dev.pghop.config.PghopEnv;
import dev.pghop.report.ExitCode;
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
    CommandLine commandLine(PicocliCommandLineFactory factory, PghopEnv env) {
        CommandLine cli = factory.create();
        cli.setUsageHelpWidth(EnvHelp.WIDTH);
        cli.getSubcommands().forEach((name, sub) -> sub.getCommandSpec().usageMessage()
                .footer(EnvHelp.render(name) + EnvHelp.exitCodes()));
        cli.getCommandSpec().usageMessage().footer(EnvHelp.exitCodes());
        cli.setExecutionExceptionHandler(failureHandler(env));
        cli.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println(ex.getMessage());
            ex.getCommandLine().getErr().println("Run with --help for usage.");
            return ExitCode.INVALID_INPUT.status();
        });
        return cli;
    }

    private static IExecutionExceptionHandler failureHandler(PghopEnv env) {
        return (Exception ex, CommandLine cmd, ParseResult parsed) -> {
            PghopException failure = ex instanceof PghopException p ? p
                    : PghopException.internal("unexpected " + ex, ex);
            if (failure.exitCode() == ExitCode.INTERNAL) {
                LOG.error("internal error", failure.getCause() == null ? failure : failure.getCause());
            }
            Outcome.failure(new Env(env).terminationLog(), cmd.getCommandName(), failure.exitCode(),
                    failure.getMessage());
            return failure.exitCode().status();
        };
    }
}
