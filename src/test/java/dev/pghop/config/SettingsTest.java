package dev.pghop.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.pghop.report.ExitCode;
import dev.pghop.report.PghopException;

/**
 * Each command's settings are read once, into a typed record, from the variables {@link Var} declares for it: one
 * that reads a variable not declared for its command fails at once, so --help and the reference stay exactly true.
 */
class SettingsTest {
    @TempDir
    Path volume;

    /** Every variable set, with a valid value (passwords in the clear, not from a file). */
    private Map<String, String> everything() {
        Map<String, String> all = new HashMap<>();
        for (Var var : Var.values()) {
            if (!var.name().endsWith("_FILE")) {
                // A default that names another variable (NEW_PG_USER's is PG_USER) is no value of its own.
                boolean fallsBack = var.defaultValue() != null && var.defaultValue().matches("[A-Z_]+");
                all.put(var.name(), var.defaultValue() == null || fallsBack ? "x" : var.defaultValue());
            }
        }
        all.putAll(Map.of("PGDUMP_PATH", volume.toString(), "PG_BIN_DIR", volume.toString(), "ROLE_PASSWORDS_DIR",
                volume.toString(), "VERIFY_REPORT", volume.resolve("report.json").toString(),
                "TERMINATION_LOG", "/dev/null", "PG_PORT", "5432", "NEW_PG_PORT", "5433", "JOBS", "3"));
        all.putAll(Map.of("VERIFY_DATA", "checksums", "PGDATA", volume.toString(), "NEW_PGDATA",
                volume.resolveSibling(volume.getFileName() + "-new").toString(), "OLD_PG_BIN_DIR", volume.toString()));
        return all;
    }

    @Test
    void everyCommandReadsItsSettingsFromTheVariablesDeclaredForIt() {
        Environment all = Environment.of(everything());

        DumpSettings dump = DumpSettings.read(all);
        assertThat(dump.dumpDirectory()).isEqualTo(volume);
        assertThat(dump.jobs()).isEqualTo(3);
        assertThat(dump.lockWait()).isEqualTo(Duration.ofSeconds(60));
        assertThat(dump.target()).hasValueSatisfying(t -> assertThat(t.port()).isEqualTo(5433));
        assertThat(LoadSettings.read(all).sessions().pgOptions()).contains("-c maintenance_work_mem=512MB"
                + " -c synchronous_commit=off");
        assertThat(MigrateSettings.read(all).analyze()).isTrue();
        assertThat(PlanSettings.read(all).dumpDirectory()).contains(volume);
        assertThat(VerifySettings.read(all).mode()).isEqualTo(VerifyMode.CHECKSUMS);
        assertThat(PasswordsSettings.read(all).rolePasswordsDirectory()).isEqualTo(volume);
        UpgradeSettings upgrade = UpgradeSettings.read(all);
        assertThat(upgrade.pgdata()).isEqualTo(volume);
        assertThat(upgrade.transfer()).isEqualTo(TransferMode.AUTO);
        assertThat(upgrade.rowProof()).isEqualTo(VerifyMode.CHECKSUMS);
        assertThat(upgrade.newPgdata()).contains(volume.resolveSibling(volume.getFileName() + "-new"));
        assertThat(UpgradeSettings.forPlan(all).pgdata()).isEqualTo(volume);
    }

    @Test
    void aVariableACommandDoesNotDeclareCannotBeReadForIt() {
        Env dump = new Env(Environment.of(everything()), "dump");

        assertThatThrownBy(() -> dump.optional(Var.VERIFY_DATA)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("pghop dump reads VERIFY_DATA, which Var does not declare for it");
    }

    @Test
    void aMissingVariableIsNamedWithItsPurposeAndExitTwo() {
        Map<String, String> values = everything();
        values.remove("PG_HOST");

        assertThatThrownBy(() -> MigrateSettings.read(Environment.of(values)))
                .isInstanceOfSatisfying(PghopException.class, e -> assertThat(e.exitCode())
                        .isEqualTo(ExitCode.INVALID_INPUT))
                .hasMessageStartingWith("PG_HOST is not set")
                .hasMessageContaining("(PG_HOST: host name or IP of the OLD server");
    }
}
