package io.switchboard.engines.testing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.core.config.ClusterConfig;
import io.switchboard.core.config.ConfigLoader;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.engine.Engine;
import io.switchboard.core.engine.EngineEnvironment;
import io.switchboard.core.engine.EngineFactory;
import io.switchboard.core.engine.EngineQuery;
import io.switchboard.core.result.ResultStream;
import io.switchboard.core.result.RowBatch;
import io.switchboard.core.session.FrontendProtocol;
import io.switchboard.core.session.QueryId;
import io.switchboard.core.session.Session;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Helpers shared by the engines' tests: clusters from YAML, queries, whole results, bounded waits. */
public final class EngineTesting {
    public static final Session SESSION = Session.builder("tester", FrontendProtocol.INTERNAL).build();

    private EngineTesting() {}

    /** The name of the one cluster {@link #cluster} configures. */
    public static final String CLUSTER = "c";

    /** Parses a YAML configuration with one cluster named {@value #CLUSTER}; {@code ${NAME}} reads {@code environment}. */
    public static ClusterConfig cluster(String engine, String clusterKeys, Map<String, String> environment) {
        String yaml = "clusters:\n  " + CLUSTER + ":\n    engine: " + engine + "\n" + clusterKeys.indent(4);
        SwitchboardConfig config = ConfigLoader.load(yaml, List.of(), environment::get);
        return config.clusters().get(CLUSTER);
    }

    public static ClusterConfig cluster(String engine, String clusterKeys) {
        return cluster(engine, clusterKeys, Map.of());
    }

    public static Engine engine(EngineFactory factory, ClusterConfig cluster) {
        return factory.create(cluster, new EngineEnvironment(Path.of(System.getProperty("java.io.tmpdir")), new SimpleMeterRegistry()));
    }

    public static Engine engine(EngineFactory factory, String engine, String clusterKeys) {
        return engine(factory, cluster(engine, clusterKeys));
    }

    public static EngineQuery query(String sql) {
        return new EngineQuery(QueryId.next(), sql, SESSION, Duration.ZERO);
    }

    public static EngineQuery query(String sql, Duration timeout) {
        return new EngineQuery(QueryId.next(), sql, SESSION, timeout);
    }

    public static List<List<Object>> rows(Engine engine, String sql) {
        try (ResultStream stream = engine.execute(query(sql))) {
            return drain(stream);
        }
    }

    public static List<List<Object>> drain(ResultStream stream) {
        List<List<Object>> rows = new ArrayList<>();
        for (RowBatch batch = stream.nextBatch(); batch != null; batch = stream.nextBatch()) {
            for (Object[] row : batch.rows()) {
                rows.add(Arrays.asList(row));
            }
        }
        return rows;
    }

    public static Object single(Engine engine, String sql) {
        List<List<Object>> rows = rows(engine, sql);
        if (rows.size() != 1 || rows.get(0).size() != 1) {
            throw new AssertionError("expected one value from " + sql + " but got " + rows);
        }
        return rows.get(0).get(0);
    }

    /** Runs a statement that returns no rows and gives its update count. */
    public static long update(Engine engine, String sql) {
        try (ResultStream stream = engine.execute(query(sql))) {
            if (stream.nextBatch() != null) {
                throw new AssertionError(sql + " returned rows");
            }
            return stream.updateCount();
        }
    }

    /** Polls until the condition holds; fails after {@code limit}. */
    public static void awaitTrue(String what, Duration limit, BooleanSupplier condition) {
        if (!eventually(limit, condition)) {
            throw new AssertionError("gave up waiting after " + limit.toSeconds() + " s for: " + what);
        }
    }

    /** Waits until {@code condition} holds, polling every 100 ms, for at most {@code limit}. */
    public static boolean eventually(Duration limit, BooleanSupplier condition) {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
