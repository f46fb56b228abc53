package dev.pghop.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

/** A TCP port nothing listens on at any of the given addresses, found by binding it; the caller retries on a race. */
final class FreePort {

    private static final int TRIES = 20;

    private FreePort() {
    }

    static int onAll(List<String> addresses) throws IOException {
        for (int attempt = 0; attempt < TRIES; attempt++) {
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(addresses.get(0)))) {
                port = probe.getLocalPort();
            }
            if (addresses.stream().skip(1).allMatch(address -> isFree(address, port))) {
                return port;
            }
        }
        throw new IOException("found no port free on all of " + addresses + " in " + TRIES + " tries");
    }

    private static boolean isFree(String address, int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName(address))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
