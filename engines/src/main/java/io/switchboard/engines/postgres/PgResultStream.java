package io.switchboard.engines.postgres;

import io.switchboard.core.engine.EngineQuery;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.result.Column;
import io.switchboard.core.result.ResultStream;
import io.switchboard.core.result.RowBatch;
import io.switchboard.core.session.ParameterizedSql;
import io.switchboard.engines.Termination;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One statement on a PostgreSQL connection, read batch by batch on the caller's thread.
 *
 * <p>The statement leaves in one write and PostgreSQL streams every row; the stream decodes
 * {@code batchSize} rows per {@link #nextBatch()} and reads no further, so memory stays at one
 * batch plus the socket buffers while TCP holds the server back. The connection goes back to the
 * pool as soon as the server says it is ready again — for a small result, before the caller has
 * even seen its first batch.
 *
 * <p>Stopping early — {@link #cancel()}, the timeout, the engine closing, an interrupt of the
 * reading thread — sends PostgreSQL's cancel request and throws the connection away, because the
 * request may reach the backend after this statement ended. {@link #close()} before the end reads
 * what is left when that is little (a short wait, a bounded number of bytes) and keeps the
 * connection; otherwise it cancels too.
 */
final class PgResultStream implements ResultStream {
    /** How much of an unread result close() is willing to read to keep the connection. */
    private static final int DRAIN_BYTES = 1 << 20;
    private static final int DRAIN_WAIT_MILLIS = 100;

    private final PostgresEngine engine;
    private final EngineQuery query;
    private final int batchSize;
    private final AtomicReference<Termination> termination = new AtomicReference<>();

    // Owned by the reading thread.
    private PgBackendConnection connection;
    private PgTextDecoder[] decoders;
    private SwitchboardException failure;
    private boolean closed;

    /** The connection a cancel goes to; guarded by this, with cancelSent, against reuse by another statement. */
    private PgBackendConnection cancelTarget;
    private boolean cancelSent;

    private volatile boolean exhausted;
    private volatile List<Column> columns = List.of();
    private volatile long updateCount = -1;
    private volatile ScheduledFuture<?> timeoutTask;

    private PgResultStream(PostgresEngine engine, EngineQuery query) {
        this.engine = engine;
        this.query = query;
        this.batchSize = engine.config().batchSize();
    }

    /** Sends the statement and returns once its columns (or its outcome, for a statement without rows) are known. */
    static PgResultStream start(PostgresEngine engine, EngineQuery query) {
        PgResultStream stream = new PgResultStream(engine, query);
        engine.register(stream);
        try {
            if (!query.timeout().isZero()) {
                stream.timeoutTask = engine.timers().schedule(() -> stream.terminate(Termination.TIMED_OUT),
                        query.timeout().toNanos(), TimeUnit.NANOSECONDS);
            }
            stream.connection = engine.borrow(query);
            synchronized (stream) {
                stream.cancelTarget = stream.connection;
            }
            stream.checkTermination(null);
            try {
                stream.send();
                stream.readHead();
            } catch (IOException e) {
                throw stream.failureOf(e);
            }
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
            return null;
        }
        try {
            checkTermination(null);
            return readBatch();
        } catch (IOException e) {
            failure = failureOf(e);
            throw failure;
        } catch (SwitchboardException e) {
            failure = e;
            throw e;
        }
    }

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
        if (connection == null) {
            engine.unregister(this);
            return;
        }
        if (!exhausted && termination.get() == null && drainQuietly()) {
            release(true);
            return;
        }
        terminate(Termination.CANCELED);
        release(false);
    }

    /** Stops the statement on the server without blocking the caller. Does nothing once every row was read. */
    void terminate(Termination reason) {
        if (exhausted || !termination.compareAndSet(null, reason)) {
            return;
        }
        PgBackendConnection target;
        synchronized (this) {
            target = cancelTarget;
            if (target != null) {
                cancelSent = true;
            }
        }
        if (target == null) {
            return;
        }
        engine.sendCancel(target, query);
        if (reason == Termination.ENGINE_CLOSED) {
            // The cluster is going away: a reader blocked on the socket fails now rather than after the cancel.
            target.abort();
        }
    }

    // ---- reading ----------------------------------------------------------------------------

    /** The statement as text, or with its parameters apart when the client sent them so. */
    private void send() throws IOException {
        ParameterizedSql parameterized = query.parameterized();
        if (parameterized != null) {
            connection.sendParameterized(parameterized);
        } else {
            connection.sendStatement(query.sql());
        }
    }

    /** Reads up to the row description, or to the end of a statement that returns no rows. */
    private void readHead() throws IOException {
        boolean resent = false;
        while (true) {
            byte type = connection.next();
            switch (type) {
                case '2', '3', 'n', 'N', 'A', 'S' -> { } // BindComplete, CloseComplete, NoData, notices, notifications, settings
                case '1' -> connection.parseConfirmed();
                case 'T' -> {
                    describeColumns();
                    return;
                }
                case 'C' -> updateCount = affectedRows();
                case 'I' -> updateCount = 0;
                case 'E' -> {
                    PgProtocolException error = errorResponse();
                    if (!resent && query.parameterized() != null && error.preparedStatementOutdated() && !error.endsSession()
                            && termination.get() == null) {
                        // Nothing ran: the connection's prepared statement was outdated. Parse it afresh, once.
                        skipToReady();
                        resent = true;
                        connection.sendParameterized(query.parameterized());
                        continue;
                    }
                    throw serverError(error);
                }
                case 'Z' -> {
                    finish();
                    return;
                }
                default -> throw unexpected(type);
            }
        }
    }

    private RowBatch readBatch() throws IOException {
        List<Object[]> rows = new ArrayList<>(Math.min(batchSize, 1024));
        PgTextDecoder[] columnDecoders = decoders;
        while (true) {
            if (rows.size() >= batchSize) {
                byte ahead = connection.peekBuffered();
                if (ahead != 'C' && ahead != 'Z') {
                    // A full batch; unless the end is already here, the rest waits for the next call.
                    break;
                }
            }
            byte type = connection.next();
            if (type == 'D') {
                rows.add(decodeRow(columnDecoders));
                if (termination.get() != null) {
                    checkTermination(null);
                }
                continue;
            }
            switch (type) {
                case 'C', 'N', 'A', 'S' -> { }
                case 'E' -> throw serverError(errorResponse());
                case 'Z' -> {
                    finish();
                    return rows.isEmpty() ? null : new RowBatch(rows);
                }
                default -> throw unexpected(type);
            }
        }
        return rows.isEmpty() ? null : new RowBatch(rows);
    }

    private Object[] decodeRow(PgTextDecoder[] columnDecoders) throws IOException {
        byte[] body = connection.body();
        int at = connection.bodyStart();
        int count = PgBackendConnection.readShort(body, at);
        if (count != columnDecoders.length) {
            throw unexpected((byte) 'D');
        }
        at += 2;
        Object[] row = new Object[count];
        for (int i = 0; i < count; i++) {
            int length = PgBackendConnection.readInt(body, at);
            at += 4;
            if (length >= 0) {
                row[i] = columnDecoders[i].decode(body, at, length);
                at += length;
            }
        }
        return row;
    }

    private void describeColumns() {
        PgRowDescription description = engine.rowDescription(connection);
        decoders = description.decoders();
        columns = description.columns();
    }

    /** The row count of a CommandComplete tag ({@code INSERT 0 3}, {@code UPDATE 2}); 0 for tags without one. */
    private long affectedRows() {
        byte[] body = connection.body();
        int start = connection.bodyStart();
        int end = PgBackendConnection.indexOfZero(body, start, start + connection.bodyLength());
        int space = end - 1;
        while (space >= start && body[space] != ' ') {
            space--;
        }
        if (space < start || space == end - 1) {
            return 0;
        }
        for (int i = space + 1; i < end; i++) {
            if (body[i] < '0' || body[i] > '9') {
                return 0;
            }
        }
        return PgTextDecoder.parseLong(body, space + 1, end - space - 1);
    }

    /** ReadyForQuery: every message of the statement was read; the connection is free again. */
    private void finish() {
        exhausted = true;
        cancelTimeout();
        release(true);
    }

    /**
     * An ErrorResponse: reads on to ReadyForQuery so the connection stays usable (unless the
     * error ended the session) and returns the error to throw.
     */
    private SwitchboardException serverError(PgProtocolException error) throws IOException {
        if (error.endsSession()) {
            connection.markBroken();
        } else {
            skipToReady();
        }
        if (termination.get() != null) {
            exhausted = true; // nothing more will come; a late cancel has nothing to stop
            release(!error.endsSession());
            return terminationError(null);
        }
        release(!error.endsSession());
        return engine.translate(error);
    }

    /** The ErrorResponse just read; the connection learns which of its prepared statements it leaves behind. */
    private PgProtocolException errorResponse() {
        PgProtocolException error = PgProtocolException.fromErrorResponse(connection.body(), connection.bodyStart(),
                connection.bodyLength());
        connection.statementFailed(error);
        return error;
    }

    private void skipToReady() throws IOException {
        while (connection.next() != 'Z') {
            // skip to the end of the statement
        }
    }

    private IOException unexpected(byte type) {
        connection.markBroken();
        return new IOException("PostgreSQL sent an unexpected message '" + (char) type + "' for query " + query.queryId());
    }

    /** The error for a failed read or write: a cancel when that is what broke it, else the connection's failure. */
    private SwitchboardException failureOf(IOException e) {
        if (Thread.currentThread().isInterrupted()) {
            // On a virtual thread an interrupt closes the socket it waits on; the statement must still be stopped.
            terminate(Termination.CANCELED);
        }
        if (connection != null) {
            connection.markBroken();
            release(false);
        }
        if (termination.get() != null) {
            return terminationError(e);
        }
        return engine.translate(e);
    }

    /**
     * Reads the rest of a result that close() came early to, when it is small and arrives at
     * once. True when the connection reached ReadyForQuery and can be reused.
     */
    private boolean drainQuietly() {
        if (connection == null || connection.broken()) {
            return false;
        }
        long budget = DRAIN_BYTES;
        try {
            connection.setReadTimeout(DRAIN_WAIT_MILLIS);
            while (budget > 0) {
                byte type = connection.next();
                budget -= connection.bodyLength() + 5L;
                if (type == 'Z') {
                    exhausted = true;
                    connection.setReadTimeout(0);
                    return true;
                }
                if (type == 'E' && PgProtocolException.fromErrorResponse(connection.body(), connection.bodyStart(),
                        connection.bodyLength()).endsSession()) {
                    return false;
                }
            }
            return false;
        } catch (SocketTimeoutException e) {
            connection.markBroken();
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** Gives the connection back (once): to the pool when reusable and no cancel went to it, else closed. */
    private void release(boolean reusable) {
        PgBackendConnection current = connection;
        if (current == null) {
            return;
        }
        connection = null;
        boolean canceled;
        synchronized (this) {
            cancelTarget = null;
            canceled = cancelSent;
        }
        cancelTimeout();
        engine.release(current, reusable && !canceled);
        engine.unregister(this);
    }

    private void checkTermination(Throwable cause) {
        if (termination.get() != null) {
            throw terminationError(cause);
        }
    }

    private SwitchboardException terminationError(Throwable cause) {
        return Termination.error(termination.get(), query, query.queryId().value(), "", engine.closedMessage(), cause);
    }

    private void cancelTimeout() {
        ScheduledFuture<?> task = timeoutTask;
        if (task != null) {
            task.cancel(false);
        }
    }
}
