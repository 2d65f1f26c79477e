package io.switchboard.engines.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.result.Column;
import io.switchboard.core.result.ResultStream;
import io.switchboard.core.types.DataType;
import io.switchboard.core.types.TypeKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every DuckDB type round-trips through a table and {@link DuckDbEngine}: edge values and NULL
 * come back with the neutral type and the Java class {@link TypeKind} fixes, and equal values.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class DuckDbTypeRoundTripTest {
    @TempDir
    static Path data;

    private DuckDbEngine engine;
    private int tables;

    /** A DuckDB column type, the literals to store, and what must come back for each (NULL is added). */
    record Case(String duckDbType, TypeKind kind, int precision, int scale, List<String> literals, List<Object> expected) {
        @Override
        public String toString() {
            return duckDbType;
        }
    }

    @BeforeAll
    void start() {
        engine = DuckDbTesting.engine(data, "");
        DuckDbTesting.updateCount(engine, "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')");
    }

    @AfterAll
    void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    Stream<Case> cases() {
        return Stream.of(
                new Case("BOOLEAN", TypeKind.BOOLEAN, 0, 0, List.of("true", "false"), List.of(true, false)),
                new Case("TINYINT", TypeKind.TINYINT, 0, 0, List.of("-128", "127"), List.of((byte) -128, (byte) 127)),
                new Case("SMALLINT", TypeKind.SMALLINT, 0, 0, List.of("-32768", "32767"), List.of((short) -32768, (short) 32767)),
                new Case("INTEGER", TypeKind.INTEGER, 0, 0, List.of("-2147483648", "2147483647"),
                        List.of(Integer.MIN_VALUE, Integer.MAX_VALUE)),
                new Case("BIGINT", TypeKind.BIGINT, 0, 0, List.of("-9223372036854775808", "9223372036854775807"),
                        List.of(Long.MIN_VALUE, Long.MAX_VALUE)),
                new Case("HUGEINT", TypeKind.HUGEINT, 0, 0,
                        List.of("-170141183460469231731687303715884105728", "170141183460469231731687303715884105727"),
                        List.of(new BigInteger("-170141183460469231731687303715884105728"),
                                new BigInteger("170141183460469231731687303715884105727"))),
                new Case("UTINYINT", TypeKind.SMALLINT, 0, 0, List.of("0", "255"), List.of((short) 0, (short) 255)),
                new Case("USMALLINT", TypeKind.INTEGER, 0, 0, List.of("65535"), List.of(65535)),
                new Case("UINTEGER", TypeKind.BIGINT, 0, 0, List.of("4294967295"), List.of(4294967295L)),
                new Case("UBIGINT", TypeKind.DECIMAL, 20, 0, List.of("0", "18446744073709551615"),
                        List.of(new BigDecimal("0"), new BigDecimal("18446744073709551615"))),
                new Case("UHUGEINT", TypeKind.DECIMAL, 39, 0, List.of("340282366920938463463374607431768211455"),
                        List.of(new BigDecimal("340282366920938463463374607431768211455"))),
                new Case("FLOAT", TypeKind.REAL, 0, 0, List.of("3.4028235e38", "-1.5", "'inf'", "'nan'"),
                        List.of(Float.MAX_VALUE, -1.5f, Float.POSITIVE_INFINITY, Float.NaN)),
                new Case("DOUBLE", TypeKind.DOUBLE, 0, 0, List.of("1.7976931348623157e308", "4.9e-324", "'-inf'"),
                        List.of(Double.MAX_VALUE, Double.MIN_VALUE, Double.NEGATIVE_INFINITY)),
                new Case("DECIMAL(4,2)", TypeKind.DECIMAL, 4, 2, List.of("-99.99", "0.01"),
                        List.of(new BigDecimal("-99.99"), new BigDecimal("0.01"))),
                new Case("DECIMAL(18,3)", TypeKind.DECIMAL, 18, 3, List.of("999999999999999.999"),
                        List.of(new BigDecimal("999999999999999.999"))),
                new Case("DECIMAL(38,10)", TypeKind.DECIMAL, 38, 10, List.of("-9999999999999999999999999999.9999999999"),
                        List.of(new BigDecimal("-9999999999999999999999999999.9999999999"))),
                new Case("VARCHAR", TypeKind.VARCHAR, 0, 0, List.of("''", "'it''s a duck 🦆\nnext line'"),
                        List.of("", "it's a duck 🦆\nnext line")),
                new Case("BLOB", TypeKind.VARBINARY, 0, 0, List.of("'\\x00\\xFF\\x41'::BLOB", "''::BLOB"),
                        List.of(new byte[] {0, -1, 0x41}, new byte[0])),
                new Case("DATE", TypeKind.DATE, 0, 0, List.of("'0001-01-01'", "'1582-10-10'", "'9999-12-31'"),
                        List.of(LocalDate.of(1, 1, 1), LocalDate.of(1582, 10, 10), LocalDate.of(9999, 12, 31))),
                new Case("TIME", TypeKind.TIME, 6, 0, List.of("'00:00:00'", "'23:59:59.999999'"),
                        List.of(LocalTime.MIDNIGHT, LocalTime.of(23, 59, 59, 999_999_000))),
                new Case("TIMETZ", TypeKind.TIME_WITH_TIME_ZONE, 6, 0, List.of("'12:34:56+05:30'", "'00:00:00-08'"),
                        List.of(OffsetTime.of(12, 34, 56, 0, ZoneOffset.ofHoursMinutes(5, 30)),
                                OffsetTime.of(0, 0, 0, 0, ZoneOffset.ofHours(-8)))),
                new Case("TIMESTAMP", TypeKind.TIMESTAMP, 6, 0,
                        List.of("'0001-01-01 00:00:00'", "'1582-10-10 12:00:00'", "'9999-12-31 23:59:59.999999'"),
                        List.of(LocalDateTime.of(1, 1, 1, 0, 0), LocalDateTime.of(1582, 10, 10, 12, 0),
                                LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000))),
                new Case("TIMESTAMP_S", TypeKind.TIMESTAMP, 0, 0, List.of("'2024-02-29 01:02:03'"),
                        List.of(LocalDateTime.of(2024, 2, 29, 1, 2, 3))),
                new Case("TIMESTAMP_MS", TypeKind.TIMESTAMP, 3, 0, List.of("'2024-02-29 01:02:03.456'"),
                        List.of(LocalDateTime.of(2024, 2, 29, 1, 2, 3, 456_000_000))),
                new Case("TIMESTAMP_NS", TypeKind.TIMESTAMP, 9, 0, List.of("'2024-02-29 01:02:03.123456789'"),
                        List.of(LocalDateTime.of(2024, 2, 29, 1, 2, 3, 123_456_789))),
                new Case("TIMESTAMPTZ", TypeKind.TIMESTAMP_WITH_TIME_ZONE, 6, 0,
                        List.of("'2024-01-02 03:04:05.5+01'", "'1970-01-01 00:00:00+00'"),
                        List.of(OffsetDateTime.of(2024, 1, 2, 2, 4, 5, 500_000_000, ZoneOffset.UTC),
                                OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC))),
                new Case("INTERVAL", TypeKind.INTERVAL, 0, 0, List.of("INTERVAL '1 year 2 months 3 days 04:05:06.789'"),
                        List.of("1 year 2 months 3 days 04:05:06.789")),
                new Case("UUID", TypeKind.UUID, 0, 0,
                        List.of("'00000000-0000-0000-0000-000000000000'", "'ffffffff-ffff-ffff-ffff-ffffffffffff'"),
                        List.of(new UUID(0, 0), new UUID(-1, -1))),
                new Case("JSON", TypeKind.JSON, 0, 0, List.of("'{\"a\":[1,2,null]}'"), List.of("{\"a\":[1,2,null]}")),
                new Case("INTEGER[]", TypeKind.ARRAY, 0, 0, List.of("[1, NULL, 3]", "[]"),
                        List.of(Arrays.asList(1, null, 3), List.of())),
                new Case("VARCHAR[][]", TypeKind.ARRAY, 0, 0, List.of("[['a'], NULL, ['b', 'c']]"),
                        List.of(Arrays.asList(List.of("a"), null, List.of("b", "c")))),
                new Case("DOUBLE[3]", TypeKind.ARRAY, 0, 0, List.of("[1.5, 2.5, NULL]"), List.of(Arrays.asList(1.5, 2.5, null))),
                new Case("MAP(VARCHAR, INTEGER)", TypeKind.MAP, 0, 0, List.of("MAP {'one': 1, 'none': NULL}"),
                        List.of(mapOf("one", 1, "none", null))),
                new Case("STRUCT(id BIGINT, \"when\" TIMESTAMP, tags VARCHAR[])", TypeKind.ROW, 0, 0,
                        List.of("{'id': 7, 'when': TIMESTAMP '2020-05-06 07:08:09.123456', 'tags': ['x']}",
                                "{'id': NULL, 'when': NULL, 'tags': NULL}"),
                        List.of(List.of(7L, LocalDateTime.of(2020, 5, 6, 7, 8, 9, 123_456_000), List.of("x")),
                                Arrays.asList(null, null, null))),
                new Case("STRUCT(d DATE, b BLOB, u UBIGINT)[]", TypeKind.ARRAY, 0, 0,
                        List.of("[{'d': DATE '2021-03-04', 'b': '\\x01'::BLOB, 'u': 18446744073709551615}]"),
                        List.of(List.of(List.of(LocalDate.of(2021, 3, 4), new byte[] {1},
                                new BigDecimal("18446744073709551615"))))),
                new Case("mood", TypeKind.VARCHAR, 0, 0, List.of("'happy'"), List.of("happy")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void roundTripsEdgeValuesAndNull(Case roundTrip) {
        String table = "round_trip_" + (++tables);
        DuckDbTesting.updateCount(engine, "CREATE TABLE " + table + " (position INTEGER, v " + roundTrip.duckDbType() + ")");
        List<String> literals = new ArrayList<>(roundTrip.literals());
        literals.add("NULL");
        StringBuilder insert = new StringBuilder("INSERT INTO " + table + " VALUES ");
        for (int i = 0; i < literals.size(); i++) {
            insert.append(i == 0 ? "" : ", ").append('(').append(i).append(", ").append(literals.get(i)).append(')');
        }
        assertThat(DuckDbTesting.updateCount(engine, insert.toString())).isEqualTo(literals.size());

        List<Object> expected = new ArrayList<>(roundTrip.expected());
        expected.add(null);
        try (ResultStream stream = engine.execute(DuckDbTesting.query("SELECT v FROM " + table + " ORDER BY position"))) {
            Column column = stream.columns().get(0);
            assertThat(column.name()).isEqualTo("v");
            assertThat(column.type().kind()).isEqualTo(roundTrip.kind());
            assertThat(column.type().precision()).isEqualTo(roundTrip.precision());
            assertThat(column.type().scale()).isEqualTo(roundTrip.scale());
            assertThat(column.type().engineTypeName()).isNotEmpty();
            List<Object> values = DuckDbTesting.drain(stream).stream().map(row -> row.get(0)).toList();
            assertThat(values).hasSameSizeAs(expected);
            for (int i = 0; i < values.size(); i++) {
                assertThat(comparable(values.get(i))).as("value %d of %s", i + 1, roundTrip).isEqualTo(comparable(expected.get(i)));
                assertHasNeutralClass(values.get(i), column.type());
            }
        }
    }

    @Test
    void theNullTypeIsUnknown() {
        try (ResultStream stream = engine.execute(DuckDbTesting.query("SELECT NULL AS nothing"))) {
            assertThat(stream.columns().get(0).type().kind()).isEqualTo(TypeKind.UNKNOWN);
            assertThat(DuckDbTesting.drain(stream)).containsExactly(Arrays.asList((Object) null));
        }
    }

    @Test
    void typesDuckDbHasButTheNeutralSystemLacksTravelAsText() {
        try (ResultStream stream = engine.execute(DuckDbTesting.query("SELECT '101'::BIT AS bits"))) {
            assertThat(stream.columns().get(0).type().kind()).isEqualTo(TypeKind.UNKNOWN);
            assertThat(DuckDbTesting.drain(stream)).containsExactly(List.of("101"));
        }
    }

    /** Checks a value, and every value nested in it, against the class its neutral type fixes. */
    private static void assertHasNeutralClass(Object value, DataType type) {
        if (value == null) {
            return;
        }
        Class<?> expected = switch (type.kind()) {
            case BOOLEAN -> Boolean.class;
            case TINYINT -> Byte.class;
            case SMALLINT -> Short.class;
            case INTEGER -> Integer.class;
            case BIGINT -> Long.class;
            case HUGEINT -> BigInteger.class;
            case REAL -> Float.class;
            case DOUBLE -> Double.class;
            case DECIMAL -> BigDecimal.class;
            case CHAR, VARCHAR, JSON, INTERVAL, UNKNOWN -> String.class;
            case VARBINARY -> byte[].class;
            case DATE -> LocalDate.class;
            case TIME -> LocalTime.class;
            case TIME_WITH_TIME_ZONE -> OffsetTime.class;
            case TIMESTAMP -> LocalDateTime.class;
            case TIMESTAMP_WITH_TIME_ZONE -> OffsetDateTime.class;
            case UUID -> UUID.class;
            case ARRAY, ROW -> List.class;
            case MAP -> Map.class;
        };
        assertThat(value).as("value of type %s", type).isInstanceOf(expected);
        switch (type.kind()) {
            case ARRAY -> ((List<?>) value).forEach(element -> assertHasNeutralClass(element, type.elementType()));
            case ROW -> {
                List<?> fields = (List<?>) value;
                for (int i = 0; i < fields.size(); i++) {
                    assertHasNeutralClass(fields.get(i), type.children().get(i));
                }
            }
            case MAP -> ((Map<?, ?>) value).forEach((key, element) -> {
                assertHasNeutralClass(key, type.children().get(0));
                assertHasNeutralClass(element, type.children().get(1));
            });
            default -> { }
        }
    }

    private static Map<Object, Object> mapOf(Object... keysAndValues) {
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** Byte arrays compare by identity; their hex text compares by content, also inside lists and maps. */
    private static Object comparable(Object value) {
        if (value instanceof byte[] bytes) {
            return "0x" + HexFormat.of().formatHex(bytes);
        }
        if (value instanceof List<?> list) {
            List<Object> converted = new ArrayList<>();
            list.forEach(element -> converted.add(comparable(element)));
            return converted;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> converted = new LinkedHashMap<>();
            map.forEach((key, element) -> converted.put(comparable(key), comparable(element)));
            return converted;
        }
        return value;
    }
}
