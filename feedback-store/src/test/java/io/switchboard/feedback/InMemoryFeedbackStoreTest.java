package io.switchboard.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.feedback.QueryRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class InMemoryFeedbackStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-21T05:42:00Z");

    @Test
    void keepsOnlyTheNewestRecords() {
        try (InMemoryFeedbackStore store = new InMemoryFeedbackStore(10)) {
            for (int i = 0; i < 25; i++) {
                store.record(TestRecords.minimal("q" + i, T0.plusSeconds(i)));
            }
            List<QueryRecord> recent = store.recentQueries(100);
            assertThat(recent).hasSize(10);
            assertThat(recent).extracting(r -> r.queryId().value())
                    .containsExactly("q24", "q23", "q22", "q21", "q20", "q19", "q18", "q17", "q16", "q15");
            assertThat(store.findQuery("q14")).as("evicted").isEmpty();
            assertThat(store.findQuery("q15")).isPresent();
        }
    }

    @Test
    void staysBoundedUnderConcurrentRecording() throws InterruptedException {
        try (InMemoryFeedbackStore store = new InMemoryFeedbackStore(100)) {
            List<Thread> producers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int producer = t;
                producers.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 5_000; i++) {
                        store.record(TestRecords.minimal("p" + producer + "-" + i, T0.plusMillis(i)));
                    }
                }));
            }
            for (Thread producer : producers) {
                producer.join(30_000);
                assertThat(producer.isAlive()).isFalse();
            }
            assertThat(store.recentQueries(10_000)).hasSize(100);
        }
    }

    @Test
    void keepsRecordsWhole() {
        QueryRecord full = TestRecords.full("full", T0);
        try (InMemoryFeedbackStore store = new InMemoryFeedbackStore(5)) {
            store.record(full);
            store.record(TestRecords.minimal("later", T0.plusSeconds(1)));
            assertThat(store.findQuery("full")).contains(full);
            assertThat(store.recentQueries(1)).extracting(r -> r.queryId().value()).containsExactly("later");
            assertThat(store.flush(java.time.Duration.ZERO)).isTrue();
        }
    }
}
