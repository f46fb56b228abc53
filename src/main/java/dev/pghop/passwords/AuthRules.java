package dev.pghop.passwords;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.pghop.postgres.Queries;

/**
 * How a server authenticates TCP logins from where pghop runs (a pod like the applications'): its
 * {@code password_encryption} and, where the login may read {@code pg_hba_file_rules}, its host rules in order and
 * the address it sees pghop's session come from. Enough to tell whether a role whose password is stored as an md5
 * hash can still log in (it cannot where the rule that applies demands scram-sha-256).
 *
 * @param clientAddress the address the server sees pghop at; empty when it cannot tell (any address then matches)
 */
public record AuthRules(String passwordEncryption, Optional<List<HostRule>> hostRules,
        Optional<String> clientAddress) {
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    public AuthRules(String passwordEncryption, Optional<List<HostRule>> hostRules) {
        this(passwordEncryption, hostRules, Optional.empty());
    }

    /**
     * One {@code host*} line of pg_hba.conf.
     *
     * @param type host, hostssl, hostnossl, hostgssenc or hostnogssenc
     * @param databases the databases it names ("all", "replication", names...)
     * @param users the roles it names ("all" or names)
     * @param address "all", samehost, samenet, a host name, or an IP address
     * @param netmask the mask of an IP address, empty otherwise
     */
    public record HostRule(String type, List<String> databases, List<String> users, String address, String netmask,
            String method) {

        /** A rule for every database and client address. */
        public static HostRule forAnyClient(List<String> users, String method) {
            return new HostRule("host", List.of("all"), users, "all", "", method);
        }

        /**
         * Whether the rule decides a login as {@code role} to an ordinary database from {@code client}. A rule for
         * GSSAPI-encrypted sessions or for replication only does not; a rule naming a group (+name) or a host name
         * other than localhost is not followed, and samehost is taken for the loopback addresses.
         */
        boolean applies(String role, Optional<String> client) {
            return !type.equals("hostgssenc") && !databases.equals(List.of("replication"))
                    && (users.contains("all") || users.contains(role)) && client.map(this::matches).orElse(true);
        }

        private boolean matches(String client) {
            return switch (address) {
                case "all", "samenet" -> true;
                case "localhost", "samehost" -> isLoopback(client);
                default -> IP_LITERAL.matcher(address).matches() && inNetwork(client);
            };
        }

        private boolean inNetwork(String client) {
            try {
                byte[] who = InetAddress.getByName(client).getAddress();
                byte[] network = InetAddress.getByName(address).getAddress();
                byte[] mask = netmask.isEmpty() ? null : InetAddress.getByName(netmask).getAddress();
                if (who.length != network.length || (mask != null && mask.length != who.length)) {
                    return false;
                }
                for (int i = 0; i < who.length; i++) {
                    int m = mask == null ? 0xff : mask[i] & 0xff;
                    if ((who[i] & m) != (network[i] & m)) {
                        return false;
                    }
                }
                return true;
            } catch (UnknownHostException e) {
                return false; // only IP literals get here, which always parse
            }
        }

        private static boolean isLoopback(String client) {
            return client.startsWith("127.") || client.equals("::1");
        }
    }

    public static AuthRules read(Connection c) throws SQLException {
        String encryption = Queries.single(c, "SHOW password_encryption");
        Optional<String> client = Optional.ofNullable(Queries.single(c, "SELECT host(inet_client_addr())"));
        try {
            List<HostRule> rules = new ArrayList<>();
            for (List<String> r : Queries.rows(c, "SELECT type, array_to_string(database, ','),"
                    + " array_to_string(user_name, ','), coalesce(address, 'all'), coalesce(netmask, ''),"
                    + " auth_method FROM pg_catalog.pg_hba_file_rules WHERE type LIKE 'host%' AND error IS NULL"
                    + " ORDER BY line_number")) {
                rules.add(new HostRule(r.get(0), List.of(r.get(1).split(",")), List.of(r.get(2).split(",")),
                        r.get(3), r.get(4), r.get(5)));
            }
            return new AuthRules(encryption, Optional.of(rules), client);
        } catch (SQLException e) {
            return new AuthRules(encryption, Optional.empty(), client);
        }
    }

    /**
     * The method the first rule for a login as {@code role} from pghop's address demands; when the rules cannot be
     * read, what the official image writes for its own password_encryption (scram-sha-256 for SCRAM servers).
     */
    public String methodFor(String role) {
        return hostRules.map(rules -> rules.stream().filter(r -> r.applies(role, clientAddress))
                .map(HostRule::method).findFirst().orElse("reject")).orElse(passwordEncryption);
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
