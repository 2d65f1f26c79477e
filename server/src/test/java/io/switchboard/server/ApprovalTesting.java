package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.switchboard.core.feedback.QueryRecord;
import io.switchboard.core.pipeline.GuardVerdict;
import io.switchboard.core.pipeline.VerdictAction;
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
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What the human-approval end-to-end tests share: a Switchboard whose humanApproval policy holds
 * any query touching the table {@code held_log} (deadline ten minutes) or {@code short_log}
 * (deadline one second) for everyone but the setup user, which creates and counts them; real
 * clients (pgjdbc, the MCP Java SDK, HTTP with Basic auth for the admin REST API); and bounded
 * waits. The side effect that shows how often a query ran is the row it inserts, and the feedback
 * store's record of it.
 */
final class ApprovalTesting {
    private ApprovalTesting() {}

    static final Duration WAIT = Duration.ofSeconds(60);
    static final String SETUP_USER = "setup";
    /** MCP callers authenticate with bearer tokens, so that holds have owners who differ. */
    static final String ALICE_TOKEN = "alice-token-0123456789";
    static final String BOB_TOKEN = "bob-token-0123456789ab";

    /** Both tables are held for everyone but the setup user, which creates and counts them. */
    static String[] overrides() {
        return new String[] {
            "frontends.mcp.port=0",
            "frontends.mcp.tokens=[{token: " + ALICE_TOKEN + ", user: alice}, {token: " + BOB_TOKEN + ", user: bob}]",
            "auth.staticUsers.users.setup.password=setup",
            "guardrails.global=[{type: humanApproval, tables: [held_log], deadlineSecs: 600, unless: {users: [setup]}},"
                    + " {type: humanApproval, tables: [short_log], deadlineSecs: 1, unless: {users: [setup]}}]"
        };
    }

    static TestingSwitchboard start(Path dataDirectory) {
        return new TestingSwitchboard(dataDirectory, overrides());
    }

    static Connection connect(TestingSwitchboard switchboard, String user) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", user);
        return DriverManager.getConnection(switchboard.jdbcUrl(), properties);
    }

    static void createTables(TestingSwitchboard switchboard) throws SQLException {
        try (Connection connection = connect(switchboard, SETUP_USER); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS held_log (v VARCHAR)");
            statement.execute("CREATE TABLE IF NOT EXISTS short_log (v VARCHAR)");
        }
    }

    static long count(TestingSwitchboard switchboard, String table, String value) throws SQLException {
        try (Connection connection = connect(switchboard, SETUP_USER); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table + " WHERE v = '" + value + "'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    static ApprovalClient admin(TestingSwitchboard switchboard) {
        return new ApprovalClient(switchboard.adminAddress(), TestingSwitchboard.USER, TestingSwitchboard.PASSWORD);
    }

    static McpSyncClient mcp(TestingSwitchboard switchboard, String token) {
        InetSocketAddress address = switchboard.server().listeners().get("mcp");
        McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + address.getPort())
                        .endpoint(McpFrontend.ENDPOINT)
                        .requestBuilder(java.net.http.HttpRequest.newBuilder().header("Authorization", "Bearer " + token))
                        .build())
                .clientInfo(new McpSchema.Implementation("approval-e2e", "1.0"))
                .requestTimeout(WAIT)
                .initializationTimeout(WAIT)
                .build();
        client.initialize();
        return client;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> structured(McpSchema.CallToolResult result) {
        return (Map<String, Object>) result.structuredContent();
    }

    static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> arguments) {
        return client.callTool(new McpSchema.CallToolRequest(tool, arguments));
    }

    /** Every record of the query, once the store has written what was queued. */
    static List<QueryRecord> records(TestingSwitchboard switchboard, String queryId) {
        switchboard.server().feedbackStore().flush(Duration.ofSeconds(10));
        List<QueryRecord> records = new ArrayList<>();
        for (QueryRecord record : switchboard.server().feedbackStore().recentQueries(10_000)) {
            if (record.queryId().value().equals(queryId)) {
                records.add(record);
            }
        }
        return records;
    }

    static GuardVerdict holdVerdict(QueryRecord record) {
        return record.verdicts().stream().filter(verdict -> verdict.action() == VerdictAction.HOLD).findFirst()
                .orElseThrow(() -> new AssertionError("no hold verdict in " + record.verdicts()));
    }

    static <T> T await(Duration timeout, String what, Supplier<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            ApprovalClient.sleep(50);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    /** Runs a statement on its own connection and thread, as a client that waits for approval would. */
    static Future<Integer> sendWaiting(ExecutorService threads, TestingSwitchboard switchboard, String sql, List<SQLWarning> warnings) {
        Callable<Integer> work = () -> {
            try (Connection connection = connect(switchboard, TestingSwitchboard.USER); Statement statement = connection.createStatement()) {
                int count = statement.executeUpdate(sql);
                for (SQLWarning warning = statement.getWarnings(); warning != null; warning = warning.getNextWarning()) {
                    warnings.add(warning);
                }
                return count;
            }
        };
        return threads.submit(work);
    }

    static SQLException failureOf(Future<Integer> future) throws InterruptedException {
        try {
            future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(SQLException.class);
            return (SQLException) e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the held statement did not end within " + WAIT, e);
        }
        throw new AssertionError("the held statement succeeded; it should have failed");
    }

    static ExecutorService threads() {
        return Executors.newVirtualThreadPerTaskExecutor();
    }
}
