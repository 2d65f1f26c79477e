package io.switchboard.mcp;

import static io.switchboard.mcp.McpClients.call;
import static io.switchboard.mcp.McpClients.errorCode;
import static io.switchboard.mcp.McpClients.structured;
import static io.switchboard.mcp.McpClients.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.switchboard.core.feedback.QueryOutcome;
import io.switchboard.core.feedback.QueryRecord;
import io.switchboard.core.session.FrontendProtocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every tool and resource over streamable HTTP with the Java SDK client, against DuckDB with TPC-H. */
final class McpHttpToolsTest {
    private static McpTestServer server;
    private static McpSyncClient client;

    @BeforeAll
    static void start() {
        server = McpTestServer.start("""
                defaultMaxRows: 100
                maxRows: 1000
                maxResultRows: 5000
                """);
        client = McpClients.connect(server.url());
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.closeGracefully();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void listsEveryToolWithInputAndOutputSchemas() {
        List<McpSchema.Tool> tools = client.listTools().tools();
        assertThat(tools).extracting(McpSchema.Tool::name).containsExactlyInAnyOrder("execute_query", "fetch_rows", "list_engines",
                "list_schemas", "list_tables", "describe_table", "explain_query", "get_query_status", "cancel_query");
        for (McpSchema.Tool tool : tools) {
            assertThat(tool.description()).as(tool.name()).hasSizeGreaterThan(60);
            assertThat(tool.inputSchema()).containsEntry("type", "object");
            assertThat(tool.outputSchema()).as(tool.name()).containsEntry("type", "object").containsKey("anyOf");
            assertThat(tool.outputSchema().toString()).doesNotContain("$ref");
        }
        assertThat(client.getServerInstructions()).contains("trino dialect");
    }

    @Test
    void executesAQueryWithColumnsRowsAndRoute() {
        McpSchema.CallToolResult result = call(client, "execute_query",
                Map.of("sql", "SELECT n_nationkey, n_name FROM nation WHERE n_regionkey = 1 ORDER BY n_nationkey",
                        "intent", "nations of region 1", "agent_id", "test-agent", "conversation_id", "conv-7", "step_index", 3,
                        "tool_call_id", "call-42"));
        assertThat(result.isError()).isFalse();
        Map<String, Object> answer = structured(result);
        assertThat(answer.get("columns").toString()).contains("n_nationkey", "n_name");
        assertThat(answer.get("rows")).isEqualTo(List.of(List.of(1, "ARGENTINA"), List.of(2, "BRAZIL"), List.of(3, "CANADA"),
                List.of(17, "PERU"), List.of(24, "UNITED STATES")));
        assertThat(answer).containsEntry("row_count", 5).containsEntry("has_more", false).containsEntry("truncated", false)
                .containsEntry("group", "main").containsEntry("cluster", "duck").containsEntry("engine", "duckDb")
                .containsEntry("statement_kind", "SELECT");
        assertThat(text(result)).contains("5 rows", "ARGENTINA");

        String queryId = (String) answer.get("query_id");
        QueryRecord record = awaitRecord(queryId);
        assertThat(record.frontend()).isEqualTo(FrontendProtocol.MCP);
        assertThat(record.outcome()).isEqualTo(QueryOutcome.SUCCEEDED);
        assertThat(record.user()).isEqualTo("mcp");
        assertThat(record.agentContext().agentId()).isEqualTo("test-agent");
        assertThat(record.agentContext().conversationId()).isEqualTo("conv-7");
        assertThat(record.agentContext().stepIndex()).isEqualTo(3);
        assertThat(record.agentContext().toolCallId()).isEqualTo("call-42");
        assertThat(record.agentContext().intent()).isEqualTo("nations of region 1");
    }

    @Test
    void agentIdDefaultsToTheClientName() {
        Map<String, Object> answer = structured(call(client, "execute_query", Map.of("sql", "SELECT 1 AS one")));
        assertThat(answer.get("rows")).isEqualTo(List.of(List.of(1)));
        assertThat(awaitRecord((String) answer.get("query_id")).agentContext().agentId()).isEqualTo("switchboard-tests");
    }

    @Test
    void pagesThroughALargeResultWithCursors() {
        McpSchema.CallToolResult first = call(client, "execute_query",
                Map.of("sql", "SELECT o_orderkey FROM orders ORDER BY o_orderkey LIMIT 2500", "max_rows", 1000));
        Map<String, Object> page = structured(first);
        assertThat(page).containsEntry("row_count", 1000).containsEntry("rows_available", 2500).containsEntry("has_more", true);
        List<Object> keys = new ArrayList<>(firstColumn(page));
        String queryId = (String) page.get("query_id");
        int pages = 1;
        while (Boolean.TRUE.equals(page.get("has_more"))) {
            assertThat(pages).isLessThan(10);
            page = structured(call(client, "fetch_rows", Map.of("query_id", queryId, "cursor", page.get("next_cursor"), "max_rows", 1000)));
            assertThat(page).containsEntry("offset", keys.size());
            keys.addAll(firstColumn(page));
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(keys).hasSize(2500).doesNotHaveDuplicates();
        assertThat(page.get("next_cursor")).isNull();

        McpSchema.CallToolResult wrongCursor = call(client, "fetch_rows", Map.of("query_id", queryId,
                "cursor", ResultCache.cursor("another-query", 1000)));
        assertThat(wrongCursor.isError()).isTrue();
        assertThat(errorCode(wrongCursor)).isEqualTo("INVALID_ARGUMENT");
    }

    @Test
    void capsMaxRowsAtTheConfiguredMaximumAndTruncatesBeyondTheKeptRows() {
        Map<String, Object> answer = structured(call(client, "execute_query",
                Map.of("sql", "SELECT l_orderkey FROM lineitem", "max_rows", 1_000_000)));
        assertThat(answer).containsEntry("row_count", 1000).containsEntry("rows_available", 5000)
                .containsEntry("truncated", true).containsEntry("has_more", true);
        assertThat((String) answer.get("truncation_reason")).contains("5000 rows");
    }

    @Test
    void failingQueriesAreToolErrorsWithCodes() {
        McpSchema.CallToolResult syntax = call(client, "execute_query", Map.of("sql", "SELEC nonsense FROM"));
        assertThat(syntax.isError()).isTrue();
        assertThat(errorCode(syntax)).isEqualTo("SYNTAX_ERROR");
        assertThat(text(syntax)).startsWith("Error SYNTAX_ERROR");

        McpSchema.CallToolResult missing = call(client, "execute_query", Map.of("sql", "SELECT * FROM no_such_table"));
        assertThat(errorCode(missing)).isEqualTo("TABLE_NOT_FOUND");

        McpSchema.CallToolResult unknownArgument = call(client, "execute_query", Map.of("sql", "SELECT 1", "maxrows", 5));
        assertThat(errorCode(unknownArgument)).isEqualTo("INVALID_ARGUMENT");
        assertThat(text(unknownArgument)).contains("maxrows");

        McpSchema.CallToolResult noSql = call(client, "execute_query", Map.of());
        assertThat(errorCode(noSql)).isEqualTo("INVALID_ARGUMENT");
    }

    @Test
    @SuppressWarnings("unchecked")
    void listsEnginesSchemasAndTables() {
        Map<String, Object> engines = structured(call(client, "list_engines", Map.of()));
        assertThat(engines.get("groups").toString()).contains("name=main", "name=duck", "engine=duckDb", "dialect=duckdb",
                "healthy=");

        Map<String, Object> schemas = structured(call(client, "list_schemas", Map.of()));
        assertThat((List<Object>) schemas.get("schemas")).contains((Object) Map.of("catalog", "demo", "schema", "main"))
                .noneMatch(schema -> schema.toString().contains("information_schema") || schema.toString().contains("temp"));

        Map<String, Object> tables = structured(call(client, "list_tables", Map.of("schema", "demo.main")));
        assertThat(names(tables)).containsExactly("customer", "lineitem", "nation", "orders", "part", "partsupp", "region", "supplier");

        Map<String, Object> matching = structured(call(client, "list_tables", Map.of("pattern", "%PART%")));
        assertThat(names(matching)).containsExactly("part", "partsupp");

        Map<String, Object> none = structured(call(client, "list_tables", Map.of("pattern", "x' OR '1'='1")));
        assertThat(names(none)).isEmpty();
    }

    @Test
    void describesATableWithEstimateAndSample() {
        Map<String, Object> table = structured(call(client, "describe_table", Map.of("table", "main.nation", "sample_rows", 3)));
        assertThat(table).containsEntry("qualified_name", "demo.main.nation").containsEntry("row_count_estimate", 25);
        assertThat(table.get("columns").toString()).contains("name=n_nationkey", "name=n_name", "name=n_comment");
        assertThat((List<?>) table.get("sample_rows")).hasSize(3);

        McpSchema.CallToolResult missing = call(client, "describe_table", Map.of("table", "nope"));
        assertThat(errorCode(missing)).isEqualTo("TABLE_NOT_FOUND");
    }

    @Test
    void explainsWithoutRunning() {
        Map<String, Object> plan = structured(call(client, "explain_query",
                Map.of("sql", "SELECT count(*) FROM orders WHERE o_totalprice > 1000", "engine_hint", "main")));
        assertThat(plan.get("analysis").toString()).contains("statement_kind=SELECT", "orders");
        assertThat(plan.get("route").toString()).contains("group=main", "decided_by=routingFallback", "cluster=duck");
        assertThat(plan.get("translation").toString()).contains("status=SKIPPED");
        assertThat((String) plan.get("engine_plan")).containsIgnoringCase("orders");
        assertThat(server.feedback().findQuery((String) plan.get("query_id"))).isEmpty();
    }

    @Test
    void reportsStatusOfOwnQueriesOnly() {
        String queryId = (String) structured(call(client, "execute_query", Map.of("sql", "SELECT 42 AS answer"))).get("query_id");
        Map<String, Object> status = structured(call(client, "get_query_status", Map.of("query_id", queryId)));
        assertThat(status).containsEntry("state", "SUCCEEDED").containsEntry("rows", 1).containsEntry("engine", "duckDb");

        Map<String, Object> cancel = structured(call(client, "cancel_query", Map.of("query_id", queryId)));
        assertThat(cancel).containsEntry("canceled", false).containsEntry("state", "SUCCEEDED");

        try (McpSyncClient other = McpClients.connect(server.url())) {
            McpSchema.CallToolResult foreign = call(other, "get_query_status", Map.of("query_id", queryId));
            assertThat(errorCode(foreign)).isEqualTo("QUERY_NOT_FOUND");
            assertThat(errorCode(call(other, "cancel_query", Map.of("query_id", queryId)))).isEqualTo("QUERY_NOT_FOUND");
        }
    }

    @Test
    void listsAndReadsSchemaAndTableResources() {
        Set<String> listed = server.frontend().refreshCatalogResources();
        assertThat(listed).contains(CatalogResources.tableUri("demo", "main", "nation"));
        List<String> uris = client.listResources().resources().stream().map(McpSchema.Resource::uri).toList();
        assertThat(uris).contains(CatalogResources.SCHEMAS_URI, "switchboard://tables/demo/main/lineitem");
        assertThat(client.listResourceTemplates().resourceTemplates()).extracting(McpSchema.ResourceTemplate::uriTemplate)
                .containsExactly(CatalogResources.TABLE_TEMPLATE);

        String schemas = resourceText(CatalogResources.SCHEMAS_URI);
        assertThat(schemas).contains("\"schema\" : \"main\"", "switchboard://tables/demo/main/region");

        String region = resourceText("switchboard://tables/demo/main/region");
        assertThat(region).contains("\"r_regionkey\"", "\"r_name\"", "\"row_count_estimate\" : 5");

        assertThatThrownBy(() -> client.readResource(new McpSchema.ReadResourceRequest("switchboard://tables/demo/main/nothing")))
                .isInstanceOf(McpError.class).hasMessageContaining("nothing");
    }

    @Test
    void recordsCatalogQueriesWithTheCallersAgentContextFromMeta() {
        McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("list_schemas", Map.of(),
                Map.of(ToolArguments.AGENT_META_KEY, Map.of("agentId", "meta-agent", "conversationId", "c-9", "stepIndex", 2))));
        QueryRecord record = awaitRecord((String) structured(result).get("query_id"));
        assertThat(record.sql()).contains("information_schema.schemata");
        assertThat(record.agentContext().agentId()).isEqualTo("meta-agent");
        assertThat(record.agentContext().conversationId()).isEqualTo("c-9");
        assertThat(record.agentContext().stepIndex()).isEqualTo(2);
    }

    private static String resourceText(String uri) {
        McpSchema.ReadResourceResult read = client.readResource(new McpSchema.ReadResourceRequest(uri));
        return ((McpSchema.TextResourceContents) read.contents().get(0)).text();
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

    @SuppressWarnings("unchecked")
    private static List<Object> firstColumn(Map<String, Object> page) {
        List<Object> values = new ArrayList<>();
        for (List<Object> row : (List<List<Object>>) page.get("rows")) {
            values.add(row.get(0));
        }
        return values;
    }

    @SuppressWarnings("unchecked")
    private static List<String> names(Map<String, Object> tables) {
        Set<String> seen = new HashSet<>();
        List<String> names = new ArrayList<>();
        for (Map<String, Object> table : (List<Map<String, Object>>) tables.get("tables")) {
            names.add((String) table.get("name"));
            seen.add((String) table.get("qualified_name"));
        }
        return names;
    }
}
