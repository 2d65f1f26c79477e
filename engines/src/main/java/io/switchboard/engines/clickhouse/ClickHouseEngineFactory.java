package io.switchboard.engines.clickhouse;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.config.ClusterConfig;
import io.switchboard.core.engine.Engine;
import io.switchboard.core.engine.EngineEnvironment;
import io.switchboard.core.engine.EngineFactory;
import io.switchboard.core.engine.EngineType;

/** Creates ClickHouse clusters ({@code engine: clickHouse}); see {@link ClickHouseEngineConfig} for the keys. */
public final class ClickHouseEngineFactory implements EngineFactory {
    @Override
    public EngineType type() {
        return EngineType.CLICKHOUSE;
    }

    @Override
    public Engine create(ClusterConfig cluster, EngineEnvironment environment) {
        requireNonNull(cluster, "cluster is null");
        requireNonNull(environment, "environment is null");
        if (cluster.engine() != EngineType.CLICKHOUSE) {
            throw new IllegalArgumentException("cluster '" + cluster.name() + "' is a " + cluster.engine().configName()
                    + " cluster, not a ClickHouse one");
        }
        return new ClickHouseEngine(cluster.name(), ClickHouseEngineConfig.parse(cluster), environment.meterRegistry());
    }
}
