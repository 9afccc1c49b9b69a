package com.carbon254.devstack.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Port choice on 127.0.0.1: preferred ports when free, otherwise a free one. */
public final class Ports {

    private Ports() {
    }

    /** A port free right now on 127.0.0.1 (the OS picks it). */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free port on 127.0.0.1", e);
        }
    }

    /** Whether a port can be bound on 127.0.0.1 right now. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether something accepts TCP connections on 127.0.0.1:port. */
    public static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The port a server gets: {@code preferred} when it is free; when it is taken, a free port (reported
     * through {@code notice}) or, if {@code failOnTaken}, an error naming the port.
     */
    public static int choose(String server, int preferred, boolean failOnTaken, java.util.function.Consumer<String> notice) {
        if (preferred <= 0) {
            return free();
        }
        if (isFree(preferred)) {
            return preferred;
        }
        if (failOnTaken) {
            throw new IllegalStateException("Port " + preferred + " for " + server
                    + " is taken by another process on 127.0.0.1; free it or choose another port");
        }
        int chosen = free();
        notice.accept("port " + preferred + " for " + server + " is taken; using " + chosen);
        return chosen;
    }
}
