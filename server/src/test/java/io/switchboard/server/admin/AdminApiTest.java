package io.switchboard.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.core.config.ConfigLoader;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.feedback.QueryRecord;
import io.switchboard.server.SwitchboardServer;
import io.switchboard.studio.AdminServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The admin REST API over real HTTP against a whole server, with pgjdbc running the queries. */
@Timeout(180)
final class AdminApiTest {
    static final String USER = "admin";
    static final String PASSWORD = "s3cret-admin";
    static final String CONFIG = """
            switchboard:
              frontends:
                postgresWire: {port: 0, authMethod: trust}
              adminApi: {port: 0, username: admin, password: s3cret-admin}
            clusters:
              duck-a: {engine: duckDb}
              duck-b: {engine: duckDb}
              spare: {engine: duckDb}
            clusterGroups:
              interactive: {members: [duck-a], maxRunningQueries: 1, maxQueuedQueries: 10, capacityWaitTimeoutSecs: 120}
              reports:
                members: [duck-b]
                maxRunningQueries: 4
                circuitBreaker: {minRequests: 5}
            routers:
              - type: header
                name: by-app
                headerName: application_name
                headerValueToGroup: {monthly-report: reports}
            routingFallback: interactive
            """;

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path dataDirectory;

    private SwitchboardServer server;

