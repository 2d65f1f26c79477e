package io.switchboard.engines.postgres;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.types.DataType;
import io.switchboard.core.types.TypeKind;
import io.switchboard.engines.jdbc.JdbcEngineFlavor.ColumnReader;
import java.math.BigDecimal;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * PostgreSQL's types in the neutral type system, and readers that turn pgjdbc's values into the
 * Java classes each neutral type fixes. Types are recognised by their PostgreSQL name as pgjdbc
 * reports it ({@code int4}, {@code numeric}, {@code _text} for arrays); a type without a neutral
 * counterpart (network addresses, geometric types, ranges, enums) travels as its text (UNKNOWN).
 */
final class PostgresTypes {
    /** pgjdbc reports an unbounded varchar or numeric with a huge or zero precision. */
    private static final int MAX_DECLARED_LENGTH = 10_485_760;
    private static final int MAX_NUMERIC_PRECISION = 1000;

    private PostgresTypes() {}

    static DataType columnType(ResultSetMetaData metaData, int column) throws SQLException {
        String name = metaData.getColumnTypeName(column);
        int precision = metaData.getPrecision(column);
        int scale = metaData.getScale(column);
        if (name == null) {
            return DataType.UNKNOWN;
        }
        if (name.startsWith("_") || metaData.getColumnType(column) == Types.ARRAY) {
            String element = name.startsWith("_") ? name.substring(1) : name;
            return DataType.array(parse(element, 0, 0)).withEngineTypeName(element + "[]");
        }
        return parse(name, precision, scale);
    }

    /** A PostgreSQL type name (as pgjdbc reports it) with its precision and scale. */
    static DataType parse(String name, int precision, int scale) {
        String lower = name.toLowerCase(Locale.ROOT);
        DataType type = switch (lower) {
            case "bool", "boolean" -> DataType.BOOLEAN;
            case "int2", "smallint", "smallserial" -> DataType.SMALLINT;
            case "int4", "integer", "serial" -> DataType.INTEGER;
            case "int8", "bigint", "bigserial", "oid" -> DataType.BIGINT;
            case "float4", "real" -> DataType.REAL;
            case "float8", "double precision" -> DataType.DOUBLE;
            case "numeric", "decimal" -> precision > 0 && precision <= MAX_NUMERIC_PRECISION
                    ? DataType.decimal(precision, Math.max(0, scale))
                    : DataType.decimal(0, 0);
            case "bpchar", "character" -> DataType.character(bounded(precision));
            case "char" -> DataType.character(1);
            case "varchar", "character varying" -> DataType.varchar(bounded(precision));
            case "text", "name", "citext", "xml" -> DataType.VARCHAR;
            case "bytea" -> DataType.VARBINARY;
            case "date" -> DataType.DATE;
            case "time", "time without time zone" -> temporal(TypeKind.TIME, scale);
            case "timetz", "time with time zone" -> temporal(TypeKind.TIME_WITH_TIME_ZONE, scale);
            case "timestamp", "timestamp without time zone" -> temporal(TypeKind.TIMESTAMP, scale);
            case "timestamptz", "timestamp with time zone" -> temporal(TypeKind.TIMESTAMP_WITH_TIME_ZONE, scale);
            case "interval" -> DataType.INTERVAL;
            case "uuid" -> DataType.UUID;
            case "json", "jsonb" -> DataType.JSON;
            default -> DataType.UNKNOWN;
        };
        return type.withEngineTypeName(name);
    }

