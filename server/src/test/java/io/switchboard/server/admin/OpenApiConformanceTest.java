package io.switchboard.server.admin;

import static io.switchboard.server.admin.AdminApiTest.basic;
import static io.switchboard.server.admin.AdminApiTest.concrete;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.config.ConfigLoader;
import io.switchboard.server.SwitchboardServer;
import io.switchboard.studio.AdminServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document served at {@code /api/v1/openapi.json} against the real server: its paths
 * are exactly the admin server's routes, and what the endpoints answer (successes and errors)
 * fits the documented schemas.
 */
@Timeout(120)
final class OpenApiConformanceTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path dataDirectory;

    private SwitchboardServer server;
    private JsonNode document;
    private SchemaCheck schemas;

    @BeforeEach
    void start() throws Exception {
        server = SwitchboardServer.create(ConfigLoader.load(AdminApiTest.CONFIG, List.of("dataDirectory=" + dataDirectory), name -> null));
        server.start();
        HttpResponse<String> response = send("GET", "/api/v1/openapi.json", null, null, true);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        document = JSON.readTree(response.body());
        schemas = new SchemaCheck(document);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void documentsExactlyTheRoutesTheServerHas() {
        assertThat(document.get("openapi").asText()).isEqualTo("3.1.0");
        assertThat(document.at("/components/securitySchemes/basicAuth/scheme").asText()).isEqualTo("basic");
        Set<String> documented = new TreeSet<>();
        Iterator<String> paths = document.get("paths").fieldNames();
        while (paths.hasNext()) {
            String path = paths.next();
            Iterator<String> methods = document.get("paths").get(path).fieldNames();
            while (methods.hasNext()) {
                String method = methods.next();
                if (METHODS.contains(method)) {
                    documented.add(method.toUpperCase(Locale.ROOT) + " " + path);
                }
            }
        }
        Set<String> routes = server.adminRoutes().stream().map(r -> r.method() + " " + r.path()).collect(Collectors.toCollection(TreeSet::new));
        assertThat(documented).as("documented but not served").isSubsetOf(routes);
        assertThat(routes).as("served but not documented").isSubsetOf(documented);

        for (AdminServer.RouteInfo route : server.adminRoutes()) {
            JsonNode operation = operation(route.method(), route.path());
            if (route.authenticated()) {
                assertThat(operation.at("/responses/401").isMissingNode()).as("401 documented for %s %s", route.method(), route.path()).isFalse();
                assertThat(operation.has("security")).as("%s %s uses the document's Basic security", route.method(), route.path()).isFalse();
            }
        }
    }

    @Test
    void realResponsesFitTheDocumentedSchemas() throws Exception {
        for (AdminServer.RouteInfo route : server.adminRoutes()) {
            if (route.method().equals("GET") && route.path().startsWith("/api/")) {
                assertFits(route.method(), route.path(), send("GET", concrete(route.path()), null, null, true));
            }
        }
        assertFits("GET", "/health", send("GET", "/health", null, null, false));
        assertFits("GET", "/api/v1/clusters", send("GET", "/api/v1/clusters", null, null, false));
        assertFits("GET", "/api/v1/clusters/{name}", send("GET", "/api/v1/clusters/nothing", null, null, true));
        assertFits("GET", "/api/v1/groups/{name}", send("GET", "/api/v1/groups/nothing", null, null, true));
        assertFits("POST", "/api/v1/clusters/{name}/disable", send("POST", "/api/v1/clusters/duck-b/disable", null, null, true));
        assertFits("POST", "/api/v1/clusters/{name}/enable", send("POST", "/api/v1/clusters/duck-b/enable", null, null, true));
        assertFits("POST", "/api/v1/clusters/{name}/enable", send("POST", "/api/v1/clusters/spare/enable", null, null, true));
        assertFits("PATCH", "/admin/clusters/{group}/{cluster}", send("PATCH", "/admin/clusters/reports/duck-b",
                "{\"max_running_queries\": 3, \"enabled\": true}", "application/json", true));
        assertFits("PATCH", "/admin/clusters/{group}/{cluster}", send("PATCH", "/admin/clusters/reports/duck-b", "{}", "application/json", true));
        assertFits("PATCH", "/admin/clusters/{group}/{cluster}", send("PATCH", "/admin/clusters/reports/duck-a", "{}", "application/json", true));
        assertFits("PUT", "/api/v1/groups", send("PUT", "/api/v1/groups", """
                {"clusterGroups": {"interactive": {"members": ["duck-a", "spare"], "strategy": {"type": "weighted", "weights": {"spare": 3}}},
                                   "reports": {"members": ["duck-b"], "circuitBreaker": {"minRequests": 5}}}}
                """, "application/json", true));
        assertFits("PUT", "/api/v1/groups", send("PUT", "/api/v1/groups", "{\"clusterGroups\": {}}", "application/json", true));
        assertFits("PUT", "/api/v1/routers", send("PUT", "/api/v1/routers", """
                routers:
                  - {type: queryRegex, name: no-drops, rules: [{regex: "(?i)^\\\\s*drop\\\\b", action: deny}]}
                routingFallback: reports
                """, "application/yaml", true));
        assertFits("PUT", "/api/v1/routers", send("PUT", "/api/v1/routers", "routers: [{type: nothing}]", "application/yaml", true));
        assertFits("PUT", "/api/v1/routers", send("PUT", "/api/v1/routers", "x", "image/png", true));
        // After the changes, the listings still fit (weights, a deny rule, a new member).
        assertFits("GET", "/api/v1/groups", send("GET", "/api/v1/groups", null, null, true));
        assertFits("GET", "/api/v1/routers", send("GET", "/api/v1/routers", null, null, true));
        assertFits("GET", "/api/v1/clusters", send("GET", "/api/v1/clusters", null, null, true));
    }

    @Test
    void theSchemaCheckNoticesAMissingRequiredField() throws Exception {
        JsonNode cluster = JSON.readTree(send("GET", "/api/v1/clusters/duck-a", null, null, true).body());
        JsonNode schema = operation("GET", "/api/v1/clusters/{name}").at("/responses/200/content/application~1json/schema");
        assertThat(schemas.violations(cluster, schema)).isEmpty();
        ((ObjectNode) cluster).remove("maxRunningQueries");
        ((ObjectNode) cluster.get("health")).put("healthy", "yes");
        assertThat(schemas.violations(cluster, schema)).containsExactlyInAnyOrder(
                "$: required property 'maxRunningQueries' is missing",
                "$.health.healthy: expected type \"boolean\" but found STRING");
    }

    private void assertFits(String method, String path, HttpResponse<String> response) throws Exception {
        String status = String.valueOf(response.statusCode());
        JsonNode documented = schemas.resolve(operation(method, path).at("/responses/" + status));
        assertThat(documented.isMissingNode()).as("%s %s documents status %s; body %s", method, path, status, response.body()).isFalse();
        JsonNode schema = documented.at("/content/application~1json/schema");
        assertThat(schema.isMissingNode()).as("%s %s %s has a JSON schema", method, path, status).isFalse();
        assertThat(schemas.violations(JSON.readTree(response.body()), schema))
                .as("%s %s answered %s: %s", method, path, status, response.body()).isEmpty();
    }

    private JsonNode operation(String method, String path) {
        JsonNode operation = document.at("/paths/" + path.replace("~", "~0").replace("/", "~1") + "/" + method.toLowerCase(Locale.ROOT));
        assertThat(operation.isMissingNode()).as("%s %s is documented", method, path).isFalse();
        return operation;
    }

    private HttpResponse<String> send(String method, String path, String body, String contentType, boolean authenticate) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + server.listeners().get("adminApi").getPort() + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (authenticate) {
            request.header("Authorization", basic(AdminApiTest.USER, AdminApiTest.PASSWORD));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
