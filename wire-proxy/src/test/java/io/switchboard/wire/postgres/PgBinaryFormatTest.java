package io.switchboard.wire.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.types.DataType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Binary encodings compared with PostgreSQL 15's own {@code *_send} functions for the same values. */
final class PgBinaryFormatTest {

    @Test
    void resultValuesMatchPostgresSendFunctions() {
        assertThat(hex(new BigDecimal("12345.678"), DataType.decimal(8, 3))).isEqualTo("0003000100000003000109291a7c");
        assertThat(hex(new BigDecimal("-0.000123"), DataType.decimal(6, 6))).isEqualTo("0002ffff40000006000108fc");
        assertThat(hex(BigDecimal.ZERO, DataType.decimal(1, 0))).isEqualTo("0000000000000000");
        assertThat(hex(new BigDecimal("0.00"), DataType.decimal(3, 2))).isEqualTo("0000000000000002");
        assertThat(hex(new BigDecimal("10000"), DataType.decimal(5, 0))).isEqualTo("00010001000000000001");
        assertThat(hex(new BigDecimal("1E+20"), DataType.decimal(21, 0))).isEqualTo("00010005000000000001");
        assertThat(hex(new BigInteger("170141183460469231731687303715884105727"), DataType.HUGEINT))
                .isEqualTo("000a00090000000000aa0583209a01d5090d0c601c871bf620da165f");
        assertThat(hex(LocalDate.of(2024, 2, 29), DataType.DATE)).isEqualTo("00002279");
        assertThat(hex(LocalDate.of(1999, 12, 31), DataType.DATE)).isEqualTo("ffffffff");
        assertThat(hex(LocalTime.of(12, 34, 56, 789_000_000), DataType.TIME)).isEqualTo("0000000a8be62608");
        assertThat(hex(OffsetTime.of(12, 0, 0, 0, ZoneOffset.ofHoursMinutes(5, 30)), DataType.TIME_WITH_TIME_ZONE))
                .isEqualTo("0000000a0eebb000ffffb2a8");
        assertThat(hex(LocalDateTime.of(2024, 2, 29, 12, 34, 56, 123_456_000), DataType.TIMESTAMP)).isEqualTo("0002b58341685e40");
        assertThat(hex(OffsetDateTime.of(2000, 1, 1, 1, 0, 0, 0, ZoneOffset.ofHours(1)), DataType.TIMESTAMP_WITH_TIME_ZONE))
                .isEqualTo("0000000000000000");
        assertThat(hex("1 year 2 months 3 days 04:05:06.5", DataType.INTERVAL)).isEqualTo("000000036c9361a0000000030000000e");
        assertThat(hex(UUID.fromString("4a1f52e4-2b7c-4e6f-9f0b-3b2b7ff0a001"), DataType.UUID)).isEqualTo("4a1f52e42b7c4e6f9f0b3b2b7ff0a001");
        assertThat(hex(Arrays.asList(1, 2, null), DataType.array(DataType.INTEGER)))
                .isEqualTo("000000010000000100000017000000030000000100000004000000010000000400000002ffffffff");
        assertThat(hex(List.of(List.of(1, 2), List.of(3, 4)), DataType.array(DataType.array(DataType.INTEGER))))
                .isEqualTo("000000020000000000000017000000020000000100000002000000010000000400000001000000040000000200000004000000030000000400000004");
        assertThat(hex(List.of(), DataType.array(DataType.INTEGER))).isEqualTo("000000000000000000000017");
        assertThat(hex(List.of("a"), DataType.array(DataType.VARCHAR))).isEqualTo("00000001000000000000041300000001000000010000000161");
    }

    @Test
    void raggedArraysAreRefusedInBinary() {
        assertThatThrownBy(() -> hex(List.of(List.of(1, 2), List.of(3)), DataType.array(DataType.array(DataType.INTEGER))))
                .isInstanceOf(SwitchboardException.class)
                .hasMessageContaining("matching sizes");
    }

