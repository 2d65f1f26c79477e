package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.switchboard.core.approval.ApprovalService;
import io.switchboard.core.approval.ApprovalState;
import io.switchboard.core.approval.HeldQuery;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.feedback.QueryOutcome;
import io.switchboard.core.feedback.QueryRecord;
import io.switchboard.mcp.McpFrontend;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CostEstimate guard end to end, through pgjdbc and MCP, on the embedded default's DuckDB
 * (TPC-H at scale 0.01): users whose thresholds a full scan of lineitem passes are warned, held
 * (no approval service here: the hold fails closed as pending) or denied, while a point lookup
 * goes through; the estimate is recorded with the query; MCP's explain_query shows it and
 * execute_query carries the warning.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class CostEstimateEndToEndTest {
    static final String SCAN = "SELECT * FROM lineitem";
    static final String POINT_LOOKUP = "SELECT l_orderkey, l_quantity FROM lineitem WHERE l_orderkey = 1 AND l_linenumber = 1";

    @TempDir
    static Path dataDirectory;

    private TestingSwitchboard switchboard;
    private McpSyncClient mcp;

    @BeforeAll
    void start() {
        String config = TestingSwitchboard.defaultConfig()
                .replace("""
                      agent:
                        password: agent
                """, """
                      agent:
                        password: agent
                      warned:
                        password: warned
                      held:
                        password: held
                      denied:
                        password: denied
                """)
                .replace("""
                  users:
                    agent:
                """, """
                  users:
                    warned:
                      - {type: costEstimate, warnAboveRows: 10000}
                    held:
                      - {type: costEstimate, holdAboveRows: 10000}
                    denied:
                      - {type: costEstimate, denyAboveDollars: 0.000001}
                    agent:
                """);
        // MCP's guard (the first costEstimate entry of the default) warns at a millionth of a dollar here, so that a scan warns.
        config = config.replaceFirst("warnAboveDollars: 0\\.01", "warnAboveDollars: 0.000001");
        assertThat(config).contains("warnAboveDollars: 0.000001").contains("warnAboveRows: 10000").contains("held:\n        password: held");
        switchboard = new TestingSwitchboard(config, dataDirectory, "frontends.mcp.port=0");
        InetSocketAddress address = switchboard.server().listeners().get("mcp");
        mcp = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + address.getPort())
                        .endpoint(McpFrontend.ENDPOINT).build())
                .clientInfo(new McpSchema.Implementation("cost-e2e", "1.0"))
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
        return DriverManager.getConnection(switchboard.jdbcUrl(), properties);
    }

    /** Runs a query to its end; returns the warnings the statement got. */
    private static List<String> run(Connection connection, String sql) throws SQLException {
        List<String> warnings = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                // drain
            }
            for (SQLWarning warning = statement.getWarnings(); warning != null; warning = warning.getNextWarning()) {
                warnings.add(warning.getMessage());
            }
        }
        return warnings;
    }

    @Test
    void aScanAboveTheWarnThresholdRunsWithAWarning() throws SQLException {
        try (Connection connection = connect("warned")) {
            assertThat(run(connection, SCAN)).anySatisfy(warning -> assertThat(warning)
                    .contains("CostEstimateGuard").contains("rows").contains("warnAboveRows 10,000").contains("the engine's EXPLAIN"));
            assertThat(run(connection, POINT_LOOKUP)).noneSatisfy(warning -> assertThat(warning).contains("CostEstimateGuard"));
        }
    }

    @Test
    void aScanAboveTheHoldThresholdIsHeldUntilAPersonDecides() throws Exception {
        try (Connection connection = connect("held")) {
            CompletableFuture<List<String>> scan = CompletableFuture.supplyAsync(() -> {
                try {
                    return run(connection, SCAN);
                } catch (SQLException e) {
                    throw new CompletionException(e);
                }
            });
            HeldQuery hold = awaitPendingHold("held");
            assertThat(hold.guard()).isEqualTo("CostEstimateGuard");
            assertThat(hold.reason()).contains("holdAboveRows 10,000").contains("a person must approve it");
            assertThat(switchboard.server().approvals().decide(hold.approvalId(), false, "reviewer", "scan one month, not all of it")
                    .outcome()).isEqualTo(ApprovalService.Outcome.DECIDED);
            assertThatThrownBy(() -> scan.get(60, TimeUnit.SECONDS)).cause().isInstanceOfSatisfying(SQLException.class, e -> {
                assertThat(e.getSQLState()).isEqualTo("42501");
                assertThat(e.getMessage()).contains(hold.approvalId()).contains("scan one month, not all of it");
            });
            assertThat(run(connection, POINT_LOOKUP)).noneSatisfy(warning -> assertThat(warning).contains("CostEstimateGuard"));
        }
    }

    private HeldQuery awaitPendingHold(String user) throws InterruptedException {
        for (int attempt = 0; attempt < 600; attempt++) {
            for (HeldQuery hold : switchboard.server().approvals().list(ApprovalState.PENDING, 100)) {
                if (hold.user().equals(user)) {
                    return hold;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no pending hold for " + user + " within 60 s");
    }

    @Test
    void aScanAboveTheDenyThresholdIsDeniedWithAdvice() throws SQLException {
        try (Connection connection = connect("denied")) {
            assertThatThrownBy(() -> run(connection, SCAN)).isInstanceOfSatisfying(SQLException.class, e -> {
                assertThat(e.getSQLState()).isEqualTo("54000");
                assertThat(e.getMessage()).contains("Query denied by CostEstimateGuard").contains("denyAboveDollars")
                        .contains("a LIMIT does not reduce what a scan reads").contains("COST_LIMIT_EXCEEDED");
            });
            assertThat(run(connection, POINT_LOOKUP)).noneSatisfy(warning -> assertThat(warning).contains("CostEstimateGuard"));
        }
        // The record keeps the estimate with the denial.
        switchboard.server().feedbackStore().flush(Duration.ofSeconds(10));
        List<QueryRecord> records = switchboard.server().feedbackStore().recentQueries(200);
        assertThat(records).anySatisfy(record -> {
            assertThat(record.user()).isEqualTo("denied");
            assertThat(record.sql()).isEqualTo(SCAN);
            assertThat(record.outcome()).isEqualTo(QueryOutcome.DENIED);
            assertThat(record.errorCode()).isEqualTo(ErrorCode.COST_LIMIT_EXCEEDED);
            assertThat(record.verdicts()).anySatisfy(verdict -> {
                assertThat(verdict.guard()).isEqualTo("CostEstimateGuard");
                assertThat(Double.parseDouble(verdict.details().get("estimatedRows"))).isBetween(6_017.0, 601_750.0);
                assertThat(Double.parseDouble(verdict.details().get("estimatedDollars"))).isGreaterThan(0.000001);
                assertThat(verdict.details()).containsEntry("estimateSource", "ENGINE_EXPLAIN").containsEntry("estimateCluster", "duckdb-demo");
            });
        });
    }

    @Test
    void mcpExplainShowsTheEstimateAndExecuteCarriesTheWarning() {
        McpSchema.CallToolResult explained = mcp.callTool(new McpSchema.CallToolRequest("explain_query", Map.of("sql", SCAN)));
        assertThat(explained.isError()).as("%s", explained.content()).isNotEqualTo(true);
        @SuppressWarnings("unchecked")
        Map<String, Object> estimate = (Map<String, Object>) ((Map<String, Object>) explained.structuredContent()).get("cost_estimate");
        assertThat(estimate).isNotNull();
        assertThat(((Number) estimate.get("rows")).doubleValue()).isBetween(6_017.0, 601_750.0);
        assertThat(((Number) estimate.get("bytes")).doubleValue()).isPositive();
        assertThat(estimate).containsEntry("source", "ENGINE_EXPLAIN").containsEntry("cluster", "duckdb-demo");
        assertThat(((McpSchema.TextContent) explained.content().get(0)).text()).contains("Cost estimate:");

        McpSchema.CallToolResult executed = mcp.callTool(new McpSchema.CallToolRequest("execute_query",
                Map.of("sql", SCAN, "max_rows", 10)));
        assertThat(executed.isError()).as("%s", executed.content()).isNotEqualTo(true);
        @SuppressWarnings("unchecked")
        List<String> warnings = (List<String>) ((Map<String, Object>) executed.structuredContent()).get("warnings");
        assertThat(warnings).anySatisfy(warning -> assertThat(warning).startsWith("CostEstimateGuard: estimated $")
                .contains("warnAboveDollars"));
        assertThat(((McpSchema.TextContent) executed.content().get(0)).text()).contains("Warning: CostEstimateGuard");
    }
}
