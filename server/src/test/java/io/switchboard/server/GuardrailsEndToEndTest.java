package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.feedback.QueryOutcome;
import io.switchboard.core.feedback.QueryRecord;
import io.switchboard.mcp.McpFrontend;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guardrails of the embedded default, through real clients: over MCP (Java SDK) and over
 * PostgreSQL as user 'agent' (pgjdbc) writes are denied with a clear message, a large SELECT is
 * cut at 1000 rows and the client is told, and personal data is masked; user 'switchboard' on
 * PostgreSQL is not guarded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class GuardrailsEndToEndTest {
    @TempDir
    static Path dataDirectory;

    private TestingSwitchboard switchboard;
    private McpSyncClient mcp;

    @BeforeAll
    void start() {
        switchboard = new TestingSwitchboard(dataDirectory, "frontends.mcp.port=0");
        InetSocketAddress address = switchboard.server().listeners().get("mcp");
        mcp = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + address.getPort())
                        .endpoint(McpFrontend.ENDPOINT).build())
                .clientInfo(new McpSchema.Implementation("guardrails-e2e", "1.0"))
                .requestTimeout(Duration.ofSeconds(60))
                .initializationTimeout(Duration.ofSeconds(60))
                .build();
        mcp.initialize();
    }

    @AfterAll
    void stop() {
        if (mcp != null) {
            mcp.closeGracefully();
        }
        if (switchboard != null) {
            switchboard.close();
        }
    }

    private Connection connect(String user) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", user);
        return java.sql.DriverManager.getConnection(switchboard.jdbcUrl(), properties);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> structured(McpSchema.CallToolResult result) {
        return (Map<String, Object>) result.structuredContent();
    }

    private McpSchema.CallToolResult execute(String sql, int maxRows) {
        return mcp.callTool(new McpSchema.CallToolRequest("execute_query", Map.of("sql", sql, "max_rows", maxRows)));
    }

    @Test
    void mcpWriteIsDeniedWithAClearMessage() {
        McpSchema.CallToolResult result = execute("DELETE FROM nation", 10);
        assertThat(result.isError()).isTrue();
        String text = ((McpSchema.TextContent) result.content().get(0)).text();
        assertThat(text).contains("ReadOnlyGuard").contains("DELETE is not allowed");
        assertThat(structured(result).toString()).contains("READ_ONLY_VIOLATION");
        // Nothing was deleted.
        assertThat(structured(execute("SELECT count(*) AS n FROM nation", 10)).get("rows").toString()).isEqualTo("[[25]]");
    }

    @Test
    @SuppressWarnings("unchecked")
    void mcpBigSelectIsTruncatedAtTheRowLimit() {
        Map<String, Object> answer = structured(execute("SELECT l_orderkey, l_linenumber FROM lineitem", 50));
        assertThat(answer.get("truncated")).isEqualTo(true);
        assertThat((String) answer.get("truncation_reason")).contains("row limit");
        assertThat(answer.get("rows_available")).isEqualTo(1000);
        Map<String, Object> small = structured(execute("SELECT n_name FROM nation", 50));
        assertThat(small.get("truncated")).isEqualTo(false);
        assertThat((List<Object>) small.get("rows")).hasSize(25);
    }

    @Test
    @SuppressWarnings("unchecked")
    void mcpSeesPersonalDataMasked() {
        Map<String, Object> answer = structured(execute(
                "SELECT customer_id, full_name, email, phone, credit_card, iban, ssn, city FROM customers_pii ORDER BY customer_id", 5));
        List<List<Object>> rows = (List<List<Object>>) answer.get("rows");
        assertThat(rows).hasSize(5);
        for (List<Object> row : rows) {
            assertThat((String) row.get(2)).startsWith("h:").doesNotContain("@");
            assertThat((String) row.get(3)).matches("[*+()\\- ]*\\d{4}").contains("*");
            assertThat((String) row.get(4)).matches("\\*{4} \\*{4} \\*{4} \\d{4}");
            assertThat((String) row.get(5)).matches("\\*+\\d{4}");
            assertThat(row.get(6)).isEqualTo("[REDACTED]");
            assertThat((String) row.get(7)).doesNotContain("*");
        }
        // Sample rows of describe_table run through the same pipeline, so they are masked too.
        McpSchema.CallToolResult described = mcp.callTool(new McpSchema.CallToolRequest("describe_table",
                Map.of("table", "customers_pii", "sample_rows", 3)));
        assertThat(structured(described).get("sample_rows").toString()).doesNotContain("@example.").contains("[REDACTED]");
        // The same email hashes to the same value, so joins and counts still work on hashed columns.
        Map<String, Object> twice = structured(execute("SELECT email FROM customers_pii WHERE customer_id = 1 "
                + "UNION ALL SELECT email FROM customers_pii WHERE customer_id = 1", 5));
        List<List<Object>> pair = (List<List<Object>>) twice.get("rows");
        assertThat(pair.get(0)).isEqualTo(pair.get(1));
    }

    @Test
    void pgjdbcAgentIsGuardedLikeMcp() throws SQLException {
        try (Connection connection = connect("agent"); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute("UPDATE nation SET n_name = 'x'"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("Query denied by ReadOnlyGuard: UPDATE is not allowed")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25006"));
            int rows = 0;
            try (ResultSet result = statement.executeQuery("SELECT l_orderkey FROM lineitem")) {
                while (result.next()) {
                    rows++;
                }
            }
            assertThat(rows).isEqualTo(1000);
            assertThat(guardWarnings(statement)).singleElement().asString().contains("Result truncated").contains("1000 rows");
            try (ResultSet result = statement.executeQuery("SELECT email, ssn FROM customers_pii WHERE customer_id = 1")) {
                assertThat(result.next()).isTrue();
                assertThat(result.getString(1)).startsWith("h:");
                assertThat(result.getString(2)).isEqualTo("[REDACTED]");
            }
        }
        // The record keeps every verdict: the denial with its code, the cut query as a success with its rewrite.
        switchboard.server().feedbackStore().flush(Duration.ofSeconds(10));
        List<QueryRecord> records = switchboard.server().feedbackStore().recentQueries(200);
        assertThat(records).anySatisfy(record -> {
            assertThat(record.sql()).isEqualTo("UPDATE nation SET n_name = 'x'");
            assertThat(record.outcome()).isEqualTo(QueryOutcome.DENIED);
            assertThat(record.errorCode()).isEqualTo(ErrorCode.READ_ONLY_VIOLATION);
            assertThat(record.verdicts()).anySatisfy(verdict -> assertThat(verdict.guard()).isEqualTo("ReadOnlyGuard"));
        });
        assertThat(records).anySatisfy(record -> {
            assertThat(record.sql()).isEqualTo("SELECT l_orderkey FROM lineitem LIMIT 1001");
            assertThat(record.user()).isEqualTo("agent");
            assertThat(record.outcome()).isEqualTo(QueryOutcome.SUCCEEDED);
            assertThat(record.rows()).isEqualTo(1000);
            assertThat(record.verdicts()).extracting(verdict -> verdict.guard() + ":" + verdict.action())
                    .containsExactly("ReadOnlyGuard:ALLOW", "RowLimitGuard:REWRITE", "PIIMaskGuard:ALLOW", "CostEstimateGuard:ALLOW");
        });
    }

    /** The catalog tools run their SQL through the same guards; none of it may be refused. */
    @Test
    void mcpCatalogToolsPassTheGuards() {
        for (String tool : List.of("list_engines", "list_schemas", "list_tables")) {
            McpSchema.CallToolResult result = mcp.callTool(new McpSchema.CallToolRequest(tool, Map.of()));
            assertThat(result.isError()).as("%s: %s", tool, result.content()).isNotEqualTo(true);
        }
        for (String table : List.of("customers_pii", "lineitem", "nation")) {
            McpSchema.CallToolResult result = mcp.callTool(new McpSchema.CallToolRequest("describe_table",
                    Map.of("table", table, "sample_rows", 2)));
            assertThat(result.isError()).as("describe_table %s: %s", table, result.content()).isNotEqualTo(true);
        }
        assertThat(mcp.listResources().resources()).isNotEmpty();
        McpSchema.CallToolResult explained = mcp.callTool(new McpSchema.CallToolRequest("explain_query",
                Map.of("sql", "SELECT count(*) FROM orders")));
        assertThat(explained.isError()).as("%s", explained.content()).isNotEqualTo(true);
    }

    /** pgjdbc's metadata queries as the guarded agent: catalog answers are reads. */
    @Test
    void pgjdbcAgentMetadataPassesTheGuards() throws SQLException {
        try (Connection connection = connect("agent")) {
            java.sql.DatabaseMetaData metaData = connection.getMetaData();
            int tables = 0;
            try (ResultSet result = metaData.getTables(null, null, "%", new String[] {"TABLE"})) {
                while (result.next()) {
                    tables++;
                }
            }
            assertThat(tables).isGreaterThanOrEqualTo(9);
            try (ResultSet result = metaData.getColumns(null, null, "customers_pii", "%")) {
                assertThat(result.next()).isTrue();
            }
        }
    }

    @Test
    void pgjdbcSwitchboardUserIsNotGuarded() throws SQLException {
        try (Connection connection = connect("switchboard"); Statement statement = connection.createStatement()) {
            try (ResultSet result = statement.executeQuery("SELECT email FROM customers_pii WHERE customer_id = 1")) {
                assertThat(result.next()).isTrue();
                assertThat(result.getString(1)).contains("@example.");
            }
            int rows = 0;
            try (ResultSet result = statement.executeQuery("SELECT l_orderkey FROM lineitem")) {
                while (result.next()) {
                    rows++;
                }
            }
            assertThat(rows).isGreaterThan(1000);
            assertThat(guardWarnings(statement)).isEmpty();
        }
    }

    /**
     * The warnings of the last statement, without translation's: until sqlglot has warmed up (tens
     * of seconds on a loaded machine) a query also gets "translation: translator warming up".
     */
    private static List<String> guardWarnings(Statement statement) throws SQLException {
        List<String> messages = new ArrayList<>();
        for (SQLWarning warning = statement.getWarnings(); warning != null; warning = warning.getNextWarning()) {
            if (!warning.getMessage().startsWith("translation:")) {
                messages.add(warning.getMessage());
            }
        }
        return messages;
    }
}
