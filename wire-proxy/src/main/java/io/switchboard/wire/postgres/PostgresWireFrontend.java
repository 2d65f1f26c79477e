package io.switchboard.wire.postgres;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.switchboard.core.config.AuthConfig;
import io.switchboard.core.config.FrontendConfig;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.frontend.Frontend;
import io.switchboard.core.pipeline.QueryPipeline;
import io.switchboard.core.session.SourceDialects;
import io.switchboard.core.sql.Dialect;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL door (protocol 3.0): psql, pgjdbc and every PostgreSQL driver connect here and
 * their queries walk the pipeline. Netty's event loops decode and encode; each connection's
 * messages are handled by its own virtual thread.
 */
public final class PostgresWireFrontend implements Frontend {
    public static final String NAME = "postgresWire";
    private static final Logger log = LoggerFactory.getLogger(PostgresWireFrontend.class);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(5);

    private final FrontendConfig config;
    private final PostgresWireOptions options;
    private final AuthConfig auth;
    private final QueryPipeline pipeline;
    private final WireMetrics metrics;
    private final Set<PostgresConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connectionCount = new AtomicInteger();
    private EventLoopGroup acceptGroup;
    private EventLoopGroup ioGroup;
    private Channel serverChannel;
    private volatile boolean closed;

    /** Reads the frontend's own keys from {@code config.options()} (and rejects unknown ones). */
    public PostgresWireFrontend(FrontendConfig config, AuthConfig auth, QueryPipeline pipeline, MeterRegistry registry) {
        this(config, PostgresWireOptions.parse(requireNonNull(config, "config is null").options(), auth), auth, pipeline, registry);
    }

    public PostgresWireFrontend(FrontendConfig config, PostgresWireOptions options, AuthConfig auth, QueryPipeline pipeline,
            MeterRegistry registry) {
        this.config = requireNonNull(config, "config is null");
        this.options = requireNonNull(options, "options is null");
        this.auth = requireNonNull(auth, "auth is null");
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.metrics = new WireMetrics(requireNonNull(registry, "registry is null"));
    }

    /**
     * Checks the frontend's own keys when it is not enabled, so that a typo in its block is
     * reported even though it does not listen. An enabled frontend checks them when constructed.
     */
    public static void validateOptions(FrontendConfig config) {
        PostgresWireOptions.parseKeys(requireNonNull(config, "config is null").options());
    }

    /** As {@link #validateOptions(FrontendConfig)}, also checking authMethod against the user directory. */
    public static void validateOptions(FrontendConfig config, AuthConfig auth) {
        PostgresWireOptions.parse(requireNonNull(config, "config is null").options(), auth);
    }

    @Override
    public String name() {
        return NAME;
    }

    public PostgresWireOptions options() {
        return options;
    }

    @Override
    public synchronized void start() {
        if (serverChannel != null) {
            throw new IllegalStateException("the PostgreSQL frontend is already started");
        }
        PostgresWireContext context = new PostgresWireContext(pipeline, new SourceDialects(Dialect.POSTGRES, auth), options,
                new PasswordAuthenticator(options.authMethod(), auth), sslContext(), new ConnectionRegistry(), metrics);
        // epoll where it loads (Linux): per message it makes fewer system calls than the JDK's selector.
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory handlers = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        acceptGroup = new MultiThreadIoEventLoopGroup(1, handlers);
        ioGroup = new MultiThreadIoEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()), handlers);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptGroup, ioGroup)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 256)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                // A connection buffers at most this much unsent output before its thread parks.
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(128 * 1024, 512 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        accept(channel, context);
                    }
                });
        try {
            serverChannel = bootstrap.bind(config.bindAddress(), config.port()).sync().channel();
        } catch (Exception e) {
            shutdownGroups();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new SwitchboardException(ErrorCode.INVALID_CONFIGURATION, "cannot listen for PostgreSQL clients on "
                    + config.bindAddress() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        log.info("PostgreSQL frontend listening on {} (auth {}, TLS {}, {} transport)", serverChannel.localAddress(),
                options.authMethod().configName(), options.tlsEnabled() ? "on" : "off", epoll ? "epoll" : "NIO");
    }

    private void accept(SocketChannel channel, PostgresWireContext context) {
        int count = connectionCount.incrementAndGet();
        boolean withinLimit = !closed && (config.maxConnections() == 0 || count <= config.maxConnections());
        metrics.opened();
        PostgresConnection[] holder = new PostgresConnection[1];
        PostgresConnection connection = new PostgresConnection(channel, context, withinLimit, () -> {
            connections.remove(holder[0]);
            connectionCount.decrementAndGet();
            metrics.closed();
        });
        holder[0] = connection;
        connections.add(connection);
        channel.pipeline().addLast("decoder", new PostgresMessageDecoder(options.maxMessageSize()));
        channel.pipeline().addLast("connection", new PostgresConnectionHandler(connection, context.sslContext()));
    }

    private SslContext sslContext() {
        if (!options.tlsEnabled()) {
            return null;
        }
        try {
            return SslContextBuilder.forServer(options.tlsCertificateFile().toFile(), options.tlsPrivateKeyFile().toFile()).build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new SwitchboardException(ErrorCode.INVALID_CONFIGURATION, "cannot load the TLS certificate "
                    + options.tlsCertificateFile() + " and key " + options.tlsPrivateKeyFile()
                    + " (frontends.postgresWire; PEM files, the key in PKCS#8): " + e.getMessage(), e);
        }
    }

    @Override
    public List<InetSocketAddress> listenAddresses() {
        Channel channel = serverChannel;
        if (channel == null) {
            return List.of();
        }
        return List.of((InetSocketAddress) channel.localAddress());
    }

    /** Connections open now (for tests and the admin API). */
    public int openConnections() {
        return metrics.openConnections();
    }

    /** Connections whose thread is parked because their client does not read (backpressure at work). */
    int connectionsWaitingForClients() {
        int waiting = 0;
        for (PostgresConnection connection : connections) {
            if (connection.output().waitingForClient()) {
                waiting++;
            }
        }
        return waiting;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly(SHUTDOWN_WAIT.toMillis());
        }
        for (PostgresConnection connection : connections) {
            connection.shutdown();
        }
        long deadline = System.nanoTime() + SHUTDOWN_WAIT.toNanos();
        for (PostgresConnection connection : connections) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                break;
            }
            try {
                connection.awaitFinished(Duration.ofNanos(remaining));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        shutdownGroups();
    }

    private void shutdownGroups() {
        if (acceptGroup != null) {
            acceptGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(SHUTDOWN_WAIT.toMillis());
        }
        if (ioGroup != null) {
            ioGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(SHUTDOWN_WAIT.toMillis());
        }
    }
}
