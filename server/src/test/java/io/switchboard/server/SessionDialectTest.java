package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.switchboard.core.session.SourceDialects;
import io.switchboard.mcp.McpFrontend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLWarning;

/**
 * The source dialect per user and per session, and the translation shown to the client (issue
 * #6), through real clients: pgjdbc and psql on the PostgreSQL frontend, the MCP Java SDK on the
 * MCP frontend, against TPC-H on DuckDB with sqlglot translating.
 *
 * <p>{@code date_format(d, '%Y')} is Trino's (and MySQL's) way to format a date, which DuckDB calls
 * {@code strftime}: it runs only when read as Trino and translated; read as PostgreSQL, sqlglot
 * leaves it as it is and DuckDB knows no {@code date_format}. (Trino's {@code approx_distinct}
 * would not do: sqlglot knows that name in every dialect it reads.) {@code 'it\'s'} is a MySQL string: read as
 * MySQL it is {@code it's}, read as Trino it is not even a complete statement.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class SessionDialectTest {
    private static final String TRINO_ONLY = "SELECT date_format(max(o_orderdate), '%Y') AS last_year FROM orders";
    private static final String TRINO_ONLY_SENT = "SELECT STRFTIME(MAX(o_orderdate), '%Y') AS last_year FROM orders";
    private static final String TRINO_ONLY_ANSWER = "1998";
    private static final String AGENT_TOKEN = "token-of-the-agent-0123456789";
    private static final String PGFAN_TOKEN = "token-of-the-pgfan-0123456789";

    @TempDir
    static Path dataDirectory;

    private TestingSwitchboard switchboard;

    @BeforeAll
    void start() {
        switchboard = new TestingSwitchboard("""
                switchboard:
                  bindAddress: 127.0.0.1
                  frontends:
                    postgresWire: {enabled: true, authMethod: scram-sha-256}
                    mcp:
                      enabled: true
                      tokens:
                        - {token: %s, user: agent}
                        - {token: %s, user: pgfan}
                  adminApi: {enabled: false}
                auth:
                  provider: static
                  staticUsers:
                    users:
                      switchboard: {password: switchboard}
                      analyst: {password: analyst, dialect: trino}
                      pgfan: {password: pgfan, dialect: postgres}
                      agent: {password: agent}
                translation:
                  warmupTimeout: 300s
                clusters:
                  duckdb:
                    engine: duckDb
                    databasePath: tpch.duckdb
                    demoData: tpch
                    demoScale: 0.01
                clusterGroups:
                  duckdb: {members: [duckdb]}
                routingFallback: duckdb
                """.formatted(AGENT_TOKEN, PGFAN_TOKEN), Map.of(), dataDirectory);
    }

    @AfterAll
    void stop() {
        if (switchboard != null) {
            switchboard.close();
        }
    }

    // ---- PostgreSQL wire, pgjdbc ----

    @Test
    void aSessionSetsShowsAndResetsItsDialect() throws SQLException {
        try (Connection connection = switchboard.connect(); Statement statement = connection.createStatement()) {
            assertThat(show(statement, "switchboard.dialect")).isEqualTo("postgres");
            // Read as PostgreSQL, Trino's function name reaches DuckDB unchanged, which does not know it.
            assertThatThrownBy(() -> statement.executeQuery(TRINO_ONLY).close())
                    .isInstanceOf(SQLException.class).hasMessageContaining("date_format");

            statement.execute("SET switchboard.dialect = 'trino'");
            assertThat(show(statement, "switchboard.dialect")).isEqualTo("trino");
            assertThat(single(statement, TRINO_ONLY)).isEqualTo(TRINO_ONLY_ANSWER);

            statement.execute("SET switchboard.dialect TO mysql");
            // pgjdbc reads the text as PostgreSQL while it looks for JDBC escapes ({fn ...}) and
            // refuses the MySQL string as unterminated; without escape processing it sends it as is.
            statement.setEscapeProcessing(false);
            assertThat(single(statement, "SELECT 'it\\'s' AS s")).isEqualTo("it's");
            statement.setEscapeProcessing(true);

            statement.execute("RESET switchboard.dialect");
            assertThat(show(statement, "switchboard.dialect")).isEqualTo("postgres");
            assertThat(single(statement, "SELECT 'it''s' AS s")).isEqualTo("it's");
        }
    }

    @Test
    void anUnknownDialectIsRefusedNamingTheKnownOnes() throws SQLException {
        try (Connection connection = switchboard.connect(); Statement statement = connection.createStatement()) {
            statement.execute("SET switchboard.dialect = 'trino'");
            assertThatThrownBy(() -> statement.execute("SET switchboard.dialect = 'cobol'"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("22023"))
                    .hasMessageContaining("unknown SQL dialect 'cobol'; known dialects are " + String.join(", ", SourceDialects.knownNames()));
            assertThat(show(statement, "switchboard.dialect")).isEqualTo("trino");
        }
        Properties options = new Properties();
        options.setProperty("options", "-c switchboard.dialect=pascal");
        assertThatThrownBy(() -> switchboard.connect(options).close()).isInstanceOf(SQLException.class)
                .hasMessageContaining("unknown SQL dialect 'pascal'");
    }

    @Test
    void theUsersConfiguredDialectIsTheDefaultAndResetReturnsToIt() throws SQLException {
        try (Connection connection = switchboard.connect("analyst", "analyst", new Properties());
                Statement statement = connection.createStatement()) {
            assertThat(show(statement, "switchboard.dialect")).isEqualTo("trino");
            assertThat(single(statement, TRINO_ONLY)).isEqualTo(TRINO_ONLY_ANSWER);
            statement.execute("SET switchboard.dialect = postgres");
            assertThatThrownBy(() -> statement.executeQuery(TRINO_ONLY).close()).isInstanceOf(SQLException.class);
            statement.execute("RESET ALL");
            assertThat(show(statement, "switchboard.dialect")).isEqualTo("trino");
            assertThat(single(statement, TRINO_ONLY)).isEqualTo(TRINO_ONLY_ANSWER);
        }
        Properties options = new Properties();
        options.setProperty("options", "-c switchboard.dialect=trino");
        try (Connection connection = switchboard.connect(options); Statement statement = connection.createStatement()) {
            assertThat(show(statement, "switchboard.dialect")).isEqualTo("trino");
            assertThat(single(statement, TRINO_ONLY)).isEqualTo(TRINO_ONLY_ANSWER);
        }
    }

    @Test
    void showTranslationSendsANoticeWithStatusReasonAndTheSqlSent() throws SQLException {
        try (Connection connection = switchboard.connect(); Statement statement = connection.createStatement()) {
            statement.execute("SET switchboard.dialect = 'trino'");
            try (ResultSet rows = statement.executeQuery(TRINO_ONLY)) {
                rows.next();
            }
            assertThat((Object) statement.getWarnings()).as("no notice while show_translation is off").isNull();

            statement.execute("SET switchboard.show_translation = on");
            assertThat(show(statement, "switchboard.show_translation")).isEqualTo("on");
            try (ResultSet rows = statement.executeQuery(TRINO_ONLY)) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo(TRINO_ONLY_ANSWER);
            }
            PSQLWarning notice = (PSQLWarning) statement.getWarnings();
            assertThat((Object) notice).isNotNull();
            assertThat(notice.getServerErrorMessage().getSeverity()).isEqualTo("NOTICE");
            assertThat(notice.getMessage()).startsWith("translation TRANSLATED").contains("trino to duckdb")
                    .contains("source dialect trino, engine duckDb (duckdb/duckdb)");
            assertThat(notice.getServerErrorMessage().getDetail()).isEqualTo("SQL sent: " + TRINO_ONLY_SENT);

            statement.execute("SET switchboard.dialect = 'duckdb'");
            try (ResultSet rows = statement.executeQuery("SELECT approx_count_distinct(n_name) FROM nation")) {
                rows.next();
            }
            SQLWarning skipped = statement.getWarnings();
            assertThat(skipped.getMessage()).startsWith("translation SKIPPED: same dialect; source dialect duckdb");
            assertThat(((PSQLWarning) skipped).getServerErrorMessage().getDetail())
                    .isEqualTo("SQL sent: SELECT approx_count_distinct(n_name) FROM nation");
        }
    }

    // ---- PostgreSQL wire, psql ----

    @Test
    void psqlSetsTheDialectAndShowsTheTranslation() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/psql", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                "-h", "127.0.0.1", "-p", String.valueOf(switchboard.postgresAddress().getPort()), "-U", TestingSwitchboard.USER,
                "-d", "tpch",
                "-c", "SET switchboard.dialect = 'trino'",
                "-c", "SET switchboard.show_translation = on",
                "-c", "SHOW switchboard.dialect",
                "-c", TRINO_ONLY));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", TestingSwitchboard.PASSWORD);
        builder.environment().put("PGCONNECT_TIMEOUT", "10");
        builder.environment().put("PGSSLMODE", "disable");
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("psql did not finish within 120 seconds");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output.lines().toList()).contains("trino", TRINO_ONLY_ANSWER,
                "DETAIL:  SQL sent: " + TRINO_ONLY_SENT);
        assertThat(output).contains("NOTICE:  translation TRANSLATED").contains("trino to duckdb");
    }

    // ---- MCP ----

    @Test
    void mcpTakesADialectArgumentAndExplainShowsTheTranslation() {
        try (McpSyncClient client = mcp(AGENT_TOKEN)) {
            // The frontend's default is Trino (frontends.mcp.sourceDialect).
            assertThat(rows(call(client, "execute_query", Map.of("sql", TRINO_ONLY)))).containsExactly(List.of(TRINO_ONLY_ANSWER));
            McpSchema.CallToolResult asMySql = call(client, "execute_query", Map.of("sql", "SELECT 'it\\'s' AS s", "dialect", "mysql"));
            assertThat(rows(asMySql)).containsExactly(List.of("it's"));

            McpSchema.CallToolResult plan = call(client, "explain_query", Map.of("sql", "SELECT 'it\\'s' AS s", "dialect", "mysql"));
            assertThat(plan.isError()).isNotEqualTo(Boolean.TRUE);
            @SuppressWarnings("unchecked")
            Map<String, Object> translation = (Map<String, Object>) structured(plan).get("translation");
            assertThat(translation).containsEntry("status", "TRANSLATED").containsEntry("reason", "mysql to duckdb")
                    .containsEntry("source_dialect", "mysql").containsEntry("sql", "SELECT 'it''s' AS s");
            assertThat(text(plan)).contains("translation TRANSLATED (mysql to duckdb) from mysql").contains("SQL sent: SELECT 'it''s' AS s");

            McpSchema.CallToolResult unknown = call(client, "execute_query", Map.of("sql", "SELECT 1", "dialect", "cobol"));
            assertThat(unknown.isError()).isTrue();
            assertThat(text(unknown)).contains("unknown SQL dialect 'cobol'; known dialects are "
                    + String.join(", ", SourceDialects.knownNames()));

            for (String tool : List.of("execute_query", "explain_query")) {
                McpSchema.Tool described = client.listTools().tools().stream().filter(t -> t.name().equals(tool)).findFirst().orElseThrow();
                @SuppressWarnings("unchecked")
                Map<String, Object> dialect = (Map<String, Object>) ((Map<String, Object>) described.inputSchema().get("properties"))
                        .get("dialect");
                assertThat(dialect).as(tool).containsEntry("enum", SourceDialects.knownNames());
                assertThat((String) dialect.get("description")).contains("for this call only");
            }
        }
    }

    @Test
    void mcpUsesTheUsersConfiguredDialect() {
        try (McpSyncClient client = mcp(PGFAN_TOKEN)) {
            McpSchema.CallToolResult plan = call(client, "explain_query", Map.of("sql", "SELECT n_name::varchar FROM nation"));
            @SuppressWarnings("unchecked")
            Map<String, Object> translation = (Map<String, Object>) structured(plan).get("translation");
            assertThat(translation).containsEntry("source_dialect", "postgres").containsEntry("reason", "postgres to duckdb");
            // The call's argument still wins over the user's dialect.
            assertThat(rows(call(client, "execute_query", Map.of("sql", TRINO_ONLY, "dialect", "trino")))).containsExactly(List.of(TRINO_ONLY_ANSWER));
        }
    }

    // ---- helpers ----

    private static String show(Statement statement, String setting) throws SQLException {
        return single(statement, "SHOW " + setting);
    }

    private static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).as(sql).isTrue();
            return rows.getString(1);
        }
    }

    private McpSyncClient mcp(String token) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(switchboard.mcpBaseUrl())
                .endpoint(McpFrontend.ENDPOINT)
                .httpRequestCustomizer((builder, method, uri, body, context) -> builder.header("Authorization", "Bearer " + token))
                .build();
        McpSyncClient client = McpClient.sync(transport)
                .clientInfo(new McpSchema.Implementation("switchboard-dialect-tests", "1.0"))
                .requestTimeout(Duration.ofSeconds(120))
                .initializationTimeout(Duration.ofSeconds(30))
                .build();
        client.initialize();
        return client;
    }

    private static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> arguments) {
        return client.callTool(new McpSchema.CallToolRequest(tool, arguments));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> structured(McpSchema.CallToolResult result) {
        return (Map<String, Object>) result.structuredContent();
    }

    @SuppressWarnings("unchecked")
    private static List<List<Object>> rows(McpSchema.CallToolResult result) {
        assertThat(result.isError()).as(text(result)).isNotEqualTo(Boolean.TRUE);
        return (List<List<Object>>) structured(result).get("rows");
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }
}
