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
    /**
     * DuckDB's cost per record falls with the batch (measured on the 2-core machine, full records,
     * two indexes: about 18 µs at 200 per transaction, 9 µs at 500, 7 µs at 1000, 6 µs at 5000),
     * and the writer shares the cores with the queries it records. 2000 leaves the queue (10,000)
     * room for five batches.
     */
    public static final int DEFAULT_BATCH_SIZE = 2000;

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
