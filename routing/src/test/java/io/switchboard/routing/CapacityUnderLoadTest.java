package io.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.feedback.QueryOutcome;
import io.switchboard.core.feedback.QueryRecord;
import io.switchboard.core.pipeline.ClusterStatus;
import io.switchboard.core.pipeline.GroupStatus;
import io.switchboard.core.pipeline.PipelineMetrics;
import io.switchboard.core.pipeline.QueryExecution;
import io.switchboard.core.pipeline.QueryPipeline;
import io.switchboard.core.session.AgentContext;
import io.switchboard.core.session.FrontendProtocol;
import io.switchboard.core.session.QueryId;
import io.switchboard.core.session.QueryRequest;
import io.switchboard.core.session.Session;
import io.switchboard.core.sql.Dialect;
import io.switchboard.routing.RealClusters.RecordingStore;
import io.switchboard.routing.rules.RuleRouters;
import io.switchboard.testkit.mariadb.MariaDbServer;
import io.switchboard.testkit.postgres.PostgresServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 200 clients × 50 queries through the pipeline onto DuckDB, PostgreSQL and MariaDB, with random
 * cancels, early disconnects and interrupts while queued. Two groups share the PostgreSQL
 * cluster; the interactive group spills into the batch group, which queues.
 */
final class CapacityUnderLoadTest {
    private static final Logger log = LoggerFactory.getLogger(CapacityUnderLoadTest.class);
    private static final int CLIENTS = 200;
    private static final int QUERIES_PER_CLIENT = 50;
    private static final List<String> QUERIES = List.of(
            "SELECT n_name FROM nation ORDER BY n_nationkey",
            "SELECT count(*) FROM orders",
            "SELECT o_orderkey, o_totalprice FROM orders WHERE o_orderkey < 3000 ORDER BY o_orderkey",
            "SELECT r_name, count(*) FROM region JOIN nation ON n_regionkey = r_regionkey GROUP BY r_name ORDER BY r_name");
    private static final String STREAMING_QUERY = "SELECT l_orderkey, l_quantity FROM lineitem WHERE l_orderkey < 30000";

    @TempDir
    Path dataDirectory;

