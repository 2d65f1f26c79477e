package io.switchboard.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A streamable HTTP MCP session spoken with the JDK's HTTP client, message by message: for the
 * protocol details the SDK clients hide (headers, status codes, SSE events as they arrive,
 * notifications/cancelled).
 */
final class RawMcpSession {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    private final URI endpoint;
    private final Map<String, String> headers;
    private final AtomicInteger ids = new AtomicInteger();
    private String sessionId;

    RawMcpSession(String baseUrl, Map<String, String> headers) {
        this.endpoint = URI.create(baseUrl + McpFrontend.ENDPOINT);
        this.headers = new LinkedHashMap<>(headers);
    }

    HttpResponse<String> post(String body) {
        return post(body, Map.of());
    }

    HttpResponse<String> post(String body, Map<String, String> extraHeaders) {
        try {
            return http.send(request(body, extraHeaders), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Initializes the session; returns the initialize result. */
    JsonNode initialize() {
        HttpResponse<String> response = post(message(nextId(), "initialize", Map.of("protocolVersion", "2025-06-18",
                "capabilities", Map.of(), "clientInfo", Map.of("name", "raw-test", "version", "1"))));
        if (response.statusCode() != 200) {
            throw new AssertionError("initialize failed: " + response.statusCode() + " " + response.body());
        }
        sessionId = response.headers().firstValue("mcp-session-id").orElseThrow();
        headers.put("Mcp-Session-Id", sessionId);
        headers.put("MCP-Protocol-Version", "2025-06-18");
        post(notification("notifications/initialized", Map.of()));
        return firstMessage(response.body());
    }

    String sessionId() {
        return sessionId;
    }

    int nextId() {
        return ids.incrementAndGet();
    }

    /**
     * Sends a request on its own thread and puts every message of its SSE response into the
     * returned queue as it arrives (notifications first, the response last).
     */
    BlockingQueue<JsonNode> stream(int id, String method, Object params) {
        BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        HttpRequest request = request(message(id, method, params), Map.of());
        Thread.ofVirtual().start(() -> {
            try {
                HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        if (line.startsWith("data:")) {
                            messages.add(JSON.readTree(line.substring(5).strip()));
                        } else if (line.startsWith("{")) {
                            messages.add(JSON.readTree(line));
                        }
                    }
                }
            } catch (IOException | InterruptedException e) {
                messages.add(JSON.createObjectNode().put("transportError", e.toString()));
            }
        });
        return messages;
    }

    static String message(Integer id, String method, Object params) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("jsonrpc", "2.0");
        if (id != null) {
            message.put("id", id);
        }
        message.put("method", method);
        message.put("params", params);
        try {
            return JSON.writeValueAsString(message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String notification(String method, Object params) {
        return message(null, method, params);
    }

    /** The first JSON-RPC message of a response body, JSON or SSE. */
    static JsonNode firstMessage(String body) {
        try {
            for (String line : body.split("\n")) {
                if (line.startsWith("data:")) {
                    return JSON.readTree(line.substring(5).strip());
                }
            }
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpRequest request(String body, Map<String, String> extraHeaders) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(builder::header);
        extraHeaders.forEach(builder::setHeader);
        return builder.build();
    }
}