    @BeforeEach
    void start() {
        server = SwitchboardServer.create(ConfigLoader.load(CONFIG, List.of("dataDirectory=" + dataDirectory), name -> null));
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyApiRouteNeedsTheAdministratorsCredentials() throws Exception {
        List<AdminServer.RouteInfo> api = server.adminRoutes().stream()
                .filter(r -> !r.path().equals("/health") && !r.path().equals("/metrics")).toList();
        assertThat(api).hasSizeGreaterThanOrEqualTo(11).allSatisfy(r -> assertThat(r.authenticated()).isTrue());
        for (AdminServer.RouteInfo route : api) {
            String path = concrete(route.path());
            assertThat(send(route.method(), path, null, null).statusCode()).as("%s %s without credentials", route.method(), path)
                    .isEqualTo(401);
            assertThat(send(route.method(), path, null, basic(USER, "wrong")).statusCode()).as("%s %s, wrong password", route.method(), path)
                    .isEqualTo(401);
        }
        for (AdminServer.RouteInfo route : api) {
            if (route.method().equals("GET")) {
                String path = concrete(route.path());
                int expected = route.path().contains("{id}") ? 404 : 200;
                assertThat(send("GET", path, null, basic(USER, PASSWORD)).statusCode()).as("GET %s", path).isEqualTo(expected);
            }
        }
        assertThat(post("/api/v1/clusters/duck-b/enable").statusCode()).isEqualTo(200);
    }

    @Test
    void listingsShowLiveRunningAndQueuedQueries() throws Exception {
        String url = jdbcUrl();
        try (Connection first = DriverManager.getConnection(url, "ann", ""); Connection second = DriverManager.getConnection(url, "bob", "")) {
            Statement longStatement = first.createStatement();
            AtomicReference<Throwable> longOutcome = new AtomicReference<>();
            Thread longQuery = Thread.ofVirtual().start(() -> {
                try (ResultSet rows = longStatement.executeQuery("SELECT count(*) FROM range(10000000000000) t(x) WHERE x % 7 = 9")) {
                    rows.next();
                } catch (SQLException e) {
                    longOutcome.set(e);
                }
            });
            JsonNode group = awaitGroup("interactive", g -> g.get("running").asInt() == 1);
            AtomicReference<Integer> queuedAnswer = new AtomicReference<>();
            Thread queuedQuery = Thread.ofVirtual().start(() -> {
                try (Statement statement = second.createStatement(); ResultSet rows = statement.executeQuery("SELECT 42 AS waited")) {
                    rows.next();
                    queuedAnswer.set(rows.getInt(1));
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            group = awaitGroup("interactive", g -> g.get("queued").asInt() == 1);
            assertThat(group.get("running").asInt()).isEqualTo(1);
            assertThat(group.get("eligibleMembers")).extracting(JsonNode::asText).containsExactly("duck-a");
            JsonNode cluster = json(get("/api/v1/clusters/duck-a"));
            assertThat(cluster.get("running").asInt()).isEqualTo(1);
            assertThat(cluster.get("maxRunningQueries").asInt()).isEqualTo(1);
            assertThat(cluster.get("groups")).extracting(JsonNode::asText).containsExactly("interactive");
            JsonNode all = json(get("/api/v1/groups"));
            assertThat(all).extracting(g -> g.get("name").asText() + " " + g.get("running").asInt() + "/" + g.get("queued").asInt())
                    .containsExactly("interactive 1/1", "reports 0/0");

            longStatement.cancel();
            assertThat(longQuery.join(Duration.ofSeconds(60))).isTrue();
            assertThat(longOutcome.get()).isInstanceOf(SQLException.class);
            assertThat(queuedQuery.join(Duration.ofSeconds(60))).isTrue();
            assertThat(queuedAnswer.get()).isEqualTo(42);
        }
        JsonNode after = awaitGroup("interactive", g -> g.get("running").asInt() == 0 && g.get("queued").asInt() == 0);
        assertThat(after.get("running").asInt()).isZero();
    }

    @Test
    void puttingRoutersChangesWhereTheNextQueryGoes() throws Exception {
        Properties carol = new Properties();
        carol.setProperty("user", "carol");
        try (Connection connection = DriverManager.getConnection(jdbcUrl(), carol)) {
            assertThat(answer(connection, "SELECT 1 AS before_put")).isEqualTo(1);

            HttpResponse<String> response = put("/api/v1/routers", """
                    {"routers": [{"type": "userGroup", "name": "by-user", "userToGroup": {"carol": "reports"}}],
                     "routingFallback": "interactive"}
                    """, "application/json");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode applied = json(response);
            assertThat(applied.get("persistent").asBoolean()).isFalse();
            assertThat(applied.get("note").asText()).contains("restart reads the configuration file again");
            assertThat(applied.get("routers")).extracting(r -> r.get("name").asText()).containsExactly("by-user");

            assertThat(answer(connection, "SELECT 2 AS after_put")).isEqualTo(2);
        }
        server.feedbackStore().flush(Duration.ofSeconds(10));
        List<QueryRecord> records = server.feedbackStore().recentQueries(50).stream()
                .filter(r -> r.sql().contains("_put")).toList();
        assertThat(records).extracting(r -> r.sql().replaceAll("\\s+", " ").strip() + " -> " + r.group() + " by " + r.trace().decidedBy())
                .containsExactlyInAnyOrder("SELECT 1 AS before_put -> interactive by routingFallback",
                        "SELECT 2 AS after_put -> reports by by-user");

        JsonNode routers = json(get("/api/v1/routers"));
        assertThat(routers.get("routingFallback").asText()).isEqualTo("interactive");
        JsonNode byUser = routers.get("routers").get(0);
        assertThat(byUser.get("type").asText()).isEqualTo("userGroup");
        assertThat(byUser.at("/configuration/userToGroup/carol").asText()).isEqualTo("reports");
        assertThat(byUser.at("/decisions/total").asLong()).isEqualTo(1);
        assertThat(byUser.at("/decisions/byGroup/reports").asLong()).isEqualTo(1);
    }

    @Test
    void anInvalidPutIsRefusedWithTheMessageAFileGetsAndChangesNothing() throws Exception {
        String before = get("/api/v1/routers").body();
        String groupsBefore = json(get("/api/v1/groups")).toString();

        HttpResponse<String> badGroup = put("/api/v1/routers", """
                routers:
                  - type: userGroup
                    userToGroup: {carol: nowhere}
                routingFallback: interactive
                """, "application/yaml");
        assertThat(badGroup.statusCode()).isEqualTo(400);
        JsonNode error = json(badGroup);
        assertThat(error.get("status").asInt()).isEqualTo(400);
        assertThat(error.get("error").asText()).isEqualTo("Bad Request");
        assertThat(withoutLines(error.get("message").asText())).isEqualTo(withoutLines(messageOfFileWith("""
                routers:
                  - type: userGroup
                    userToGroup: {carol: nowhere}
                routingFallback: interactive
                """)));
        assertThat(error.get("message").asText()).contains("routers[0]").contains("nowhere");

        HttpResponse<String> typo = put("/api/v1/groups", """
                {"clusterGroups": {"interactive": {"members": ["duck-a"], "maxRunningQuerys": 3}, "reports": {"members": ["duck-b"]}}}
                """, "application/json");
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(json(typo).get("message").asText())
                .isEqualTo("clusterGroups.interactive.maxRunningQuerys (line 1): unknown key 'maxRunningQuerys' (did you mean 'maxRunningQueries'?)");

        HttpResponse<String> dropsARoutedGroup = put("/api/v1/groups", """
                {"clusterGroups": {"interactive": {"members": ["duck-a"]}}}
                """, "application/json");
        assertThat(dropsARoutedGroup.statusCode()).isEqualTo(400);
        assertThat(json(dropsARoutedGroup).get("message").asText()).contains("reports");

        HttpResponse<String> leaksTheEnvironment = put("/api/v1/routers", """
                routers:
                  - {type: queryRegex, rules: [{regex: "x", action: deny, error: "${HOME}"}]}
                routingFallback: interactive
                """, "application/yaml");
        assertThat(leaksTheEnvironment.statusCode()).isEqualTo(400);
        assertThat(json(leaksTheEnvironment).get("message").asText())
                .isEqualTo("environment references such as ${HOME} are not resolved in admin API requests; write the value itself");

        HttpResponse<String> notJson = put("/api/v1/groups", "{\"clusterGroups\": ", "application/json");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(json(notJson).get("message").asText()).startsWith("configuration is not valid YAML");
        assertThat(put("/api/v1/groups", "<xml/>", "application/xml").statusCode()).isEqualTo(415);

        assertThat(get("/api/v1/routers").body()).isEqualTo(before);
        assertThat(json(get("/api/v1/groups")).toString()).isEqualTo(groupsBefore);
    }

    @Test
    void disablingAClusterStopsNewQueriesUntilItIsEnabled() throws Exception {
        Properties report = new Properties();
        report.setProperty("user", "ann");
        report.setProperty("ApplicationName", "monthly-report");
        try (Connection connection = DriverManager.getConnection(jdbcUrl(), report)) {
            assertThat(answer(connection, "SELECT 1")).isEqualTo(1);
            HttpResponse<String> disabled = post("/api/v1/clusters/duck-b/disable");
            assertThat(disabled.statusCode()).isEqualTo(200);
            assertThat(json(disabled).at("/cluster/enabled").asBoolean()).isFalse();
            assertThat(json(get("/api/v1/groups/reports")).get("eligibleMembers")).isEmpty();
            assertThatThrownBy(() -> answer(connection, "SELECT 2")).isInstanceOf(SQLException.class).hasMessageContaining("disabled");
            assertThat(post("/api/v1/clusters/duck-b/enable").statusCode()).isEqualTo(200);
            assertThat(answer(connection, "SELECT 3")).isEqualTo(3);
        }
        assertThat(post("/api/v1/clusters/nothing/disable").statusCode()).isEqualTo(404);
        assertThat(post("/api/v1/clusters/spare/disable").statusCode()).isEqualTo(409);
    }

    @Test
    void queryFluxsClusterUpdateSetsTheLimitAndTheEnabledFlag() throws Exception {
        HttpResponse<String> patched = send("PATCH", "/admin/clusters/reports/duck-b", "{\"max_running_queries\": 2, \"enabled\": false}",
                basic(USER, PASSWORD));
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        assertThat(json(patched).at("/cluster/maxRunningQueries").asInt()).isEqualTo(2);
        assertThat(json(patched).at("/cluster/enabled").asBoolean()).isFalse();
        // The administrator's limit holds across a replacement of the groups.
        assertThat(put("/api/v1/groups", """
                {"clusterGroups": {"interactive": {"members": ["duck-a"]}, "reports": {"members": ["duck-b"], "maxRunningQueries": 7}}}
                """, "application/json").statusCode()).isEqualTo(200);
        JsonNode cluster = json(get("/api/v1/clusters/duck-b"));
        assertThat(cluster.get("maxRunningQueries").asInt()).isEqualTo(2);
        assertThat(cluster.get("enabled").asBoolean()).isFalse();
        assertThat(send("PATCH", "/admin/clusters/reports/duck-b", "{\"enabled\": true}", basic(USER, PASSWORD)).statusCode()).isEqualTo(200);
        assertThat(json(get("/api/v1/clusters/duck-b")).get("enabled").asBoolean()).isTrue();

        assertThat(send("PATCH", "/admin/clusters/interactive/duck-b", "{\"enabled\": true}", basic(USER, PASSWORD)).statusCode())
                .as("duck-b is not a member of interactive").isEqualTo(404);
        HttpResponse<String> unknownField = send("PATCH", "/admin/clusters/reports/duck-b", "{\"weight\": 3}", basic(USER, PASSWORD));
        assertThat(unknownField.statusCode()).isEqualTo(400);
        assertThat(json(unknownField).get("message").asText()).contains("unknown field 'weight'");
        assertThat(send("PATCH", "/admin/clusters/reports/duck-b", "{\"max_running_queries\": 0}", basic(USER, PASSWORD)).statusCode())
                .isEqualTo(400);
    }

    private static String withoutLines(String message) {
        return message.replaceAll(" \\(line \\d+\\)", "");
    }

    /** The error the server gives at start for {@code section} in place of the file's routers. */
    private String messageOfFileWith(String section) {
        String file = CONFIG.substring(0, CONFIG.indexOf("routers:")) + section;
        assertThatThrownBy(() -> SwitchboardServer.create(ConfigLoader.load(file, List.of("dataDirectory=" + dataDirectory), name -> null)))
                .isInstanceOf(SwitchboardException.class);
        try {
            SwitchboardServer.create(ConfigLoader.load(file, List.of("dataDirectory=" + dataDirectory), name -> null)).close();
            throw new AssertionError("the file loaded");
        } catch (SwitchboardException e) {
            return e.getMessage();
        }
    }

    // --- helpers -------------------------------------------------------------------------------

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + server.listeners().get("postgresWire").getPort() + "/main";
    }

    static int answer(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** A route's path with its variables filled with names that exist. */
    static String concrete(String path) {
        if (path.startsWith("/admin/clusters/")) {
            return path.replace("{group}", "reports").replace("{cluster}", "duck-b");
        }
        if (path.startsWith("/api/v1/groups/")) {
            return path.replace("{name}", "reports");
        }
        // No query is held in these tests: an approval id finds nothing (404, documented too).
        return path.replace("{name}", "duck-b").replace("{id}", "apr_nothingheldhere");
    }

    JsonNode awaitGroup(String name, java.util.function.Predicate<JsonNode> condition) throws Exception {
        JsonNode group = null;
        for (int attempt = 0; attempt < 600; attempt++) {
            group = json(get("/api/v1/groups/" + name));
            if (condition.test(group)) {
                return group;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("group never reached the expected state: " + group);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, null, basic(USER, PASSWORD));
    }

    HttpResponse<String> post(String path) throws Exception {
        return send("POST", path, null, basic(USER, PASSWORD));
    }

    HttpResponse<String> put(String path, String body, String contentType) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", basic(USER, PASSWORD))
                .header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.listeners().get("adminApi").getPort() + path);
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }
}
