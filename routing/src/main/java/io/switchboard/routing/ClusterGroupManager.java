package io.switchboard.routing;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.switchboard.core.config.ClusterConfig;
import io.switchboard.core.config.ClusterGroupConfig;
import io.switchboard.core.engine.Engine;
import io.switchboard.core.engine.HealthStatus;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.pipeline.CapacityLease;
import io.switchboard.core.pipeline.CapacityManager;
import io.switchboard.core.pipeline.ClusterStatus;
import io.switchboard.core.pipeline.GroupStatus;
import io.switchboard.core.pipeline.QueryContext;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Capacity management: places each query on a healthy member of its group with a free slot,
 * chosen by the group's strategy. When no slot is free the query waits in the group's bounded
 * FIFO queue until a slot is handed to it or its deadline passes, or spills at once to the
 * group's overflow group when one is configured.
 *
 * <p>All slot state lives under one lock. Admission is a few field updates, so one lock costs
 * less than finer locking would, and it makes the invariants easy to check: a cluster never runs
 * more than its limit, a freed slot goes to the oldest waiter of a group that can use it, and
 * every lease gives its slot back exactly once.
 */
public final class ClusterGroupManager implements CapacityManager {
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, ClusterState> clusters;
    private final Map<String, GroupState> groups;
    private final Timer queueWait;

    public ClusterGroupManager(Map<String, ClusterGroupConfig> groupConfigs, Map<String, Engine> engines, MeterRegistry registry) {
        this(Map.of(), groupConfigs, engines, registry);
    }

    /**
     * @param clusterConfigs the clusters' own settings ({@code maxRunningQueries}, {@code enabled});
     *     a cluster missing here takes its groups' defaults
     */
    public ClusterGroupManager(
            Map<String, ClusterConfig> clusterConfigs,
            Map<String, ClusterGroupConfig> groupConfigs,
            Map<String, Engine> engines,
            MeterRegistry registry) {
        requireNonNull(clusterConfigs, "clusterConfigs is null");
        requireNonNull(groupConfigs, "groupConfigs is null");
        requireNonNull(engines, "engines is null");
        requireNonNull(registry, "registry is null");
        Map<String, ClusterState> clusterStates = new LinkedHashMap<>();
        for (ClusterGroupConfig group : groupConfigs.values()) {
            for (String member : group.members()) {
                Engine engine = engines.get(member);
                if (engine == null) {
                    throw new SwitchboardException(ErrorCode.INVALID_CONFIGURATION,
                            "cluster group '" + group.name() + "' lists cluster '" + member + "', which has no engine");
                }
                ClusterConfig own = clusterConfigs.get(member);
                int limit = own != null && own.maxRunningQueries() != null
                        ? own.maxRunningQueries()
                        : groupLimit(member, groupConfigs.values());
                clusterStates.putIfAbsent(member, new ClusterState(member, engine, limit, own == null || own.enabled()));
            }
        }
        Map<String, GroupState> groupStates = new LinkedHashMap<>();
        for (ClusterGroupConfig group : groupConfigs.values()) {
            List<ClusterState> members = group.members().stream().map(clusterStates::get).toList();
            groupStates.put(group.name(), new GroupState(group, members, SelectionStrategy.parse(group.strategy())));
            group.options().rejectUnknownKeys();
        }
        this.clusters = Collections.unmodifiableMap(clusterStates);
        this.groups = Collections.unmodifiableMap(groupStates);
        this.queueWait = Timer.builder("switchboard.capacity.queue.wait")
                .description("Time queries waited for a slot")
                .publishPercentileHistogram()
                .register(registry);
        for (ClusterState cluster : clusterStates.values()) {
            Gauge.builder("switchboard.cluster.running", cluster, c -> runningOf(c))
                    .tag("cluster", cluster.name())
                    .register(registry);
            Gauge.builder("switchboard.cluster.healthy", cluster, c -> c.health().healthy() ? 1 : 0)
                    .tag("cluster", cluster.name())
                    .register(registry);
        }
        for (GroupState group : groupStates.values()) {
            Gauge.builder("switchboard.group.queued", group, g -> queuedOf(g))
                    .tag("group", group.name())
                    .register(registry);
        }
    }

    /**
     * Without its own {@code maxRunningQueries} a cluster takes the smallest limit among the
     * groups that list it, so that no group can overload it.
     */
    private static int groupLimit(String cluster, Collection<ClusterGroupConfig> groups) {
        int limit = Integer.MAX_VALUE;
        for (ClusterGroupConfig group : groups) {
            if (group.members().contains(cluster)) {
                limit = Math.min(limit, group.maxRunningQueries());
            }
        }
        return limit;
    }

