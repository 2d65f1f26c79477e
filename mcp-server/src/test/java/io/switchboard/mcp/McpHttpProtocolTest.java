package io.switchboard.mcp;

import static io.switchboard.mcp.McpClients.call;
import static io.switchboard.mcp.McpClients.errorCode;
import static io.switchboard.mcp.McpClients.structured;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.switchboard.core.feedback.QueryRecord;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP side of the protocol: bearer tokens, Origin and Host checks, MCP-Protocol-Version,
 * sessions, JSON-RPC errors for malformed requests, and the retention bound of kept results.
 */
final class McpHttpProtocolTest {
    private static final String ALICE_TOKEN = "alice-token-0123456789abcdef";
    private static final String BOB_TOKEN = "bob-token-0123456789abcdef";
    private static McpTestServer server;

    @BeforeAll
    static void start() {
        server = McpTestServer.start("""
                tokens:
                  - token: ${ALICE_MCP_TOKEN}
                    user: alice
                  - token: "%s"
                    user: bob
                defaultMaxRows: 10
                resultRetention:
                  maxBytes: 64KB
                  maxBytesPerQuery: 48KB
                """.formatted(BOB_TOKEN), """
                auth:
                  provider: static
                  staticUsers:
                    users:
                      alice:
                        password: unused
                        groups: [analysts]
                """, Map.of("ALICE_MCP_TOKEN", ALICE_TOKEN));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    @Test
    void rejectsCallsWithoutAValidToken() {
        HttpResponse<String> none = new RawMcpSession(server.url(), Map.of()).post(initialize());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
        assertThat(RawMcpSession.firstMessage(none.body()).path("error").path("message").asText()).contains("Authorization: Bearer");

        HttpResponse<String> wrong = new RawMcpSession(server.url(), bearer("not-a-valid-token-at-all")).post(initialize());
        assertThat(wrong.statusCode()).isEqualTo(401);

        McpSyncClient client = McpClient.sync(McpClients.transport(server.url(), Map.of()))
                .requestTimeout(Duration.ofSeconds(20)).initializationTimeout(Duration.ofSeconds(20)).build();
        assertThatThrownBy(client::initialize).isInstanceOf(RuntimeException.class);
        client.close();
    }

    @Test
    void aTokenMapsToItsUserAndGroups() {
        try (McpSyncClient alice = McpClients.connect(McpClients.transport(server.url(), bearer(ALICE_TOKEN)), progress -> { })) {
            String queryId = (String) structured(call(alice, "execute_query", Map.of("sql", "SELECT 1 AS one"))).get("query_id");
            QueryRecord record = awaitRecord(queryId);
            assertThat(record.user()).isEqualTo("alice");
        }
    }

    @Test
    void rejectsForeignOriginsAndHosts() {
        RawMcpSession browser = new RawMcpSession(server.url(), Map.of("Authorization", "Bearer " + BOB_TOKEN,
                "Origin", "http://attacker.example"));
        HttpResponse<String> foreign = browser.post(initialize());
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(RawMcpSession.firstMessage(foreign.body()).path("error").path("message").asText()).contains("Origin");

        RawMcpSession local = new RawMcpSession(server.url(), Map.of("Authorization", "Bearer " + BOB_TOKEN,
                "Origin", "http://localhost:3000"));
        assertThat(local.post(initialize()).statusCode()).isEqualTo(200);
    }

    @Test
    void checksTheProtocolVersionHeader() {
        RawMcpSession session = new RawMcpSession(server.url(), bearer(BOB_TOKEN));
        session.initialize();
        HttpResponse<String> unsupported = session.post(RawMcpSession.message(session.nextId(), "tools/list", Map.of()),
                Map.of("MCP-Protocol-Version", "1999-01-01"));
        assertThat(unsupported.statusCode()).isEqualTo(400);
        assertThat(unsupported.body()).contains("1999-01-01", "2025-06-18");
        assertThat(session.post(RawMcpSession.message(session.nextId(), "tools/list", Map.of())).statusCode()).isEqualTo(200);
    }

    @Test
    void malformedRequestsAreJsonRpcErrors() {
        RawMcpSession session = new RawMcpSession(server.url(), bearer(BOB_TOKEN));
        session.initialize();

        HttpResponse<String> notJson = session.post("{this is not json");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(code(notJson)).isEqualTo(-32700);

        assertThat(code(session.post(RawMcpSession.message(session.nextId(), "no/such/method", Map.of())))).isEqualTo(-32601);
        assertThat(code(session.post("{\"jsonrpc\":\"2.0\",\"id\":99,\"method\":\"tools/call\"}"))).isEqualTo(-32602);
        JsonNode unknownTool = RawMcpSession.firstMessage(session.post(RawMcpSession.message(session.nextId(), "tools/call",
                Map.of("name", "drop_everything", "arguments", Map.of()))).body());
        assertThat(unknownTool.path("error").path("code").asInt()).isEqualTo(-32602);

        RawMcpSession noSession = new RawMcpSession(server.url(), bearer(BOB_TOKEN));
        HttpResponse<String> missing = noSession.post(RawMcpSession.message(1, "tools/list", Map.of()));
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(RawMcpSession.firstMessage(missing.body()).path("jsonrpc").asText()).isEqualTo("2.0");
        assertThat(missing.body()).doesNotContain("stackTrace");

        HttpResponse<String> unknown = noSession.post(RawMcpSession.message(1, "tools/list", Map.of()), Map.of("Mcp-Session-Id", "nope"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).doesNotContain("stackTrace");
    }

    @Test
    void expiredResultsSayThatTheyExpired() {
        try (McpSyncClient client = McpClients.connect(McpClients.transport(server.url(), bearer(BOB_TOKEN)), progress -> { })) {
            Map<String, Object> first = structured(call(client, "execute_query",
                    Map.of("sql", "SELECT o_orderkey, o_comment FROM orders ORDER BY o_orderkey LIMIT 400")));
            assertThat(first).containsEntry("has_more", true);
            // Two more results of the same size exceed the 64 KB budget: the oldest is dropped.
            for (int i = 0; i < 2; i++) {
                assertThat(structured(call(client, "execute_query",
                        Map.of("sql", "SELECT o_orderkey, o_comment FROM orders ORDER BY o_orderkey DESC LIMIT 400")))).containsEntry("has_more", true);
            }
            var expired = call(client, "fetch_rows", Map.of("query_id", first.get("query_id"), "cursor", first.get("next_cursor")));
            assertThat(expired.isError()).isTrue();
            assertThat(errorCode(expired)).isEqualTo(ToolFailure.RESULT_EXPIRED);
            assertThat(McpClients.text(expired)).contains("memory budget", "Run the query again");

            var unknown = call(client, "fetch_rows", Map.of("query_id", "20260101_000000_00000_abcde", "cursor", "eA"));
            assertThat(errorCode(unknown)).isEqualTo("QUERY_NOT_FOUND");
        }
    }

    @Test
    void cancellationNotificationsAreAcceptedWith202() {
        RawMcpSession session = new RawMcpSession(server.url(), bearer(BOB_TOKEN));
        session.initialize();
        HttpResponse<String> accepted = session.post(RawMcpSession.notification("notifications/cancelled", Map.of("requestId", 12345)));
        assertThat(accepted.statusCode()).isEqualTo(202);
    }

    private static String initialize() {
        return RawMcpSession.message(1, "initialize", Map.of("protocolVersion", "2025-06-18", "capabilities", Map.of(),
                "clientInfo", Map.of("name", "raw", "version", "1")));
    }

    private static int code(HttpResponse<String> response) {
        return RawMcpSession.firstMessage(response.body()).path("error").path("code").asInt();
    }

    private static QueryRecord awaitRecord(String queryId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            var record = server.feedback().findQuery(queryId);
            if (record.isPresent()) {
                return record.get();
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("query " + queryId + " was not recorded");
    }
}
