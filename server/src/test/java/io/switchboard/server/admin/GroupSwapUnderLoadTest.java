package io.switchboard.server.admin;

import static io.switchboard.server.admin.AdminApiTest.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.core.config.ConfigLoader;
import io.switchboard.core.feedback.QueryOutcome;
import io.switchboard.core.feedback.QueryRecord;
import io.switchboard.server.SwitchboardServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster groups replaced again and again through the admin API while 20 pgjdbc clients run 20
 * queries each: every query succeeds and is recorded once, no cluster ever runs more than the
 * largest limit either configuration gives it, and at the end every slot is free.
 */
@Timeout(300)
final class GroupSwapUnderLoadTest {
    private static final int CLIENTS = 20;
    private static final int QUERIES = 20;
    private static final int MOST_ANY_CONFIGURATION_ALLOWS = 3;
    private static final List<String> VARIANTS = List.of("""
            {"clusterGroups": {
              "interactive": {"members": ["duck-a", "duck-b"], "maxRunningQueries": 3, "maxQueuedQueries": 100,
                              "capacityWaitTimeoutSecs": 120},
              "reports": {"members": ["duck-b"], "maxRunningQueries": 4, "circuitBreaker": {"minRequests": 5}}}}
            """, """
            {"clusterGroups": {
              "interactive": {"members": ["duck-b", "spare"], "maxRunningQueries": 2, "maxQueuedQueries": 100,
                              "capacityWaitTimeoutSecs": 120, "strategy": {"type": "leastLoaded"}},
              "reports": {"members": ["duck-b"], "maxRunningQueries": 4, "circuitBreaker": {"minRequests": 5}},
              "standby": {"members": ["duck-a"], "maxRunningQueries": 3}}}
            """);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDirectory;

    @Test
    void replacingGroupsUnderLoadLeaksNoSlotAndRecordsEveryQueryOnce() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try (SwitchboardServer server = SwitchboardServer.create(
                ConfigLoader.load(AdminApiTest.CONFIG, List.of("dataDirectory=" + dataDirectory), name -> null))) {
            server.start();
            String admin = "http://127.0.0.1:" + server.listeners().get("adminApi").getPort();
            assertThat(put(http, admin, VARIANTS.get(0)).statusCode()).isEqualTo(200);
            String url = "jdbc:postgresql://127.0.0.1:" + server.listeners().get("postgresWire").getPort() + "/main";

            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            AtomicInteger answered = new AtomicInteger();
            List<Thread> clients = new ArrayList<>();
            for (int client = 0; client < CLIENTS; client++) {
                int id = client;
                clients.add(Thread.ofVirtual().start(() -> {
                    try (Connection connection = DriverManager.getConnection(url, "load" + id, "");
                            Statement statement = connection.createStatement()) {
                        for (int query = 0; query < QUERIES; query++) {
                            int value = id * 1000 + query;
                            try (ResultSet rows = statement.executeQuery(
                                    "SELECT " + value + " AS swap_probe, count(*) FROM range(20000)")) {
                                rows.next();
                                if (rows.getInt(1) == value) {
                                    answered.incrementAndGet();
                                }
                            }
                        }
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                }));
            }
            int swaps = 0;
            int highestRunning = 0;
            while (clients.stream().anyMatch(Thread::isAlive) && swaps < 200) {
                HttpResponse<String> response = put(http, admin, VARIANTS.get(++swaps % 2));
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                for (JsonNode cluster : JSON.readTree(get(http, admin, "/api/v1/clusters").body())) {
                    highestRunning = Math.max(highestRunning, cluster.get("running").asInt());
                }
            }
            for (Thread client : clients) {
                assertThat(client.join(Duration.ofSeconds(120))).isTrue();
            }
            assertThat(failures).isEmpty();
            assertThat(answered.get()).isEqualTo(CLIENTS * QUERIES);
            assertThat(swaps).isGreaterThanOrEqualTo(2);
            assertThat(highestRunning).isLessThanOrEqualTo(MOST_ANY_CONFIGURATION_ALLOWS);

            for (JsonNode group : JSON.readTree(get(http, admin, "/api/v1/groups").body())) {
                assertThat(group.get("running").asInt()).as("running in %s", group.get("name")).isZero();
                assertThat(group.get("queued").asInt()).as("queued in %s", group.get("name")).isZero();
            }
            for (JsonNode cluster : JSON.readTree(get(http, admin, "/api/v1/clusters").body())) {
                assertThat(cluster.get("running").asInt()).as("running on %s", cluster.get("name")).isZero();
            }

            server.feedbackStore().flush(Duration.ofSeconds(30));
            List<QueryRecord> records = server.feedbackStore().recentQueries(5_000).stream()
                    .filter(r -> r.sql().contains("swap_probe")).toList();
            assertThat(records).hasSize(CLIENTS * QUERIES);
            assertThat(records).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(QueryOutcome.SUCCEEDED));
            Set<String> ids = records.stream().map(r -> r.queryId().toString()).collect(Collectors.toSet());
            Set<String> texts = records.stream().map(QueryRecord::sql).collect(Collectors.toSet());
            assertThat(ids).hasSize(CLIENTS * QUERIES);
            assertThat(texts).hasSize(CLIENTS * QUERIES);
        }
    }

    private static HttpResponse<String> put(HttpClient http, String admin, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(admin + "/api/v1/groups")).timeout(Duration.ofSeconds(60))
                .header("Authorization", basic(AdminApiTest.USER, AdminApiTest.PASSWORD))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(HttpClient http, String admin, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(admin + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", basic(AdminApiTest.USER, AdminApiTest.PASSWORD)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
