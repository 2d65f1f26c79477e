package io.switchboard.core.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A cluster group: the target routers choose. Capacity settings use QueryFlux's names.
 *
 * @param members cluster names, in priority order for the failover strategy
 * @param maxRunningQueries the default concurrency limit per member cluster
 * @param maxQueuedQueries the bound of the group's wait queue
 * @param capacityWaitTimeout how long a query may wait for a slot ({@code capacityWaitTimeoutSecs})
 * @param strategy the selection strategy block ({@code type: roundRobin} when absent), read by the
 *     routing module
 * @param overflowGroup the group that takes queries when this one is full, or null
 */
public record ClusterGroupConfig(
        String name,
        boolean enabled,
        List<String> members,
        int maxRunningQueries,
        int maxQueuedQueries,
        Duration capacityWaitTimeout,
        ConfigNode strategy,
        String overflowGroup,
        ConfigNode options) {

    public static final int DEFAULT_MAX_RUNNING_QUERIES = 10;
    public static final int DEFAULT_MAX_QUEUED_QUERIES = 1000;
    public static final Duration DEFAULT_CAPACITY_WAIT_TIMEOUT = Duration.ofSeconds(300);

    public ClusterGroupConfig {
        requireNonNull(name, "name is null");
        members = List.copyOf(requireNonNull(members, "members is null"));
        requireNonNull(capacityWaitTimeout, "capacityWaitTimeout is null");
        requireNonNull(strategy, "strategy is null");
        requireNonNull(options, "options is null");
    }

    public Optional<String> overflowGroupName() {
        return Optional.ofNullable(overflowGroup);
    }

    static ClusterGroupConfig parse(String name, ConfigNode node, List<String> members) {
        return new ClusterGroupConfig(
                name,
                node.bool("enabled", true),
                members,
                node.integer("maxRunningQueries", DEFAULT_MAX_RUNNING_QUERIES, 1, 1_000_000),
                node.integer("maxQueuedQueries", DEFAULT_MAX_QUEUED_QUERIES, 0, 1_000_000),
                Duration.ofSeconds(node.longValue("capacityWaitTimeoutSecs", DEFAULT_CAPACITY_WAIT_TIMEOUT.toSeconds(), 0, 86_400)),
                node.child("strategy"),
                node.optionalString("overflowGroup").orElse(null),
                node);
    }
}
