package io.switchboard.core.frontend;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * A door into Switchboard: decodes one protocol into query requests for the pipeline and encodes
 * results back. Frontends never route, guard or talk to engines directly.
 */
public interface Frontend extends AutoCloseable {
    /** The configuration name of the protocol ({@code postgresWire}, {@code mcp}). */
    String name();

    /** Binds and starts accepting clients; throws if the port cannot be bound. */
    void start();

    /** The addresses actually bound (a configured port 0 becomes the chosen port). */
    List<InetSocketAddress> listenAddresses();

    /** Stops accepting, closes client connections and cancels their queries. */
    @Override
    void close();
}
