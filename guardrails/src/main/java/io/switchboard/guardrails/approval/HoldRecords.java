package io.switchboard.guardrails.approval;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.approval.ApprovalState;
import io.switchboard.core.approval.HeldQuery;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.feedback.FeedbackStore;
import io.switchboard.core.feedback.QueryOutcome;
import io.switchboard.core.feedback.QueryRecord;
import io.switchboard.core.feedback.StageTimings;
import io.switchboard.core.pipeline.GuardVerdict;
import io.switchboard.core.pipeline.VerdictAction;
import io.switchboard.core.session.QueryRequest;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How holds appear in the record of queries: the hold verdict carries the approval id, its state,
 * who decided, when and why; and a hold that ends without a walk to record it (an MCP query
 * rejected or expired, a wire hold left by a restart) is recorded here, once, as denied (or
 * canceled, when abandoned) with its error code.
 */
final class HoldRecords {
    private static final Logger log = LoggerFactory.getLogger(HoldRecords.class);

    private final FeedbackStore feedback;

    HoldRecords(FeedbackStore feedback) {
        this.feedback = requireNonNull(feedback, "feedback is null");
    }

    /** The guard's hold verdict with what became of the hold. */
    static GuardVerdict verdict(GuardVerdict verdict, HeldQuery hold) {
        Map<String, String> details = new LinkedHashMap<>(verdict.details());
        details.put("approvalId", hold.approvalId());
        details.put("approvalState", hold.state().apiName());
        if (hold.decidedBy() != null) {
            details.put("decidedBy", hold.decidedBy());
            details.put("decidedAt", hold.decidedAt().toString());
        }
        if (!hold.comment().isEmpty()) {
            details.put("comment", hold.comment());
        }
        return verdict.withDetails(details);
    }

    /** Records a hold that ended without running and without a walk that records it. */
    void recordEnd(HeldQuery hold) {
        if (hold.state() == ApprovalState.PENDING || hold.state() == ApprovalState.APPROVED) {
            throw new IllegalArgumentException("only a hold that will never run has ended: " + hold.state());
        }
        QueryRequest request = hold.request();
        SwitchboardException error = hold.outcomeError();
        GuardVerdict held = verdict(new GuardVerdict(hold.guard(), VerdictAction.HOLD, hold.reason(), null, null, Map.of()), hold);
        long elapsed = Math.max(0, ChronoUnit.MICROS.between(request.receivedAt(), hold.decidedAt()));
        try {
            feedback.record(new QueryRecord(
                    request.queryId(),
                    request.receivedAt(),
                    request.session().user(),
                    request.session().frontend(),
                    request.session().clientAddress(),
                    request.session().database(),
                    hold.displaySql(),
                    hold.fingerprint(),
                    hold.statementKind(),
                    List.of(held),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    new StageTimings(Map.of()),
                    elapsed,
                    0,
                    0,
                    hold.state() == ApprovalState.ABANDONED ? QueryOutcome.CANCELED : QueryOutcome.DENIED,
                    error.code(),
                    error.getMessage(),
                    request.agentContext()));
        } catch (RuntimeException e) {
            // As in the pipeline: recording never fails what the caller did; the store counts its drops.
            log.warn("Could not record the end of hold {} (query {})", hold.approvalId(), hold.queryId(), e);
        }
    }
}
