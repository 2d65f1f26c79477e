package io.switchboard.wire.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parameters of every type travel from pgjdbc (text or binary, typed or not) into the SQL the
 * engine runs, and come back unchanged — including strings built to break out of a literal.
 */
final class PgjdbcParametersTest {
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static WireTestServer server;

    @BeforeAll
    static void start() {
        server = WireTestServer.trust();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static final String NASTY = "it's a \"test\" \\ with backslash', $1 -- and $$ dollars; DROP TABLE x; /* */";
    private static final BigDecimal BIG = new BigDecimal("-12345678901234567890.123456789");
    /**
     * In simple mode pgjdbc writes the literals itself, as PostgreSQL reads them: {@code '...'::numeric}
     * and {@code '\x..'::bytea}. DuckDB reads NUMERIC as DECIMAL(18,3) and a bytea escape per byte,
     * so those two need translation (sqlglot), not the frontend: in that mode the test uses a
     * decimal DuckDB reads the same way and sends no bytes.
     */
    private static final BigDecimal SMALL = new BigDecimal("-1234567.125");
    private static final LocalDateTime TIMESTAMP = LocalDateTime.of(2024, 2, 29, 23, 59, 58, 123_456_000);
    private static final OffsetDateTime TIMESTAMPTZ = OffsetDateTime.of(2023, 12, 31, 22, 30, 0, 500_000_000, ZoneOffset.ofHours(-5));
    private static final UUID ID = UUID.fromString("00000000-0000-0000-8000-00000000abcd");
    private static final byte[] BYTES = {0, 1, -1, 39, 92, 120};

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "prepareThreshold=-1", "prepareThreshold=1", "preferQueryMode=simple",
            "preferQueryMode=extendedForPrepared", "binaryTransfer=false", "stringtype=unspecified"})
    void parametersRoundTripThroughATable(String mode) throws SQLException {
        String table = "params_" + TABLES.incrementAndGet();
        boolean simple = mode.equals("preferQueryMode=simple");
        BigDecimal decimal = simple ? SMALL : BIG;
        byte[] bytes = simple ? null : BYTES;
        try (Connection connection = server.connect(mode)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE " + table + " (id INTEGER, b BOOLEAN, i2 SMALLINT, i4 INTEGER, i8 BIGINT, f4 REAL,"
                        + " f8 DOUBLE, dec DECIMAL(38,9), txt VARCHAR, d DATE, t TIME, ts TIMESTAMP, tstz TIMESTAMPTZ, bin BLOB,"
                        + " u UUID, n INTEGER)");
            }
            String insert = "INSERT INTO " + table + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
            for (int round = 1; round <= 3; round++) { // the later rounds run on a server-prepared statement
                try (PreparedStatement statement = connection.prepareStatement(insert)) {
                    statement.setInt(1, round);
                    statement.setBoolean(2, true);
                    statement.setShort(3, Short.MIN_VALUE);
                    statement.setInt(4, -42);
                    statement.setLong(5, Long.MAX_VALUE);
                    statement.setFloat(6, 1.25f);
                    statement.setDouble(7, -0.1);
                    statement.setBigDecimal(8, decimal);
                    statement.setString(9, NASTY);
                    statement.setObject(10, LocalDate.of(2024, 2, 29));
                    statement.setObject(11, LocalTime.of(13, 14, 15, 160_000_000));
                    statement.setObject(12, TIMESTAMP);
                    statement.setObject(13, TIMESTAMPTZ);
                    statement.setBytes(14, bytes);
                    statement.setObject(15, ID);
                    statement.setNull(16, Types.INTEGER);
                    assertThat(statement.executeUpdate()).isEqualTo(1);
                }
            }
            try (PreparedStatement statement = connection.prepareStatement("SELECT * FROM " + table + " WHERE txt = ? ORDER BY id")) {
                statement.setString(1, NASTY);
                try (ResultSet rs = statement.executeQuery()) {
                    for (int round = 1; round <= 3; round++) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getInt("id")).isEqualTo(round);
                        assertThat(rs.getBoolean("b")).isTrue();
                        assertThat(rs.getShort("i2")).isEqualTo(Short.MIN_VALUE);
                        assertThat(rs.getInt("i4")).isEqualTo(-42);
                        assertThat(rs.getLong("i8")).isEqualTo(Long.MAX_VALUE);
                        assertThat(rs.getFloat("f4")).isEqualTo(1.25f);
                        assertThat(rs.getDouble("f8")).isEqualTo(-0.1);
                        assertThat(rs.getBigDecimal("dec")).isEqualByComparingTo(decimal);
                        assertThat(rs.getString("txt")).isEqualTo(NASTY);
                        assertThat(rs.getObject("d", LocalDate.class)).isEqualTo(LocalDate.of(2024, 2, 29));
                        assertThat(rs.getObject("t", LocalTime.class)).isEqualTo(LocalTime.of(13, 14, 15, 160_000_000));
                        assertThat(rs.getObject("ts", LocalDateTime.class)).isEqualTo(TIMESTAMP);
                        assertThat(rs.getObject("tstz", OffsetDateTime.class).toInstant()).isEqualTo(TIMESTAMPTZ.toInstant());
                        assertThat(rs.getBytes("bin")).isEqualTo(bytes);
                        assertThat(rs.getObject("u")).isEqualTo(ID);
                        assertThat(rs.getObject("n")).isNull();
                    }
                    assertThat(rs.next()).isFalse();
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "prepareThreshold=-1", "preferQueryMode=simple", "binaryTransfer=false"})
    void parametersEchoBack(String mode) throws SQLException {
        byte[] bytes = mode.equals("preferQueryMode=simple") ? null : BYTES;
        try (Connection connection = server.connect(mode);
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT ? AS s, ? AS i, ? AS l, ? AS d, ? AS n, ? AS bin, ? AS dt, ? AS ts, ? AS flag, ? - 1 AS minus")) {
            for (int round = 0; round < 3; round++) {
                statement.setString(1, NASTY);
                statement.setInt(2, Integer.MIN_VALUE);
                statement.setLong(3, -1L);
                statement.setDouble(4, Double.MAX_VALUE);
                statement.setBigDecimal(5, new BigDecimal("1E+3"));
                statement.setBytes(6, bytes);
                statement.setDate(7, Date.valueOf("2020-01-02"));
                statement.setTimestamp(8, Timestamp.valueOf("2020-01-02 03:04:05.678"));
                statement.setBoolean(9, false);
                statement.setInt(10, -5); // "? - 1" must not become "-5 - 1" read as a comment or "--"
                try (ResultSet rs = statement.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString("s")).isEqualTo(NASTY);
                    assertThat(rs.getInt("i")).isEqualTo(Integer.MIN_VALUE);
                    assertThat(rs.getLong("l")).isEqualTo(-1L);
                    assertThat(rs.getDouble("d")).isEqualTo(Double.MAX_VALUE);
                    assertThat(rs.getBigDecimal("n")).isEqualByComparingTo("1000");
                    assertThat(rs.getBytes("bin")).isEqualTo(bytes);
                    assertThat(rs.getDate("dt")).isEqualTo(Date.valueOf("2020-01-02"));
                    assertThat(rs.getTimestamp("ts")).isEqualTo(Timestamp.valueOf("2020-01-02 03:04:05.678"));
                    assertThat(rs.getBoolean("flag")).isFalse();
                    assertThat(rs.getInt("minus")).isEqualTo(-6);
                }
            }
        }
    }
}
