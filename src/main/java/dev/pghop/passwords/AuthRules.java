package dev.pghop.passwords;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.pghop.postgres.Queries;

/**
 * How a server authenticates TCP logins: its {@code password_encryption} and, where the login may read
 * {@code pg_hba_file_rules}, its host rules in order. Enough to tell whether a role whose password is stored as an
 * md5 hash can still log in (it cannot where the rule that applies demands scram-sha-256).
 */
public record AuthRules(String passwordEncryption, Optional<List<HostRule>> hostRules) {

    /** One {@code host*} line of pg_hba.conf: the roles it names ("all" or names) and its method. */
    public record HostRule(List<String> users, String method) {
        boolean applies(String role) {
            return users.contains("all") || users.contains(role);
        }
    }

    public static AuthRules read(Connection c) throws SQLException {
        String encryption = Queries.single(c, "SHOW password_encryption");
        try {
            List<HostRule> rules = new ArrayList<>();
            for (List<String> r : Queries.rows(c, "SELECT array_to_string(user_name, ','), auth_method"
                    + " FROM pg_catalog.pg_hba_file_rules WHERE type LIKE 'host%' AND error IS NULL"
                    + " ORDER BY line_number")) {
                rules.add(new HostRule(List.of(r.get(0).split(",")), r.get(1)));
            }
            return new AuthRules(encryption, Optional.of(rules));
        } catch (SQLException e) {
            return new AuthRules(encryption, Optional.empty());
        }
    }

    /**
     * The method the first host rule for {@code role} demands; when the rules cannot be read, what the official
     * image writes for its own password_encryption (scram-sha-256 for SCRAM servers).
     */
    public String methodFor(String role) {
        return hostRules.map(rules -> rules.stream().filter(r -> r.applies(role)).map(HostRule::method)
                .findFirst().orElse("reject")).orElse(passwordEncryption);
    }

    /** Whether a role whose password is stored as {@code passwordKind} can log in under {@code method}. */
    static boolean accepts(String method, String passwordKind) {
        return switch (method) {
            case "trust" -> true;
            case "md5", "password" -> passwordKind.equals("md5") || passwordKind.equals("scram-sha-256")
                    || passwordKind.equals("plain");
            case "scram-sha-256" -> passwordKind.equals("scram-sha-256");
            default -> true; // cert, ldap, gss...: the stored password plays no part
        };
    }
}
