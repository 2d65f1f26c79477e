package io.switchboard.engines.clickhouse;

import io.switchboard.core.types.DataType;
import io.switchboard.core.types.TypeKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Maps ClickHouse's type names ({@code Nullable(Decimal(15, 2))}, {@code DateTime('Asia/Kolkata')},
 * {@code Array(Tuple(UInt8, String))}) into the neutral type system. Each type keeps ClickHouse's
 * name in {@link DataType#engineTypeName()}, which is also where the value reader finds the time
 * zone of a {@code DateTime('zone')}.
 *
 * <p>{@code Nullable} and {@code LowCardinality} are transparent. Unsigned integers widen to the
 * next signed kind that holds every value (UInt64 becomes DECIMAL(20,0)); {@code Enum} is VARCHAR;
 * {@code FixedString(n)} is CHAR(n); a {@code DateTime} without a zone is a TIMESTAMP in the
 * server's zone, one with a zone is a TIMESTAMP WITH TIME ZONE. Types without a counterpart
 * (IPv4, AggregateFunction, Nothing, ...) are UNKNOWN and travel as ClickHouse's text.
 */
public final class ClickHouseTypes {
    private ClickHouseTypes() {}

    public static DataType parse(String clickHouseTypeName) {
        String name = clickHouseTypeName.strip();
        try {
            return parseType(name);
        } catch (RuntimeException e) {
            return DataType.UNKNOWN.withEngineTypeName(name);
        }
    }

    /** The zone of {@code DateTime('zone')} or {@code DateTime64(3, 'zone')}, else empty. */
    static Optional<String> timeZone(DataType type) {
        String name = type.engineTypeName();
        int quote = name.indexOf('\'');
        if (quote < 0) {
            return Optional.empty();
        }
        int end = name.indexOf('\'', quote + 1);
        return end < 0 ? Optional.empty() : Optional.of(name.substring(quote + 1, end));
    }

    private static DataType parseType(String name) {
        int open = name.indexOf('(');
        String base = open < 0 ? name : name.substring(0, open).strip();
        List<String> arguments = open < 0 ? List.of() : splitTopLevel(name.substring(open + 1, name.lastIndexOf(')')));
        DataType type = switch (base) {
            case "Nullable", "LowCardinality", "SimpleAggregateFunction" -> {
                DataType inner = parseType(arguments.get(arguments.size() - 1).strip());
                yield inner;
            }
            case "Array" -> DataType.array(parseType(arguments.get(0).strip()));
            case "Map" -> DataType.map(parseType(arguments.get(0).strip()), parseType(arguments.get(1).strip()));
            case "Tuple" -> tuple(arguments);
            case "Decimal" -> DataType.decimal(Integer.parseInt(arguments.get(0).strip()),
                    arguments.size() > 1 ? Integer.parseInt(arguments.get(1).strip()) : 0);
            case "Decimal32" -> DataType.decimal(9, Integer.parseInt(arguments.get(0).strip()));
            case "Decimal64" -> DataType.decimal(18, Integer.parseInt(arguments.get(0).strip()));
            case "Decimal128" -> DataType.decimal(38, Integer.parseInt(arguments.get(0).strip()));
            case "Decimal256" -> DataType.decimal(76, Integer.parseInt(arguments.get(0).strip()));
            case "FixedString" -> DataType.character(Integer.parseInt(arguments.get(0).strip()));
            case "DateTime" -> temporal(arguments.isEmpty() ? TypeKind.TIMESTAMP : TypeKind.TIMESTAMP_WITH_TIME_ZONE, 0);
            case "DateTime64" -> temporal(arguments.size() > 1 ? TypeKind.TIMESTAMP_WITH_TIME_ZONE : TypeKind.TIMESTAMP,
                    Integer.parseInt(arguments.get(0).strip()));
            case "Enum8", "Enum16", "Enum" -> DataType.VARCHAR;
            default -> simple(base);
        };
        return type.withEngineTypeName(name);
    }

    private static DataType simple(String base) {
        return switch (base) {
            case "Bool", "Boolean" -> DataType.BOOLEAN;
            case "Int8" -> DataType.TINYINT;
            case "Int16", "UInt8" -> DataType.SMALLINT;
            case "Int32", "UInt16" -> DataType.INTEGER;
            case "Int64", "UInt32" -> DataType.BIGINT;
            case "UInt64" -> DataType.decimal(20, 0);
            case "Int128" -> DataType.HUGEINT;
            case "UInt128" -> DataType.decimal(39, 0);
            case "Int256", "UInt256" -> DataType.decimal(0, 0);
            case "Float32" -> DataType.REAL;
            case "Float64" -> DataType.DOUBLE;
            case "String" -> DataType.VARCHAR;
            case "Date", "Date32" -> DataType.DATE;
            case "UUID" -> DataType.UUID;
            case "JSON", "Object" -> DataType.JSON;
            case "IntervalSecond", "IntervalMinute", "IntervalHour", "IntervalDay", "IntervalWeek", "IntervalMonth",
                    "IntervalQuarter", "IntervalYear" -> DataType.INTERVAL;
            default -> DataType.UNKNOWN;
        };
    }

    private static DataType tuple(List<String> arguments) {
        List<String> names = new ArrayList<>();
        List<DataType> types = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i++) {
            String element = arguments.get(i).strip();
            // Named tuples print "name Type"; a type never has a space before its first parenthesis.
            int space = element.indexOf(' ');
            int paren = element.indexOf('(');
            if (space > 0 && (paren < 0 || space < paren)) {
                names.add(element.substring(0, space).replace("`", ""));
                types.add(parseType(element.substring(space + 1).strip()));
            } else {
                names.add(String.valueOf(i + 1));
                types.add(parseType(element));
            }
        }
        return DataType.row(names, types);
    }

    private static DataType temporal(TypeKind kind, int precision) {
        return new DataType(kind, precision, 0, List.of(), List.of(), null);
    }

    /** Splits at commas outside parentheses and quotes. */
    static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '\'') {
                    quoted = false;
                }
            } else if (c == '\'') {
                quoted = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }
}
