package io.switchboard.engines.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.types.DataType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The text forms PostgreSQL sends (DateStyle ISO) decoded into the neutral types' Java classes, edge cases included. */
final class PgTextDecoderTest {
    private static Object decode(DataType type, String text) {
        byte[] bytes = ("xx" + text).getBytes(StandardCharsets.UTF_8);
        return PgTextDecoder.forType(type).decode(bytes, 2, bytes.length - 2);
    }

    @Test
    void integersIncludingTheirLimits() {
        assertThat(decode(DataType.BIGINT, "-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(decode(DataType.BIGINT, "9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(decode(DataType.INTEGER, "-2147483648")).isEqualTo(Integer.MIN_VALUE);
        assertThat(decode(DataType.SMALLINT, "32767")).isEqualTo((short) 32767);
        assertThat(decode(DataType.BIGINT, "0")).isEqualTo(0L);
        assertThat(PgTextDecoder.parseLong("+17".getBytes(StandardCharsets.US_ASCII), 0, 3)).isEqualTo(17L);
    }

    @Test
    void floatsWithTheirSpecialValues() {
        assertThat(decode(DataType.DOUBLE, "NaN")).isEqualTo(Double.NaN);
        assertThat(decode(DataType.DOUBLE, "-Infinity")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(decode(DataType.REAL, "1.1")).isEqualTo(1.1f);
        assertThat(decode(DataType.DOUBLE, "0.30000000000000004")).isEqualTo(0.1 + 0.2);
    }

    @Test
    void numericWithoutADecimalFormIsAnError() {
        assertThat(decode(DataType.decimal(10, 2), "-12.50")).isEqualTo(new BigDecimal("-12.50"));
        assertThatThrownBy(() -> decode(DataType.decimal(0, 0).withEngineTypeName("numeric"), "NaN"))
                .isInstanceOf(SwitchboardException.class).hasMessageContaining("no DECIMAL form");
    }

    @Test
    void byteaInHexAndEscapeFormat() {
        assertThat((byte[]) decode(DataType.VARBINARY, "\\x00ff10")).containsExactly(0x00, 0xff, 0x10);
        assertThat((byte[]) decode(DataType.VARBINARY, "a\\000\\\\b")).containsExactly('a', 0, '\\', 'b');
        assertThat((byte[]) decode(DataType.VARBINARY, "\\x")).isEmpty();
    }

    @Test
    void datesAndTimesIncludingBcInfinityAndMidnightAtTheEnd() {
        assertThat(decode(DataType.DATE, "2024-02-29")).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(decode(DataType.DATE, "0044-03-15 BC")).isEqualTo(LocalDate.of(-43, 3, 15));
        assertThat(decode(DataType.DATE, "infinity")).isEqualTo(LocalDate.MAX);
        assertThat(decode(DataType.DATE, "-infinity")).isEqualTo(LocalDate.MIN);
        assertThat(decode(DataType.TIME, "24:00:00")).isEqualTo(LocalTime.MAX);
        assertThat(decode(DataType.TIME, "01:02:03.5")).isEqualTo(LocalTime.of(1, 2, 3, 500_000_000));
        assertThat(decode(DataType.TIME_WITH_TIME_ZONE, "12:34:56.25-05:30"))
                .isEqualTo(OffsetTime.of(12, 34, 56, 250_000_000, ZoneOffset.ofHoursMinutes(-5, -30)));
        assertThat(decode(DataType.TIMESTAMP, "1999-12-31 23:59:59.999999"))
                .isEqualTo(LocalDateTime.of(1999, 12, 31, 23, 59, 59, 999_999_000));
        assertThat(decode(DataType.TIMESTAMP, "0001-01-01 00:00:00 BC")).isEqualTo(LocalDateTime.of(0, 1, 1, 0, 0));
        assertThat(decode(DataType.TIMESTAMP, "infinity")).isEqualTo(LocalDateTime.MAX);
        assertThat(decode(DataType.TIMESTAMP_WITH_TIME_ZONE, "2024-02-29 12:00:00.5+02"))
                .isEqualTo(OffsetDateTime.of(2024, 2, 29, 10, 0, 0, 500_000_000, ZoneOffset.UTC));
        // Historic local mean time has seconds in its offset.
        assertThat(decode(DataType.TIMESTAMP_WITH_TIME_ZONE, "1850-01-01 00:00:00+00:53:28"))
                .isEqualTo(OffsetDateTime.of(1849, 12, 31, 23, 6, 32, 0, ZoneOffset.UTC));
        assertThat(decode(DataType.TIMESTAMP_WITH_TIME_ZONE, "-infinity")).isEqualTo(OffsetDateTime.MIN);
    }

    @Test
    void arraysWithNullsQuotesAndNesting() {
        assertThat(decode(DataType.array(DataType.INTEGER), "{1,NULL,3}")).isEqualTo(Arrays.asList(1, null, 3));
        assertThat(decode(DataType.array(DataType.VARCHAR), "{\"a b\",\"c\\\"d\",\"NULL\",e,\"\"}"))
                .isEqualTo(List.of("a b", "c\"d", "NULL", "e", ""));
        assertThat(decode(DataType.array(DataType.INTEGER), "{{1,2},{3,4}}")).isEqualTo(List.of(List.of(1, 2), List.of(3, 4)));
        assertThat(decode(DataType.array(DataType.INTEGER), "[0:1]={5,6}")).isEqualTo(List.of(5, 6));
        assertThat(decode(DataType.array(DataType.INTEGER), "{}")).isEqualTo(List.of());
        assertThat(decode(DataType.array(DataType.VARCHAR), "{\"héllo\"}")).isEqualTo(List.of("héllo"));
    }

    @Test
    void typeModifiersGivePrecisionScaleAndFractionalDigits() {
        assertThat(PgTypeNames.dataType(1700, ((12 << 16) | 3) + 4, oid -> PgTypeNames.BUILT_IN.get(oid)))
                .isEqualTo(DataType.decimal(12, 3).withEngineTypeName("numeric"));
        assertThat(PgTypeNames.dataType(1043, 14, PgTypeNames.BUILT_IN::get).precision()).isEqualTo(10);
        assertThat(PgTypeNames.dataType(1114, -1, PgTypeNames.BUILT_IN::get).precision()).isEqualTo(6);
        assertThat(PgTypeNames.dataType(1007, -1, PgTypeNames.BUILT_IN::get).elementType()).isEqualTo(
                DataType.INTEGER.withEngineTypeName("int4"));
        assertThat(PgTypeNames.dataType(99999, -1, oid -> null)).isEqualTo(DataType.UNKNOWN);
    }
}
