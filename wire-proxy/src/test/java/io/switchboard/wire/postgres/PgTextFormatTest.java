package io.switchboard.wire.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.types.DataType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Text output compared with what a PostgreSQL 15 server printed for the same values. */
final class PgTextFormatTest {
    private static final ZoneId UTC = ZoneOffset.UTC;

    @Test
    void doublesAsPostgresPrintsThemWithExtraFloatDigitsAboveZero() {
        assertThat(PgTextFormat.formatDouble(1e15, 1)).isEqualTo("1e+15");
        assertThat(PgTextFormat.formatDouble(1e16, 3)).isEqualTo("1e+16");
        assertThat(PgTextFormat.formatDouble(123456789012345d, 1)).isEqualTo("123456789012345");
        assertThat(PgTextFormat.formatDouble(1234567890123456d, 1)).isEqualTo("1.234567890123456e+15");
        assertThat(PgTextFormat.formatDouble(0.0001, 1)).isEqualTo("0.0001");
        assertThat(PgTextFormat.formatDouble(0.00001, 1)).isEqualTo("1e-05");
        assertThat(PgTextFormat.formatDouble(1.5e300, 1)).isEqualTo("1.5e+300");
        assertThat(PgTextFormat.formatDouble(-0.0, 1)).isEqualTo("-0");
        assertThat(PgTextFormat.formatDouble(0.1 * 3, 3)).isEqualTo("0.30000000000000004");
        assertThat(PgTextFormat.formatDouble(Double.NaN, 1)).isEqualTo("NaN");
        assertThat(PgTextFormat.formatDouble(Double.NEGATIVE_INFINITY, 1)).isEqualTo("-Infinity");
    }

    @Test
    void floatsAsPostgresPrintsThem() {
        assertThat(PgTextFormat.formatFloat(1e6f, 1)).isEqualTo("1e+06");
        assertThat(PgTextFormat.formatFloat(123456f, 1)).isEqualTo("123456");
        assertThat(PgTextFormat.formatFloat(1.1f, 1)).isEqualTo("1.1");
        assertThat(PgTextFormat.formatFloat(3.4028235e38f, 1)).isEqualTo("3.4028235e+38");
        assertThat(PgTextFormat.formatFloat(100000f, 1)).isEqualTo("100000");
    }

    @Test
    void roundedOutputWithExtraFloatDigitsZeroOrBelow() {
        assertThat(PgTextFormat.formatDouble(1e15, 0)).isEqualTo("1e+15");
        assertThat(PgTextFormat.formatDouble(0.1 * 3, 0)).isEqualTo("0.3");
        assertThat(PgTextFormat.formatFloat(1e6f, 0)).isEqualTo("1e+06");
        assertThat(PgTextFormat.formatFloat(123456f, 0)).isEqualTo("123456");
        assertThat(PgTextFormat.formatFloat(1.1f, 0)).isEqualTo("1.1");
        assertThat(PgTextFormat.formatFloat(1234567f, 0)).isEqualTo("1.23457e+06");
        assertThat(PgTextFormat.formatDouble(0.00001, 0)).isEqualTo("1e-05");
        assertThat(PgTextFormat.formatDouble(0.1 * 3, -3)).isEqualTo("0.3");
        assertThat(PgTextFormat.formatDouble(Math.PI, -3)).isEqualTo("3.14159265359");
    }

    @Test
    void intervalsInPostgresStyle() {
        assertThat(PgTextFormat.formatInterval("1 year 2 months 3 days 04:05:06.5")).isEqualTo("1 year 2 mons 3 days 04:05:06.5");
        assertThat(PgTextFormat.formatInterval("-1 day +02:00:00")).isEqualTo("-1 days +02:00:00");
        assertThat(PgTextFormat.formatInterval("-1 years -2 mons")).isEqualTo("-1 years -2 mons");
        assertThat(PgTextFormat.formatInterval("00:00:00")).isEqualTo("00:00:00");
        assertThat(PgTextFormat.formatInterval("25:00:00")).isEqualTo("25:00:00");
        assertThat(PgTextFormat.formatInterval("-00:00:01")).isEqualTo("-00:00:01");
        assertThat(PgTextFormat.formatInterval("1 month -1 day")).isEqualTo("1 mon -1 days");
        assertThat(PgTextFormat.formatInterval("1.5 seconds")).isEqualTo("00:00:01.5");
        assertThat(PgTextFormat.formatInterval("-1 days -02:00:00")).isEqualTo("-1 days -02:00:00");
        assertThat(PgTextFormat.formatInterval("P1Y2M3DT4H5M6.5S")).isEqualTo("1 year 2 mons 3 days 04:05:06.5");
        // Text this parser does not know passes through as the engine printed it.
        assertThat(PgTextFormat.formatInterval("a fortnight")).isEqualTo("a fortnight");
    }

