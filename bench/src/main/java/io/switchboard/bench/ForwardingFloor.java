package io.switchboard.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The least a JVM process in front of PostgreSQL can cost: it forwards bytes and does nothing
 * else. No SQL is read, no pool is kept (each client connection gets its own server connection)
 * and nothing is recorded. Two platform threads per connection copy bytes, one each way, with
 * blocking sockets — measured on the 2-core machine, cheaper per transaction than one virtual
 * thread per connection.
 *
 * <p>A benchmark reference, not a component: {@code bench/postgres-direct-vs-proxy.sh} with
 * {@code FLOOR=1} measures it beside Switchboard and direct access in the same interleaved
 * rounds, so that the TPS a Java proxy can reach on the machine is a measured figure.
 *
 * <pre>
 * java -cp bench/target/switchboard-bench.jar io.switchboard.bench.ForwardingFloor \
 *     --port 6433 --server 127.0.0.1:5432
 * </pre>
 * It listens on 127.0.0.1 only and prints {@code listening on PORT} once it accepts connections
 * ({@code --port 0} picks a free port).
 */
public final class ForwardingFloor {
    private static final int BUFFER_BYTES = 64 * 1024;

    private ForwardingFloor() {}

    public static void main(String[] args) throws IOException {
        int port = 0;
        String server = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value(args, ++i));
                case "--server" -> server = value(args, ++i);
                default -> usage("unknown argument " + args[i]);
            }
        }
        if (server == null || server.lastIndexOf(':') < 1) {
            usage("--server HOST:PORT is required");
        }
        InetSocketAddress target = new InetSocketAddress(
                server.substring(0, server.lastIndexOf(':')), Integer.parseInt(server.substring(server.lastIndexOf(':') + 1)));
        try (ServerSocket listener = new ServerSocket(port, 512, InetAddress.getLoopbackAddress())) {
            System.out.println("listening on " + listener.getLocalPort());
            System.out.flush();
            while (true) {
                Socket client = listener.accept();
                Thread.ofPlatform().name("floor-connect").start(() -> connect(client, target));
            }
        }
    }

    private static void connect(Socket client, InetSocketAddress target) {
        Socket server = new Socket();
        try {
            client.setTcpNoDelay(true);
            server.connect(target, 10_000);
            server.setTcpNoDelay(true);
        } catch (IOException e) {
            System.err.println("cannot reach " + target + ": " + e.getMessage());
            closeQuietly(client);
            closeQuietly(server);
            return;
        }
        // Whichever direction ends first closes both sockets, which ends the other direction.
        AtomicBoolean closed = new AtomicBoolean();
        Runnable closeBoth = () -> {
            if (closed.compareAndSet(false, true)) {
                closeQuietly(client);
                closeQuietly(server);
            }
        };
        Thread.ofPlatform().name("floor-up").start(() -> pump(client, server, closeBoth));
        pump(server, client, closeBoth);
    }

    private static void pump(Socket from, Socket to, Runnable closeBoth) {
        byte[] buffer = new byte[BUFFER_BYTES];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
            }
        } catch (IOException e) {
            // The peer went away: the connection is over either way.
        } finally {
            closeBoth.run();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Already closed or reset; nothing is left to release.
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            usage(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: ForwardingFloor --server HOST:PORT [--port PORT]");
        System.exit(2);
    }
}
