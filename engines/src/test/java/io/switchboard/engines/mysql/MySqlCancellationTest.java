package io.switchboard.engines.mysql;

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
 * Cancels, interrupts and timeouts stop the statement in MariaDB itself, as its own list of
 * running statements ({@code information_schema.processlist}) shows.
 */
// Bounded: a cancel that never arrives must fail the test, not hang the build on a 60 s sleep per row.
@Timeout(value = 2, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class MySqlCancellationTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);

    private Engine engine;

    @BeforeAll
    void start() {
        engine = MariaDbTesting.tpchEngine("batchSize: 100\npoolSize: 2\n");
    }

    @AfterAll
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void interruptingTheCallerKillsAnExecutingStatement() {
        String marker = "interrupt-" + UUID.randomUUID();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try (ResultStream stream = engine.execute(EngineTesting.query("SELECT SLEEP(60), '" + marker + "'"))) {
                EngineTesting.drain(stream);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        EngineTesting.awaitTrue("the statement to run in MariaDB", LIMIT, () -> MariaDbTesting.statementsRunning(marker) == 1);
        caller.interrupt();
        try {
            assertThat(caller.join(LIMIT)).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(failure.get()).isInstanceOfSatisfying(SwitchboardException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.QUERY_CANCELED));
        EngineTesting.awaitTrue("MariaDB to stop the statement", LIMIT, () -> MariaDbTesting.statementsRunning(marker) == 0);
    }

    @Test
    void cancelKillsAStatementWhileRowsStream() {
        String marker = "cancel-" + UUID.randomUUID();
        // The first 150 rows come at once (wide enough to fill MariaDB's network buffer, which it
        // sends only when full); the rows after them sleep in MariaDB.
        ResultStream stream = engine.execute(EngineTesting.query(
                "SELECT seq, REPEAT('x', 2000), IF(seq > 150, SLEEP(60), 0), '" + marker + "' FROM seq_1_to_200"));
        try {
            assertThat(stream.nextBatch().size()).isEqualTo(100);
            CompletableFuture<Object> secondBatch = CompletableFuture.supplyAsync(stream::nextBatch);
            EngineTesting.awaitTrue("the statement to run in MariaDB", LIMIT, () -> MariaDbTesting.statementsRunning(marker) == 1);
            stream.cancel();
            assertThatThrownBy(() -> secondBatch.get(LIMIT.toSeconds(), TimeUnit.SECONDS))
                    .cause().isInstanceOfSatisfying(SwitchboardException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.QUERY_CANCELED));
        } finally {
            stream.close();
        }
        EngineTesting.awaitTrue("MariaDB to stop the statement", LIMIT, () -> MariaDbTesting.statementsRunning(marker) == 0);
    }

    @Test
    void closingAnUnfinishedStreamKillsItsStatement() {
        String marker = "close-" + UUID.randomUUID();
        try (ResultStream stream = engine.execute(EngineTesting.query(
                "SELECT seq, '" + marker + "' FROM seq_1_to_50000000"))) {
            stream.nextBatch();
            assertThat(MariaDbTesting.statementsRunning(marker)).isEqualTo(1);
        }
        EngineTesting.awaitTrue("MariaDB to stop the statement", LIMIT, () -> MariaDbTesting.statementsRunning(marker) == 0);
    }

    @Test
    void aTimeoutKillsTheStatement() {
        String marker = "timeout-" + UUID.randomUUID();
        assertThatThrownBy(() -> {
            try (ResultStream stream = engine.execute(EngineTesting.query(
                    "SELECT SLEEP(60), '" + marker + "'", Duration.ofMillis(500)))) {
                EngineTesting.drain(stream);
            }
        }).isInstanceOfSatisfying(SwitchboardException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.QUERY_TIMEOUT);
            assertThat(e.getMessage()).contains("timeout of 500 ms");
        });
        EngineTesting.awaitTrue("MariaDB to stop the statement", LIMIT, () -> MariaDbTesting.statementsRunning(marker) == 0);
    }
}
