package io.switchboard.feedback;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.feedback.FeedbackStore;
import io.switchboard.core.feedback.QueryRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * QueryFlux's default store: the newest {@code maxRecords} records in memory, nothing on disk.
 * Recording is lock-free (a deque plus a size counter), so it never blocks; while several
 * threads record at once the ring may hold a few records more than its bound for an instant.
 * Reads sort by arrival time, newest first, like the DuckDB store.
 */
public final class InMemoryFeedbackStore implements FeedbackStore {
    public static final int DEFAULT_MAX_RECORDS = 10_000;

    private static final Comparator<QueryRecord> NEWEST_FIRST = Comparator.comparing(QueryRecord::receivedAt)
            .thenComparing(record -> record.queryId().value())
            .reversed();

    private final int maxRecords;
    private final ConcurrentLinkedDeque<QueryRecord> records = new ConcurrentLinkedDeque<>();
    private final AtomicInteger size = new AtomicInteger();

    public InMemoryFeedbackStore(int maxRecords) {
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be at least 1");
        }
        this.maxRecords = maxRecords;
    }

    public int maxRecords() {
        return maxRecords;
    }

    @Override
    public void record(QueryRecord record) {
        requireNonNull(record, "record is null");
        records.addFirst(record);
        // Each record that takes the ring past its bound evicts the oldest recorded one. The
        // counter decides, not the deque's size(), which walks the whole deque.
        if (size.incrementAndGet() > maxRecords && records.pollLast() != null) {
            size.decrementAndGet();
        }
    }

    @Override
    public List<QueryRecord> recentQueries(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
        List<QueryRecord> snapshot = new ArrayList<>(records);
        snapshot.sort(NEWEST_FIRST);
        return List.copyOf(snapshot.subList(0, Math.min(limit, snapshot.size())));
    }

    @Override
    public Optional<QueryRecord> findQuery(String queryId) {
        requireNonNull(queryId, "queryId is null");
        for (QueryRecord record : records) {
            if (record.queryId().value().equals(queryId)) {
                return Optional.of(record);
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        records.clear();
        size.set(0);
    }

    @Override
    public String toString() {
        return "InMemoryFeedbackStore[maxRecords=" + maxRecords + "]";
    }
}
