package io.switchboard.engines.mysql;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.config.ClusterConfig;
import io.switchboard.core.engine.Engine;
import io.switchboard.core.engine.EngineEnvironment;
import io.switchboard.core.engine.EngineFactory;
import io.switchboard.core.engine.EngineType;
import io.switchboard.engines.jdbc.JdbcEngine;
import io.switchboard.engines.jdbc.JdbcEngineConfig;

/**
 * Creates MySQL and MariaDB clusters ({@code engine: mysql}, endpoint
 * {@code mysql://user:password@host:port/database}); the keys are in {@code docs/engines.md}.
 */
public final class MySqlEngineFactory implements EngineFactory {
    @Override
    public EngineType type() {
        return EngineType.MYSQL;
    }

    @Override
    public Engine create(ClusterConfig cluster, EngineEnvironment environment) {
        requireNonNull(cluster, "cluster is null");
        requireNonNull(environment, "environment is null");
        if (cluster.engine() != EngineType.MYSQL) {
            throw new IllegalArgumentException("cluster '" + cluster.name() + "' is a " + cluster.engine().configName()
                    + " cluster, not a MySQL one");
        }
        return new JdbcEngine(cluster.name(), parse(cluster), new MySqlFlavor(EngineType.MYSQL), environment.meterRegistry());
    }

    /** Reads and validates the cluster's keys. */
    public static JdbcEngineConfig parse(ClusterConfig cluster) {
        return MySqlConfigs.parse(cluster, MySqlFlavor.MYSQL_DEFAULT_PORT, MySqlFlavor.MYSQL_KEYS);
    }
}
