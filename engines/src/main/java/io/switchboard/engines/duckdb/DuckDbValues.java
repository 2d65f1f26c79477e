package io.switchboard.engines.duckdb;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.types.DataType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.sql.Blob;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Struct;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns the objects DuckDB's JDBC driver hands out into the Java classes that
 * {@link io.switchboard.core.types.TypeKind} fixes for each neutral type: {@code DuckDBArray}
 * becomes a {@code List}, {@code DuckDBStruct} a {@code List} of field values, a JSON node its
 * text, {@code java.sql.Timestamp} a {@code LocalDateTime}, and so on, recursively.
 *
 * <p>A value of an unexpected class is an error, never passed on: a frontend trusts the classes.
 */
final class DuckDbValues {
    private DuckDbValues() {}

    /** Reads one column of the current row. */
    @FunctionalInterface
    interface ColumnReader {
        Object read(ResultSet resultSet, int column) throws SQLException;
    }

    static ColumnReader readerFor(DataType type) {
        return switch (type.kind()) {
            // Top-level timestamps are read through the java.time getter: java.sql.Timestamp
            // would pass through the JVM's calendar and mangle dates before 1582.
            case TIMESTAMP -> (resultSet, column) -> resultSet.getObject(column, LocalDateTime.class);
            case VARBINARY -> (resultSet, column) -> resultSet.getBytes(column);
            case UNKNOWN -> (resultSet, column) -> {
                Object value = resultSet.getObject(column);
                return value == null ? null : resultSet.getString(column);
            };
            default -> (resultSet, column) -> convert(resultSet.getObject(column), type);
        };
    }

    /** Converts a value as the driver returned it into the class of its neutral type. */
    static Object convert(Object value, DataType type) throws SQLException {
        if (value == null) {
            return null;
        }
        return switch (type.kind()) {
            case BOOLEAN -> expect(value, Boolean.class, type);
            case TINYINT -> value instanceof Byte ? value : Byte.valueOf(number(value, type).byteValue());
            case SMALLINT -> value instanceof Short ? value : Short.valueOf(number(value, type).shortValue());
            case INTEGER -> value instanceof Integer ? value : Integer.valueOf(number(value, type).intValue());
            case BIGINT -> value instanceof Long ? value : Long.valueOf(number(value, type).longValue());
            case HUGEINT -> value instanceof BigInteger big ? big : new BigInteger(number(value, type).toString());
            case REAL -> value instanceof Float ? value : Float.valueOf(number(value, type).floatValue());
            case DOUBLE -> value instanceof Double ? value : Double.valueOf(number(value, type).doubleValue());
            case DECIMAL -> decimal(value, type);
            case CHAR, VARCHAR, JSON, INTERVAL, UNKNOWN -> value.toString();
            case VARBINARY -> bytes(value, type);
            case DATE -> value instanceof java.sql.Date date ? date.toLocalDate() : expect(value, LocalDate.class, type);
            case TIME -> value instanceof java.sql.Time time ? time.toLocalTime() : expect(value, LocalTime.class, type);
            case TIME_WITH_TIME_ZONE -> expect(value, OffsetTime.class, type);
            case TIMESTAMP -> value instanceof Timestamp timestamp
                    ? timestamp.toLocalDateTime()
                    : expect(value, LocalDateTime.class, type);
            // DuckDB's session time zone is UTC unless set; the instant is what matters, so the
            // offset is normalised rather than left to the JVM's default zone.
            case TIMESTAMP_WITH_TIME_ZONE -> value instanceof Timestamp timestamp
                    ? timestamp.toInstant().atOffset(ZoneOffset.UTC)
                    : expect(value, OffsetDateTime.class, type).withOffsetSameInstant(ZoneOffset.UTC);
            case UUID -> value instanceof String text ? UUID.fromString(text) : expect(value, UUID.class, type);
            case ARRAY -> list(elements(value, type), type.elementType());
            case MAP -> map(value, type);
            case ROW -> row(value, type);
        };
    }

    private static Object decimal(Object value, DataType type) {
        if (value instanceof BigDecimal decimal) {
            return decimal;
        }
        if (value instanceof BigInteger integer) {
            return new BigDecimal(integer);
        }
        if (value instanceof Number || value instanceof String) {
            return new BigDecimal(value.toString());
        }
        throw unexpected(value, type);
    }

    private static byte[] bytes(Object value, DataType type) throws SQLException {
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof Blob blob) {
            return blob.getBytes(1, Math.toIntExact(blob.length()));
        }
        if (value instanceof ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return bytes;
        }
        throw unexpected(value, type);
    }

    private static Object[] elements(Object value, DataType type) throws SQLException {
        if (value instanceof java.sql.Array array) {
            return (Object[]) array.getArray();
        }
        if (value instanceof Object[] array) {
            return array;
        }
        if (value instanceof Collection<?> collection) {
            return collection.toArray();
        }
        throw unexpected(value, type);
    }

    private static List<Object> list(Object[] elements, DataType elementType) throws SQLException {
        Object[] converted = new Object[elements.length];
        for (int i = 0; i < elements.length; i++) {
            converted[i] = convert(elements[i], elementType);
        }
        // Arrays.asList keeps nulls, which List.of would reject; the wrapper keeps it read-only.
        return Collections.unmodifiableList(Arrays.asList(converted));
    }

    private static Map<Object, Object> map(Object value, DataType type) throws SQLException {
        if (!(value instanceof Map<?, ?> source)) {
            throw unexpected(value, type);
        }
        DataType keyType = type.children().get(0);
        DataType valueType = type.children().get(1);
        Map<Object, Object> converted = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : source.entrySet()) {
            converted.put(convert(entry.getKey(), keyType), convert(entry.getValue(), valueType));
        }
        return Collections.unmodifiableMap(converted);
    }

    private static List<Object> row(Object value, DataType type) throws SQLException {
        Object[] fields;
        if (value instanceof Struct struct) {
            fields = struct.getAttributes();
        } else if (value instanceof List<?> list) {
            fields = list.toArray();
        } else {
            throw unexpected(value, type);
        }
        if (fields.length != type.children().size()) {
            throw new SwitchboardException(ErrorCode.INTERNAL, "DuckDB returned " + fields.length + " fields for a value of type "
                    + type.engineTypeName() + " that has " + type.children().size());
        }
        Object[] converted = new Object[fields.length];
        for (int i = 0; i < fields.length; i++) {
            converted[i] = convert(fields[i], type.children().get(i));
        }
        return Collections.unmodifiableList(Arrays.asList(converted));
    }

    private static Number number(Object value, DataType type) {
        if (value instanceof Number number) {
            return number;
        }
        throw unexpected(value, type);
    }

    private static <T> T expect(Object value, Class<T> expected, DataType type) {
        if (expected.isInstance(value)) {
            return expected.cast(value);
        }
        throw unexpected(value, type);
    }

    private static SwitchboardException unexpected(Object value, DataType type) {
        return new SwitchboardException(ErrorCode.INTERNAL, "DuckDB returned a " + value.getClass().getName()
                + " for a value of type " + (type.engineTypeName().isEmpty() ? type.displayName() : type.engineTypeName()));
    }
}
