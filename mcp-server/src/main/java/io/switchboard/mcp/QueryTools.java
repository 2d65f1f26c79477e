package io.switchboard.mcp;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.approval.ApprovalState;
import io.switchboard.core.approval.HeldQuery;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.feedback.QueryRecord;
import io.switchboard.core.pipeline.ApprovalGate;
import io.switchboard.core.pipeline.CostEstimate;
import io.switchboard.core.pipeline.GuardVerdict;
import io.switchboard.core.pipeline.QueryPlan;
import io.switchboard.core.pipeline.RoutingTrace;
import io.switchboard.core.result.Column;
import io.switchboard.core.session.AgentContext;
import io.switchboard.core.session.FrontendProtocol;
import io.switchboard.core.session.QueryId;
import io.switchboard.core.session.QueryRequest;
import io.switchboard.core.session.SourceDialects;
import io.switchboard.mcp.QueryRegistry.ToolCall;
import io.switchboard.mcp.QueryRegistry.TrackedQuery;
import io.switchboard.mcp.QueryRunner.CollectedResult;
import io.switchboard.mcp.QueryRunner.ProgressListener;
import io.switchboard.mcp.ResultCache.KeptResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The query tools: execute_query, fetch_rows, explain_query, get_query_status, cancel_query. */
final class QueryTools {
    private static final Set<String> AGENT_ARGUMENTS = Set.of("intent", "agent_id", "conversation_id", "step_index", "tool_call_id");
    /** Rows shown in the text block; the structured content has the whole page. */
    private static final int TEXT_PREVIEW_ROWS = 20;

    private final ToolEnvironment environment;
    private final Map<String, Object> runTurns = new java.util.concurrent.ConcurrentHashMap<>();

    QueryTools(ToolEnvironment environment) {
        this.environment = requireNonNull(environment, "environment is null");
    }

    ToolAnswer executeQuery(Caller caller, ToolCall call, ToolArguments arguments, ProgressListener progress) {
        arguments.allowOnly(union(Set.of("sql", "max_rows", "engine_hint", "dialect"), AGENT_ARGUMENTS));
        McpOptions options = environment.options();
        String sql = arguments.requiredString("sql");
        int pageSize = arguments.optionalInteger("max_rows", 1, Integer.MAX_VALUE)
                .map(rows -> Math.min(rows, options.maxRows()))
                .orElse(options.defaultMaxRows());
        AgentContext agent = arguments.agentContext(caller.clientName(), true);
        QueryRequest request = environment.request(caller, sql, agent, arguments.optionalString("engine_hint").orElse(null),
                options.maxResultRows(), arguments.dialect());
        CollectedResult result;
        try {
            result = environment.runner().run(call, request, options.maxResultRows(), options.resultMaxBytesPerQuery(), progress);
        } catch (SwitchboardException e) {
            if (e.code() == ErrorCode.APPROVAL_PENDING) {
                // Held for a person: not an error of the agent's. It learns the id to ask about later.
                Optional<HeldQuery> hold = approvals().holdOfQuery(request.queryId());
                if (hold.isPresent()) {
                    return pendingAnswer(hold.get());
                }
            }
            throw e;
        }
        return resultAnswer(caller, result, pageSize);
    }

