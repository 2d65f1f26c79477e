package io.switchboard.engines.flightsql;

import io.switchboard.core.engine.EngineQuery;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.result.Column;
import io.switchboard.core.result.ResultStream;
import io.switchboard.core.result.RowBatch;
import io.switchboard.core.types.DataType;
import io.switchboard.engines.Termination;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One statement on a Flight SQL cluster: prepared (or sent ad hoc), executed into a
 * {@link FlightInfo}, then read endpoint by endpoint, one Arrow record batch per
 * {@link RowBatch}. gRPC's flow control asks the server for the next batch only as the consumer
 * reads, so memory stays at a batch or two.
 *
 * <p>{@link #cancel()}, the timeout and closing before the end cancel the gRPC stream (the
 * server sees its call canceled), ask the server to cancel the FlightInfo, and close the
 * prepared statement. The blocking calls before the stream exists carry the query's timeout
 * as their gRPC deadline and stop when the calling thread is interrupted.
 */
final class FlightSqlResultStream implements ResultStream {
    private static final Logger log = LoggerFactory.getLogger(FlightSqlResultStream.class);

    private final FlightSqlEngine engine;
    private final EngineQuery query;
    private final long deadlineNanos;
    private final AtomicReference<Termination> termination = new AtomicReference<>();
    private final AtomicBoolean released = new AtomicBoolean();

    private volatile FlightSqlClient.PreparedStatement prepared;
    private volatile FlightInfo info;
    private volatile FlightStream stream;
    private volatile ScheduledFuture<?> timeoutTask;
    private volatile boolean exhausted;

    private List<Column> columns = List.of();
    private List<FlightEndpoint> endpoints = List.of();
    private int nextEndpoint;
    private ArrowValues.Reader[] readers;
    private VectorSchemaRoot readersRoot;
    private long updateCount = -1;
    private SwitchboardException failure;
    private boolean closed;

    private FlightSqlResultStream(FlightSqlEngine engine, EngineQuery query) {
        this.engine = engine;
        this.query = query;
        this.deadlineNanos = query.timeout().isZero() ? 0 : System.nanoTime() + query.timeout().toNanos();
    }

