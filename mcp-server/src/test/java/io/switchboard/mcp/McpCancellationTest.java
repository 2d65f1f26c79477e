package io.switchboard.mcp;

import static io.switchboard.mcp.McpClients.call;
import static io.switchboard.mcp.McpClients.errorCode;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.switchboard.core.feedback.QueryOutcome;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Progress notifications, notifications/cancelled, cancel_query and the call time limit over
 * streamable HTTP. The SSE events are read as they arrive with the JDK's HTTP client: the Java
 * SDK client (2.1.0) delivers a request's progress notifications to neither its progress
 * consumer nor its transport before the response, so it cannot observe a running query.
 */
final class McpCancellationTest {
    /** About 10^12 rows of work: far longer than any test waits, so only cancellation ends it. */
    static final String ENDLESS = "SELECT sum(a.range * b.range) FROM range(1000000) a, range(1000000) b";
    private static final Pattern QUERY_ID = Pattern.compile("query (\\S+) ");

    private static McpTestServer server;

    @BeforeAll
    static void start() {
        server = McpTestServer.start("""
                progressInterval: 100ms
                queryTimeout: 8s
                """);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void notificationsCancelledStopsTheEngineStatementAndProgressIncreases() throws Exception {
        RawMcpSession session = new RawMcpSession(server.url(), Map.of());
        session.initialize();
        int id = session.nextId();
        BlockingQueue<JsonNode> messages = session.stream(id, "tools/call",
                Map.of("name", "execute_query", "arguments", Map.of("sql", ENDLESS), "_meta", Map.of("progressToken", "long-1")));
        JsonNode first = next(messages);
        JsonNode second = next(messages);
        assertThat(first.path("method").asText()).isEqualTo("notifications/progress");
        assertThat(first.path("params").path("progressToken").asText()).isEqualTo("long-1");
        assertThat(second.path("params").path("progress").asDouble()).isGreaterThan(first.path("params").path("progress").asDouble());
        String queryId = queryIdOf(first.path("params").path("message").asText());

        assertThat(session.post(RawMcpSession.notification("notifications/cancelled",
                Map.of("requestId", id, "reason", "the user changed their mind"))).statusCode()).isEqualTo(202);
        JsonNode response = responseOf(messages, id);
        assertThat(response.path("result").path("isError").asBoolean()).isTrue();
        assertThat(response.path("result").path("structuredContent").path("error").path("code").asText()).isEqualTo("QUERY_CANCELED");
        assertThat(awaitOutcome(queryId)).isEqualTo(QueryOutcome.CANCELED);
    }

    @Test
    void cancelQueryStopsARunningQueryOfTheSameSessionOnly() throws Exception {
        RawMcpSession session = new RawMcpSession(server.url(), Map.of());
        session.initialize();
        int id = session.nextId();
        BlockingQueue<JsonNode> messages = session.stream(id, "tools/call",
                Map.of("name", "execute_query", "arguments", Map.of("sql", ENDLESS), "_meta", Map.of("progressToken", 9)));
        String queryId = queryIdOf(next(messages).path("params").path("message").asText());

        JsonNode status = RawMcpSession.firstMessage(session.post(RawMcpSession.message(session.nextId(), "tools/call",
                Map.of("name", "get_query_status", "arguments", Map.of("query_id", queryId)))).body());
        assertThat(status.path("result").path("structuredContent").path("state").asText()).isEqualTo("RUNNING");

        try (McpSyncClient stranger = McpClients.connect(server.url())) {
            assertThat(errorCode(call(stranger, "cancel_query", Map.of("query_id", queryId)))).isEqualTo("QUERY_NOT_FOUND");
            assertThat(errorCode(call(stranger, "get_query_status", Map.of("query_id", queryId)))).isEqualTo("QUERY_NOT_FOUND");
        }
        JsonNode canceled = RawMcpSession.firstMessage(session.post(RawMcpSession.message(session.nextId(), "tools/call",
                Map.of("name", "cancel_query", "arguments", Map.of("query_id", queryId)))).body());
        assertThat(canceled.path("result").path("structuredContent").path("canceled").asBoolean()).isTrue();

        JsonNode response = responseOf(messages, id);
        assertThat(response.path("result").path("structuredContent").path("error").path("code").asText()).isEqualTo("QUERY_CANCELED");
        assertThat(awaitOutcome(queryId)).isEqualTo(QueryOutcome.CANCELED);
    }

    @Test
    void aCallThatRunsOutOfTimeIsCanceledWithQueryTimeout() {
        try (McpSyncClient client = McpClients.connect(server.url())) {
            McpSchema.CallToolResult result = call(client, "execute_query", Map.of("sql", ENDLESS));
            assertThat(result.isError()).isTrue();
            assertThat(errorCode(result)).isEqualTo("QUERY_TIMEOUT");
            assertThat(McpClients.text(result)).contains("8 s");
        }
    }

    static JsonNode next(BlockingQueue<JsonNode> messages) throws InterruptedException {
        JsonNode message = messages.poll(30, TimeUnit.SECONDS);
        assertThat(message).as("a message within 30 s").isNotNull();
        assertThat(message.has("transportError")).as(message.toString()).isFalse();
        return message;
    }

    static JsonNode responseOf(BlockingQueue<JsonNode> messages, int id) throws InterruptedException {
        for (int i = 0; i < 10_000; i++) {
            JsonNode message = next(messages);
            if (message.path("id").asInt(-1) == id) {
                return message;
            }
        }
        throw new AssertionError("no response to request " + id);
    }

    static String queryIdOf(String progressMessage) {
        Matcher matcher = QUERY_ID.matcher(progressMessage);
        assertThat(matcher.find()).as(progressMessage).isTrue();
        return matcher.group(1);
    }

    private static QueryOutcome awaitOutcome(String queryId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            var record = server.feedback().findQuery(queryId);
            if (record.isPresent()) {
                return record.get().outcome();
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("query " + queryId + " was not recorded");
    }
}
