package io.switchboard.engines.clickhouse;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.switchboard.core.engine.EngineQuery;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.result.Column;
import io.switchboard.core.result.ResultStream;
import io.switchboard.core.result.RowBatch;
import io.switchboard.core.types.DataType;
import io.switchboard.core.types.TypeKind;
import io.switchboard.engines.Termination;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One statement on a ClickHouse cluster, its {@code TabSeparatedWithNamesAndTypes} output read
 * row by row from the HTTP response while ClickHouse writes it. The JDK's HTTP client only asks
 * the socket for more when the body is read, so a consumer that does not pull stops the reads.
 *
 * <p>ClickHouse keeps running a query whose HTTP client went away, so {@link #cancel()}, the
 * timeout, an interrupt and closing before the end send {@code KILL QUERY} for the query's
 * {@code query_id} (and once more shortly after, for a query that had not registered yet), then
 * close the response.
 */
final class ClickHouseResultStream implements ResultStream {
    private static final long SECOND_KILL_MILLIS = 500;
    private static final Pattern WRITTEN_ROWS = Pattern.compile("\"written_rows\"\\s*:\\s*\"?(\\d+)");

    private final ClickHouseEngine engine;
    private final EngineQuery query;
    private final String clickHouseQueryId;
    private final int batchSize;
    private final AtomicReference<Termination> termination = new AtomicReference<>();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final AtomicBoolean released = new AtomicBoolean();

    private volatile CompletableFuture<HttpResponse<InputStream>> response;
    private volatile InputStream body;
    private volatile ScheduledFuture<?> timeoutTask;
    private volatile boolean exhausted;

    private TabSeparatedReader reader;
    private List<Column> columns = List.of();
    private DataType[] types = new DataType[0];
    private long updateCount = -1;
    private SwitchboardException failure;
    private boolean closed;

    private ClickHouseResultStream(ClickHouseEngine engine, EngineQuery query, String clickHouseQueryId, int batchSize) {
        this.engine = engine;
        this.query = query;
        this.clickHouseQueryId = clickHouseQueryId;
        this.batchSize = batchSize;
    }

    /** Sends the statement and returns once the column names and types have arrived. */
    static ClickHouseResultStream start(ClickHouseEngine engine, EngineQuery query, String clickHouseQueryId, int batchSize) {
        ClickHouseResultStream stream = new ClickHouseResultStream(engine, query, clickHouseQueryId, batchSize);
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

    /** Stops the query: KILL QUERY on the server, and the response is closed. Does not wait. */
    void terminate(Termination reason) {
        if (exhausted || !termination.compareAndSet(null, reason)) {
            return;
        }
        engine.kill(clickHouseQueryId);
        engine.timer().schedule(() -> engine.kill(clickHouseQueryId), SECOND_KILL_MILLIS, TimeUnit.MILLISECONDS);
        terminated.complete(null);
        closeBody();
        CompletableFuture<HttpResponse<InputStream>> pending = response;
        if (pending != null) {
            // A response that arrives after the consumer stopped waiting is closed unread.
            pending.thenAccept(answer -> closeQuietly(answer.body()));
        }
    }

    // ---- reading --------------------------------------------------------------------------

    private void open() {
        CompletableFuture<HttpResponse<InputStream>> sent = engine.send(query, clickHouseQueryId);
        response = sent;
        try {
            CompletableFuture.anyOf(sent, terminated).get();
        } catch (InterruptedException e) {
            terminate(Termination.CANCELED);
            Thread.currentThread().interrupt();
            throw new SwitchboardException(ErrorCode.QUERY_CANCELED,
                    "Query " + query.queryId() + " was canceled: its thread was interrupted", "57014", e);
        } catch (ExecutionException | CancellationException e) {
            // Told apart below.
        }
        checkTermination(null);
        if (sent.isCompletedExceptionally()) {
            throw engine.transportError(sent.exceptionNow());
        }
        HttpResponse<InputStream> answer = sent.resultNow();
        body = answer.body();
        if (termination.get() != null) {
            closeBody();
            throw terminationError(null);
        }
        try {
            if (answer.statusCode() != 200) {
                String text = new String(body.readNBytes(64 * 1024), UTF_8);
                closeBody();
                throw ClickHouseErrors.isError(text)
                        ? ClickHouseErrors.fromText(text, engine.clusterName())
                        : new SwitchboardException(ErrorCode.ENGINE_ERROR, "ClickHouse cluster '" + engine.clusterName()
                                + "' answered HTTP " + answer.statusCode() + ": " + text.strip(), "XX000", null);
            }
            reader = new TabSeparatedReader(body);
            List<String> names = reader.nextRow();
            if (names == null) {
                // A statement without a result (CREATE, INSERT): ClickHouse sends an empty body.
                exhausted = true;
                updateCount = writtenRows(answer);
                finish();
                return;
            }
            failIfError(names);
            List<String> typeNames = reader.nextRow();
            if (typeNames == null || typeNames.size() != names.size()) {
                failIfError(typeNames);
                throw new SwitchboardException(ErrorCode.ENGINE_ERROR, "ClickHouse cluster '" + engine.clusterName()
                        + "' sent column names without their types", "XX000", null);
            }
            List<Column> described = new ArrayList<>(names.size());
            types = new DataType[names.size()];
            for (int i = 0; i < names.size(); i++) {
                types[i] = ClickHouseTypes.parse(typeNames.get(i));
                described.add(new Column(names.get(i), types[i]));
            }
            columns = List.copyOf(described);
            boolean[] verbatim = new boolean[types.length];
            for (int i = 0; i < types.length; i++) {
                TypeKind kind = types[i].kind();
                verbatim[i] = kind == TypeKind.ARRAY || kind == TypeKind.ROW || kind == TypeKind.MAP;
            }
            reader.keepVerbatim(verbatim);
        } catch (IOException e) {
            checkTermination(e);
            throw engine.readError(e, clickHouseQueryId);
        }
    }

    private RowBatch readBatch() {
        List<Object[]> rows = new ArrayList<>(Math.min(batchSize, 1024));
        try {
            while (rows.size() < batchSize) {
                checkTermination(null);
                List<String> fields = reader.nextRow();
                if (fields == null) {
                    exhausted = true;
                    finish();
                    break;
                }
                failIfError(fields);
                if (fields.size() != types.length || !reader.endedWithNewline()) {
                    throw new SwitchboardException(ErrorCode.ENGINE_ERROR, "ClickHouse cluster '" + engine.clusterName()
                            + "' sent a " + (reader.endedWithNewline() ? "row of " + fields.size() + " values for "
                            + types.length + " columns" : "cut-off row") + " in query " + clickHouseQueryId, "XX000", null);
                }
                Object[] row = new Object[types.length];
                for (int i = 0; i < row.length; i++) {
                    row[i] = ClickHouseValues.convert(fields.get(i), types[i]);
                }
                rows.add(row);
            }
        } catch (IOException e) {
            checkTermination(e);
            throw engine.readError(e, clickHouseQueryId);
        }
        return rows.isEmpty() ? null : new RowBatch(rows);
    }

    /** An error after the response started comes as text in place of a row. */
    private void failIfError(List<String> fields) {
        if (fields != null && !fields.isEmpty() && ClickHouseErrors.isError(fields.get(0))) {
            checkTermination(null);
            throw ClickHouseErrors.fromText(String.join("\t", fields.stream().map(String::valueOf).toList()),
                    engine.clusterName());
        }
    }

    private static long writtenRows(HttpResponse<?> answer) {
        // Newer servers summarize a write in a header; 18.x does not, and the count stays unknown.
        return answer.headers().firstValue("X-ClickHouse-Summary")
                .map(WRITTEN_ROWS::matcher)
                .filter(Matcher::find)
                .map(matcher -> Long.parseLong(matcher.group(1)))
                .orElse(-1L);
    }

    private void checkTermination(Throwable cause) {
        if (termination.get() != null) {
            throw terminationError(cause);
        }
    }

    private SwitchboardException terminationError(Throwable cause) {
        return Termination.error(termination.get(), query, query.queryId().value(), " (ClickHouse query_id " + clickHouseQueryId + ")",
                "ClickHouse cluster '" + engine.clusterName() + "' was closed", cause);
    }

    private void finish() {
        cancelTimeout();
        closeBody();
        release();
    }

    private void release() {
        if (released.compareAndSet(false, true)) {
            cancelTimeout();
            closeBody();
            engine.unregister(this);
        }
    }

    private void cancelTimeout() {
        ScheduledFuture<?> task = timeoutTask;
        if (task != null) {
            task.cancel(false);
        }
    }

    private void closeBody() {
        InputStream in = body;
        if (in != null) {
            closeQuietly(in);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException | RuntimeException e) {
            // The response is abandoned; a failure to close it changes nothing.
        }
    }
}
