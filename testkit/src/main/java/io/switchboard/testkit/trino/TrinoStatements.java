package io.switchboard.testkit.trino;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal client of Trino's REST protocol for the testkit itself (readiness checks, looking at
 * {@code system.runtime.queries} from a test) — independent of the engine adapter under test, so
 * that a bug there cannot hide behind the same bug here.
 */
public final class TrinoStatements {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_REQUESTS = 10_000;

    private final URI baseUri;
    private final HttpClient client;

    public TrinoStatements(URI baseUri) {
        this.baseUri = baseUri;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Runs one statement as user {@code testkit} and returns its rows, each value as JSON. */
    public List<List<JsonNode>> query(String sql) {
        try {
            HttpRequest start = HttpRequest.newBuilder(URI.create(baseUri + "/v1/statement"))
                    .timeout(REQUEST_TIMEOUT)
                    .header("X-Trino-User", "testkit")
                    .POST(HttpRequest.BodyPublishers.ofString(sql, UTF_8))
                    .build();
            JsonNode page = send(start);
            List<List<JsonNode>> rows = new ArrayList<>();
            for (int request = 0; request < MAX_REQUESTS; request++) {
                if (page.hasNonNull("error")) {
                    throw new IllegalStateException("Trino failed '" + sql + "': " + page.get("error").path("message").asText());
                }
                for (JsonNode row : page.path("data")) {
                    List<JsonNode> values = new ArrayList<>();
                    row.forEach(values::add);
                    rows.add(values);
                }
                if (!page.hasNonNull("nextUri")) {
                    return rows;
                }
                page = send(HttpRequest.newBuilder(URI.create(page.get("nextUri").asText()))
                        .timeout(REQUEST_TIMEOUT).header("X-Trino-User", "testkit").GET().build());
            }
            throw new IllegalStateException("Trino did not finish '" + sql + "' within " + MAX_REQUESTS + " requests");
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach Trino at " + baseUri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while querying Trino", e);
        }
    }

    private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(UTF_8));
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + " from " + request.uri() + ": " + response.body());
        }
        return MAPPER.readTree(response.body());
    }
}
