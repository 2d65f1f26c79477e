package io.switchboard.wire.postgres;

import io.switchboard.core.types.DataType;
import io.switchboard.core.types.TypeKind;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes values in PostgreSQL's text format, the way a PostgreSQL 15 server with
 * {@code DateStyle=ISO}, {@code IntervalStyle=postgres} and {@code bytea_output=hex} prints them,
 * so that clients parse them as they would PostgreSQL's own.
 */
final class PgTextFormat {
    private static final HexFormat HEX = HexFormat.of();

    private PgTextFormat() {}

    /**
     * The text of a non-null value of the given neutral type.
     *
     * @param zone the session's {@code TimeZone}, in which timestamps with time zone are shown
     * @param extraFloatDigits the session's {@code extra_float_digits}: above 0 the shortest exact
     *     form, else rounded to 15 (6 for REAL) plus this many significant digits
     */
    static String format(Object value, DataType type, ZoneId zone, int extraFloatDigits) {
        if (value instanceof String text) {
            // Text kinds, intervals and values of types Switchboard does not model travel as the engine printed them.
            return type.kind() == TypeKind.INTERVAL ? formatInterval(text) : text;
        }
        return switch (type.kind()) {
            case BOOLEAN -> value instanceof Boolean b ? (b ? "t" : "f") : value.toString();
            case REAL -> value instanceof Number n ? formatFloat(n.floatValue(), extraFloatDigits) : value.toString();
            case DOUBLE -> value instanceof Number n ? formatDouble(n.doubleValue(), extraFloatDigits) : value.toString();
            case DECIMAL -> value instanceof BigDecimal d ? d.toPlainString() : value.toString();
            case VARBINARY -> value instanceof byte[] bytes ? formatBytea(bytes) : value.toString();
            case DATE -> value instanceof LocalDate date ? formatDate(date) : value.toString();
            case TIME -> value instanceof LocalTime time ? formatTime(time) : value.toString();
            case TIME_WITH_TIME_ZONE -> value instanceof OffsetTime time
                    ? formatTime(time.toLocalTime()) + formatOffset(time.getOffset()) : value.toString();
            case TIMESTAMP -> value instanceof LocalDateTime timestamp ? formatTimestamp(timestamp, null) : value.toString();
            case TIMESTAMP_WITH_TIME_ZONE -> value instanceof OffsetDateTime timestamp
                    ? formatTimestampWithZone(timestamp, zone) : value.toString();
            case ARRAY -> value instanceof List<?> list ? formatArray(list, type.elementType(), zone, extraFloatDigits) : value.toString();
            case MAP, ROW -> JsonText.of(value, type, zone);
            default -> value.toString();
        };
    }

    static String formatBytea(byte[] bytes) {
        StringBuilder out = new StringBuilder(2 + bytes.length * 2).append("\\x");
        return HEX.formatHex(out, bytes).toString();
    }

    static String formatInterval(String engineText) {
        PgInterval interval = PgInterval.parse(engineText);
        return interval == null ? engineText : interval.toPostgresText();
    }

    // ---- numbers ----

