package io.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.feedback.QueryOutcome;
import io.switchboard.core.feedback.QueryRecord;
import io.switchboard.core.pipeline.PipelineMetrics;
import io.switchboard.core.pipeline.QueryExecution;
import io.switchboard.core.pipeline.QueryPipeline;
import io.switchboard.core.session.FrontendProtocol;
import io.switchboard.core.session.QueryRequest;
import io.switchboard.core.session.Session;
import io.switchboard.core.sql.Dialect;
import io.switchboard.routing.RealClusters.RecordingStore;
import io.switchboard.routing.rules.RuleRouters;
import io.switchboard.testkit.mariadb.MariaDbServer;
import io.switchboard.testkit.postgres.PostgresServer;
import io.switchboard.testkit.process.TcpProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL, reached through a TCP proxy the test takes down and brings back, is the primary of
 * a failover group with MariaDB behind it. Killing it fails the queries running there with a
 * clear error, opens its circuit and moves new queries to MariaDB; once it is back, a half-open
 * probe closes the circuit and it takes queries again.
 */
final class ClusterKillTest {
    private static final String QUERY = "SELECT count(*) FROM nation";
    private static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir
    Path dataDirectory;

    @Test
    void aKilledClusterOpensItsCircuitAndIsUsedAgainOnceBack() throws Exception {
        PostgresServer postgres = PostgresServer.sharedTpch();
        MariaDbServer mariadb = MariaDbServer.sharedTpch();
        try (TcpProxy proxy = new TcpProxy(postgres.port())) {
            Map<String, String> environment = Map.of(
                    "PG_ENDPOINT", "postgresql://127.0.0.1:" + proxy.port() + "/" + PostgresServer.TPCH_DATABASE,
                    "PG_USER", postgres.user(), "PG_PASSWORD", postgres.password(),
                    "MARIADB_ENDPOINT", mariadb.endpoint(MariaDbServer.TPCH_DATABASE), "MARIADB_USER", mariadb.user(),
                    "MARIADB_PASSWORD", mariadb.password());
            String yaml = """
                    clusters:
                      pg:
                        engine: postgres
                        endpoint: "${PG_ENDPOINT}"
                        user: "${PG_USER}"
                        password: "${PG_PASSWORD}"
                        connectTimeout: 1s
                        healthCheckTimeout: 1s
                        healthCheckIntervalSecs: 3600
                      maria: {engine: mysql, endpoint: "${MARIADB_ENDPOINT}", user: "${MARIADB_USER}", password: "${MARIADB_PASSWORD}"}
                    clusterGroups:
                      main:
                        members: [pg, maria]
                        maxRunningQueries: 10
                        strategy: {type: failover}
                        circuitBreaker:
                          windowSecs: 60
                          minRequests: 5
                          failureRatePercent: 50
                          initialBackoffSecs: 1
                          maxBackoffSecs: 2
                    routingFallback: main
                    """;
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            try (RealClusters clusters = new RealClusters(yaml, environment::get, dataDirectory, registry);
                    RuleRouters routers = RuleRouters.create(clusters.config, registry)) {
                ClusterGroupManager manager = new ClusterGroupManager(
                        clusters.capacity, clusters.engineMap(), registry);
                List<String> transitions = new CopyOnWriteArrayList<>();
                manager.addListener(new CapacityListener() {
                    @Override
                    public void circuitChanged(String cluster, CircuitState from, CircuitState to) {
                        transitions.add(cluster + " " + to);
                    }
                });
                RecordingStore store = new RecordingStore();
                QueryPipeline pipeline = QueryPipeline.builder()
                        .routers(routers.chain())
                        .capacity(manager)
                        .feedback(store)
                        .metrics(new PipelineMetrics(registry))
                        .build();
                try (HealthMonitor monitor = new HealthMonitor(manager)) {
                    monitor.start();
                    for (int i = 0; i < 4; i++) {
                        assertThat(run(pipeline, QUERY)).isEqualTo("pg");
                    }

                    // Three queries are running on PostgreSQL when it goes away.
                    List<Throwable> inFlightErrors = new CopyOnWriteArrayList<>();
                    List<Thread> inFlight = new ArrayList<>();
                    for (int i = 0; i < 3; i++) {
                        inFlight.add(Thread.ofVirtual().start(() -> {
                            try {
                                run(pipeline, "SELECT pg_sleep(60)");
                            } catch (Throwable t) {
                                inFlightErrors.add(t);
                            }
                        }));
                    }
                    for (long deadline = System.nanoTime() + BOUND.toNanos(); clusters.engines.get("pg").running.get() < 3; ) {
                        assertThat(System.nanoTime()).as("the sleeping queries started").isLessThan(deadline);
                        Thread.sleep(10);
                    }
                    Thread.sleep(200);
                    proxy.stop();
                    for (Thread thread : inFlight) {
                        assertThat(thread.join(BOUND)).isTrue();
                    }
                    assertThat(inFlightErrors).hasSize(3).allSatisfy(error -> assertThat(error)
                            .isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_UNAVAILABLE))
                            .hasMessageContaining("cluster 'pg'"));

                    // New queries: the ones that still reach PostgreSQL fail until the circuit opens, then all go to MariaDB.
                    int failedOnPostgres = 0;
                    while (!transitions.contains("pg OPEN")) {
                        assertThatThrownBy(() -> run(pipeline, QUERY))
                                .isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_UNAVAILABLE));
                        failedOnPostgres++;
                        assertThat(failedOnPostgres).as("failures before the circuit opens").isLessThanOrEqualTo(5);
                    }
                    for (int i = 0; i < 10; i++) {
                        assertThat(run(pipeline, QUERY)).isEqualTo("maria");
                    }
                    assertThat(manager.snapshot().get(0).circuit()).isIn(CircuitState.OPEN, CircuitState.HALF_OPEN);