    /** The first page of a result (more through fetch_rows), as execute_query answers it. */
    private ToolAnswer resultAnswer(Caller caller, CollectedResult result, int pageSize) {
        List<Map<String, Object>> columns = columns(result.columns());
        int pageRows = Math.min(pageSize, result.rows().size());
        boolean hasMore = result.rows().size() > pageRows;
        String nextCursor = null;
        if (hasMore) {
            environment.results().keep(result.queryId(), caller.asOwner(), columns, result.rows(), result.truncated(), result.bytes());
            nextCursor = ResultCache.cursor(result.queryId(), pageRows);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("query_id", result.queryId());
        answer.put("statement_kind", result.statementKind());
        answer.put("columns", columns);
        answer.put("rows", result.rows().subList(0, pageRows));
        answer.put("row_count", pageRows);
        answer.put("rows_available", result.rows().size());
        answer.put("has_more", hasMore);
        answer.put("next_cursor", nextCursor);
        answer.put("truncated", result.truncated());
        answer.put("truncation_reason", result.truncationReason());
        answer.put("update_count", result.columns().isEmpty() && result.updateCount() >= 0 ? result.updateCount() : null);
        answer.put("group", result.group());
        answer.put("cluster", result.cluster());
        answer.put("engine", result.engine());
        answer.put("elapsed_ms", result.elapsedMillis());
        answer.put("warnings", result.warnings());

        StringBuilder text = new StringBuilder();
        if (result.columns().isEmpty()) {
            text.append("Statement done").append(result.updateCount() >= 0 ? ", " + result.updateCount() + " rows changed" : "");
        } else {
            text.append(pageRows).append(pageRows == 1 ? " row" : " rows");
            if (hasMore) {
                text.append(" of ").append(result.rows().size()).append(" (call fetch_rows with query_id and next_cursor for more)");
            }
            if (result.truncated()) {
                text.append("; result truncated: ").append(result.truncationReason());
            }
        }
        text.append(". query_id ").append(result.queryId()).append(", ran on ").append(result.group()).append('/')
                .append(result.cluster()).append(" (").append(result.engine()).append(") in ")
                .append(String.format(Locale.ROOT, "%.1f", result.elapsedMillis())).append(" ms.");
        for (String warning : result.warnings()) {
            text.append("\nWarning: ").append(warning);
        }
        appendTable(text, columns, result.rows().subList(0, pageRows));
        return new ToolAnswer(answer, text.toString());
    }

    ToolAnswer fetchRows(Caller caller, ToolArguments arguments) {
        arguments.allowOnly(Set.of("query_id", "cursor", "max_rows"));
        String queryId = arguments.requiredString("query_id").strip();
        String cursor = arguments.requiredString("cursor").strip();
        int pageSize = arguments.optionalInteger("max_rows", 1, Integer.MAX_VALUE)
                .map(rows -> Math.min(rows, environment.options().maxRows()))
                .orElse(environment.options().defaultMaxRows());
        Optional<KeptResult> kept = environment.results().find(queryId).filter(result -> caller.owns(result.owner()));
        if (kept.isEmpty()) {
            Optional<ResultCache.Tombstone> tombstone = environment.results().tombstone(queryId)
                    .filter(stone -> caller.owns(stone.owner()));
            if (tombstone.isPresent()) {
                throw new ToolFailure(ToolFailure.RESULT_EXPIRED, "The rows of query " + queryId + " are no longer available: "
                        + tombstone.get().reason() + ". Run the query again, ideally narrower (filters, aggregation, LIMIT).");
            }
            throw new SwitchboardException(ErrorCode.QUERY_NOT_FOUND, "No kept result for query " + queryId
                    + " in this session. Only results of execute_query calls with has_more=true can be paged, by the session that ran them.");
        }
        KeptResult result = kept.get();
        int offset = ResultCache.offset(queryId, cursor).orElseThrow(() -> new SwitchboardException(ErrorCode.INVALID_ARGUMENT,
                "fetch_rows: cursor '" + cursor + "' does not belong to query " + queryId + "; pass the next_cursor of its last page"));
        if (offset > result.rows().size()) {
            throw new SwitchboardException(ErrorCode.INVALID_ARGUMENT, "fetch_rows: cursor points past the end of the result");
        }
        int end = Math.min(result.rows().size(), offset + pageSize);
        boolean hasMore = end < result.rows().size();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("query_id", queryId);
        answer.put("columns", result.columns());
        answer.put("rows", result.rows().subList(offset, end));
        answer.put("row_count", end - offset);
        answer.put("offset", offset);
        answer.put("rows_available", result.rows().size());
        answer.put("has_more", hasMore);
        answer.put("next_cursor", hasMore ? ResultCache.cursor(queryId, end) : null);
        answer.put("truncated", result.truncated());
        answer.put("expires_at", result.expiresAt().toString());
        StringBuilder text = new StringBuilder();
        text.append("Rows ").append(offset + 1).append('-').append(end).append(" of ").append(result.rows().size())
                .append(" of query ").append(queryId).append(hasMore ? "; more with next_cursor." : "; that is the end.");
        appendTable(text, result.columns(), result.rows().subList(offset, end));
        return new ToolAnswer(answer, text.toString());
    }

    ToolAnswer explainQuery(Caller caller, ToolArguments arguments) {
        arguments.allowOnly(union(Set.of("sql", "engine_hint", "dialect"), AGENT_ARGUMENTS));
        String sql = arguments.requiredString("sql");
        QueryRequest request = environment.request(caller, sql, arguments.agentContext(caller.clientName(), true),
                arguments.optionalString("engine_hint").orElse(null), null, arguments.dialect());
        QueryPlan plan = environment.runner().pipeline().explain(request);

        Map<String, Object> analysis = new LinkedHashMap<>();
        analysis.put("statement_kind", plan.analysis().kind().name());
        analysis.put("tables", plan.analysis().tables().stream().map(Object::toString).toList());
        analysis.put("fingerprint", plan.analysis().fingerprint().hash());
        analysis.put("normalized_shape", plan.analysis().fingerprint().normalized());
        analysis.put("limit", plan.analysis().outermostLimit());
        analysis.put("features", plan.analysis().features().stream().map(Enum::name).sorted().toList());
        analysis.put("parsed", plan.analysis().parsed());
        List<Map<String, Object>> verdicts = new ArrayList<>();
        Map<String, Object> costEstimate = null;
        for (GuardVerdict verdict : plan.verdicts()) {
            verdicts.add(Map.of("guard", verdict.guard(), "action", verdict.action().name(), "message", verdict.message(),
                    "details", verdict.details()));
            java.util.Optional<CostEstimate> estimate = verdict.attribute(CostEstimate.ATTRIBUTE);
            if (estimate.isPresent()) {
                costEstimate = costEstimate(estimate.get(), verdict);
            }
        }
        RoutingTrace trace = plan.trace();
        List<Map<String, Object>> steps = new ArrayList<>();
        for (RoutingTrace.Step step : trace.steps()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("router", step.router());
            entry.put("action", step.answer().action().name());
            entry.put("group", step.answer().group());
            entry.put("confidence", step.answer().confidence());
            entry.put("reason", step.answer().reason());
            entry.put("micros", step.micros());
            steps.add(entry);
        }
        Map<String, Object> route = new LinkedHashMap<>();
        route.put("group", trace.group());
        route.put("decided_by", trace.decidedBy());
        route.put("cluster", trace.cluster());
        route.put("placement", trace.placement());
        route.put("summary", trace.summary());
        route.put("steps", steps);
        Map<String, Object> translation = new LinkedHashMap<>();
        translation.put("sql", plan.translation().sql());
        translation.put("status", plan.translation().status().name());
        translation.put("reason", plan.translation().reason());
        translation.put("source_dialect", SourceDialects.nameOf(request.sourceDialect()));

        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("query_id", request.queryId().value());
        answer.put("analysis", analysis);
        answer.put("verdicts", verdicts);
        answer.put("route", route);
        answer.put("engine", plan.engineType());
        answer.put("translation", translation);
        answer.put("engine_plan", plan.enginePlan());
        answer.put("cost_estimate", costEstimate);
        String text = plan.analysis().kind() + " on " + analysis.get("tables") + ": " + trace.summary() + ", engine "
                + plan.engineType() + ", translation " + plan.translation().status()
                + (plan.translation().reason().isEmpty() ? "" : " (" + plan.translation().reason() + ")")
                + " from " + SourceDialects.nameOf(request.sourceDialect())
                + (costEstimate == null ? "" : "\nCost estimate: " + costEstimate.get("summary"))
                + "\nSQL sent: " + plan.translation().sql() + "\nEngine plan:\n" + plan.enginePlan();
        return new ToolAnswer(answer, text);
    }

    ToolAnswer queryStatus(Caller caller, ToolCall call, ToolArguments arguments, ProgressListener progress) {
        arguments.allowOnly(Set.of("query_id"));
        String queryId = arguments.requiredString("query_id").strip();
        Optional<HeldQuery> hold = ownHold(caller, queryId);
        if (hold.isPresent()) {
            HeldQuery held = hold.get();
            if (held.state() == ApprovalState.APPROVED && held.ranAt() == null) {
                Optional<ToolAnswer> ran = runApproved(caller, call, held, progress);
                if (ran.isPresent()) {
                    return ran.get();
                }
                held = ownHold(caller, queryId).orElse(held);
            }
            if (held.state() != ApprovalState.APPROVED) {
                return holdStatus(held);
            }
            // Approved and started: the registry (this session) or the record tells how it went.
            Optional<TrackedQuery> tracked = environment.registry().find(caller.asOwner(), queryId);
            if (tracked.isPresent()) {
                return trackedStatus(tracked.get(), held);
            }
            return recordedStatus(caller, held);
        }
        return trackedStatus(ownQuery(caller, queryId), null);
    }

    private ToolAnswer trackedStatus(TrackedQuery query, HeldQuery hold) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("query_id", query.queryId);
        answer.put("state", query.state().name());
        answer.put("sql", query.sql);
        answer.put("elapsed_ms", query.elapsedMillis());
        Optional<QueryRecord> record = query.state() == QueryRegistry.State.RUNNING
                ? Optional.empty() : environment.feedback().findQuery(query.queryId);
        answer.put("rows", record.map(QueryRecord::rows).orElse(query.rows()));
        answer.put("group", record.map(QueryRecord::group).orElse(query.group()));
        answer.put("cluster", record.map(QueryRecord::cluster).orElse(query.cluster()));
        answer.put("engine", record.map(QueryRecord::engine).orElse(query.engine()));
        answer.put("error_code", query.errorCode() == null ? null : query.errorCode().name());
        answer.put("error_message", query.errorMessage());
        boolean available = environment.results().find(query.queryId).isPresent();
        answer.put("result_available", available);
        if (hold != null) {
            answer.put("approval", approval(hold));
        }
        String text = "Query " + query.queryId + " is " + query.state() + " after "
                + String.format(Locale.ROOT, "%.1f", query.elapsedMillis()) + " ms"
                + (query.errorCode() == null ? "" : " (" + query.errorCode() + ": " + query.errorMessage() + ")")
                + (available ? "; its rows can be paged with fetch_rows." : ".");
        return new ToolAnswer(answer, text);
    }

