package io.switchboard.wire.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.feedback.QueryOutcome;
import io.switchboard.core.feedback.QueryRecord;
import java.sql.Connection;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The extended query protocol as pgjdbc drives it: server-prepared statements, Describe, portals fetched in pieces. */
final class PgjdbcExtendedQueryTest {
    private static WireTestServer server;

    @BeforeAll
    static void start() throws SQLException {
        server = WireTestServer.trust();
        try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE items (id INTEGER, name VARCHAR, price DECIMAL(10,2))");
            statement.execute("INSERT INTO items SELECT i, 'item ' || i, i * 1.5 FROM range(1, 101) t(i)");
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"prepareThreshold=1", "prepareThreshold=5", "prepareThreshold=0", "preferQueryMode=extendedForPrepared",
            "preferQueryMode=extendedCacheEverything", "preferQueryMode=simple"})
    void preparedStatementsRunRepeatedly(String mode) throws SQLException {
        try (Connection connection = server.connect(mode);
                PreparedStatement statement = connection.prepareStatement("SELECT id, name, price FROM items WHERE id BETWEEN ? AND ? ORDER BY id")) {
            for (int round = 1; round <= 8; round++) {
                statement.setInt(1, round);
                statement.setInt(2, round + 2);
                try (ResultSet rs = statement.executeQuery()) {
                    for (int id = round; id <= round + 2; id++) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getInt("id")).isEqualTo(id);
                        assertThat(rs.getString("name")).isEqualTo("item " + id);
                        assertThat(rs.getBigDecimal("price")).isEqualByComparingTo(String.valueOf(id * 1.5));
                    }
                    assertThat(rs.next()).isFalse();
                }
            }
        }
    }

    @Test
    void metadataBeforeExecutionDescribesTheStatement() throws SQLException {
        try (Connection connection = server.connect("prepareThreshold=1");
                PreparedStatement statement = connection.prepareStatement("SELECT id, name, price FROM items WHERE id = ? AND name = ?")) {
            ResultSetMetaData meta = statement.getMetaData();
            assertThat(meta.getColumnCount()).isEqualTo(3);
            assertThat(meta.getColumnName(1)).isEqualTo("id");
            assertThat(meta.getColumnTypeName(1)).isEqualTo("int4");
            assertThat(meta.getColumnTypeName(2)).isEqualTo("varchar");
            assertThat(meta.getColumnTypeName(3)).isEqualTo("numeric");
            assertThat(meta.getPrecision(3)).isEqualTo(10);
            assertThat(meta.getScale(3)).isEqualTo(2);
            ParameterMetaData parameters = statement.getParameterMetaData();
            assertThat(parameters.getParameterCount()).isEqualTo(2);
            assertThat(parameters.getParameterType(1)).isEqualTo(Types.INTEGER);
            assertThat(parameters.getParameterType(2)).isEqualTo(Types.VARCHAR);
            // Describing ran nothing: no query was recorded for it.
            assertThat(server.feedback().records()).noneMatch(r -> r.sql().contains("name = "));
            statement.setInt(1, 7);
            statement.setString(2, "item 7");
            try (ResultSet rs = statement.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBigDecimal("price")).isEqualByComparingTo("10.50");
            }
        }
    }

    @Test
    void fetchSizeStreamsThePortalInPieces() throws Exception {
        try (Connection connection = server.connect()) {
            connection.setAutoCommit(false); // pgjdbc fetches in pieces only inside a transaction block
            try (Statement statement = connection.createStatement()) {
                statement.setFetchSize(100);
                try (ResultSet rs = statement.executeQuery("SELECT i, 'x' || i AS label FROM range(200000) t(i) /* fetch-size */")) {
                    for (int i = 0; i < 150; i++) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getLong(1)).isEqualTo(i);
                    }
                    // The portal is suspended on the server: the query is still open, not yet recorded.
                    assertThat(recordsOf("fetch-size")).isEmpty();
                    assertThat(server.registry().get("switchboard.queries.running").gauge().value()).isEqualTo(1.0);
                    long count = 150;
                    while (rs.next()) {
                        assertThat(rs.getLong(1)).isEqualTo(count);
                        count++;
                    }
                    assertThat(count).isEqualTo(200_000);
                }
            }
            connection.commit();
        }
        List<QueryRecord> records = recordsOf("fetch-size");
        assertThat(records).hasSize(1);
        assertThat(records.get(0).outcome()).isEqualTo(QueryOutcome.SUCCEEDED);
        assertThat(records.get(0).rows()).isEqualTo(200_000);
    }

    @Test
    void closingAResultSetEarlyReleasesTheQuery() throws Exception {
        try (Connection connection = server.connect()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.setFetchSize(10);
                try (ResultSet rs = statement.executeQuery("SELECT i FROM range(1000000) t(i) /* closed-early */")) {
                    assertThat(rs.next()).isTrue();
                }
            }
            connection.commit(); // ends the transaction block: its portals close
        }
        assertThat(recordsOf("closed-early")).singleElement().satisfies(r -> assertThat(r.rows()).isLessThan(1_000_000));
    }

    @Test
    void commandTagsCarryRowCounts() throws SQLException {
        try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
            assertThat(statement.executeUpdate("CREATE TABLE tags (id INTEGER, v VARCHAR)")).isEqualTo(0);
            assertThat(statement.executeUpdate("INSERT INTO tags SELECT i, 'v' FROM range(5) t(i)")).isEqualTo(5);
            assertThat(statement.executeUpdate("UPDATE tags SET v = 'w' WHERE id < 3")).isEqualTo(3);
            assertThat(statement.executeUpdate("DELETE FROM tags WHERE id = 4")).isEqualTo(1);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO tags VALUES (?, ?)")) {
                for (int i = 10; i < 13; i++) {
                    insert.setInt(1, i);
                    insert.setString(2, "batch");
                    insert.addBatch();
                }
                assertThat(insert.executeBatch()).containsExactly(1, 1, 1);
            }
            assertThat(statement.executeUpdate("DROP TABLE tags")).isEqualTo(0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "reWriteBatchedInserts=true", "prepareThreshold=1&binaryTransfer=false"})
    void largeBatchesArePipelined(String mode) throws SQLException {
        String table = "batch_" + Math.abs(mode.hashCode());
        try (Connection connection = server.connect(mode); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + table + " (id BIGINT, label VARCHAR, amount DOUBLE)");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?)")) {
                for (int i = 0; i < 5_000; i++) {
                    insert.setLong(1, i);
                    insert.setString(2, "row " + i + " with a 'quote'");
                    insert.setDouble(3, i / 4.0);
                    insert.addBatch();
                }
                int[] counts = insert.executeBatch();
                assertThat(java.util.Arrays.stream(counts).map(c -> c == Statement.SUCCESS_NO_INFO ? 1 : c).sum()).isEqualTo(5_000);
            }
            try (ResultSet rs = statement.executeQuery("SELECT count(*), sum(amount), max(label) FROM " + table
                    + " WHERE label LIKE '%''quote'''")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(5_000);
                assertThat(rs.getDouble(2)).isEqualTo(5_000 * 4_999 / 8.0);
            }
        }
    }

    @Test
    void generatedKeysAndMaxRows() throws SQLException {
        try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE keyed (id INTEGER, name VARCHAR)");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO keyed VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                insert.setInt(1, 5);
                insert.setString(2, "five");
                assertThat(insert.executeUpdate()).isEqualTo(1);
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    assertThat(keys.next()).isTrue();
                    assertThat(keys.getInt("id")).isEqualTo(5);
                }
            }
            statement.setMaxRows(3);
            try (ResultSet rs = statement.executeQuery("SELECT i FROM range(1000) t(i) /* max-rows */")) {
                int rows = 0;
                while (rs.next()) {
                    rows++;
                }
                assertThat(rows).isEqualTo(3);
            }
        }
        // Reading part of a result is not a failure.
        assertThat(recordsOf("max-rows")).singleElement().satisfies(r -> assertThat(r.outcome()).isEqualTo(QueryOutcome.SUCCEEDED));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "preferQueryMode=simple"})
    void severalStatementsInOneCall(String mode) throws SQLException {
        try (Connection connection = server.connect(mode); Statement statement = connection.createStatement()) {
            assertThat(statement.execute("SELECT 1 AS a; SELECT 'two' AS b; SELECT 3 AS c")).isTrue();
            try (ResultSet rs = statement.getResultSet()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
            assertThat(statement.getMoreResults()).isTrue();
            try (ResultSet rs = statement.getResultSet()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("two");
            }
            assertThat(statement.getMoreResults()).isTrue();
            assertThat(statement.getMoreResults()).isFalse();
            // The first error stops the rest, as in PostgreSQL.
            assertThatThrownBy(() -> statement.execute("SELECT 1; SELECT * FROM missing_table; CREATE TABLE never_created (x INT)"))
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM never_created")).isInstanceOf(SQLException.class);
        }
    }

    @Test
    void emptyQueriesAndValidity() throws SQLException {
        try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
            assertThat(statement.execute("")).isFalse();
            assertThat(statement.execute(" ; -- nothing")).isFalse();
            assertThat(connection.isValid(5)).isTrue();
        }
    }

    @Test
    void errorsInTheExtendedProtocolSkipToSync() throws SQLException {
        try (Connection connection = server.connect("prepareThreshold=1")) {
            for (int round = 0; round < 3; round++) {
                try (PreparedStatement statement = connection.prepareStatement("SELECT ? * 1000000000 AS q")) {
                    statement.setInt(1, 5); // overflows INTEGER on the engine
                    assertThatThrownBy(statement::executeQuery).isInstanceOf(SQLException.class)
                            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22003"));
                    statement.setInt(1, 2);
                    try (ResultSet rs = statement.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getLong(1)).isEqualTo(2_000_000_000L);
                    }
                }
            }
        }
    }

    private static List<QueryRecord> recordsOf(String marker) {
        return server.feedback().records().stream().filter(r -> r.sql().contains(marker)).toList();
    }
}
