package io.switchboard.testkit.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports on the loopback interface, for servers that cannot be told to pick port 0 themselves. */
public final class FreePorts {
    private FreePorts() {}

    /**
     * A port that was free a moment ago on 127.0.0.1. Another process may take it before the
     * server binds it; servers started by the testkit therefore check that they really listen.
     */
    public static int next() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }
}
