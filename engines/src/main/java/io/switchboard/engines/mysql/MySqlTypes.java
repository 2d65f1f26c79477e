package io.switchboard.engines.mysql;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.types.DataType;
import io.switchboard.core.types.TypeKind;
import io.switchboard.engines.jdbc.JdbcEngineFlavor.ColumnReader;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * MySQL's (and MariaDB's, and StarRocks') types in the neutral type system, recognised by the
 * names mysql-connector-j reports ({@code INT UNSIGNED}, {@code DATETIME}, {@code BIT}), and
 * readers that give each value the Java class its neutral type fixes.
 *
 * <p>Unsigned integers widen to the next signed type (BIGINT UNSIGNED to DECIMAL(20,0)).
 * {@code TINYINT(1)} and {@code BIT(1)} are BOOLEAN, wider BITs VARBINARY. DATETIME is a
 * TIMESTAMP; TIMESTAMP is a TIMESTAMP WITH TIME ZONE, read in the session time zone that the
 * engine pins to UTC. YEAR is SMALLINT. ENUM and SET arrive as CHAR, MariaDB's JSON as text.
 */
final class MySqlTypes {
    private MySqlTypes() {}

    static DataType columnType(ResultSetMetaData metaData, int column) throws SQLException {
        String name = metaData.getColumnTypeName(column);
        return parse(name == null ? "" : name, metaData.getColumnType(column), metaData.getPrecision(column),
                metaData.getScale(column));
    }

    /**
     * A type from the driver's name, its {@link Types} code and its precision and scale (for
     * temporal types the driver reports the display width, from which the fractional digits follow).
     */
    static DataType parse(String name, int jdbcType, int precision, int scale) {
        String upper = name.toUpperCase(Locale.ROOT).strip();
        boolean unsigned = upper.endsWith(" UNSIGNED");
        String base = unsigned ? upper.substring(0, upper.length() - " UNSIGNED".length()).strip() : upper;
        DataType type = switch (base) {
            case "BOOLEAN", "BOOL" -> DataType.BOOLEAN;
            case "BIT" -> precision <= 1 ? DataType.BOOLEAN : DataType.VARBINARY;
            case "TINYINT" -> unsigned ? DataType.SMALLINT : DataType.TINYINT;
            case "SMALLINT" -> unsigned ? DataType.INTEGER : DataType.SMALLINT;
            case "MEDIUMINT" -> DataType.INTEGER;
            case "INT", "INTEGER" -> unsigned ? DataType.BIGINT : DataType.INTEGER;
            case "BIGINT" -> unsigned ? DataType.decimal(20, 0) : DataType.BIGINT;
            // StarRocks' 128-bit integer.
            case "LARGEINT" -> DataType.decimal(39, 0);
            case "FLOAT" -> DataType.REAL;
            case "DOUBLE", "REAL" -> DataType.DOUBLE;
            case "DECIMAL", "NUMERIC", "DECIMALV2", "DECIMAL32", "DECIMAL64", "DECIMAL128" ->
                    DataType.decimal(Math.max(precision, 0), Math.max(scale, 0));
            case "CHAR" -> DataType.character(Math.max(precision, 0));
            case "VARCHAR" -> DataType.varchar(Math.max(precision, 0));
            case "TINYTEXT", "TEXT", "MEDIUMTEXT", "LONGTEXT", "STRING" -> DataType.VARCHAR;
            case "JSON" -> DataType.JSON;
            case "BINARY", "VARBINARY", "TINYBLOB", "BLOB", "MEDIUMBLOB", "LONGBLOB", "GEOMETRY" -> DataType.VARBINARY;
            case "DATE" -> DataType.DATE;
            case "DATETIME" -> temporal(TypeKind.TIMESTAMP, precision - 20);
            case "TIMESTAMP" -> temporal(TypeKind.TIMESTAMP_WITH_TIME_ZONE, precision - 20);
            case "TIME" -> temporal(TypeKind.TIME, precision - 11);
            case "YEAR" -> DataType.SMALLINT;
            default -> fromJdbcType(jdbcType);
        };
        return type.withEngineTypeName(name);
    }

    private static DataType fromJdbcType(int jdbcType) {
        return switch (jdbcType) {
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR -> DataType.VARCHAR;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY -> DataType.VARBINARY;
            default -> DataType.UNKNOWN;
        };
    }

    static ColumnReader readerFor(DataType type) {
        return switch (type.kind()) {
            case BOOLEAN -> (rs, column) -> {
                boolean value = rs.getBoolean(column);
                return rs.wasNull() ? null : value;
            };
            case TINYINT -> (rs, column) -> {
                byte value = rs.getByte(column);
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
            case DECIMAL -> (rs, column) -> rs.getBigDecimal(column);
            case VARBINARY -> (rs, column) -> rs.getBytes(column);
            case DATE -> (rs, column) -> rs.getObject(column, LocalDate.class);
            case TIMESTAMP -> (rs, column) -> rs.getObject(column, LocalDateTime.class);
            case TIMESTAMP_WITH_TIME_ZONE -> (rs, column) -> {
                LocalDateTime value = rs.getObject(column, LocalDateTime.class);
                return value == null ? null : value.atOffset(ZoneOffset.UTC);
            };
            case TIME -> (rs, column) -> time(rs.getString(column), type);
            default -> (rs, column) -> rs.getString(column);
        };
    }

    /** MySQL's TIME is also a duration (up to 838:59:59, negative too); only times of day have a TIME form. */
    private static LocalTime time(String text, DataType type) {
        if (text == null) {
            return null;
        }
        try {
            return LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new SwitchboardException(ErrorCode.INVALID_ARGUMENT, "MySQL returned the " + type.engineTypeName()
                    + " value '" + text + "', a duration rather than a time of day; cast it to CHAR to read it", "22008", e);
        }
    }

    private static DataType temporal(TypeKind kind, int fractionalDigits) {
        int digits = Math.max(0, Math.min(6, fractionalDigits));
        return new DataType(kind, digits, 0, List.of(), List.of(), null);
    }
}