    @Test
    void slotsHoldUnderLoadWithCancelsAndDisconnects() throws Exception {
        PostgresServer postgres = PostgresServer.sharedTpch();
        MariaDbServer mariadb = MariaDbServer.sharedTpch();
        Map<String, String> environment = Map.of(
                "PG_ENDPOINT", postgres.endpoint(PostgresServer.TPCH_DATABASE), "PG_USER", postgres.user(), "PG_PASSWORD", postgres.password(),
                "MARIADB_ENDPOINT", mariadb.endpoint(MariaDbServer.TPCH_DATABASE), "MARIADB_USER", mariadb.user(),
                "MARIADB_PASSWORD", mariadb.password());
        String yaml = """
                clusters:
                  duck: {engine: duckDb, databasePath: demo.duckdb, demoData: tpch, maxRunningQueries: 3}
                  pg: {engine: postgres, endpoint: "${PG_ENDPOINT}", user: "${PG_USER}", password: "${PG_PASSWORD}", maxRunningQueries: 4}
                  maria: {engine: mysql, endpoint: "${MARIADB_ENDPOINT}", user: "${MARIADB_USER}", password: "${MARIADB_PASSWORD}", maxRunningQueries: 3}
                clusterGroups:
                  interactive:
                    members: [duck, pg]
                    strategy: {type: leastLoaded}
                    overflowGroup: batch
                  batch:
                    members: [maria, pg]
                    maxQueuedQueries: 5000
                    capacityWaitTimeoutSecs: 120
                routers:
                  - type: userGroup
                    userToGroup: {etl: batch}
                routingFallback: interactive
                """;
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (RealClusters clusters = new RealClusters(yaml, environment::get, dataDirectory, registry);
                RuleRouters routers = RuleRouters.create(clusters.config, registry)) {
            ClusterGroupManager manager = new ClusterGroupManager(
                    clusters.capacity, clusters.engineMap(), registry);
            QueueAudit audit = new QueueAudit();
            manager.addListener(audit);
            RecordingStore store = new RecordingStore();
            QueryPipeline pipeline = QueryPipeline.builder()
                    .routers(routers.chain())
                    .capacity(manager)
                    .feedback(store)
                    .metrics(new PipelineMetrics(registry))
                    .queryTimeout(Duration.ofSeconds(60))
                    .build();
            Map<String, Integer> limits = Map.of("duck", 3, "pg", 4, "maria", 3);

            AtomicBoolean sampling = new AtomicBoolean(true);
            List<String> overLimit = new CopyOnWriteArrayList<>();
            AtomicInteger samples = new AtomicInteger();
            Thread sampler = Thread.ofPlatform().daemon().start(() -> {
                while (sampling.get()) {
                    for (ClusterGroupManager.ClusterSnapshot cluster : manager.snapshot()) {
                        if (cluster.running() > cluster.maxRunning()) {
                            overLimit.add(cluster.name() + " " + cluster.running() + "/" + cluster.maxRunning());
                        }
                    }
                    samples.incrementAndGet();
                    LockSupport.parkNanos(200_000);
                }
            });

            Set<QueryId> submitted = ConcurrentHashMap.newKeySet();
            Map<String, AtomicInteger> actions = new ConcurrentHashMap<>();
            List<Throwable> unexpected = new CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(CLIENTS);
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                Thread.ofVirtual().name("client-" + client).start(() -> {
                    Random random = new Random(client);
                    String user = client % 4 == 0 ? "etl" : "user" + client;
                    try {
                        for (int q = 0; q < QUERIES_PER_CLIENT; q++) {
                            String action = runOne(pipeline, user, random, submitted);
                            actions.computeIfAbsent(action, k -> new AtomicInteger()).incrementAndGet();
                        }
                    } catch (Throwable t) {
                        unexpected.add(t);
                    } finally {
                        done.countDown();
                    }
                });
            }
            assertThat(done.await(5, TimeUnit.MINUTES)).as("every client finished").isTrue();
            sampling.set(false);
            sampler.join(Duration.ofSeconds(10));

            assertThat(unexpected).isEmpty();
            assertThat(overLimit).as("maxRunningQueries exceeded (of %s samples)", samples.get()).isEmpty();
            for (RealClusters.CountingEngine engine : clusters.engines.values()) {
                assertThat(engine.mostAtOnce.get()).as("statements at once on %s", engine.clusterName())
                        .isBetween(1, limits.get(engine.clusterName()));
                assertThat(engine.running.get()).as("statements still open on %s", engine.clusterName()).isZero();
            }

            // Every slot is free, no query waits, and each query was recorded exactly once.
            assertThat(manager.snapshot()).allSatisfy(cluster -> assertThat(cluster.running()).as(cluster.name()).isZero());
            assertThat(manager.status()).allSatisfy(group -> assertThat(group.queued()).as(group.name()).isZero());
            assertThat(registry.get("switchboard.group.running").gauges()).allSatisfy(g -> assertThat(g.value()).isZero());
            List<QueryRecord> records = new ArrayList<>(store.records);
            assertThat(records).hasSize(CLIENTS * QUERIES_PER_CLIENT);
            assertThat(records.stream().map(QueryRecord::queryId).collect(Collectors.toSet())).isEqualTo(submitted);

            // Arrival order within each group; spillover only from a full group.
            audit.assertArrivalOrder();
            assertThat(audit.spillsFromAGroupWithRoom).isEmpty();

            log.info("{} queries by {} clients: client actions {}, outcomes {}, spillovers {}, queued admissions {}, "
                            + "most statements at once {}, {} samples of the slots",
                    records.size(), CLIENTS, actions, outcomesOf(records), audit.spilled.get(),
                    audit.admittedFromQueue.values().stream().mapToInt(List::size).sum(),
                    clusters.engines.values().stream().map(e -> e.clusterName() + "=" + e.mostAtOnce.get()).toList(), samples.get());

            // The run did exercise what it claims to.
            Map<QueryOutcome, Long> outcomes = outcomesOf(records);
            assertThat(outcomes.get(QueryOutcome.SUCCEEDED)).isGreaterThan(CLIENTS * QUERIES_PER_CLIENT / 2L);
            assertThat(outcomes.get(QueryOutcome.CANCELED)).isPositive();
            assertThat(outcomes).doesNotContainKey(QueryOutcome.DENIED);
            assertThat(records).filteredOn(r -> r.outcome() == QueryOutcome.FAILED)
                    .allSatisfy(r -> assertThat(r.errorCode()).as(r.errorMessage()).isEqualTo(ErrorCode.QUERY_CANCELED));
            assertThat(audit.spilled.get()).as("spillovers").isPositive();
            assertThat(audit.admittedFromQueue.getOrDefault("batch", List.of())).as("queued admissions in batch").isNotEmpty();
            assertThat(records.stream().filter(r -> "batch".equals(r.group()) && r.trace() != null
                    && r.trace().placement().contains("spilled over")).count())
                    .isEqualTo(records.stream().filter(r -> r.trace() != null && r.trace().placement().contains("spilled over")).count())
                .as("spilled queries ran in the overflow group")
                    .isPositive();
            assertThat(actions.keySet()).contains("read", "cancel", "disconnect", "interrupt");
        }
    }

    private static Map<QueryOutcome, Long> outcomesOf(List<QueryRecord> records) {
        return records.stream().collect(Collectors.groupingBy(QueryRecord::outcome, Collectors.counting()));
    }

    /** Runs one query the way one kind of client would, and says which kind. */
    private static String runOne(QueryPipeline pipeline, String user, Random random, Set<QueryId> submitted) throws InterruptedException {
        int dice = random.nextInt(100);
        String sql = dice % 10 == 9 ? STREAMING_QUERY : QUERIES.get(random.nextInt(QUERIES.size()));
        QueryRequest request = new QueryRequest(QueryId.next(), sql, Dialect.POSTGRES,
                Session.builder(user, FrontendProtocol.POSTGRES_WIRE).build(), AgentContext.NONE, Instant.now(), Map.of());
        submitted.add(request.queryId());
        if (dice < 6) {
            // A client that gives up while its query may still be queued: its thread is interrupted.
            Throwable[] failure = new Throwable[1];
            Thread worker = Thread.ofVirtual().start(() -> {
                try {
                    drain(pipeline, request, Integer.MAX_VALUE);
                } catch (Throwable t) {
                    failure[0] = t;
                }
            });
            Thread.sleep(random.nextInt(3));
            worker.interrupt();
            if (!worker.join(Duration.ofMinutes(2))) {
                throw new AssertionError("an interrupted query did not end");
            }
            if (failure[0] != null) {
                throw new AssertionError("an interrupted query failed with something else than a cancel", failure[0]);
            }
            return "interrupt";
        }
        if (dice < 13) {
            try (QueryExecution execution = pipeline.execute(request)) {
                execution.cancel();
                execution.nextBatch();
            } catch (SwitchboardException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.QUERY_CANCELED);
            }
            return "cancel";
        }
        if (dice < 20) {
            drain(pipeline, request, random.nextInt(2));
            return "disconnect";
        }
        drain(pipeline, request, Integer.MAX_VALUE);
        return "read";
    }

    /** Executes and reads at most {@code batches} batches, then closes (a client that leaves early when fewer). */
    private static void drain(QueryPipeline pipeline, QueryRequest request, int batches) {
        try (QueryExecution execution = pipeline.execute(request)) {
            for (int read = 0; read < batches && execution.nextBatch() != null; read++) {
                // reading
            }
        } catch (SwitchboardException e) {
            if (e.code() != ErrorCode.QUERY_CANCELED) {
                throw e;
            }
        }
    }

    /** Watches admissions under the manager's lock, where their order is exact. */
    private static final class QueueAudit implements CapacityListener {
        final Map<String, List<QueryId>> queued = new HashMap<>();
        final Map<String, List<QueryId>> admittedFromQueue = new HashMap<>();
        final Set<QueryId> leftTheQueue = Collections.synchronizedSet(new HashSet<>());
        final List<String> spillsFromAGroupWithRoom = new CopyOnWriteArrayList<>();
        final AtomicInteger spilled = new AtomicInteger();

        @Override
        public synchronized void queued(String group, QueryId queryId) {
            queued.computeIfAbsent(group, g -> new ArrayList<>()).add(queryId);
        }

        @Override
        public synchronized void admitted(String group, String cluster, QueryId queryId, boolean fromQueue) {
            if (fromQueue) {
                admittedFromQueue.computeIfAbsent(group, g -> new ArrayList<>()).add(queryId);
            }
        }

        @Override
        public void rejected(String group, ErrorCode code, QueryId queryId) {
            leftTheQueue.add(queryId);
        }

        @Override
        public void spilled(GroupStatus from, String toGroup, QueryId queryId) {
            spilled.incrementAndGet();
            for (ClusterStatus cluster : from.clusters()) {
                if (cluster.enabled() && cluster.health().healthy() && cluster.running() < cluster.maxRunning()) {
                    spillsFromAGroupWithRoom.add(queryId + " left " + from.name() + " while " + cluster.name() + " ran "
                            + cluster.running() + "/" + cluster.maxRunning());
                }
            }
        }

        /** Queries that waited got their slots in the order they queued (those that gave up while waiting left the line). */
        synchronized void assertArrivalOrder() {
            for (Map.Entry<String, List<QueryId>> entry : queued.entrySet()) {
                Set<QueryId> admitted = new HashSet<>(admittedFromQueue.getOrDefault(entry.getKey(), List.of()));
                // A query interrupted just after its slot arrived gave the slot back, but it was admitted in its turn.
                List<QueryId> expected = entry.getValue().stream().filter(id -> admitted.contains(id) || !leftTheQueue.contains(id)).toList();
                assertThat(admittedFromQueue.getOrDefault(entry.getKey(), List.of())).as("admissions from the queue of %s", entry.getKey())
                        .containsExactlyElementsOf(expected);
            }
        }
    }
}
