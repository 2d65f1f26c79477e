package io.switchboard.wire.postgres;

import io.switchboard.core.feedback.FeedbackStore;
import io.switchboard.core.feedback.QueryRecord;
import java.util.ArrayList;
import java.util.List;

/** A feedback store that keeps every record in memory, for tests to read. */
final class RecordingFeedbackStore implements FeedbackStore {
    private final List<QueryRecord> records = new ArrayList<>();

    @Override
    public synchronized void record(QueryRecord record) {
        records.add(record);
    }

    synchronized List<QueryRecord> records() {
        return List.copyOf(records);
    }

    @Override
    public synchronized List<QueryRecord> recentQueries(int limit) {
        List<QueryRecord> newestFirst = new ArrayList<>(records);
        java.util.Collections.reverse(newestFirst);
        return newestFirst.subList(0, Math.min(limit, newestFirst.size()));
    }

    @Override
    public void close() {}
}