    @Override
    public CapacityLease acquire(String groupName, QueryContext context) {
        return acquire(groupName, groupName, 0);
    }

    private CapacityLease acquire(String groupName, String routedGroup, int spills) {
        GroupState group = groups.get(groupName);
        if (group == null) {
            throw new SwitchboardException(ErrorCode.NO_ROUTE, "Cluster group '" + groupName + "' does not exist");
        }
        long start = System.nanoTime();
        String overflow;
        Waiter waiter;
        lock.lock();
        try {
            if (!group.config().enabled()) {
                throw new SwitchboardException(ErrorCode.CLUSTER_UNAVAILABLE, "Cluster group '" + groupName + "' is disabled");
            }
            List<ClusterState> eligible = group.eligibleMembers();
            if (eligible.isEmpty()) {
                throw new SwitchboardException(ErrorCode.CLUSTER_UNAVAILABLE,
                        "No healthy cluster in group '" + groupName + "': " + group.describeHealth());
            }
            if (group.waiters().isEmpty()) {
                ClusterState chosen = group.choose();
                if (chosen != null) {
                    chosen.take();
                    return new Lease(groupName, chosen, placement(group, chosen, routedGroup, spills, Duration.ZERO), Duration.ZERO);
                }
            }
            overflow = group.config().overflowGroup();
            if (overflow == null || spills >= groups.size()) {
                if (group.waiters().size() >= group.config().maxQueuedQueries()) {
                    throw new SwitchboardException(ErrorCode.QUEUE_FULL,
                            "Cluster group '" + groupName + "' is full: " + group.runningSummary() + " and "
                                    + group.waiters().size() + " queries queued (maxQueuedQueries "
                                    + group.config().maxQueuedQueries() + "); retry later");
                }
                waiter = new Waiter(lock.newCondition());
                group.waiters().addLast(waiter);
            } else {
                waiter = null;
            }
        } finally {
            lock.unlock();
        }
        if (waiter == null) {
            return acquire(overflow, routedGroup, spills + 1);
        }
        ClusterState granted = await(group, waiter);
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        queueWait.record(waited);
        return new Lease(groupName, granted, placement(group, granted, routedGroup, spills, waited), waited);
    }

    private ClusterState await(GroupState group, Waiter waiter) {
        long remaining = group.config().capacityWaitTimeout().toNanos();
        lock.lock();
        try {
            while (waiter.granted == null) {
                if (remaining <= 0) {
                    group.waiters().remove(waiter);
                    throw new SwitchboardException(ErrorCode.QUEUE_TIMEOUT,
                            "Waited " + group.config().capacityWaitTimeout().toSeconds() + "s for a free slot in cluster group '"
                                    + group.name() + "' (" + group.runningSummary() + "); retry later or raise capacityWaitTimeoutSecs");
                }
                try {
                    remaining = waiter.condition.awaitNanos(remaining);
                } catch (InterruptedException e) {
                    if (waiter.granted != null) {
                        // The slot arrived as we were interrupted: give it back to the next waiter.
                        releaseSlot(waiter.granted);
                    } else {
                        group.waiters().remove(waiter);
                    }
                    Thread.currentThread().interrupt();
                    throw new SwitchboardException(ErrorCode.QUERY_CANCELED, "Query canceled while waiting for a free slot");
                }
            }
            return waiter.granted;
        } finally {
            lock.unlock();
        }
    }

    private static String placement(GroupState group, ClusterState chosen, String routedGroup, int spills, Duration waited) {
        StringBuilder text = new StringBuilder(group.strategy().name());
        if (spills > 0) {
            text.append(", spilled over from group ").append(routedGroup);
        }
        if (!waited.isZero()) {
            text.append(", queued ").append(waited.toMillis()).append(" ms");
        }
        text.append(", ").append(chosen.running()).append('/').append(chosen.maxRunning()).append(" running");
        return text.toString();
    }

    /** Gives a slot back and hands any free slot to the oldest waiter of each group that can use it. Under the lock. */
    private void releaseSlot(ClusterState cluster) {
        cluster.release();
        for (GroupState group : groups.values()) {
            while (!group.waiters().isEmpty()) {
                ClusterState chosen = group.choose();
                if (chosen == null) {
                    break;
                }
                Waiter waiter = group.waiters().pollFirst();
                chosen.take();
                waiter.granted = chosen;
                waiter.condition.signal();
            }
        }
    }

    /** Publishes a health probe's result; a cluster that became healthy may serve waiting queries. */
    public void updateHealth(String clusterName, HealthStatus status) {
        ClusterState cluster = clusters.get(clusterName);
        if (cluster == null) {
            throw new IllegalArgumentException("unknown cluster " + clusterName);
        }
        cluster.health(status);
    }

