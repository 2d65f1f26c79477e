package io.switchboard.server;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.switchboard.core.config.AuthConfig;
import io.switchboard.core.config.ClusterConfig;
import io.switchboard.core.config.ConfigNode;
import io.switchboard.core.config.FrontendConfig;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.engine.Engine;
import io.switchboard.core.engine.EngineEnvironment;
import io.switchboard.core.engine.EngineFactory;
import io.switchboard.core.engine.EngineType;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.feedback.FeedbackStore;
import io.switchboard.core.frontend.Frontend;
import io.switchboard.core.pipeline.PipelineMetrics;
import io.switchboard.core.pipeline.QueryPipeline;
import io.switchboard.core.pipeline.Translator;
import io.switchboard.core.session.FrontendProtocol;
import io.switchboard.feedback.FeedbackStores;
import io.switchboard.guardrails.approval.StoredApprovalService;
import io.switchboard.guardrails.config.GuardrailsConfig;
import io.switchboard.guardrails.config.GuardrailsProvider;
import io.switchboard.mcp.McpFrontend;
import io.switchboard.mcp.McpOptions;
import io.switchboard.routing.CapacityConfig;
import io.switchboard.routing.ClusterGroupManager;
import io.switchboard.routing.HealthMonitor;
import io.switchboard.routing.rules.RuleRouters;
import io.switchboard.server.admin.AdminApi;
import io.switchboard.server.admin.RuntimeConfiguration;
import io.switchboard.studio.AdminServer;
import io.switchboard.studio.ApprovalApi;
import io.switchboard.translation.OnDemandSqlglot;
import io.switchboard.translation.SqlglotTranslator;
import io.switchboard.translation.TranslationConfig;
import io.switchboard.translation.postgres.PostgresCatalogTranslator;
import io.switchboard.wire.postgres.PostgresWireFrontend;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import io.switchboard.core.sql.Dialect;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds Switchboard's object graph from a validated configuration and owns its lifecycle. The
 * only class that knows every module: frontends, engines, routing, the feedback store and the
 * admin server meet here and nowhere else.
 *
 * <p>{@link #create} validates everything (each module reads its own section and rejects
 * unknown keys) before anything binds a port; {@link #start} binds; {@link #close} stops in
 * reverse order so that no query is cut off by its engine closing first.
 */
public final class SwitchboardServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SwitchboardServer.class);
    /** How often holds are checked against their deadlines (only while some are pending). */
    private static final Duration APPROVAL_SWEEP_INTERVAL = Duration.ofMillis(500);

    private final SwitchboardConfig config;
    private final Path dataDirectory;
    private final PrometheusMeterRegistry registry;
    private final Map<String, Engine> engines;
    private final ClusterGroupManager capacity;
    private final HealthMonitor healthMonitor;
    private final RuntimeConfiguration runtime;
    private final FeedbackStore feedback;
    private final QueryPipeline pipeline;
    private final List<Frontend> frontends;
    private final AdminServer adminServer;
    private final StoredApprovalService approvals;
    private volatile boolean started;

    private SwitchboardServer(SwitchboardConfig config, Path dataDirectory, PrometheusMeterRegistry registry,
            Map<String, Engine> engines, ClusterGroupManager capacity, RuntimeConfiguration runtime, FeedbackStore feedback,
            QueryPipeline pipeline, List<Frontend> frontends, AdminServer adminServer, StoredApprovalService approvals) {
        this.config = config;
        this.dataDirectory = dataDirectory;
        this.registry = registry;
        this.engines = engines;
        this.capacity = capacity;
        this.healthMonitor = new HealthMonitor(capacity);
        this.runtime = runtime;
        this.feedback = feedback;
        this.pipeline = pipeline;
        this.frontends = frontends;
        this.adminServer = adminServer;
        this.approvals = approvals;
    }

    /** Builds every component; fails with a configuration error before binding any port. */
    public static SwitchboardServer create(SwitchboardConfig config) {
        requireNonNull(config, "config is null");
        Path dataDirectory = config.dataDirectory().toAbsolutePath().normalize();
        try {
            Files.createDirectories(dataDirectory);
        } catch (IOException e) {
            throw new SwitchboardException(ErrorCode.INVALID_CONFIGURATION,
                    "cannot create the data directory " + dataDirectory + ": " + e.getMessage(), e);
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);

        List<AutoCloseable> built = new ArrayList<>();
        try {
            validateFrontendsWithoutImplementation(config);
            TranslationConfig translationConfig = TranslationConfig.parse(config.translation(), config.clusterGroups().keySet());
            GuardrailsProvider guards = GuardrailsConfig.parse(config.guardrails(), config.clusterGroups().keySet());
            // Before the engine factories validate their clusters: routing's cluster keys must be read first.
            CapacityConfig capacityConfig = CapacityConfig.parse(config.clusters(), config.clusterGroups());
            RuleRouters routers = RuleRouters.create(config, registry);
            built.add(routers);

            Map<String, Engine> engines = new LinkedHashMap<>();
            EngineEnvironment environment = new EngineEnvironment(dataDirectory, registry);
            Map<EngineType, EngineFactory> factories = engineFactories();
            for (ClusterConfig cluster : config.clusters().values()) {
                EngineFactory factory = factories.get(cluster.engine());
                if (factory == null) {
                    throw cluster.options().valueError("engine", "engine '" + cluster.engine().configName()
                            + "' is not available in this build yet; available: " + availableEngines(factories));
                }
                Engine engine = factory.create(cluster, environment);
                built.add(engine);
                engines.put(cluster.name(), engine);
            }
            ClusterGroupManager capacity = new ClusterGroupManager(capacityConfig, engines, registry);

            FeedbackStore feedback = FeedbackStores.create(config.persistence(), dataDirectory, registry);
            built.add(feedback);
            // Holds live beside the records (the same DuckDB file, or memory); the feedback store owns them.
            StoredApprovalService approvals = new StoredApprovalService(FeedbackStores.approvalStore(feedback), feedback,
                    registry, Clock.systemUTC(), APPROVAL_SWEEP_INTERVAL);
            built.add(approvals);

            // sqlglot starts when something needs it: now, in the background, when a frontend's
            // dialect differs from an engine's or scripts are configured; else on the first query
            // that asks for another dialect. PostgreSQL clients' catalog queries need no sqlglot.
            FrontendConfig mcp = config.frontends().mcp();
            McpOptions mcpOptions = McpOptions.parse(mcp.options());
            OnDemandSqlglot sqlglot = OnDemandSqlglot.graalPy();
            if (needsTranslation(config, mcpOptions, translationConfig, engines.values())) {
                sqlglot.ensureStarted();
            }
            Translator translator = new PostgresCatalogTranslator(SqlglotTranslator.create(translationConfig, sqlglot, registry));
            QueryPipeline pipeline = QueryPipeline.builder()
                    .routers(routers.chain())
                    .translator(translator)
                    .guards(guards)
                    .approvals(approvals)
                    .capacity(capacity)
                    .feedback(feedback)
                    .metrics(new PipelineMetrics(registry))
                    .build();

            List<Frontend> frontends = new ArrayList<>();
            FrontendConfig postgres = config.frontends().postgresWire();
            if (postgres.enabled()) {
                frontends.add(new PostgresWireFrontend(postgres, config.auth(), pipeline, registry));
            } else {
                PostgresWireFrontend.validateOptions(postgres, config.auth());
            }
            if (mcp.enabled()) {
                frontends.add(new McpFrontend(mcp, mcpOptions, config.auth(), pipeline, feedback, registry));
            }
            RuntimeConfiguration runtime = new RuntimeConfiguration(config, routers, pipeline, capacity, registry);
            built.remove(routers);
            built.add(runtime);
            AdminServer admin = config.adminApi().enabled()
                    ? ApprovalApi.register(AdminApi.register(AdminServer.builder(config.adminApi()).metrics(registry), runtime),
                            approvals).build()
                    : null;
            return new SwitchboardServer(config, dataDirectory, registry, Collections.unmodifiableMap(engines), capacity,
                    runtime, feedback, pipeline, List.copyOf(frontends), admin, approvals);
        } catch (RuntimeException e) {
            for (AutoCloseable resource : built.reversed()) {
                closeQuietly(resource);
            }
            registry.close();
            throw e;
        }
    }

    /** Whether some enabled frontend's dialect differs from some engine's, or scripts run anyway. */
    static boolean needsTranslation(SwitchboardConfig config, McpOptions mcp, TranslationConfig translation, Collection<Engine> engines) {
        if (!translation.globalScripts().isEmpty() || !translation.groupScripts().isEmpty()) {
            return true;
        }
        List<Dialect> sources = new ArrayList<>();
        if (config.frontends().postgresWire().enabled()) {
            sources.add(Dialect.POSTGRES);
        }
        if (config.frontends().mcp().enabled()) {
            sources.add(mcp.sourceDialect());
        }
        // A user configured to write another dialect needs sqlglot as surely as a frontend does.
        for (AuthConfig.StaticUser user : config.auth().users().values()) {
            if (user.dialect() != null) {
                sources.add(user.dialect());
            }
        }
        for (Dialect source : sources) {
            for (Engine engine : engines) {
                if (!source.isCompatibleWith(engine.dialect())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Every engine adapter on the class path, registered through ServiceLoader by the engines module. */
    private static Map<EngineType, EngineFactory> engineFactories() {
        Map<EngineType, EngineFactory> factories = new LinkedHashMap<>();
        for (EngineFactory factory : ServiceLoader.load(EngineFactory.class, SwitchboardServer.class.getClassLoader())) {
            EngineFactory previous = factories.putIfAbsent(factory.type(), factory);
            if (previous != null) {
                throw new IllegalStateException("two engine adapters for " + factory.type() + ": "
                        + previous.getClass().getName() + " and " + factory.getClass().getName());
            }
        }
        return factories;
    }

    private static String availableEngines(Map<EngineType, EngineFactory> factories) {
        return factories.keySet().stream().map(EngineType::configName).toList().toString();
    }

    /** Frontends of later issues: their blocks may exist, but only with the common keys, and disabled. */
    private static void validateFrontendsWithoutImplementation(SwitchboardConfig config) {
        for (FrontendProtocol protocol : List.of(FrontendProtocol.MYSQL_WIRE, FrontendProtocol.TRINO_HTTP,
                FrontendProtocol.FLIGHT_SQL)) {
            FrontendConfig frontend = config.frontends().get(protocol);
            ConfigNode node = frontend.options();
            if (frontend.enabled()) {
                throw node.error("the " + protocol.configName() + " frontend is not available in this build yet; set enabled: false");
            }
            node.rejectUnknownKeys();
        }
    }

    /** Binds every listener and starts background work. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        try {
            approvals.start();
            if (adminServer != null) {
                adminServer.start();
            }
            for (Frontend frontend : frontends) {
                frontend.start();
            }
            healthMonitor.start();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        log.info("Switchboard started with {} cluster(s), {} group(s), data in {}", engines.size(),
                config.clusterGroups().size(), dataDirectory);
    }

    /**
     * Starts background work only (health probes), binding no port: for the MCP stdio transport,
     * where a client spawns its own Switchboard and several may run side by side.
     */
    public synchronized void startWithoutListeners() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        approvals.start();
        healthMonitor.start();
    }

    /** Every listener, by name, with the address actually bound. */
    public Map<String, InetSocketAddress> listeners() {
        Map<String, InetSocketAddress> listeners = new LinkedHashMap<>();
        for (Frontend frontend : frontends) {
            for (InetSocketAddress address : frontend.listenAddresses()) {
                listeners.put(frontend.name(), address);
            }
        }
        if (adminServer != null) {
            listeners.put("adminApi", adminServer.listenAddress());
        }
        return listeners;
    }

    /** The admin server's routes (empty when the admin API is disabled). */
    public List<AdminServer.RouteInfo> adminRoutes() {
        return adminServer == null ? List.of() : adminServer.routes();
    }

    public QueryPipeline pipeline() {
        return pipeline;
    }

    /** The approval service: holds, their decisions, the gate the pipeline waits at. */
    public StoredApprovalService approvals() {
        return approvals;
    }

    public FeedbackStore feedbackStore() {
        return feedback;
    }

    public ClusterGroupManager capacity() {
        return capacity;
    }

    /** The rule routers of the chain in use, with their scripts. */
    public RuleRouters routers() {
        return runtime.routers();
    }

    /** The groups and routers in effect now, which the admin API may replace. */
    public RuntimeConfiguration runtime() {
        return runtime;
    }

    public PrometheusMeterRegistry meterRegistry() {
        return registry;
    }

    public SwitchboardConfig config() {
        return config;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public synchronized void close() {
        for (Frontend frontend : frontends.reversed()) {
            closeQuietly(frontend);
        }
        closeQuietly(healthMonitor);
        closeQuietly(runtime);
        if (adminServer != null) {
            closeQuietly(adminServer);
        }
        for (Engine engine : engines.values()) {
            closeQuietly(engine);
        }
        closeQuietly(approvals);
        feedback.flush(Duration.ofSeconds(10));
        closeQuietly(feedback);
        registry.close();
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            log.warn("Error while stopping {}", resource.getClass().getSimpleName(), e);
        }
    }
}