                    // Still down at the first half-open probe: the circuit reopens, with a longer backoff.
                    for (long deadline = System.nanoTime() + BOUND.toNanos(); transitions.lastIndexOf("pg OPEN") < 2; ) {
                        assertThat(System.nanoTime()).as("a half-open probe failed within %s; transitions %s", BOUND, transitions).isLessThan(deadline);
                        Thread.sleep(50);
                    }
                    assertThat(transitions).containsExactly("pg OPEN", "pg HALF_OPEN", "pg OPEN");
                    assertThat(run(pipeline, QUERY)).isEqualTo("maria");

                    // Back: after the backoff a half-open probe closes the circuit and the primary takes queries again.
                    proxy.start();
                    for (long deadline = System.nanoTime() + BOUND.toNanos(); !transitions.contains("pg CLOSED"); ) {
                        assertThat(System.nanoTime()).as("the circuit closed within %s; transitions %s", BOUND, transitions).isLessThan(deadline);
                        Thread.sleep(50);
                    }
                    for (int i = 0; i < 5; i++) {
                        assertThat(run(pipeline, QUERY)).isEqualTo("pg");
                    }
                }
                assertThat(transitions).containsExactly("pg OPEN", "pg HALF_OPEN", "pg OPEN", "pg HALF_OPEN", "pg CLOSED");
                assertThat(manager.snapshot()).allSatisfy(cluster -> assertThat(cluster.running()).isZero());
                assertThat(store.records).filteredOn(r -> r.outcome() == QueryOutcome.FAILED)
                        .extracting(QueryRecord::cluster).containsOnly("pg");
            }
        }
    }

    /** Runs a query to its end and says which cluster served it. */
    private static String run(QueryPipeline pipeline, String sql) {
        try (QueryExecution execution = pipeline.execute(QueryRequest.of(sql, Dialect.POSTGRES,
                Session.builder("alice", FrontendProtocol.POSTGRES_WIRE).build()))) {
            while (execution.nextBatch() != null) {
                // read to the end
            }
            return execution.cluster();
        }
    }
}
