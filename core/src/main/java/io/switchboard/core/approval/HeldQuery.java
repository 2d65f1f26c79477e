package io.switchboard.core.approval;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.session.QueryRequest;
import java.time.Instant;

/**
 * A query a guard put on hold, as the approval store keeps it: what a person needs to decide, the
 * decision once made, and the request as it would run so that it can still run after a restart.
 *
 * @param approvalId the id a person approves or rejects
 * @param displaySql the SQL as it would run, with secrets redacted, for people to read
 * @param request the request as it would run (after earlier guards' rewrites); its SQL is kept
 *     unredacted because it must run as written
 * @param clientWaits true when the client's thread waits for the decision (wire protocols),
 *     false when the client comes back for the result (MCP's {@code get_query_status})
 * @param guard the guard that held it
 * @param reason why it was held, for the person who decides
 * @param fingerprint the statement's shape hash, for the query record
 * @param statementKind the statement's kind, for the query record
 * @param decidedBy who decided (the admin user), or {@code "system"} for expiry and abandonment; null while pending
 * @param decidedAt when, or null while pending
 * @param comment the decider's comment (may be empty)
 * @param ranAt when the approved query was started; null until then. Set once (compare-and-set),
 *     which is what makes an approved query run exactly once
 */
public record HeldQuery(
        String approvalId,
        String displaySql,
        QueryRequest request,
        boolean clientWaits,
        String guard,
        String reason,
        String fingerprint,
        String statementKind,
        ApprovalState state,
        Instant createdAt,
        Instant deadline,
        String decidedBy,
        Instant decidedAt,
        String comment,
        Instant ranAt) {

    public HeldQuery {
        requireNonNull(approvalId, "approvalId is null");
        requireNonNull(displaySql, "displaySql is null");
        requireNonNull(request, "request is null");
        requireNonNull(guard, "guard is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(fingerprint, "fingerprint is null");
        requireNonNull(statementKind, "statementKind is null");
        requireNonNull(state, "state is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(deadline, "deadline is null");
        comment = comment == null ? "" : comment;
        if (state.isDecided() != (decidedAt != null)) {
            throw new IllegalArgumentException("a decided hold has a decision time and a pending one has none");
        }
        if (ranAt != null && state != ApprovalState.APPROVED) {
            throw new IllegalArgumentException("only an approved hold can have run");
        }
    }

    /**
     * The error a client gets for a hold that ended without running: rejected (with the
     * decider and comment), expired, or abandoned. Carries the query and approval ids.
     */
    public SwitchboardException outcomeError() {
        String because = comment.isEmpty() ? "" : ": " + comment;
        return switch (state) {
            case REJECTED -> new SwitchboardException(ErrorCode.APPROVAL_REJECTED, "Query " + queryId() + " was rejected by "
                    + decidedBy + " (approval " + approvalId + ")" + because + ". It did not run.");
            case EXPIRED -> new SwitchboardException(ErrorCode.APPROVAL_EXPIRED, "Query " + queryId()
                    + " was not approved before its deadline " + deadline + " (approval " + approvalId
                    + "). It did not run; send it again to ask anew.");
            case ABANDONED -> new SwitchboardException(ErrorCode.QUERY_CANCELED, "Query " + queryId() + " (approval "
                    + approvalId + ") was abandoned" + because + ". It did not run.");
            case PENDING, APPROVED -> throw new IllegalStateException("a hold that is " + state + " has not ended without running");
        };
    }

    public String queryId() {
        return request.queryId().value();
    }

    public String user() {
        return request.session().user();
    }

    /** The hold after its decision (no check: the store's compare-and-set decides who wins). */
    public HeldQuery decided(ApprovalState newState, String by, Instant at, String newComment) {
        return new HeldQuery(approvalId, displaySql, request, clientWaits, guard, reason, fingerprint, statementKind,
                newState, createdAt, deadline, by, at, newComment, null);
    }

    public HeldQuery ran(Instant at) {
        return new HeldQuery(approvalId, displaySql, request, clientWaits, guard, reason, fingerprint, statementKind,
                state, createdAt, deadline, decidedBy, decidedAt, comment, at);
    }
}
