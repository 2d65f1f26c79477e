package io.switchboard.core.result;

import java.util.List;

/**
 * The result of one statement, pulled batch by batch by its consumer. Nothing materializes a
 * whole result: a consumer that does not pull stops the producer, which is the backpressure
 * from a slow client down to the engine.
 *
 * <p>{@link #nextBatch()} and {@link #close()} are called by one consumer thread;
 * {@link #cancel()} may be called from any thread at any time.
 */
public interface ResultStream extends AutoCloseable {

    /** The columns, empty for a statement that returns no rows. Known before the first batch. */
    List<Column> columns();

    /**
     * The next batch, blocking until it is available; {@code null} once the result is
     * exhausted. Throws {@link io.switchboard.core.error.SwitchboardException} when the
     * statement fails or was canceled.
     */
    RowBatch nextBatch();

    /**
     * True when the stream already knows that {@link #nextBatch()} will return {@code null}
     * without waiting (the engine said the last batch was the last); false when it does not know.
     * A hint for consumers that would otherwise flush what they hold before a call that may
     * block: a small result then leaves in one write instead of two.
     */
    default boolean exhausted() {
        return false;
    }

    /** Rows affected by a statement that returns no rows; -1 when unknown or not applicable. */
    default long updateCount() {
        return -1;
    }

    /** True when a guard stopped the result before the engine's end (row limit). */
    default boolean truncated() {
        return false;
    }

    /** Stops the engine statement. Idempotent and thread-safe. */
    void cancel();

    /** Releases the engine resources. Idempotent; after close, {@link #nextBatch()} must not be called. */
    @Override
    void close();
}
