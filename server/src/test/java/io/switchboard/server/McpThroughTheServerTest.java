package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.switchboard.core.feedback.QueryRecord;
import io.switchboard.core.session.FrontendProtocol;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MCP frontend as the shipped server runs it: over streamable HTTP in the embedded default,
 * and over stdio through {@code switchboard mcp}, where stdout must carry nothing but protocol.
 */
final class McpThroughTheServerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static McpSyncClient client(io.modelcontextprotocol.spec.McpClientTransport transport) {
        McpSyncClient client = McpClient.sync(transport)
                .clientInfo(new McpSchema.Implementation("switchboard-server-tests", "1.0"))
                .requestTimeout(TIMEOUT)
                .initializationTimeout(TIMEOUT)
                .build();
        client.initialize();
        return client;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> executeQuery(McpSyncClient client, String sql) {
        McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("execute_query",
                Map.of("sql", sql, "agent_id", "test-agent", "intent", "count regions")));
        assertThat(result.isError()).as("tool error: %s", result.content()).isNotEqualTo(Boolean.TRUE);
        return (Map<String, Object>) result.structuredContent();
    }

    @Test
    void embeddedDefaultServesMcpOverHttp(@TempDir Path dataDirectory) {
        try (TestingSwitchboard switchboard = new TestingSwitchboard(dataDirectory, "frontends.mcp.port=0")) {
            String baseUrl = "http://127.0.0.1:" + switchboard.server().listeners().get("mcp").getPort();
            McpSyncClient client = client(HttpClientStreamableHttpTransport.builder(baseUrl).endpoint("/mcp").build());
            try {
                assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name)
                        .contains("execute_query", "fetch_rows", "list_engines", "explain_query", "cancel_query");
                Map<String, Object> answer = executeQuery(client, "SELECT count(*) AS regions FROM region");
                assertThat(answer.get("rows")).isEqualTo(List.of(List.of(5)));
                assertThat(answer.get("engine")).isEqualTo("duckDb");
            } finally {
                client.closeGracefully();
            }
            switchboard.server().feedbackStore().flush(Duration.ofSeconds(10));
            List<QueryRecord> records = switchboard.server().feedbackStore().recentQueries(20);
            assertThat(records).anySatisfy(record -> {
                assertThat(record.frontend()).isEqualTo(FrontendProtocol.MCP);
                assertThat(record.agentContext().agentId()).isEqualTo("test-agent");
                assertThat(record.agentContext().intent()).isEqualTo("count regions");
            });
        }
    }

    @Test
    void mcpCommandServesStdio(@TempDir Path directory) throws Exception {
        Path config = ServerProcess.writeConfig(directory, """
                switchboard:
                  dataDirectory: %s
                  frontends:
                    mcp: {enabled: true}
                  persistence: {type: inMemory}
                clusters:
                  duck: {engine: duckDb, databasePath: demo.duckdb, demoData: tpch}
                clusterGroups:
                  demo: {members: [duck]}
                routingFallback: demo
                """.formatted(directory.resolve("data")));
        ConcurrentLinkedQueue<String> stderr = new ConcurrentLinkedQueue<>();
        ServerParameters parameters = ServerParameters.builder(Path.of(System.getProperty("java.home"), "bin", "java").toString())
                .args("--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                        SwitchboardMain.class.getName(), "mcp", "--config", config.toString())
                .build();
        StdioClientTransport transport = new StdioClientTransport(parameters, new JacksonMcpJsonMapper(new ObjectMapper()));
        transport.setStdErrorHandler(stderr::add);
        McpSyncClient client = client(transport);
        try {
            Map<String, Object> answer = executeQuery(client, "SELECT count(*) AS regions FROM region");
            assertThat(answer.get("rows")).isEqualTo(List.of(List.of(5)));
        } finally {
            client.closeGracefully();
        }
        // Logs went to stderr (the SDK would have failed on anything but JSON-RPC on stdout).
        assertThat(stderr).anyMatch(line -> line.contains("Switchboard started") || line.contains("DuckDB cluster"));
    }
}
