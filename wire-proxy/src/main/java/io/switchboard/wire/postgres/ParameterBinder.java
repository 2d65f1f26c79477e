package io.switchboard.wire.postgres;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.sql.Dialect;
import io.switchboard.core.sql.SqlLexer;
import io.switchboard.core.sql.SqlToken;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Writes Bind values into the statement text as literals, so that guards, fingerprints and
 * records see complete SQL. This is an injection boundary: every value either passes a strict
 * check of its type's syntax (numbers, booleans) or is written inside a quoted literal with its
 * quotes doubled; placeholders are found with the SQL lexer, so {@code $1} inside a string, a
 * comment or a quoted name is left alone.
 *
 * <p>Literals follow PostgreSQL (the client's dialect) where the engines agree, and are chosen to
 * mean the same on DuckDB and the other engines where they do not: bytea is written as the
 * standard binary literal {@code X'0102'} (PostgreSQL's {@code '\x0102'} would silently become
 * other bytes on DuckDB; on PostgreSQL {@code X'...'} is a bit string and fails loudly), and arrays
 * as {@code CAST(ARRAY[...] AS type[])} rather than PostgreSQL's {@code '{...}'} text, which only
 * PostgreSQL reads.
 */
final class ParameterBinder {
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");
    private static final Pattern SPECIAL_FLOAT = Pattern.compile("[+-]?(nan|inf|infinity)", Pattern.CASE_INSENSITIVE);
    private static final BigInteger INT2_MAX = BigInteger.valueOf(Short.MAX_VALUE);
    private static final BigInteger INT2_MIN = BigInteger.valueOf(Short.MIN_VALUE);
    private static final BigInteger INT4_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final BigInteger INT4_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger INT8_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger INT8_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger OID_MAX = BigInteger.valueOf(4_294_967_295L);
    /** Longest plain numeric literal written; beyond it the value is cast from its text (no giant strings from 1e100000). */
    private static final int MAX_PLAIN_NUMERIC_LENGTH = 1000;

    private ParameterBinder() {}

    /** Where the {@code $n} placeholders of a statement are, found once when it is parsed. */
    record Placeholders(List<Placeholder> positions, int count) {
        Placeholders {
            positions = List.copyOf(positions);
        }
    }

    /** One {@code $n} occurrence: its span in the text and its 1-based number. */
    record Placeholder(int start, int end, int number) {}

    static Placeholders find(String sql) {
        List<Placeholder> positions = new ArrayList<>();
        int count = 0;
        for (SqlToken token : SqlLexer.tokenize(sql, Dialect.POSTGRES)) {
            // In PostgreSQL a bare '?' is an operator (jsonb), never a placeholder.
            if (token.type() != SqlToken.Type.PARAMETER || !token.text().startsWith("$")) {
                continue;
            }
            int number;
            try {
                number = Integer.parseInt(token.text().substring(1));
            } catch (NumberFormatException e) {
                number = Integer.MAX_VALUE;
            }
            if (number < 1 || number > 65535) {
                throw new SwitchboardException(ErrorCode.SYNTAX_ERROR, "there is no parameter " + token.text(), "42P02", null);
            }
            positions.add(new Placeholder(token.start(), token.end(), number));
            count = Math.max(count, number);
        }
        return new Placeholders(positions, count);
    }

    /**
     * The statement with every placeholder replaced by its value's literal.
     *
     * @param types the parameter types, index 0 for {@code $1}; null entries for unknown types
     * @param binary whether each value came in binary format
     * @param values raw values, null for SQL NULL
     */
    static String bind(String sql, Placeholders placeholders, PgType[] types, boolean[] binary, byte[][] values) {
        if (placeholders.positions().isEmpty()) {
            return sql;
        }
        String[] literals = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            literals[i] = literal(types[i], binary[i], values[i], i + 1);
        }
        StringBuilder out = new StringBuilder(sql.length() + 16 * values.length);
        int copied = 0;
        for (Placeholder placeholder : placeholders.positions()) {
            out.append(sql, copied, placeholder.start());
            String literal = literals[placeholder.number() - 1];
            // Keep the literal a separate token whatever surrounds the placeholder.
            if (placeholder.start() > 0 && joinsToken(sql.charAt(placeholder.start() - 1))) {
                out.append(' ');
            }
            out.append(literal);
            if (placeholder.end() < sql.length() && joinsToken(sql.charAt(placeholder.end()))) {
                out.append(' ');
            }
            copied = placeholder.end();
        }
        out.append(sql, copied, sql.length());
        return out.toString();
    }

    private static boolean joinsToken(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '\'' || c == '"' || c == '.';
    }

    static String literal(PgType type, boolean binary, byte[] value, int number) {
        if (value == null) {
            return type != null && type.sqlName() != null ? "CAST(NULL AS " + type.sqlName() + ")" : "NULL";
        }
        try {
            if (binary) {
                if (type == null) {
                    throw new SwitchboardException(ErrorCode.INVALID_ARGUMENT,
                            "parameter $" + number + " was sent in binary format without a type; declare its type in Parse",
                            "08P01", null);
                }
                return textLiteral(type, textOf(type, PgBinaryFormat.read(type, value)));
            }
            return textLiteral(type, Utf8.decode(value));
        } catch (SwitchboardException e) {
            throw new SwitchboardException(e.code(), e.getMessage() + " (parameter $" + number + ")", e.sqlState().orElse(null), e);
        }
    }

    /** The literal for a parameter given as PostgreSQL text of the given type (null: unknown type). */
    static String textLiteral(PgType type, String text) {
        if (type == null) {
            return quote(text);
        }
        if (type.isArray()) {
            return arrayLiteral(type, PgArrayLiteral.parse(text));
        }
        return switch (type.oid()) {
            case 16 -> booleanLiteral(text);
            case 21 -> integerLiteral(text, type, INT2_MIN, INT2_MAX);
            case 23 -> integerLiteral(text, type, INT4_MIN, INT4_MAX);
            case 20 -> integerLiteral(text, type, INT8_MIN, INT8_MAX);
            case 26 -> integerLiteral(text, type, BigInteger.ZERO, OID_MAX);
            case 700, 701 -> floatLiteral(text, type);
            case 1700 -> numericLiteral(text);
            case 17 -> byteaLiteral(decodeByteaText(text));
            case 1082, 1083, 1114, 1184, 1186, 1266, 2950, 114, 3802 -> "CAST(" + quote(text) + " AS " + type.sqlName() + ")";
            // text, varchar, bpchar, name, char, unknown and types Switchboard does not know:
            // an untyped string literal, which the engine resolves from context as PostgreSQL does.
            default -> quote(text);
        };
    }

    /** A string literal for standard_conforming_strings = on: only the quote is special. */
    static String quote(String text) {
        if (text.indexOf('\0') >= 0) {
            throw new SwitchboardException(ErrorCode.INVALID_ARGUMENT, "invalid byte sequence for encoding \"UTF8\": 0x00", "22021", null);
        }
        StringBuilder out = new StringBuilder(text.length() + 2).append('\'');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'') {
                out.append('\'');
            }
            out.append(c);
        }
        return out.append('\'').toString();
    }

    /** PostgreSQL's boolean input: unique prefixes of true/false/yes/no, on/off (two letters at least), 1/0. */
    private static String booleanLiteral(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (!value.isEmpty()) {
            if ("true".startsWith(value) || "yes".startsWith(value) || (value.length() >= 2 && "on".startsWith(value))
                    || value.equals("1")) {
                return "TRUE";
            }
            if ("false".startsWith(value) || "no".startsWith(value) || (value.length() >= 2 && "off".startsWith(value))
                    || value.equals("0")) {
                return "FALSE";
            }
        }
        throw invalidSyntax("boolean", text);
    }

    /**
     * An integer, checked digit by digit and against its type's range. An int4 is written bare
     * (that is its type as a literal everywhere, and guards read {@code LIMIT 10}); int2, int8 and
     * oid are cast, so the result has the type the statement was described with.
     */
    private static String integerLiteral(String text, PgType type, BigInteger min, BigInteger max) {
        String value = text.strip();
        if (!INTEGER.matcher(value).matches()) {
            throw invalidSyntax(type.oid() == 26 ? "oid" : type.sqlName().toLowerCase(Locale.ROOT), text);
        }
        BigInteger number = new BigInteger(value);
        if (number.compareTo(min) < 0 || number.compareTo(max) > 0) {
            throw new SwitchboardException(ErrorCode.INVALID_ARGUMENT,
                    "value \"" + value + "\" is out of range for type " + type.name(), "22003", null);
        }
        return type.oid() == 23 ? signed(number.toString()) : "CAST(" + number + " AS " + type.sqlName() + ")";
    }

    /**
     * The statement as the engine should describe it: each placeholder whose type the client
     * declared is cast to that type, so the engine infers what PostgreSQL would (a declared int8
     * stays int8). Text types stay untyped, as their values will be.
     */
    static String typedForDescribe(String sql, Placeholders placeholders, PgType[] declared) {
        if (placeholders.positions().isEmpty()) {
            return sql;
        }
        StringBuilder out = new StringBuilder(sql.length() + 32);
        int copied = 0;
        for (Placeholder placeholder : placeholders.positions()) {
            out.append(sql, copied, placeholder.start());
            String text = sql.substring(placeholder.start(), placeholder.end());
            PgType type = placeholder.number() <= declared.length ? declared[placeholder.number() - 1] : null;
            if (type != null && type.sqlName() != null) {
                out.append("CAST(").append(text).append(" AS ").append(type.sqlName()).append(')');
            } else {
                out.append(text);
            }
            copied = placeholder.end();
        }
        return out.append(sql, copied, sql.length()).toString();
    }

    private static String floatLiteral(String text, PgType type) {
        String value = text.strip();
        if (!DECIMAL.matcher(value).matches() && !SPECIAL_FLOAT.matcher(value).matches()) {
            throw invalidSyntax(type.oid() == 700 ? "real" : "double precision", text);
        }
        return "CAST(" + quote(value) + " AS " + type.sqlName() + ")";
    }

    private static String numericLiteral(String text) {
        String value = text.strip();
        if (SPECIAL_FLOAT.matcher(value).matches()) {
            return "CAST(" + quote(value) + " AS NUMERIC)";
        }
        if (!DECIMAL.matcher(value).matches()) {
            throw invalidSyntax("numeric", text);
        }
        BigDecimal number;
        try {
            number = new BigDecimal(value);
        } catch (NumberFormatException | ArithmeticException e) {
            throw invalidSyntax("numeric", text);
        }
        long plainLength = (long) number.precision() + Math.abs((long) number.scale());
        if (plainLength > MAX_PLAIN_NUMERIC_LENGTH) {
            return "CAST(" + quote(value) + " AS NUMERIC)";
        }
        return signed(number.toPlainString());
    }

    /** A negative number in parentheses, so that {@code x-$1} never becomes the comment {@code x--5}. */
    private static String signed(String number) {
        return number.startsWith("-") ? "(" + number + ")" : number;
    }

    static String byteaLiteral(byte[] bytes) {
        return "X'" + HexFormat.of().formatHex(bytes) + "'";
    }

    /** PostgreSQL's bytea input: {@code \x} followed by hex digit pairs, or the escape format with {@code \\} and {@code \ooo}. */
    static byte[] decodeByteaText(String text) {
        if (text.startsWith("\\x")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() / 2);
            int i = 2;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                    continue;
                }
                int high = Character.digit(c, 16);
                int low = i + 1 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
                if (high < 0 || low < 0) {
                    throw new SwitchboardException(ErrorCode.INVALID_ARGUMENT,
                            "invalid hexadecimal data in bytea value", "22P02", null);
                }
                out.write(high * 16 + low);
                i += 2;
            }
            return out.toByteArray();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '\\') {
                int end = i + Character.charCount(text.codePointAt(i));
                out.writeBytes(text.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end;
            } else if (i + 1 < text.length() && text.charAt(i + 1) == '\\') {
                out.write('\\');
                i += 2;
            } else if (isOctal(text, i + 1)) {
                out.write(Integer.parseInt(text.substring(i + 1, i + 4), 8));
                i += 4;
            } else {
                throw invalidSyntax("bytea", text);
            }
        }
        return out.toByteArray();
    }

    private static boolean isOctal(String text, int start) {
        if (start + 3 > text.length()) {
            return false;
        }
        char a = text.charAt(start);
        char b = text.charAt(start + 1);
        char c = text.charAt(start + 2);
        return a >= '0' && a <= '3' && b >= '0' && b <= '7' && c >= '0' && c <= '7';
    }

    private static String arrayLiteral(PgType arrayType, List<Object> elements) {
        PgType elementType = arrayType.elementType();
        int depth = depth(elements);
        StringBuilder out = new StringBuilder("CAST(");
        appendArray(out, elements, elementType);
        String base = elementType.sqlName() == null ? "VARCHAR" : elementType.sqlName();
        out.append(" AS ").append(base).append("[]".repeat(Math.max(1, depth))).append(')');
        return out.toString();
    }

    private static int depth(List<Object> elements) {
        int depth = 1;
        Object first = elements.isEmpty() ? null : elements.get(0);
        while (first instanceof List<?> inner) {
            depth++;
            first = inner.isEmpty() ? null : inner.get(0);
        }
        return depth;
    }

    private static void appendArray(StringBuilder out, List<?> elements, PgType elementType) {
        out.append("ARRAY[");
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            Object element = elements.get(i);
            if (element == null) {
                out.append("NULL");
            } else if (element instanceof List<?> inner) {
                appendArray(out, inner, elementType);
            } else {
                out.append(textLiteral(elementType, (String) element));
            }
        }
        out.append(']');
    }

    /** The PostgreSQL text of a value read from binary format, for {@link #textLiteral}. */
    static String textOf(PgType type, Object value) {
        if (value instanceof List<?> list) {
            StringBuilder out = new StringBuilder("{");
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                Object element = list.get(i);
                if (element == null) {
                    out.append("NULL");
                } else if (element instanceof List<?>) {
                    out.append(textOf(type, element));
                } else {
                    PgTextFormat.appendArrayElement(out, textOf(type.elementType(), element));
                }
            }
            return out.append('}').toString();
        }
        if (value instanceof Double number) {
            return type.oid() == 700 ? PgTextFormat.formatFloat(number.floatValue(), 1) : PgTextFormat.formatDouble(number, 1);
        }
        if (value instanceof BigDecimal number) {
            // Plain digits unless that would be huge (1E+100000 stays short).
            long plainLength = (long) number.precision() + Math.abs((long) number.scale());
            return plainLength <= MAX_PLAIN_NUMERIC_LENGTH ? number.toPlainString() : number.toString();
        }
        if (value instanceof Boolean flag) {
            return flag ? "true" : "false";
        }
        if (value instanceof byte[] bytes) {
            return PgTextFormat.formatBytea(bytes);
        }
        if (value instanceof LocalDate date) {
            return PgTextFormat.formatDate(date);
        }
        if (value instanceof LocalTime time) {
            return PgTextFormat.formatTime(time);
        }
        if (value instanceof OffsetTime time) {
            return PgTextFormat.formatTime(time.toLocalTime()) + PgTextFormat.formatOffset(time.getOffset());
        }
        if (value instanceof LocalDateTime timestamp) {
            return PgTextFormat.formatTimestamp(timestamp, null);
        }
        if (value instanceof OffsetDateTime timestamp) {
            return PgTextFormat.formatTimestamp(timestamp.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime(), ZoneOffset.UTC);
        }
        if (value instanceof PgInterval interval) {
            return interval.toPostgresText();
        }
        if (value instanceof UUID uuid) {
            return uuid.toString();
        }
        return value.toString();
    }

    private static SwitchboardException invalidSyntax(String typeName, String text) {
        String shown = text.length() > 100 ? text.substring(0, 100) + "..." : text;
        return new SwitchboardException(ErrorCode.INVALID_ARGUMENT,
                "invalid input syntax for type " + typeName + ": \"" + shown + "\"", "22P02", null);
    }
}
