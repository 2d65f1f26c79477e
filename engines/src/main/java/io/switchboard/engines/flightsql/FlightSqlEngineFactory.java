package io.switchboard.engines.flightsql;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.config.ClusterConfig;
import io.switchboard.core.engine.Engine;
import io.switchboard.core.engine.EngineEnvironment;
import io.switchboard.core.engine.EngineFactory;
import io.switchboard.core.engine.EngineType;

/** Creates Flight SQL clusters ({@code engine: flightSql}); see {@link FlightSqlEngineConfig} for the keys. */
public final class FlightSqlEngineFactory implements EngineFactory {
    @Override
    public EngineType type() {
        return EngineType.FLIGHT_SQL;
    }

    @Override
    public Engine create(ClusterConfig cluster, EngineEnvironment environment) {
        requireNonNull(cluster, "cluster is null");
        requireNonNull(environment, "environment is null");
        if (cluster.engine() != EngineType.FLIGHT_SQL) {
            throw new IllegalArgumentException("cluster '" + cluster.name() + "' is a " + cluster.engine().configName()
                    + " cluster, not a Flight SQL one");
        }
        return new FlightSqlEngine(cluster.name(), FlightSqlEngineConfig.parse(cluster), environment.meterRegistry());
    }
}