    static String formatDouble(double value, int extraFloatDigits) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        if (extraFloatDigits > 0) {
            // Java prints the shortest decimal that reads back exactly, as PostgreSQL 12+ does.
            return shortest(new BigDecimal(Double.toString(value)), value, 15);
        }
        return rounded(value, Math.max(1, 15 + extraFloatDigits));
    }

    static String formatFloat(float value, int extraFloatDigits) {
        if (Float.isNaN(value)) {
            return "NaN";
        }
        if (Float.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        if (extraFloatDigits > 0) {
            return shortest(new BigDecimal(Float.toString(value)), value, 6);
        }
        return rounded(value, Math.max(1, 6 + extraFloatDigits));
    }

    /** Fixed notation for exponents in [-4, fixedLimit), else {@code d.ddde+XX}, as PostgreSQL's ryu output. */
    private static String shortest(BigDecimal decimal, double original, int fixedLimit) {
        if (decimal.signum() == 0) {
            return (1 / original) < 0 ? "-0" : "0";
        }
        BigDecimal stripped = decimal.stripTrailingZeros();
        String digits = stripped.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - stripped.scale();
        return layout(stripped.signum() < 0, digits, exponent, fixedLimit);
    }

    /** C's {@code %.Ng}: N significant digits, trailing zeros removed. */
    private static String rounded(double value, int significantDigits) {
        if (value == 0) {
            return (1 / value) < 0 ? "-0" : "0";
        }
        BigDecimal decimal = new BigDecimal(value).round(new MathContext(significantDigits, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        String digits = decimal.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - decimal.scale();
        return layout(decimal.signum() < 0, digits, exponent, significantDigits);
    }

    private static String layout(boolean negative, String digits, int exponent, int fixedLimit) {
        StringBuilder out = new StringBuilder(digits.length() + 8);
        if (negative) {
            out.append('-');
        }
        if (exponent >= -4 && exponent < fixedLimit) {
            if (exponent < 0) {
                out.append("0.");
                out.repeat('0', -exponent - 1);
                out.append(digits);
            } else if (digits.length() <= exponent + 1) {
                out.append(digits);
                out.repeat('0', exponent + 1 - digits.length());
            } else {
                out.append(digits, 0, exponent + 1).append('.').append(digits, exponent + 1, digits.length());
            }
            return out.toString();
        }
        out.append(digits.charAt(0));
        if (digits.length() > 1) {
            out.append('.').append(digits, 1, digits.length());
        }
        out.append('e').append(exponent < 0 ? '-' : '+');
        int magnitude = Math.abs(exponent);
        if (magnitude < 10) {
            out.append('0');
        }
        return out.append(magnitude).toString();
    }

    // ---- dates and times ----

    static String formatDate(LocalDate date) {
        StringBuilder out = new StringBuilder(13);
        appendDate(out, date);
        if (date.getYear() <= 0) {
            out.append(" BC");
        }
        return out.toString();
    }

    static String formatTime(LocalTime time) {
        StringBuilder out = new StringBuilder(15);
        appendTime(out, time);
        return out.toString();
    }

    static String formatTimestamp(LocalDateTime timestamp, ZoneOffset offset) {
        StringBuilder out = new StringBuilder(32);
        appendDate(out, timestamp.toLocalDate());
        out.append(' ');
        appendTime(out, timestamp.toLocalTime());
        if (offset != null) {
            out.append(formatOffset(offset));
        }
        if (timestamp.getYear() <= 0) {
            out.append(" BC");
        }
        return out.toString();
    }

    static String formatTimestampWithZone(OffsetDateTime timestamp, ZoneId zone) {
        ZonedDateTime local = timestamp.atZoneSameInstant(zone);
        return formatTimestamp(local.toLocalDateTime(), local.getOffset());
    }

    /** {@code +02}, {@code -03:30}, {@code +05:53:28}: PostgreSQL omits zero minutes and seconds. */
    static String formatOffset(ZoneOffset offset) {
        int total = offset.getTotalSeconds();
        int magnitude = Math.abs(total);
        StringBuilder out = new StringBuilder(9).append(total < 0 ? '-' : '+');
        appendTwoDigits(out, magnitude / 3600);
        int minutes = (magnitude % 3600) / 60;
        int seconds = magnitude % 60;
        if (minutes != 0 || seconds != 0) {
            out.append(':');
            appendTwoDigits(out, minutes);
        }
        if (seconds != 0) {
            out.append(':');
            appendTwoDigits(out, seconds);
        }
        return out.toString();
    }

    private static void appendDate(StringBuilder out, LocalDate date) {
        // ISO years: 0 is 1 BC, -1 is 2 BC.
        int year = date.getYear() <= 0 ? 1 - date.getYear() : date.getYear();
        String digits = Integer.toString(year);
        out.repeat('0', Math.max(0, 4 - digits.length())).append(digits).append('-');
        appendTwoDigits(out, date.getMonthValue());
        out.append('-');
        appendTwoDigits(out, date.getDayOfMonth());
    }

    private static void appendTime(StringBuilder out, LocalTime time) {
        appendTwoDigits(out, time.getHour());
        out.append(':');
        appendTwoDigits(out, time.getMinute());
        out.append(':');
        appendTwoDigits(out, time.getSecond());
        appendFraction(out, time.getNano() / 1_000);
    }

    /** Microseconds as {@code .ffffff} without trailing zeros; nothing when zero. */
    static void appendFraction(StringBuilder out, long micros) {
        if (micros == 0) {
            return;
        }
        String digits = Long.toString(micros);
        out.append('.');
        out.repeat('0', 6 - digits.length());
        int end = digits.length();
        while (digits.charAt(end - 1) == '0') {
            end--;
        }
        out.append(digits, 0, end);
    }

    private static void appendTwoDigits(StringBuilder out, int value) {
        if (value < 10) {
            out.append('0');
        }
        out.append(value);
    }

    // ---- arrays ----

    static String formatArray(List<?> elements, DataType elementType, ZoneId zone, int extraFloatDigits) {
        StringBuilder out = new StringBuilder(elements.size() * 8 + 2);
        appendArray(out, elements, elementType, zone, extraFloatDigits);
        return out.toString();
    }

    private static void appendArray(StringBuilder out, List<?> elements, DataType elementType, ZoneId zone, int extraFloatDigits) {
        out.append('{');
        Iterator<?> iterator = elements.iterator();
        while (iterator.hasNext()) {
            Object element = iterator.next();
            if (element == null) {
                out.append("NULL");
            } else if (elementType.kind() == TypeKind.ARRAY && element instanceof List<?> inner) {
                appendArray(out, inner, elementType.elementType(), zone, extraFloatDigits);
            } else {
                appendArrayElement(out, format(element, elementType, zone, extraFloatDigits));
            }
            if (iterator.hasNext()) {
                out.append(',');
            }
        }
        out.append('}');
    }

    /** Quotes an element as {@code array_out} does: when empty, NULL-like, or holding syntax characters or spaces. */
    static void appendArrayElement(StringBuilder out, String text) {
        boolean quote = text.isEmpty() || text.equalsIgnoreCase("NULL");
        for (int i = 0; i < text.length() && !quote; i++) {
            char c = text.charAt(i);
            quote = c == '{' || c == '}' || c == ',' || c == '"' || c == '\\' || Character.isWhitespace(c);
        }
        if (!quote) {
            out.append(text);
            return;
        }
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('"');
    }

    /** MAP and ROW values as JSON text (PostgreSQL has no map type; a JSON object keeps names and nesting). */
    static final class JsonText {
        private JsonText() {}

        static String of(Object value, DataType type, ZoneId zone) {
            StringBuilder out = new StringBuilder();
            append(out, value, type, zone);
            return out.toString();
        }

        private static void append(StringBuilder out, Object value, DataType type, ZoneId zone) {
            if (value == null) {
                out.append("null");
                return;
            }
            switch (type.kind()) {
                case BOOLEAN -> out.append(value);
                case TINYINT, SMALLINT, INTEGER, BIGINT, HUGEINT -> out.append(value);
                case DECIMAL -> out.append(value instanceof BigDecimal d ? d.toPlainString() : value.toString());
                case REAL, DOUBLE -> {
                    double number = ((Number) value).doubleValue();
                    if (Double.isFinite(number)) {
                        out.append(format(value, type, zone, 1));
                    } else {
                        string(out, format(value, type, zone, 1));
                    }
                }
                case JSON -> out.append(value);
                case ARRAY -> {
                    out.append('[');
                    List<?> list = (List<?>) value;
                    for (int i = 0; i < list.size(); i++) {
                        if (i > 0) {
                            out.append(',');
                        }
                        append(out, list.get(i), type.elementType(), zone);
                    }
                    out.append(']');
                }
                case MAP -> {
                    out.append('{');
                    boolean first = true;
                    for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                        if (!first) {
                            out.append(',');
                        }
                        first = false;
                        Object key = entry.getKey();
                        string(out, key == null ? "null" : format(key, type.children().get(0), zone, 1));
                        out.append(':');
                        append(out, entry.getValue(), type.children().get(1), zone);
                    }
                    out.append('}');
                }
                case ROW -> {
                    out.append('{');
                    List<?> fields = (List<?>) value;
                    for (int i = 0; i < fields.size() && i < type.children().size(); i++) {
                        if (i > 0) {
                            out.append(',');
                        }
                        string(out, type.fieldNames().get(i));
                        out.append(':');
                        append(out, fields.get(i), type.children().get(i), zone);
                    }
                    out.append('}');
                }
                default -> string(out, format(value, type, zone, 1));
            }
        }

        private static void string(StringBuilder out, String text) {
            out.append('"');
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    case '\b' -> out.append("\\b");
                    case '\f' -> out.append("\\f");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        }
    }
}
