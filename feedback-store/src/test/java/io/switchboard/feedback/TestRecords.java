package io.switchboard.feedback;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.feedback.QueryOutcome;
import io.switchboard.core.feedback.QueryRecord;
import io.switchboard.core.feedback.StageTimings;
import io.switchboard.core.pipeline.GuardVerdict;
import io.switchboard.core.pipeline.RouteAnswer;
import io.switchboard.core.pipeline.RoutingTrace;
import io.switchboard.core.pipeline.TranslationStatus;
import io.switchboard.core.pipeline.VerdictAction;
import io.switchboard.core.session.AgentContext;
import io.switchboard.core.session.FrontendProtocol;
import io.switchboard.core.session.QueryId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Records for the store tests: one with every field set, one with every nullable field null. */
final class TestRecords {
    private TestRecords() {}

    /** Every field set, with text and numbers that are easy to get wrong in JSON or SQL. */
    static QueryRecord full(String id, Instant receivedAt) {
        Map<String, Long> micros = new LinkedHashMap<>();
        micros.put(StageTimings.ANALYZE, 12L);
        micros.put(StageTimings.GUARDS, 7L);
        micros.put(StageTimings.ROUTE, 31L);
        micros.put(StageTimings.QUEUE, 2_000L);
        micros.put(StageTimings.TRANSLATE, 1_400L);
        micros.put(StageTimings.EXECUTE, 88_000L);
        micros.put(StageTimings.STREAM, 5_000_000_000L);
        List<GuardVerdict> verdicts = List.of(
                GuardVerdict.allow("ReadOnlyGuard"),
                GuardVerdict.rewrite("RowLimitGuard", "SELECT * FROM orders LIMIT 1000", "added LIMIT 1000")
                        .withDetails(Map.of("limit", "1000", "reason", "no LIMIT")),
                new GuardVerdict("CostEstimateGuard", VerdictAction.WARN, "costly \"scan\"\n of 3 tables", null, null,
                        Map.of("estimate", "12.5")),
                new GuardVerdict("HumanApprovalGuard", VerdictAction.HOLD, "waiting for approval", ErrorCode.APPROVAL_PENDING,
                        null, Map.of()),
                GuardVerdict.deny("PIIMaskGuard", ErrorCode.QUERY_DENIED, "column ssn is masked"));
        RoutingTrace trace = new RoutingTrace(
                List.of(
                        new RoutingTrace.Step("adaptive", RouteAnswer.pass("novel shape"), 12),
                        new RoutingTrace.Step("semantic", RouteAnswer.to("analytics", 0.1 + 0.2, "nearest shape 0.93"), 3_051),
                        new RoutingTrace.Step("queryRegex", RouteAnswer.deny("no DROP here"), 4)),
                "analytics",
                "semantic",
                "duckdb-1",
                "least loaded; waited 2 ms");
        return new QueryRecord(
                new QueryId(id),
                receivedAt,
                "alice",
                FrontendProtocol.POSTGRES_WIRE,
                "127.0.0.1:51234",
                "warehouse",
                "SELECT 'naïve ✓', \"quoted\" FROM orders WHERE secret = '***' -- ;\n",
                "f3a9c2",
                "SELECT",
                verdicts,
                trace,
                "analytics",
                "duckdb-1",
                "duckDb",
                TranslationStatus.TRANSLATED,
                "postgres → duckdb",
                new StageTimings(micros),
                5_000_102_463L,
                1_234_567_890_123L,
                Long.MAX_VALUE,
                QueryOutcome.FAILED,
                ErrorCode.ENGINE_ERROR,
                "Binder Error: column \"x\" not found",
                new AgentContext("agent-7", "conversation-9", 3, "call_01", "find late orders"));
    }

    /** Every nullable field null (and the optional collections empty). */
    static QueryRecord minimal(String id, Instant receivedAt) {
        return new QueryRecord(
                new QueryId(id),
                receivedAt,
                "bob",
                FrontendProtocol.MCP,
                null,
                null,
                "SELEC nonsense",
                "",
                "UNKNOWN",
                List.of(),
                null,
                null,
                null,
                null,
                null,
                null,
                new StageTimings(Map.of()),
                0,
                0,
                0,
                QueryOutcome.DENIED,
                null,
                null,
                AgentContext.NONE);
    }
}
