package io.switchboard.core.pipeline;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.engine.EngineType;
import io.switchboard.core.engine.HealthStatus;
import io.switchboard.core.sql.Dialect;

/** One cluster's live state, for listings (MCP {@code list_engines}, the admin API, Studio). */
public record ClusterStatus(
        String name,
        EngineType engine,
        Dialect dialect,
        boolean enabled,
        HealthStatus health,
        int running,
        int maxRunning) {

    public ClusterStatus {
        requireNonNull(name, "name is null");
        requireNonNull(engine, "engine is null");
        requireNonNull(dialect, "dialect is null");
        requireNonNull(health, "health is null");
    }
}
