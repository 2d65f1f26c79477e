package io.switchboard.engines.postgres;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.types.DataType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * Turns one column value in PostgreSQL's text format into the Java class its neutral type fixes
 * (see {@code docs/engines.md}): integers and floats parsed from the bytes, numeric as
 * BigDecimal, bytea from hex or escape format, dates and times in the ISO DateStyle the
 * connection sets (BC years, {@code infinity}, {@code 24:00:00} included), timestamps with zone
 * in UTC, arrays as lists. Types without a Java form of their own stay text.
 */
@FunctionalInterface
interface PgTextDecoder {
    Object decode(byte[] bytes, int start, int length);

    static PgTextDecoder forType(DataType type) {
        return switch (type.kind()) {
            case BOOLEAN -> (b, s, l) -> l > 0 && b[s] == 't';
            case SMALLINT -> (b, s, l) -> (short) parseLong(b, s, l);
            case INTEGER -> (b, s, l) -> (int) parseLong(b, s, l);
            case BIGINT -> PgTextDecoder::parseLong;
            case REAL -> (b, s, l) -> Float.parseFloat(ascii(b, s, l));
            case DOUBLE -> (b, s, l) -> Double.parseDouble(ascii(b, s, l));
            case DECIMAL -> (b, s, l) -> decimal(ascii(b, s, l), type);
            case VARBINARY -> PgTextDecoder::bytea;
            case DATE -> (b, s, l) -> date(ascii(b, s, l));
            case TIME -> (b, s, l) -> time(ascii(b, s, l));
            case TIME_WITH_TIME_ZONE -> (b, s, l) -> timeWithZone(ascii(b, s, l));
            case TIMESTAMP -> (b, s, l) -> timestamp(ascii(b, s, l));
            case TIMESTAMP_WITH_TIME_ZONE -> (b, s, l) -> timestampWithZone(ascii(b, s, l));
            case UUID -> (b, s, l) -> UUID.fromString(ascii(b, s, l));
            case ARRAY -> {
                PgTextDecoder element = forType(type.elementType());
                yield (b, s, l) -> PgArrayParser.parse(b, s, l, element);
            }
            default -> (b, s, l) -> new String(b, s, l, StandardCharsets.UTF_8);
        };
    }

    private static String ascii(byte[] bytes, int start, int length) {
        return new String(bytes, start, length, StandardCharsets.ISO_8859_1);
    }