    static ColumnReader readerFor(DataType type) {
        return switch (type.kind()) {
            case BOOLEAN -> (rs, column) -> {
                boolean value = rs.getBoolean(column);
                return rs.wasNull() ? null : value;
            };
            case SMALLINT -> (rs, column) -> {
                short value = rs.getShort(column);
                return rs.wasNull() ? null : value;
            };
            case INTEGER -> (rs, column) -> {
                int value = rs.getInt(column);
                return rs.wasNull() ? null : value;
            };
            case BIGINT -> (rs, column) -> {
                long value = rs.getLong(column);
                return rs.wasNull() ? null : value;
            };
            case REAL -> (rs, column) -> {
                float value = rs.getFloat(column);
                return rs.wasNull() ? null : value;
            };
            case DOUBLE -> (rs, column) -> {
                double value = rs.getDouble(column);
                return rs.wasNull() ? null : value;
            };
            case DECIMAL -> (rs, column) -> {
                String text = rs.getString(column);
                return text == null ? null : decimal(text, type);
            };
            case VARBINARY -> (rs, column) -> rs.getBytes(column);
            case DATE -> (rs, column) -> rs.getObject(column, LocalDate.class);
            case TIME -> (rs, column) -> rs.getObject(column, LocalTime.class);
            case TIME_WITH_TIME_ZONE -> (rs, column) -> rs.getObject(column, OffsetTime.class);
            case TIMESTAMP -> (rs, column) -> rs.getObject(column, LocalDateTime.class);
            // pgjdbc gives timestamptz values in UTC, whatever the session's time zone.
            case TIMESTAMP_WITH_TIME_ZONE -> (rs, column) -> rs.getObject(column, OffsetDateTime.class);
            case UUID -> (rs, column) -> rs.getObject(column, UUID.class);
            case ARRAY -> (rs, column) -> {
                java.sql.Array array = rs.getArray(column);
                if (array == null) {
                    return null;
                }
                try {
                    return list((Object[]) array.getArray(), type.elementType());
                } finally {
                    array.free();
                }
            };
            default -> (rs, column) -> rs.getString(column);
        };
    }

    /** numeric's text; NaN and infinities have no DECIMAL form and are reported, never passed on. */
    private static BigDecimal decimal(String text, DataType type) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new SwitchboardException(ErrorCode.INVALID_ARGUMENT, "PostgreSQL returned the " + type.engineTypeName()
                    + " value '" + text + "', which has no DECIMAL form; cast it to double precision or text", "22003", e);
        }
    }

    /** pgjdbc's array elements (boxed numbers, java.sql dates, byte arrays) as the element type's class. */
    private static List<Object> list(Object[] elements, DataType elementType) {
        Object[] converted = new Object[elements.length];
        for (int i = 0; i < elements.length; i++) {
            converted[i] = element(elements[i], elementType);
        }
        return Collections.unmodifiableList(Arrays.asList(converted));
    }

    private static Object element(Object value, DataType type) {
        if (value == null) {
            return null;
        }
        if (value instanceof Object[] nested) {
            // A multi-dimensional array: PostgreSQL's type does not say how many dimensions.
            return list(nested, type);
        }
        return switch (type.kind()) {
            case BOOLEAN -> (Boolean) value;
            case SMALLINT -> ((Number) value).shortValue();
            case INTEGER -> ((Number) value).intValue();
            case BIGINT -> ((Number) value).longValue();
            case REAL -> ((Number) value).floatValue();
            case DOUBLE -> ((Number) value).doubleValue();
            case DECIMAL -> value instanceof BigDecimal decimal ? decimal : decimal(value.toString(), type);
            case VARBINARY -> (byte[]) value;
            case DATE -> value instanceof java.sql.Date date ? date.toLocalDate() : LocalDate.parse(value.toString());
            case TIME -> value instanceof java.sql.Time time ? time.toLocalTime() : LocalTime.parse(value.toString());
            case TIMESTAMP -> value instanceof Timestamp timestamp
                    ? timestamp.toLocalDateTime()
                    : LocalDateTime.parse(value.toString().replace(' ', 'T'));
            case TIMESTAMP_WITH_TIME_ZONE -> value instanceof Timestamp timestamp
                    ? timestamp.toInstant().atOffset(ZoneOffset.UTC)
                    : OffsetDateTime.parse(value.toString());
            case UUID -> value instanceof UUID uuid ? uuid : UUID.fromString(value.toString());
            default -> value.toString();
        };
    }

    private static int bounded(int length) {
        return length > 0 && length < MAX_DECLARED_LENGTH ? length : 0;
    }

    private static DataType temporal(TypeKind kind, int fractionalDigits) {
        int digits = fractionalDigits >= 0 && fractionalDigits <= 6 ? fractionalDigits : 6;
        return new DataType(kind, digits, 0, List.of(), List.of(), null);
    }
}
