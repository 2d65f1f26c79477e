package io.switchboard.feedback;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.config.ConfigNode;
import java.nio.file.Path;

/**
 * The {@code duckDb} feedback store's settings, read from the {@code persistence:} section.
 *
 * @param file the database file; a relative {@code path} is resolved against the data directory
 * @param queueCapacity records waiting to be written before new ones are dropped
 * @param batchSize the most records the writer puts into one transaction
 */
public record DuckDbFeedbackStoreConfig(Path file, int queueCapacity, int batchSize) {
    public static final String DEFAULT_PATH = "feedback.duckdb";
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    public static final int DEFAULT_BATCH_SIZE = 500;

    public DuckDbFeedbackStoreConfig {
        requireNonNull(file, "file is null");
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be at least 1");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1");
        }
    }

    /** Reads {@code path}, {@code queueCapacity} and {@code batchSize}; the caller rejects unknown keys. */
    static DuckDbFeedbackStoreConfig parse(ConfigNode options, Path dataDirectory) {
        String path = options.string("path", DEFAULT_PATH);
        if (path.isBlank()) {
            throw options.valueError("path", "must name a file");
        }
        return new DuckDbFeedbackStoreConfig(
                dataDirectory.resolve(path),
                options.integer("queueCapacity", DEFAULT_QUEUE_CAPACITY, 1, 10_000_000),
                options.integer("batchSize", DEFAULT_BATCH_SIZE, 1, 100_000));
    }
}
