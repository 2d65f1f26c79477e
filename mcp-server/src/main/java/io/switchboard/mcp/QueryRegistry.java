package io.switchboard.mcp;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.pipeline.QueryExecution;
import io.switchboard.mcp.Caller.QueryOwner;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The queries MCP callers started, so that {@code get_query_status}, {@code cancel_query} and
 * {@code notifications/cancelled} find them, and only for their owner. Running queries are
 * always kept; finished ones are remembered up to a bound, oldest forgotten first (the feedback
 * store keeps the full record).
 */
final class QueryRegistry {
    static final int MAX_FINISHED = 20_000;
    private static final int MAX_EARLY_CANCELS = 1_000;

    enum State { RUNNING, SUCCEEDED, FAILED, CANCELED, DENIED }

    /** One query of one caller: its state for status calls and its handles for cancellation. */
    static final class TrackedQuery {
        final String queryId;
        final QueryOwner owner;
        final String sql;
        final Instant startedAt = Instant.now();
        private final long startNanos = System.nanoTime();
        private Thread worker;
        private QueryExecution execution;
        private boolean cancelRequested;
        private volatile State state = State.RUNNING;
        private volatile long rows;
        private volatile long elapsedNanos = -1;
        private volatile String group;
        private volatile String cluster;
        private volatile String engine;
        private volatile ErrorCode errorCode;
        private volatile String errorMessage;

        TrackedQuery(String queryId, QueryOwner owner, String sql) {
            this.queryId = requireNonNull(queryId, "queryId is null");
            this.owner = requireNonNull(owner, "owner is null");
            this.sql = requireNonNull(sql, "sql is null");
        }

        /** The thread that will block in the pipeline; interrupting it cancels a query not yet placed. */
        synchronized void runOn(Thread thread) {
            this.worker = thread;
        }

        /** The query reached an engine: from now on cancellation goes to the engine statement. */
        synchronized void attach(QueryExecution queryExecution) {
            this.execution = queryExecution;
            this.worker = null;
            this.group = queryExecution.group();
            this.cluster = queryExecution.cluster();
            this.engine = queryExecution.engineType();
            if (cancelRequested) {
                queryExecution.cancel();
            }
        }

        /** Asks the query to stop; true when it was still running. Safe from any thread. */
        synchronized boolean cancel() {
            if (state != State.RUNNING) {
                return false;
            }
            boolean first = !cancelRequested;
            cancelRequested = true;
            if (execution != null) {
                execution.cancel();
            } else if (worker != null) {
                worker.interrupt();
            }
            return first;
        }

        synchronized boolean cancelRequested() {
            return cancelRequested;
        }

        void rowsRead(long count) {
            rows = count;
        }

        synchronized void finished(State outcome, ErrorCode code, String message) {
            worker = null;
            execution = null;
            elapsedNanos = System.nanoTime() - startNanos;
            errorCode = code;
            errorMessage = message;
            state = outcome;
        }

        State state() {
            return state;
        }

        long rows() {
            return rows;
        }

        double elapsedMillis() {
            long nanos = elapsedNanos >= 0 ? elapsedNanos : System.nanoTime() - startNanos;
            return Math.round(nanos / 10_000.0) / 100.0;
        }

        String group() {
            return group;
        }

        String cluster() {
            return cluster;
        }

        String engine() {
            return engine;
        }

        ErrorCode errorCode() {
            return errorCode;
        }

        String errorMessage() {
            return errorMessage;
        }
    }

    /** One tool call, which may run several queries (describe_table); the unit a client cancels. */
    static final class ToolCall {
        final QueryOwner owner;
        final String requestId;
        private final List<TrackedQuery> queries = new ArrayList<>();
        private boolean canceled;

        ToolCall(QueryOwner owner, String requestId) {
            this.owner = owner;
            this.requestId = requestId;
        }

        synchronized boolean isCanceled() {
            return canceled;
        }

        synchronized void cancel() {
            canceled = true;
            for (TrackedQuery query : queries) {
                query.cancel();
            }
        }

        /** Adds a query to the call; a call already canceled cancels it at once. */
        synchronized void add(TrackedQuery query) {
            queries.add(query);
            if (canceled) {
                query.cancel();
            }
        }
    }

    private final Map<String, TrackedQuery> running = new ConcurrentHashMap<>();
    private final LinkedHashMap<String, TrackedQuery> finished = new LinkedHashMap<>();
    private final Map<String, ToolCall> calls = new ConcurrentHashMap<>();
    /** Cancellations that arrived before their call registered (the notification overtook the request). */
    private final LinkedHashSet<String> earlyCancels = new LinkedHashSet<>();

    ToolCall beginCall(QueryOwner owner, String requestId) {
        ToolCall call = new ToolCall(owner, requestId);
        if (requestId != null) {
            String key = key(owner.sessionId(), requestId);
            calls.put(key, call);
            synchronized (earlyCancels) {
                if (earlyCancels.remove(key)) {
                    call.cancel();
                }
            }
        }
        return call;
    }

    void endCall(ToolCall call) {
        if (call.requestId != null) {
            calls.remove(key(call.owner.sessionId(), call.requestId), call);
        }
    }

    /**
     * Handles {@code notifications/cancelled}: cancels the call with that JSON-RPC id in that
     * session. Unknown ids are remembered briefly in case the request is still on its way.
     */
    void cancelRequest(String sessionId, String requestId) {
        String key = key(sessionId, requestId);
        ToolCall call = calls.get(key);
        if (call != null) {
            call.cancel();
            return;
        }
        synchronized (earlyCancels) {
            earlyCancels.add(key);
            Iterator<String> oldest = earlyCancels.iterator();
            while (earlyCancels.size() > MAX_EARLY_CANCELS && oldest.hasNext()) {
                oldest.next();
                oldest.remove();
            }
        }
    }

    TrackedQuery start(ToolCall call, String queryId, String sql) {
        TrackedQuery query = new TrackedQuery(queryId, call.owner, sql);
        running.put(queryId, query);
        call.add(query);
        return query;
    }

    void finish(TrackedQuery query, State outcome, ErrorCode code, String message) {
        query.finished(outcome, code, message);
        synchronized (finished) {
            finished.put(query.queryId, query);
            Iterator<TrackedQuery> oldest = finished.values().iterator();
            while (finished.size() > MAX_FINISHED && oldest.hasNext()) {
                oldest.next();
                oldest.remove();
            }
        }
        running.remove(query.queryId);
    }

    /** A query of this owner, running or remembered. Other owners' queries are not found. */
    Optional<TrackedQuery> find(QueryOwner owner, String queryId) {
        TrackedQuery query = running.get(queryId);
        if (query == null) {
            synchronized (finished) {
                query = finished.get(queryId);
            }
        }
        return Optional.ofNullable(query).filter(q -> q.owner.equals(owner));
    }

    int runningCount() {
        return running.size();
    }

    /** Cancels every running query (the frontend is closing). */
    void cancelAll() {
        for (TrackedQuery query : running.values()) {
            query.cancel();
        }
    }

    private static String key(String sessionId, String requestId) {
        return sessionId + '\n' + requestId;
    }
}
