package io.switchboard.mcp;

import static io.switchboard.mcp.McpClients.call;
import static io.switchboard.mcp.McpClients.errorCode;
import static io.switchboard.mcp.McpClients.structured;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The stdio transport: a spawned JVM serving MCP on its stdin/stdout, driven by the Java SDK's stdio client. */
final class McpStdioTest {
    private static Path dataDirectory;
    private static RecordingTransport transport;
    private static McpSyncClient client;
    private static final ConcurrentLinkedQueue<String> stderr = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void start() throws IOException {
        dataDirectory = Files.createTempDirectory("switchboard-mcp-stdio");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ServerParameters parameters = ServerParameters.builder(java)
                .args("--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                        StdioTestMain.class.getName(), dataDirectory.toString())
                .build();
        StdioClientTransport stdio = new StdioClientTransport(parameters, McpJson.mapper());
        stdio.setStdErrorHandler(stderr::add);
        transport = new RecordingTransport(stdio);
        client = McpClients.connect(transport, progress -> { });
    }

    @AfterAll
    static void stop() throws IOException {
        if (client != null) {
            client.closeGracefully();
        }
        if (dataDirectory != null) {
            try (var files = Files.walk(dataDirectory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void servesTheSameToolsAndResources() {
        assertThat(client.listTools().tools()).hasSize(9);
        Map<String, Object> answer = structured(call(client, "execute_query",
                Map.of("sql", "SELECT r_name FROM region ORDER BY r_regionkey")));
        assertThat(answer.get("rows")).isEqualTo(List.of(List.of("AFRICA"), List.of("AMERICA"), List.of("ASIA"), List.of("EUROPE"),
                List.of("MIDDLE EAST")));
        assertThat(errorCode(call(client, "execute_query", Map.of("sql", "SELECT nope FROM region")))).isEqualTo("COLUMN_NOT_FOUND");
        McpSchema.ReadResourceResult table = client.readResource(new McpSchema.ReadResourceRequest("switchboard://tables/demo/main/region"));
        assertThat(((McpSchema.TextResourceContents) table.contents().get(0)).text()).contains("r_comment");
    }

    @Test
    void pagesWithCursors() {
        Map<String, Object> page = structured(call(client, "execute_query",
                Map.of("sql", "SELECT c_custkey FROM customer ORDER BY c_custkey", "max_rows", 600)));
        List<Object> keys = new ArrayList<>();
        for (int pages = 0; pages < 10; pages++) {
            for (Object row : (List<?>) page.get("rows")) {
                keys.add(((List<?>) row).get(0));
            }
            if (!Boolean.TRUE.equals(page.get("has_more"))) {
                break;
            }
            page = structured(call(client, "fetch_rows", Map.of("query_id", page.get("query_id"), "cursor", page.get("next_cursor"),
                    "max_rows", 600)));
        }
        assertThat(keys).hasSize(1500).doesNotHaveDuplicates();
    }

    @Test
    void notificationsCancelledCancelsTheCall() throws Exception {
        CompletableFuture<McpSchema.CallToolResult> running = CompletableFuture.supplyAsync(() -> call(client, "execute_query",
                Map.of("sql", McpCancellationTest.ENDLESS)));
        transport.cancel(transport.lastToolCallId());
        McpSchema.CallToolResult result = running.get(60, TimeUnit.SECONDS);
        assertThat(errorCode(result)).isEqualTo("QUERY_CANCELED");
    }

    @Test
    void strayPrintsGoToStderrNotToTheProtocol() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!stderr.contains(StdioTestMain.STRAY_LINE) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(stderr).contains(StdioTestMain.STRAY_LINE);
        assertThat(client.ping()).isNotNull();
    }
}
