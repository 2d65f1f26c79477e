package io.switchboard.mcp;

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
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code ./switchboard mcp} does, small: assembles a real pipeline (DuckDB with TPC-H in the
 * directory given as the first argument) and serves MCP on stdin/stdout until stdin ends. It
 * also prints one stray line to {@code System.out} once serving, which must end up on stderr.
 */
public final class StdioTestMain {
    static final String STRAY_LINE = "stray output that must not reach the protocol stream";

    private StdioTestMain() {}

    public static void main(String[] args) throws Exception {
        Path dataDirectory = Path.of(args[0]);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SwitchboardConfig config = ConfigLoader.load(McpTestServer.yaml("progressInterval: 100ms", "",
                dataDirectory.resolve("demo.duckdb")), List.of(), name -> null);
        Engine engine = new DuckDbEngineFactory().create(config.clusters().get("duck"), new EngineEnvironment(dataDirectory, registry));
        InMemoryFeedbackStore feedback = new InMemoryFeedbackStore(10_000);
        QueryPipeline pipeline = QueryPipeline.builder()
                .routers(new RouterChain(List.of(), Optional.of("main")))
                .capacity(new ClusterGroupManager(config.clusters(), config.clusterGroups(), Map.of("duck", engine), registry))
                .feedback(feedback)
                .metrics(new PipelineMetrics(registry))
                .build();
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
            System.out.println(STRAY_LINE);
        });
        try {
            McpStdioServer.run(pipeline, feedback, McpOptions.parse(config.frontends().mcp().options()), System.in, System.out);
        } finally {
            engine.close();
        }
    }
}
