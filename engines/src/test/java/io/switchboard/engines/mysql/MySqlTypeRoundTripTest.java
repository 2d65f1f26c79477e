package io.switchboard.engines.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.engine.Engine;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.result.Column;
import io.switchboard.core.result.ResultStream;
import io.switchboard.core.types.DataType;
import io.switchboard.core.types.TypeKind;
import io.switchboard.engines.testing.EngineTesting;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Values of MariaDB's types written to a table and read back through the MySQL adapter. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class MySqlTypeRoundTripTest {
    private Engine engine;

    @BeforeAll
    void start() {
        engine = MariaDbTesting.tpchEngine("");
        EngineTesting.update(engine, "DROP TABLE IF EXISTS type_round_trip");
        EngineTesting.update(engine, """
                CREATE TABLE type_round_trip (
                  b BOOLEAN, ti TINYINT, tu TINYINT UNSIGNED, s SMALLINT, i INT, iu INT UNSIGNED, l BIGINT,
                  lu BIGINT UNSIGNED, f FLOAT, d DOUBLE, n DECIMAL(12,3), c CHAR(4), v VARCHAR(10), t TEXT,
                  bin VARBINARY(8), bl BLOB, dt DATE, tm TIME(3), dtm DATETIME(6), ts TIMESTAMP(3) NULL, y YEAR,
                  bit1 BIT(1), e ENUM('red', 'green'))""");
        EngineTesting.update(engine, """
                INSERT INTO type_round_trip VALUES
                  (TRUE, -128, 255, -32768, 2147483647, 4294967295, -9223372036854775808, 18446744073709551615,
                   1.5, 2.25, -123456789.125, 'ab', 'héllo', 'text with ''quotes''', x'00ff10', x'0102',
                   '2024-02-29', '23:59:58.123', '1999-12-31 23:59:59.999999', '2024-02-29 10:00:00.500', 2024,
                   b'1', 'green'),
                  (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                   NULL, NULL, NULL, NULL, NULL, NULL, NULL)""");
    }

    @AfterAll
    void close() {
        if (engine != null) {
            EngineTesting.update(engine, "DROP TABLE IF EXISTS type_round_trip");
            engine.close();
        }
    }

    @Test
    void mapsEveryColumnToItsNeutralType() {
        try (ResultStream stream = engine.execute(EngineTesting.query("SELECT * FROM type_round_trip"))) {
            List<DataType> types = stream.columns().stream().map(Column::type).toList();
            assertThat(types).extracting(DataType::kind).containsExactly(
                    TypeKind.BOOLEAN, TypeKind.TINYINT, TypeKind.SMALLINT, TypeKind.SMALLINT, TypeKind.INTEGER,
                    TypeKind.BIGINT, TypeKind.BIGINT, TypeKind.DECIMAL, TypeKind.REAL, TypeKind.DOUBLE, TypeKind.DECIMAL,
                    TypeKind.CHAR, TypeKind.VARCHAR, TypeKind.VARCHAR, TypeKind.VARBINARY, TypeKind.VARBINARY,
                    TypeKind.DATE, TypeKind.TIME, TypeKind.TIMESTAMP, TypeKind.TIMESTAMP_WITH_TIME_ZONE,
                    TypeKind.SMALLINT, TypeKind.BOOLEAN, TypeKind.CHAR);
            assertThat(types.get(7)).isEqualTo(DataType.decimal(20, 0).withEngineTypeName("BIGINT UNSIGNED"));
            assertThat(types.get(10)).isEqualTo(DataType.decimal(12, 3).withEngineTypeName("DECIMAL"));
            assertThat(types.get(12).precision()).isEqualTo(10);
            assertThat(types.get(17).precision()).as("TIME(3)").isEqualTo(3);
            assertThat(types.get(18).precision()).as("DATETIME(6)").isEqualTo(6);
            assertThat(types.get(19).precision()).as("TIMESTAMP(3)").isEqualTo(3);
            EngineTesting.drain(stream);
        }
    }

    @Test
    void readsValuesAsTheJavaClassesOfTheirNeutralTypes() {
        List<List<Object>> rows = EngineTesting.rows(engine, "SELECT * FROM type_round_trip ORDER BY b IS NULL");
        List<Object> row = rows.get(0);
        assertThat(row.subList(0, 11)).containsExactly(true, (byte) -128, (short) 255, (short) -32768, Integer.MAX_VALUE,
                4294967295L, Long.MIN_VALUE, new BigDecimal("18446744073709551615"), 1.5f, 2.25d, new BigDecimal("-123456789.125"));
        assertThat(row.subList(11, 14)).containsExactly("ab", "héllo", "text with 'quotes'");
        assertThat((byte[]) row.get(14)).containsExactly(0x00, 0xff, 0x10);
        assertThat((byte[]) row.get(15)).containsExactly(0x01, 0x02);
        assertThat(row.get(16)).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(row.get(17)).isEqualTo(LocalTime.of(23, 59, 58, 123_000_000));
        assertThat(row.get(18)).isEqualTo(LocalDateTime.of(1999, 12, 31, 23, 59, 59, 999_999_000));
        // Written in the session's zone, which the engine pins to UTC: the same instant comes back.
        assertThat(row.get(19)).isEqualTo(OffsetDateTime.of(2024, 2, 29, 10, 0, 0, 500_000_000, ZoneOffset.UTC));
        assertThat(row.subList(20, 23)).containsExactly((short) 2024, true, "green");
        assertThat(rows.get(1)).containsOnlyNulls();
    }

    @Test
    void aTimeThatIsADurationIsReportedNotMangled() {
        assertThatThrownBy(() -> EngineTesting.rows(engine, "SELECT CAST('-12:00:00' AS TIME)"))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains("'-12:00:00'").contains("duration");
                });
    }
}
