package io.switchboard.engines.flightsql;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.types.DataType;
import io.switchboard.core.types.TypeKind;
import io.switchboard.engines.testing.NeutralValues;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampNanoVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.complex.impl.UnionListWriter;
import org.apache.arrow.vector.complex.impl.UnionMapWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.util.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Arrow layouts FlightSqlExample never sends, read from real vectors built here: timestamps
 * without a zone and in a named zone, microsecond times, unsigned integers, lists with nulls,
 * structs and maps. Each value must come back in the class its neutral type fixes.
 */
final class ArrowValuesTest {
    private BufferAllocator allocator;

    @BeforeEach
    void open() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void close() {
        allocator.close();
    }

    @Test
    void timestampsWithoutZoneAreLocalAndWithZoneKeepTheInstant() {
        try (TimeStampNanoVector local = new TimeStampNanoVector("local", allocator);
                TimeStampMicroTZVector zoned = new TimeStampMicroTZVector("zoned", allocator, "Asia/Kolkata")) {
            local.allocateNew(2);
            local.set(0, -1L);
            local.setNull(1);
            local.setValueCount(2);
            zoned.allocateNew(1);
            zoned.set(0, 1_700_000_000_123_456L);
            zoned.setValueCount(1);
            assertThat(read(local)).containsExactly(LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_999), null);
            DataType zonedType = ArrowTypes.toDataType(zoned.getField());
            assertThat(zonedType.kind()).isEqualTo(TypeKind.TIMESTAMP_WITH_TIME_ZONE);
            assertThat(zonedType.precision()).isEqualTo(6);
            OffsetDateTime value = (OffsetDateTime) read(zoned).get(0);
            assertThat(value.getOffset()).isEqualTo(ZoneOffset.ofHoursMinutes(5, 30));
            assertThat(value.toInstant().getEpochSecond()).isEqualTo(1_700_000_000L);
            assertThat(value.getNano()).isEqualTo(123_456_000);
        }
    }

    @Test
    void timesAndUnsignedIntegers() {
        try (TimeMicroVector time = new TimeMicroVector("t", allocator);
                UInt1Vector small = new UInt1Vector("u1", allocator);
                UInt8Vector large = new UInt8Vector("u8", allocator)) {
            time.allocateNew(1);
            time.set(0, 86_399_999_999L);
            time.setValueCount(1);
            small.allocateNew(1);
            small.set(0, (byte) -1);
            small.setValueCount(1);
            large.allocateNew(1);
            large.set(0, -1L);
            large.setValueCount(1);
            assertThat(read(time)).containsExactly(LocalTime.of(23, 59, 59, 999_999_000));
            assertThat(read(small)).containsExactly((short) 255);
            assertThat(ArrowTypes.toDataType(large.getField()).kind()).isEqualTo(TypeKind.DECIMAL);
            assertThat(read(large)).containsExactly(new BigDecimal("18446744073709551615"));
        }
    }

    @Test
    void listsStructsAndMaps() {
        try (ListVector list = ListVector.empty("list", allocator);
                StructVector struct = StructVector.empty("struct", allocator);
                MapVector map = MapVector.empty("map", allocator, false)) {
            UnionListWriter listWriter = list.getWriter();
            listWriter.setPosition(0);
            listWriter.startList();
            listWriter.integer().writeInt(1);
            listWriter.integer().writeNull();
            listWriter.integer().writeInt(3);
            listWriter.endList();
            list.setValueCount(1);
            assertThat(read(list)).containsExactly(Arrays.asList(1, null, 3));

            IntVector id = struct.addOrGet("id", FieldType.nullable(new ArrowType.Int(32, true)), IntVector.class);
            VarCharVector name = struct.addOrGet("name", FieldType.nullable(ArrowType.Utf8.INSTANCE), VarCharVector.class);
            id.allocateNew(1);
            name.allocateNew(1);
            id.set(0, 7);
            name.setSafe(0, new Text("x"));
            struct.setIndexDefined(0);
            id.setValueCount(1);
            name.setValueCount(1);
            struct.setValueCount(1);
            DataType structType = ArrowTypes.toDataType(struct.getField());
            assertThat(structType.fieldNames()).containsExactly("id", "name");
            assertThat(read(struct)).containsExactly(List.of(7, "x"));

            UnionMapWriter mapWriter = map.getWriter();
            mapWriter.setPosition(0);
            mapWriter.startMap();
            mapWriter.startEntry();
            mapWriter.key().integer().writeInt(1);
            mapWriter.value().integer().writeInt(10);
            mapWriter.endEntry();
            mapWriter.endMap();
            map.setValueCount(1);
            DataType mapType = ArrowTypes.toDataType(map.getField());
            assertThat(mapType.kind()).isEqualTo(TypeKind.MAP);
            Object value = read(map).get(0);
            assertThat(value).isEqualTo(Map.of(1, 10));
            NeutralValues.assertHasNeutralClass(value, mapType);
        }
    }

    private static List<Object> read(FieldVector vector) {
        DataType type = ArrowTypes.toDataType(vector.getField());
        ArrowValues.Reader reader = ArrowValues.reader(vector, type);
        Object[] values = new Object[vector.getValueCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = reader.read(i);
            NeutralValues.assertHasNeutralClass(values[i], type);
        }
        return Arrays.asList(values);
    }
}
