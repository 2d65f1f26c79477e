package io.switchboard.testkit.mariadb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The shared MariaDB answers over TCP with a password and holds TPC-H; a private one stops and starts. */
final class MariaDbServerTest {
    @Test
    void sharedServerHoldsTpchAtScale001() throws SQLException {
        MariaDbServer server = MariaDbServer.sharedTpch();
        assertThat(MariaDbServer.sharedTpch()).isSameAs(server);
        try (Connection connection = server.connect(MariaDbServer.TPCH_DATABASE);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT (SELECT count(*) FROM lineitem), (SELECT count(*) FROM orders), "
                        + "(SELECT count(*) FROM nation), version()")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getLong(1)).isEqualTo(60_175L);
            assertThat(result.getLong(2)).isEqualTo(15_000L);
            assertThat(result.getLong(3)).isEqualTo(25L);
            assertThat(result.getString(4)).contains("MariaDB");
        }
    }

    @Test
    void privateServerStopsAndStartsAgainOnTheSamePort() throws SQLException {
        try (MariaDbServer server = MariaDbServer.startNew()) {
            server.stop();
            assertThat(server.isRunning()).isFalse();
            assertThatThrownBy(() -> server.connect(MariaDbServer.TPCH_DATABASE).close()).isInstanceOf(SQLException.class);
            server.start();
            try (Connection connection = server.connect(MariaDbServer.TPCH_DATABASE);
                    Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery("SELECT 41 + 1")) {
                assertThat(result.next()).isTrue();
                assertThat(result.getInt(1)).isEqualTo(42);
            }
        }
    }
}
