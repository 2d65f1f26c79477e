package io.switchboard.engines.duckdb;

import io.switchboard.core.engine.EngineQuery;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.result.Column;
import io.switchboard.core.result.ResultStream;
import io.switchboard.core.result.RowBatch;
import io.switchboard.core.types.DataType;
import io.switchboard.engines.Termination;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One statement running on a DuckDB cluster, read batch by batch.
 *
 * <p>Every JDBC call runs on the cluster's executor of platform threads, one task at a time per
 * stream: opening and executing, then one task per {@link #nextBatch()} that reads up to
 * {@code batchSize} rows, then releasing. Between batches the stream holds no thread, so a few
 * executor threads serve many streams and a slow client costs no thread. The consumer waits for
 * its one batch in flight, which bounds memory to a batch per stream.
 *
 * <p>{@link #cancel()} and the timeout set a termination flag that the reading task checks at
 * every row, and interrupt the DuckDB statement while it executes. DuckDB's JDBC driver only
 * interrupts a statement that is executing; a chunk fetch already under way finishes first, so a
 * cancel takes effect at the next chunk (2048 rows) at the latest.
 */
final class DuckDbResultStream implements ResultStream {
    private static final Logger log = LoggerFactory.getLogger(DuckDbResultStream.class);
    private static final long REINTERRUPT_MILLIS = 100;

    private final DuckDbEngine engine;
    private final EngineQuery query;
    private final int batchSize;
    private final AtomicReference<Termination> termination = new AtomicReference<>();
    private final AtomicBoolean released = new AtomicBoolean();

    // JDBC objects belong to the stream's executor tasks, which never overlap; cancel reads the statement.
    private DuckDBConnection connection;
    private volatile Statement statement;
    private volatile boolean executing;
    private ResultSet resultSet;
    private DuckDbValues.ColumnReader[] readers;

    private volatile List<Column> columns = List.of();
    private volatile long updateCount = -1;
    private volatile boolean exhausted;
    private volatile CompletableFuture<?> lastTask = CompletableFuture.completedFuture(null);
    private volatile ScheduledFuture<?> timeoutTask;
    private SwitchboardException failure;
    private boolean closed;

    private DuckDbResultStream(DuckDbEngine engine, EngineQuery query, int batchSize) {
        this.engine = engine;
        this.query = query;
        this.batchSize = batchSize;
    }

    /** Starts the statement and returns once its columns (or its update count) are known. */
    static DuckDbResultStream start(DuckDbEngine engine, EngineQuery query, int batchSize) {
        DuckDbResultStream stream = new DuckDbResultStream(engine, query, batchSize);
        engine.register(stream);
        try {
            if (!query.timeout().isZero()) {
                stream.timeoutTask = engine.canceller().schedule(
                        () -> stream.terminate(Termination.TIMED_OUT), query.timeout().toNanos(), TimeUnit.NANOSECONDS);
            }
            stream.await(stream.submit(stream::openAndExecute));
            return stream;
        } catch (RuntimeException | Error e) {
            stream.close();
            throw e;
        }
    }

    @Override
    public List<Column> columns() {
        return columns;
    }

    @Override
    public long updateCount() {
        return updateCount;
    }

    @Override
    public RowBatch nextBatch() {
        if (closed) {
            throw new IllegalStateException("the result stream of query " + query.queryId() + " is closed");
        }
        if (failure != null) {
            throw failure;
        }
        if (exhausted) {
            // Every row was read: a cancel or timeout that came afterwards had nothing left to stop.
            return null;
        }
        if (termination.get() != null) {
            failure = terminationError(null);
            throw failure;
        }
        try {
            return await(submit(this::readBatch));
        } catch (SwitchboardException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public void cancel() {
        terminate(Termination.CANCELED);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        cancelTimeout();
        if (!exhausted) {
            // Stops a task the consumer stopped waiting for (an interrupted wait) as soon as it can.
            terminate(Termination.CANCELED);
        }
        scheduleRelease();
    }

    /** Called by the engine when it closes: stops the statement without waiting. */
    void terminate(Termination reason) {
        if (termination.compareAndSet(null, reason)) {
            // The interrupt runs on the canceller thread: cancel() may be called from an event loop
            // that must not block, and JNI calls stay off virtual threads.
            runOnCanceller(this::interruptWhileExecuting, 0);
        }
    }

    /** Completes a task that will never run because the engine stopped its executor. */
    void abandon() {
        lastTask.completeExceptionally(terminationError(null));
    }

    /** Releases the JDBC resources once the stream's last task is done. */
    void scheduleRelease() {
        lastTask.whenComplete((result, error) -> {
            try {
                engine.executor().execute(this::release);
            } catch (RejectedExecutionException e) {
                // The engine is closing; it releases what is left once its executor stopped.
            }
        });
    }

    // ---- executor tasks -------------------------------------------------------------------

    private Void openAndExecute() {
        try {
            checkTermination(null);
            connection = engine.newConnection();
            boolean returnsRows;
            try {
                returnsRows = execute();
            } catch (SQLException e) {
                checkTermination(e);
                if (!DuckDbErrors.LOST_STREAMING_ERROR.equals(e.getMessage())) {
                    throw DuckDbErrors.translate(e);
                }
                returnsRows = executeWithoutStreaming();
            }
            if (returnsRows) {
                resultSet = statement.getResultSet();
                describeColumns(resultSet.getMetaData());
            } else {
                updateCount = statement.getUpdateCount();
                exhausted = true;
                cancelTimeout();
                release();
            }
            return null;
        } catch (SQLException e) {
            checkTermination(e);
            throw DuckDbErrors.translate(e);
        }
    }

    private boolean execute() throws SQLException {
        statement = connection.createStatement();
        executing = true;
        try {
            checkTermination(null);
            return statement.execute(query.sql());
        } finally {
            executing = false;
        }
    }

    /**
     * DuckDB's driver loses the message of an error that a streamed query raises before its first
     * chunk and reports "Invalid result set" instead. The statement failed, so in auto-commit it
     * changed nothing; running it once more with streaming off for this connection only (a
     * session setting, and the connection is the query's own) yields DuckDB's real error, or, if
     * it now succeeds, a correct result that the driver holds in memory.
     */
    private boolean executeWithoutStreaming() throws SQLException {
        statement.close();
        try (Statement setting = connection.createStatement()) {
            setting.execute("SET SESSION jdbc_stream_results = false");
        }
        return execute();
    }

    private void describeColumns(ResultSetMetaData metaData) throws SQLException {
        int count = metaData.getColumnCount();
        List<Column> described = new ArrayList<>(count);
        DuckDbValues.ColumnReader[] columnReaders = new DuckDbValues.ColumnReader[count];
        for (int i = 1; i <= count; i++) {
            DataType type = DuckDbTypes.parse(metaData.getColumnTypeName(i));
            described.add(new Column(metaData.getColumnLabel(i), type));
            columnReaders[i - 1] = DuckDbValues.readerFor(type);
        }
        readers = columnReaders;
        columns = List.copyOf(described);
    }

    private RowBatch readBatch() {
        List<Object[]> rows = new ArrayList<>(Math.min(batchSize, 4096));
        int width = readers.length;
        try {
            while (rows.size() < batchSize) {
                checkTermination(null);
                if (!resultSet.next()) {
                    exhausted = true;
                    break;
                }
                Object[] row = new Object[width];
                for (int i = 0; i < width; i++) {
                    row[i] = readers[i].read(resultSet, i + 1);
                }
                rows.add(row);
            }
        } catch (SQLException e) {
            checkTermination(e);
            throw DuckDbErrors.translate(e);
        }
        if (exhausted) {
            // Free DuckDB's side now rather than when the consumer gets round to closing.
            cancelTimeout();
            release();
        }
        return rows.isEmpty() ? null : new RowBatch(rows);
    }

    private void release() {
        if (!released.compareAndSet(false, true)) {
            return;
        }
        cancelTimeout();
        closeQuietly(resultSet);
        closeQuietly(statement);
        closeQuietly(connection);
        resultSet = null;
        connection = null;
        engine.unregister(this);
    }

    /** For the engine, once its executor stopped: releases on the calling thread. */
    void releaseNow() {
        release();
    }

    // ---- helpers ----------------------------------------------------------------------------

    private <T> CompletableFuture<T> submit(Callable<T> work) {
        CompletableFuture<T> future = new CompletableFuture<>();
        lastTask = future;
        try {
            engine.executor().execute(() -> {
                if (future.isDone()) {
                    return;
                }
                try {
                    future.complete(work.call());
                } catch (Throwable t) {
                    future.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(engine.closedError());
        }
        return future;
    }

    private <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            cancel();
            Thread.currentThread().interrupt();
            throw new SwitchboardException(ErrorCode.QUERY_CANCELED,
                    "Query " + query.queryId() + " was canceled: its thread was interrupted", "57014", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SwitchboardException switchboard) {
                throw switchboard;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw SwitchboardException.wrap(cause, ErrorCode.INTERNAL);
        }
    }

    private void checkTermination(SQLException cause) {
        if (termination.get() != null) {
            throw terminationError(cause);
        }
    }

    private SwitchboardException terminationError(Throwable cause) {
        return Termination.error(termination.get(), query, query.queryId().value(), "", engine.closedError().getMessage(), cause);
    }

    private void interruptWhileExecuting() {
        Statement current = statement;
        if (current == null || !executing) {
            return;
        }
        try {
            current.cancel();
        } catch (SQLException | RuntimeException e) {
            log.debug("Interrupting query {} failed", query.queryId(), e);
        }
        // The driver ignores an interrupt that arrives just before the statement takes its lock;
        // trying again until the statement stops closes that gap.
        runOnCanceller(this::interruptWhileExecuting, REINTERRUPT_MILLIS);
    }

    private void runOnCanceller(Runnable action, long delayMillis) {
        try {
            engine.canceller().schedule(action, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // The engine is closed; its shutdown stops what is still running.
        }
    }

    private void cancelTimeout() {
        ScheduledFuture<?> task = timeoutTask;
        if (task != null) {
            task.cancel(false);
        }
    }

    private void closeQuietly(AutoCloseable resource) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (Exception e) {
            log.debug("Closing a JDBC resource of query {} failed", query.queryId(), e);
        }
    }
}
