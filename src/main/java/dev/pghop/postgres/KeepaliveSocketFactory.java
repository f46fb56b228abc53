package dev.pghop.postgres;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

import javax.net.SocketFactory;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jdk.net.ExtendedSocketOptions;

/**
 * The sockets pgjdbc opens to either server, with the {@link Keepalives} every pghop connection has. pgjdbc creates
 * it by its class name (the {@code socketFactory} connection property), hence its registration for reflection in
 * the native executable.
 */
@RegisterForReflection
public final class KeepaliveSocketFactory extends SocketFactory {

    @Override
    public Socket createSocket() throws IOException {
        Socket socket = new Socket();
        socket.setKeepAlive(true);
        socket.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, (int) Keepalives.IDLE.toSeconds());
        socket.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, (int) Keepalives.INTERVAL.toSeconds());
        socket.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, Keepalives.COUNT);
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
    }

    /** A socket of {@link #createSocket()}, bound to {@code local} when given, connected to {@code remote}. */
    private Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
        Socket socket = createSocket();
        if (local != null) {
            socket.bind(local);
        }
        socket.connect(remote);
        return socket;
    }
}
