package io.switchboard.engines.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.engine.Engine;
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
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Values of every neutral type PostgreSQL has, written to a table and read back through the adapter. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class PostgresTypeRoundTripTest {
    private Engine engine;

    @BeforeAll
    void start() {
        engine = PostgresTesting.tpchEngine("");
        EngineTesting.update(engine, "DROP TABLE IF EXISTS type_round_trip");
        EngineTesting.update(engine, """
                CREATE TABLE type_round_trip (
                  b boolean, s smallint, i integer, l bigint, r real, d double precision, n numeric(12,3),
                  c char(4), v varchar(10), t text, bin bytea, dt date, tm time(3), tmz time with time zone,
                  ts timestamp(6), tsz timestamp with time zone, iv interval, u uuid, j jsonb, ia integer[], ta text[],
                  big numeric)""");
        EngineTesting.update(engine, """
                INSERT INTO type_round_trip VALUES
                  (true, -32768, 2147483647, -9223372036854775808, 1.5, 2.25, -123456789.125,
                   'ab', 'héllo', 'text with ''quotes''', '\\x00ff10', DATE '2024-02-29', TIME '23:59:58.123',
                   TIME WITH TIME ZONE '12:34:56+02', TIMESTAMP '1999-12-31 23:59:59.999999',
                   TIMESTAMP WITH TIME ZONE '2024-02-29 12:00:00.5+02', INTERVAL '1 day 02:03:04',
                   'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"k": [1, 2]}', ARRAY[1, NULL, 3], ARRAY['x', 'y'],
                   123456789012345678901234567890.0123456789),
                  (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                   NULL, NULL, NULL, NULL, NULL)""");
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
                    TypeKind.BOOLEAN, TypeKind.SMALLINT, TypeKind.INTEGER, TypeKind.BIGINT, TypeKind.REAL, TypeKind.DOUBLE,
                    TypeKind.DECIMAL, TypeKind.CHAR, TypeKind.VARCHAR, TypeKind.VARCHAR, TypeKind.VARBINARY, TypeKind.DATE,
                    TypeKind.TIME, TypeKind.TIME_WITH_TIME_ZONE, TypeKind.TIMESTAMP, TypeKind.TIMESTAMP_WITH_TIME_ZONE,
                    TypeKind.INTERVAL, TypeKind.UUID, TypeKind.JSON, TypeKind.ARRAY, TypeKind.ARRAY, TypeKind.DECIMAL);
            assertThat(types.get(6)).isEqualTo(DataType.decimal(12, 3).withEngineTypeName("numeric"));
            assertThat(types.get(7).precision()).isEqualTo(4);
            assertThat(types.get(8).precision()).isEqualTo(10);
            assertThat(types.get(12).precision()).isEqualTo(3);
            assertThat(types.get(19).elementType().kind()).isEqualTo(TypeKind.INTEGER);
            assertThat(types.get(20).elementType().kind()).isEqualTo(TypeKind.VARCHAR);
            assertThat(types.get(21).precision()).as("unbounded numeric").isZero();
            EngineTesting.drain(stream);
        }
    }

    @Test
    void readsValuesAsTheJavaClassesOfTheirNeutralTypes() {
        List<List<Object>> rows = EngineTesting.rows(engine, "SELECT * FROM type_round_trip ORDER BY b NULLS LAST");
        List<Object> row = rows.get(0);
        assertThat(row.get(0)).isEqualTo(true);
        assertThat(row.get(1)).isEqualTo((short) -32768);
        assertThat(row.get(2)).isEqualTo(Integer.MAX_VALUE);
        assertThat(row.get(3)).isEqualTo(Long.MIN_VALUE);
        assertThat(row.get(4)).isEqualTo(1.5f);
        assertThat(row.get(5)).isEqualTo(2.25d);
        assertThat(row.get(6)).isEqualTo(new BigDecimal("-123456789.125"));
        assertThat(row.get(7)).isEqualTo("ab  ");
        assertThat(row.get(8)).isEqualTo("héllo");
        assertThat(row.get(9)).isEqualTo("text with 'quotes'");
        assertThat((byte[]) row.get(10)).containsExactly(0x00, 0xff, 0x10);
        assertThat(row.get(11)).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(row.get(12)).isEqualTo(LocalTime.of(23, 59, 58, 123_000_000));
        assertThat(row.get(13)).isEqualTo(OffsetTime.of(12, 34, 56, 0, ZoneOffset.ofHours(2)));
        assertThat(row.get(14)).isEqualTo(LocalDateTime.of(1999, 12, 31, 23, 59, 59, 999_999_000));
        assertThat(row.get(15)).isEqualTo(OffsetDateTime.of(2024, 2, 29, 10, 0, 0, 500_000_000, ZoneOffset.UTC));
        assertThat(row.get(16)).isEqualTo("1 day 02:03:04");
        assertThat(row.get(17)).isEqualTo(UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
        assertThat(row.get(18)).isEqualTo("{\"k\": [1, 2]}");
        assertThat(row.get(19)).isEqualTo(java.util.Arrays.asList(1, null, 3));
        assertThat(row.get(20)).isEqualTo(List.of("x", "y"));
        assertThat(row.get(21)).isEqualTo(new BigDecimal("123456789012345678901234567890.0123456789"));
        assertThat(rows.get(1)).containsOnlyNulls();
    }

    @Test
    void literalsKeepTheirValues() {
        List<Object> row = EngineTesting.rows(engine, "SELECT 7::int2, 0.1::float8, 'infinity'::date, -0.5::numeric(3,1)").get(0);
        assertThat(row).containsExactly((short) 7, 0.1d, LocalDate.MAX, new BigDecimal("-0.5"));
    }
}
