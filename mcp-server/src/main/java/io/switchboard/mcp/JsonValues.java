package io.switchboard.mcp;

import io.switchboard.core.types.DataType;
import io.switchboard.core.types.TypeKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns values of the neutral type system into JSON values a model reads without surprises:
 * numbers that JSON parsers keep exactly stay numbers, the rest (huge integers, exact decimals
 * beyond double precision, NaN) become strings; dates and times ISO-8601 text; binary base64.
 */
final class JsonValues {
    /** JavaScript clients lose integers beyond 2^53; such values travel as text. */
    private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private JsonValues() {}

    static Object toJson(Object value, DataType type) {
        if (value == null) {
            return null;
        }
        TypeKind kind = type.kind();
        return switch (kind) {
            case BOOLEAN -> value;
            case TINYINT, SMALLINT, INTEGER -> value;
            case BIGINT -> safeInteger(((Number) value).longValue());
            case HUGEINT -> {
                BigInteger big = (BigInteger) value;
                yield big.bitLength() < 53 ? (Object) big.longValue() : big.toString();
            }
            case REAL, DOUBLE -> {
                double number = ((Number) value).doubleValue();
                yield Double.isFinite(number) ? (Object) value : Double.toString(number);
            }
            case DECIMAL -> decimal((BigDecimal) value);
            case VARBINARY -> Base64.getEncoder().encodeToString((byte[]) value);
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (Object element : (List<?>) value) {
                    list.add(toJson(element, type.elementType()));
                }
                yield list;
            }
            case MAP -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    Object key = toJson(entry.getKey(), type.children().get(0));
                    map.put(String.valueOf(key), toJson(entry.getValue(), type.children().get(1)));
                }
                yield map;
            }
            case ROW -> {
                Map<String, Object> row = new LinkedHashMap<>();
                List<?> fields = (List<?>) value;
                for (int i = 0; i < fields.size() && i < type.children().size(); i++) {
                    row.put(type.fieldNames().get(i), toJson(fields.get(i), type.children().get(i)));
                }
                yield row;
            }
            default -> value instanceof TemporalAccessor || value instanceof java.util.UUID ? value.toString() : plain(value);
        };
    }

    private static Object safeInteger(long value) {
        return Math.abs(value) <= MAX_SAFE_INTEGER ? (Object) value : Long.toString(value);
    }

    private static Object decimal(BigDecimal value) {
        // A double keeps 15 significant digits exactly; beyond that the text is the exact value.
        if (value.precision() <= 15) {
            return value.doubleValue();
        }
        return value.toPlainString();
    }

    private static Object plain(Object value) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        return value.toString();
    }

    /** A rough size of a JSON value in bytes, for the retention budget. */
    static long estimatedBytes(Object value) {
        if (value == null) {
            return 4;
        }
        if (value instanceof String text) {
            return text.length() + 2L;
        }
        if (value instanceof List<?> list) {
            long total = 2;
            for (Object element : list) {
                total += estimatedBytes(element) + 1;
            }
            return total;
        }
        if (value instanceof Map<?, ?> map) {
            long total = 2;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                total += String.valueOf(entry.getKey()).length() + 4 + estimatedBytes(entry.getValue());
            }
            return total;
        }
        return 8;
    }
}
