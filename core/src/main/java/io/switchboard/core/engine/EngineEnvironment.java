package io.switchboard.core.engine;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;

/**
 * What the server gives an engine factory besides the cluster's own configuration.
 *
 * @param dataDirectory where engines keep local files; relative paths in configuration resolve
 *     against it
 */
public record EngineEnvironment(Path dataDirectory, MeterRegistry meterRegistry) {
    public EngineEnvironment {
        requireNonNull(dataDirectory, "dataDirectory is null");
        requireNonNull(meterRegistry, "meterRegistry is null");
    }
}
