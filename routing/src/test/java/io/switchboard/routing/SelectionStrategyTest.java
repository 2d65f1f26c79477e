package io.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.engine.HealthStatus;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.pipeline.CapacityLease;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

final class SelectionStrategyTest {

    private static List<String> placeSequentially(ClusterGroupManager manager, String group, int queries) {
        List<String> placed = new ArrayList<>();
        for (int i = 0; i < queries; i++) {
            try (CapacityLease lease = manager.acquire(group, null)) {
                placed.add(lease.cluster());
            }
        }
        return placed;
    }

    @Test
    void weightedFollowsTheWeightsExactlyOverEachRound() {
        CapacityFixture fixture = new CapacityFixture("""
                clusters:
                  old: {engine: duckDb}
                  new: {engine: duckDb}
                clusterGroups:
                  main:
                    members: [old, new]
                    strategy: {type: weighted, weights: {old: 3, new: 1}}
                """);
        List<String> placed = placeSequentially(fixture.manager, "main", 400);
        for (int round = 0; round < 100; round++) {
            List<String> window = placed.subList(round * 4, round * 4 + 4);
            assertThat(Collections.frequency(window, "old")).as("round %s: %s", round, window).isEqualTo(3);
        }
        // Smooth: the new cluster's share is spread through the round, not bunched at its end.
        assertThat(placed.subList(0, 4)).containsExactly("old", "old", "new", "old");
    }

