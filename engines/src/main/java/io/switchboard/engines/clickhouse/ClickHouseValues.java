package io.switchboard.engines.clickhouse;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.types.DataType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns ClickHouse's text values into the Java classes that {@link io.switchboard.core.types.TypeKind}
 * fixes. Top-level values come as TabSeparated fields; values inside arrays, tuples and maps come
 * in ClickHouse's quoted literal syntax ({@code ['a\'b',NULL]}, {@code (1,'x')}, {@code {'k':1}}),
 * parsed here.
 *
 * <p>ClickHouse's zero date and time ({@code 0000-00-00}, the value 0 of the type) become
 * 1970-01-01 and the epoch, which is what the stored number means.
 */
final class ClickHouseValues {
    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral(' ')
            .appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    private ClickHouseValues() {}

    /** Converts one TabSeparated field (already unescaped; null for {@code \N}). */
    static Object convert(String text, DataType type) {
        if (text == null) {
            return null;
        }
        try {
            return switch (type.kind()) {
                case ARRAY, ROW, MAP -> new LiteralParser(text).parseWhole(type);
                default -> scalar(text, type);
            };
        } catch (RuntimeException e) {
            throw new SwitchboardException(ErrorCode.ENGINE_ERROR, "ClickHouse sent a value Switchboard cannot read as "
                    + type.engineTypeName() + ": '" + abbreviate(text) + "' (" + e.getMessage() + ")", e);
        }
    }

    private static Object scalar(String text, DataType type) {
        return switch (type.kind()) {
            case BOOLEAN -> switch (text) {
                case "true", "1" -> Boolean.TRUE;
                case "false", "0" -> Boolean.FALSE;
                default -> throw new IllegalArgumentException("not a boolean");
            };
            case TINYINT -> Byte.parseByte(text);
            case SMALLINT -> Short.parseShort(text);
            case INTEGER -> Integer.parseInt(text);
            case BIGINT -> Long.parseLong(text);
            case HUGEINT -> new BigInteger(text);
            case REAL -> Float.parseFloat(special(text));
            case DOUBLE -> Double.parseDouble(special(text));
            case DECIMAL -> new BigDecimal(text);
            case CHAR -> stripZeroPadding(text);
            case VARCHAR, JSON, INTERVAL, UNKNOWN -> text;
            case VARBINARY -> text.getBytes(StandardCharsets.UTF_8);
            case DATE -> text.startsWith("0000-00-00") ? LocalDate.EPOCH : LocalDate.parse(text);
            case TIMESTAMP -> localDateTime(text);
            case TIMESTAMP_WITH_TIME_ZONE -> localDateTime(text)
                    .atZone(ZoneId.of(ClickHouseTypes.timeZone(type).orElse("UTC")))
                    .toOffsetDateTime();
            case UUID -> UUID.fromString(text);
            case TIME -> LocalTime.parse(text);
            case TIME_WITH_TIME_ZONE -> OffsetTime.parse(text);
            case ARRAY, ROW, MAP -> throw new IllegalArgumentException("not a scalar type");
        };
    }

    private static LocalDateTime localDateTime(String text) {
        if (text.startsWith("0000-00-00")) {
            return LocalDateTime.of(1970, 1, 1, 0, 0);
        }
        return LocalDateTime.parse(text, DATE_TIME);
    }

    /** FixedString pads with zero bytes, not spaces; the padding is not part of the text. */
    private static String stripZeroPadding(String text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '\0') {
            end--;
        }
        return text.substring(0, end);
    }

    private static String special(String text) {
        return switch (text) {
            case "nan", "-nan", "+nan" -> "NaN";
            case "inf", "+inf" -> "Infinity";
            case "-inf" -> "-Infinity";
            default -> text;
        };
    }

    private static String abbreviate(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }

    /** ClickHouse's quoted literal syntax, as used inside arrays, tuples and maps. */
    private static final class LiteralParser {
        private final String text;
        private int position;

        LiteralParser(String text) {
            this.text = text;
        }

        Object parseWhole(DataType type) {
            Object value = parse(type);
            skipSpaces();
            if (position != text.length()) {
                throw new IllegalArgumentException("unexpected text at position " + position);
            }
            return value;
        }

        private Object parse(DataType type) {
            skipSpaces();
            if (text.startsWith("NULL", position)) {
                position += 4;
                return null;
            }
            return switch (type.kind()) {
                case ARRAY -> {
                    List<Object> values = new ArrayList<>();
                    expect('[');
                    if (!tryConsume(']')) {
                        do {
                            values.add(parse(type.elementType()));
                        } while (tryConsume(','));
                        expect(']');
                    }
                    yield values;
                }
                case ROW -> {
                    List<Object> values = new ArrayList<>();
                    expect('(');
                    for (int i = 0; i < type.children().size(); i++) {
                        if (i > 0) {
                            expect(',');
                        }
                        values.add(parse(type.children().get(i)));
                    }
                    expect(')');
                    yield values;
                }
                case MAP -> {
                    Map<Object, Object> values = new LinkedHashMap<>();
                    expect('{');
                    if (!tryConsume('}')) {
                        do {
                            Object key = parse(type.children().get(0));
                            expect(':');
                            values.put(key, parse(type.children().get(1)));
                        } while (tryConsume(','));
                        expect('}');
                    }
                    yield values;
                }
                default -> scalar(token(), type);
            };
        }

        /** A quoted string (unescaped) or a bare number. */
        private String token() {
            skipSpaces();
            if (position < text.length() && text.charAt(position) == '\'') {
                StringBuilder value = new StringBuilder();
                position++;
                while (position < text.length()) {
                    char c = text.charAt(position++);
                    if (c == '\\' && position < text.length()) {
                        char escaped = text.charAt(position++);
                        value.append(switch (escaped) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            case 'r' -> '\r';
                            case 'b' -> '\b';
                            case 'f' -> '\f';
                            case '0' -> '\0';
                            default -> escaped;
                        });
                    } else if (c == '\'') {
                        return value.toString();
                    } else {
                        value.append(c);
                    }
                }
                throw new IllegalArgumentException("unterminated string");
            }
            int start = position;
            while (position < text.length() && ",]):}".indexOf(text.charAt(position)) < 0) {
                position++;
            }
            return text.substring(start, position).strip();
        }

        private void expect(char c) {
            if (!tryConsume(c)) {
                throw new IllegalArgumentException("expected '" + c + "' at position " + position);
            }
        }

        private boolean tryConsume(char c) {
            skipSpaces();
            if (position < text.length() && text.charAt(position) == c) {
                position++;
                return true;
            }
            return false;
        }

        private void skipSpaces() {
            while (position < text.length() && text.charAt(position) == ' ') {
                position++;
            }
        }
    }
}
