package io.switchboard.wire.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.feedback.QueryRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGConnection;

/** SET, SHOW, RESET, transaction control, DISCARD and COPY: answered by the frontend itself. */
final class PgjdbcSessionCommandsTest {
    private static WireTestServer server;

    @BeforeAll
    static void start() {
        server = WireTestServer.trust();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "preferQueryMode=simple", "prepareThreshold=1"})
    void setShowAndReset(String mode) throws SQLException {
        // assumeMinServerVersion makes pgjdbc send application_name in the startup packet, so it
        // becomes the session default that RESET returns to (a SET after connecting would not).
        try (Connection connection = server.connect(mode + (mode.isEmpty() ? "" : "&") + "ApplicationName=tests&assumeMinServerVersion=10");
                Statement statement = connection.createStatement()) {
            assertThat(show(statement, "application_name")).isEqualTo("tests");
            statement.execute("SET application_name = 'reporting job'");
            assertThat(show(statement, "application_name")).isEqualTo("reporting job");
            // pgjdbc follows the ParameterStatus message the change produced
            assertThat(connection.getClientInfo("ApplicationName")).isEqualTo("reporting job");
            statement.execute("SET search_path TO analytics, public");
            assertThat(show(statement, "search_path")).isEqualTo("analytics, public");
            statement.execute("SET my.custom_setting = 42");
            assertThat(show(statement, "my.custom_setting")).isEqualTo("42");
            statement.execute("RESET application_name");
            assertThat(show(statement, "application_name")).isEqualTo("tests");
            try (ResultSet rs = statement.executeQuery("SHOW DateStyle")) {
                assertThat(rs.getMetaData().getColumnName(1)).isEqualTo("DateStyle");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("ISO, MDY");
            }
            try (ResultSet rs = statement.executeQuery("SHOW ALL")) {
                List<String> names = new ArrayList<>();
                while (rs.next()) {
                    names.add(rs.getString("name"));
                }
                assertThat(names).contains("TimeZone", "server_version", "my.custom_setting");
            }
            assertThatThrownBy(() -> statement.execute("SET standard_conforming_strings = off"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22023"));
            assertThatThrownBy(() -> statement.execute("SET server_version = '9.0'"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("55P02"));
            assertThat(show(statement, "server_version")).isEqualTo(PostgresWireOptions.DEFAULT_SERVER_VERSION);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "preferQueryMode=simple"})
    void timeZoneChangesHowTimestampsAreShown(String mode) throws SQLException {
        try (Connection connection = server.connect(mode); Statement statement = connection.createStatement()) {
            statement.execute("SET TIME ZONE 'Asia/Kolkata'");
            assertThat(text(statement, "SELECT TIMESTAMPTZ '2024-01-01 00:00:00+00'")).isEqualTo("2024-01-01 05:30:00+05:30");
            statement.execute("SET TimeZone = 'UTC'");
            assertThat(text(statement, "SELECT TIMESTAMPTZ '2024-01-01 00:00:00+00'")).isEqualTo("2024-01-01 00:00:00+00");
            statement.execute("SET extra_float_digits = 0");
            assertThat(text(statement, "SELECT CAST(0.1 AS DOUBLE) * 3")).isEqualTo("0.3");
            statement.execute("SET extra_float_digits = 3");
            assertThat(text(statement, "SELECT CAST(0.1 AS DOUBLE) * 3")).isEqualTo("0.30000000000000004");
            assertThatThrownBy(() -> statement.execute("SET TIME ZONE 'Mars/Olympus_Mons'")).isInstanceOf(SQLException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "preferQueryMode=simple"})
    void unknownShowGoesToTheEngine(String mode) throws SQLException {
        try (Connection connection = server.connect(mode); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS shown_table (x INTEGER)");
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("SHOW TABLES")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertThat(tables).contains("shown_table");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "preferQueryMode=simple"})
    void transactionsAreAcknowledgedWithHonestWarnings(String mode) throws SQLException {
        String table = "tx_" + Math.abs(mode.hashCode());
        try (Connection connection = server.connect(mode); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + table + " (x INTEGER)");
            connection.setAutoCommit(false);
            statement.execute("INSERT INTO " + table + " VALUES (1)");
            // pgjdbc sent BEGIN with the statement; the notice about it lands on the statement
            assertThat(messages(statement.getWarnings())).anyMatch(m -> m.contains("runs each statement on its own"));
            connection.rollback();
            // The rollback cannot undo the insert, and says so.
            assertThat(messages(connection.getWarnings())).anyMatch(m -> m.contains("ROLLBACK undid nothing"));
            assertThat(text(statement, "SELECT count(*) FROM " + table)).isEqualTo("1");
            connection.commit();

            // An error fails the transaction block until it ends, as in PostgreSQL.
            assertThatThrownBy(() -> statement.execute("SELECT * FROM no_such_table")).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> statement.execute("SELECT 1"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25P02"));
            connection.rollback();
            assertThat(text(statement, "SELECT 2")).isEqualTo("2");
            connection.setAutoCommit(true);
            statement.execute("DROP TABLE " + table);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "preferQueryMode=simple"})
    void copyThroughTheClientIsRefusedClearly(String mode) throws SQLException {
        try (Connection connection = server.connect(mode); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS copy_target (x INTEGER)");
            assertThatThrownBy(() -> statement.execute("COPY copy_target FROM STDIN"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> {
                        assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000");
                        assertThat(e.getMessage()).contains("COPY FROM STDIN is not supported through Switchboard");
                    });
            assertThatThrownBy(() -> connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyOut("COPY (SELECT 1) TO STDOUT", java.io.OutputStream.nullOutputStream()))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("COPY TO STDOUT is not supported");
            assertThat(text(statement, "SELECT 'still usable'")).isEqualTo("still usable");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"prepareThreshold=1", "preferQueryMode=simple"})
    void discardAllResetsTheSession(String mode) throws SQLException {
        try (Connection connection = server.connect(mode); Statement statement = connection.createStatement()) {
            statement.execute("SET application_name = 'before discard'");
            try (PreparedStatement prepared = connection.prepareStatement("SELECT ?")) {
                prepared.setInt(1, 1);
                prepared.executeQuery().close();
                prepared.executeQuery().close();
            }
            statement.execute("DISCARD ALL");
            assertThat(show(statement, "application_name")).isEmpty();
            try (PreparedStatement prepared = connection.prepareStatement("SELECT ? + 1")) {
                prepared.setInt(1, 1);
                try (ResultSet rs = prepared.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(2);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "preferQueryMode=simple"})
    void settingsReachThePipelineAsSessionProperties(String mode) throws SQLException {
        try (Connection connection = server.connect(mode); Statement statement = connection.createStatement()) {
            statement.execute("SET statement_timeout = '30s'");
            statement.execute("SELECT 'properties-probe-" + mode.length() + "'");
        }
        QueryRecord record = server.feedback().records().stream()
                .filter(r -> r.sql().contains("properties-probe-" + mode.length())).findFirst().orElseThrow();
        assertThat(record.user()).isEqualTo(WireTestServer.USER);
        assertThat(record.database()).isEqualTo("analytics");
        assertThat(record.clientAddress()).startsWith("127.0.0.1:");
    }

    private static String show(Statement statement, String name) throws SQLException {
        return text(statement, "SHOW " + name);
    }

    private static String text(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private static List<String> messages(SQLWarning warning) {
        List<String> messages = new ArrayList<>();
        for (SQLWarning current = warning; current != null; current = current.getNextWarning()) {
            messages.add(current.getMessage());
        }
        return messages;
    }
}
