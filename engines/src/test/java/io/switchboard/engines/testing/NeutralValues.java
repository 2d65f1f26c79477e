package io.switchboard.engines.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.types.DataType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Checks of values against the Java classes the neutral type system fixes, and comparisons that see into byte arrays. */
public final class NeutralValues {
    private NeutralValues() {}

    /** Checks a value, and every value nested in it, against the class its neutral type fixes. */
    public static void assertHasNeutralClass(Object value, DataType type) {
        if (value == null) {
            return;
        }
        Class<?> expected = switch (type.kind()) {
            case BOOLEAN -> Boolean.class;
            case TINYINT -> Byte.class;
            case SMALLINT -> Short.class;
            case INTEGER -> Integer.class;
            case BIGINT -> Long.class;
            case HUGEINT -> BigInteger.class;
            case REAL -> Float.class;
            case DOUBLE -> Double.class;
            case DECIMAL -> BigDecimal.class;
            case CHAR, VARCHAR, JSON, INTERVAL, UNKNOWN -> String.class;
            case VARBINARY -> byte[].class;
            case DATE -> LocalDate.class;
            case TIME -> LocalTime.class;
            case TIME_WITH_TIME_ZONE -> OffsetTime.class;
            case TIMESTAMP -> LocalDateTime.class;
            case TIMESTAMP_WITH_TIME_ZONE -> OffsetDateTime.class;
            case UUID -> UUID.class;
            case ARRAY, ROW -> List.class;
            case MAP -> Map.class;
        };
        assertThat(value).as("value of type %s", type).isInstanceOf(expected);
        switch (type.kind()) {
            case ARRAY -> ((List<?>) value).forEach(element -> assertHasNeutralClass(element, type.elementType()));
            case ROW -> {
                List<?> fields = (List<?>) value;
                for (int i = 0; i < fields.size(); i++) {
                    assertHasNeutralClass(fields.get(i), type.children().get(i));
                }
            }
            case MAP -> ((Map<?, ?>) value).forEach((key, element) -> {
                assertHasNeutralClass(key, type.children().get(0));
                assertHasNeutralClass(element, type.children().get(1));
            });
            default -> { }
        }
    }

    public static Map<Object, Object> mapOf(Object... keysAndValues) {
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** Byte arrays compare by identity; their hex text compares by content, also inside lists and maps. */
    public static Object comparable(Object value) {
        if (value instanceof byte[] bytes) {
            return "0x" + HexFormat.of().formatHex(bytes);
        }
        if (value instanceof List<?> list) {
            List<Object> converted = new ArrayList<>();
            list.forEach(element -> converted.add(comparable(element)));
            return converted;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> converted = new LinkedHashMap<>();
            map.forEach((key, element) -> converted.put(comparable(key), comparable(element)));
            return converted;
        }
        return value;
    }
}
