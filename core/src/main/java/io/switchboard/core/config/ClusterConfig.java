package io.switchboard.core.config;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.engine.EngineType;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One cluster (an engine endpoint). Engine-specific keys ({@code databasePath}, {@code catalog},
 * credentials) are read by the engine's factory from {@link #options()}.
 *
 * @param maxRunningQueries this cluster's own concurrency limit, or null to use the group's
 * @param endpoint the engine's address ({@code http://host:port}, {@code postgresql://...}), or
 *     null for embedded engines
 */
public record ClusterConfig(
        String name,
        EngineType engine,
        boolean enabled,
        Integer maxRunningQueries,
        String endpoint,
        ConfigNode options) {

    public ClusterConfig {
        requireNonNull(name, "name is null");
        requireNonNull(engine, "engine is null");
        requireNonNull(options, "options is null");
    }

    public Optional<String> endpointValue() {
        return Optional.ofNullable(endpoint);
    }

    static ClusterConfig parse(String name, ConfigNode node) {
        return parse(name, node, null);
    }

    /** Parses a cluster; {@code defaultEngine} comes from a group's inline form, else null. */
    static ClusterConfig parse(String name, ConfigNode node, String defaultEngine) {
        String engineName = defaultEngine == null ? node.string("engine") : node.string("engine", defaultEngine);
        EngineType engine = EngineType.fromConfigName(engineName).orElseThrow(() -> node.valueError("engine",
                "unknown engine '" + engineName + "'; known engines are "
                        + Arrays.stream(EngineType.values()).map(EngineType::configName).collect(Collectors.joining(", "))));
        return new ClusterConfig(
                name,
                engine,
                node.bool("enabled", true),
                node.optionalInteger("maxRunningQueries", 1, 1_000_000).orElse(null),
                node.optionalString("endpoint").orElse(null),
                node);
    }
}
