package io.switchboard.engines.flightsql;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.types.DataType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Reads values out of Arrow vectors into the Java classes that {@link io.switchboard.core.types.TypeKind}
 * fixes. A reader is built once per column and batch layout; times and timestamps are read from
 * their raw numbers (never through {@code java.sql} types or the JVM's zone), nested vectors
 * recursively. Nothing read here refers to Arrow memory afterwards: strings and byte arrays are
 * copies, so a batch outlives the Arrow buffers it came from.
 */
final class ArrowValues {
    private ArrowValues() {}

    /** Reads the value at one row of a vector. */
    @FunctionalInterface
    interface Reader {
        Object read(int row);
    }

    static Reader reader(FieldVector vector, DataType type) {
        Reader reader = valueReader(vector, type);
        return row -> {
            if (vector.isNull(row)) {
                return null;
            }
            try {
                return reader.read(row);
            } catch (RuntimeException e) {
                throw new SwitchboardException(ErrorCode.ENGINE_ERROR, "the Flight SQL server sent a value Switchboard cannot"
                        + " read as " + type.engineTypeName() + " in column " + vector.getName() + ": " + e.getMessage(), e);
            }
        };
    }

    private static Reader valueReader(FieldVector vector, DataType type) {
        return switch (type.kind()) {
            case BOOLEAN -> row -> ((BitVector) vector).get(row) != 0;
            case TINYINT -> row -> ((TinyIntVector) vector).get(row);
            case SMALLINT -> vector instanceof UInt1Vector unsigned
                    ? row -> (short) (unsigned.get(row) & 0xFF)
                    : row -> ((SmallIntVector) vector).get(row);
            case INTEGER -> vector instanceof UInt2Vector unsigned
                    ? row -> (int) unsigned.get(row)
                    : row -> ((IntVector) vector).get(row);
            case BIGINT -> vector instanceof UInt4Vector unsigned
                    ? row -> Integer.toUnsignedLong(unsigned.get(row))
                    : row -> ((BigIntVector) vector).get(row);
            case REAL -> vector instanceof Float2Vector half
                    ? row -> half.getValueAsFloat(row)
                    : row -> ((Float4Vector) vector).get(row);
            case DOUBLE -> row -> ((Float8Vector) vector).get(row);
            case DECIMAL -> vector instanceof UInt8Vector unsigned
                    ? row -> new BigDecimal(Long.toUnsignedString(unsigned.get(row)))
                    : row -> (BigDecimal) vector.getObject(row);
            case CHAR, VARCHAR -> row -> vector.getObject(row).toString();
            case VARBINARY -> row -> ((byte[]) vector.getObject(row)).clone();
            case DATE -> vector instanceof DateMilliVector millis
                    ? row -> LocalDate.ofEpochDay(Math.floorDiv(millis.get(row), 86_400_000L))
                    : row -> LocalDate.ofEpochDay(((DateDayVector) vector).get(row));
            case TIME -> time(vector);
            case TIMESTAMP, TIMESTAMP_WITH_TIME_ZONE -> timestamp((TimeStampVector) vector);
            case ARRAY -> array(vector, type.elementType());
            case ROW -> struct((StructVector) vector, type);
            case MAP -> map((MapVector) vector, type);
            case HUGEINT -> row -> new BigInteger(vector.getObject(row).toString());
            case INTERVAL, JSON, UNKNOWN, UUID, TIME_WITH_TIME_ZONE -> row -> String.valueOf(vector.getObject(row));
        };
    }

    private static Reader time(FieldVector vector) {
        if (vector instanceof TimeSecVector seconds) {
            return row -> LocalTime.ofSecondOfDay(seconds.get(row));
        }
        if (vector instanceof TimeMilliVector millis) {
            return row -> LocalTime.ofNanoOfDay(millis.get(row) * 1_000_000L);
        }
        if (vector instanceof TimeMicroVector micros) {
            return row -> LocalTime.ofNanoOfDay(micros.get(row) * 1_000L);
        }
        TimeNanoVector nanos = (TimeNanoVector) vector;
        return row -> LocalTime.ofNanoOfDay(nanos.get(row));
    }

    private static Reader timestamp(TimeStampVector vector) {
        ArrowType.Timestamp type = (ArrowType.Timestamp) vector.getField().getType();
        TimeUnit unit = type.getUnit();
        String zone = type.getTimezone();
        if (zone == null) {
            // No zone: the number counts from the epoch of the wall clock (Arrow's "local" timestamps).
            return row -> LocalDateTime.ofInstant(Instant.EPOCH.plus(toDuration(vector.get(row), unit)), ZoneOffset.UTC);
        }
        ZoneId zoneId = ZoneId.of(zone);
        return row -> {
            Instant instant = Instant.EPOCH.plus(toDuration(vector.get(row), unit));
            return instant.atZone(zoneId).toOffsetDateTime();
        };
    }

    private static Duration toDuration(long value, TimeUnit unit) {
        return switch (unit) {
            case SECOND -> Duration.ofSeconds(value);
            case MILLISECOND -> Duration.ofMillis(value);
            case MICROSECOND -> Duration.ofSeconds(Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1_000L);
            case NANOSECOND -> Duration.ofNanos(value);
        };
    }

    private static Reader array(FieldVector vector, DataType elementType) {
        if (vector instanceof FixedSizeListVector fixed) {
            Reader element = reader(fixed.getDataVector(), elementType);
            int size = fixed.getListSize();
            return row -> elements(element, row * size, row * size + size);
        }
        if (vector instanceof LargeListVector large) {
            Reader element = reader(large.getDataVector(), elementType);
            return row -> elements(element, Math.toIntExact(large.getElementStartIndex(row)),
                    Math.toIntExact(large.getElementEndIndex(row)));
        }
        ListVector list = (ListVector) vector;
        Reader element = reader(list.getDataVector(), elementType);
        return row -> elements(element, list.getElementStartIndex(row), list.getElementEndIndex(row));
    }

    private static List<Object> elements(Reader element, int start, int end) {
        List<Object> values = new ArrayList<>(end - start);
        for (int i = start; i < end; i++) {
            values.add(element.read(i));
        }
        return values;
    }

    private static Reader struct(StructVector vector, DataType type) {
        List<Reader> fields = new ArrayList<>();
        for (int i = 0; i < type.children().size(); i++) {
            fields.add(reader((FieldVector) vector.getChildByOrdinal(i), type.children().get(i)));
        }
        return row -> {
            List<Object> values = new ArrayList<>(fields.size());
            for (Reader field : fields) {
                values.add(field.read(row));
            }
            return values;
        };
    }

    private static Reader map(MapVector vector, DataType type) {
        StructVector entries = (StructVector) vector.getDataVector();
        Reader key = reader((FieldVector) entries.getChildByOrdinal(0), type.children().get(0));
        Reader value = reader((FieldVector) entries.getChildByOrdinal(1), type.children().get(1));
        return row -> {
            Map<Object, Object> values = new LinkedHashMap<>();
            for (int i = vector.getElementStartIndex(row); i < vector.getElementEndIndex(row); i++) {
                values.put(key.read(i), value.read(i));
            }
            return values;
        };
    }
}
