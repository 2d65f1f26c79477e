package io.switchboard.guardrails;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.core.config.ConfigLoader;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.engine.Engine;
import io.switchboard.core.engine.EngineEnvironment;
import io.switchboard.core.engine.EngineQuery;
import io.switchboard.core.pipeline.PipelineMetrics;
import io.switchboard.core.pipeline.QueryPipeline;
import io.switchboard.core.pipeline.RouterChain;
import io.switchboard.core.result.ResultStream;
import io.switchboard.core.result.RowBatch;
import io.switchboard.core.session.FrontendProtocol;
import io.switchboard.core.session.Session;
import io.switchboard.engines.duckdb.DuckDbEngineFactory;
import io.switchboard.engines.postgres.PostgresEngineFactory;
import io.switchboard.feedback.InMemoryFeedbackStore;
import io.switchboard.guardrails.config.GuardrailsConfig;
import io.switchboard.guardrails.config.GuardrailsProvider;
import io.switchboard.routing.ClusterGroupManager;
import io.switchboard.testkit.postgres.PostgresServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Real engines behind real pipelines with guards from a {@code guardrails:} section: a DuckDB
 * with TPC-H in a temporary directory (group {@code duck}) and, when asked for, a cluster on the
 * testkit's shared PostgreSQL with TPC-H (group {@code pg}). One pipeline per group, so a test
 * picks its engine by picking its pipeline.
 */
public final class GuardedEngines implements AutoCloseable {
    private final Map<String, Engine> engines = new LinkedHashMap<>();
    private final Map<String, QueryPipeline> pipelines = new LinkedHashMap<>();
    private final InMemoryFeedbackStore feedback = new InMemoryFeedbackStore(100_000);

    public GuardedEngines(Path dataDirectory, String guardrailsYaml, boolean withPostgres) {
        StringBuilder yaml = new StringBuilder("""
                clusters:
                  duck:
                    engine: duckDb
                    databasePath: "%s"
                    demoData: tpch
                """.formatted(dataDirectory.resolve("guarded.duckdb")));
        Map<String, String> environment = new LinkedHashMap<>();
        if (withPostgres) {
            PostgresServer server = PostgresServer.sharedTpch();
            yaml.append("""
                      pg:
                        engine: postgres
                        endpoint: %s
                        user: %s
                        password: ${PG_PASSWORD}
                    """.formatted(server.endpoint(PostgresServer.TPCH_DATABASE), server.user()));
            environment.put("PG_PASSWORD", server.password());
        }
        yaml.append("clusterGroups:\n  duck:\n    members: [duck]\n");
        if (withPostgres) {
            yaml.append("  pg:\n    members: [pg]\n");
        }
        yaml.append("guardrails:\n").append(guardrailsYaml.indent(2));
        SwitchboardConfig config = ConfigLoader.load(yaml.toString(), List.of(), environment::get);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EngineEnvironment engineEnvironment = new EngineEnvironment(dataDirectory, registry);
        try {
            engines.put("duck", new DuckDbEngineFactory().create(config.clusters().get("duck"), engineEnvironment));
            if (withPostgres) {
                engines.put("pg", new PostgresEngineFactory().create(config.clusters().get("pg"), engineEnvironment));
            }
            ClusterGroupManager capacity = new ClusterGroupManager(config.clusters(), config.clusterGroups(), engines, registry);
            GuardrailsProvider guards = GuardrailsConfig.parse(config.guardrails(), config.clusterGroups().keySet());
            for (String group : config.clusterGroups().keySet()) {
                pipelines.put(group, QueryPipeline.builder()
                        .routers(new RouterChain(List.of(), Optional.of(group)))
                        .capacity(capacity)
                        .guards(guards)
                        .feedback(feedback)
                        .metrics(new PipelineMetrics(registry))
                        .queryTimeout(Duration.ofSeconds(60))
                        .build());
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public QueryPipeline pipeline(String group) {
        return pipelines.get(group);
    }

    public Engine engine(String cluster) {
        return engines.get(cluster);
    }

    public InMemoryFeedbackStore feedback() {
        return feedback;
    }

    /** Every row of a query run on the engine itself, past every guard: for checking state. */
    public List<List<Object>> engineRows(String cluster, String sql) {
        Session session = Session.builder("test", FrontendProtocol.INTERNAL).build();
        List<List<Object>> rows = new ArrayList<>();
        try (ResultStream stream = engines.get(cluster).execute(new EngineQuery(io.switchboard.core.session.QueryId.next(), sql,
                session, Duration.ofSeconds(60)))) {
            for (RowBatch batch = stream.nextBatch(); batch != null; batch = stream.nextBatch()) {
                for (Object[] row : batch.rows()) {
                    rows.add(java.util.Arrays.asList(row.clone()));
                }
            }
        }
        return rows;
    }

    @Override
    public void close() {
        for (Engine engine : engines.values()) {
            engine.close();
        }
    }
}
