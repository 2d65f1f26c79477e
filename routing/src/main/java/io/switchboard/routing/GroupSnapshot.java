package io.switchboard.routing;

import java.time.Duration;
import java.util.List;

/**
 * One group's settings and live state, read at one instant by {@link ClusterGroupManager#groupSnapshots()}.
 *
 * @param maxRunningQueries the group's default limit per member (a member's own limit wins)
 * @param circuitBreaker the group's breaker settings, or null
 * @param eligibleMembers members that may take a query now (enabled, healthy, circuit closed)
 */
public record GroupSnapshot(String name, boolean enabled, List<String> members, StrategyConfig strategy, int maxRunningQueries,
        int maxQueuedQueries, Duration capacityWaitTimeout, String overflowGroup, CircuitBreakerConfig circuitBreaker, int running,
        int queued, List<String> eligibleMembers) {
    public GroupSnapshot {
        members = List.copyOf(members);
        eligibleMembers = List.copyOf(eligibleMembers);
    }
}
