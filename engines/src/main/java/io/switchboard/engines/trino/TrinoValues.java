package io.switchboard.engines.trino;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.types.DataType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns the JSON values of Trino's client protocol into the Java classes that
 * {@link io.switchboard.core.types.TypeKind} fixes: decimals arrive as strings, varbinary as
 * base64, dates and times as text ({@code 2024-01-02 03:04:05.123 Europe/Paris}), maps as JSON
 * objects whose keys are text, rows as arrays (older servers: objects by field name).
 *
 * <p>A {@code timestamp with time zone} in a named zone becomes an {@code OffsetDateTime} with
 * that zone's offset at that instant: the instant and the wall time stay exact, the zone's name
 * is lost (the neutral type has no room for it).
 */
final class TrinoValues {
    private static final DateTimeFormatter LOCAL_TIME = new DateTimeFormatterBuilder()
            .appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();
    private static final DateTimeFormatter LOCAL_TIMESTAMP = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral(' ')
            .append(LOCAL_TIME)
            .toFormatter();

    private TrinoValues() {}

    static Object convert(JsonNode node, DataType type) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return switch (type.kind()) {
                case BOOLEAN -> node.booleanValue();
                case TINYINT -> (byte) node.intValue();
                case SMALLINT -> (short) node.intValue();
                case INTEGER -> node.intValue();
                case BIGINT -> node.isTextual() ? Long.parseLong(node.textValue()) : node.longValue();
                case HUGEINT -> new BigInteger(node.asText());
                case REAL -> node.isTextual() ? Float.parseFloat(special(node.textValue())) : node.floatValue();
                case DOUBLE -> node.isTextual() ? Double.parseDouble(special(node.textValue())) : node.doubleValue();
                case DECIMAL -> new BigDecimal(node.asText());
                case CHAR, VARCHAR, JSON, INTERVAL, UNKNOWN -> node.isTextual() ? node.textValue() : node.toString();
                case VARBINARY -> Base64.getDecoder().decode(node.textValue());
                case DATE -> LocalDate.parse(node.textValue());
                case TIME -> LocalTime.parse(toNanoseconds(node.textValue()), LOCAL_TIME);
                case TIME_WITH_TIME_ZONE -> timeWithZone(toNanoseconds(node.textValue()));
                case TIMESTAMP -> LocalDateTime.parse(toNanoseconds(node.textValue()), LOCAL_TIMESTAMP);
                case TIMESTAMP_WITH_TIME_ZONE -> timestampWithZone(toNanoseconds(node.textValue()));
                case UUID -> UUID.fromString(node.textValue());
                case ARRAY -> array(node, type.elementType());
                case MAP -> map(node, type);
                case ROW -> row(node, type);
            };
        } catch (RuntimeException e) {
            throw new SwitchboardException(ErrorCode.ENGINE_ERROR, "Trino sent a value Switchboard cannot read as "
                    + type.engineTypeName() + ": " + abbreviate(node.toString()) + " (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Trino's times have up to 12 fractional digits (picoseconds); Java's hold 9. Digits past
     * the ninth are dropped (truncated, as a cast to a lower precision would not: this keeps a
     * value from rolling over into the next second).
     */
    static String toNanoseconds(String text) {
        int dot = text.indexOf('.', text.indexOf(':'));
        if (dot < 0) {
            return text;
        }
        int end = dot + 1;
        while (end < text.length() && Character.isDigit(text.charAt(end))) {
            end++;
        }
        return end - dot - 1 <= 9 ? text : text.substring(0, dot + 10) + text.substring(end);
    }

    /** Java spells the special floating-point values as Trino does, except for signs. */
    private static String special(String text) {
        return switch (text) {
            case "Infinity", "+Infinity" -> "Infinity";
            case "-Infinity" -> "-Infinity";
            default -> text;
        };
    }

    private static OffsetTime timeWithZone(String text) {
        int split = Math.max(text.lastIndexOf('+'), text.lastIndexOf('-'));
        LocalTime time = LocalTime.parse(text.substring(0, split), LOCAL_TIME);
        return OffsetTime.of(time, ZoneOffset.of(text.substring(split)));
    }

    private static OffsetDateTime timestampWithZone(String text) {
        int space = text.lastIndexOf(' ');
        LocalDateTime local = LocalDateTime.parse(text.substring(0, space), LOCAL_TIMESTAMP);
        String zone = text.substring(space + 1);
        ZoneId zoneId = zone.startsWith("+") || zone.startsWith("-") ? ZoneOffset.of(zone) : ZoneId.of(zone);
        return local.atZone(zoneId).toOffsetDateTime();
    }

    private static List<Object> array(JsonNode node, DataType element) {
        List<Object> values = new ArrayList<>(node.size());
        for (JsonNode item : node) {
            values.add(convert(item, element));
        }
        return values;
    }

    private static Map<Object, Object> map(JsonNode node, DataType type) {
        DataType keyType = type.children().get(0);
        DataType valueType = type.children().get(1);
        Map<Object, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            values.put(mapKey(field.getKey(), keyType), convert(field.getValue(), valueType));
        }
        return values;
    }

    /** Map keys are JSON object keys, hence text; they are read back into their type. */
    private static Object mapKey(String key, DataType keyType) {
        return switch (keyType.kind()) {
            case BOOLEAN -> Boolean.parseBoolean(key);
            case TINYINT -> Byte.parseByte(key);
            case SMALLINT -> Short.parseShort(key);
            case INTEGER -> Integer.parseInt(key);
            case BIGINT -> Long.parseLong(key);
            case REAL -> Float.parseFloat(special(key));
            case DOUBLE -> Double.parseDouble(special(key));
            case DECIMAL -> new BigDecimal(key);
            default -> convert(TextNode.valueOf(key), keyType);
        };
    }

    private static List<Object> row(JsonNode node, DataType type) {
        List<DataType> fieldTypes = type.children();
        List<Object> values = new ArrayList<>(fieldTypes.size());
        for (int i = 0; i < fieldTypes.size(); i++) {
            JsonNode field = node.isArray() ? node.get(i) : node.get(type.fieldNames().get(i));
            values.add(convert(field, fieldTypes.get(i)));
        }
        return values;
    }

    private static String abbreviate(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }
}
