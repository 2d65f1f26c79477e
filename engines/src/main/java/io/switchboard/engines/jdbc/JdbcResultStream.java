package io.switchboard.engines.jdbc;

import io.switchboard.core.engine.EngineQuery;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.result.Column;
import io.switchboard.core.result.ResultStream;
import io.switchboard.core.result.RowBatch;
import io.switchboard.core.types.DataType;
import io.switchboard.engines.Termination;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One statement running on a JDBC cluster, read batch by batch.
 *
 * <p>The statement executes on a virtual thread of the engine while {@link #start} waits, so an
 * interrupt of the waiting thread can cancel it on the server. Batches are read on the
 * consumer's thread: with PostgreSQL each batch is one cursor fetch of {@code batchSize} rows,
 * with MySQL the driver streams rows off the socket. Memory stays at one batch per stream.
 *
 * <p>Ending early — {@link #cancel()}, the timeout, the engine closing, or {@link #close()} before
 * the last row — stops the statement on the server (through the flavor:
 * PostgreSQL's cancel request, MySQL's {@code KILL QUERY}) and throws the connection away
 * rather than returning it to the pool, because a cancel may still be on its way to it. Only a
 * PostgreSQL stream closed between fetches keeps its connection: its portal closes and its
 * transaction rolls back, and nothing else is in flight.
 */
final class JdbcResultStream implements ResultStream {
    private static final Logger log = LoggerFactory.getLogger(JdbcResultStream.class);

    private final JdbcEngine engine;
    private final JdbcEngineFlavor flavor;
    private final EngineQuery query;
    private final int batchSize;
    private final AtomicReference<Termination> termination = new AtomicReference<>();
    private final AtomicBoolean released = new AtomicBoolean();

    // Owned by the execution task, then by the consumer thread; never by both at once.
    private Connection connection;
    private ResultSet resultSet;
    private JdbcEngineFlavor.ColumnReader[] readers;
    private boolean transactionOpen;
    private boolean finishedCleanly;

    private volatile Statement statement;
    /** The statement's connection, published with the statement for cancels from other threads. */
    private volatile Connection cancelTarget;
    private volatile boolean cancelSent;
    private volatile boolean exhausted;
    private volatile List<Column> columns = List.of();
    private volatile long updateCount = -1;
    private volatile CompletableFuture<Void> execution = CompletableFuture.completedFuture(null);
    private volatile ScheduledFuture<?> timeoutTask;
    private SwitchboardException failure;
    private boolean closed;

    private JdbcResultStream(JdbcEngine engine, EngineQuery query) {
        this.engine = engine;
        this.flavor = engine.flavor();
        this.query = query;
        this.batchSize = engine.batchSize();
    }

    /** Starts the statement and returns once its columns (or its update count) are known. */
    static JdbcResultStream start(JdbcEngine engine, EngineQuery query) {
        JdbcResultStream stream = new JdbcResultStream(engine, query);
        engine.register(stream);
        try {
            if (!query.timeout().isZero()) {
                stream.timeoutTask = engine.timers().schedule(() -> stream.terminate(Termination.TIMED_OUT),
                        query.timeout().toNanos(), TimeUnit.NANOSECONDS);
            }
            CompletableFuture<Void> execution = new CompletableFuture<>();
            stream.execution = execution;
            try {
                engine.statements().execute(() -> {
                    try {
                        stream.openAndExecute();
                        execution.complete(null);
                    } catch (Throwable t) {
                        execution.completeExceptionally(t);
                    }
                });
            } catch (RejectedExecutionException e) {
                execution.completeExceptionally(engine.closedError());
            }
            stream.await(execution);
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
        try {
            checkTermination(null);
            return readBatch();
        } catch (SwitchboardException e) {
            failure = e;
            throw e;
        }
    }

    /** True once the last row was read: the next call returns null at once. */
    @Override
    public boolean exhausted() {
        return exhausted && failure == null && !closed;
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
        if (!execution.isDone() || (!exhausted && flavor.discardUnfinishedConnections())) {
            // Still executing, or an unread MySQL stream the server is still sending: stop it there.
            terminate(Termination.CANCELED);
        }
        execution.whenComplete((ignored, error) -> release());
    }

    /** Stops the statement on the server, without blocking the caller. Does nothing once every row was read. */
    void terminate(Termination reason) {
        if (exhausted || !termination.compareAndSet(null, reason)) {
            return;
        }
        // Read after the flag is set; the execution task sets the statement before checking the
        // flag, so one of the two always sees the other and no cancel is lost.
        Statement current = statement;
        Connection target = cancelTarget;
        if (current != null) {
            cancelSent = true;
            engine.runAsync(() -> {
                try {
                    flavor.cancel(target, current, engine::openSideConnection);
                } catch (SQLException | RuntimeException e) {
                    log.debug("Canceling query {} failed", query.queryId(), e);
                }
            });
        }
    }

    // ---- execution (on a virtual thread of the engine) ------------------------------------

    private void openAndExecute() {
        try {
            checkTermination(null);
            connection = engine.borrowConnection();
            Statement created = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            transactionOpen = flavor.prepareForStreaming(connection, created, query.sql(), batchSize);
            cancelTarget = connection;
            statement = created;
            checkTermination(null);
            boolean returnsRows = created.execute(query.sql());
            // MySQL's SLEEP() answers normally when killed: the flag, not the answer, tells.
            checkTermination(null);
            if (returnsRows) {
                resultSet = created.getResultSet();
                describeColumns(resultSet.getMetaData());
            } else {
                updateCount = created.getUpdateCount();
                finish();
            }
        } catch (SQLException e) {
            checkTermination(e);
            throw engine.translate(e);
        }
    }

    private void describeColumns(ResultSetMetaData metaData) throws SQLException {
        int count = metaData.getColumnCount();
        List<Column> described = new ArrayList<>(count);
        JdbcEngineFlavor.ColumnReader[] columnReaders = new JdbcEngineFlavor.ColumnReader[count];
        for (int i = 1; i <= count; i++) {
            DataType type = flavor.columnType(metaData, i);
            described.add(new Column(metaData.getColumnLabel(i), type));
            columnReaders[i - 1] = flavor.readerFor(type);
        }
        readers = columnReaders;
        columns = List.copyOf(described);
    }

    // ---- reading (on the consumer's thread) -------------------------------------------------

    private RowBatch readBatch() {
        List<Object[]> rows = new ArrayList<>(Math.min(batchSize, 4096));
        int width = readers.length;
        try {
            while (rows.size() < batchSize) {
                if (!resultSet.next()) {
                    finish();
                    break;
                }
                Object[] row = new Object[width];
                for (int i = 0; i < width; i++) {
                    row[i] = readers[i].read(resultSet, i + 1);
                }
                rows.add(row);
                if (termination.get() != null) {
                    checkTermination(null);
                }
            }
        } catch (SQLException e) {
            if (Thread.currentThread().isInterrupted()) {
                terminate(Termination.CANCELED);
            }
            checkTermination(e);
            throw engine.translate(e);
        }
        return rows.isEmpty() ? null : new RowBatch(rows);
    }

    /** The last row was read: commit what the statement did and give the connection back. */
    private void finish() throws SQLException {
        exhausted = true;
        cancelTimeout();
        if (resultSet != null) {
            resultSet.close();
        }
        statement.close();
        if (transactionOpen) {
            connection.commit();
        }
        finishedCleanly = true;
        release();
    }

    private void release() {
        if (!released.compareAndSet(false, true)) {
            return;
        }
        cancelTimeout();
        engine.unregister(this);
        Connection current = connection;
        connection = null;
        if (current == null) {
            return;
        }
        if (finishedCleanly) {
            closeQuietly(current);
        } else if (cancelSent || flavor.discardUnfinishedConnections()) {
            engine.discard(current);
        } else {
            // PostgreSQL between fetches: close the portal and roll back; the connection is idle and reusable.
            try {
                closeQuietly(resultSet);
                closeQuietly(statement);
                if (transactionOpen) {
                    current.rollback();
                }
                current.close();
            } catch (SQLException | RuntimeException e) {
                engine.discard(current);
            }
        }
        resultSet = null;
    }

    // ---- helpers ----------------------------------------------------------------------------

    private void await(CompletableFuture<Void> future) {
        try {
            future.get();
        } catch (InterruptedException e) {
            terminate(Termination.CANCELED);
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
