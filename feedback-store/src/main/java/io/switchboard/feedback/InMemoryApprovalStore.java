package io.switchboard.feedback;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.approval.ApprovalState;
import io.switchboard.core.approval.ApprovalStore;
import io.switchboard.core.approval.HeldQuery;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds in memory, for {@code persistence: inMemory}: nothing survives a restart. Each
 * compare-and-set is one atomic {@link ConcurrentHashMap#replace(Object, Object, Object)} of
 * the hold as it was read.
 */
public final class InMemoryApprovalStore implements ApprovalStore {
    private static final Comparator<HeldQuery> NEWEST_FIRST = Comparator.comparing(HeldQuery::createdAt)
            .thenComparing(HeldQuery::approvalId).reversed();

    private final Map<String, HeldQuery> holds = new ConcurrentHashMap<>();

    @Override
    public void create(HeldQuery hold) {
        if (holds.putIfAbsent(hold.approvalId(), requireNonNull(hold, "hold is null")) != null) {
            throw new IllegalArgumentException("a hold " + hold.approvalId() + " exists already");
        }
    }

    @Override
    public Optional<HeldQuery> find(String approvalId) {
        return Optional.ofNullable(holds.get(approvalId));
    }

    @Override
    public Optional<HeldQuery> findByQuery(String queryId) {
        return holds.values().stream().filter(hold -> hold.queryId().equals(queryId)).min(Comparator.comparing(HeldQuery::createdAt));
    }

    @Override
    public List<HeldQuery> list(ApprovalState state, int limit) {
        return holds.values().stream().filter(hold -> state == null || hold.state() == state).sorted(NEWEST_FIRST)
                .limit(Math.max(0, limit)).toList();
    }

    @Override
    public boolean decide(String approvalId, ApprovalState state, String decidedBy, Instant decidedAt, String comment) {
        if (!state.isDecided()) {
            throw new IllegalArgumentException("a decision moves a hold out of PENDING");
        }
        HeldQuery current = holds.get(approvalId);
        return current != null && current.state() == ApprovalState.PENDING
                && holds.replace(approvalId, current, current.decided(state, decidedBy, decidedAt, comment));
    }

    @Override
    public boolean markRan(String approvalId, Instant ranAt) {
        HeldQuery current = holds.get(approvalId);
        return current != null && current.state() == ApprovalState.APPROVED && current.ranAt() == null
                && holds.replace(approvalId, current, current.ran(ranAt));
    }

    @Override
    public void close() {
        holds.clear();
    }
}
