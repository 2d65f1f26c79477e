package io.switchboard.core.pipeline;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.feedback.QueryOutcome;
import io.switchboard.core.feedback.StageTimings;
import io.switchboard.core.result.Column;
import io.switchboard.core.result.ResultStream;
import io.switchboard.core.result.RowBatch;
import io.switchboard.core.session.QueryId;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A query that reached an engine: the frontend pulls batches from it and must close it. Closing
 * releases the capacity slot and records the outcome, exactly once, on every path.
 *
 * <p>{@link #nextBatch()} and {@link #close()} belong to the consuming thread;
 * {@link #cancel()} may come from any thread (a CancelRequest, a client that went away).
 */
public final class QueryExecution implements AutoCloseable {
    private final QueryPipeline pipeline;
    private final QueryContext context;
    private final List<GuardVerdict> verdicts;
    private final RoutingTrace trace;
    private final CapacityLease lease;
    private final TranslationResult translation;
    private final ResultStream stream;
    private final StageClock clock;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean canceled;
    private boolean exhausted;
    private boolean failureReported;
    private SwitchboardException failure;
    private long rows;
    private long bytes;

    QueryExecution(QueryPipeline pipeline, QueryContext context, List<GuardVerdict> verdicts, RoutingTrace trace,
            CapacityLease lease, TranslationResult translation, ResultStream stream, StageClock clock) {
        this.pipeline = pipeline;
        this.context = context;
        this.verdicts = List.copyOf(verdicts);
        this.trace = trace;
        this.lease = lease;
        this.translation = translation;
        this.stream = requireNonNull(stream, "stream is null");
        this.clock = clock;
    }

    public QueryId queryId() {
        return context.request().queryId();
    }

    public QueryContext context() {
        return context;
    }

    public List<Column> columns() {
        return stream.columns();
    }

    public boolean returnsRows() {
        return !stream.columns().isEmpty();
    }

    public long updateCount() {
        return stream.updateCount();
    }

    public boolean truncated() {
        return stream.truncated();
    }

    public List<GuardVerdict> verdicts() {
        return verdicts;
    }

    /**
     * Messages the client should see: warnings and rewrites by guards, and a translation that
     * fell back to sending the SQL as written (so an engine error that follows makes sense).
     */
    public List<String> notices() {
        List<String> notices = new java.util.ArrayList<>();
        for (GuardVerdict verdict : verdicts) {
            if (verdict.action() == VerdictAction.WARN || (verdict.action() == VerdictAction.REWRITE && !verdict.message().isEmpty())) {
                notices.add(verdict.guard() + ": " + verdict.message());
            }
        }
        if (translation != null && translation.status() == TranslationStatus.FELL_BACK) {
            notices.add("translation: " + translation.reason());
        }
        return notices;
    }

    public RoutingTrace trace() {
        return trace;
    }

    public String group() {
        return lease.group();
    }

    public String cluster() {
        return lease.cluster();
    }

    public String engineType() {
        return lease.engine().type().configName();
    }

    public TranslationResult translation() {
        return translation;
    }

    public long rowCount() {
        return rows;
    }

    /** The next batch, or null at the end. A failure is recorded and rethrown. */
    public RowBatch nextBatch() {
        if (closed.get()) {
            throw new IllegalStateException("query " + queryId() + " is closed");
        }
        if (exhausted) {
            return null;
        }
        try {
            RowBatch batch = stream.nextBatch();
            if (batch == null) {
                exhausted = true;
                return null;
            }
            rows += batch.size();
            bytes += batch.estimatedBytes();
            return batch;
        } catch (RuntimeException e) {
            SwitchboardException error = canceled && !(e instanceof SwitchboardException)
                    ? new SwitchboardException(ErrorCode.QUERY_CANCELED, "Query " + queryId() + " was canceled", e)
                    : SwitchboardException.wrap(e, ErrorCode.ENGINE_ERROR);
            failure = error;
            exhausted = true;
            if (error.code().countsAgainstCluster()) {
                lease.reportFailure(error.code());
                failureReported = true;
            }
            throw error;
        }
    }

    /** True when the next {@link #nextBatch()} is known to return null without waiting (see {@link ResultStream#exhausted()}). */
    public boolean exhausted() {
        return exhausted || (!closed.get() && stream.exhausted());
    }

    /** Stops the engine statement. Safe from any thread. */
    public void cancel() {
        canceled = true;
        stream.cancel();
    }

    public boolean isCanceled() {
        return canceled;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (!exhausted && !canceled) {
                // The client stopped reading early (closed a portal, disconnected): stop the engine too.
                stream.cancel();
            }
            stream.close();
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = SwitchboardException.wrap(e, ErrorCode.ENGINE_ERROR);
            }
        } finally {
            QueryOutcome outcome;
            if (failure != null) {
                outcome = failure.code() == ErrorCode.QUERY_CANCELED ? QueryOutcome.CANCELED : QueryOutcome.FAILED;
            } else if (canceled) {
                outcome = QueryOutcome.CANCELED;
            } else {
                outcome = QueryOutcome.SUCCEEDED;
            }
            try {
                if (outcome == QueryOutcome.SUCCEEDED) {
                    lease.reportSuccess();
                } else if (failure != null && failure.code().countsAgainstCluster() && !failureReported) {
                    lease.reportFailure(failure.code());
                }
            } finally {
                lease.close();
            }
            clock.mark(StageTimings.STREAM);
            SwitchboardException error = failure;
            if (error == null && outcome == QueryOutcome.CANCELED) {
                error = new SwitchboardException(ErrorCode.QUERY_CANCELED, "Query was canceled");
            }
            pipeline.finish(context, context.request(), verdicts, trace, lease, translation, clock, rows, bytes, outcome, error);
        }
    }
}
