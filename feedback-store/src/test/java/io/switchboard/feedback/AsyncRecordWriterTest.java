package io.switchboard.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.core.feedback.QueryRecord;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The writer's failure handling, with hand-made sinks that fail the way a database can: a batch
 * that throws, an error that is not an exception, a write that never returns.
 */
final class AsyncRecordWriterTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Instant T0 = Instant.parse("2026-11-21T05:42:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void aFailedBatchIsCountedAndTheWriterGoesOn() {
        RecordingSink sink = new RecordingSink(Set.of("poison-exception", "poison-error"));
        AsyncRecordWriter writer = AsyncRecordWriter.start("test-writer", 100, 10, sink, registry);
        try {
            assertThat(writer.offer(record("poison-exception"))).isTrue();
            assertThat(writer.flush(WAIT)).isTrue();
            assertThat(writer.offer(record("poison-error"))).isTrue();
            assertThat(writer.flush(WAIT)).isTrue();
            for (int i = 0; i < 5; i++) {
                assertThat(writer.offer(record("good-" + i))).isTrue();
            }
            assertThat(writer.flush(WAIT)).as("the writer thread survived both failures").isTrue();
        } finally {
            assertThat(writer.close(WAIT)).isTrue();
        }
        assertThat(sink.written()).extracting(r -> r.queryId().value())
                .containsExactly("good-0", "good-1", "good-2", "good-3", "good-4");
        assertThat(registry.get(AsyncRecordWriter.FAILED).counter().count()).isEqualTo(2);
        assertThat(registry.get(AsyncRecordWriter.WRITTEN).counter().count()).isEqualTo(5);
        assertThat(sink.closed).isTrue();
    }

    @Test
    void closeGivesUpOnAStuckWriterAndCountsWhatItLeaves() throws InterruptedException {
        StuckSink sink = new StuckSink();
        AsyncRecordWriter writer = AsyncRecordWriter.start("test-writer", 100, 1, sink, registry);
        writer.offer(record("stuck"));
        assertThat(sink.entered.await(30, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 10; i++) {
            writer.offer(record("waiting-" + i));
        }
        assertThat(registry.get(AsyncRecordWriter.QUEUE_DEPTH).gauge().value()).isEqualTo(10);

        assertThat(writer.flush(Duration.ofMillis(50))).as("nothing can be written while the sink is stuck").isFalse();
        writer.close(Duration.ofMillis(100));

        double failed = registry.get(AsyncRecordWriter.FAILED).counter().count();
        double leftBehind = registry.get(AsyncRecordWriter.DROPPED).tag("reason", "shutdown").counter().count();
        assertThat(failed).as("the interrupted batch").isEqualTo(1);
        assertThat(leftBehind).isEqualTo(10);
        assertThat(registry.get(AsyncRecordWriter.WRITTEN).counter().count()).isZero();
        assertThat(writer.offer(record("after-close"))).isFalse();
        assertThat(registry.get(AsyncRecordWriter.DROPPED).tag("reason", "closed").counter().count()).isEqualTo(1);
    }

    @Test
    void batchesNeverExceedTheBatchSize() {
        StuckSink gate = new StuckSink();
        RecordingSink sink = new RecordingSink(Set.of());
        // The first batch blocks until released, so the others pile up in the queue meanwhile.
        RecordBatchSink gated = new RecordBatchSink() {
            private boolean first = true;

            @Override
            public void write(List<QueryRecord> batch) throws Exception {
                if (first) {
                    first = false;
                    gate.entered.countDown();
                    gate.release.await();
                }
                sink.write(batch);
            }

            @Override
            public void close() {
                sink.close();
            }
        };
        AsyncRecordWriter writer = AsyncRecordWriter.start("test-writer", 100, 7, gated, registry);
        try {
            writer.offer(record("first"));
            awaitQuietly(gate.entered);
            for (int i = 0; i < 50; i++) {
                writer.offer(record("r" + i));
            }
            gate.release.countDown();
            assertThat(writer.flush(WAIT)).isTrue();
        } finally {
            writer.close(WAIT);
        }
        assertThat(sink.batchSizes).allSatisfy(size -> assertThat(size).isBetween(1, 7));
        assertThat(sink.batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(51);
        assertThat(sink.batchSizes).as("the piled-up records went in full batches").contains(7);
    }

    private static QueryRecord record(String id) {
        return TestRecords.minimal(id, T0);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Keeps what it is given, failing any batch that holds one of the poison ids. */
    private static final class RecordingSink implements RecordBatchSink {
        private final Set<String> poison;
        private final List<QueryRecord> written = new ArrayList<>();
        final List<Integer> batchSizes = new ArrayList<>();
        volatile boolean closed;

        RecordingSink(Set<String> poison) {
            this.poison = poison;
        }

        @Override
        public synchronized void write(List<QueryRecord> batch) throws SQLException {
            for (QueryRecord record : batch) {
                if (record.queryId().value().equals("poison-error")) {
                    throw new StackOverflowError("not an exception");
                }
                if (poison.contains(record.queryId().value())) {
                    throw new SQLException("IO Error: disk full");
                }
            }
            batchSizes.add(batch.size());
            written.addAll(batch);
        }

        synchronized List<QueryRecord> written() {
            return List.copyOf(written);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** A write that blocks until released (or interrupted), like a database call that hangs. */
    private static final class StuckSink implements RecordBatchSink {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void write(List<QueryRecord> batch) throws InterruptedException {
            entered.countDown();
            release.await();
        }

        @Override
        public void close() {}
    }
}
