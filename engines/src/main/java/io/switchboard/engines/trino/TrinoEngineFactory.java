package io.switchboard.engines.trino;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.config.ClusterConfig;
import io.switchboard.core.engine.Engine;
import io.switchboard.core.engine.EngineEnvironment;
import io.switchboard.core.engine.EngineFactory;
import io.switchboard.core.engine.EngineType;

/** Creates Trino clusters ({@code engine: trino}); see {@link TrinoEngineConfig} for the keys. */
public final class TrinoEngineFactory implements EngineFactory {
    @Override
    public EngineType type() {
        return EngineType.TRINO;
    }

    @Override
    public Engine create(ClusterConfig cluster, EngineEnvironment environment) {
        requireNonNull(cluster, "cluster is null");
        requireNonNull(environment, "environment is null");
        if (cluster.engine() != EngineType.TRINO) {
            throw new IllegalArgumentException("cluster '" + cluster.name() + "' is a " + cluster.engine().configName()
                    + " cluster, not a Trino one");
        }
        return new TrinoEngine(cluster.name(), TrinoEngineConfig.parse(cluster), environment.meterRegistry());
    }
}
