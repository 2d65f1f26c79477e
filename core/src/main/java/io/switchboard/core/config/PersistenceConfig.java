package io.switchboard.core.config;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * Where the feedback store keeps the record of queries. {@code duckDb} (a file in the data
 * directory) is the default; {@code inMemory} is QueryFlux's default and keeps a bounded recent
 * history. Type-specific keys stay in {@link #options()} for the store to read.
 */
public record PersistenceConfig(Type type, ConfigNode options) {
    public enum Type {
        DUCKDB,
        IN_MEMORY,
        POSTGRES
    }

    private static final Map<String, Type> NAMES = Map.of("duckDb", Type.DUCKDB, "inMemory", Type.IN_MEMORY, "postgres", Type.POSTGRES);

    public PersistenceConfig {
        requireNonNull(type, "type is null");
        requireNonNull(options, "options is null");
    }

    static PersistenceConfig parse(ConfigNode node) {
        return new PersistenceConfig(node.enumValue("type", NAMES, Type.DUCKDB), node);
    }
}
