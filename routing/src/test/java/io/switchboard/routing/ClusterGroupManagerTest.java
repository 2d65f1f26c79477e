package io.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.core.config.ConfigLoader;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.engine.Engine;
import io.switchboard.core.engine.EngineQuery;
import io.switchboard.core.engine.EngineType;
import io.switchboard.core.engine.HealthStatus;
import io.switchboard.core.engine.StatementDescription;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.pipeline.CapacityLease;
import io.switchboard.core.result.ResultStream;
import io.switchboard.core.result.ResultStreams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

final class ClusterGroupManagerTest {

    private static ClusterGroupManager manager(String yaml) {
        SwitchboardConfig config = ConfigLoader.load(yaml, List.of(), name -> null);
        Map<String, Engine> engines = new LinkedHashMap<>();
        config.clusters().forEach((name, cluster) -> {
            cluster.options().rejectUnknownKeys();
            engines.put(name, new NamedEngine(name));
        });
        return new ClusterGroupManager(config.clusters(), config.clusterGroups(), engines, new SimpleMeterRegistry());
    }

    private static final String TWO_CLUSTERS = """
            clusters:
              a: {engine: duckDb}
              b: {engine: duckDb}
            clusterGroups:
              main:
                members: [a, b]
                maxRunningQueries: 2
                maxQueuedQueries: 2
                capacityWaitTimeoutSecs: 1
            routingFallback: main
            """;

