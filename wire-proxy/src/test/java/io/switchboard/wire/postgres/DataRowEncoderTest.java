package io.switchboard.wire.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.result.Column;
import io.switchboard.core.types.DataType;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class DataRowEncoderTest {

    @Test
    void integersInTextAreWhatLongToStringPrints() {
        List<Object> values = List.of(0L, -1L, 7L, 42, -42, 1_000_000_007L, Integer.MIN_VALUE, Integer.MAX_VALUE,
                Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1, (short) -32768, (byte) 127, -10L, 10L, -9L);
        List<Column> columns = new ArrayList<>();
        for (Object value : values) {
            DataType type = value instanceof Short ? DataType.SMALLINT : value instanceof Byte ? DataType.TINYINT
                    : value instanceof Integer ? DataType.INTEGER : DataType.BIGINT;
            columns.add(new Column("c" + columns.size(), type));
        }
        assertThat(textValues(columns, values.toArray())).isEqualTo(values.stream().map(String::valueOf).toList());
    }

    @Test
    void anIntegerInADoubleColumnPrintsAsFloat8AndTextAsItIs() {
        // A double precision column prints as PostgreSQL prints float8, and text stays as it is.
        List<Column> columns = List.of(new Column("d", DataType.DOUBLE), new Column("s", DataType.VARCHAR));
        assertThat(textValues(columns, new Object[] {3, "12"})).containsExactly("3", "12");
        assertThat(textValues(columns, new Object[] {1e20, "-0"})).containsExactly("1e+20", "-0");
    }

    @Test
    void aValueThatCannotBeEncodedLeavesTheOutputAsItWas() {
        List<Column> columns = List.of(new Column("n", DataType.INTEGER), new Column("s", DataType.VARCHAR));
        DataRowEncoder encoder = DataRowEncoder.create(columns, new short[] {1}, ZoneOffset.UTC, 1);
        ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        try {
            encoder.dataRow(out, new Object[] {7, "fine"});
            int afterGoodRow = out.writerIndex();
            assertThatThrownBy(() -> encoder.dataRow(out, new Object[] {"not a number", "x"}))
                    .isInstanceOf(SwitchboardException.class).hasMessageContaining("column \"n\" of type INTEGER holds a String");
            assertThat(out.writerIndex()).isEqualTo(afterGoodRow);
            // A row of 100 KB goes out whole, and the encoder goes on with the next.
            String large = "x".repeat(100_000);
            encoder.dataRow(out, new Object[] {8, large});
            encoder.dataRow(out, new Object[] {9, "small"});
            assertThat(out.writerIndex() - afterGoodRow).isEqualTo((1 + 4 + 2 + 4 + 4 + 4 + 100_000) + (1 + 4 + 2 + 4 + 4 + 4 + 5));
        } finally {
            out.release();
        }
    }

    /** The text of each column of one DataRow. */
    private static List<String> textValues(List<Column> columns, Object[] row) {
        DataRowEncoder encoder = DataRowEncoder.create(columns, new short[0], ZoneOffset.UTC, 1);
        ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        try {
            encoder.dataRow(out, row);
            assertThat(out.readByte()).isEqualTo((byte) 'D');
            assertThat(out.readInt()).isEqualTo(out.readableBytes() + 4);
            int count = out.readShort();
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int length = out.readInt();
                texts.add(out.readCharSequence(length, StandardCharsets.UTF_8).toString());
            }
            assertThat(out.isReadable()).isFalse();
            return texts;
        } finally {
            out.release();
        }
    }
}
