package io.switchboard.wire.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

final class PgjdbcBasicsTest {
    private static WireTestServer server;

    @BeforeAll
    static void start() {
        server = WireTestServer.trust();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void simpleSelect() throws SQLException {
        try (Connection connection = server.connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT 42 AS answer, 'hello' AS greeting")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt("answer")).isEqualTo(42);
            assertThat(rs.getString("greeting")).isEqualTo("hello");
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void preparedStatementWithParameters() throws SQLException {
        try (Connection connection = server.connect();
                PreparedStatement statement = connection.prepareStatement("SELECT ? + 1 AS n, ? AS s")) {
            statement.setInt(1, 41);
            statement.setString(2, "it's");
            try (ResultSet rs = statement.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
                assertThat(rs.getString(2)).isEqualTo("it's");
            }
        }
    }

    @Test
    void errorLeavesConnectionUsable() throws SQLException {
        try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM no_such_table"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42P01"));
            try (ResultSet rs = statement.executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }
}
