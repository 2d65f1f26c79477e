package io.switchboard.core.feedback;

import java.util.List;
import java.util.Optional;

/**
 * The record of every query. {@link #record} never blocks the query that calls it: stores queue
 * records and write them in the background; a full queue is counted, never silent.
 *
 * <p>The read side serves Studio, the MCP status tool and the adaptive router; a store that
 * keeps no history may leave it at its defaults.
 */
public interface FeedbackStore extends AutoCloseable {

    void record(QueryRecord record);

    /** The most recent records, newest first. */
    default List<QueryRecord> recentQueries(int limit) {
        return List.of();
    }

    default Optional<QueryRecord> findQuery(String queryId) {
        return Optional.empty();
    }

    /** Waits until every record queued so far is written, or the timeout passes. For tests and shutdown. */
    default boolean flush(java.time.Duration timeout) {
        return true;
    }

    @Override
    void close();
}