    @Test
    void datesTimesAndZones() {
        ZoneId kolkata = ZoneId.of("Asia/Kolkata");
        assertThat(PgTextFormat.format(OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), DataType.TIMESTAMP_WITH_TIME_ZONE, kolkata, 1))
                .isEqualTo("2024-01-01 05:30:00+05:30");
        assertThat(PgTextFormat.format(OffsetTime.of(12, 0, 0, 0, ZoneOffset.ofHoursMinutes(5, 30)), DataType.TIME_WITH_TIME_ZONE, UTC, 1))
                .isEqualTo("12:00:00+05:30");
        assertThat(PgTextFormat.format(OffsetTime.of(12, 0, 0, 0, ZoneOffset.ofHours(-3)), DataType.TIME_WITH_TIME_ZONE, UTC, 1))
                .isEqualTo("12:00:00-03");
        assertThat(PgTextFormat.format(LocalDate.of(-43, 3, 15), DataType.DATE, UTC, 1)).isEqualTo("0044-03-15 BC");
        assertThat(PgTextFormat.format(LocalDateTime.of(10000, 1, 1, 0, 0), DataType.TIMESTAMP, UTC, 1)).isEqualTo("10000-01-01 00:00:00");
        assertThat(PgTextFormat.format(LocalTime.of(12, 34, 56, 789_000_000), DataType.TIME, UTC, 1)).isEqualTo("12:34:56.789");
        assertThat(PgTextFormat.format(LocalDateTime.of(2024, 2, 29, 1, 2, 3, 120_000), DataType.TIMESTAMP, UTC, 1))
                .isEqualTo("2024-02-29 01:02:03.00012");
        assertThat(PgTextFormat.formatTimestampWithZone(OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                SessionSettings.resolveZone("GMT-05:00"))).isEqualTo("2024-01-01 05:00:00+05");
    }

    @Test
    void byteaArraysAndStructures() {
        assertThat(PgTextFormat.format(new byte[] {0, (byte) 0xff}, DataType.VARBINARY, UTC, 1)).isEqualTo("\\x00ff");
        assertThat(PgTextFormat.format(Arrays.asList("a b", null, "c\"d", "", "NULL", "x,y", "back\\\\slash"),
                DataType.array(DataType.VARCHAR), UTC, 1))
                .isEqualTo("{\"a b\",NULL,\"c\\\"d\",\"\",\"NULL\",\"x,y\",\"back\\\\\\\\slash\"}");
        assertThat(PgTextFormat.format(List.of(List.of(1, 2), List.of(3, 4)), DataType.array(DataType.array(DataType.INTEGER)), UTC, 1))
                .isEqualTo("{{1,2},{3,4}}");
        assertThat(PgTextFormat.format(List.of(), DataType.array(DataType.INTEGER), UTC, 1)).isEqualTo("{}");
        assertThat(PgTextFormat.format(List.of(new byte[] {1}), DataType.array(DataType.VARBINARY), UTC, 1)).isEqualTo("{\"\\\\x01\"}");
        assertThat(PgTextFormat.format(List.of(1.5), DataType.array(DataType.DOUBLE), UTC, 1)).isEqualTo("{1.5}");
        DataType row = DataType.row(List.of("id", "name", "tags"), List.of(DataType.INTEGER, DataType.VARCHAR, DataType.array(DataType.VARCHAR)));
        assertThat(PgTextFormat.format(List.of(7, "q\"uote", List.of("x")), row, UTC, 1))
                .isEqualTo("{\"id\":7,\"name\":\"q\\\"uote\",\"tags\":[\"x\"]}");
        assertThat(PgTextFormat.format(Map.of("k", new BigDecimal("1.50")), DataType.map(DataType.VARCHAR, DataType.decimal(5, 2)), UTC, 1))
                .isEqualTo("{\"k\":1.50}");
        assertThat(PgTextFormat.format(true, DataType.BOOLEAN, UTC, 1)).isEqualTo("t");
        assertThat(PgTextFormat.format(new BigDecimal("1E+3"), DataType.decimal(10, 0), UTC, 1)).isEqualTo("1000");
    }
}
