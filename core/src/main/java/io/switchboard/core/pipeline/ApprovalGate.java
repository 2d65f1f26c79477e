package io.switchboard.core.pipeline;

import io.switchboard.core.approval.HeldQuery;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.session.QueryId;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where held queries wait for a person. The pipeline calls it when a guard answers
 * {@link VerdictAction#HOLD}; it returns when the query is approved and throws when it is
 * rejected, expires, or (for clients that do not wait) is left pending.
 *
 * <p>The default methods let frontends ask about holds without knowing the implementation; a
 * gate without an approval service answers that nothing is held.
 */
public interface ApprovalGate {
    /** Without an approval service nothing can approve a hold, so a hold fails closed. */
    ApprovalGate NONE = (context, verdict) -> {
        throw new SwitchboardException(ErrorCode.APPROVAL_PENDING,
                "Query held by " + verdict.guard() + " for approval, but no approval service is configured: "
                        + verdict.message());
    };

    void awaitApproval(QueryContext context, GuardVerdict verdict);

    /** The hold of a query, when one of its guards held it. */
    default Optional<HeldQuery> holdOfQuery(QueryId queryId) {
        return Optional.empty();
    }

    /**
     * Calls {@code listener} (on the query's own thread) when the query is put on hold, so that a
     * frontend can tell its client what to have approved. Close the returned handle when the
     * query's walk is over.
     */
    default Watch watchHold(QueryId queryId, Consumer<HeldQuery> listener) {
        return () -> { };
    }

    /** A registration that ends when closed. */
    interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * The hold verdict as the query record should keep it: the guard's verdict with what became
     * of the hold (approval id, state, who decided, comment). Called after {@link #awaitApproval}
     * returned or threw.
     */
    default GuardVerdict recordedVerdict(QueryContext context, GuardVerdict verdict) {
        return verdict;
    }

    /**
     * True when the walk that just ended must not be recorded now: the query was left pending for
     * a client that comes back for it, and it is recorded once, when it finally runs or its hold
     * ends. Asking consumes the answer.
     */
    default boolean recordsLater(QueryId queryId) {
        return false;
    }
}
