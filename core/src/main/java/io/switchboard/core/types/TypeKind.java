package io.switchboard.core.types;

/**
 * The neutral types every engine's types map into and every frontend encodes from. Each kind
 * fixes the Java class its non-null values have inside a {@code RowBatch}, so that a frontend
 * never guesses:
 *
 * <table>
 * <caption>Java representation of values</caption>
 * <tr><th>kind</th><th>Java class</th></tr>
 * <tr><td>BOOLEAN</td><td>Boolean</td></tr>
 * <tr><td>TINYINT, SMALLINT, INTEGER, BIGINT</td><td>Byte, Short, Integer, Long</td></tr>
 * <tr><td>HUGEINT</td><td>java.math.BigInteger</td></tr>
 * <tr><td>REAL, DOUBLE</td><td>Float, Double</td></tr>
 * <tr><td>DECIMAL</td><td>java.math.BigDecimal</td></tr>
 * <tr><td>CHAR, VARCHAR, JSON, INTERVAL, UNKNOWN</td><td>String</td></tr>
 * <tr><td>VARBINARY</td><td>byte[]</td></tr>
 * <tr><td>DATE, TIME, TIME_WITH_TIME_ZONE</td><td>LocalDate, LocalTime, OffsetTime</td></tr>
 * <tr><td>TIMESTAMP, TIMESTAMP_WITH_TIME_ZONE</td><td>LocalDateTime, OffsetDateTime</td></tr>
 * <tr><td>UUID</td><td>java.util.UUID</td></tr>
 * <tr><td>ARRAY, ROW</td><td>java.util.List</td></tr>
 * <tr><td>MAP</td><td>java.util.Map</td></tr>
 * </table>
 */
public enum TypeKind {
    BOOLEAN,
    TINYINT,
    SMALLINT,
    INTEGER,
    BIGINT,
    HUGEINT,
    REAL,
    DOUBLE,
    DECIMAL,
    CHAR,
    VARCHAR,
    VARBINARY,
    JSON,
    DATE,
    TIME,
    TIME_WITH_TIME_ZONE,
    TIMESTAMP,
    TIMESTAMP_WITH_TIME_ZONE,
    INTERVAL,
    UUID,
    ARRAY,
    MAP,
    ROW,
    /** A type Switchboard does not model; values travel as their engine's text form. */
    UNKNOWN;

    public boolean isInteger() {
        return this == TINYINT || this == SMALLINT || this == INTEGER || this == BIGINT || this == HUGEINT;
    }

    public boolean isNumeric() {
        return isInteger() || this == REAL || this == DOUBLE || this == DECIMAL;
    }

    public boolean isText() {
        return this == CHAR || this == VARCHAR || this == JSON;
    }

    public boolean isTemporal() {
        return this == DATE || this == TIME || this == TIME_WITH_TIME_ZONE || this == TIMESTAMP
                || this == TIMESTAMP_WITH_TIME_ZONE;
    }
}
