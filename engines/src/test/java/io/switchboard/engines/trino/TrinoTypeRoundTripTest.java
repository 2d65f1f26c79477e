package io.switchboard.engines.trino;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.result.Column;
import io.switchboard.core.result.ResultStream;
import io.switchboard.core.types.TypeKind;
import io.switchboard.engines.testing.EngineTesting;
import io.switchboard.engines.testing.NeutralValues;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Trino's types through a table of the memory catalog and back: each value is written, read
 * through the engine, and must arrive with the neutral type, the Java class {@link TypeKind}
 * fixes, and an equal value; NULL of every type too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class TrinoTypeRoundTripTest {
    private TrinoEngine engine;
    private int tables;
    private final String prefix = "memory.default.rt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8) + "_";

    record Case(String trinoType, TypeKind kind, int precision, int scale, String literal, Object expected) {
        @Override
        public String toString() {
            return trinoType + " " + literal;
        }
    }

    @BeforeAll
    void start() {
        engine = TrinoTesting.engine("");
    }

    @AfterAll
    void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    Stream<Case> cases() {
        return Stream.of(
                new Case("boolean", TypeKind.BOOLEAN, 0, 0, "true", true),
                new Case("tinyint", TypeKind.TINYINT, 0, 0, "TINYINT '-128'", (byte) -128),
                new Case("smallint", TypeKind.SMALLINT, 0, 0, "SMALLINT '32767'", (short) 32767),
                new Case("integer", TypeKind.INTEGER, 0, 0, "-2147483648", Integer.MIN_VALUE),
                new Case("bigint", TypeKind.BIGINT, 0, 0, "9223372036854775807", Long.MAX_VALUE),
                new Case("real", TypeKind.REAL, 0, 0, "REAL '-1.5'", -1.5f),
                new Case("real", TypeKind.REAL, 0, 0, "CAST(nan() AS real)", Float.NaN),
                new Case("double", TypeKind.DOUBLE, 0, 0, "1.7976931348623157E308", Double.MAX_VALUE),
                new Case("double", TypeKind.DOUBLE, 0, 0, "-infinity()", Double.NEGATIVE_INFINITY),
                new Case("decimal(4,2)", TypeKind.DECIMAL, 4, 2, "DECIMAL '-99.99'", new BigDecimal("-99.99")),
                new Case("decimal(38,10)", TypeKind.DECIMAL, 38, 10, "DECIMAL '-9999999999999999999999999999.9999999999'",
                        new BigDecimal("-9999999999999999999999999999.9999999999")),
                new Case("varchar", TypeKind.VARCHAR, 0, 0, "'it''s a duck 🦆\nnext'", "it's a duck 🦆\nnext"),
                new Case("varchar(5)", TypeKind.VARCHAR, 5, 0, "''", ""),
                new Case("char(5)", TypeKind.CHAR, 5, 0, "'ab'", "ab   "),
                new Case("varbinary", TypeKind.VARBINARY, 0, 0, "X'00FF41'", new byte[] {0, -1, 0x41}),
                new Case("date", TypeKind.DATE, 0, 0, "DATE '1582-10-10'", LocalDate.of(1582, 10, 10)),
                new Case("date", TypeKind.DATE, 0, 0, "DATE '9999-12-31'", LocalDate.of(9999, 12, 31)),
                new Case("time(3)", TypeKind.TIME, 3, 0, "TIME '23:59:59.999'", LocalTime.of(23, 59, 59, 999_000_000)),
                new Case("time(6) with time zone", TypeKind.TIME_WITH_TIME_ZONE, 6, 0, "TIME '12:34:56.123456 +05:30'",
                        OffsetTime.of(12, 34, 56, 123_456_000, ZoneOffset.ofHoursMinutes(5, 30))),
                new Case("timestamp(6)", TypeKind.TIMESTAMP, 6, 0, "TIMESTAMP '2024-02-29 01:02:03.123456'",
                        LocalDateTime.of(2024, 2, 29, 1, 2, 3, 123_456_000)),
                new Case("timestamp(0)", TypeKind.TIMESTAMP, 0, 0, "TIMESTAMP '0001-01-01 00:00:00'", LocalDateTime.of(1, 1, 1, 0, 0)),
                new Case("timestamp(3) with time zone", TypeKind.TIMESTAMP_WITH_TIME_ZONE, 3, 0,
                        "TIMESTAMP '2024-01-02 03:04:05.500 UTC'", OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 500_000_000, ZoneOffset.UTC)),
                new Case("timestamp(3) with time zone", TypeKind.TIMESTAMP_WITH_TIME_ZONE, 3, 0,
                        "TIMESTAMP '2024-07-02 03:04:05.000 Europe/Paris'",
                        OffsetDateTime.of(2024, 7, 2, 3, 4, 5, 0, ZoneOffset.ofHours(2))),
                new Case("timestamp(3) with time zone", TypeKind.TIMESTAMP_WITH_TIME_ZONE, 3, 0,
                        "TIMESTAMP '2024-01-02 03:04:05.000 -08:00'", OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(-8))),
                new Case("uuid", TypeKind.UUID, 0, 0, "UUID '12151fd2-7586-11e9-8f9e-2a86e4085a59'",
                        UUID.fromString("12151fd2-7586-11e9-8f9e-2a86e4085a59")),
                new Case("array(integer)", TypeKind.ARRAY, 0, 0, "ARRAY[1, NULL, 3]", Arrays.asList(1, null, 3)),
                new Case("map(varchar, bigint)", TypeKind.MAP, 0, 0, "MAP(ARRAY['one', 'two'], ARRAY[BIGINT '1', NULL])",
                        NeutralValues.mapOf("one", 1L, "two", null)),
                new Case("row(id bigint, \"when\" date, tags array(varchar))", TypeKind.ROW, 0, 0,
                        "CAST(ROW(7, DATE '2020-05-06', ARRAY['x']) AS row(id bigint, \"when\" date, tags array(varchar)))",
                        List.of(7L, LocalDate.of(2020, 5, 6), List.of("x"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void roundTripsThroughAMemoryTable(Case roundTrip) {
        String table = prefix + (++tables);
        run("CREATE TABLE " + table + " (position integer, v " + roundTrip.trinoType() + ")");
        try {
            run("INSERT INTO " + table + " VALUES (1, " + roundTrip.literal() + "), (2, NULL)");
            try (ResultStream stream = engine.execute(EngineTesting.query("SELECT v FROM " + table + " ORDER BY position"))) {
                Column column = stream.columns().get(0);
                assertThat(column.type().kind()).isEqualTo(roundTrip.kind());
                assertThat(column.type().precision()).isEqualTo(roundTrip.precision());
                assertThat(column.type().scale()).isEqualTo(roundTrip.scale());
                // Trino prints "decimal(4, 2)"; the test writes it without the space.
                assertThat(column.type().engineTypeName().replace(" ", "")).isEqualTo(roundTrip.trinoType().replace(" ", ""));
                List<List<Object>> rows = EngineTesting.drain(stream);
                assertThat(rows).hasSize(2);
                Object value = rows.get(0).get(0);
                assertThat(NeutralValues.comparable(value)).isEqualTo(NeutralValues.comparable(roundTrip.expected()));
                NeutralValues.assertHasNeutralClass(value, column.type());
                assertThat(rows.get(1).get(0)).isNull();
            }
        } finally {
            run("DROP TABLE " + table);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("intervals")
    void intervalsTravelAsTrinosText(String literal, String expected) {
        try (ResultStream stream = engine.execute(EngineTesting.query("SELECT " + literal))) {
            assertThat(stream.columns().get(0).type().kind()).isEqualTo(TypeKind.INTERVAL);
            assertThat(EngineTesting.drain(stream)).containsExactly(List.of(expected));
        }
    }

    Stream<Arguments> intervals() {
        return Stream.of(
                Arguments.of("INTERVAL '1 02:03:04.5' DAY TO SECOND", "1 02:03:04.500"),
                Arguments.of("INTERVAL '3-2' YEAR TO MONTH", "3-2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("others")
    void typesWithoutANeutralCounterpartTravelAsText(String literal, TypeKind kind, String expected) {
        try (ResultStream stream = engine.execute(EngineTesting.query("SELECT " + literal))) {
            assertThat(stream.columns().get(0).type().kind()).isEqualTo(kind);
            assertThat(EngineTesting.drain(stream)).containsExactly(List.of(expected));
        }
    }

    Stream<Arguments> others() {
        return Stream.of(
                Arguments.of("JSON '{\"a\":[1,2,null]}'", TypeKind.JSON, "{\"a\":[1,2,null]}"),
                Arguments.of("IPADDRESS '10.0.0.1'", TypeKind.UNKNOWN, "10.0.0.1"));
    }

    private void run(String sql) {
        try (ResultStream stream = engine.execute(EngineTesting.query(sql))) {
            EngineTesting.drain(stream);
        }
    }
}
