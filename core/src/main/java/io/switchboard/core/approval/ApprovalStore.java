package io.switchboard.core.approval;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where holds are kept: the feedback store's DuckDB file by default, memory for
 * {@code persistence: inMemory}. State changes are compare-and-set, so that of two concurrent
 * decisions (two admins, an admin and the deadline) exactly one wins.
 */
public interface ApprovalStore extends AutoCloseable {

    void create(HeldQuery hold);

    Optional<HeldQuery> find(String approvalId);

    Optional<HeldQuery> findByQuery(String queryId);

    /** Holds in the given state (every state when null), newest first, at most {@code limit}. */
    List<HeldQuery> list(ApprovalState state, int limit);

    /**
     * Moves a pending hold to {@code state}; false when it was no longer pending (someone else
     * decided first) or does not exist.
     */
    boolean decide(String approvalId, ApprovalState state, String decidedBy, Instant decidedAt, String comment);

    /** Marks an approved hold as started; false when it is not approved or has already run. */
    boolean markRan(String approvalId, Instant ranAt);

    @Override
    void close();
}
