package io.switchboard.engines.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.result.Column;
import io.switchboard.core.result.ResultStream;
import io.switchboard.core.types.TypeKind;
import io.switchboard.engines.testing.EngineTesting;
import io.switchboard.engines.testing.NeutralValues;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ClickHouse's types through a table and back: each value is written, read through the engine
 * and must arrive with the neutral type, the Java class {@link TypeKind} fixes, and an equal
 * value; NULL too for Nullable columns. ClickHouse 18.16 has no boolean type (UInt8 holds 0/1)
 * and no binary type distinct from String, so neither appears here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class ClickHouseTypeRoundTripTest {
    private ClickHouseEngine engine;
    private int tables;
    private final String prefix = "default.rt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8) + "_";

    record Case(String clickHouseType, TypeKind kind, int precision, int scale, String literal, Object expected) {
        @Override
        public String toString() {
            return clickHouseType + " " + literal;
        }
    }

    @BeforeAll
    void start() {
        engine = ClickHouseTesting.engine("");
    }

    @AfterAll
    void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    Stream<Case> cases() {
        return Stream.of(
                new Case("Int8", TypeKind.TINYINT, 0, 0, "-128", (byte) -128),
                new Case("Int16", TypeKind.SMALLINT, 0, 0, "32767", (short) 32767),
                new Case("Int32", TypeKind.INTEGER, 0, 0, "-2147483648", Integer.MIN_VALUE),
                new Case("Int64", TypeKind.BIGINT, 0, 0, "9223372036854775807", Long.MAX_VALUE),
                new Case("UInt8", TypeKind.SMALLINT, 0, 0, "255", (short) 255),
                new Case("UInt16", TypeKind.INTEGER, 0, 0, "65535", 65535),
                new Case("UInt32", TypeKind.BIGINT, 0, 0, "4294967295", 4294967295L),
                new Case("UInt64", TypeKind.DECIMAL, 20, 0, "18446744073709551615", new BigDecimal("18446744073709551615")),
                new Case("Float32", TypeKind.REAL, 0, 0, "-1.5", -1.5f),
                new Case("Float32", TypeKind.REAL, 0, 0, "nan", Float.NaN),
                new Case("Float64", TypeKind.DOUBLE, 0, 0, "1.7976931348623157e308", Double.MAX_VALUE),
                new Case("Float64", TypeKind.DOUBLE, 0, 0, "-inf", Double.NEGATIVE_INFINITY),
                new Case("Decimal(9, 2)", TypeKind.DECIMAL, 9, 2, "-9999999.99", new BigDecimal("-9999999.99")),
                new Case("Decimal(38, 10)", TypeKind.DECIMAL, 38, 10, "-9999999999999999999999999999.9999999999",
                        new BigDecimal("-9999999999999999999999999999.9999999999")),
                new Case("String", TypeKind.VARCHAR, 0, 0, "'it\\'s a duck 🦆\\n\\ttab \\\\ back'", "it's a duck 🦆\n\ttab \\ back"),
                new Case("String", TypeKind.VARCHAR, 0, 0, "''", ""),
                new Case("FixedString(4)", TypeKind.CHAR, 4, 0, "'ab'", "ab"),
                new Case("Date", TypeKind.DATE, 0, 0, "'2105-12-31'", LocalDate.of(2105, 12, 31)),
                new Case("DateTime", TypeKind.TIMESTAMP, 0, 0, "'2024-02-29 01:02:03'", LocalDateTime.of(2024, 2, 29, 1, 2, 3)),
                new Case("DateTime('Asia/Kolkata')", TypeKind.TIMESTAMP_WITH_TIME_ZONE, 0, 0, "'2024-01-02 03:04:05'",
                        OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHoursMinutes(5, 30))),
                new Case("UUID", TypeKind.UUID, 0, 0, "'12151fd2-7586-11e9-8f9e-2a86e4085a59'",
                        UUID.fromString("12151fd2-7586-11e9-8f9e-2a86e4085a59")),
                new Case("Enum8('sad' = 1, 'happy' = 2)", TypeKind.VARCHAR, 0, 0, "'happy'", "happy"),
                new Case("Array(Nullable(String))", TypeKind.ARRAY, 0, 0, "['a\\'b', NULL, '']", Arrays.asList("a'b", null, "")),
                new Case("Array(Array(UInt8))", TypeKind.ARRAY, 0, 0, "[[1], [], [2, 3]]",
                        List.of(List.of((short) 1), List.of(), List.of((short) 2, (short) 3))),
                new Case("Array(Date)", TypeKind.ARRAY, 0, 0, "['2020-05-06']", List.of(LocalDate.of(2020, 5, 6))),
                new Case("Tuple(UInt8, String)", TypeKind.ROW, 0, 0, "(7, 'x,y')", List.of((short) 7, "x,y")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void roundTripsThroughATable(Case roundTrip) {
        String table = prefix + (++tables);
        boolean nullable = !roundTrip.clickHouseType().startsWith("Array") && !roundTrip.clickHouseType().startsWith("Tuple");
        String columnType = nullable ? "Nullable(" + roundTrip.clickHouseType() + ")" : roundTrip.clickHouseType();
        run("CREATE TABLE " + table + " (position Int32, v " + columnType + ") ENGINE = Memory");
        try {
            run("INSERT INTO " + table + " VALUES (1, " + roundTrip.literal() + ")" + (nullable ? ", (2, NULL)" : ""));
            try (ResultStream stream = engine.execute(EngineTesting.query("SELECT v FROM " + table + " ORDER BY position"))) {
                Column column = stream.columns().get(0);
                assertThat(column.type().kind()).isEqualTo(roundTrip.kind());
                assertThat(column.type().precision()).isEqualTo(roundTrip.precision());
                assertThat(column.type().scale()).isEqualTo(roundTrip.scale());
                assertThat(column.type().engineTypeName()).isEqualTo(columnType);
                List<List<Object>> rows = EngineTesting.drain(stream);
                assertThat(rows).hasSize(nullable ? 2 : 1);
                Object value = rows.get(0).get(0);
                assertThat(NeutralValues.comparable(value)).isEqualTo(NeutralValues.comparable(roundTrip.expected()));
                NeutralValues.assertHasNeutralClass(value, column.type());
                if (nullable) {
                    assertThat(rows.get(1).get(0)).isNull();
                }
            }
        } finally {
            run("DROP TABLE " + table);
        }
    }

    private void run(String sql) {
        try (ResultStream stream = engine.execute(EngineTesting.query(sql))) {
            EngineTesting.drain(stream);
        }
    }
}