    static FlightSqlResultStream start(FlightSqlEngine engine, EngineQuery query) {
        FlightSqlResultStream stream = new FlightSqlResultStream(engine, query);
        engine.register(stream);
        try {
            if (!query.timeout().isZero()) {
                stream.timeoutTask = engine.timer().schedule(() -> stream.terminate(Termination.TIMED_OUT),
                        query.timeout().toNanos(), TimeUnit.NANOSECONDS);
            }
            stream.open();
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
            return readBatch();
        } catch (SwitchboardException e) {
            failure = e;
            release();
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
        if (!exhausted) {
            terminate(Termination.CANCELED);
        }
        release();
    }

    /** Stops the statement without waiting for the server. */
    void terminate(Termination reason) {
        if (exhausted || !termination.compareAndSet(null, reason)) {
            return;
        }
        FlightStream current = stream;
        if (current != null) {
            try {
                current.cancel("canceled by Switchboard: " + reason, null);
            } catch (RuntimeException e) {
                log.debug("Canceling the Flight stream of query {} failed", query.queryId(), e);
            }
        }
        FlightInfo running = info;
        if (running != null) {
            engine.cancelQuietly(running);
        }
    }

    /** For the engine, when it closes: frees the stream's resources; the consumer still closes it. */
    void releaseForClosedEngine() {
        release();
    }

    // ---- reading --------------------------------------------------------------------------

    private void open() {
        try {
            if (engine.config().preparedStatements()) {
                prepared = engine.sql().prepare(query.sql(), engine.callOptions(shortDeadlineMillis()));
                Schema schema = prepared.getResultSetSchema();
                if (schema.getFields().isEmpty()) {
                    updateCount = prepared.executeUpdate(engine.callOptions(remainingMillis()));
                    exhausted = true;
                    release();
                    return;
                }
                info = prepared.execute(engine.callOptions(remainingMillis()));
            } else if (returnsRows(query.sql())) {
                info = engine.sql().execute(query.sql(), engine.callOptions(remainingMillis()));
            } else {
                updateCount = engine.sql().executeUpdate(query.sql(), engine.callOptions(remainingMillis()));
                exhausted = true;
                release();
                return;
            }
            checkTermination(null);
            endpoints = info.getEndpoints();
            columns = describe(info.getSchemaOptional().orElseGet(() -> new Schema(List.of())));
            openNextEndpoint();
            if (stream != null) {
                // The stream's own schema is authoritative (a server may describe loosely up front).
                columns = describe(stream.getSchema());
            }
        } catch (FlightRuntimeException e) {
            throw translate(e);
        } catch (RuntimeException e) {
            throw interruptedOr(e);
        }
    }

    private RowBatch readBatch() {
        try {
            while (true) {
                checkTermination(null);
                FlightStream current = stream;
                if (current == null) {
                    exhausted = true;
                    release();
                    return null;
                }
                if (!current.next()) {
                    closeStream();
                    openNextEndpoint();
                    continue;
                }
                VectorSchemaRoot root = current.getRoot();
                int rowCount = root.getRowCount();
                if (rowCount == 0) {
                    continue;
                }
                ArrowValues.Reader[] columnReaders = readers(root);
                List<Object[]> rows = new ArrayList<>(rowCount);
                for (int row = 0; row < rowCount; row++) {
                    Object[] values = new Object[columnReaders.length];
                    for (int column = 0; column < values.length; column++) {
                        values[column] = columnReaders[column].read(row);
                    }
                    rows.add(values);
                }
                return new RowBatch(rows);
            }
        } catch (FlightRuntimeException e) {
            throw translate(e);
        } catch (SwitchboardException e) {
            throw e;
        } catch (RuntimeException e) {
            throw interruptedOr(e);
        }
    }

    private ArrowValues.Reader[] readers(VectorSchemaRoot root) {
        if (readers != null && readersRoot == root) {
            return readers;
        }
        List<FieldVector> vectors = root.getFieldVectors();
        if (vectors.size() != columns.size()) {
            throw new SwitchboardException(ErrorCode.ENGINE_ERROR, "the Flight SQL server sent a batch of " + vectors.size()
                    + " columns for a result of " + columns.size(), "XX000", null);
        }
        ArrowValues.Reader[] built = new ArrowValues.Reader[vectors.size()];
        for (int i = 0; i < built.length; i++) {
            built[i] = ArrowValues.reader(vectors.get(i), columns.get(i).type());
        }
        readers = built;
        readersRoot = root;
        return built;
    }

    private void openNextEndpoint() {
        if (nextEndpoint >= endpoints.size()) {
            stream = null;
            return;
        }
        FlightEndpoint endpoint = endpoints.get(nextEndpoint++);
        stream = engine.clientFor(endpoint).getStream(endpoint.getTicket(), engine.callOptions(remainingMillis()));
        if (termination.get() != null) {
            stream.cancel("canceled by Switchboard", null);
            throw terminationError(null);
        }
    }

    private static List<Column> describe(Schema schema) {
        List<Column> described = new ArrayList<>(schema.getFields().size());
        for (Field field : schema.getFields()) {
            DataType type = ArrowTypes.toDataType(field);
            described.add(new Column(field.getName(), type));
        }
        return List.copyOf(described);
    }

    /** For ad-hoc statements: queries go to CommandStatementQuery, everything else is an update. */
    static boolean returnsRows(String sql) {
        String text = sql.strip();
        while (text.startsWith("(")) {
            text = text.substring(1).strip();
        }
        int end = 0;
        while (end < text.length() && Character.isLetter(text.charAt(end))) {
            end++;
        }
        return switch (text.substring(0, end).toUpperCase(Locale.ROOT)) {
            case "SELECT", "WITH", "VALUES", "SHOW", "EXPLAIN", "DESCRIBE", "DESC", "TABLE", "FROM", "PRAGMA" -> true;
            default -> false;
        };
    }

    // ---- errors and cleanup ---------------------------------------------------------------

    private SwitchboardException translate(FlightRuntimeException e) {
        if (termination.get() != null) {
            return terminationError(e);
        }
        if (wasInterrupted(e)) {
            return canceledByInterrupt(e);
        }
        if (e.status().code() == FlightStatusCode.TIMED_OUT && deadlineNanos != 0 && System.nanoTime() >= deadlineNanos) {
            termination.compareAndSet(null, Termination.TIMED_OUT);
            return terminationError(e);
        }
        return FlightSqlErrors.translate(e, engine.clusterName(), engine.config().address());
    }

    private SwitchboardException interruptedOr(RuntimeException e) {
        if (termination.get() != null) {
            return terminationError(e);
        }
        if (wasInterrupted(e)) {
            return canceledByInterrupt(e);
        }
        return SwitchboardException.wrap(e, ErrorCode.ENGINE_ERROR);
    }

    /**
     * Whether the calling thread was interrupted: its flag is set, or a library caught the
     * InterruptedException and cleared the flag. Arrow's {@code FlightStream.getRoot} does the
     * latter and reports it as status INTERNAL, which then read as an engine error (2 of 60
     * repetitions of the interrupt test).
     */
    static boolean wasInterrupted(RuntimeException e) {
        Throwable cause = e;
        while (cause != null && !(cause instanceof InterruptedException)) {
            cause = cause.getCause();
        }
        return cause != null || Thread.currentThread().isInterrupted();
    }

    private SwitchboardException canceledByInterrupt(RuntimeException e) {
        terminate(Termination.CANCELED);
        Thread.currentThread().interrupt(); // give the caller its flag back
        return terminationError(e);
    }

    private void checkTermination(Throwable cause) {
        if (termination.get() != null) {
            throw terminationError(cause);
        }
    }

    private SwitchboardException terminationError(Throwable cause) {
        return Termination.error(termination.get(), query, query.queryId().value(), "",
                "Flight SQL cluster '" + engine.clusterName() + "' was closed", cause);
    }

    private long remainingMillis() {
        if (deadlineNanos == 0) {
            return 0;
        }
        return Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000);
    }

    private long shortDeadlineMillis() {
        long connect = engine.config().connectTimeout().toMillis();
        long remaining = remainingMillis();
        return remaining == 0 ? connect : Math.min(connect, remaining);
    }

    private void closeStream() {
        FlightStream current = stream;
        stream = null;
        if (current != null) {
            try {
                current.close();
            } catch (Exception e) {
                log.debug("Closing the Flight stream of query {} failed", query.queryId(), e);
            }
        }
    }

    private void release() {
        if (!released.compareAndSet(false, true)) {
            return;
        }
        ScheduledFuture<?> task = timeoutTask;
        if (task != null) {
            task.cancel(false);
        }
        closeStream();
        FlightSqlClient.PreparedStatement statement = prepared;
        prepared = null;
        if (statement != null) {
            engine.closeQuietly(statement);
        }
        engine.unregister(this);
    }
}
