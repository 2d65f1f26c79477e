package io.switchboard.feedback;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.core.approval.ApprovalStore;
import io.switchboard.core.config.ConfigNode;
import io.switchboard.core.config.PersistenceConfig;
import io.switchboard.core.feedback.FeedbackStore;
import java.nio.file.Path;

/**
 * Builds the feedback store the {@code persistence:} section asks for. {@code type} has been read
 * by core; the keys of each type are read here, and any other key is an error with its line.
 *
 * <pre>
 * persistence:
 *   type: duckDb            # default
 *   path: feedback.duckdb   # relative to dataDirectory
 *   queueCapacity: 10000
 *   batchSize: 500
 * persistence:
 *   type: inMemory          # QueryFlux's default
 *   maxRecords: 10000
 * </pre>
 */
public final class FeedbackStores {
    private FeedbackStores() {}

    /**
     * Where the approval service keeps holds: the DuckDB store's own file, or memory beside an
     * in-memory store (holds then do not survive a restart). Owned by the feedback store.
     */
    public static ApprovalStore approvalStore(FeedbackStore feedback) {
        requireNonNull(feedback, "feedback is null");
        if (feedback instanceof DuckDbFeedbackStore duckDb) {
            return duckDb.approvalStore();
        }
        return new InMemoryApprovalStore();
    }

    public static FeedbackStore create(PersistenceConfig config, Path dataDirectory, MeterRegistry registry) {
        requireNonNull(config, "config is null");
        requireNonNull(dataDirectory, "dataDirectory is null");
        requireNonNull(registry, "registry is null");
        ConfigNode options = config.options();
        return switch (config.type()) {
            case DUCKDB -> {
                DuckDbFeedbackStoreConfig duckDb = DuckDbFeedbackStoreConfig.parse(options, dataDirectory);
                options.rejectUnknownKeys();
                yield DuckDbFeedbackStore.open(duckDb, registry);
            }
            case IN_MEMORY -> {
                int maxRecords = options.integer("maxRecords", InMemoryFeedbackStore.DEFAULT_MAX_RECORDS, 1, 10_000_000);
                options.rejectUnknownKeys();
                yield new InMemoryFeedbackStore(maxRecords);
            }
            case POSTGRES -> throw options.valueError("type", "the 'postgres' feedback store is not available yet; "
                    + "use 'duckDb' (the default, a file in the data directory) or 'inMemory'");
        };
    }
}
