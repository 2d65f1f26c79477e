package io.switchboard.core.result;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import java.util.ArrayList;
import java.util.List;

/** Small result streams for answers that do not come from an engine. */
public final class ResultStreams {
    private ResultStreams() {}

    /** A stream over rows already in memory (a catalog answer, a {@code SHOW} reply). */
    public static ResultStream of(List<Column> columns, List<Object[]> rows) {
        return new InMemoryResultStream(List.copyOf(columns), new ArrayList<>(rows), -1);
    }

    /** The outcome of a statement that returns no rows. */
    public static ResultStream updateCount(long count) {
        return new InMemoryResultStream(List.of(), List.of(), count);
    }

    private static final class InMemoryResultStream implements ResultStream {
        private final List<Column> columns;
        private final long updateCount;
        private List<Object[]> rows;
        private volatile boolean canceled;

        private InMemoryResultStream(List<Column> columns, List<Object[]> rows, long updateCount) {
            this.columns = requireNonNull(columns, "columns is null");
            this.rows = rows;
            this.updateCount = updateCount;
        }

        @Override
        public List<Column> columns() {
            return columns;
        }

        @Override
        public RowBatch nextBatch() {
            if (canceled) {
                throw new SwitchboardException(ErrorCode.QUERY_CANCELED, "Query was canceled");
            }
            if (rows == null || rows.isEmpty()) {
                rows = null;
                return null;
            }
            RowBatch batch = new RowBatch(rows);
            rows = null;
            return batch;
        }

        @Override
        public long updateCount() {
            return updateCount;
        }

        @Override
        public void cancel() {
            canceled = true;
        }

        @Override
        public void close() {
            rows = null;
        }
    }
}
