package io.switchboard.routing;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;
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
import io.switchboard.core.session.QueryId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Capacity management: places each query on an eligible member of its group (enabled, healthy,
 * circuit closed) with a free slot, chosen by the group's strategy. When no slot is free the
 * query waits in the group's bounded FIFO queue until a slot is handed to it or its deadline
 * passes, or spills at once to the group's overflow group when one is configured.
 *
 * <p>All slot state lives under one lock. Admission is a few field updates, so one lock costs
 * less than finer locking would, and it makes the invariants easy to check: a cluster never runs
 * more than its limit, a freed slot goes to the oldest waiter of a group that can use it, and
 * every lease gives its slot back exactly once. Circuit breakers and health keep their own state
 * outside the lock; when a cluster becomes eligible again, waiting queries are served at once.
 *
 * <p>{@link #reconfigure} replaces the groups at run time under the same lock, so that an
 * admission sees either the old groups or the new ones. Cluster states live on across it: a
 * query running on a cluster keeps its slot, and a cluster's limit counts the queries admitted
 * before and after the change alike. A group that disappears drains: its queued queries are still
 * served from its old members, and its leases give their slots back as usual.
 */
public final class ClusterGroupManager implements CapacityManager {
    private static final Logger log = LoggerFactory.getLogger(ClusterGroupManager.class);

    private final ReentrantLock lock = new ReentrantLock();
    /** Every cluster that is or was a member of a group; replaced (never changed) under the lock. */
    private volatile Map<String, ClusterState> clusters;
    /** The groups in configuration order; replaced (never changed) under the lock. */
    private volatile Map<String, GroupState> groups;
    /** Groups removed by a reconfiguration that still have queued or running queries. Under the lock. */
    private final List<GroupState> draining = new ArrayList<>();
    private final Map<String, Engine> engines;
    private final LongSupplier nanoClock;
    private final CapacityMetrics metrics;
    private final List<CapacityListener> listeners = new CopyOnWriteArrayList<>();

    /** Reads the routing keys of {@code clusters} and {@code groups} itself; see {@link CapacityConfig#parse}. */
    public ClusterGroupManager(
            Map<String, ClusterConfig> clusterConfigs,
            Map<String, ClusterGroupConfig> groupConfigs,
            Map<String, Engine> engines,
            MeterRegistry registry) {
        this(CapacityConfig.parse(clusterConfigs, groupConfigs), engines, registry);
    }

    public ClusterGroupManager(CapacityConfig config, Map<String, Engine> engines, MeterRegistry registry) {
        this(config, engines, registry, System::nanoTime);
    }

    /** @param nanoClock the clock circuit breakers measure windows and backoffs with */
    ClusterGroupManager(CapacityConfig config, Map<String, Engine> engines, MeterRegistry registry, LongSupplier nanoClock) {
        requireNonNull(config, "config is null");
        requireNonNull(engines, "engines is null");
        requireNonNull(registry, "registry is null");
        this.engines = Map.copyOf(engines);
        this.nanoClock = requireNonNull(nanoClock, "nanoClock is null");
        this.metrics = new CapacityMetrics(registry);
        Map<String, ClusterState> clusterStates = new LinkedHashMap<>();
        for (CapacityConfig.ClusterSettings settings : config.clusters().values()) {
            clusterStates.put(settings.name(), newClusterState(settings));
        }
        Map<String, GroupState> groupStates = new LinkedHashMap<>();
        for (CapacityConfig.GroupSettings settings : config.groups().values()) {
            List<ClusterState> members = settings.config().members().stream().map(clusterStates::get).toList();
            groupStates.put(settings.name(), new GroupState(settings, members));
        }
        this.clusters = Collections.unmodifiableMap(clusterStates);
        this.groups = Collections.unmodifiableMap(groupStates);
        for (ClusterState cluster : clusterStates.values()) {
            metrics.registerCluster(cluster, c -> locked(c::running));
        }
        for (GroupState group : groupStates.values()) {
            metrics.registerGroup(group, g -> locked(() -> g.waiters().size()), g -> locked(g::running));
        }
    }

    private ClusterState newClusterState(CapacityConfig.ClusterSettings settings) {
        Engine engine = engines.get(settings.name());
        if (engine == null) {
            throw new SwitchboardException(ErrorCode.INVALID_CONFIGURATION,
                    "cluster '" + settings.name() + "' is a member of a group but has no engine");
        }
        CircuitBreaker breaker = settings.circuitBreaker() == null ? null : new CircuitBreaker(settings.circuitBreaker(), nanoClock);
        return new ClusterState(settings, engine, breaker);
    }

    /**
     * Replaces the groups with {@code config}'s, atomically for admissions (see the class
     * comment). Clusters that become members for the first time get their state (and are told to
     * listeners, so that the health monitor probes them); clusters that stay take their new limit
     * and breaker settings — a breaker whose settings did not change keeps its state. Queued
     * queries of a group that stays keep their place; freed capacity serves them at once.
     */
    public void reconfigure(CapacityConfig config) {
        requireNonNull(config, "config is null");
        for (CapacityConfig.ClusterSettings settings : config.clusters().values()) {
            if (!engines.containsKey(settings.name())) {
                throw new SwitchboardException(ErrorCode.INVALID_CONFIGURATION,
                        "cluster '" + settings.name() + "' is a member of a group but has no engine");
            }
        }
        List<ClusterState> added = new ArrayList<>();
        List<GroupState> addedGroups = new ArrayList<>();
        List<GroupState> removedGroups = new ArrayList<>();
        lock.lock();
        try {
            Map<String, ClusterState> newClusters = new LinkedHashMap<>(clusters);
            for (CapacityConfig.ClusterSettings settings : config.clusters().values()) {
                ClusterState existing = newClusters.get(settings.name());
                if (existing == null) {
                    ClusterState created = newClusterState(settings);
                    newClusters.put(settings.name(), created);
                    added.add(created);
                    continue;
                }
                CircuitBreaker breaker = existing.breaker();
                if (settings.circuitBreaker() == null) {
                    breaker = null;
                } else if (breaker == null || !breaker.config().equals(settings.circuitBreaker())) {
                    breaker = new CircuitBreaker(settings.circuitBreaker(), nanoClock);
                }
                existing.reconfigure(settings.maxRunningQueries(), breaker);
            }
            Map<String, GroupState> newGroups = new LinkedHashMap<>();
            for (CapacityConfig.GroupSettings settings : config.groups().values()) {
                List<ClusterState> members = settings.config().members().stream().map(newClusters::get).toList();
                GroupState existing = groups.get(settings.name());
                if (existing != null) {
                    existing.reconfigure(settings, members);
                    newGroups.put(settings.name(), existing);
                } else {
                    GroupState created = new GroupState(settings, members);
                    newGroups.put(settings.name(), created);
                    addedGroups.add(created);
                }
            }
            for (GroupState old : groups.values()) {
                if (!newGroups.containsKey(old.name())) {
                    removedGroups.add(old);
                    draining.add(old);
                }
            }
            clusters = Collections.unmodifiableMap(newClusters);
            groups = Collections.unmodifiableMap(newGroups);
            // Limits may have grown and members may have joined: serve whoever waits.
            dispatchWaiters();
        } finally {
            lock.unlock();
        }
        for (ClusterState cluster : added) {
            metrics.registerCluster(cluster, c -> locked(c::running));
        }
        for (GroupState group : removedGroups) {
            metrics.removeGroup(group.name());
        }
        for (GroupState group : addedGroups) {
            metrics.registerGroup(group, g -> locked(() -> g.waiters().size()), g -> locked(g::running));
        }
        for (ClusterState cluster : added) {
            listeners.forEach(l -> l.clusterAdded(cluster.name()));
        }
    }

    /**
     * Enables or disables a cluster at run time (the admin API). A disabled cluster takes no new
     * queries; those running on it finish. Enabling serves waiting queries at once.
     *
     * @return false when no group has this cluster as a member
     */
    public boolean setEnabled(String clusterName, boolean enabled) {
        ClusterState cluster = clusters.get(clusterName);
        if (cluster == null) {
            return false;
        }
        lock.lock();
        try {
            cluster.enabled(enabled);
            if (enabled) {
                dispatchWaiters();
            }
        } finally {
            lock.unlock();
        }
        return true;
    }

    /**
     * Sets a cluster's limit at run time (the admin API); it wins over the configuration's,
     * across later reconfigurations, until the process restarts. Queries running above a lower
     * limit finish; a higher one serves waiting queries at once.
     *
     * @return false when no group has this cluster as a member
     */
    public boolean setMaxRunning(String clusterName, int maxRunning) {
        if (maxRunning < 1) {
            throw new IllegalArgumentException("maxRunning must be positive");
        }
        ClusterState cluster = clusters.get(clusterName);
        if (cluster == null) {
            return false;
        }
        lock.lock();
        try {
            cluster.adminMaxRunning(maxRunning);
            dispatchWaiters();
        } finally {
            lock.unlock();
        }
        return true;
    }

    public void addListener(CapacityListener listener) {
        listeners.add(requireNonNull(listener, "listener is null"));
    }

    @Override
    public CapacityLease acquire(String groupName, QueryContext context) {
        QueryId queryId = context == null ? null : context.request().queryId();
        return acquire(groupName, groupName, 0, queryId, System.nanoTime());
    }

    private CapacityLease acquire(String groupName, String routedGroup, int spills, QueryId queryId, long start) {
        String overflow;
        GroupState.Waiter waiter;
        GroupState group;
        lock.lock();
        try {
            // Looked up under the lock: a reconfiguration cannot slip between lookup and admission.
            group = groups.get(groupName);
            if (group == null) {
                throw new SwitchboardException(ErrorCode.NO_ROUTE, "Cluster group '" + groupName + "' does not exist");
            }
            if (!group.enabled()) {
                throw reject(group, queryId, new SwitchboardException(ErrorCode.CLUSTER_UNAVAILABLE,
                        "Cluster group '" + groupName + "' is disabled"));
            }
            boolean anyEligible = !group.eligibleMembers().isEmpty();
            if (anyEligible && group.waiters().isEmpty()) {
                ClusterState chosen = group.choose();
                if (chosen != null) {
                    return grant(group, chosen, routedGroup, spills, queryId, start);
                }
            }
            overflow = group.overflowGroup();
            if (overflow != null && groups.containsKey(overflow) && spills < groups.size()) {
                // Full (or without an available member): the overflow group takes the query at once.
                metrics.spilled(groupName, overflow);
                if (!listeners.isEmpty()) {
                    GroupStatus before = status(group);
                    listeners.forEach(l -> l.spilled(before, overflow, queryId));
                }
                waiter = null;
            } else if (!anyEligible) {
                throw reject(group, queryId, new SwitchboardException(ErrorCode.CLUSTER_UNAVAILABLE,
                        "No available cluster in group '" + groupName + "': " + group.describeAvailability()));
            } else if (group.waiters().size() >= group.maxQueued()) {
                throw reject(group, queryId, new SwitchboardException(ErrorCode.QUEUE_FULL,
                        "Cluster group '" + groupName + "' is full: " + group.runningSummary() + " and "
                                + group.waiters().size() + " queries queued (maxQueuedQueries " + group.maxQueued() + "); retry later"));
            } else {
                waiter = new GroupState.Waiter(lock.newCondition(), queryId);
                group.waiters().addLast(waiter);
                listeners.forEach(l -> l.queued(groupName, queryId));
            }
        } finally {
            lock.unlock();
        }
        if (waiter == null) {
            return acquire(overflow, routedGroup, spills + 1, queryId, start);
        }
        return await(group, waiter, routedGroup, spills, start);
    }

    /**
     * A member for planning work before admission (a cost estimate): the first eligible member
     * with a free slot, else the first eligible one. The strategy is not asked, so that a peek
     * does not move a round robin; no slot is taken.
     */
    @Override
    public Optional<Engine> planningEngine(String groupName) {
        GroupState group = groups.get(groupName);
        if (group == null) {
            return Optional.empty();
        }
        lock.lock();
        try {
            List<ClusterState> eligible = group.eligibleMembers();
            for (ClusterState member : eligible) {
                if (member.hasFreeSlot()) {
                    return Optional.of(member.engine());
                }
            }
            return eligible.isEmpty() ? Optional.empty() : Optional.of(eligible.get(0).engine());
        } finally {
            lock.unlock();
        }
    }

    /** Waits for a slot handed over by {@link #dispatchWaiters}; builds the lease under the lock. */
    private CapacityLease await(GroupState group, GroupState.Waiter waiter, String routedGroup, int spills, long start) {
        Duration timeout = group.settings().config().capacityWaitTimeout();
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (waiter.granted == null) {
                if (remaining <= 0) {
                    group.waiters().remove(waiter);
                    throw reject(group, waiter.queryId, new SwitchboardException(ErrorCode.QUEUE_TIMEOUT,
                            "Waited " + timeout.toSeconds() + "s for a free slot in cluster group '" + group.name() + "' ("
                                    + group.runningSummary() + "); retry later or raise capacityWaitTimeoutSecs"));
                }
                try {
                    remaining = waiter.condition.awaitNanos(remaining);
                } catch (InterruptedException e) {
                    if (waiter.granted != null) {
                        // The slot arrived as we were interrupted: give it back to the next waiter.
                        group.finished();
                        releaseSlot(waiter.granted);
                    } else {
                        group.waiters().remove(waiter);
                    }
                    Thread.currentThread().interrupt();
                    throw reject(group, waiter.queryId, new SwitchboardException(ErrorCode.QUERY_CANCELED,
                            "Query canceled while waiting for a free slot"));
                }
            }
            // dispatchWaiters took the slot for this waiter and counted it for the group.
            long waited = System.nanoTime() - start;
            metrics.waited(group.name(), waited);
            return new Lease(group, waiter.granted, placement(group, waiter.granted, routedGroup, spills, waited), Duration.ofNanos(waited));
        } finally {
            lock.unlock();
        }
    }

    /** Takes a slot for a query that did not wait. Under the lock. */
    private CapacityLease grant(GroupState group, ClusterState chosen, String routedGroup, int spills, QueryId queryId, long start) {
        chosen.take();
        group.started();
        long waited = System.nanoTime() - start;
        metrics.waited(group.name(), waited);
        listeners.forEach(l -> l.admitted(group.name(), chosen.name(), queryId, false));
        return new Lease(group, chosen, placement(group, chosen, routedGroup, spills, 0), Duration.ZERO);
    }

    private SwitchboardException reject(GroupState group, QueryId queryId, SwitchboardException error) {
        metrics.rejected(group.name(), error.code());
        listeners.forEach(l -> l.rejected(group.name(), error.code(), queryId));
        return error;
    }

    private static String placement(GroupState group, ClusterState chosen, String routedGroup, int spills, long waitedNanos) {
        StringBuilder text = new StringBuilder(group.strategy().name());
        if (spills > 0) {
            text.append(", spilled over from group ").append(routedGroup);
        }
        if (waitedNanos > 0) {
            text.append(", queued ").append(waitedNanos / 1_000_000).append(" ms");
        }
        text.append(", ").append(chosen.running()).append('/').append(chosen.maxRunning()).append(" running");
        return text.toString();
    }

    /** Gives a slot back and hands free slots to waiting queries. Under the lock. */
    private void releaseSlot(ClusterState cluster) {
        cluster.release();
        dispatchWaiters();
    }

    /**
     * Hands every free slot to the oldest waiter of each group (in configuration order, then
     * draining groups) that can use it, and forgets draining groups that have nothing left. Under
     * the lock.
     */
    private void dispatchWaiters() {
        for (GroupState group : groups.values()) {
            dispatchWaiters(group);
        }
        if (!draining.isEmpty()) {
            for (GroupState group : draining) {
                dispatchWaiters(group);
            }
            draining.removeIf(group -> group.waiters().isEmpty() && group.running() == 0);
        }
    }

    private void dispatchWaiters(GroupState group) {
        while (!group.waiters().isEmpty()) {
            ClusterState chosen = group.choose();
            if (chosen == null) {
                break;
            }
            GroupState.Waiter waiter = group.waiters().pollFirst();
            chosen.take();
            group.started();
            waiter.granted = chosen;
            waiter.condition.signal();
            listeners.forEach(l -> l.admitted(group.name(), chosen.name(), waiter.queryId, true));
        }
    }

    /** Publishes a health probe's result; a cluster that became eligible serves waiting queries at once. */
    public void updateHealth(String clusterName, HealthStatus status) {
        ClusterState cluster = cluster(clusterName);
        boolean wasHealthy = cluster.health().healthy();
        cluster.health(status);
        if (wasHealthy != status.healthy()) {
            if (status.healthy()) {
                log.info("Cluster {} is healthy again: {}", clusterName, status.detail());
            } else {
                log.warn("Cluster {} is unhealthy: {}", clusterName, status.detail());
            }
            listeners.forEach(l -> l.healthChanged(clusterName, status));
        }
        if (status.healthy() && cluster.eligible()) {
            withLock(this::dispatchWaiters);
        }
    }

    /**
     * Takes the cluster's half-open probe when its circuit is open and the backoff has passed.
     * The caller probes and reports through {@link #finishCircuitProbe}.
     */
    boolean tryBeginCircuitProbe(String clusterName) {
        CircuitBreaker breaker = cluster(clusterName).breaker();
        if (breaker == null || !breaker.tryBeginProbe()) {
            return false;
        }
        circuitChanged(clusterName, CircuitState.OPEN, CircuitState.HALF_OPEN);
        return true;
    }

    /** Ends a half-open probe: a healthy cluster's circuit closes and it serves waiting queries. */
    void finishCircuitProbe(String clusterName, HealthStatus status) {
        ClusterState cluster = cluster(clusterName);
        CircuitBreaker breaker = cluster.breaker();
        if (breaker == null) {
            return; // a reconfiguration removed the breaker during the probe
        }
        CircuitState after = breaker.finishProbe(status.healthy());
        circuitChanged(clusterName, CircuitState.HALF_OPEN, after);
        if (after == CircuitState.CLOSED) {
            log.info("Circuit of cluster {} closed: the half-open probe succeeded ({})", clusterName, status.detail());
            if (cluster.eligible()) {
                withLock(this::dispatchWaiters);
            }
        } else {
            log.warn("Circuit of cluster {} stays open: the half-open probe failed ({}); next probe in {} ms", clusterName,
                    status.detail(), breaker.nanosUntilProbe() / 1_000_000);
        }
    }

    /** Nanoseconds until the cluster's circuit may be probed: -1 when it is not open. */
    long nanosUntilCircuitProbe(String clusterName) {
        CircuitBreaker breaker = cluster(clusterName).breaker();
        return breaker == null ? -1 : breaker.nanosUntilProbe();
    }

    private void recordOutcome(ClusterState cluster, CircuitBreaker.Outcome outcome) {
        CircuitBreaker breaker = cluster.breaker();
        if (breaker == null || breaker.record(outcome) != CircuitState.OPEN) {
            return;
        }
        CircuitBreakerConfig config = breaker.config();
        log.warn("Circuit of cluster {} opened: failures passed {}% (or timeouts {}%) of at least {} queries within {} s; "
                        + "it takes no queries until a probe succeeds, the first in {} ms", cluster.name(), config.failureRatePercent(),
                config.timeoutRatePercent(), config.minRequests(), config.window().toSeconds(), breaker.nanosUntilProbe() / 1_000_000);
        circuitChanged(cluster.name(), CircuitState.CLOSED, CircuitState.OPEN);
    }

    private void circuitChanged(String clusterName, CircuitState from, CircuitState to) {
        if (from == to) {
            return;
        }
        metrics.circuitChanged(clusterName, to);
        listeners.forEach(l -> l.circuitChanged(clusterName, from, to));
    }

    /** Every cluster's live state, for the admin API, the health monitor and tests. */
    public List<ClusterSnapshot> snapshot() {
        lock.lock();
        try {
            List<ClusterSnapshot> result = new ArrayList<>();
            for (ClusterState cluster : clusters.values()) {
                CircuitBreaker breaker = cluster.breaker();
                CircuitBreaker.Counts counts = breaker == null ? new CircuitBreaker.Counts(0, 0, 0) : breaker.counts();
                List<String> memberOf = new ArrayList<>();
                for (GroupState group : groups.values()) {
                    if (group.members().contains(cluster)) {
                        memberOf.add(group.name());
                    }
                }
                result.add(new ClusterSnapshot(cluster.name(), cluster.engineType().configName(), cluster.enabled(), cluster.running(),
                        cluster.maxRunning(), cluster.health(), cluster.circuitState(), counts.outcomes(), counts.failures(),
                        memberOf, cluster.eligible(), cluster.eligible() ? "" : cluster.unavailableReason()));
            }
            return result;
        } finally {
            lock.unlock();
        }
    }

    /** Every group's live state and settings, in configuration order, read at one instant. */
    public List<GroupSnapshot> groupSnapshots() {
        lock.lock();
        try {
            List<GroupSnapshot> result = new ArrayList<>();
            for (GroupState group : groups.values()) {
                CapacityConfig.GroupSettings settings = group.settings();
                List<String> eligible = group.eligibleMembers().stream().map(ClusterState::name).toList();
                result.add(new GroupSnapshot(group.name(), group.enabled(), settings.config().members(), settings.strategy(),
                        settings.config().maxRunningQueries(), group.maxQueued(), settings.config().capacityWaitTimeout(),
                        group.overflowGroup(), settings.circuitBreaker(), group.running(), group.waiters().size(), eligible));
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
                result.add(status(group));
            }
            return result;
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock. A cluster whose circuit is not closed shows as unhealthy, with the reason. */
    private static GroupStatus status(GroupState group) {
        List<ClusterStatus> members = new ArrayList<>();
        for (ClusterState cluster : group.members()) {
            HealthStatus health = cluster.health();
            if (cluster.circuitState() != CircuitState.CLOSED) {
                health = new HealthStatus(false, "circuit " + cluster.circuitState().name().toLowerCase(Locale.ROOT)
                        + " after repeated failures; " + health.detail(), health.checkedAt());
            }
            members.add(new ClusterStatus(cluster.name(), cluster.engine().type(), cluster.engine().dialect(),
                    cluster.enabled(), health, cluster.running(), cluster.maxRunning()));
        }
        return new GroupStatus(group.name(), group.enabled(), members, group.waiters().size(), group.maxQueued(), group.overflowGroup());
    }

    public Optional<Integer> queued(String groupName) {
        GroupState group = groups.get(groupName);
        return group == null ? Optional.empty() : Optional.of(locked(() -> group.waiters().size()));
    }

    public Collection<String> clusterNames() {
        return clusters.keySet();
    }

    public Engine engine(String clusterName) {
        return cluster(clusterName).engine();
    }

    Duration healthCheckInterval(String clusterName) {
        return cluster(clusterName).healthCheckInterval();
    }

    private ClusterState cluster(String clusterName) {
        ClusterState cluster = clusters.get(clusterName);
        if (cluster == null) {
            throw new IllegalArgumentException("unknown cluster " + clusterName);
        }
        return cluster;
    }

    private int locked(IntSupplier read) {
        lock.lock();
        try {
            return read.getAsInt();
        } finally {
            lock.unlock();
        }
    }

    private void withLock(Runnable action) {
        lock.lock();
        try {
            action.run();
        } finally {
            lock.unlock();
        }
    }

    /**
     * One cluster's live state.
     *
     * @param windowOutcomes query outcomes its circuit breaker counts now (0 without a breaker)
     * @param windowFailures of which failures
     * @param groups the groups it is a member of now, in configuration order
     * @param eligible whether it may take a query now (enabled, healthy, circuit closed)
     * @param unavailableReason why it may not, or empty
     */
    public record ClusterSnapshot(String name, String engine, boolean enabled, int running, int maxRunning, HealthStatus health,
            CircuitState circuit, int windowOutcomes, int windowFailures, List<String> groups, boolean eligible,
            String unavailableReason) {
        public ClusterSnapshot {
            groups = List.copyOf(groups);
        }
    }


    private final class Lease implements CapacityLease {
        private final GroupState group;
        private final ClusterState cluster;
        private final String placement;
        private final Duration queued;
        private final AtomicBoolean outcomeReported = new AtomicBoolean();
        private boolean closed;

        private Lease(GroupState group, ClusterState cluster, String placement, Duration queued) {
            this.group = group;
            this.cluster = cluster;
            this.placement = placement;
            this.queued = queued;
        }

        @Override
        public String group() {
            return group.name();
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
        public void reportFailure(ErrorCode code) {
            if (outcomeReported.compareAndSet(false, true)) {
                recordOutcome(cluster, code == ErrorCode.QUERY_TIMEOUT ? CircuitBreaker.Outcome.TIMEOUT : CircuitBreaker.Outcome.FAILURE);
            }
        }

        @Override
        public void reportSuccess() {
            if (outcomeReported.compareAndSet(false, true)) {
                recordOutcome(cluster, CircuitBreaker.Outcome.SUCCESS);
            }
        }

        @Override
        public void close() {
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                closed = true;
                group.finished();
                releaseSlot(cluster);
            } finally {
                lock.unlock();
            }
        }
    }
}