    /** A consistent snapshot for the admin API, metrics and tests. */
    public List<ClusterSnapshot> snapshot() {
        lock.lock();
        try {
            List<ClusterSnapshot> result = new ArrayList<>();
            for (ClusterState cluster : clusters.values()) {
                result.add(new ClusterSnapshot(cluster.name(), cluster.engine().type().configName(), cluster.running(),
                        cluster.maxRunning(), cluster.health()));
            }
            return result;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<GroupStatus> status() {
        lock.lock();
        try {
            List<GroupStatus> result = new ArrayList<>();
            for (GroupState group : groups.values()) {
                List<ClusterStatus> members = new ArrayList<>();
                for (ClusterState cluster : group.members()) {
                    members.add(new ClusterStatus(cluster.name(), cluster.engine().type(), cluster.engine().dialect(),
                            cluster.enabled(), cluster.health(), cluster.running(), cluster.maxRunning()));
                }
                result.add(new GroupStatus(group.name(), group.config().enabled(), members, group.waiters().size(),
                        group.config().maxQueuedQueries(), group.config().overflowGroup()));
            }
            return result;
        } finally {
            lock.unlock();
        }
    }

    public Optional<Integer> queued(String groupName) {
        GroupState group = groups.get(groupName);
        return group == null ? Optional.empty() : Optional.of(queuedOf(group));
    }

    public Collection<String> clusterNames() {
        return clusters.keySet();
    }

    public Engine engine(String clusterName) {
        ClusterState cluster = clusters.get(clusterName);
        if (cluster == null) {
            throw new IllegalArgumentException("unknown cluster " + clusterName);
        }
        return cluster.engine();
    }

    private int runningOf(ClusterState cluster) {
        lock.lock();
        try {
            return cluster.running();
        } finally {
            lock.unlock();
        }
    }

    private int queuedOf(GroupState group) {
        lock.lock();
        try {
            return group.waiters().size();
        } finally {
            lock.unlock();
        }
    }

    /** One cluster's live state. */
    public record ClusterSnapshot(String name, String engine, int running, int maxRunning, HealthStatus health) {}

    private static final class Waiter {
        private final Condition condition;
        private ClusterState granted;

        private Waiter(Condition condition) {
            this.condition = condition;
        }
    }

    private record GroupState(ClusterGroupConfig config, List<ClusterState> members, SelectionStrategy strategy, Deque<Waiter> waiters) {
        GroupState(ClusterGroupConfig config, List<ClusterState> members, SelectionStrategy strategy) {
            this(config, members, strategy, new ArrayDeque<>());
        }

        String name() {
            return config.name();
        }

        List<ClusterState> eligibleMembers() {
            return members.stream().filter(ClusterState::eligible).toList();
        }

        /** A member chosen by the strategy among eligible ones with a free slot, or null. */
        ClusterState choose() {
            List<ClusterState> free = new ArrayList<>(members.size());
            for (ClusterState member : members) {
                if (member.eligible() && member.hasFreeSlot()) {
                    free.add(member);
                }
            }
            return free.isEmpty() ? null : strategy.select(free);
        }

        String runningSummary() {
            StringBuilder text = new StringBuilder();
            for (ClusterState member : members) {
                if (!text.isEmpty()) {
                    text.append(", ");
                }
                text.append(member.name()).append(' ').append(member.running()).append('/').append(member.maxRunning());
            }
            return text.append(" running").toString();
        }

        String describeHealth() {
            StringBuilder text = new StringBuilder();
            for (ClusterState member : members) {
                if (!text.isEmpty()) {
                    text.append("; ");
                }
                text.append(member.name()).append(": ").append(member.enabled() ? member.health().detail() : "disabled");
            }
            return text.toString();
        }
    }

    private final class Lease implements CapacityLease {
        private final String group;
        private final ClusterState cluster;
        private final String placement;
        private final Duration queued;
        private boolean closed;

        private Lease(String group, ClusterState cluster, String placement, Duration queued) {
            this.group = group;
            this.cluster = cluster;
            this.placement = placement;
            this.queued = queued;
        }

        @Override
        public String group() {
            return group;
        }

        @Override
        public String cluster() {
            return cluster.name();
        }

        @Override
        public Engine engine() {
            return cluster.engine();
        }

        @Override
        public String placement() {
            return placement;
        }

        @Override
        public Duration queued() {
            return queued;
        }

        @Override
        public void close() {
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                closed = true;
                releaseSlot(cluster);
            } finally {
                lock.unlock();
            }
        }
    }
}
