package dev.pghop.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** A TCP port nothing listens on, for runs that must fail to connect (or must fail before they try). */
final class UnusedPort {
    private UnusedPort() {
    }

    static int find() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find an unused port: " + e.getMessage(), e);
        }
    }
}
