package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.postgres.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pgjdbc prepared statement through the PostgreSQL frontend to a PostgreSQL cluster reaches
 * PostgreSQL as a prepared statement with its parameters apart, unless a guard changed its text.
 * The cluster has one connection, so {@code pg_prepared_statements} read through Switchboard
 * shows what that backend holds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class PostgresPreparedPassThroughTest {
    @TempDir
    static Path dataDirectory;

    private TestingSwitchboard switchboard;

    @BeforeAll
    void start() {
        PostgresServer server = PostgresServer.sharedTpch();
        switchboard = new TestingSwitchboard("""
                switchboard:
                  bindAddress: 127.0.0.1
                  frontends:
                    postgresWire: {enabled: true, authMethod: scram-sha-256}
                  adminApi: {enabled: false}
                  persistence: {type: inMemory}
                auth:
                  provider: static
                  staticUsers:
                    users:
                      switchboard: {password: switchboard}
                      limited: {password: limited}
                guardrails:
                  users:
                    limited:
                      - type: rowLimit
                        maxRows: 1000
                clusters:
                  pg:
                    engine: postgres
                    endpoint: %s
                    user: %s
                    password: ${PG_PASSWORD}
                    poolSize: 1
                clusterGroups:
                  pg: {members: [pg], maxRunningQueries: 1}
                routingFallback: pg
                """.formatted(server.endpoint(PostgresServer.TPCH_DATABASE), server.user()),
                Map.of("PG_PASSWORD", server.password()), dataDirectory);
    }

    @AfterAll
    void stop() {
        if (switchboard != null) {
            switchboard.close();
        }
    }

    @Test
    void runsAPreparedStatementAsOnePreparedStatementOnPostgres() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection connection = switchboard.connect();
                PreparedStatement lookup = connection.prepareStatement("SELECT n_name FROM nation WHERE n_nationkey = ?")) {
            for (long key = 0; key < 8; key++) {
                lookup.setLong(1, key);
                try (ResultSet result = lookup.executeQuery()) {
                    assertThat(result.next()).isTrue();
                    names.add(result.getString(1));
                }
            }
            assertThat(names).startsWith("ALGERIA", "ARGENTINA", "BRAZIL");
            // pgjdbc uses an unnamed statement for the first four executions and its own named one after: both reach one statement.
            assertThat(prepared(connection, "n_nationkey")).containsExactly("SELECT n_name FROM nation WHERE n_nationkey = $1 | 8");
        }
    }

    @Test
    void sendsTheTextWhenAGuardRewroteIt() throws SQLException {
        try (Connection connection = switchboard.connect("limited", "limited", new java.util.Properties());
                PreparedStatement lookup = connection.prepareStatement("SELECT n_name FROM nation WHERE n_regionkey = ?")) {
            lookup.setLong(1, 1);
            int rows = 0;
            try (ResultSet result = lookup.executeQuery()) {
                while (result.next()) {
                    rows++;
                }
            }
            assertThat(rows).isEqualTo(5);
            assertThat(prepared(connection, "n_regionkey")).isEmpty();
        }
        // The same statement from a user without the guard goes apart.
        try (Connection connection = switchboard.connect();
                PreparedStatement lookup = connection.prepareStatement("SELECT n_name FROM nation WHERE n_regionkey = ?")) {
            lookup.setLong(1, 1);
            try (ResultSet result = lookup.executeQuery()) {
                assertThat(result.next()).isTrue();
            }
            assertThat(prepared(connection, "n_regionkey")).containsExactly("SELECT n_name FROM nation WHERE n_regionkey = $1 | 1");
        }
    }

    /** Switchboard's prepared statements on the cluster's one backend that mention a column: text and executions. */
    private static List<String> prepared(Connection connection, String column) throws SQLException {
        List<String> statements = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT statement, custom_plans + generic_plans FROM pg_prepared_statements "
                        + "WHERE name LIKE 'switchboard\\_%' AND strpos(statement, '" + column + "') > 0 ORDER BY prepare_time")) {
            while (result.next()) {
                statements.add(result.getString(1) + " | " + result.getLong(2));
            }
        }
        return statements;
    }
}
