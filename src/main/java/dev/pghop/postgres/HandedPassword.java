package dev.pghop.postgres;

import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.postgresql.plugin.AuthenticationPlugin;
import org.postgresql.plugin.AuthenticationRequestType;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Hands pgjdbc a password held as a char[], so that logging in with it makes no String copy that could not be
 * wiped. pgjdbc creates this plugin from its class name (hence the reflection registration) with the connection's
 * properties, asks it for the password and wipes the array it gets. The password waits here under a random token,
 * a connection property, only while {@link Handover} is open.
 */
@RegisterForReflection
public final class HandedPassword implements AuthenticationPlugin {
    static final String TOKEN_PROPERTY = "pghopPasswordToken";
    private static final Map<String, char[]> WAITING = new ConcurrentHashMap<>();

    private final String token;

    /** Called by pgjdbc. */
    public HandedPassword(Properties connectionProperties) {
        this.token = connectionProperties.getProperty(TOKEN_PROPERTY);
    }

    @Override
    public char[] getPassword(AuthenticationRequestType type) {
        char[] password = token == null ? null : WAITING.get(token);
        return password == null ? null : password.clone();
    }

    /** The password offered to the logins whose properties {@link #offerTo} set, until closed. */
    static final class Handover implements AutoCloseable {
        private final String token = UUID.randomUUID().toString();

        Handover(char[] password) {
            WAITING.put(token, password);
        }

        void offerTo(Properties connectionProperties) {
            connectionProperties.setProperty("authenticationPluginClassName", HandedPassword.class.getName());
            connectionProperties.setProperty(TOKEN_PROPERTY, token);
        }

        @Override
        public void close() {
            WAITING.remove(token);
        }
    }
}
