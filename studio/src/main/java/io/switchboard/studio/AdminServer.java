package io.switchboard.studio;

import static java.util.Objects.requireNonNull;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.switchboard.core.config.AdminApiConfig;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.pathmap.PathSpec;
import org.eclipse.jetty.http.pathmap.UriTemplatePathSpec;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP listener (Jetty 12, core handlers): {@code GET /metrics} for Prometheus,
 * {@code GET /health}, and whatever routes later parts (the REST API, the Studio UI) add through
 * {@link Builder#route} — those need the administrator's HTTP Basic credentials
 * ({@code adminApi.username}/{@code password}). Everything else is a JSON 404.
 *
 * <pre>
 * AdminServer admin = AdminServer.builder(config.adminApi()).metrics(prometheusRegistry).build();
 * admin.start();
 * admin.listenAddress();   // the bound address; port 0 in the config picks a free port
 * admin.close();
 * </pre>
 */
public final class AdminServer implements AutoCloseable {
    /** How long stopping waits for requests in flight. */
    private static final long STOP_TIMEOUT_MILLIS = 5_000;
    private static final long SHUTDOWN_IDLE_TIMEOUT_MILLIS = 200;
    private static final int MAX_THREADS = 32;
    private static final String URI_TEMPLATE_PREFIX = "uri-template:";
    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

    private final Server server;
    private final ServerConnector connector;
    private final String bindAddress;
    private final int port;
    private final List<RouteInfo> routeTable = new ArrayList<>();

    private AdminServer(Builder builder) {
        this.bindAddress = builder.bindAddress;
        this.port = builder.port;
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS);
        threads.setName("switchboard-admin");
        this.server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        // No "Server: Jetty(version)" header: nothing a scanner can use.
        http.setSendServerVersion(false);
        this.connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(bindAddress);
        connector.setPort(port);
        // Scrapers keep connections alive; on stop Jetty waits this long for idle ones (default 1 s).
        connector.setShutdownIdleTimeout(SHUTDOWN_IDLE_TIMEOUT_MILLIS);
        server.addConnector(connector);

        AdminRoutes routes = new AdminRoutes();
        AdminAuthenticator authenticator = new AdminAuthenticator(builder.username, builder.password);
        if (builder.metrics != null) {
            Request.Handler metrics = new PrometheusMetricsHandler(builder.metrics);
            routes.add(HttpMethod.GET.asString(), PathSpec.from("/metrics"),
                    builder.metricsRequireAuth ? authenticator.protect(metrics) : metrics);
            routeTable.add(new RouteInfo(HttpMethod.GET.asString(), "/metrics", builder.metricsRequireAuth));
        }
        // Load balancers and orchestrators probe health without credentials; it says only "UP".
        routes.add(HttpMethod.GET.asString(), PathSpec.from("/health"), AdminServer::health);
        routeTable.add(new RouteInfo(HttpMethod.GET.asString(), "/health", false));
        for (Route route : builder.routes) {
            routes.add(route.method(), route.path(), route.open() ? route.handler() : authenticator.protect(route.handler()));
            routeTable.add(new RouteInfo(route.method().toUpperCase(Locale.ROOT), route.path().getDeclaration(), !route.open()));
        }
        server.setHandler(routes);
        server.setErrorHandler(new JsonErrorHandler());
        server.setStopTimeout(STOP_TIMEOUT_MILLIS);
    }

    /** Serves {@code registry} at /metrics, and /health, on the given address; port 0 picks a free port. */
    public AdminServer(String bindAddress, int port, PrometheusMeterRegistry registry) {
        this(builder().bindAddress(bindAddress).port(port).metrics(registry));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder listening where the {@code adminApi:} section says. */
    public static Builder builder(AdminApiConfig config) {
        requireNonNull(config, "config is null");
        return new Builder().bindAddress(config.bindAddress()).port(config.port())
                .credentials(config.username(), config.password())
                .metricsRequireAuth(config.metricsRequireAuth());
    }

    /** Binds the port and starts serving. Throws INVALID_CONFIGURATION when the address cannot be bound. */
    public void start() {
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly();
            throw new SwitchboardException(ErrorCode.INVALID_CONFIGURATION,
                    "the admin API cannot listen on " + bindAddress + ":" + port + ": " + e.getMessage(), e);
        }
        log.info("Admin API listening on http://{}:{} (metrics at /metrics)", bindAddress, connector.getLocalPort());
    }

    /** The address actually bound; only meaningful after {@link #start()}. */
    public InetSocketAddress listenAddress() {
        int localPort = connector.getLocalPort();
        if (localPort <= 0) {
            throw new IllegalStateException("the admin server is not listening");
        }
        return new InetSocketAddress(bindAddress, localPort);
    }

    /** Stops listening, lets requests in flight finish (bounded), and frees the port. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new SwitchboardException(ErrorCode.INTERNAL, "could not stop the admin server: " + e.getMessage(), e);
        }
    }

    private void stopQuietly() {
        try {
            server.stop();
        } catch (Exception e) {
            log.debug("Stopping the admin server after a failed start also failed", e);
        }
    }

    /**
     * The values of a {@code uri-template:} route's variables for this request: {@code {id}} in
     * {@code /api/v1/queries/{id}}. Empty for other routes.
     */
    public static Map<String, String> pathParameters(Request request) {
        return AdminRoutes.pathParameters(request);
    }

    /**
     * Every route, in the order added: its method, its path as declared (a URI template keeps its
     * {@code {name}} variables) and whether it needs the administrator's credentials. For API
     * documents and the tests that hold them to the real routes.
     */
    public List<RouteInfo> routes() {
        return List.copyOf(routeTable);
    }

    /** One route of the admin server. */
    public record RouteInfo(String method, String path, boolean authenticated) {}

    /** The administrator's name on a request to a protected route (null on open routes). */
    public static String authenticatedUser(Request request) {
        return AdminAuthenticator.user(request);
    }

    private static boolean health(Request request, Response response, Callback callback) {
        JsonResponses.send(response, callback, HttpStatus.OK_200, Map.of("status", "UP"));
        return true;
    }

    private record Route(String method, PathSpec path, Request.Handler handler, boolean open) {}

    public static final class Builder {
        private String bindAddress = "127.0.0.1";
        private int port = AdminApiConfig.DEFAULT_PORT;
        private PrometheusMeterRegistry metrics;
        private String username = "admin";
        private String password;
        private boolean metricsRequireAuth;
        private final List<Route> routes = new ArrayList<>();

        private Builder() {}

        public Builder bindAddress(String value) {
            this.bindAddress = requireNonNull(value, "bindAddress is null");
            return this;
        }

        /** The port to listen on; 0 picks a free one (see {@link AdminServer#listenAddress()}). */
        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535");
            }
            this.port = value;
            return this;
        }

        /** Serves this registry at {@code GET /metrics}; without it there is no /metrics route. */
        public Builder metrics(PrometheusMeterRegistry registry) {
            this.metrics = requireNonNull(registry, "registry is null");
            return this;
        }

        /**
         * The administrator's credentials for HTTP Basic authentication of the routes added with
         * {@link #route}. A null password (the default) keeps those routes closed: 403.
         */
        public Builder credentials(String username, String password) {
            this.username = requireNonNull(username, "username is null");
            this.password = password;
            return this;
        }

        /** Whether {@code /metrics} needs the credentials too (default: no). */
        public Builder metricsRequireAuth(boolean value) {
            this.metricsRequireAuth = value;
            return this;
        }

        /**
         * Adds a route that only the administrator may use (HTTP Basic, see {@link #credentials}).
         * {@code path} is a Jetty path spec: an exact path ({@code /api/v1/clusters}),
         * a prefix ({@code /api/v1/queries/*}), a regex ({@code ^/api/v1/.*}), or
         * {@code uri-template:/api/v1/queries/{id}} (read {@code id} with {@link AdminServer#pathParameters}).
         */
        public Builder route(String method, String path, Request.Handler handler) {
            return route(method, pathSpec(requireNonNull(path, "path is null")), handler);
        }

        /** Adds a route for any Jetty {@link PathSpec}. */
        public Builder route(String method, PathSpec path, Request.Handler handler) {
            return add(method, path, handler, false);
        }

        /**
         * Adds a route anyone who reaches the port may use — only for what must work before a
         * login, such as Studio's login page and its static assets.
         */
        public Builder openRoute(String method, String path, Request.Handler handler) {
            return add(method, pathSpec(requireNonNull(path, "path is null")), handler, true);
        }

        private Builder add(String method, PathSpec path, Request.Handler handler, boolean open) {
            routes.add(new Route(requireNonNull(method, "method is null"), requireNonNull(path, "path is null"),
                    requireNonNull(handler, "handler is null"), open));
            return this;
        }

        private static PathSpec pathSpec(String path) {
            if (path.startsWith(URI_TEMPLATE_PREFIX)) {
                return new UriTemplatePathSpec(path.substring(URI_TEMPLATE_PREFIX.length()));
            }
            return PathSpec.from(path);
        }

        public AdminServer build() {
            return new AdminServer(this);
        }
    }
}
