package io.switchboard.core.pipeline;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;

/**
 * Where held queries wait for a person. The pipeline calls it when a guard answers
 * {@link VerdictAction#HOLD}; it returns when the query is approved and throws when it is
 * rejected, expires, or (for clients that do not wait) is left pending.
 */
public interface ApprovalGate {
    /** Without an approval service nothing can approve a hold, so a hold fails closed. */
    ApprovalGate NONE = (context, verdict) -> {
        throw new SwitchboardException(ErrorCode.APPROVAL_PENDING,
                "Query held by " + verdict.guard() + " for approval, but no approval service is configured: "
                        + verdict.message());
    };

    void awaitApproval(QueryContext context, GuardVerdict verdict);
}
