package io.switchboard.engines.duckdb;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.core.config.ClusterConfig;
import io.switchboard.core.engine.EngineEnvironment;
import io.switchboard.core.engine.EngineQuery;
import io.switchboard.core.result.ResultStream;
import io.switchboard.core.session.Session;
import io.switchboard.engines.testing.EngineTesting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The DuckDB tests' own helpers: engines with a data directory of the test's choosing. Generic
 * helpers are {@link EngineTesting}'s, named here so that DuckDB tests read the same as before.
 */
final class DuckDbTesting {
    static final Session SESSION = EngineTesting.SESSION;

    private DuckDbTesting() {}

    static ClusterConfig cluster(String clusterKeys) {
        return EngineTesting.cluster("duckDb", clusterKeys);
    }

    static EngineEnvironment environment(Path dataDirectory) {
        return new EngineEnvironment(dataDirectory, new SimpleMeterRegistry());
    }

    static DuckDbEngine engine(Path dataDirectory, String clusterKeys) {
        return (DuckDbEngine) new DuckDbEngineFactory().create(cluster(clusterKeys), environment(dataDirectory));
    }

    static EngineQuery query(String sql) {
        return EngineTesting.query(sql);
    }

    static EngineQuery query(String sql, Duration timeout) {
        return EngineTesting.query(sql, timeout);
    }

    static List<List<Object>> rows(DuckDbEngine engine, String sql) {
        return EngineTesting.rows(engine, sql);
    }

    static List<List<Object>> drain(ResultStream stream) {
        return EngineTesting.drain(stream);
    }

    static Object single(DuckDbEngine engine, String sql) {
        return EngineTesting.single(engine, sql);
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
