package io.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.engine.HealthStatus;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.pipeline.CapacityLease;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

final class CircuitAndHealthTest {
    private static final String TWO_MEMBERS_WITH_BREAKER = """
            clusters:
              a: {engine: duckDb, healthCheckIntervalSecs: 3600}
              b: {engine: duckDb, healthCheckIntervalSecs: 3600}
            clusterGroups:
              main:
                members: [a, b]
                strategy: {type: failover}
                maxRunningQueries: 2
                capacityWaitTimeoutSecs: 30
                circuitBreaker:
                  windowSecs: 30
                  minRequests: 4
                  failureRatePercent: 50
                  initialBackoffSecs: 5
                  maxBackoffSecs: 20
            """;

    private final AtomicLong now = new AtomicLong(0);

    private static void fail(ClusterGroupManager manager, String expectedCluster, ErrorCode code) {
        try (CapacityLease lease = manager.acquire("main", null)) {
            assertThat(lease.cluster()).isEqualTo(expectedCluster);
            lease.reportFailure(code);
        }
    }

    @Test
    void failuresOpenTheCircuitAndQueriesGoToTheOtherMember() {
        CapacityFixture fixture = new CapacityFixture(TWO_MEMBERS_WITH_BREAKER, now::get);
        List<String> transitions = new CopyOnWriteArrayList<>();
        fixture.manager.addListener(new CapacityListener() {
            @Override
            public void circuitChanged(String cluster, CircuitState from, CircuitState to) {
                transitions.add(cluster + ":" + from + "->" + to);
            }
        });
        try (CapacityLease ok = fixture.manager.acquire("main", null)) {
            ok.reportSuccess();
            ok.reportFailure(ErrorCode.ENGINE_ERROR); // a lease reports one outcome; the second is ignored
        }
        fail(fixture.manager, "a", ErrorCode.ENGINE_UNAVAILABLE);
        fail(fixture.manager, "a", ErrorCode.ENGINE_UNAVAILABLE);
        assertThat(fixture.manager.snapshot().get(0).circuit()).isEqualTo(CircuitState.CLOSED);
        fail(fixture.manager, "a", ErrorCode.QUERY_TIMEOUT);

        assertThat(transitions).containsExactly("a:CLOSED->OPEN");
        assertThat(fixture.manager.snapshot().get(0).circuit()).isEqualTo(CircuitState.OPEN);
        try (CapacityLease lease = fixture.manager.acquire("main", null)) {
            assertThat(lease.cluster()).isEqualTo("b");
        }
        assertThat(fixture.manager.status().get(0).clusters().get(0).health().healthy()).isFalse();
        assertThat(fixture.manager.status().get(0).clusters().get(0).health().detail()).startsWith("circuit open");
        assertThat(fixture.registry.get("switchboard.cluster.circuit.state").tag("cluster", "a").gauge().value()).isEqualTo(2.0);
        assertThat(fixture.registry.get("switchboard.cluster.circuit.transitions").tag("cluster", "a").tag("state", "open")
                .counter().count()).isEqualTo(1.0);
    }

