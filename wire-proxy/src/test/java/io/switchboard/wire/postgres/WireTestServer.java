package io.switchboard.wire.postgres;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.core.config.ConfigLoader;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.engine.Engine;
import io.switchboard.core.engine.EngineEnvironment;
import io.switchboard.core.pipeline.GuardProvider;
import io.switchboard.core.pipeline.PipelineMetrics;
import io.switchboard.core.pipeline.QueryPipeline;
import io.switchboard.core.pipeline.Translator;
import io.switchboard.translation.postgres.PostgresCatalogTranslator;
import io.switchboard.core.pipeline.RouterChain;
import io.switchboard.engines.duckdb.DuckDbEngineFactory;
import io.switchboard.routing.ClusterGroupManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * A real Switchboard pipeline for frontend tests: configuration loaded by core's loader, one
 * in-memory DuckDB cluster in one group, capacity from the routing module, records kept in a
 * list, and the PostgreSQL frontend on a free loopback port.
 */
final class WireTestServer implements AutoCloseable {
    static final String USER = "alice";
    static final String PASSWORD = "s3cret-pässword";

    private final Path dataDirectory;
    private final Engine engine;
    private final RecordingFeedbackStore feedback = new RecordingFeedbackStore();
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final PostgresWireFrontend frontend;

    private WireTestServer(String frontendYaml, String authYaml, UnaryOperator<PostgresWireOptions> tweak) {
        this(frontendYaml, authYaml, tweak, GuardProvider.NONE, 16);
    }

    private WireTestServer(String frontendYaml, String authYaml, UnaryOperator<PostgresWireOptions> tweak, GuardProvider guards,
            int maxRunningQueries) {
        String yaml = """
                switchboard:
                  frontends:
                    postgresWire:
                      port: 0
                      bindAddress: 127.0.0.1
                %s
                clusters:
                  duck:
                    engine: duckDb
                    executorThreads: 4
                    batchSize: 1000
                clusterGroups:
                  main:
                    members: [duck]
                    maxRunningQueries: %d
                routingFallback: main
                %s
                """.formatted(frontendYaml.indent(6).stripTrailing(), maxRunningQueries, authYaml);
        SwitchboardConfig config = ConfigLoader.load(yaml, List.of(), name -> null);
        try {
            dataDirectory = Files.createTempDirectory("switchboard-wire-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        engine = new DuckDbEngineFactory().create(config.clusters().get("duck"), new EngineEnvironment(dataDirectory, registry));
        ClusterGroupManager capacity = new ClusterGroupManager(config.clusters(), config.clusterGroups(), Map.of("duck", engine), registry);
        QueryPipeline pipeline = QueryPipeline.builder()
                .routers(new RouterChain(List.of(), Optional.of("main")))
                // As in the server: PostgreSQL clients' catalog queries are rewritten for DuckDB.
                .translator(new PostgresCatalogTranslator(Translator.NONE))
                .guards(guards)
                .capacity(capacity)
                .feedback(feedback)
                .metrics(new PipelineMetrics(registry))
                .build();
        PostgresWireOptions options = tweak.apply(PostgresWireOptions.parse(config.frontends().postgresWire().options(), config.auth()));
        frontend = new PostgresWireFrontend(config.frontends().postgresWire(), options, config.auth(), pipeline, registry);
        frontend.start();
    }

    /** Any user, no password. */
    static WireTestServer trust() {
        return new WireTestServer("", "", UnaryOperator.identity());
    }

    /** Users alice (and bob) with passwords, checked with the given method. */
    static WireTestServer withPasswords(AuthMethod method) {
        return withPasswords(method, UnaryOperator.identity());
    }

    static WireTestServer withPasswords(AuthMethod method, UnaryOperator<PostgresWireOptions> tweak) {
        String auth = """
                auth:
                  provider: static
                  staticUsers:
                    users:
                      %s:
                        password: "%s"
                        groups: [analysts]
                      bob:
                        password: "hunter2"
                """.formatted(USER, PASSWORD);
        return new WireTestServer("authMethod: " + method.configName(), auth, tweak);
    }

    /** Any user, no password, and these guards in the pipeline. */
    static WireTestServer withGuards(GuardProvider guards) {
        return new WireTestServer("", "", UnaryOperator.identity(), guards, 16);
    }

    /** Any user, no password, and at most this many queries running at once (the rest queue). */
    static WireTestServer withCapacity(int maxRunningQueries) {
        return new WireTestServer("", "", UnaryOperator.identity(), GuardProvider.NONE, maxRunningQueries);
    }

    static WireTestServer trust(UnaryOperator<PostgresWireOptions> tweak) {
        return new WireTestServer("", "", tweak);
    }

    static WireTestServer withFrontendYaml(String frontendYaml) {
        return new WireTestServer(frontendYaml, "", UnaryOperator.identity());
    }

    int port() {
        return address().getPort();
    }

    InetSocketAddress address() {
        return frontend.listenAddresses().get(0);
    }

    String url(String parameters) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/analytics" + (parameters.isEmpty() ? "" : "?" + parameters);
    }

    Connection connect() throws SQLException {
        return connect("");
    }

    Connection connect(String parameters) throws SQLException {
        return connect(parameters, USER, PASSWORD);
    }

    Connection connect(String parameters, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("socketTimeout", "60");
        return DriverManager.getConnection(url(parameters), properties);
    }

    PostgresWireFrontend frontend() {
        return frontend;
    }

    RecordingFeedbackStore feedback() {
        return feedback;
    }

    MeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        frontend.close();
        engine.close();
        try (var files = Files.walk(dataDirectory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
