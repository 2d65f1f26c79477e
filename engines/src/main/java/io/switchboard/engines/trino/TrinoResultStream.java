package io.switchboard.engines.trino;

import io.switchboard.core.engine.EngineQuery;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.result.Column;
import io.switchboard.core.result.ResultStream;
import io.switchboard.core.result.RowBatch;
import io.switchboard.engines.Termination;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One statement on a Trino cluster, read page by page: {@link #nextBatch()} follows
 * {@code nextUri} until a page brings rows, and hands over each page's rows as one batch. Only
 * one page is in memory at a time and nothing is fetched until the consumer asks, so a slow
 * client slows the reads (Trino keeps the query open for {@code query.client.timeout}, 5 minutes
 * by default, between two fetches).
 *
 * <p>{@link #cancel()}, the timeout, an interrupt of the consumer and closing before the end all
 * send {@code DELETE nextUri}, which makes the coordinator stop the query; the consumer stops
 * waiting at once. A response that arrives after that is read only to learn the query's
 * {@code nextUri} (when the statement had not been answered yet) and cancel it too.
 */
final class TrinoResultStream implements ResultStream {
    private static final Logger log = LoggerFactory.getLogger(TrinoResultStream.class);
    /** Trino answers 502/503/504 while it is busy or restarting a proxy; the protocol says try again. */
    private static final int MAX_RETRIES = 10;
    private static final long RETRY_PAUSE_MILLIS = 100;

    /** One request and who owns its response: the waiting consumer, or the clean-up after a cancel. */
    private record Exchange(CompletableFuture<HttpResponse<InputStream>> response, AtomicBoolean claimed) {}

    private final TrinoEngine engine;
    private final TrinoHttp http;
    private final EngineQuery query;
    private final AtomicReference<Termination> termination = new AtomicReference<>();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final AtomicBoolean released = new AtomicBoolean();
    private final Queue<RowBatch> buffered = new ArrayDeque<>();

    private volatile URI nextUri;
    private volatile String trinoQueryId;
    private volatile Exchange inFlight;
    private volatile InputStream body;
    private volatile boolean finished;
    private volatile ScheduledFuture<?> timeoutTask;

    private List<Column> columns;
    private long updateCount = -1;
    private SwitchboardException failure;
    private boolean closed;

    private TrinoResultStream(TrinoEngine engine, TrinoHttp http, EngineQuery query) {
        this.engine = engine;
        this.http = http;
        this.query = query;
    }

    /**
     * Posts the statement and follows the protocol until the columns are known (or the statement
     * finished without rows). Prepared statements go into {@code X-Trino-Prepared-Statement}.
     */
    static TrinoResultStream start(TrinoEngine engine, TrinoHttp http, EngineQuery query, Map<String, String> prepared) {
        TrinoResultStream stream = new TrinoResultStream(engine, http, query);
        engine.register(stream);
        try {
            if (!query.timeout().isZero()) {
                stream.timeoutTask = engine.timer().schedule(() -> stream.terminate(Termination.TIMED_OUT),
                        query.timeout().toNanos(), TimeUnit.NANOSECONDS);
            }
            stream.accept(stream.fetch(() -> http.start(query.sql(), query.session(), prepared)));
            while (stream.columns == null && !stream.finished) {
                stream.accept(stream.fetch(() -> http.next(stream.nextUri, query.session())));
            }
            if (stream.columns == null) {
                stream.columns = List.of();
            }
            if (stream.finished) {
                stream.release();
            }
            return stream;
        } catch (RuntimeException | Error e) {
            stream.close();
            throw e;
        }
    }

    @Override
    public List<Column> columns() {
        return columns == null ? List.of() : columns;
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
        try {
            while (true) {
                RowBatch batch = buffered.poll();
                if (batch != null) {
                    return batch;
                }
                if (finished) {
                    release();
                    return null;
                }
                accept(fetch(() -> http.next(nextUri, query.session())));
            }
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
        if (!finished) {
            terminate(Termination.CANCELED);
        }
        buffered.clear();
        release();
    }

    /** Stops the statement without waiting: DELETE on the coordinator, and wakes the consumer. */
    void terminate(Termination reason) {
        if (finished || !termination.compareAndSet(null, reason)) {
            return;
        }
        URI uri = nextUri;
        if (uri != null) {
            http.cancel(uri, query.session(), String.valueOf(trinoQueryId));
        }
        Exchange exchange = inFlight;
        if (exchange != null) {
            discardWhenAnswered(exchange, uri == null);
        }
        InputStream reading = body;
        if (reading != null) {
            closeQuietly(reading);
        }
        terminated.complete(null);
        log.debug("Trino query {} ({}) on cluster '{}' terminated: {}", query.queryId(), trinoQueryId, http.clusterName(),
                reason);
    }

    // ---- protocol -------------------------------------------------------------------------

    /** Sends a request (again while Trino says it is busy) and parses the answer. */
    private TrinoPage fetch(Supplier<CompletableFuture<HttpResponse<InputStream>>> request) {
        for (int attempt = 0; ; attempt++) {
            checkTermination(null);
            Exchange exchange = new Exchange(request.get(), new AtomicBoolean());
            inFlight = exchange;
            if (termination.get() != null) {
                discardWhenAnswered(exchange, nextUri == null);
                throw terminationError(null);
            }
            HttpResponse<InputStream> response = await(exchange);
            if (TrinoHttp.retryable(response.statusCode()) && attempt < MAX_RETRIES) {
                closeQuietly(response.body());
                pause();
                continue;
            }
            try {
                InputStream stream = http.checkStatus(response);
                body = stream;
                if (termination.get() != null) {
                    closeQuietly(stream);
                }
                return TrinoPage.parse(stream, columns);
            } catch (IOException e) {
                checkTermination(e);
                throw new SwitchboardException(ErrorCode.ENGINE_UNAVAILABLE, "Trino cluster '" + http.clusterName()
                        + "': the connection broke while reading query " + trinoQueryId + ": " + e.getMessage(), "08006", e);
            } finally {
                body = null;
                inFlight = null;
            }
        }
    }

    private HttpResponse<InputStream> await(Exchange exchange) {
        try {
            CompletableFuture.anyOf(exchange.response(), terminated).get();
        } catch (InterruptedException e) {
            terminate(Termination.CANCELED);
            Thread.currentThread().interrupt();
            throw new SwitchboardException(ErrorCode.QUERY_CANCELED,
                    "Query " + query.queryId() + " was canceled: its thread was interrupted", "57014", e);
        } catch (ExecutionException | CancellationException e) {
            // The response failed; the code below tells how.
        }
        if (termination.get() != null || !exchange.claimed().compareAndSet(false, true)) {
            // terminate() may have run before this exchange was in flight: make sure its
            // response is closed, and the query it started canceled.
            discardWhenAnswered(exchange, nextUri == null);
            throw terminationError(null);
        }
        CompletableFuture<HttpResponse<InputStream>> response = exchange.response();
        if (response.isCompletedExceptionally()) {
            throw http.transportError(response.exceptionNow());
        }
        return response.resultNow();
    }

    private void accept(TrinoPage page) {
        if (page.queryId() != null) {
            trinoQueryId = page.queryId();
        }
        nextUri = page.nextUri();
        if (page.finished()) {
            finished = true;
            cancelTimeout();
        }
        if (page.error() != null) {
            finished = true;
            Termination reason = termination.get();
            if (reason != null) {
                throw terminationError(null);
            }
            throw TrinoErrors.fromQueryError(page.error(), trinoQueryId);
        }
        if (termination.get() != null) {
            // Canceled while this page was on its way: the DELETE went to the previous nextUri,
            // which cancels the same query; nothing more to read.
            throw terminationError(null);
        }
        if (page.columns() != null && columns == null) {
            columns = page.columns();
        }
        if (!page.rows().isEmpty()) {
            buffered.add(new RowBatch(page.rows()));
        }
        if (page.updateCount() != null) {
            updateCount = page.updateCount();
        }
    }

    /**
     * Takes over a response nobody waits for any more: closes it, and when it answers the initial
     * POST, reads its {@code nextUri} to cancel the query the POST created.
     */
    private void discardWhenAnswered(Exchange exchange, boolean cancelWhatItStarted) {
        exchange.response().whenComplete((response, error) -> {
            if (response == null || !exchange.claimed().compareAndSet(false, true)) {
                return;
            }
            try (InputStream in = response.body()) {
                if (cancelWhatItStarted && response.statusCode() == 200) {
                    TrinoPage page = TrinoPage.parse(in, null);
                    if (page.nextUri() != null) {
                        http.cancel(page.nextUri(), query.session(), String.valueOf(page.queryId()));
                    }
                }
            } catch (IOException | RuntimeException e) {
                log.debug("Discarding a response of query {} failed", query.queryId(), e);
            }
        });
    }

    private void checkTermination(Throwable cause) {
        if (termination.get() != null) {
            throw terminationError(cause);
        }
    }

    private SwitchboardException terminationError(Throwable cause) {
        String label = query.queryId() + (trinoQueryId == null ? "" : " (Trino query " + trinoQueryId + ")");
        return Termination.error(termination.get(), query, label, "", "Trino cluster '" + http.clusterName() + "' was closed", cause);
    }

    private void release() {
        if (released.compareAndSet(false, true)) {
            cancelTimeout();
            engine.unregister(this);
        }
    }

    private void cancelTimeout() {
        ScheduledFuture<?> task = timeoutTask;
        if (task != null) {
            task.cancel(false);
        }
    }

    private void pause() {
        try {
            CompletableFuture.anyOf(terminated).get(RETRY_PAUSE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            terminate(Termination.CANCELED);
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // The pause is over.
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException | RuntimeException e) {
            // Closing a response nobody reads; nothing to do about a failure.
        }
    }
}
