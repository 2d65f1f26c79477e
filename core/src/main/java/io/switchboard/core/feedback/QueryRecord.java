package io.switchboard.core.feedback;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.pipeline.GuardVerdict;
import io.switchboard.core.pipeline.RoutingTrace;
import io.switchboard.core.pipeline.TranslationStatus;
import io.switchboard.core.session.AgentContext;
import io.switchboard.core.session.FrontendProtocol;
import io.switchboard.core.session.QueryId;
import java.time.Instant;
import java.util.List;

/**
 * What happened to one query, as the feedback store keeps it. The SQL is stored with secrets
 * redacted ({@link io.switchboard.core.sql.SecretRedactor}).
 *
 * @param fingerprint the shape hash, so statistics can be kept per shape
 * @param trace the routing trace, or null when the query never reached routing
 * @param group the group that ran it, or null
 * @param cluster the cluster that ran it, or null
 * @param engine the engine type's config name, or null
 * @param translationReason why translation did what it did, or empty
 * @param errorCode the error of a failed or denied query, else null
 */
public record QueryRecord(
        QueryId queryId,
        Instant receivedAt,
        String user,
        FrontendProtocol frontend,
        String clientAddress,
        String database,
        String sql,
        String fingerprint,
        String statementKind,
        List<GuardVerdict> verdicts,
        RoutingTrace trace,
        String group,
        String cluster,
        String engine,
        TranslationStatus translationStatus,
        String translationReason,
        StageTimings timings,
        long elapsedMicros,
        long rows,
        long bytes,
        QueryOutcome outcome,
        ErrorCode errorCode,
        String errorMessage,
        AgentContext agentContext) {

    public QueryRecord {
        requireNonNull(queryId, "queryId is null");
        requireNonNull(receivedAt, "receivedAt is null");
        requireNonNull(user, "user is null");
        requireNonNull(frontend, "frontend is null");
        requireNonNull(sql, "sql is null");
        requireNonNull(fingerprint, "fingerprint is null");
        requireNonNull(statementKind, "statementKind is null");
        verdicts = List.copyOf(requireNonNull(verdicts, "verdicts is null"));
        translationReason = translationReason == null ? "" : translationReason;
        requireNonNull(timings, "timings is null");
        requireNonNull(outcome, "outcome is null");
        requireNonNull(agentContext, "agentContext is null");
    }
}
