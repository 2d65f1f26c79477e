package io.switchboard.engines.duckdb;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.config.ClusterConfig;
import io.switchboard.core.engine.Engine;
import io.switchboard.core.engine.EngineEnvironment;
import io.switchboard.core.engine.EngineFactory;
import io.switchboard.core.engine.EngineType;

/**
 * Creates DuckDB clusters ({@code engine: duckDb}) from configuration; see
 * {@link DuckDbEngineConfig} for the keys.
 */
public final class DuckDbEngineFactory implements EngineFactory {
    @Override
    public EngineType type() {
        return EngineType.DUCKDB;
    }

    @Override
    public Engine create(ClusterConfig cluster, EngineEnvironment environment) {
        requireNonNull(cluster, "cluster is null");
        requireNonNull(environment, "environment is null");
        if (cluster.engine() != EngineType.DUCKDB) {
            throw new IllegalArgumentException("cluster '" + cluster.name() + "' is a " + cluster.engine().configName()
                    + " cluster, not a DuckDB one");
        }
        DuckDbEngineConfig config = DuckDbEngineConfig.parse(cluster.options(), environment);
        return new DuckDbEngine(cluster.name(), config, environment.meterRegistry());
    }
}
