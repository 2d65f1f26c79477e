package io.switchboard.studio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.switchboard.core.config.AdminApiConfig;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.eclipse.jetty.http.HttpStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class AdminServerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String PASSWORD = "s3cret:with:colons";
    private static final String ADMIN = basic("admin", PASSWORD);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private AdminServer server;

    @BeforeEach
    void start() {
        registry.counter("switchboard.test.scrapes", "kind", "unit").increment(3);
        server = AdminServer.builder(new AdminApiConfig(true, 0, "127.0.0.1", "admin", PASSWORD, false))
                .metrics(registry)
                .route("GET", "uri-template:/api/v1/queries/{id}", (request, response, callback) -> {
                    JsonResponses.send(response, callback, 200, Map.of("id", AdminServer.pathParameters(request).get("id"),
                            "user", AdminServer.authenticatedUser(request)));
                    return true;
                })
                .openRoute("GET", "/studio/login", (request, response, callback) -> {
                    JsonResponses.send(response, callback, 200, Map.of("page", "login"));
                    return true;
                })
                .route("POST", "/api/v1/fail", (request, response, callback) -> {
                    throw new IllegalStateException("secret internal detail");
                })
                .build();
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
        client.close();
    }

    @Test
    void listensOnAFreeLoopbackPort() {
        InetSocketAddress address = server.listenAddress();
        assertThat(address.getAddress().isLoopbackAddress()).isTrue();
        assertThat(address.getPort()).isPositive();
    }

    @Test
    void servesPrometheusText() throws Exception {
        HttpResponse<String> response = get("/metrics", Map.of());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(response.body()).contains("# TYPE switchboard_test_scrapes_total counter");
        assertThat(response.body()).contains("switchboard_test_scrapes_total{kind=\"unit\"} 3.0");
    }

    @Test
    void servesOpenMetricsWhenAsked() throws Exception {
        HttpResponse<String> response = get("/metrics",
                Map.of("Accept", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/openmetrics-text"));
        assertThat(response.body()).contains("switchboard_test_scrapes_total{kind=\"unit\"} 3.0");
        assertThat(response.body().strip()).endsWith("# EOF");
    }

    @Test
    void compressesForScrapersThatAcceptGzip() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri("/metrics")).header("Accept-Encoding", "gzip").timeout(TIMEOUT).build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.headers().firstValue("Content-Encoding")).contains("gzip");
        try (InputStream body = new GZIPInputStream(response.body())) {
            assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).contains("switchboard_test_scrapes_total");
        }
    }

    @Test
    void reportsHealth() throws Exception {
        HttpResponse<String> response = get("/health", Map.of());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(json(response)).isEqualTo(JsonResponses.mapper().readTree("{\"status\":\"UP\"}"));
        assertThat(response.headers().firstValue("Server")).as("no version disclosed").isEmpty();
    }

    @Test
    void unknownPathsAreJson404() throws Exception {
        HttpResponse<String> response = get("/no/such/page", Map.of());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        JsonNode body = json(response);
        assertThat(body.path("status").asInt()).isEqualTo(404);
        assertThat(body.path("error").asText()).isEqualTo("Not Found");
        assertThat(body.path("message").asText()).contains("/no/such/page");
    }

    @Test
    void aKnownPathWithAnotherMethodIs405() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri("/health")).POST(HttpRequest.BodyPublishers.noBody()).timeout(TIMEOUT).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).contains("GET");
        assertThat(json(response).path("status").asInt()).isEqualTo(405);
    }

    @Test
    void addedRoutesReceiveTheirPathParameters() throws Exception {
        HttpResponse<String> response = get("/api/v1/queries/20261121_054200_00001_k3x9p", Map.of("Authorization", ADMIN));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("id").asText()).isEqualTo("20261121_054200_00001_k3x9p");
        assertThat(json(response).path("user").asText()).isEqualTo("admin");
    }

    @Test
    void addedRoutesNeedTheAdministratorsCredentials() throws Exception {
        String path = "/api/v1/queries/q1";
        for (Map<String, String> headers : java.util.List.of(
                Map.<String, String>of(),
                Map.of("Authorization", basic("admin", "wrong")),
                Map.of("Authorization", basic("someone", PASSWORD)),
                Map.of("Authorization", basic("admin", PASSWORD + "x")),
                Map.of("Authorization", "Basic not-base64!"),
                Map.of("Authorization", "Bearer " + PASSWORD))) {
            HttpResponse<String> response = get(path, headers);
            assertThat(response.statusCode()).as("%s", headers).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    value -> assertThat(value).startsWith("Basic realm=\"switchboard-admin\""));
            assertThat(json(response).path("status").asInt()).isEqualTo(401);
            assertThat(response.body()).doesNotContain(PASSWORD);
        }
        assertThat(get("/studio/login", Map.of()).statusCode()).as("an open route").isEqualTo(200);
        assertThat(get("/health", Map.of()).statusCode()).isEqualTo(200);
        assertThat(get("/metrics", Map.of()).statusCode()).as("metrics are open by default").isEqualTo(200);
    }

    @Test
    void withoutAPasswordTheProtectedRoutesStayClosed() throws Exception {
        try (AdminServer closed = AdminServer.builder(new AdminApiConfig(true, 0, "127.0.0.1", "admin", null, false))
                .route("GET", "/api/v1/clusters", (request, response, callback) -> {
                    throw new AssertionError("must not run");
                })
                .build()) {
            closed.start();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + closed.listenAddress().getPort() + "/api/v1/clusters"))
                    .header("Authorization", basic("admin", "")).timeout(TIMEOUT).build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(json(response).path("message").asText()).contains("adminApi.password");
        }
    }

    @Test
    void metricsCanRequireTheCredentials() throws Exception {
        try (AdminServer guarded = AdminServer.builder(new AdminApiConfig(true, 0, "127.0.0.1", "ops", "pw", true))
                .metrics(registry).build()) {
            guarded.start();
            URI metrics = URI.create("http://127.0.0.1:" + guarded.listenAddress().getPort() + "/metrics");
            assertThat(client.send(HttpRequest.newBuilder(metrics).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(401);
            HttpResponse<String> scraped = client.send(HttpRequest.newBuilder(metrics).header("Authorization", basic("ops", "pw"))
                    .timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(scraped.statusCode()).isEqualTo(200);
            assertThat(scraped.body()).contains("switchboard_test_scrapes_total");
        }
    }

    @Test
    void aFailingHandlerIsAJson500WithoutItsInternals() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri("/api/v1/fail")).header("Authorization", ADMIN).POST(HttpRequest.BodyPublishers.noBody()).timeout(TIMEOUT).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(json(response).path("status").asInt()).isEqualTo(500);
        assertThat(response.body()).doesNotContain("secret internal detail");
    }

    @Test
    void aTakenPortIsAClearConfigurationError() {
        int taken = server.listenAddress().getPort();
        AdminServer second = AdminServer.builder().bindAddress("127.0.0.1").port(taken).build();
        assertThatThrownBy(second::start)
                .isInstanceOf(SwitchboardException.class)
                .hasMessageContaining("127.0.0.1:" + taken)
                .satisfies(e -> assertThat(((SwitchboardException) e).code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION));
    }

    @Test
    void withoutARegistryThereIsNoMetricsRoute() throws Exception {
        try (AdminServer bare = AdminServer.builder().bindAddress("127.0.0.1").port(0).build()) {
            bare.start();
            HttpRequest request = HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + bare.listenAddress().getPort() + "/metrics")).timeout(TIMEOUT).build();
            assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(HttpStatus.NOT_FOUND_404);
        }
    }

    @Test
    void theShortConstructorServesMetricsAndHealth() throws Exception {
        try (AdminServer plain = new AdminServer("127.0.0.1", 0, registry)) {
            plain.start();
            String base = "http://127.0.0.1:" + plain.listenAddress().getPort();
            HttpResponse<String> metrics = client.send(
                    HttpRequest.newBuilder(URI.create(base + "/metrics")).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body()).contains("switchboard_test_scrapes_total{kind=\"unit\"} 3.0");
            HttpResponse<String> health = client.send(
                    HttpRequest.newBuilder(URI.create(base + "/health")).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void stoppingFreesThePort() throws Exception {
        int port = server.listenAddress().getPort();
        HttpRequest health = HttpRequest.newBuilder(uri("/health")).timeout(TIMEOUT).build();
        server.close();

        assertThatThrownBy(() -> client.send(health, HttpResponse.BodyHandlers.ofString())).isInstanceOf(ConnectException.class);
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT);
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.listenAddress().getPort() + path);
    }

    private static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JsonResponses.mapper().readTree(response.body());
    }
}
