package io.switchboard.engines.duckdb;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.core.config.ClusterConfig;
import io.switchboard.core.config.ConfigLoader;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.engine.EngineEnvironment;
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

/** Helpers shared by the DuckDB engine tests: engines from YAML, queries, whole results. */
final class DuckDbTesting {
    static final Session SESSION = Session.builder("tester", FrontendProtocol.INTERNAL).build();

    private DuckDbTesting() {}

    /** Parses a YAML configuration with one cluster named {@code duck} and returns that cluster. */
    static ClusterConfig cluster(String clusterKeys) {
        String yaml = "clusters:\n  duck:\n    engine: duckDb\n" + clusterKeys.indent(4);
        SwitchboardConfig config = ConfigLoader.load(yaml, List.of(), name -> null);
        return config.clusters().get("duck");
    }

    static EngineEnvironment environment(Path dataDirectory) {
        return new EngineEnvironment(dataDirectory, new SimpleMeterRegistry());
    }

    static DuckDbEngine engine(Path dataDirectory, String clusterKeys) {
        return (DuckDbEngine) new DuckDbEngineFactory().create(cluster(clusterKeys), environment(dataDirectory));
    }

    static EngineQuery query(String sql) {
        return new EngineQuery(QueryId.next(), sql, SESSION, Duration.ZERO);
    }

    static EngineQuery query(String sql, Duration timeout) {
        return new EngineQuery(QueryId.next(), sql, SESSION, timeout);
    }

    /** Runs a statement and reads its whole result. */
    static List<List<Object>> rows(DuckDbEngine engine, String sql) {
        try (ResultStream stream = engine.execute(query(sql))) {
            return drain(stream);
        }
    }

    static List<List<Object>> drain(ResultStream stream) {
        List<List<Object>> rows = new ArrayList<>();
        for (RowBatch batch = stream.nextBatch(); batch != null; batch = stream.nextBatch()) {
            for (Object[] row : batch.rows()) {
                rows.add(Arrays.asList(row));
            }
        }
        return rows;
    }

    /** Runs a statement that returns one value. */
    static Object single(DuckDbEngine engine, String sql) {
        List<List<Object>> rows = rows(engine, sql);
        if (rows.size() != 1 || rows.get(0).size() != 1) {
            throw new AssertionError("expected one value from " + sql + " but got " + rows);
        }
        return rows.get(0).get(0);
    }

    static long updateCount(DuckDbEngine engine, String sql) {
        try (ResultStream stream = engine.execute(query(sql))) {
            if (!stream.columns().isEmpty()) {
                throw new AssertionError(sql + " returned columns " + stream.columns());
            }
            if (stream.nextBatch() != null) {
                throw new AssertionError(sql + " returned rows");
            }
            return stream.updateCount();
        }
    }
}