    // ---- held queries ----

    private ApprovalGate approvals() {
        return environment.runner().pipeline().approvals();
    }

    /**
     * The hold of a query, if the caller's user sent it through MCP. Holds outlive sessions (and
     * restarts), so they belong to the user rather than the session; anyone else learns nothing.
     */
    private Optional<HeldQuery> ownHold(Caller caller, String queryId) {
        QueryId id;
        try {
            id = new QueryId(queryId);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return approvals().holdOfQuery(id).filter(hold -> hold.request().session().frontend() == FrontendProtocol.MCP
                && hold.user().equals(caller.user()));
    }

    /**
     * Runs an approved hold now; empty when another call started it first. Status calls for the
     * same query in this process take turns, so that the second one reports the first one's run
     * instead of racing it (the store's compare-and-set would refuse it anyway).
     */
    private Optional<ToolAnswer> runApproved(Caller caller, ToolCall call, HeldQuery approved, ProgressListener progress) {
        Object turn = runTurns.computeIfAbsent(approved.queryId(), id -> new Object());
        try {
            synchronized (turn) {
                HeldQuery hold = ownHold(caller, approved.queryId()).orElse(approved);
                if (hold.ranAt() != null) {
                    return Optional.empty();
                }
                McpOptions options = environment.options();
                CollectedResult result = environment.runner().run(call, hold.request(), options.maxResultRows(),
                        options.resultMaxBytesPerQuery(), progress);
                int pageSize = hold.request().hint(QueryRequest.HINT_MAX_ROWS).map(Integer::parseInt)
                        .map(rows -> Math.min(rows, options.defaultMaxRows())).orElse(options.defaultMaxRows());
                ToolAnswer page = resultAnswer(caller, result, pageSize);
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("query_id", result.queryId());
                answer.put("state", QueryRegistry.State.SUCCEEDED.name());
                answer.put("sql", hold.displaySql());
                answer.put("elapsed_ms", result.elapsedMillis());
                answer.put("rows", (long) result.rows().size());
                answer.put("group", result.group());
                answer.put("cluster", result.cluster());
                answer.put("engine", result.engine());
                answer.put("error_code", null);
                answer.put("error_message", null);
                answer.put("result_available", environment.results().find(result.queryId()).isPresent());
                answer.put("approval", approval(ownHold(caller, hold.queryId()).orElse(hold)));
                answer.put("result", page.structured());
                return Optional.of(new ToolAnswer(answer, "Approved by " + hold.decidedBy() + " and run now. " + page.text()));
            }
        } finally {
            runTurns.remove(approved.queryId(), turn);
        }
    }

    private ToolAnswer recordedStatus(Caller caller, HeldQuery hold) {
        Optional<QueryRecord> record = environment.feedback().findQuery(hold.queryId());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("query_id", hold.queryId());
        answer.put("state", record.map(r -> r.outcome().name()).orElse(QueryRegistry.State.RUNNING.name()));
        answer.put("sql", hold.displaySql());
        answer.put("elapsed_ms", record.map(r -> r.elapsedMicros() / 1000.0).orElse(0.0));
        answer.put("rows", record.map(QueryRecord::rows).orElse(null));
        answer.put("group", record.map(QueryRecord::group).orElse(null));
        answer.put("cluster", record.map(QueryRecord::cluster).orElse(null));
        answer.put("engine", record.map(QueryRecord::engine).orElse(null));
        answer.put("error_code", record.map(QueryRecord::errorCode).map(Enum::name).orElse(null));
        answer.put("error_message", record.map(QueryRecord::errorMessage).orElse(null));
        boolean available = environment.results().find(hold.queryId()).filter(kept -> caller.owns(kept.owner())).isPresent();
        answer.put("result_available", available);
        answer.put("approval", approval(hold));
        String text = "Query " + hold.queryId() + " was approved by " + hold.decidedBy() + " and started at " + hold.ranAt()
                + (record.isPresent() ? "; it ended " + record.get().outcome() : "; it has not ended yet")
                + ". An approved query runs once; send it again to run it again.";
        return new ToolAnswer(answer, text);
    }

    /** A hold that has not run: pending, or decided against (rejected, expired, abandoned). */
    private ToolAnswer holdStatus(HeldQuery hold) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("query_id", hold.queryId());
        answer.put("state", switch (hold.state()) {
            case PENDING -> "PENDING_APPROVAL";
            case ABANDONED -> QueryRegistry.State.CANCELED.name();
            default -> QueryRegistry.State.DENIED.name();
        });
        answer.put("status", hold.state() == ApprovalState.PENDING ? "pending_approval" : hold.state().apiName());
        answer.put("approval_id", hold.approvalId());
        answer.put("sql", hold.displaySql());
        Instant end = hold.decidedAt() == null ? Instant.now() : hold.decidedAt();
        answer.put("elapsed_ms", Math.max(0, java.time.Duration.between(hold.request().receivedAt(), end).toNanos() / 1e6));
        answer.put("rows", null);
        answer.put("group", null);
        answer.put("cluster", null);
        answer.put("engine", null);
        String text;
        if (hold.state() == ApprovalState.PENDING) {
            answer.put("error_code", null);
            answer.put("error_message", null);
            text = "Query " + hold.queryId() + " is still waiting for approval " + hold.approvalId() + " (" + hold.reason()
                    + "); a person decides by " + hold.deadline() + ". Ask again later; once approved, this call runs it.";
        } else {
            SwitchboardException error = hold.outcomeError();
            answer.put("error_code", error.code().name());
            answer.put("error_message", error.getMessage());
            text = error.getMessage();
        }
        answer.put("result_available", false);
        answer.put("approval", approval(hold));
        return new ToolAnswer(answer, text);
    }

