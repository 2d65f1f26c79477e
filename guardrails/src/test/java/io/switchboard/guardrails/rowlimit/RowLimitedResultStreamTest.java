package io.switchboard.guardrails.rowlimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.result.Column;
import io.switchboard.core.result.ResultStream;
import io.switchboard.core.result.RowBatch;
import io.switchboard.core.types.DataType;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.junit.jupiter.api.Test;

/** The backstop: at most n rows, truncated only when a row beyond n arrived, and the engine stopped then. */
final class RowLimitedResultStreamTest {

    /** Batches of the given sizes, numbering rows from 0; remembers whether it was canceled. */
    private static final class Batches implements ResultStream {
        private final Deque<RowBatch> batches = new ConcurrentLinkedDeque<>();
        boolean canceled;
        boolean closed;

        Batches(int... sizes) {
            int next = 0;
            for (int size : sizes) {
                List<Object[]> rows = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    rows.add(new Object[] {next++});
                }
                batches.add(new RowBatch(rows));
            }
        }

        @Override
        public List<Column> columns() {
            return List.of(new Column("n", DataType.INTEGER));
        }

        @Override
        public RowBatch nextBatch() {
            return batches.poll();
        }

        @Override
        public void cancel() {
            canceled = true;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static List<Integer> drain(ResultStream stream) {
        List<Integer> values = new ArrayList<>();
        for (RowBatch batch = stream.nextBatch(); batch != null; batch = stream.nextBatch()) {
            batch.rows().forEach(row -> values.add((Integer) row[0]));
        }
        return values;
    }

    @Test
    void fewerRowsThanTheLimitPassUntouched() {
        Batches engine = new Batches(3, 4);
        RowLimitedResultStream limited = new RowLimitedResultStream(engine, 10);
        assertThat(drain(limited)).hasSize(7);
        assertThat(limited.truncated()).isFalse();
        assertThat(engine.canceled).isFalse();
    }

    @Test
    void exactlyTheLimitIsNotTruncation() {
        Batches engine = new Batches(5, 5);
        RowLimitedResultStream limited = new RowLimitedResultStream(engine, 10);
        assertThat(drain(limited)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(limited.truncated()).isFalse();
    }

    @Test
    void oneRowMoreIsTruncationAndStopsTheEngine() {
        Batches engine = new Batches(6, 5, 100);
        RowLimitedResultStream limited = new RowLimitedResultStream(engine, 10);
        assertThat(drain(limited)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(limited.truncated()).isTrue();
        assertThat(engine.canceled).isTrue();
        assertThat(engine.batches).hasSize(1);
    }

    @Test
    void aBatchEndingAtTheLimitLooksAheadForMore() {
        Batches engine = new Batches(10, 0, 1);
        RowLimitedResultStream limited = new RowLimitedResultStream(engine, 10);
        assertThat(drain(limited)).hasSize(10);
        assertThat(limited.truncated()).isTrue();
    }
}
