package dev.pghop.cli;

import org.eclipse.microprofile.config.ConfigProvider;

import picocli.CommandLine.IVersionProvider;

/** pghop's own version, taken from the pom at build time. */
public final class PghopVersion implements IVersionProvider {

    public static String current() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.application.version", String.class)
                .orElse("unknown");
    }

    @Override
    public String[] getVersion() {
        return new String[] {"pghop " + current()};
    }
}
