package io.switchboard.engines.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.engine.Engine;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.result.ResultStream;
import io.switchboard.engines.testing.EngineTesting;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Cancels, interrupts and timeouts stop the statement in PostgreSQL itself, as its own list of
 * running statements ({@code pg_stat_activity}) shows.
 */
// Bounded: a cancel that never arrives must fail the test, not hang the build on a 60 s sleep per row.
@Timeout(value = 2, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class PostgresCancellationTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);

    private Engine engine;

    @BeforeAll
    void start() {
        engine = PostgresTesting.tpchEngine("batchSize: 100\npoolSize: 2\n");
    }

    @AfterAll
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void interruptingTheCallerCancelsAnExecutingStatement() throws Exception {
        String marker = "interrupt-" + UUID.randomUUID();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try (ResultStream stream = engine.execute(EngineTesting.query("SELECT pg_sleep(60), '" + marker + "'"))) {
                EngineTesting.drain(stream);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        EngineTesting.awaitTrue("the statement to run in PostgreSQL", LIMIT,
                () -> PostgresTesting.sessionsRunning(marker, "active") == 1);
        caller.interrupt();
        assertThat(caller.join(LIMIT)).isTrue();
        assertThat(failure.get()).isInstanceOfSatisfying(SwitchboardException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.QUERY_CANCELED));
        EngineTesting.awaitTrue("PostgreSQL to stop the statement", LIMIT,
                () -> PostgresTesting.sessionsRunning(marker, "active", "idle in transaction") == 0);
    }

    @Test
    void cancelStopsAFetchThatIsRunning() throws Exception {
        String marker = "cancel-" + UUID.randomUUID();
        // The first batch (100 rows) comes at once: the 50 kB of rows behind it push it out of PostgreSQL's
        // send buffer. Row 151 sleeps in PostgreSQL, so the second batch waits for it.
        ResultStream stream = engine.execute(EngineTesting.query("SELECT g, CASE WHEN g > 150 THEN pg_sleep(60) END, repeat('x', 1000), '"
                + marker + "' FROM generate_series(1, 200) AS g"));
        try {
            assertThat(stream.nextBatch().size()).isEqualTo(100);
            CompletableFuture<Object> secondBatch = CompletableFuture.supplyAsync(stream::nextBatch);
            EngineTesting.awaitTrue("the second fetch to run in PostgreSQL", LIMIT,
                    () -> PostgresTesting.sessionsRunning(marker, "active") == 1);
            stream.cancel();
            assertThatThrownBy(() -> secondBatch.get(LIMIT.toSeconds(), TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SwitchboardException.class)
                    .cause().satisfies(e -> assertThat(((SwitchboardException) e).code()).isEqualTo(ErrorCode.QUERY_CANCELED));
        } finally {
            stream.close();
        }
        EngineTesting.awaitTrue("PostgreSQL to stop the statement", LIMIT,
                () -> PostgresTesting.sessionsRunning(marker, "active", "idle in transaction") == 0);
    }

    @Test
    void cancelBetweenBatchesStopsTheStatement() {
        String marker = "between-" + UUID.randomUUID();
        try (ResultStream stream = engine.execute(EngineTesting.query(
                "SELECT g, '" + marker + "' FROM generate_series(1, 10000000) AS g"))) {
            stream.nextBatch();
            assertThat(PostgresTesting.sessionsRunning(marker, "active")).isEqualTo(1);
            stream.cancel();
            assertThatThrownBy(stream::nextBatch).isInstanceOfSatisfying(SwitchboardException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.QUERY_CANCELED));
        }
        EngineTesting.awaitTrue("PostgreSQL to end the statement", LIMIT,
                () -> PostgresTesting.sessionsRunning(marker, "active", "idle in transaction") == 0);
    }

    @Test
    void aTimeoutCancelsTheStatement() {
        String marker = "timeout-" + UUID.randomUUID();
        assertThatThrownBy(() -> {
            try (ResultStream stream = engine.execute(EngineTesting.query(
                    "SELECT pg_sleep(60), '" + marker + "'", Duration.ofMillis(500)))) {
                EngineTesting.drain(stream);
            }
        }).isInstanceOfSatisfying(SwitchboardException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.QUERY_TIMEOUT);
            assertThat(e.getMessage()).contains("timeout of 500 ms");
        });
        EngineTesting.awaitTrue("PostgreSQL to stop the statement", LIMIT,
                () -> PostgresTesting.sessionsRunning(marker, "active", "idle in transaction") == 0);
    }

    @Test
    void closingEarlyKeepsTheConnectionButCancelingDiscardsIt() {
        try (Engine single = PostgresTesting.tpchEngine("batchSize: 10\npoolSize: 1\nminimumIdle: 1\n")) {
            Object backend = EngineTesting.single(single, "SELECT pg_backend_pid()");
            try (ResultStream stream = single.execute(EngineTesting.query("SELECT g FROM generate_series(1, 1000) AS g"))) {
                stream.nextBatch();
            }
            // Closed early with little left: the rest was read and the connection kept.
            assertThat(EngineTesting.single(single, "SELECT pg_backend_pid()")).isEqualTo(backend);
            assertThat(EngineTesting.single(single, "SELECT current_setting('transaction_isolation') IS NOT NULL")).isEqualTo(true);
            try (ResultStream stream = single.execute(EngineTesting.query("SELECT g FROM generate_series(1, 1000) AS g"))) {
                stream.nextBatch();
                stream.cancel();
            }
            // A cancel request may still reach the old connection, so it was thrown away.
            assertThat(EngineTesting.single(single, "SELECT pg_backend_pid()")).isNotEqualTo(backend);
        }
    }
}
