package io.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.config.ConfigLoader;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.pipeline.CapacityLease;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Replacing cluster groups while queries run and wait: no slot is lost, no limit is passed. */
final class ReconfigureTest {
    private static final String CLUSTERS = """
            clusters:
              a: {engine: duckDb}
              b: {engine: duckDb}
              c: {engine: duckDb}
            """;

    private static CapacityConfig groups(CapacityFixture fixture, String clusterGroupsYaml) {
        SwitchboardConfig config = ConfigLoader.load(CLUSTERS + clusterGroupsYaml, List.of(), name -> null);
        return CapacityConfig.parse(config.clusters(), config.clusterGroups());
    }

    private static Map<String, ClusterGroupManager.ClusterSnapshot> clusters(ClusterGroupManager manager) {
        Map<String, ClusterGroupManager.ClusterSnapshot> result = new java.util.LinkedHashMap<>();
        manager.snapshot().forEach(s -> result.put(s.name(), s));
        return result;
    }

    @Test
    void runningQueriesKeepTheirSlotsAndALowerLimitWaitsForThemToEnd() {
        CapacityFixture fixture = new CapacityFixture(CLUSTERS + """
                clusterGroups:
                  main: {members: [a], maxRunningQueries: 3, maxQueuedQueries: 0}
                """);
        ClusterGroupManager manager = fixture.manager;
        List<CapacityLease> held = new ArrayList<>(List.of(manager.acquire("main", null), manager.acquire("main", null),
                manager.acquire("main", null)));

        manager.reconfigure(groups(fixture, """
                clusterGroups:
                  main: {members: [a], maxRunningQueries: 1, maxQueuedQueries: 0}
                """));
        assertThat(clusters(manager).get("a").running()).isEqualTo(3);
        assertThat(clusters(manager).get("a").maxRunning()).isEqualTo(1);
        assertThatThrownBy(() -> manager.acquire("main", null))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUEUE_FULL));

        held.remove(0).close();
        held.remove(0).close();
        // One query of the old configuration still runs: the new limit of 1 is reached.
        assertThatThrownBy(() -> manager.acquire("main", null)).isInstanceOf(SwitchboardException.class);
        held.remove(0).close();
        try (CapacityLease lease = manager.acquire("main", null)) {
            assertThat(lease.cluster()).isEqualTo("a");
        }
        assertThat(clusters(manager).get("a").running()).isZero();
        assertThat(manager.groupSnapshots().get(0).running()).isZero();
    }

    @Test
    void aRemovedGroupDrainsItsQueueAndANewMemberIsUsed() throws Exception {
        CapacityFixture fixture = new CapacityFixture(CLUSTERS + """
                clusterGroups:
                  old: {members: [a], maxRunningQueries: 1, maxQueuedQueries: 5, capacityWaitTimeoutSecs: 30}
                  main: {members: [b], maxRunningQueries: 1}
                """);
        ClusterGroupManager manager = fixture.manager;
        CapacityLease running = manager.acquire("old", null);
        ConcurrentLinkedQueue<String> served = new ConcurrentLinkedQueue<>();
        Thread waiter = Thread.ofVirtual().start(() -> {
            try (CapacityLease lease = manager.acquire("old", null)) {
                served.add(lease.group() + "/" + lease.cluster());
            }
        });
        for (int spin = 0; spin < 2_000 && manager.queued("old").orElseThrow() < 1; spin++) {
            Thread.sleep(1);
        }
        assertThat(manager.queued("old")).contains(1);

        manager.reconfigure(groups(fixture, """
                clusterGroups:
                  main: {members: [b, c], maxRunningQueries: 1, strategy: {type: failover}}
                """));
        assertThat(manager.groupSnapshots()).extracting(GroupSnapshot::name).containsExactly("main");
        assertThatThrownBy(() -> manager.acquire("old", null))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_ROUTE));
        assertThat(fixture.registry.find("switchboard.group.queued").tag("group", "old").gauge()).isNull();

        // c joined the group: with b busy, the failover strategy falls to c.
        try (CapacityLease first = manager.acquire("main", null); CapacityLease second = manager.acquire("main", null)) {
            assertThat(List.of(first.cluster(), second.cluster())).containsExactly("b", "c");
        }

        running.close();
        assertThat(waiter.join(Duration.ofSeconds(10))).isTrue();
        assertThat(served).containsExactly("old/a");
        assertThat(clusters(manager).values()).allSatisfy(c -> assertThat(c.running()).as(c.name()).isZero());
    }

    @Test
    void swapsUnderConcurrentLoadLoseNoSlotAndPassNoLimit() throws Exception {
        CapacityFixture fixture = new CapacityFixture(CLUSTERS + """
                clusterGroups:
                  main: {members: [a, b], maxRunningQueries: 3, maxQueuedQueries: 1000, capacityWaitTimeoutSecs: 60}
                """);
        ClusterGroupManager manager = fixture.manager;
        List<CapacityConfig> variants = List.of(
                groups(fixture, """
                        clusterGroups:
                          main: {members: [a, b], maxRunningQueries: 3, maxQueuedQueries: 1000, capacityWaitTimeoutSecs: 60}
                        """),
                groups(fixture, """
                        clusterGroups:
                          main: {members: [b, c], maxRunningQueries: 2, maxQueuedQueries: 1000, capacityWaitTimeoutSecs: 60,
                                 strategy: {type: leastLoaded}}
                          side: {members: [a], maxRunningQueries: 1}
                        """));
        AtomicInteger done = new AtomicInteger();
        AtomicInteger overLimit = new AtomicInteger();
        List<Thread> clients = new ArrayList<>();
        for (int client = 0; client < 20; client++) {
            clients.add(Thread.ofVirtual().start(() -> {
                for (int query = 0; query < 50; query++) {
                    try (CapacityLease lease = manager.acquire("main", null)) {
                        ClusterGroupManager.ClusterSnapshot cluster = clusters(manager).get(lease.cluster());
                        if (cluster.running() > 3) {
                            overLimit.incrementAndGet();
                        }
                        Thread.yield();
                    }
                    done.incrementAndGet();
                }
            }));
        }
        for (int swap = 0; swap < 40; swap++) {
            manager.reconfigure(variants.get(swap % 2));
            Thread.sleep(2);
        }
        for (Thread client : clients) {
            assertThat(client.join(Duration.ofSeconds(60))).isTrue();
        }
        assertThat(done.get()).isEqualTo(20 * 50);
        assertThat(overLimit.get()).isZero();
        assertThat(clusters(manager).values()).allSatisfy(c -> assertThat(c.running()).as(c.name()).isZero());
        assertThat(manager.groupSnapshots()).allSatisfy(g -> {
            assertThat(g.running()).as(g.name()).isZero();
            assertThat(g.queued()).as(g.name()).isZero();
        });
    }
}
