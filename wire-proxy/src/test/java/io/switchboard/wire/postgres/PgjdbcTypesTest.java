package io.switchboard.wire.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.util.PGInterval;

/**
 * Every type the frontend maps, read by pgjdbc in each of its modes: text results (unnamed
 * statements), binary results (server-prepared statements, prepareThreshold=-1), the simple
 * protocol, and parameters sent back and forth.
 */
final class PgjdbcTypesTest {
    private static WireTestServer server;

    @BeforeAll
    static void start() {
        server = WireTestServer.trust();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static final String ALL_TYPES = """
            SELECT true AS b, CAST(-7 AS SMALLINT) AS i2, CAST(2147483647 AS INTEGER) AS i4,
                   CAST(-9223372036854775808 AS BIGINT) AS i8, CAST(1.5 AS REAL) AS f4, CAST(0.1 AS DOUBLE) AS f8,
                   CAST(-12345.678 AS DECIMAL(10,3)) AS dec, 'héllo, "world"' AS txt, CAST('abc' AS VARCHAR(10)) AS vc,
                   DATE '2024-02-29' AS d, TIME '12:34:56.789' AS t, TIMESTAMP '2024-02-29 12:34:56.123456' AS ts,
                   TIMESTAMPTZ '2024-02-29 12:34:56.5+02' AS tstz, INTERVAL '1 year 2 months 3 days 04:05:06' AS iv,
                   '\\x00\\xFF\\x10'::BLOB AS bin, UUID '4a1f52e4-2b7c-4e6f-9f0b-3b2b7ff0a001' AS id,
                   '{"a": [1, 2]}'::JSON AS js, [1, 2, NULL] AS ints, ['a b', NULL, 'c"d'] AS strs,
                   CAST(NULL AS INTEGER) AS nothing, CAST(170141183460469231731687303715884105727 AS HUGEINT) AS huge
            """;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "prepareThreshold=-1", "preferQueryMode=simple", "preferQueryMode=extendedForPrepared",
            "binaryTransfer=false", "prepareThreshold=-1&binaryTransfer=false"})
    void everyTypeReadsBack(String mode) throws SQLException {
        try (Connection connection = server.connect(mode)) {
            for (int round = 0; round < 3; round++) { // later rounds use the server-prepared, binary path
                try (PreparedStatement statement = connection.prepareStatement(ALL_TYPES); ResultSet rs = statement.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertRow(rs);
                    if (mode.equals("prepareThreshold=-1")) {
                        // pgjdbc asked for binary results: it prints binary array elements quoted, which shows the path taken
                        assertThat(rs.getString("ints")).isEqualTo("{\"1\",\"2\",NULL}");
                    }
                    assertThat(rs.next()).isFalse();
                }
            }
            try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(ALL_TYPES)) {
                assertThat(rs.next()).isTrue();
                assertRow(rs);
            }
        }
    }

    private static void assertRow(ResultSet rs) throws SQLException {
        assertThat(rs.getBoolean("b")).isTrue();
        assertThat(rs.getShort("i2")).isEqualTo((short) -7);
        assertThat(rs.getInt("i4")).isEqualTo(Integer.MAX_VALUE);
        assertThat(rs.getLong("i8")).isEqualTo(Long.MIN_VALUE);
        assertThat(rs.getFloat("f4")).isEqualTo(1.5f);
        assertThat(rs.getDouble("f8")).isEqualTo(0.1);
        assertThat(rs.getBigDecimal("dec")).isEqualByComparingTo(new BigDecimal("-12345.678"));
        assertThat(rs.getBigDecimal("dec").scale()).isEqualTo(3);
        assertThat(rs.getString("txt")).isEqualTo("héllo, \"world\"");
        assertThat(rs.getString("vc")).isEqualTo("abc");
        assertThat(rs.getObject("d", LocalDate.class)).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(rs.getObject("t", LocalTime.class)).isEqualTo(LocalTime.of(12, 34, 56, 789_000_000));
        assertThat(rs.getObject("ts", LocalDateTime.class)).isEqualTo(LocalDateTime.of(2024, 2, 29, 12, 34, 56, 123_456_000));
        assertThat(rs.getObject("tstz", OffsetDateTime.class).toInstant())
                .isEqualTo(OffsetDateTime.of(2024, 2, 29, 12, 34, 56, 500_000_000, ZoneOffset.ofHours(2)).toInstant());
        // getObject() asks pg_type about the type first: answered through the catalog rewriter
        PGInterval interval = (PGInterval) rs.getObject("iv");
        assertThat(interval.getYears()).isEqualTo(1);
        assertThat(interval.getMonths()).isEqualTo(2);
        assertThat(interval.getDays()).isEqualTo(3);
        assertThat(interval.getHours()).isEqualTo(4);
        assertThat(interval.getMinutes()).isEqualTo(5);
        assertThat(interval.getSeconds()).isEqualTo(6.0);
        assertThat(rs.getBytes("bin")).containsExactly(0x00, 0xFF, 0x10);
        assertThat(rs.getObject("id")).isEqualTo(UUID.fromString("4a1f52e4-2b7c-4e6f-9f0b-3b2b7ff0a001"));
        assertThat(rs.getString("js")).isEqualTo("{\"a\": [1, 2]}");
        // (pgjdbc prints a binary array's elements quoted: {"1","2",NULL})
        assertThat(rs.getString("ints").replace("\"", "")).isEqualTo("{1,2,NULL}");
        assertThat(rs.getString("strs")).isEqualTo("{\"a b\",NULL,\"c\\\"d\"}");
        // getArray() asks pg_type about the element type first: answered through the catalog rewriter
        assertThat((Object[]) rs.getArray("ints").getArray()).containsExactly(1, 2, null);
        assertThat((Object[]) rs.getArray("strs").getArray()).containsExactly("a b", null, "c\"d");
        assertThat(rs.getObject("nothing")).isNull();
        assertThat(rs.wasNull()).isTrue();
        assertThat(rs.getBigDecimal("huge")).isEqualTo(new BigDecimal("170141183460469231731687303715884105727"));

        ResultSetMetaData meta = rs.getMetaData();
        assertThat(meta.getColumnTypeName(1)).isEqualTo("bool");
        assertThat(meta.getColumnTypeName(2)).isEqualTo("int2");
        assertThat(meta.getColumnTypeName(3)).isEqualTo("int4");
        assertThat(meta.getColumnTypeName(4)).isEqualTo("int8");
        assertThat(meta.getColumnTypeName(5)).isEqualTo("float4");
        assertThat(meta.getColumnTypeName(6)).isEqualTo("float8");
        assertThat(meta.getColumnTypeName(7)).isEqualTo("numeric");
        assertThat(meta.getPrecision(7)).isEqualTo(10);
        assertThat(meta.getScale(7)).isEqualTo(3);
        assertThat(meta.getColumnTypeName(9)).isEqualTo("varchar"); // DuckDB keeps no VARCHAR length
        assertThat(meta.getColumnTypeName(10)).isEqualTo("date");
        assertThat(meta.getColumnTypeName(11)).isEqualTo("time");
        assertThat(meta.getColumnTypeName(12)).isEqualTo("timestamp");
        assertThat(meta.getColumnTypeName(13)).isEqualTo("timestamptz");
        assertThat(meta.getColumnTypeName(14)).isEqualTo("interval");
        assertThat(meta.getColumnTypeName(15)).isEqualTo("bytea");
        assertThat(meta.getColumnTypeName(16)).isEqualTo("uuid");
        assertThat(meta.getColumnTypeName(17)).isEqualTo("json");
        assertThat(meta.getColumnTypeName(18)).isEqualTo("_int4");
        assertThat(meta.getColumnTypeName(19)).isEqualTo("_varchar");
        assertThat(meta.getColumnLabel(1)).isEqualTo("b");
    }
}
