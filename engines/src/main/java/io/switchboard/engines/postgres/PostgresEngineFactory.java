package io.switchboard.engines.postgres;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.config.ClusterConfig;
import io.switchboard.core.engine.Engine;
import io.switchboard.core.engine.EngineEnvironment;
import io.switchboard.core.engine.EngineFactory;
import io.switchboard.core.engine.EngineType;
import io.switchboard.engines.jdbc.JdbcEngineConfig;
import java.util.List;

/**
 * Creates PostgreSQL clusters ({@code engine: postgres}, endpoint
 * {@code postgresql://user:password@host:port/database}); the keys are in {@code docs/engines.md}.
 */
public final class PostgresEngineFactory implements EngineFactory {
    static final int DEFAULT_PORT = 5432;
    static final List<String> ENGINE_KEYS = List.of("schema", "tlsRootCert", "applicationName");

    @Override
    public EngineType type() {
        return EngineType.POSTGRES;
    }

    @Override
    public Engine create(ClusterConfig cluster, EngineEnvironment environment) {
        requireNonNull(cluster, "cluster is null");
        requireNonNull(environment, "environment is null");
        if (cluster.engine() != EngineType.POSTGRES) {
            throw new IllegalArgumentException("cluster '" + cluster.name() + "' is a " + cluster.engine().configName()
                    + " cluster, not a PostgreSQL one");
        }
        JdbcEngineConfig config = parse(cluster);
        return new PostgresEngine(cluster.name(), config, environment.meterRegistry());
    }

    /** Reads and validates the cluster's keys. */
    public static JdbcEngineConfig parse(ClusterConfig cluster) {
        JdbcEngineConfig config = JdbcEngineConfig.parse(cluster, DEFAULT_PORT, List.of("postgresql", "postgres"),
                ENGINE_KEYS);
        for (String name : config.sessionProperties().keySet()) {
            for (var pinned : PostgresEngine.PINNED_SETTINGS.entrySet()) {
                // PostgreSQL's setting names are case-insensitive.
                if (name.equalsIgnoreCase(pinned.getKey())) {
                    throw cluster.options().valueError("sessionProperties", pinned.getKey() + " cannot be set: Switchboard keeps it at "
                            + pinned.getValue() + " on every connection, because it reads results and SQL text that way");
                }
            }
        }
        return config;
    }
}