    @Test
    void weightedMigrationSendsNothingToAWeightOfZeroWhileWeightedMembersCanServe() {
        CapacityFixture fixture = new CapacityFixture("""
                clusters:
                  old: {engine: duckDb}
                  new: {engine: duckDb}
                clusterGroups:
                  main:
                    members: [old, new]
                    maxRunningQueries: 1
                    maxQueuedQueries: 0
                    strategy: {type: weighted, weights: {old: 0, new: 10}}
                """);
        assertThat(placeSequentially(fixture.manager, "main", 5)).containsOnly("new");
        try (CapacityLease lease = fixture.manager.acquire("main", null)) {
            assertThat(lease.cluster()).isEqualTo("new");
            // "new" is full, "old" is free but weighs 0: the query waits (here: no queue, so rejected).
            assertThatThrownBy(() -> fixture.manager.acquire("main", null))
                    .isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUEUE_FULL));
        }
        // Every weighted member down: the weight-0 member stands by.
        fixture.manager.updateHealth("new", HealthStatus.unhealthy("gone"));
        assertThat(placeSequentially(fixture.manager, "main", 2)).containsOnly("old");
    }

    @Test
    void weightedUsesTheOthersWhenAHeavyMemberIsFull() {
        CapacityFixture fixture = new CapacityFixture("""
                clusters:
                  a: {engine: duckDb, maxRunningQueries: 1}
                  b: {engine: duckDb, maxRunningQueries: 5}
                clusterGroups:
                  main:
                    members: [a, b]
                    strategy: {type: weighted, weights: {a: 100, b: 1}}
                """);
        try (CapacityLease first = fixture.manager.acquire("main", null)) {
            assertThat(first.cluster()).isEqualTo("a");
            assertThat(placeSequentially(fixture.manager, "main", 3)).containsOnly("b");
        }
    }

    @Test
    void engineAffinityPrefersEngineTypesInOrderAndBalancesWithinOne() {
        CapacityFixture fixture = new CapacityFixture("""
                clusters:
                  duck: {engine: duckDb, maxRunningQueries: 4}
                  pg1: {engine: postgres, endpoint: "postgresql://localhost/x", maxRunningQueries: 2}
                  pg2: {engine: postgres, endpoint: "postgresql://localhost/x", maxRunningQueries: 2}
                  chouse: {engine: clickHouse, endpoint: "http://localhost:8123", maxRunningQueries: 1}
                clusterGroups:
                  mixed:
                    members: [duck, chouse, pg1, pg2]
                    maxQueuedQueries: 0
                    strategy: {type: engineAffinity, preference: [postgres, clickHouse]}
                """);
        List<CapacityLease> held = new ArrayList<>();
        try {
            for (int i = 0; i < 9; i++) {
                held.add(fixture.manager.acquire("mixed", null));
            }
            List<String> placed = held.stream().map(CapacityLease::cluster).toList();
            assertThat(placed.subList(0, 4)).as("postgres first, least loaded of the two").containsExactly("pg1", "pg2", "pg1", "pg2");
            assertThat(placed.get(4)).as("then clickHouse").isEqualTo("chouse");
            assertThat(placed.subList(5, 9)).as("engines not in the list last").containsOnly("duck");
        } finally {
            held.forEach(CapacityLease::close);
        }
        fixture.manager.updateHealth("pg1", HealthStatus.unhealthy("down"));
        fixture.manager.updateHealth("pg2", HealthStatus.unhealthy("down"));
        assertThat(placeSequentially(fixture.manager, "mixed", 2)).containsOnly("chouse");
    }

    @Test
    void failoverUsesMemberOrderAsPriority() {
        CapacityFixture fixture = new CapacityFixture("""
                clusters:
                  primary: {engine: duckDb, maxRunningQueries: 2}
                  standby: {engine: duckDb, maxRunningQueries: 2}
                clusterGroups:
                  main: {members: [primary, standby], strategy: {type: failover}}
                """);
        assertThat(placeSequentially(fixture.manager, "main", 3)).containsOnly("primary");
        try (CapacityLease a = fixture.manager.acquire("main", null); CapacityLease b = fixture.manager.acquire("main", null);
                CapacityLease c = fixture.manager.acquire("main", null)) {
            assertThat(List.of(a.cluster(), b.cluster(), c.cluster())).containsExactly("primary", "primary", "standby");
            assertThat(c.placement()).startsWith("failover");
        }
    }

    @Test
    void leastLoadedBalancesByShareOfFreeSlots() {
        CapacityFixture fixture = new CapacityFixture("""
                clusters:
                  big: {engine: duckDb, maxRunningQueries: 6}
                  small: {engine: duckDb, maxRunningQueries: 2}
                clusterGroups:
                  main: {members: [small, big], strategy: {type: leastLoaded}}
                """);
        List<CapacityLease> held = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            held.add(fixture.manager.acquire("main", null));
        }
        Map<String, Long> counts = held.stream().collect(Collectors.groupingBy(CapacityLease::cluster, Collectors.counting()));
        held.forEach(CapacityLease::close);
        assertThat(counts).containsEntry("big", 6L).containsEntry("small", 2L);
    }

    @Test
    void strategyBlocksAreValidatedWithTheirLine() {
        assertThatThrownBy(() -> new CapacityFixture("""
                clusters:
                  a: {engine: duckDb}
                clusterGroups:
                  main:
                    members: [a]
                    strategy: {type: weighted, weights: {a: 1, b: 2}}
                """)).hasMessageContaining("clusterGroups.main.strategy.weights.b (line 6)").hasMessageContaining("not a member");
        assertThatThrownBy(() -> new CapacityFixture("""
                clusters:
                  a: {engine: duckDb}
                clusterGroups:
                  main: {members: [a], strategy: {type: weighted, weights: {a: 0}}}
                """)).hasMessageContaining("at least one member needs a weight above 0");
        assertThatThrownBy(() -> new CapacityFixture("""
                clusters:
                  a: {engine: duckDb}
                clusterGroups:
                  main: {members: [a], strategy: {type: engineAffinity, preference: [trino, oracle]}}
                """)).hasMessageContaining("unknown engine 'oracle'");
        assertThatThrownBy(() -> new CapacityFixture("""
                clusters:
                  a: {engine: duckDb}
                clusterGroups:
                  main: {members: [a], strategy: {type: random}}
                """)).hasMessageContaining("clusterGroups.main.strategy.type").hasMessageContaining("roundRobin");
        assertThatThrownBy(() -> new CapacityFixture("""
                clusters:
                  a: {engine: duckDb}
                clusterGroups:
                  main: {members: [a], strategy: {type: failover, weights: {a: 1}}}
                """)).hasMessageContaining("unknown key 'weights'");
    }
}