    /** A decimal integer straight from the bytes, without a String. */
    static long parseLong(byte[] bytes, int start, int length) {
        int at = start;
        int end = start + length;
        boolean negative = false;
        if (at < end && (bytes[at] == '-' || bytes[at] == '+')) {
            negative = bytes[at] == '-';
            at++;
        }
        if (at == end || end - at > 19) {
            return Long.parseLong(ascii(bytes, start, length));
        }
        long value = 0;
        for (; at < end; at++) {
            int digit = bytes[at] - '0';
            if (digit < 0 || digit > 9) {
                return Long.parseLong(ascii(bytes, start, length));
            }
            // Accumulate negatively so that Long.MIN_VALUE fits.
            value = value * 10 - digit;
            if (value > 0) {
                return Long.parseLong(ascii(bytes, start, length));
            }
        }
        if (!negative && value == Long.MIN_VALUE) {
            return Long.parseLong(ascii(bytes, start, length));
        }
        return negative ? value : -value;
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

    /** bytea in the hex format ({@code \x0aff}) or the older escape format ({@code a\000\\}). */
    private static byte[] bytea(byte[] bytes, int start, int length) {
        if (length >= 2 && bytes[start] == '\\' && bytes[start + 1] == 'x') {
            byte[] value = new byte[(length - 2) / 2];
            for (int i = 0; i < value.length; i++) {
                value[i] = (byte) ((Character.digit(bytes[start + 2 + 2 * i], 16) << 4) | Character.digit(bytes[start + 3 + 2 * i], 16));
            }
            return value;
        }
        byte[] value = new byte[length];
        int size = 0;
        int end = start + length;
        for (int at = start; at < end; at++) {
            if (bytes[at] != '\\') {
                value[size++] = bytes[at];
            } else if (at + 1 < end && bytes[at + 1] == '\\') {
                value[size++] = '\\';
                at++;
            } else if (at + 3 < end) {
                value[size++] = (byte) (((bytes[at + 1] - '0') << 6) | ((bytes[at + 2] - '0') << 3) | (bytes[at + 3] - '0'));
                at += 3;
            }
        }
        return Arrays.copyOf(value, size);
    }

    private static LocalDate date(String text) {
        if (text.equals("infinity")) {
            return LocalDate.MAX;
        }
        if (text.equals("-infinity")) {
            return LocalDate.MIN;
        }
        boolean bc = text.endsWith(" BC");
        LocalDate date = LocalDate.parse(bc ? text.substring(0, text.length() - 3) : text);
        // ISO has a year 0; PostgreSQL's 1 BC is ISO year 0.
        return bc ? date.withYear(1 - date.getYear()) : date;
    }

    private static LocalTime time(String text) {
        return text.startsWith("24:00:00") ? LocalTime.MAX : LocalTime.parse(text);
    }

    private static OffsetTime timeWithZone(String text) {
        int zone = zoneStart(text, 8);
        LocalTime time = time(text.substring(0, zone));
        return OffsetTime.of(time, offset(text.substring(zone)));
    }

    private static LocalDateTime timestamp(String text) {
        if (text.equals("infinity")) {
            return LocalDateTime.MAX;
        }
        if (text.equals("-infinity")) {
            return LocalDateTime.MIN;
        }
        boolean bc = text.endsWith(" BC");
        String body = bc ? text.substring(0, text.length() - 3) : text;
        int space = body.indexOf(' ', 4);
        LocalDate date = LocalDate.parse(body.substring(0, space));
        LocalDateTime value = LocalDateTime.of(date, time(body.substring(space + 1)));
        return bc ? value.withYear(1 - value.getYear()) : value;
    }

    private static OffsetDateTime timestampWithZone(String text) {
        if (text.equals("infinity")) {
            return OffsetDateTime.MAX;
        }
        if (text.equals("-infinity")) {
            return OffsetDateTime.MIN;
        }
        boolean bc = text.endsWith(" BC");
        String body = bc ? text.substring(0, text.length() - 3) : text;
        int space = body.indexOf(' ', 4);
        int zone = zoneStart(body, space + 9);
        LocalDateTime local = LocalDateTime.of(LocalDate.parse(body.substring(0, space)), time(body.substring(space + 1, zone)));
        if (bc) {
            local = local.withYear(1 - local.getYear());
        }
        return OffsetDateTime.of(local, offset(body.substring(zone))).withOffsetSameInstant(ZoneOffset.UTC);
    }

    /** Where the zone ({@code +02}, {@code -05:30}, {@code +00:53:28}) starts, searching from {@code from}. */
    private static int zoneStart(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '+' || c == '-') {
                return i;
            }
        }
        return text.length();
    }

    private static ZoneOffset offset(String zone) {
        if (zone.isEmpty()) {
            return ZoneOffset.UTC;
        }
        int sign = zone.charAt(0) == '-' ? -1 : 1;
        String[] parts = zone.substring(1).split(":");
        int hours = Integer.parseInt(parts[0]);
        int minutes = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        int seconds = parts.length > 2 ? Integer.parseInt(parts[2]) : 0;
        return ZoneOffset.ofHoursMinutesSeconds(sign * hours, sign * minutes, sign * seconds);
    }

    /** PostgreSQL's array literal: {@code {1,NULL,3}}, quoted elements, nested braces, optional bounds. */
    final class PgArrayParser {
        private final byte[] bytes;
        private final int end;
        private final PgTextDecoder element;
        private int at;

        private PgArrayParser(byte[] bytes, int start, int length, PgTextDecoder element) {
            this.bytes = bytes;
            this.at = start;
            this.end = start + length;
            this.element = element;
        }

        static List<Object> parse(byte[] bytes, int start, int length, PgTextDecoder element) {
            PgArrayParser parser = new PgArrayParser(bytes, start, length, element);
            if (parser.at < parser.end && bytes[parser.at] == '[') {
                // Explicit bounds, "[0:2]={...}": the values are what matters.
                while (parser.at < parser.end && bytes[parser.at] != '=') {
                    parser.at++;
                }
                parser.at++;
            }
            return parser.list();
        }

        private List<Object> list() {
            if (at >= end || bytes[at] != '{') {
                throw new IllegalArgumentException("not an array literal: " + new String(bytes, at, end - at, StandardCharsets.UTF_8));
            }
            at++;
            List<Object> values = new ArrayList<>();
            if (at < end && bytes[at] == '}') {
                at++;
                return Collections.unmodifiableList(values);
            }
            while (at < end) {
                if (bytes[at] == '{') {
                    values.add(list());
                } else if (bytes[at] == '"') {
                    values.add(quoted());
                } else {
                    int startOfValue = at;
                    while (at < end && bytes[at] != ',' && bytes[at] != '}') {
                        at++;
                    }
                    int length = at - startOfValue;
                    boolean isNull = length == 4 && (bytes[startOfValue] | 0x20) == 'n' && (bytes[startOfValue + 1] | 0x20) == 'u'
                            && (bytes[startOfValue + 2] | 0x20) == 'l' && (bytes[startOfValue + 3] | 0x20) == 'l';
                    values.add(isNull ? null : element.decode(bytes, startOfValue, length));
                }
                if (at < end && bytes[at] == ',') {
                    at++;
                } else if (at < end && bytes[at] == '}') {
                    at++;
                    break;
                }
            }
            return Collections.unmodifiableList(values);
        }

        private Object quoted() {
            at++;
            byte[] value = new byte[end - at];
            int size = 0;
            while (at < end && bytes[at] != '"') {
                if (bytes[at] == '\\' && at + 1 < end) {
                    at++;
                }
                value[size++] = bytes[at++];
            }
            at++;
            return element.decode(value, 0, size);
        }
    }
}
