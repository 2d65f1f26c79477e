package io.switchboard.mcp;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.pipeline.QueryExecution;
import io.switchboard.core.pipeline.QueryPipeline;
import io.switchboard.core.result.Column;
import io.switchboard.core.result.RowBatch;
import io.switchboard.core.session.QueryRequest;
import io.switchboard.mcp.QueryRegistry.State;
import io.switchboard.mcp.QueryRegistry.ToolCall;
import io.switchboard.mcp.QueryRegistry.TrackedQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one query of a tool call through the pipeline and collects its rows (bounded by rows and
 * bytes), while the calling thread reports progress and enforces the call's time limit.
 *
 * <p>The query runs on a virtual thread of its own, so that cancellation can interrupt it while
 * it waits for a capacity slot without touching the transport's thread, and so that the caller
 * stays free to send progress notifications.
 */
final class QueryRunner {
    /** How long a canceled query may take to wind down before the call answers anyway. */
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(30);
    private static final Set<ErrorCode> DENIALS = EnumSet.of(ErrorCode.QUERY_DENIED, ErrorCode.READ_ONLY_VIOLATION,
            ErrorCode.COST_LIMIT_EXCEEDED, ErrorCode.PERMISSION_DENIED, ErrorCode.APPROVAL_PENDING, ErrorCode.APPROVAL_REJECTED,
            ErrorCode.APPROVAL_EXPIRED);

    /** Receives progress while a query runs. */
    interface ProgressListener {
        ProgressListener NONE = (seconds, rows, message) -> { };

        void progress(double elapsedSeconds, long rows, String message);
    }

    /** What a query returned, with JSON-ready rows. */
    record CollectedResult(
            String queryId,
            String statementKind,
            List<Column> columns,
            List<List<Object>> rows,
            long bytes,
            boolean truncated,
            String truncationReason,
            long updateCount,
            String group,
            String cluster,
            String engine,
            List<String> warnings,
            double elapsedMillis) {
        CollectedResult {
            columns = List.copyOf(columns);
            rows = java.util.Collections.unmodifiableList(rows);
            warnings = List.copyOf(warnings);
        }
    }

    private final QueryPipeline pipeline;
    private final QueryRegistry registry;
    private final Duration timeout;
    private final Duration progressInterval;

    QueryRunner(QueryPipeline pipeline, QueryRegistry registry, Duration timeout, Duration progressInterval) {
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.progressInterval = requireNonNull(progressInterval, "progressInterval is null");
    }

    QueryPipeline pipeline() {
        return pipeline;
    }