    private ToolAnswer pendingAnswer(HeldQuery hold) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "pending_approval");
        answer.put("query_id", hold.queryId());
        answer.put("approval_id", hold.approvalId());
        answer.put("reason", hold.reason());
        answer.put("deadline", hold.deadline().toString());
        String text = "Query " + hold.queryId() + " is held for approval " + hold.approvalId() + ": " + hold.reason()
                + ". A person must approve it by " + hold.deadline() + ". Call get_query_status with query_id " + hold.queryId()
                + " later: it reports the decision and, once approved, runs the query and returns its rows.";
        return new ToolAnswer(answer, text);
    }

    private static Map<String, Object> approval(HeldQuery hold) {
        Map<String, Object> approval = new LinkedHashMap<>();
        approval.put("approval_id", hold.approvalId());
        approval.put("state", hold.state().apiName());
        approval.put("reason", hold.reason());
        approval.put("deadline", hold.deadline().toString());
        approval.put("decided_by", hold.decidedBy());
        approval.put("decided_at", hold.decidedAt() == null ? null : hold.decidedAt().toString());
        approval.put("comment", hold.comment());
        approval.put("ran_at", hold.ranAt() == null ? null : hold.ranAt().toString());
        return approval;
    }

    ToolAnswer cancelQuery(Caller caller, ToolArguments arguments) {
        arguments.allowOnly(Set.of("query_id"));
        TrackedQuery query = ownQuery(caller, arguments.requiredString("query_id").strip());
        boolean canceled = query.cancel();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("query_id", query.queryId);
        answer.put("canceled", canceled);
        answer.put("state", canceled ? "CANCELING" : query.state().name());
        String text = canceled ? "Canceling query " + query.queryId + "; its engine statement is being stopped."
                : "Query " + query.queryId + " is not running (" + query.state() + "); nothing to cancel.";
        return new ToolAnswer(answer, text);
    }

    private TrackedQuery ownQuery(Caller caller, String queryId) {
        return environment.registry().find(caller.asOwner(), queryId).orElseThrow(() -> new SwitchboardException(
                ErrorCode.QUERY_NOT_FOUND, "No query " + queryId + " of this session is known; only queries this session started are visible"));
    }

    static List<Map<String, Object>> columns(List<Column> columns) {
        List<Map<String, Object>> result = new ArrayList<>(columns.size());
        for (Column column : columns) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", column.name());
            String engineName = column.type().engineTypeName();
            entry.put("type", engineName.isEmpty() ? column.type().displayName() : engineName);
            result.add(entry);
        }
        return result;
    }

    /** A small tab-separated preview of the rows for text-only clients. */
    static void appendTable(StringBuilder text, List<Map<String, Object>> columns, List<List<Object>> rows) {
        if (columns.isEmpty()) {
            return;
        }
        text.append('\n');
        text.append(String.join("\t", columns.stream().map(c -> String.valueOf(c.get("name"))).toList()));
        int shown = Math.min(rows.size(), TEXT_PREVIEW_ROWS);
        for (int i = 0; i < shown; i++) {
            text.append('\n');
            List<Object> row = rows.get(i);
            for (int j = 0; j < row.size(); j++) {
                if (j > 0) {
                    text.append('\t');
                }
                text.append(row.get(j) == null ? "NULL" : row.get(j));
            }
        }
        if (rows.size() > shown) {
            text.append("\n... ").append(rows.size() - shown).append(" more rows in the structured content");
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }

    /** The cost guard's estimate for explain_query: figures (negative when unknown), where they come from, and its verdict. */
    private static Map<String, Object> costEstimate(CostEstimate estimate, GuardVerdict verdict) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("cluster", estimate.cluster());
        entry.put("rows", estimate.rows());
        entry.put("bytes", estimate.bytes());
        entry.put("cpu_seconds", estimate.cpuSeconds());
        entry.put("dollars", estimate.dollars());
        entry.put("source", estimate.source().name());
        entry.put("detail", estimate.detail());
        entry.put("action", verdict.action().name());
        entry.put("summary", String.format(Locale.ROOT, "%s: %.0f rows, %.0f bytes on %s, $%.6f (%s)%s", verdict.action().name().toLowerCase(
                Locale.ROOT), estimate.rows(), estimate.bytes(), estimate.cluster(), estimate.dollars(),
                estimate.source() == CostEstimate.Source.ENGINE_EXPLAIN ? "engine EXPLAIN" : "table statistics",
                verdict.message().isEmpty() ? "" : " - " + verdict.message()));
        return entry;
    }
}
