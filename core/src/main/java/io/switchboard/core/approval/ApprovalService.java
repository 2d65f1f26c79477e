package io.switchboard.core.approval;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.pipeline.ApprovalGate;
import java.util.List;
import java.util.Optional;

/**
 * The approval gate seen from the people who decide (the admin REST API, Studio): list holds,
 * read one, approve or reject it.
 */
public interface ApprovalService extends ApprovalGate {

    /** Holds in the given state (every state when null), newest first. */
    List<HeldQuery> list(ApprovalState state, int limit);

    Optional<HeldQuery> find(String approvalId);

    /** Approves or rejects a pending hold on behalf of {@code decidedBy}. */
    Decision decide(String approvalId, boolean approve, String decidedBy, String comment);

    /** What a decision did: {@link Outcome#DECIDED}, or why not, with the hold as it is now (null when not found). */
    record Decision(Outcome outcome, HeldQuery hold) {
        public Decision {
            requireNonNull(outcome, "outcome is null");
            if (outcome != Outcome.NOT_FOUND) {
                requireNonNull(hold, "hold is null");
            }
        }
    }

    enum Outcome {
        DECIDED,
        /** Someone (or the deadline) decided first; the hold shows what was decided. */
        ALREADY_DECIDED,
        NOT_FOUND
    }
}
