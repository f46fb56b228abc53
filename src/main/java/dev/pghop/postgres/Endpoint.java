package dev.pghop.postgres;

/**
 * Where and as whom pghop logs in to one server. The password never appears in {@link #toString()}.
 */
public record Endpoint(Side side, String host, int port, String user, String password) {

    /** Which of the two servers, with the variables that describe it, for messages. */
    public enum Side {
        OLD("old server", "PG_HOST", "PG_PORT", "PG_USER", "PG_PASS (or PG_PASS_FILE)"),
        NEW("new server", "NEW_PG_HOST", "NEW_PG_PORT", "NEW_PG_USER", "NEW_PG_PASS (or NEW_PG_PASS_FILE)");

        private final String label;
        private final String hostVar;
        private final String portVar;
        private final String userVar;
        private final String passVar;

        Side(String label, String hostVar, String portVar, String userVar, String passVar) {
            this.label = label;
            this.hostVar = hostVar;
            this.portVar = portVar;
            this.userVar = userVar;
            this.passVar = passVar;
        }

        public String label() {
            return label;
        }

        public String addressVars() {
            return hostVar + " and " + portVar;
        }

        public String loginVars() {
            return userVar + " and " + passVar;
        }
    }

    public String address() {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        return side.label() + " " + user + "@" + address();
    }
}
