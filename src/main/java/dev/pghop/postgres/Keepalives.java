package dev.pghop.postgres;

import java.time.Duration;

/**
 * How every connection pghop opens, through pgjdbc or a client program's libpq, to either server notices a server
 * that went silent: a node lost, a network cut that sends no reset. Without this a connection waits for an answer as
 * long as the operating system lets it, hours, and the Job with it. After {@link #IDLE} without a byte from the
 * server, a keepalive is sent every {@link #INTERVAL}; {@link #COUNT} unanswered ones end the connection. Data sent
 * and not acknowledged for {@link #USER_TIMEOUT} ends it too (libpq only; Java offers no such socket option). A live
 * server's kernel answers keepalives however long a statement runs (a COPY of a large table, an index build), so
 * only silence ends a connection: it is noticed within {@link #NOTICED_WITHIN}.
 */
public final class Keepalives {
    public static final Duration IDLE = Duration.ofSeconds(10);
    public static final Duration INTERVAL = Duration.ofSeconds(5);
    public static final int COUNT = 4;
    public static final Duration USER_TIMEOUT = IDLE.plus(INTERVAL.multipliedBy(COUNT));
    /** The longest a silent server keeps a connection waiting. */
    public static final Duration NOTICED_WITHIN = USER_TIMEOUT;

    private Keepalives() {
    }

    /** The same, as libpq connection parameters. */
    public static String conninfo() {
        return "keepalives=1 keepalives_idle=" + IDLE.toSeconds() + " keepalives_interval=" + INTERVAL.toSeconds()
                + " keepalives_count=" + COUNT + " tcp_user_timeout=" + USER_TIMEOUT.toMillis();
    }
}