    /**
     * Runs the request and keeps at most {@code keepRows} rows and {@code keepBytes} bytes of
     * them. Blocks until the query ends, fails, is canceled or runs out of time.
     */
    CollectedResult run(ToolCall call, QueryRequest request, int keepRows, long keepBytes, ProgressListener progress) {
        TrackedQuery tracked = registry.start(call, request.queryId().value(), request.sql());
        long started = System.nanoTime();
        CompletableFuture<CollectedResult> outcome = new CompletableFuture<>();
        Thread worker = Thread.ofVirtual().name("mcp-query-" + request.queryId()).unstarted(() -> {
            try {
                outcome.complete(collect(tracked, request, keepRows, keepBytes, started));
            } catch (Throwable t) {
                outcome.completeExceptionally(t);
            }
        });
        tracked.runOn(worker);
        worker.start();

        long deadline = timeout.isZero() ? Long.MAX_VALUE : started + timeout.toNanos();
        boolean timedOut = false;
        try {
            while (true) {
                long now = System.nanoTime();
                long wait = Math.min(progressInterval.toNanos(), Math.max(1, deadline - now));
                try {
                    return outcome.get(timedOut ? CANCEL_GRACE.toNanos() : wait, TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    if (timedOut) {
                        throw new SwitchboardException(ErrorCode.QUERY_TIMEOUT, "Query " + request.queryId()
                                + " ran longer than this call's limit of " + ResultCache.describe(timeout)
                                + " and is being canceled");
                    }
                    if (System.nanoTime() >= deadline) {
                        timedOut = true;
                        tracked.cancel();
                        continue;
                    }
                    double seconds = (System.nanoTime() - started) / 1e9;
                    progress.progress(seconds, tracked.rows(), "query " + request.queryId() + " "
                            + (tracked.cluster() == null ? "starting" : "running on " + tracked.cluster())
                            + ", " + tracked.rows() + " rows read, " + String.format(java.util.Locale.ROOT, "%.1f", seconds) + " s");
                }
            }
        } catch (ExecutionException e) {
            SwitchboardException error = SwitchboardException.wrap(e.getCause(), ErrorCode.INTERNAL);
            if (timedOut && error.code() == ErrorCode.QUERY_CANCELED) {
                throw new SwitchboardException(ErrorCode.QUERY_TIMEOUT, "Query " + request.queryId()
                        + " ran longer than this call's limit of " + ResultCache.describe(timeout)
                        + " and was canceled; narrow it down (filters, aggregation, LIMIT) and try again", error);
            }
            throw error;
        } catch (InterruptedException e) {
            tracked.cancel();
            Thread.currentThread().interrupt();
            throw new SwitchboardException(ErrorCode.QUERY_CANCELED, "Query " + request.queryId() + " was canceled");
        }
    }

    private CollectedResult collect(TrackedQuery tracked, QueryRequest request, int keepRows, long keepBytes, long started) {
        State state = State.FAILED;
        ErrorCode code = null;
        String message = null;
        try {
            if (tracked.cancelRequested()) {
                throw new SwitchboardException(ErrorCode.QUERY_CANCELED, "Query " + request.queryId() + " was canceled");
            }
            CollectedResult result;
            try (QueryExecution execution = pipeline.execute(request)) {
                tracked.attach(execution);
                List<Column> columns = execution.columns();
                List<List<Object>> rows = new ArrayList<>();
                long bytes = 0;
                String truncation = null;
                read:
                for (RowBatch batch = execution.nextBatch(); batch != null; batch = execution.nextBatch()) {
                    for (Object[] values : batch.rows()) {
                        if (rows.size() >= keepRows) {
                            truncation = "the result has more than " + keepRows + " rows, the most Switchboard keeps for one query";
                            break read;
                        }
                        List<Object> row = new ArrayList<>(values.length);
                        long rowBytes = 2;
                        for (int i = 0; i < values.length; i++) {
                            Object value = JsonValues.toJson(values[i], columns.get(i).type());
                            row.add(value);
                            rowBytes += JsonValues.estimatedBytes(value) + 1;
                        }
                        if (bytes + rowBytes > keepBytes) {
                            truncation = "the result is larger than " + keepBytes / 1024 + " KB, the most Switchboard keeps for one query";
                            break read;
                        }
                        rows.add(java.util.Collections.unmodifiableList(row));
                        bytes += rowBytes;
                    }
                    tracked.rowsRead(rows.size());
                }
                tracked.rowsRead(rows.size());
                if (truncation == null && execution.truncated()) {
                    truncation = "a guardrail stopped the result at its row limit";
                }
                result = new CollectedResult(request.queryId().value(), execution.context().analysis().kind().name(), columns,
                        rows, bytes, truncation != null, truncation, execution.updateCount(), execution.group(),
                        execution.cluster(), execution.engineType(), execution.notices(),
                        Math.round((System.nanoTime() - started) / 10_000.0) / 100.0);
            }
            state = State.SUCCEEDED;
            return result;
        } catch (RuntimeException e) {
            SwitchboardException error = SwitchboardException.wrap(e, ErrorCode.INTERNAL);
            code = error.code();
            message = error.getMessage();
            state = code == ErrorCode.QUERY_CANCELED ? State.CANCELED : DENIALS.contains(code) ? State.DENIED : State.FAILED;
            throw error;
        } finally {
            registry.finish(tracked, state, code, message);
            // A cancellation that raced with the end of the query must not leak into the next use of this thread.
            Thread.interrupted();
        }
    }
}
