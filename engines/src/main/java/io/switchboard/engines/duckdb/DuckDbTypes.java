package io.switchboard.engines.duckdb;

import io.switchboard.core.types.DataType;
import io.switchboard.core.types.TypeKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Maps DuckDB's type names, as its JDBC driver reports them ({@code DECIMAL(15,2)},
 * {@code STRUCT("a b" INTEGER, c VARCHAR[])}, {@code MAP(VARCHAR, INTEGER[3])}), into the neutral
 * type system. The name is parsed rather than the JDBC type code read, because only the name
 * carries precision, scale and the shape of nested types. Every type keeps DuckDB's name in
 * {@link DataType#engineTypeName()}.
 *
 * <p>Unsigned integers widen to the next signed kind that holds every value; UBIGINT and
 * UHUGEINT become DECIMAL(20,0) and DECIMAL(39,0). ENUM becomes VARCHAR. Types the neutral system
 * does not model (UNION, BIT, VARIANT, GEOMETRY, user types) become UNKNOWN and travel as text.
 */
public final class DuckDbTypes {
    private DuckDbTypes() {}

    public static DataType parse(String duckDbTypeName) {
        String name = duckDbTypeName.strip();
        if (name.endsWith("]")) {
            int open = lastTopLevel(name, '[');
            if (open > 0) {
                return DataType.array(parse(name.substring(0, open))).withEngineTypeName(name);
            }
        }
        int paren = topLevelParenthesis(name);
        String base = (paren < 0 ? name : name.substring(0, paren)).strip().toUpperCase(Locale.ROOT);
        String arguments = paren < 0 || !name.endsWith(")") ? null : name.substring(paren + 1, name.length() - 1);
        return switch (base) {
            case "MAP" -> map(name, arguments);
            case "STRUCT", "ROW" -> struct(name, arguments);
            case "DECIMAL", "NUMERIC" -> decimal(name, arguments);
            default -> simple(base).withEngineTypeName(name);
        };
    }

    private static DataType simple(String base) {
        return switch (base) {
            case "BOOLEAN", "BOOL", "LOGICAL" -> DataType.BOOLEAN;
            case "TINYINT", "INT1" -> DataType.TINYINT;
            case "SMALLINT", "INT2", "SHORT", "UTINYINT" -> DataType.SMALLINT;
            case "INTEGER", "INT4", "INT", "SIGNED", "USMALLINT" -> DataType.INTEGER;
            case "BIGINT", "INT8", "LONG", "UINTEGER" -> DataType.BIGINT;
            case "HUGEINT", "INT128" -> DataType.HUGEINT;
            // Widened: the neutral system has no unsigned 64- and 128-bit kinds.
            case "UBIGINT" -> DataType.decimal(20, 0);
            case "UHUGEINT" -> DataType.decimal(39, 0);
            // Arbitrary-precision integers: a DECIMAL with no fixed precision.
            case "BIGNUM", "VARINT" -> DataType.decimal(0, 0);
            case "FLOAT", "FLOAT4", "REAL" -> DataType.REAL;
            case "DOUBLE", "FLOAT8" -> DataType.DOUBLE;
            case "VARCHAR", "STRING", "TEXT", "CHAR", "BPCHAR", "NVARCHAR", "ENUM" -> DataType.VARCHAR;
            case "BLOB", "BYTEA", "BINARY", "VARBINARY" -> DataType.VARBINARY;
            case "DATE" -> DataType.DATE;
            case "TIME" -> temporal(TypeKind.TIME, 6);
            case "TIME_NS" -> temporal(TypeKind.TIME, 9);
            case "TIME WITH TIME ZONE", "TIMETZ" -> temporal(TypeKind.TIME_WITH_TIME_ZONE, 6);
            case "TIMESTAMP", "DATETIME", "TIMESTAMP_US" -> temporal(TypeKind.TIMESTAMP, 6);
            case "TIMESTAMP_S" -> temporal(TypeKind.TIMESTAMP, 0);
            case "TIMESTAMP_MS" -> temporal(TypeKind.TIMESTAMP, 3);
            case "TIMESTAMP_NS" -> temporal(TypeKind.TIMESTAMP, 9);
            case "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ" -> temporal(TypeKind.TIMESTAMP_WITH_TIME_ZONE, 6);
            case "INTERVAL" -> DataType.INTERVAL;
            case "UUID" -> DataType.UUID;
            case "JSON" -> DataType.JSON;
            default -> DataType.UNKNOWN;
        };
    }

    private static DataType temporal(TypeKind kind, int fractionalDigits) {
        return new DataType(kind, fractionalDigits, 0, List.of(), List.of(), null);
    }

    private static DataType decimal(String name, String arguments) {
        if (arguments == null) {
            // DuckDB's DECIMAL without arguments is DECIMAL(18,3).
            return DataType.decimal(18, 3).withEngineTypeName(name);
        }
        List<String> parts = splitTopLevel(arguments);
        try {
            int precision = Integer.parseInt(parts.get(0).strip());
            int scale = parts.size() > 1 ? Integer.parseInt(parts.get(1).strip()) : 0;
            return DataType.decimal(precision, scale).withEngineTypeName(name);
        } catch (NumberFormatException e) {
            return DataType.UNKNOWN.withEngineTypeName(name);
        }
    }

    private static DataType map(String name, String arguments) {
        List<String> parts = arguments == null ? List.of() : splitTopLevel(arguments);
        if (parts.size() != 2) {
            return DataType.UNKNOWN.withEngineTypeName(name);
        }
        return DataType.map(parse(parts.get(0)), parse(parts.get(1))).withEngineTypeName(name);
    }

    private static DataType struct(String name, String arguments) {
        if (arguments == null) {
            return DataType.UNKNOWN.withEngineTypeName(name);
        }
        List<String> names = new ArrayList<>();
        List<DataType> types = new ArrayList<>();
        for (String field : splitTopLevel(arguments)) {
            String text = field.strip();
            int typeStart;
            String fieldName;
            if (text.startsWith("\"")) {
                StringBuilder unquoted = new StringBuilder();
                int i = 1;
                while (i < text.length()) {
                    char c = text.charAt(i);
                    if (c == '"') {
                        if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                            unquoted.append('"');
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    unquoted.append(c);
                    i++;
                }
                fieldName = unquoted.toString();
                typeStart = i + 1;
            } else {
                int space = text.indexOf(' ');
                if (space < 0) {
                    return DataType.UNKNOWN.withEngineTypeName(name);
                }
                fieldName = text.substring(0, space);
                typeStart = space;
            }
            names.add(fieldName);
            types.add(parse(text.substring(Math.min(typeStart, text.length()))));
        }
        return DataType.row(names, types).withEngineTypeName(name);
    }

    /** Splits at commas that are not inside parentheses, brackets or quotes. */
    static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    /** The index of the last {@code target} outside parentheses, brackets and quotes, or -1. */
    private static int lastTopLevel(String text, char target) {
        int depth = 0;
        char quote = 0;
        int found = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == target && depth == 0) {
                found = i;
                depth++;
            } else if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
            }
        }
        return found;
    }

    private static int topLevelParenthesis(String text) {
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '(') {
                return i;
            }
        }
        return -1;
    }
}