    @Test
    void roundRobinSpreadsQueriesOverMembers() {
        ClusterGroupManager manager = manager(TWO_CLUSTERS);
        List<String> placed = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            try (CapacityLease lease = manager.acquire("main", null)) {
                placed.add(lease.cluster());
            }
        }
        assertThat(placed).containsExactly("a", "b", "a", "b");
    }

    @Test
    void planningEngineTakesNoSlotAndPrefersAFreeEligibleMember() {
        ClusterGroupManager manager = manager(TWO_CLUSTERS);
        assertThat(manager.planningEngine("main").map(Engine::clusterName)).contains("a");
        List<CapacityLease> leases = new ArrayList<>();
        leases.add(manager.acquire("main", null));
        leases.add(manager.acquire("main", null));
        leases.add(manager.acquire("main", null));
        // a is full (2/2), b has a free slot; peeking takes none and does not move the round robin.
        assertThat(manager.planningEngine("main").map(Engine::clusterName)).contains("b");
        assertThat(manager.snapshot().stream().mapToInt(ClusterGroupManager.ClusterSnapshot::running).sum()).isEqualTo(3);
        try (CapacityLease next = manager.acquire("main", null)) {
            assertThat(next.cluster()).isEqualTo("b");
        }
        manager.updateHealth("a", HealthStatus.unhealthy("connection refused"));
        manager.updateHealth("b", HealthStatus.unhealthy("timeout"));
        assertThat(manager.planningEngine("main")).isEmpty();
        assertThat(manager.planningEngine("nowhere")).isEmpty();
        leases.forEach(CapacityLease::close);
    }

    @Test
    void slotsAreLimitedAndReleasedOnce() {
        ClusterGroupManager manager = manager(TWO_CLUSTERS);
        List<CapacityLease> leases = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            leases.add(manager.acquire("main", null));
        }
        assertThat(manager.snapshot()).allSatisfy(cluster -> assertThat(cluster.running()).isEqualTo(2));
        CapacityLease first = leases.get(0);
        first.close();
        first.close();
        assertThat(manager.snapshot().stream().mapToInt(ClusterGroupManager.ClusterSnapshot::running).sum()).isEqualTo(3);
        leases.forEach(CapacityLease::close);
        assertThat(manager.snapshot()).allSatisfy(cluster -> assertThat(cluster.running()).isZero());
    }

    @Test
    void fullGroupQueuesInArrivalOrderAndHandsOverFreedSlots() throws Exception {
        ClusterGroupManager manager = manager("""
                clusters:
                  a: {engine: duckDb}
                clusterGroups:
                  main: {members: [a], maxRunningQueries: 1, maxQueuedQueries: 10, capacityWaitTimeoutSecs: 30}
                """);
        CapacityLease holder = manager.acquire("main", null);
        List<Integer> order = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int id = i;
            Thread thread = Thread.ofVirtual().start(() -> {
                try (CapacityLease lease = manager.acquire("main", null)) {
                    order.add(id);
                }
            });
            threads.add(thread);
            // Wait until this waiter is queued so that arrival order is known.
            for (int spin = 0; spin < 2_000 && manager.queued("main").orElseThrow() < id + 1; spin++) {
                Thread.sleep(1);
            }
        }
        assertThat(manager.queued("main")).contains(5);
        holder.close();
        for (Thread thread : threads) {
            assertThat(thread.join(java.time.Duration.ofSeconds(10))).isTrue();
        }
        assertThat(order).containsExactly(0, 1, 2, 3, 4);
        assertThat(manager.snapshot().get(0).running()).isZero();
    }

    @Test
    void fullQueueAndDeadlineAreResourceErrors() {
        ClusterGroupManager manager = manager("""
                clusters:
                  a: {engine: duckDb}
                clusterGroups:
                  main: {members: [a], maxRunningQueries: 1, maxQueuedQueries: 0, capacityWaitTimeoutSecs: 1}
                  waits: {members: [a], maxRunningQueries: 1, maxQueuedQueries: 5, capacityWaitTimeoutSecs: 1}
                """);
        try (CapacityLease ignored = manager.acquire("main", null)) {
            assertThatThrownBy(() -> manager.acquire("main", null))
                    .isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUEUE_FULL))
                    .hasMessageContaining("maxQueuedQueries 0");
            assertThatThrownBy(() -> manager.acquire("waits", null))
                    .isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUEUE_TIMEOUT));
            assertThat(manager.queued("waits")).contains(0);
        }
        assertThat(manager.snapshot().get(0).running()).isZero();
    }

    @Test
    void fullGroupSpillsToItsOverflowGroup() {
        ClusterGroupManager manager = manager("""
                clusters:
                  small: {engine: duckDb}
                  big: {engine: duckDb}
                clusterGroups:
                  fast: {members: [small], maxRunningQueries: 1, overflowGroup: spill}
                  spill: {members: [big], maxRunningQueries: 5}
                """);
        try (CapacityLease first = manager.acquire("fast", null); CapacityLease second = manager.acquire("fast", null)) {
            assertThat(first.cluster()).isEqualTo("small");
            assertThat(second.cluster()).isEqualTo("big");
            assertThat(second.group()).isEqualTo("spill");
            assertThat(second.placement()).contains("spilled over from group fast");
        }
    }

    @Test
    void unhealthyClustersAreSkippedAndAllUnhealthyIsAClearError() {
        ClusterGroupManager manager = manager(TWO_CLUSTERS);
        manager.updateHealth("a", HealthStatus.unhealthy("connection refused"));
        for (int i = 0; i < 3; i++) {
            try (CapacityLease lease = manager.acquire("main", null)) {
                assertThat(lease.cluster()).isEqualTo("b");
            }
        }
        manager.updateHealth("b", HealthStatus.unhealthy("timeout"));
        assertThatThrownBy(() -> manager.acquire("main", null))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CLUSTER_UNAVAILABLE))
                .hasMessageContaining("connection refused")
                .hasMessageContaining("timeout");
        manager.updateHealth("a", HealthStatus.healthy("ok"));
        try (CapacityLease lease = manager.acquire("main", null)) {
            assertThat(lease.cluster()).isEqualTo("a");
        }
    }

    @Test
    void clusterLimitNeverExceededUnderConcurrency() throws Exception {
        ClusterGroupManager manager = manager("""
                clusters:
                  a: {engine: duckDb, maxRunningQueries: 3}
                  b: {engine: duckDb}
                clusterGroups:
                  main: {members: [a, b], maxRunningQueries: 2, maxQueuedQueries: 1000, capacityWaitTimeoutSecs: 60}
                """);
        AtomicInteger maxSeenA = new AtomicInteger();
        AtomicInteger maxSeenB = new AtomicInteger();
        AtomicInteger runningA = new AtomicInteger();
        AtomicInteger runningB = new AtomicInteger();
        int clients = 64;
        CountDownLatch done = new CountDownLatch(clients);
        for (int i = 0; i < clients; i++) {
            Thread.ofVirtual().start(() -> {
                try {
                    for (int q = 0; q < 20; q++) {
                        try (CapacityLease lease = manager.acquire("main", null)) {
                            AtomicInteger running = lease.cluster().equals("a") ? runningA : runningB;
                            AtomicInteger max = lease.cluster().equals("a") ? maxSeenA : maxSeenB;
                            max.accumulateAndGet(running.incrementAndGet(), Math::max);
                            Thread.yield();
                            running.decrementAndGet();
                        }
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(maxSeenA.get()).isBetween(1, 3);
        assertThat(maxSeenB.get()).isBetween(1, 2);
        assertThat(manager.snapshot()).allSatisfy(cluster -> assertThat(cluster.running()).isZero());
    }

    @Test
    void statusListsGroupsAndClustersInConfigurationOrder() {
        ClusterGroupManager manager = manager("""
                clusters:
                  z: {engine: duckDb}
                  a: {engine: duckDb, maxRunningQueries: 4}
                clusterGroups:
                  second: {members: [z, a], maxRunningQueries: 2, overflowGroup: first}
                  first: {members: [a]}
                """);
        try (CapacityLease lease = manager.acquire("second", null)) {
            List<io.switchboard.core.pipeline.GroupStatus> status = manager.status();
            assertThat(status).extracting(io.switchboard.core.pipeline.GroupStatus::name).containsExactly("second", "first");
            assertThat(status.get(0).clusters()).extracting(io.switchboard.core.pipeline.ClusterStatus::name).containsExactly("z", "a");
            assertThat(status.get(0).clusters().get(0).running()).isEqualTo(1);
            assertThat(status.get(0).clusters().get(0).maxRunning()).isEqualTo(2);
            assertThat(status.get(0).clusters().get(1).maxRunning()).isEqualTo(4);
            assertThat(status.get(0).overflowGroup()).isEqualTo("first");
            assertThat(status.get(0).clusters().get(0).dialect()).isEqualTo(io.switchboard.core.sql.Dialect.DUCKDB);
        }
    }

    @Test
    void unknownGroupIsNoRoute() {
        assertThatThrownBy(() -> manager(TWO_CLUSTERS).acquire("nope", null))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_ROUTE));
    }

    /** An engine that is never asked to run anything here; capacity only needs its identity. */
    private record NamedEngine(String clusterName) implements Engine {
        @Override
        public EngineType type() {
            return EngineType.DUCKDB;
        }

        @Override
        public ResultStream execute(EngineQuery query) {
            return ResultStreams.updateCount(0);
        }

        @Override
        public StatementDescription describe(EngineQuery query) {
            return new StatementDescription(List.of(), List.of());
        }

        @Override
        public HealthStatus checkHealth() {
            return HealthStatus.healthy("ok");
        }

        @Override
        public void close() {}
    }
}
