package io.switchboard.testkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The shared PostgreSQL answers over TCP with a password and holds TPC-H; a private one stops and starts. */
final class PostgresServerTest {
    @Test
    void sharedServerHoldsTpchAtScale001() throws SQLException {
        PostgresServer server = PostgresServer.sharedTpch();
        assertThat(PostgresServer.sharedTpch()).isSameAs(server);
        try (Connection connection = server.connect(PostgresServer.TPCH_DATABASE);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT (SELECT count(*) FROM lineitem), (SELECT count(*) FROM orders), "
                        + "(SELECT count(*) FROM nation), inet_server_addr()::text")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getLong(1)).isEqualTo(60_175L);
            assertThat(result.getLong(2)).isEqualTo(15_000L);
            assertThat(result.getLong(3)).isEqualTo(25L);
            assertThat(result.getString(4)).startsWith("127.0.0.1");
        }
        assertThat(server.tpchJdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + server.port() + "/tpch");
    }

    @Test
    void rejectsAWrongPassword() {
        PostgresServer server = PostgresServer.sharedTpch();
        Properties properties = new Properties();
        properties.setProperty("user", server.user());
        properties.setProperty("password", "wrong");
        assertThatThrownBy(() -> java.sql.DriverManager.getConnection(server.jdbcUrl("postgres"), properties).close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
    }

    @Test
    void privateServerStopsAndStartsAgainOnTheSamePort() throws SQLException {
        try (PostgresServer server = PostgresServer.startNew()) {
            int port = server.port();
            server.stop();
            assertThat(server.isRunning()).isFalse();
            assertThatThrownBy(() -> server.connect("postgres").close()).isInstanceOf(SQLException.class);
            server.start();
            assertThat(server.port()).isEqualTo(port);
            try (Connection connection = server.connect("postgres"); Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery("SELECT 41 + 1")) {
                assertThat(result.next()).isTrue();
                assertThat(result.getInt(1)).isEqualTo(42);
            }
        }
    }
}
