package io.switchboard.mcp;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.switchboard.core.config.AuthConfig;
import io.switchboard.core.config.FrontendConfig;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.feedback.FeedbackStore;
import io.switchboard.core.frontend.Frontend;
import io.switchboard.core.pipeline.QueryPipeline;
import io.switchboard.core.session.SourceDialects;
import jakarta.servlet.DispatcherType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MCP door: streamable HTTP at {@code /mcp} on Jetty 12 (the SDK's servlet transport),
 * with sessions, Origin/Host checks, protocol-version checks and bearer tokens. Every tool call
 * becomes one or more pipeline queries; nothing here routes or talks to an engine.
 *
 * <p>Requests run on virtual threads; a tool call blocks its request's thread while its query
 * runs on a virtual thread of its own (see {@link QueryRunner}).
 */
public final class McpFrontend implements Frontend {
    private static final Logger log = LoggerFactory.getLogger(McpFrontend.class);
    public static final String NAME = "mcp";
    public static final String ENDPOINT = "/mcp";

    private final FrontendConfig config;
    private final McpOptions options;
    private final Server server;
    private final ServerConnector connector;
    private final HttpServletStreamableServerTransportProvider transport;
    private final McpServerAssembly assembly;
    private final QueryRegistry registry;

    /** The server's constructor: reads and validates {@code frontends.mcp}. */
    public McpFrontend(FrontendConfig config, AuthConfig auth, QueryPipeline pipeline, FeedbackStore feedback, MeterRegistry meters) {
        this(config, McpOptions.parse(requireNonNull(config, "config is null").options()), auth, pipeline, feedback, meters);
    }

    public McpFrontend(FrontendConfig config, McpOptions options, AuthConfig auth, QueryPipeline pipeline, FeedbackStore feedback,
            MeterRegistry meters) {
        this.config = requireNonNull(config, "config is null");
        this.options = requireNonNull(options, "options is null");
        requireNonNull(auth, "auth is null");
        requireNonNull(pipeline, "pipeline is null");
        requireNonNull(feedback, "feedback is null");
        requireNonNull(meters, "meters is null");
        if (!options.requiresToken() && !isLoopback(config.bindAddress())) {
            throw config.options().error("the MCP frontend listens on " + config.bindAddress()
                    + ", which is not a loopback address, but no bearer tokens are configured; add frontends.mcp.tokens"
                    + " (token and user, the token preferably from ${ENV}) or bind to 127.0.0.1");
        }
        this.registry = new QueryRegistry();
        ToolEnvironment environment = new ToolEnvironment(options,
                new QueryRunner(pipeline, registry, options.queryTimeout(), options.progressInterval()), registry,
                new ResultCache(options.resultTtl(), options.resultMaxBytes(), Clock.systemUTC()), feedback,
                new SourceDialects(options.sourceDialect(), auth));

        this.transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(McpJson.mapper())
                .mcpEndpoint(ENDPOINT)
                .maxRequestSize(options.maxRequestSize())
                .contextExtractor(request -> {
                    Map<String, Object> values = new HashMap<>();
                    for (String key : List.of(CallerResolver.USER, CallerResolver.AUTHENTICATED, CallerResolver.GROUPS,
                            CallerResolver.CLIENT_ADDRESS)) {
                        Object value = request.getAttribute(key);
                        if (value != null) {
                            values.put(key, value);
                        }
                    }
                    return McpTransportContext.create(values);
                })
                .build();
        // Tool handlers run on the request's virtual thread rather than on Reactor's bounded pool.
        this.assembly = McpServerAssembly.build(McpServer.sync(transport).immediateExecution(true), environment,
                CallerResolver.http(options.anonymousUser()), meters);

        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("mcp-http");
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        this.server = new Server(threads);
        this.connector = new ServerConnector(server);
        connector.setHost(config.bindAddress());
        connector.setPort(config.port());
        server.addConnector(connector);
        if (config.maxConnections() > 0) {
            server.addBean(new NetworkConnectionLimit(config.maxConnections(), connector));
        }
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        ServletHolder servlet = new ServletHolder("mcp", transport);
        servlet.setAsyncSupported(true);
        context.addServlet(servlet, ENDPOINT);
        FilterHolder filter = new FilterHolder(new McpHttpFilter(options, auth, registry, transport.protocolVersions()));
        filter.setAsyncSupported(true);
        context.addFilter(filter, ENDPOINT, EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(context);
        Gauge.builder("switchboard.mcp.queries.running", registry, QueryRegistry::runningCount)
                .description("MCP queries running now")
                .register(meters);
    }

    @Override
    public String name() {
        return NAME;
    }

    public McpOptions options() {
        return options;
    }

    @Override
    public void start() {
        try {
            server.start();
        } catch (Exception e) {
            close();
            throw new SwitchboardException(ErrorCode.INVALID_CONFIGURATION, "the MCP frontend cannot listen on "
                    + config.bindAddress() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        assembly.resources().startRefreshing();
        log.info("MCP frontend listening on http://{}:{}{} ({})", config.bindAddress(), connector.getLocalPort(), ENDPOINT,
                options.requiresToken() ? "bearer tokens required" : "no authentication, loopback only");
    }

    @Override
    public List<InetSocketAddress> listenAddresses() {
        int port = connector.getLocalPort();
        return port <= 0 ? List.of() : List.of(new InetSocketAddress(config.bindAddress(), port));
    }

    /** Refreshes the table resources now (tests and operators; the frontend also does it periodically). */
    public java.util.Set<String> refreshCatalogResources() {
        return assembly.resources().refreshNow();
    }

    @Override
    public void close() {
        registry.cancelAll();
        try {
            transport.closeGracefully().block(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            log.debug("MCP sessions did not close gracefully", e);
        }
        assembly.close();
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("Error while stopping the MCP HTTP server", e);
        }
    }

    static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
