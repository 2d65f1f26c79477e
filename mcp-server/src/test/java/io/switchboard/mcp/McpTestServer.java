package io.switchboard.mcp;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.core.config.ConfigLoader;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.engine.Engine;
import io.switchboard.core.engine.EngineEnvironment;
import io.switchboard.core.pipeline.PipelineMetrics;
import io.switchboard.core.pipeline.QueryPipeline;
import io.switchboard.core.pipeline.RouterChain;
import io.switchboard.engines.duckdb.DuckDbEngineFactory;
import io.switchboard.feedback.InMemoryFeedbackStore;
import io.switchboard.routing.ClusterGroupManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A real Switchboard pipeline for MCP tests: configuration through core's loader, one DuckDB
 * cluster with the TPC-H demo data in one group, capacity from the routing module, an in-memory
 * feedback store, and the MCP frontend on a free loopback port.
 */
final class McpTestServer implements AutoCloseable {
    private final Path dataDirectory;
    private final Engine engine;
    private final InMemoryFeedbackStore feedback = new InMemoryFeedbackStore(100_000);
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final QueryPipeline pipeline;
    private final McpFrontend frontend;
    private final SwitchboardConfig config;

    private McpTestServer(String mcpYaml, String authYaml, Function<String, String> environment) {
        try {
            dataDirectory = Files.createTempDirectory("switchboard-mcp-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config = ConfigLoader.load(yaml(mcpYaml, authYaml, dataDirectory.resolve("demo.duckdb")), List.of(), environment);
        engine = new DuckDbEngineFactory().create(config.clusters().get("duck"), new EngineEnvironment(dataDirectory, registry));
        ClusterGroupManager capacity = new ClusterGroupManager(config.clusters(), config.clusterGroups(), Map.of("duck", engine), registry);
        pipeline = QueryPipeline.builder()
                .routers(new RouterChain(List.of(), Optional.of("main")))
                .capacity(capacity)
                .feedback(feedback)
                .metrics(new PipelineMetrics(registry))
                .build();
        frontend = new McpFrontend(config.frontends().mcp(), config.auth(), pipeline, feedback, registry);
        frontend.start();
    }

    static String yaml(String mcpYaml, String authYaml, Path database) {
        return """
                switchboard:
                  frontends:
                    mcp:
                      port: 0
                      bindAddress: 127.0.0.1
                %s
                clusters:
                  duck:
                    engine: duckDb
                    databasePath: "%s"
                    demoData: tpch
                    executorThreads: 8
                clusterGroups:
                  main:
                    members: [duck]
                    maxRunningQueries: 16
                    maxQueuedQueries: 2000
                routingFallback: main
                %s
                """.formatted(mcpYaml.indent(6).stripTrailing(), database, authYaml);
    }

    static McpTestServer start() {
        return new McpTestServer("", "", name -> null);
    }

    static McpTestServer start(String mcpYaml) {
        return new McpTestServer(mcpYaml, "", name -> null);
    }

    static McpTestServer start(String mcpYaml, String authYaml, Map<String, String> environment) {
        return new McpTestServer(mcpYaml, authYaml, environment::get);
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    int port() {
        return frontend.listenAddresses().get(0).getPort();
    }

    McpFrontend frontend() {
        return frontend;
    }

    InMemoryFeedbackStore feedback() {
        return feedback;
    }

    QueryPipeline pipeline() {
        return pipeline;
    }

    MeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        frontend.close();
        engine.close();
        try (var files = Files.walk(dataDirectory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