    @Test
    void parametersReadBackWhatPostgresSends() {
        assertThat(PgBinaryFormat.read(PgType.NUMERIC, bytes("0003000100000003000109291a7c"))).isEqualTo(new BigDecimal("12345.678"));
        assertThat(PgBinaryFormat.read(PgType.NUMERIC, bytes("0002ffff40000006000108fc"))).isEqualTo(new BigDecimal("-0.000123"));
        assertThat(PgBinaryFormat.read(PgType.NUMERIC, bytes("0000000000000002"))).isEqualTo(new BigDecimal("0.00"));
        assertThat(PgBinaryFormat.read(PgType.NUMERIC, bytes("00010005000000000001"))).isEqualTo(new BigDecimal("100000000000000000000"));
        assertThat(PgBinaryFormat.read(PgType.NUMERIC, bytes("00000000c0000000"))).isEqualTo("NaN");
        assertThat(PgBinaryFormat.read(PgType.DATE, bytes("00002279"))).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(PgBinaryFormat.read(PgType.DATE, bytes("7fffffff"))).isEqualTo("infinity");
        assertThat(PgBinaryFormat.read(PgType.TIMETZ, bytes("0000000a0eebb000ffffb2a8")))
                .isEqualTo(OffsetTime.of(12, 0, 0, 0, ZoneOffset.ofHoursMinutes(5, 30)));
        assertThat(PgBinaryFormat.read(PgType.TIMESTAMP, bytes("0002b58341685e40"))).isEqualTo(LocalDateTime.of(2024, 2, 29, 12, 34, 56, 123_456_000));
        assertThat(PgBinaryFormat.read(PgType.INTERVAL, bytes("000000036c9361a0000000030000000e"))).isEqualTo(new PgInterval(14, 3, 14_706_500_000L));
        assertThat(PgBinaryFormat.read(PgType.INT4.arrayType(), bytes(
                "000000020000000000000017000000020000000100000002000000010000000400000001000000040000000200000004000000030000000400000004")))
                .isEqualTo(List.of(List.of(1L, 2L), List.of(3L, 4L)));
        assertThat(PgBinaryFormat.read(PgType.BYTEA, new byte[] {1, 2})).isEqualTo(new byte[] {1, 2});
    }

    @Test
    void hugeNumericParametersStaySmall() {
        // weight 32767 and display scale 16383: ten to the 131068th, sent in 10 bytes
        Object value = PgBinaryFormat.read(PgType.NUMERIC, bytes("00017fff00003fff0001"));
        assertThat(value).isEqualTo(new BigDecimal("1E+131068"));
        assertThat(ParameterBinder.literal(PgType.NUMERIC, true, bytes("00017fff00003fff0001"), 1))
                .isEqualTo("CAST('1E+131068' AS NUMERIC)");
        assertThat(PgBinaryFormat.read(PgType.NUMERIC, bytes("0001000000003fff0001")).toString()).hasSizeLessThan(1100);
    }

    @Test
    void numericsRoundTrip() {
        for (String value : List.of("0", "1", "-1", "9999", "10000", "0.1", "0.0001", "123456789.987654321", "-5E+10", "1E-20",
                "99999999999999999999999999999999999999", "-0.00000000000000000000000000000000000001")) {
            BigDecimal number = new BigDecimal(value);
            ByteBuf out = Unpooled.buffer();
            PgBinaryFormat.writeNumeric(out, number);
            byte[] bytes = ByteBufUtil.getBytes(out);
            out.release();
            assertThat((BigDecimal) PgBinaryFormat.read(PgType.NUMERIC, bytes)).as(value).isEqualByComparingTo(number);
        }
    }

    @Test
    void malformedParametersAreRejected() {
        assertThatThrownBy(() -> PgBinaryFormat.read(PgType.INT4, new byte[] {1, 2})).isInstanceOf(SwitchboardException.class)
                .hasMessageContaining("insufficient data");
        assertThatThrownBy(() -> PgBinaryFormat.read(PgType.INT4, new byte[] {0, 0, 0, 1, 9})).isInstanceOf(SwitchboardException.class)
                .hasMessageContaining("extra data");
        assertThatThrownBy(() -> PgBinaryFormat.read(PgType.NUMERIC, bytes("0001000000000000ffff"))).isInstanceOf(SwitchboardException.class);
        assertThatThrownBy(() -> PgBinaryFormat.read(PgType.INT4.arrayType(), bytes("00000001000000000000001a")))
                .isInstanceOf(SwitchboardException.class).hasMessageContaining("does not match");
        // Two billion elements announced in a 20-byte value: refused before any allocation.
        assertThatThrownBy(() -> PgBinaryFormat.read(PgType.INT4.arrayType(), bytes("0000000100000000000000177fffffff00000001")))
                .isInstanceOf(SwitchboardException.class).hasMessageContaining("exceed");
        assertThatThrownBy(() -> PgBinaryFormat.read(PgType.TIME, bytes("7fffffffffffffff")))
                .isInstanceOf(SwitchboardException.class).hasMessageContaining("out of range");
        assertThatThrownBy(() -> PgBinaryFormat.read(PgType.TIMETZ, bytes("00000000000000000001ffff")))
                .isInstanceOf(SwitchboardException.class).hasMessageContaining("out of range");
        assertThatThrownBy(() -> PgBinaryFormat.read(PgType.TEXT, new byte[] {(byte) 0xc3, 0x28}))
                .isInstanceOf(SwitchboardException.class).hasMessageContaining("UTF8");
    }

    private static String hex(Object value, DataType type) {
        ByteBuf out = Unpooled.buffer();
        try {
            PgBinaryFormat.write(out, value, type, ZoneOffset.UTC);
            return ByteBufUtil.hexDump(out);
        } finally {
            out.release();
        }
    }

    private static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
