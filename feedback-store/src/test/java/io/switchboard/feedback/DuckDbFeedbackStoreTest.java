package io.switchboard.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.feedback.QueryRecord;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class DuckDbFeedbackStoreTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Instant T0 = Instant.parse("2026-11-21T05:42:00.123456Z");

    @TempDir
    Path directory;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void keepsEveryFieldOfARecord() {
        QueryRecord full = TestRecords.full("20261121_054200_00001_full1", T0);
        QueryRecord minimal = TestRecords.minimal("20261121_054200_00002_min01", T0.plusSeconds(1));
        try (DuckDbFeedbackStore store = open(100, 10)) {
            recordAndFlush(store, full, minimal);

            assertThat(store.findQuery(full.queryId().value())).contains(full);
            assertThat(store.findQuery(minimal.queryId().value())).contains(minimal);
            assertThat(store.findQuery("no-such-query")).isEmpty();
            assertThat(store.recentQueries(10)).containsExactly(minimal, full);
        }
        assertThat(counter(AsyncRecordWriter.WRITTEN)).isEqualTo(2);
        assertThat(counter(AsyncRecordWriter.FAILED)).isZero();
    }

    @Test
    void keepsStageTimingsInWalkOrder() {
        QueryRecord full = TestRecords.full("20261121_054200_00003_order", T0);
        try (DuckDbFeedbackStore store = open(100, 10)) {
            recordAndFlush(store, full);
            assertThat(store.findQuery(full.queryId().value()).orElseThrow().timings().micros().keySet())
                    .containsExactlyElementsOf(full.timings().micros().keySet());
        }
    }

    @Test
    void listsRecentQueriesNewestFirstUpToTheLimit() {
        try (DuckDbFeedbackStore store = open(100, 3)) {
            // Recorded out of order: a query that started earlier may finish later.
            for (int second : new int[] {5, 1, 9, 3, 7}) {
                store.record(TestRecords.minimal("q" + second, T0.plusSeconds(second)));
            }
            assertThat(store.flush(WAIT)).isTrue();

            assertThat(store.recentQueries(3)).extracting(record -> record.queryId().value()).containsExactly("q9", "q7", "q5");
            assertThat(store.recentQueries(100)).hasSize(5);
            assertThat(store.recentQueries(0)).isEmpty();
        }
    }

    @Test
    void restartKeepsRecordsAndAppliesMigrationsOnce() throws SQLException {
        QueryRecord full = TestRecords.full("20261121_054200_00004_keep1", T0);
        try (DuckDbFeedbackStore store = open(100, 10)) {
            recordAndFlush(store, full);
        }
        List<String> migrationsAfterFirstStart = migrations();
        assertThat(migrationsAfterFirstStart).hasSize(SchemaMigrator.SCRIPTS.size());
        assertThat(migrationsAfterFirstStart.get(0)).startsWith("1|query records|");

        try (DuckDbFeedbackStore store = open(100, 10)) {
            assertThat(store.findQuery(full.queryId().value())).contains(full);
            QueryRecord second = TestRecords.minimal("20261121_054200_00005_keep2", T0.plusSeconds(1));
            recordAndFlush(store, second);
            assertThat(store.recentQueries(10)).containsExactly(second, full);
        }
        // Same rows, same applied_at: nothing ran again.
        assertThat(migrations()).isEqualTo(migrationsAfterFirstStart);
        // V3 dropped V1's ART indexes: DuckDB rewrote them whole at every checkpoint.
        assertThat(indexes()).isEmpty();
    }

    @Test
    void findsRecordsByIdWithoutAnIndex() {
        // Ids of Switchboard's own form are looked up near the second they name; others anywhere.
        QueryRecord early = TestRecords.minimal("20261121_054200_00011_early", T0);
        QueryRecord sameSecond = TestRecords.minimal("20261121_054200_00012_twins", T0.plusMillis(500));
        QueryRecord hourLater = TestRecords.full("20261121_064200_00013_later", T0.plusSeconds(3_600));
        QueryRecord nextDay = TestRecords.minimal("20261122_054200_00014_tomor", T0.plusSeconds(86_400));
        QueryRecord foreign = TestRecords.minimal("a-client's-own-id", T0.plusSeconds(7_200));
        try (DuckDbFeedbackStore store = open(100, 2)) {
            recordAndFlush(store, early, sameSecond, hourLater, nextDay, foreign);

            for (QueryRecord record : List.of(early, sameSecond, hourLater, nextDay, foreign)) {
                assertThat(store.findQuery(record.queryId().value())).contains(record);
            }
            assertThat(store.findQuery("20261121_054200_00099_nope2")).isEmpty();
            assertThat(store.findQuery("20261121_054200")).isEmpty();
        }
    }

    @Test
    void aDatabaseOfTheSecondSchemaLosesItsIndexesAndKeepsItsRecords() throws SQLException {
        QueryRecord kept = TestRecords.full("20261121_054200_00021_older", T0);
        try (DuckDbFeedbackStore store = open(100, 10)) {
            recordAndFlush(store, kept);
        }
        // Back to what V1 and V2 left: their indexes, and no V3 in the history.
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE INDEX query_records_fingerprint ON query_records (fingerprint)");
            statement.execute("CREATE INDEX query_records_query_id ON query_records (query_id)");
            statement.execute("DELETE FROM schema_migrations WHERE version = 3");
        }
        assertThat(indexes()).hasSize(2);

        try (DuckDbFeedbackStore store = open(100, 10)) {
            assertThat(store.findQuery(kept.queryId().value())).contains(kept);
        }
        assertThat(indexes()).isEmpty();
        assertThat(migrations()).hasSize(3).last().asString().startsWith("3|drop art indexes|");
    }

    @Test
    void closeWritesWhatIsStillQueued() {
        int count = 2_000;
        try (DuckDbFeedbackStore store = open(count, 50)) {
            for (int i = 0; i < count; i++) {
                store.record(TestRecords.minimal("drain-" + i, T0.plusMillis(i)));
            }
            // no flush: close must drain
        }
        try (DuckDbFeedbackStore store = open(10, 10)) {
            assertThat(store.recentQueries(count + 1)).hasSize(count);
        }
    }

    @Test
    void floodingATinyQueueNeverBlocksAndCountsEveryDrop() throws InterruptedException {
        int threads = 8;
        int perThread = 2_000;
        try (DuckDbFeedbackStore store = open(1, 500)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> producers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int producer = t;
                producers.add(Thread.ofPlatform().start(() -> {
                    awaitQuietly(start);
                    for (int i = 0; i < perThread; i++) {
                        store.record(TestRecords.minimal("flood-" + producer + "-" + i, T0.plusMillis(i)));
                    }
                }));
            }
            start.countDown();
            for (Thread producer : producers) {
                producer.join(WAIT);
                assertThat(producer.isAlive()).as("record() returned for every record").isFalse();
            }
            assertThat(store.flush(WAIT)).isTrue();

            int submitted = threads * perThread;
            int stored = store.recentQueries(submitted).size();
            double written = counter(AsyncRecordWriter.WRITTEN);
            double dropped = registry.get(AsyncRecordWriter.DROPPED).tag("reason", "queue_full").counter().count();
            assertThat(written).isEqualTo(stored);
            assertThat(written + dropped).isEqualTo(submitted);
            assertThat(dropped).as("a queue of one cannot keep up with eight producers").isPositive();
            assertThat(counter(AsyncRecordWriter.FAILED)).isZero();
        }
    }

    @Test
    void countsRecordsOfferedAfterClose() {
        DuckDbFeedbackStore store = open(10, 10);
        store.close();
        store.record(TestRecords.minimal("late", T0));
        assertThat(registry.get(AsyncRecordWriter.DROPPED).tag("reason", "closed").counter().count()).isEqualTo(1);
        assertThatThrownBy(() -> store.recentQueries(1)).isInstanceOf(SwitchboardException.class).hasMessageContaining("closed");
    }

    @Test
    void publishesQueueDepthWhileOpen() {
        try (DuckDbFeedbackStore store = open(10, 10)) {
            recordAndFlush(store, TestRecords.minimal("depth", T0));
            assertThat(registry.get(AsyncRecordWriter.QUEUE_DEPTH).gauge().value()).as("drained").isZero();
        }
        assertThat(registry.find(AsyncRecordWriter.QUEUE_DEPTH).gauge()).as("removed on close").isNull();
    }

    @Test
    void refusesADatabaseWithANewerSchema() throws SQLException {
        try (DuckDbFeedbackStore store = open(10, 10)) {
            assertThat(store.file()).exists();
        }
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file());
                Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO schema_migrations (version, description) VALUES (99, 'from the future')");
        }
        assertThatThrownBy(() -> open(10, 10))
                .isInstanceOf(SwitchboardException.class)
                .hasMessageContaining("schema version 99")
                .satisfies(e -> assertThat(((SwitchboardException) e).code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION));
    }

    /** Hands the records to the store and waits until they are written. */
    private static void recordAndFlush(DuckDbFeedbackStore store, QueryRecord... records) {
        for (QueryRecord record : records) {
            store.record(record);
        }
        assertThat(store.flush(WAIT)).isTrue();
    }

    private DuckDbFeedbackStore open(int queueCapacity, int batchSize) {
        return DuckDbFeedbackStore.open(new DuckDbFeedbackStoreConfig(file(), queueCapacity, batchSize), registry);
    }

    private Path file() {
        return directory.resolve("nested/feedback.duckdb");
    }

    private double counter(String name) {
        return registry.get(name).counter().count();
    }

    private List<String> migrations() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file());
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(
                        "SELECT version, description, epoch_us(applied_at) FROM schema_migrations ORDER BY version")) {
            while (result.next()) {
                rows.add(result.getInt(1) + "|" + result.getString(2) + "|" + result.getLong(3));
            }
        }
        return rows;
    }

    private List<String> indexes() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file());
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT index_name FROM duckdb_indexes() WHERE table_name = 'query_records'")) {
            while (result.next()) {
                names.add(result.getString(1));
            }
        }
        return names;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
