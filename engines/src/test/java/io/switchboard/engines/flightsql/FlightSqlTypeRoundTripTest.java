package io.switchboard.engines.flightsql;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.result.Column;
import io.switchboard.core.result.ResultStream;
import io.switchboard.core.types.TypeKind;
import io.switchboard.engines.testing.EngineTesting;
import io.switchboard.engines.testing.NeutralValues;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Derby's types through FlightSqlExample and back: each value is written into a table, read
 * through the engine as Arrow, and must arrive with the neutral type, the Java class
 * {@link TypeKind} fixes, and an equal value; NULL too. FlightSqlExample sends Derby's TIMESTAMP
 * as an Arrow timestamp in UTC, so it arrives WITH TIME ZONE; timestamps without a zone, lists,
 * structs, maps and unsigned integers are covered by {@code ArrowValuesTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class FlightSqlTypeRoundTripTest {
    private FlightSqlEngine engine;
    private int tables;
    private final String prefix = "RT_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8) + "_";

    record Case(String derbyType, TypeKind kind, int precision, int scale, List<String> literals, List<Object> expected) {
        @Override
        public String toString() {
            return derbyType;
        }
    }

    @BeforeAll
    void start() {
        engine = FlightSqlTesting.engine("");
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
                new Case("SMALLINT", TypeKind.SMALLINT, 0, 0, List.of("-32768", "32767"), List.of((short) -32768, (short) 32767)),
                new Case("INTEGER", TypeKind.INTEGER, 0, 0, List.of("-2147483648"), List.of(Integer.MIN_VALUE)),
                new Case("BIGINT", TypeKind.BIGINT, 0, 0, List.of("9223372036854775807"), List.of(Long.MAX_VALUE)),
                new Case("DECIMAL(31,10)", TypeKind.DECIMAL, 31, 10, List.of("-999999999999999999999.9999999999", "0.0000000001"),
                        List.of(new BigDecimal("-999999999999999999999.9999999999"), new BigDecimal("0.0000000001"))),
                new Case("REAL", TypeKind.REAL, 0, 0, List.of("-1.5"), List.of(-1.5f)),
                new Case("DOUBLE", TypeKind.DOUBLE, 0, 0, List.of("1.7976931348623157E308"), List.of(Double.MAX_VALUE)),
                new Case("VARCHAR(40)", TypeKind.VARCHAR, 0, 0, List.of("'it''s a duck 🦆'", "''"), List.of("it's a duck 🦆", "")),
                new Case("CHAR(5)", TypeKind.VARCHAR, 0, 0, List.of("'ab'"), List.of("ab   ")),
                new Case("VARCHAR(8) FOR BIT DATA", TypeKind.VARBINARY, 0, 0, List.of("X'00FF41'"), List.of(new byte[] {0, -1, 0x41})),
                new Case("DATE", TypeKind.DATE, 0, 0, List.of("DATE('1582-10-15')", "DATE('9999-12-31')"),
                        List.of(LocalDate.of(1582, 10, 15), LocalDate.of(9999, 12, 31))),
                new Case("TIME", TypeKind.TIME, 3, 0, List.of("TIME('23:59:58')"), List.of(LocalTime.of(23, 59, 58))),
                new Case("TIMESTAMP", TypeKind.TIMESTAMP_WITH_TIME_ZONE, 3, 0, List.of("TIMESTAMP('2024-02-29 01:02:03.456')"),
                        List.of(OffsetDateTime.of(2024, 2, 29, 1, 2, 3, 456_000_000, ZoneOffset.UTC))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void roundTripsThroughATable(Case roundTrip) {
        String table = prefix + (++tables);
        run("CREATE TABLE " + table + " (position INTEGER, v " + roundTrip.derbyType() + ")");
        try {
            List<String> literals = new ArrayList<>(roundTrip.literals());
            literals.add("NULL");
            for (int i = 0; i < literals.size(); i++) {
                run("INSERT INTO " + table + " VALUES (" + i + ", " + literals.get(i) + ")");
            }
            try (ResultStream stream = engine.execute(EngineTesting.query("SELECT v FROM " + table + " ORDER BY position"))) {
                Column column = stream.columns().get(0);
                assertThat(column.type().kind()).isEqualTo(roundTrip.kind());
                assertThat(column.type().precision()).isEqualTo(roundTrip.precision());
                assertThat(column.type().scale()).isEqualTo(roundTrip.scale());
                List<List<Object>> rows = EngineTesting.drain(stream);
                assertThat(rows).hasSize(literals.size());
                for (int i = 0; i < roundTrip.expected().size(); i++) {
                    Object value = rows.get(i).get(0);
                    assertThat(NeutralValues.comparable(value)).as("value %d", i + 1)
                            .isEqualTo(NeutralValues.comparable(roundTrip.expected().get(i)));
                    NeutralValues.assertHasNeutralClass(value, column.type());
                }
                assertThat(rows.getLast().get(0)).isNull();
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