    @Test
    void aHalfOpenProbeAfterTheBackoffClosesTheCircuitAndServesWaitingQueries() throws Exception {
        CapacityFixture fixture = new CapacityFixture(TWO_MEMBERS_WITH_BREAKER.replace("members: [a, b]", "members: [a]"), now::get);
        for (int i = 0; i < 4; i++) {
            fail(fixture.manager, "a", ErrorCode.ENGINE_UNAVAILABLE);
        }
        assertThatThrownBy(() -> fixture.manager.acquire("main", null))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CLUSTER_UNAVAILABLE))
                .hasMessageContaining("a: circuit open");

        try (HealthMonitor monitor = new HealthMonitor(fixture.manager)) {
            fixture.engine("a").answerHealth(HealthStatus.unhealthy("still refusing connections"));
            monitor.probeAll(Duration.ofSeconds(10));
            assertThat(fixture.manager.snapshot().get(0).circuit()).as("backoff not over: no half-open probe").isEqualTo(CircuitState.OPEN);

            now.addAndGet(Duration.ofSeconds(5).toNanos());
            monitor.probeAll(Duration.ofSeconds(10));
            assertThat(fixture.manager.snapshot().get(0).circuit()).as("failed probe: open again").isEqualTo(CircuitState.OPEN);
            assertThat(fixture.manager.nanosUntilCircuitProbe("a")).isEqualTo(Duration.ofSeconds(10).toNanos());

            now.addAndGet(Duration.ofSeconds(10).toNanos());
            fixture.engine("a").answerHealth(HealthStatus.healthy("back"));
            monitor.probeAll(Duration.ofSeconds(10));
            assertThat(fixture.manager.snapshot().get(0).circuit()).isEqualTo(CircuitState.CLOSED);
        }
        try (CapacityLease lease = fixture.manager.acquire("main", null)) {
            assertThat(lease.cluster()).isEqualTo("a");
        }
    }

    @Test
    void queriesWaitingWhileEveryMemberIsOutAreServedWhenOneComesBack() throws Exception {
        CapacityFixture fixture = new CapacityFixture("""
                clusters:
                  a: {engine: duckDb}
                clusterGroups:
                  main: {members: [a], maxRunningQueries: 1, capacityWaitTimeoutSecs: 30}
                """);
        CapacityLease holder = fixture.manager.acquire("main", null);
        List<String> served = new CopyOnWriteArrayList<>();
        Thread waiter = Thread.ofVirtual().start(() -> {
            try (CapacityLease lease = fixture.manager.acquire("main", null)) {
                served.add(lease.cluster() + " " + lease.placement());
            }
        });
        for (int spin = 0; spin < 5_000 && fixture.manager.queued("main").orElseThrow() == 0; spin++) {
            Thread.sleep(1);
        }
        fixture.manager.updateHealth("a", HealthStatus.unhealthy("down"));
        holder.close();
        Thread.sleep(50);
        assertThat(served).as("a freed slot on an unhealthy cluster serves nobody").isEmpty();
        fixture.manager.updateHealth("a", HealthStatus.healthy("up"));
        assertThat(waiter.join(Duration.ofSeconds(10))).isTrue();
        assertThat(served).singleElement().asString().startsWith("a roundRobin, queued");
    }

    @Test
    void healthIsProbedOnEachClustersOwnInterval() throws Exception {
        CapacityFixture fixture = new CapacityFixture("""
                clusters:
                  fast: {engine: duckDb, healthCheckIntervalSecs: 1}
                  slow: {engine: duckDb, healthCheckIntervalSecs: 3600}
                clusterGroups:
                  main: {members: [fast, slow]}
                """);
        try (HealthMonitor monitor = new HealthMonitor(fixture.manager)) {
            monitor.start();
            for (int spin = 0; spin < 100 && fixture.engine("fast").probes.get() < 3; spin++) {
                Thread.sleep(100);
            }
            fixture.engine("fast").answerHealth(HealthStatus.unhealthy("disk full"));
            for (int spin = 0; spin < 100 && fixture.manager.snapshot().get(0).health().healthy(); spin++) {
                Thread.sleep(100);
            }
        }
        assertThat(fixture.engine("fast").probes.get()).isGreaterThanOrEqualTo(3);
        assertThat(fixture.engine("slow").probes.get()).isEqualTo(1);
        assertThat(fixture.manager.snapshot().get(0).health().detail()).isEqualTo("disk full");
        try (CapacityLease lease = fixture.manager.acquire("main", null)) {
            assertThat(lease.cluster()).isEqualTo("slow");
        }
    }

    @Test
    void breakerSettingsAreValidatedAndOneClusterHasOneBreaker() {
        assertThatThrownBy(() -> new CapacityFixture("""
                clusters:
                  a: {engine: duckDb}
                clusterGroups:
                  main: {members: [a], circuitBreaker: {initialBackoffSecs: 60, maxBackoffSecs: 10}}
                """)).hasMessageContaining("clusterGroups.main.circuitBreaker.maxBackoffSecs").hasMessageContaining("at least initialBackoffSecs");
        assertThatThrownBy(() -> new CapacityFixture("""
                clusters:
                  a: {engine: duckDb}
                clusterGroups:
                  main: {members: [a], circuitBreaker: {failureRatePercent: 0}}
                """)).hasMessageContaining("failureRatePercent").hasMessageContaining("between 1 and 100");
        assertThatThrownBy(() -> new CapacityFixture("""
                clusters:
                  a: {engine: duckDb}
                clusterGroups:
                  one: {members: [a], circuitBreaker: {minRequests: 5}}
                  two: {members: [a], circuitBreaker: {minRequests: 50}}
                """)).hasMessageContaining("clusterGroups.two.circuitBreaker").hasMessageContaining("also a member of group 'one'");
        assertThatThrownBy(() -> new CapacityFixture("""
                clusters:
                  a: {engine: duckDb, healthCheckIntervalSecs: 0}
                clusterGroups:
                  one: {members: [a]}
                """)).hasMessageContaining("clusters.a.healthCheckIntervalSecs");

        CapacityFixture shared = new CapacityFixture("""
                clusters:
                  a: {engine: duckDb}
                clusterGroups:
                  one: {members: [a], circuitBreaker: {}}
                  two: {members: [a]}
                """);
        for (int i = 0; i < 10; i++) {
            try (CapacityLease lease = shared.manager.acquire("two", null)) {
                lease.reportFailure(ErrorCode.ENGINE_ERROR);
            }
        }
        assertThat(shared.manager.snapshot().get(0).circuit()).as("QueryFlux defaults: 10 requests, 50%").isEqualTo(CircuitState.OPEN);
    }

    @Test
    void withoutABreakerOutcomesDoNotAffectSelection() {
        CapacityFixture fixture = new CapacityFixture("""
                clusters:
                  a: {engine: duckDb}
                clusterGroups:
                  main: {members: [a]}
                """);
        List<String> placed = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            try (CapacityLease lease = fixture.manager.acquire("main", null)) {
                placed.add(lease.cluster());
                lease.reportFailure(ErrorCode.ENGINE_UNAVAILABLE);
            }
        }
        assertThat(placed).containsOnly("a");
        assertThat(fixture.manager.snapshot().get(0).circuit()).isEqualTo(CircuitState.CLOSED);
    }
}
