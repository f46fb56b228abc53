package dev.pghop.cli;

import java.util.Arrays;
import java.util.Locale;

import dev.pghop.config.PghopEnv.Var;

/** The "Environment" section of a command's --help, rendered from the one declaration of the variables. */
final class EnvHelp {
    private EnvHelp() {
    }

    static String render(String command) {
        StringBuilder out = new StringBuilder("%nEnvironment:%n");
        Arrays.stream(Var.values()).filter(v -> v.usedBy(command)).forEach(v -> {
            String dflt = v.defaultValue() == null ? "" : " (default: " + v.defaultValue() + ")";
            out.append(String.format(Locale.ROOT, "  %-22s %s%s%%n", v.name(), v.purpose(), dflt));
        });
        return out.toString();
    }

    static String exitCodes() {
        StringBuilder out = new StringBuilder("%nExit codes:%n");
        for (var code : dev.pghop.report.ExitCode.values()) {
            out.append(String.format(Locale.ROOT, "  %d  %s%%n", code.status(), code.meaning()));
        }
        return out.toString();
    }
}
