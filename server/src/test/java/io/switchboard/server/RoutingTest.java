package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.config.ConfigLoader;
import io.switchboard.core.feedback.QueryRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rule routers configured in YAML decide where pgjdbc's queries run, through the whole server. */
final class RoutingTest {
    private static final String CONFIG = """
            switchboard:
              frontends:
                postgresWire: {port: 0, authMethod: trust}
              adminApi: {port: 0}
            clusters:
              duck-a: {engine: duckDb}
              duck-b: {engine: duckDb, healthCheckIntervalSecs: 5}
            clusterGroups:
              interactive: {members: [duck-a]}
              reports:
                members: [duck-b, duck-a]
                strategy: {type: failover}
                circuitBreaker: {minRequests: 5}
            routers:
              - type: queryRegex
                rules:
                  - {regex: "(?i)^\\\\s*drop\\\\b", action: deny, error: DROP is not allowed here}
              - type: header
                headerName: application_name
                headerValueToGroup: {monthly-report: reports}
            routingFallback: interactive
            """;

    @TempDir
    Path dataDirectory;

    @Test
    void routersChooseTheGroupAndDenialsReachTheClient() throws Exception {
        SwitchboardServer server = SwitchboardServer.create(ConfigLoader.load(CONFIG, List.of("dataDirectory=" + dataDirectory), name -> null));
        try (server) {
            server.start();
            String url = "jdbc:postgresql://127.0.0.1:" + server.listeners().get("postgresWire").getPort() + "/main";
            Properties reports = new Properties();
            reports.setProperty("user", "ann");
            reports.setProperty("ApplicationName", "monthly-report");
            try (Connection plain = DriverManager.getConnection(url, "bob", "");
                    Connection report = DriverManager.getConnection(url, reports)) {
                assertThat(answer(plain, "SELECT 1 AS a")).isEqualTo(1);
                assertThat(answer(report, "SELECT 2 AS a")).isEqualTo(2);
                try (Statement statement = plain.createStatement()) {
                    assertThatThrownBy(() -> statement.execute("DROP TABLE nothing"))
                            .isInstanceOf(SQLException.class)
                            .hasMessageContaining("Query denied by router queryRegex#0: DROP is not allowed here");
                }
            }
            server.feedbackStore().flush(Duration.ofSeconds(10));
            List<QueryRecord> records = server.feedbackStore().recentQueries(10).stream()
                    .filter(r -> r.sql().matches("(?is)^\\s*(SELECT [12] AS a|DROP TABLE nothing)\\s*$"))
                    .toList();
            assertThat(records).extracting(r -> r.sql() + " -> " + r.group() + "/" + r.cluster() + " by "
                            + (r.trace() == null ? "-" : r.trace().decidedBy()))
                    .containsExactlyInAnyOrder(
                            "SELECT 1 AS a -> interactive/duck-a by routingFallback",
                            "SELECT 2 AS a -> reports/duck-b by header#1",
                            "DROP TABLE nothing -> null/null by -");

            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + server.listeners().get("adminApi").getPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body())
                    .contains("switchboard_routing_decisions_total{action=\"route\",group=\"reports\",router=\"header#1\"} 1.0")
                    .contains("switchboard_routing_decisions_total{action=\"deny\",group=\"none\",router=\"queryRegex#0\"} 1.0")
                    .contains("switchboard_cluster_circuit_state{cluster=\"duck-b\"} 0.0")
                    .contains("switchboard_capacity_queue_wait_seconds_count{group=\"reports\"}");
        }
    }

    @Test
    void aRouterMistakeStopsTheServerBeforeItListens() {
        String broken = CONFIG.replace("headerValueToGroup: {monthly-report: reports}", "headerValueToGroup: {monthly-report: report}");
        assertThatThrownBy(() -> SwitchboardServer.create(ConfigLoader.load(broken, List.of("dataDirectory=" + dataDirectory), name -> null)))
                .hasMessageContaining("routers[1].headerValueToGroup.monthly-report (line 20): unknown cluster group 'report'");
    }

    private static int answer(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getInt(1);
        }
    }
}
