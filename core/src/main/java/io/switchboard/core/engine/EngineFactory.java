package io.switchboard.core.engine;

import io.switchboard.core.config.ClusterConfig;

/**
 * Creates engines of one type from configuration. A factory reads and validates its own
 * engine-specific keys from {@link ClusterConfig#options()}, so that an unknown key is reported
 * with its line like any other.
 */
public interface EngineFactory {
    EngineType type();

    Engine create(ClusterConfig cluster, EngineEnvironment environment);
}
