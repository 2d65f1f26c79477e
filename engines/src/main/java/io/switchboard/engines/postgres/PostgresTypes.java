package io.switchboard.engines.postgres;

import io.switchboard.core.types.DataType;
import io.switchboard.core.types.TypeKind;
import java.util.List;
import java.util.Locale;

/**
 * PostgreSQL's types in the neutral type system, recognised by their name in {@code pg_type}
 * ({@code int4}, {@code numeric}; arrays are handled by {@link PgTypeNames}); a type without a
 * neutral counterpart (network addresses, geometric types, ranges, enums) travels as its text
 * (UNKNOWN). {@link PgTextDecoder} reads the values.
 */
final class PostgresTypes {
    /** Lengths at or beyond PostgreSQL's limit for a declared length count as unbounded. */
    private static final int MAX_DECLARED_LENGTH = 10_485_760;
    private static final int MAX_NUMERIC_PRECISION = 1000;

    private PostgresTypes() {}

    /** A PostgreSQL type name with its precision and scale. */
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

    private static int bounded(int length) {
        return length > 0 && length < MAX_DECLARED_LENGTH ? length : 0;
    }

    private static DataType temporal(TypeKind kind, int fractionalDigits) {
        int digits = fractionalDigits >= 0 && fractionalDigits <= 6 ? fractionalDigits : 6;
        return new DataType(kind, digits, 0, List.of(), List.of(), null);
    }
}
