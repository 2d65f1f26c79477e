package io.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** The admin REST API's approval endpoints, called the way a person's tool would: HTTP with Basic auth. */
final class ApprovalClient {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String authorization;

    ApprovalClient(InetSocketAddress admin, String user, String password) {
        this.base = "http://127.0.0.1:" + admin.getPort() + "/api/v1/approvals";
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    record Reply(int status, JsonNode body) {}

    Reply list(String state) {
        return send(HttpRequest.newBuilder(URI.create(base + "?state=" + state)).GET());
    }

    Reply get(String approvalId) {
        return send(HttpRequest.newBuilder(URI.create(base + "/" + approvalId)).GET());
    }

    Reply approve(String approvalId, String comment) {
        return decide(approvalId, "approve", comment);
    }

    Reply reject(String approvalId, String comment) {
        return decide(approvalId, "reject", comment);
    }

    private Reply decide(String approvalId, String action, String comment) {
        String body;
        try {
            body = MAPPER.writeValueAsString(Map.of("comment", comment));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return send(HttpRequest.newBuilder(URI.create(base + "/" + approvalId + "/" + action))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The pending hold whose SQL satisfies {@code sql}, waiting for it at most {@code timeout}. */
    JsonNode awaitPending(Predicate<String> sql, Duration timeout) {
        return awaitHold("pending", hold -> sql.test(hold.path("sql").asText()), timeout);
    }

    JsonNode awaitHold(String state, Predicate<JsonNode> matches, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<JsonNode> found = find(state, matches);
            if (found.isPresent()) {
                return found.get();
            }
            sleep(50);
        }
        throw new AssertionError("no " + state + " hold appeared within " + timeout + "; holds now: " + list("all").body());
    }

    private Optional<JsonNode> find(String state, Predicate<JsonNode> matches) {
        Reply reply = list(state);
        if (reply.status() != 200) {
            throw new AssertionError("listing approvals answered " + reply.status() + ": " + reply.body());
        }
        for (JsonNode hold : reply.body().path("approvals")) {
            if (matches.test(hold)) {
                return Optional.of(hold);
            }
        }
        return Optional.empty();
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.header("Authorization", authorization)
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), MAPPER.readTree(response.body()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
