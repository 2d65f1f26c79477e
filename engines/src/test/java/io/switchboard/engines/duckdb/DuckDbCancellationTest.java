package io.switchboard.engines.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.result.ResultStream;
import io.switchboard.core.result.RowBatch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cancellation and timeouts stop the DuckDB statement. Each engine here has one executor thread,
 * so a follow-up query only completes if the stopped statement really gave its thread back.
 */
final class DuckDbCancellationTest {
    /** A cross join of 10^12 pairs: hours of work unless it is interrupted. */
    private static final String ENDLESS_AGGREGATE =
            "SELECT count(*) FROM range(1000000) a(i), range(1000000) b(j) WHERE i + j = -1";
    private static final String ENDLESS_STREAM = "SELECT * FROM range(1000000000000)";
    private static final long BOUND_SECONDS = 60;

    @TempDir
    Path data;

    private DuckDbEngine engine;

    @BeforeEach
    void start() {
        engine = DuckDbTesting.engine(data, "executorThreads: 1\n");
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    @Test
    void interruptingTheWaitingThreadCancelsARunningStatement() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try (ResultStream stream = engine.execute(DuckDbTesting.query(ENDLESS_AGGREGATE))) {
                DuckDbTesting.drain(stream);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        awaitRunningTask();
        // What a frontend does when a client sends a cancel request while the query still executes.
        caller.interrupt();
        assertThat(caller.join(Duration.ofSeconds(BOUND_SECONDS))).as("the caller returned").isTrue();
        assertThat(failure.get()).isInstanceOfSatisfying(SwitchboardException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.QUERY_CANCELED);
            assertThat(e.sqlState()).contains("57014");
        });
        assertTheExecutorIsFree();
    }

    @Test
    void cancelFromAnotherThreadStopsAStreamBetweenBatches() throws Exception {
        try (ResultStream stream = engine.execute(DuckDbTesting.query(ENDLESS_STREAM))) {
            assertThat(stream.nextBatch()).isNotNull();
            Thread canceller = Thread.ofPlatform().start(stream::cancel);
            assertThat(canceller.join(Duration.ofSeconds(BOUND_SECONDS))).isTrue();
            assertThatThrownBy(stream::nextBatch).isInstanceOfSatisfying(SwitchboardException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.QUERY_CANCELED);
                assertThat(e.sqlState()).contains("57014");
            });
            assertThatThrownBy(stream::nextBatch).as("a canceled stream stays canceled")
                    .isInstanceOfSatisfying(SwitchboardException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.QUERY_CANCELED));
        }
        assertTheExecutorIsFree();
    }

    @Test
    void cancelIsIdempotentAndHarmlessAfterTheEnd() {
        try (ResultStream stream = engine.execute(DuckDbTesting.query("SELECT 1"))) {
            assertThat(DuckDbTesting.drain(stream)).hasSize(1);
            stream.cancel();
            stream.cancel();
        }
        assertThat(DuckDbTesting.single(engine, "SELECT 2")).isEqualTo(2);
    }

    @Test
    void aTimeoutCancelsARunningStatement() throws Exception {
        CompletableFuture<ResultStream> execution = CompletableFuture.supplyAsync(
                () -> engine.execute(DuckDbTesting.query(ENDLESS_AGGREGATE, Duration.ofMillis(300))),
                command -> Thread.ofVirtual().start(command));
        assertThatThrownBy(() -> execution.get(BOUND_SECONDS, TimeUnit.SECONDS))
                .hasCauseInstanceOf(SwitchboardException.class)
                .cause()
                .satisfies(cause -> {
                    SwitchboardException e = (SwitchboardException) cause;
                    assertThat(e.code()).isEqualTo(ErrorCode.QUERY_TIMEOUT);
                    assertThat(e.sqlState()).contains("57014");
                    assertThat(e.getMessage()).contains("timeout of 300 ms");
                });
        assertTheExecutorIsFree();
    }

    @Test
    void aTimeoutAlsoStopsAStreamThatIsBeingRead() throws Exception {
        SwitchboardException stopped = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        try (ResultStream stream = engine.execute(DuckDbTesting.query(ENDLESS_STREAM, Duration.ofMillis(300)))) {
            while (stopped == null && System.nanoTime() < deadline) {
                try {
                    RowBatch batch = stream.nextBatch();
                    assertThat(batch).isNotNull();
                } catch (SwitchboardException e) {
                    stopped = e;
                }
            }
        }
        assertThat(stopped).isNotNull();
        assertThat(stopped.code()).isEqualTo(ErrorCode.QUERY_TIMEOUT);
        assertTheExecutorIsFree();
    }

    @Test
    void aFinishedStreamIsNotTimedOutLater() throws Exception {
        try (ResultStream stream = engine.execute(DuckDbTesting.query("SELECT * FROM range(3)", Duration.ofMillis(200)))) {
            RowBatch batch = stream.nextBatch();
            assertThat(batch.size()).isEqualTo(3);
            assertThat(stream.nextBatch()).isNull();
            // The timer was stopped when the last row was read: after the timeout the end is still the end.
            Thread.sleep(400);
            assertThat(stream.nextBatch()).isNull();
        }
    }

    private void awaitRunningTask() throws InterruptedException {
        ThreadPoolExecutor executor = (ThreadPoolExecutor) engine.executor();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (executor.getActiveCount() == 0) {
            assertThat(System.nanoTime()).as("the query started").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private void assertTheExecutorIsFree() throws Exception {
        CompletableFuture<Object> next = CompletableFuture.supplyAsync(
                () -> DuckDbTesting.single(engine, "SELECT 42"), command -> Thread.ofVirtual().start(command));
        assertThat(next.get(BOUND_SECONDS, TimeUnit.SECONDS)).isEqualTo(42);
    }
}
