package io.switchboard.engines.estimate;

import java.util.Locale;

/**
 * Bytes a value of a SQL type takes when read, for estimates that know rows but not bytes.
 * Fixed-size types take their size; text and binary an assumed average ({@link #VARIABLE}),
 * since statistics of average lengths are not at hand everywhere.
 */
public final class ColumnWidths {
    /** The assumed average width of a text or binary value. */
    public static final int VARIABLE = 16;

    private ColumnWidths() {}

    public static int of(String typeName) {
        String type = typeName.strip().toUpperCase(Locale.ROOT);
        int paren = type.indexOf('(');
        String base = (paren < 0 ? type : type.substring(0, paren)).strip();
        if (base.startsWith("NULLABLE") || base.startsWith("LOWCARDINALITY")) {
            // ClickHouse wrappers: the inner type decides.
            int close = type.lastIndexOf(')');
            return paren < 0 || close < paren ? VARIABLE : of(type.substring(paren + 1, close));
        }
        return switch (base) {
            case "BOOLEAN", "BOOL", "TINYINT", "UTINYINT", "INT8", "UINT8", "ENUM8" -> 1;
            case "SMALLINT", "USMALLINT", "INT16", "UINT16", "DATE", "ENUM16" -> base.equals("DATE") ? 4 : 2;
            case "INTEGER", "INT", "UINTEGER", "INT32", "UINT32", "REAL", "FLOAT", "FLOAT32", "DATETIME" -> 4;
            case "BIGINT", "UBIGINT", "INT64", "UINT64", "DOUBLE", "FLOAT64", "TIMESTAMP", "TIME", "TIMESTAMP WITH TIME ZONE",
                    "TIMESTAMPTZ", "TIME WITH TIME ZONE", "DATETIME64" -> 8;
            case "HUGEINT", "UHUGEINT", "INT128", "UINT128", "UUID", "INTERVAL" -> 16;
            case "DECIMAL", "NUMERIC" -> decimalWidth(type, paren);
            default -> VARIABLE;
        };
    }

    private static int decimalWidth(String type, int paren) {
        if (paren < 0) {
            return 8;
        }
        String inside = type.substring(paren + 1, Math.max(paren + 1, type.indexOf(')', paren)));
        try {
            int precision = Integer.parseInt(inside.split(",")[0].strip());
            return precision <= 4 ? 2 : precision <= 9 ? 4 : precision <= 18 ? 8 : 16;
        } catch (NumberFormatException e) {
            return 8;
        }
    }
}
