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
 * Creates StarRocks clusters ({@code engine: starRocks}, endpoint
 * {@code mysql://user:password@fe-host:9030/database}): StarRocks' frontend speaks the MySQL
 * protocol, so the adapter is the MySQL one with StarRocks' dialect, default port and
 * {@code catalog} key. See {@code docs/engines.md}.
 */
public final class StarRocksEngineFactory implements EngineFactory {
    @Override
    public EngineType type() {
        return EngineType.STARROCKS;
    }

    @Override
    public Engine create(ClusterConfig cluster, EngineEnvironment environment) {
        requireNonNull(cluster, "cluster is null");
        requireNonNull(environment, "environment is null");
        if (cluster.engine() != EngineType.STARROCKS) {
            throw new IllegalArgumentException("cluster '" + cluster.name() + "' is a " + cluster.engine().configName()
                    + " cluster, not a StarRocks one");
        }
        return new JdbcEngine(cluster.name(), parse(cluster), new MySqlFlavor(EngineType.STARROCKS),
                environment.meterRegistry());
    }

    /** Reads and validates the cluster's keys. */
    public static JdbcEngineConfig parse(ClusterConfig cluster) {
        return MySqlConfigs.parse(cluster, MySqlFlavor.STARROCKS_DEFAULT_PORT, MySqlFlavor.STARROCKS_KEYS);
    }
}
